import { Command, CommanderError, Option } from 'commander';
import { ConfigError, loadConfig } from '../config.js';
import { createDatabase, describeDatabaseUrl } from '../platform/db/database.js';
import { storageError } from '../platform/db/storage-errors.js';
import { createLogger } from '../platform/logger.js';
import cluster from 'node:cluster';
import { closeOnSignals, startCluster, startServer } from '../app/server.js';
import { CliError } from './errors.js';
import { reportUpgrade, upgradeFromCli } from './index-progress.js';
import { runImport } from './import.command.js';
import { runMediaClean } from './media.command.js';
import { runUserAdd, runUserDisable, runUserList, runUserResetPassword } from './user.command.js';
import { ROLE_LABELS, ROLES } from '../modules/accounts/index.js';
import { type CliIo, type CliOutput, processIo } from './io.js';
import { runNames, runReindex, runSearchQuery } from './search.command.js';

const collect = (value: string, previous: string[]) => [...previous, value];

function portOption(value: string): string {
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65535) throw new CliError(`--port 必須是 0 到 65535 的整數，收到「${value}」`);
  return value;
}

/** Commander's help and errors go to the command's own outputs; colours and width only when that output is a terminal. */
function routeCommanderOutput(program: Command, io: CliIo): void {
  const defaults = program.configureOutput();
  const width = (out: CliOutput) => (out.isTTY === true && out.columns ? out.columns : 80);
  program.configureOutput({
    writeOut: (text) => void io.stdout.write(text),
    writeErr: (text) => void io.stderr.write(text),
    getOutHelpWidth: () => width(io.stdout),
    getErrHelpWidth: () => width(io.stderr),
    // Commander's own checks look at process.stdout/err and process.env: right only when io is the real terminal.
    getOutHasColors: () => io.stdout === process.stdout && (defaults.getOutHasColors?.() ?? false),
    getErrHasColors: () => io.stderr === process.stderr && (defaults.getErrHasColors?.() ?? false),
  });
}

/** `onExitCode` hears the code a command finished with; commander itself only knows that the action resolved. */
export function buildCli(io: CliIo = processIo(), onExitCode: (code: number) => void = () => undefined): Command {
  const program = new Command('opdesk');
  // Before any subcommand is added: each copies the output settings when it is created.
  routeCommanderOutput(program, io);
  program
    .description('Opinion Desk 雲論發布平台：伺服器、資料庫遷移與文章匯入')
    .showHelpAfterError('（用 --help 看用法）')
    .exitOverride();

  program
    .command('serve')
    .description('啟動網站（首次啟動會建立資料庫並載入示範文章）')
    .option('-p, --port <port>', '監聽埠（預設讀 PORT，否則 3000）', portOption)
    .option('-H, --host <host>', '監聽位址（預設讀 HOST，否則 localhost）')
    .addHelpText('after', '\n設定值來自環境變數，見 README 的設定表與 .env.example。')
    .action(async (opts: { port?: string; host?: string }) => {
      const config = loadConfig({ ...io.env, ...(opts.port ? { PORT: opts.port } : {}), ...(opts.host ? { HOST: opts.host } : {}) });
      const log = createLogger({ level: config.logLevel });
      if (config.workers > 1 && cluster.isPrimary) {
        await startCluster(config, log);
        return;
      }
      const server = await startServer(config, { log });
      closeOnSignals(server, config.shutdownTimeoutMs, log);
    });

  program
    .command('migrate')
    .description('把資料庫結構更新到最新版本')
    .action(async () => {
      const config = loadConfig(io.env);
      const db = createDatabase(config.databaseUrl);
      try {
        const report = await upgradeFromCli(db, io);
        const { applied } = report;
        io.stdout.write(
          applied.length > 0
            ? `已套用 ${applied.length} 個遷移（${describeDatabaseUrl(config.databaseUrl)}）：\n${applied.map((a) => `  ${a}`).join('\n')}\n`
            : `資料庫已是最新版本（${describeDatabaseUrl(config.databaseUrl)}）\n`,
        );
        reportUpgrade(report, io);
      } finally {
        await db.destroy();
      }
    });

  program
    .command('import')
    .description('匯入 ETtoday 雲論頁面的純文字（格式見 docs/IMPORT.md），以「已發布」存入')
    .argument('<files...>', '一個或多個 UTF-8 文字檔')
    .option('--dry-run', '只解析並檢查，不寫入資料庫', false)
    .option('--json', '以 JSON 輸出（搭配 --dry-run 時輸出結構化結果）', false)
    .option('--published-at <time>', '發布時間，例：2026-01-08 09:30（台北時間）；預設為頁面日期 00:00')
    .option('--tag <name>', '加上關鍵字，可重複使用', collect, [])
    .option('--section <slug>', '分類代稱（預設 opinion，即雲論）')
    .option('--image <N=path>', '第 N 個圖說的圖檔（JPEG/PNG/WebP），可重複使用', collect, [])
    .addOption(new Option('--no-progress', '多檔匯入時不顯示進度列'))
    .addHelpText(
      'after',
      '\n例：\n  opdesk import --dry-run --json page.txt\n  opdesk import --tag 川普 --tag 美日關係 --image 1=hero.jpg page.txt\n  opdesk import pages/*.txt\n\n相同內容的檔案重複匯入不會產生重複文章。任何檔案失敗時結束碼為 1，其餘檔案照常匯入。',
    )
    .action(async (files: string[], opts: { dryRun: boolean; json: boolean; publishedAt?: string; tag: string[]; section?: string; image: string[]; progress: boolean }) => {
      onExitCode(await runImport(loadConfig(io.env), files, opts, io));
    });

  program
    .command('media')
    .description('媒體庫維護')
    .command('clean')
    .description('清除舊版存入的公開圖檔中的 EXIF、GPS、XMP、IPTC（新上傳的圖檔已自動清除；可重複執行）')
    .action(async () => {
      onExitCode(await runMediaClean(loadConfig(io.env), io));
    });

  const searchCmd = program.command('search').description('搜尋：重建索引、從命令列查詢');
  searchCmd
    .command('reindex')
    .description('從所有文章重建搜尋索引（更新斷詞規則或名稱對照後使用）')
    .addOption(new Option('--no-progress', '不顯示進度列'))
    .action(async (opts: { progress: boolean }) => {
      onExitCode(await runReindex(loadConfig(io.env), opts, io));
    });
  searchCmd
    .command('query')
    .description('搜尋文章（預設只找讀者看得到的；--all-states 連草稿等一起找）')
    .argument('<words...>', '關鍵字')
    .option('--all-states', '包含草稿、審稿中、排程與下架的文章', false)
    .option('--limit <n>', '最多列出幾篇', '20')
    .option('--json', '以 JSON 輸出', false)
    .action(async (words: string[], opts: { allStates: boolean; limit: string; json: boolean }) => {
      onExitCode(await runSearchQuery(loadConfig(io.env), words.join(' '), opts, io));
    });

  const names = program
    .command('names')
    .description('人名、地名對照表（川普／特朗普）：搜尋時互相代換')
    .addHelpText('after', '\n內建對照在 assets/search/name-variants.json；這裡新增的存在資料庫，數秒內生效，不必重建索引。');
  names
    .command('list')
    .description('列出內建與編輯新增的對照')
    .action(async () => {
      onExitCode(await runNames(loadConfig(io.env), 'list', [], io));
    });
  names
    .command('add')
    .description('新增對照：opdesk names add 台灣用法 其他寫法…')
    .argument('<taiwan>', '台灣媒體的寫法，例：川普')
    .argument('<forms...>', '其他寫法，例：特朗普')
    .action(async (taiwan: string, forms: string[]) => {
      onExitCode(await runNames(loadConfig(io.env), 'add', [taiwan, ...forms], io));
    });
  names
    .command('remove')
    .description('移除一個編輯新增的寫法')
    .argument('<form>', '要移除的寫法')
    .action(async (form: string) => {
      onExitCode(await runNames(loadConfig(io.env), 'remove', [form], io));
    });

  const user = program
    .command('user')
    .description('新聞室帳號：新增、列出、停用、重設密碼')
    .addHelpText('after', `\n角色：${ROLES.map((r) => `${r}（${ROLE_LABELS[r].zh}）`).join('、')}。權限表見 docs/ROLES.md。`);
  user
    .command('add')
    .description('新增帳號並產生一次性密碼（第一個管理員也用這個建立）')
    .argument('<email>', '登入用的電子郵件')
    .requiredOption('--name <name>', '顯示的姓名')
    .requiredOption('--role <role>', '角色：admin、chief_editor、editor、copy_editor、complaint_officer')
    .action(async (email: string, opts: { name: string; role: string }) => {
      onExitCode(await runUserAdd(loadConfig(io.env), email, opts, io));
    });
  user
    .command('list')
    .description('列出所有帳號')
    .option('--json', '以 JSON 輸出', false)
    .action(async (opts: { json: boolean }) => {
      onExitCode(await runUserList(loadConfig(io.env), opts, io));
    });
  user
    .command('disable')
    .description('停用帳號並立即登出它的所有工作階段')
    .argument('<email>', '帳號的電子郵件')
    .action(async (email: string) => {
      onExitCode(await runUserDisable(loadConfig(io.env), email, io));
    });
  user
    .command('reset-password')
    .description('產生新的一次性密碼，登出所有工作階段並解除鎖定')
    .argument('<email>', '帳號的電子郵件')
    .action(async (email: string) => {
      onExitCode(await runUserResetPassword(loadConfig(io.env), email, io));
    });

  return program;
}

/**
 * Runs one command line and returns its exit code. Without `io` it is the real `opdesk`: process streams and
 * environment, and process.exitCode set, so bin/opdesk.js and src/main.ts need nothing more.
 */
export async function main(argv: string[], io?: CliIo): Promise<number> {
  const code = await run(argv, io ?? processIo());
  if (!io) process.exitCode = code;
  return code;
}

async function run(argv: string[], io: CliIo): Promise<number> {
  let exitCode = 0;
  const program = buildCli(io, (code) => (exitCode = code));
  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (err) {
    // --help and --version end here too, with exit code 0.
    if (err instanceof CommanderError) return err.exitCode;
    if (err instanceof CliError || err instanceof ConfigError) {
      io.stderr.write(`錯誤：${err.message}\n`);
      return 2;
    }
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      io.stderr.write(`錯誤：連接埠已被占用（${(err as Error).message}）。請關掉另一個伺服器，或用 PORT=3001 npm start。\n`);
      return 1;
    }
    const storage = storageProblemOf(err, io);
    io.stderr.write(`錯誤：${storage?.message ?? (err instanceof Error ? err.message : String(err))}\n`);
    return 1;
  }
}

/** A full, read-only or missing disk behind any command, named with the database's location. */
function storageProblemOf(err: unknown, io: CliIo): Error | null {
  let location = '資料庫';
  try {
    location = describeDatabaseUrl(loadConfig(io.env).databaseUrl);
  } catch {
    // The configuration itself is fine or it would have failed earlier; keep the generic word.
  }
  return storageError(err, location) ?? storageError((err as { cause?: unknown } | null)?.cause, location);
}
