import type { Config } from '../config.js';
import { AccountProblem, createUser, disableUser, listUsers, resetPassword, ROLE_LABELS, TWO_STEP_REQUIRED } from '../modules/accounts/index.js';
import { createDatabase } from '../platform/db/database.js';
import { formatTaipeiDateTime, systemClock } from '../platform/time.js';
import { CliError } from './errors.js';
import { reportUpgrade, upgradeFromCli } from './index-progress.js';
import type { CliIo } from './io.js';

/** Whoever runs the CLI on the server acts as the system: the audit log says so (no user, no address). */
async function withAccounts<T>(config: Config, io: CliIo, run: (deps: { db: ReturnType<typeof createDatabase>; clock: typeof systemClock }) => Promise<T>): Promise<T> {
  const db = createDatabase(config.databaseUrl);
  try {
    reportUpgrade(await upgradeFromCli(db, io), io);
    return await run({ db, clock: systemClock });
  } catch (err) {
    // A refused request is the caller's mistake: one line, exit code 2, nothing written.
    if (err instanceof AccountProblem) throw new CliError(err.message);
    throw err;
  } finally {
    await db.destroy();
  }
}

export async function runUserAdd(config: Config, email: string, options: { name: string; role: string }, io: CliIo): Promise<number> {
  return withAccounts(config, io, async (deps) => {
    const { user, password } = await createUser(deps, { email, displayName: options.name, role: options.role });
    io.stdout.write(
      [
        `已建立帳號：${user.email}（${user.displayName}，${ROLE_LABELS[user.role].zh}）`,
        `一次性密碼：${password}`,
        '請用安全的方式交給本人；首次登入時必須改成自己的密碼。',
        ...(TWO_STEP_REQUIRED.includes(user.role) ? [`${ROLE_LABELS[user.role].zh}登入後還須設定兩步驟驗證（驗證器 App）。`] : []),
        `新聞室登入：${config.baseUrl}/newsroom/login`,
        '',
      ].join('\n'),
    );
    return 0;
  });
}

export async function runUserList(config: Config, options: { json: boolean }, io: CliIo): Promise<number> {
  return withAccounts(config, io, async (deps) => {
    const users = await listUsers(deps);
    if (options.json) {
      io.stdout.write(`${JSON.stringify(users, null, 2)}\n`);
      return 0;
    }
    if (users.length === 0) {
      io.stdout.write('還沒有任何帳號。建立第一個管理員：opdesk user add 電子郵件 --name 姓名 --role admin\n');
      return 0;
    }
    for (const u of users) {
      const flags = [u.disabled ? '已停用' : '', u.lockedUntil && u.lockedUntil > new Date().toISOString() ? `鎖定至 ${formatTaipeiDateTime(u.lockedUntil)}` : '', u.twoStepEnabled ? '兩步驟驗證' : '', u.mustChangePassword ? '待改密碼' : ''].filter(Boolean);
      io.stdout.write(`  #${u.id}  ${u.email}  ${u.displayName}  ${ROLE_LABELS[u.role].zh}${flags.length ? `  （${flags.join('、')}）` : ''}\n`);
    }
    return 0;
  });
}

export async function runUserDisable(config: Config, email: string, io: CliIo): Promise<number> {
  return withAccounts(config, io, async (deps) => {
    const { user, sessionsEnded } = await disableUser(deps, email);
    io.stdout.write(`已停用：${user.email}（結束 ${sessionsEnded} 個登入中的工作階段）\n`);
    return 0;
  });
}

export async function runUserResetPassword(config: Config, email: string, io: CliIo): Promise<number> {
  return withAccounts(config, io, async (deps) => {
    const { user, password } = await resetPassword(deps, email);
    io.stdout.write(`已重設 ${user.email} 的密碼，所有登入已登出。\n一次性密碼：${password}\n首次登入時必須改成自己的密碼。\n`);
    return 0;
  });
}
