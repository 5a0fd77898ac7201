import { open, readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import cliProgress from 'cli-progress';
import type { Config } from '../config.js';
import { ImportProblem, MAX_IMPORT_BYTES, importPage, parsePage, toImportJson } from '../modules/importer/index.js';
import { ChangeFeed } from '../platform/changes.js';
import { createDatabase, describeDatabaseUrl } from '../platform/db/database.js';
import { storageError } from '../platform/db/storage-errors.js';
import { createLogger } from '../platform/logger.js';
import { parseTaipeiTime, systemClock } from '../platform/time.js';
import { CliError } from './errors.js';
import { reportUpgrade, upgradeFromCli } from './index-progress.js';
import { type CliIo, terminalOf } from './io.js';

export interface ImportCommandOptions {
  dryRun: boolean;
  json: boolean;
  publishedAt?: string;
  tag: string[];
  section?: string;
  image: string[];
  progress: boolean;
}

type FileResult =
  | { file: string; status: 'created' | 'unchanged'; id: number; url: string }
  | { file: string; status: 'parsed'; result: unknown }
  | { file: string; status: 'failed'; code: string; message: string };

/** Reads at most the size limit plus one byte, so a huge file is refused without loading it. */
async function readLimited(path: string): Promise<Buffer> {
  let handle;
  try {
    handle = await open(path, 'r');
    const info = await handle.stat();
    if (info.isDirectory()) throw new ImportProblem('empty', '這是資料夾，不是檔案');
    if (info.size > MAX_IMPORT_BYTES) {
      throw new ImportProblem('too_large', `檔案太大（${(info.size / 1024 / 1024).toFixed(1)} MB），上限 1 MB`);
    }
    return await readFile(handle);
  } catch (err) {
    if (err instanceof ImportProblem) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT' ? '檔案不存在' : code === 'EACCES' || code === 'EPERM' ? '沒有讀取權限' : code === 'EISDIR' ? '這是資料夾，不是檔案' : `無法讀取（${code ?? String(err)}）`;
    throw new ImportProblem('empty', reason);
  } finally {
    await handle?.close();
  }
}

function parseImageOptions(values: string[]): Map<number, string> {
  const images = new Map<number, string>();
  for (const v of values) {
    const m = /^([1-9]\d{0,2})=(.+)$/.exec(v);
    if (!m) throw new CliError(`--image 的格式是 N=圖檔路徑（N 是第幾個圖說，從 1 起算），收到「${v}」`);
    images.set(Number(m[1]) - 1, m[2] ?? '');
  }
  return images;
}

export async function runImport(config: Config, files: string[], options: ImportCommandOptions, io: CliIo): Promise<number> {
  if (files.length === 0) throw new CliError('請指定至少一個要匯入的檔案');
  let publishedAt: string | undefined;
  if (options.publishedAt !== undefined) {
    publishedAt = parseTaipeiTime(options.publishedAt) ?? undefined;
    if (!publishedAt) {
      throw new CliError(`--published-at「${options.publishedAt}」看不懂：請用 2026-01-08、2026-01-08 09:30（台北時間）或 2026-01-08T09:30:00+08:00`);
    }
  }
  const imagePaths = parseImageOptions(options.image);
  if (imagePaths.size > 0 && files.length > 1) throw new CliError('--image 只能用在匯入單一檔案時');
  const images = new Map<number, Buffer>();
  for (const [index, path] of imagePaths) {
    try {
      images.set(index, await readFile(path));
    } catch {
      throw new CliError(`第 ${index + 1} 張圖的檔案「${path}」無法讀取`);
    }
  }

  const results: FileResult[] = [];
  const terminal = options.progress && files.length > 1 && !options.json ? terminalOf(io.stderr) : null;
  const bar = terminal
    ? new cliProgress.SingleBar(
        { format: '匯入中 [{bar}] {value}/{total} {file}', stream: terminal, hideCursor: true },
        cliProgress.Presets.shades_classic,
      )
    : null;
  bar?.start(files.length, 0, { file: '' });

  if (options.dryRun) {
    for (const file of files) {
      try {
        results.push({ file, status: 'parsed', result: toImportJson(parsePage(await readLimited(file))) });
      } catch (err) {
        results.push(failure(file, err));
      }
      bar?.increment(1, { file: basename(file) });
    }
    bar?.stop();
    return report(results, options, io);
  }

  const log = createLogger({ level: config.logLevel === 'info' ? 'warn' : config.logLevel });
  const db = createDatabase(config.databaseUrl);
  try {
    reportUpgrade(await upgradeFromCli(db, io), io);
    const deps = { db, clock: systemClock, mediaDir: config.mediaDir, changes: new ChangeFeed(db, log) };
    for (const file of files) {
      try {
        const outcome = await importPage(deps, await readLimited(file), {
          tags: options.tag,
          images,
          ...(publishedAt ? { publishedAt } : {}),
          ...(options.section ? { sectionSlug: options.section } : {}),
        });
        results.push({ file, status: outcome.status, id: outcome.id, url: `${config.baseUrl}/article/${outcome.id}` });
      } catch (err) {
        results.push(failure(file, err, describeDatabaseUrl(config.databaseUrl)));
      }
      bar?.increment(1, { file: basename(file) });
      // Without a progress bar, each file is reported the moment it is stored: if the process dies mid-batch,
      // what is on record is exactly what was written.
      const done = results[results.length - 1];
      if (!bar && !options.json && done) writeLine(done, io);
    }
  } finally {
    bar?.stop();
    await db.destroy();
  }
  return report(results, options, io, bar === null);
}

function failure(file: string, err: unknown, database = ''): FileResult {
  if (err instanceof ImportProblem) return { file, status: 'failed', code: err.code, message: err.messageZh };
  const storage = database ? storageError(err, database) : null;
  if (storage) return { file, status: 'failed', code: storage.problem, message: storage.message };
  return { file, status: 'failed', code: 'internal_error', message: err instanceof Error ? err.message : String(err) };
}

function writeLine(r: FileResult, io: CliIo): void {
  if (r.status === 'created') io.stdout.write(`已匯入  ${r.file} → #${r.id} ${r.url}\n`);
  else if (r.status === 'unchanged') io.stdout.write(`已存在  ${r.file} → #${r.id} ${r.url}（內容相同，未重複匯入）\n`);
  else if (r.status === 'parsed') {
    const p = r.result as { title: string | null; blocks: unknown[] };
    io.stdout.write(`可匯入  ${r.file}：${p.title ?? '（無標題）'}，${p.blocks.length} 個區塊（試跑，未寫入）\n`);
  }
}

function report(results: FileResult[], options: ImportCommandOptions, io: CliIo, linesWritten = false): number {
  const failed = results.filter((r) => r.status === 'failed');
  for (const f of failed) {
    if (f.status === 'failed') io.stderr.write(`錯誤：${f.file}：${f.message}\n`);
  }
  if (options.dryRun && options.json) {
    const shaped = results.map((r) =>
      r.status === 'parsed' ? r.result : r.status === 'failed' ? { file: r.file, error: { code: r.code, message: r.message } } : r,
    );
    io.stdout.write(`${JSON.stringify(results.length === 1 ? shaped[0] : shaped, null, 2)}\n`);
  } else if (options.json) {
    io.stdout.write(`${JSON.stringify(results.length === 1 ? results[0] : results, null, 2)}\n`);
  } else {
    if (!linesWritten) for (const r of results) writeLine(r, io);
    if (results.length > 1 || failed.length > 0) {
      const created = results.filter((r) => r.status === 'created').length;
      const unchanged = results.filter((r) => r.status === 'unchanged').length;
      const parsed = results.filter((r) => r.status === 'parsed').length;
      const parts = options.dryRun
        ? [`可匯入 ${parsed} 個`, `失敗 ${failed.length} 個`]
        : [`新增 ${created} 篇`, `已存在 ${unchanged} 篇`, `失敗 ${failed.length} 個`];
      io.stdout.write(`\n共 ${results.length} 個檔案：${parts.join('、')}\n`);
      for (const f of failed) if (f.status === 'failed') io.stdout.write(`  ✘ ${f.file}：${f.message}\n`);
    }
  }
  return failed.length > 0 ? 1 : 0;
}
