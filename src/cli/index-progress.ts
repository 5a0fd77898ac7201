import cliProgress from 'cli-progress';
import { type UpgradeReport, upgradeDatabase } from '../app/upgrade.js';
import type { Db } from '../platform/db/database.js';
import { systemClock } from '../platform/time.js';
import { type CliIo, terminalOf } from './io.js';

/** A progress bar for rebuilding the search index on a terminal; nothing when output goes to a file or pipe. */
export function indexProgressBar(io: CliIo, enabled = true): { onProgress: (done: number, total: number) => void; stop: () => void } {
  const terminal = enabled ? terminalOf(io.stderr) : null;
  const bar = terminal
    ? new cliProgress.SingleBar({ format: '重建搜尋索引 [{bar}] {value}/{total} 篇', stream: terminal, hideCursor: true }, cliProgress.Presets.shades_classic)
    : null;
  let started = false;
  return {
    onProgress: (done, total) => {
      if (bar && !started) {
        bar.start(total, 0);
        started = true;
      }
      bar?.update(done);
    },
    stop: () => {
      if (started) bar?.stop();
    },
  };
}

/** What every command does on opening the database: upgrade it, with a bar if the search index is rebuilt. */
export async function upgradeFromCli(db: Db, io: CliIo): Promise<UpgradeReport> {
  const progress = indexProgressBar(io);
  try {
    return await upgradeDatabase(db, systemClock, progress.onProgress);
  } finally {
    progress.stop();
  }
}

/** One line on stderr when opening the database also rebuilt the search index (after an upgrade). */
export function reportUpgrade(report: UpgradeReport, io: CliIo): void {
  if (report.searchRebuilt) {
    io.stderr.write(`已重建搜尋索引（${report.searchRebuilt.reason}）：${report.searchRebuilt.articles} 篇文章\n`);
  }
}
