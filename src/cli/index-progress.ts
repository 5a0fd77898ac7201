import cliProgress from 'cli-progress';
import type { UpgradeReport } from '../db/upgrade.js';

/** A progress bar for rebuilding the search index on a terminal; nothing when output goes to a file or pipe. */
export function indexProgressBar(enabled = true): { onProgress: (done: number, total: number) => void; stop: () => void } {
  const bar =
    enabled && process.stderr.isTTY
      ? new cliProgress.SingleBar({ format: '重建搜尋索引 [{bar}] {value}/{total} 篇', stream: process.stderr, hideCursor: true }, cliProgress.Presets.shades_classic)
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

/** One line on stderr when opening the database also rebuilt the search index (after an upgrade). */
export function reportUpgrade(report: UpgradeReport): void {
  if (report.searchRebuilt) {
    process.stderr.write(`已重建搜尋索引（${report.searchRebuilt.reason}）：${report.searchRebuilt.articles} 篇文章\n`);
  }
}
