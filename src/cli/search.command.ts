import type { Config } from '../config.js';
import type { UpgradeReport } from '../app/upgrade.js';
import { SYSTEM_ACTOR } from '../modules/accounts/index.js';
import { addNameVariantGroup, listNameVariants, nameFormProblem, rebuildSearchIndex, removeNameVariantForm, runSearch } from '../modules/search/index.js';
import { createDatabase, type Db } from '../platform/db/database.js';
import { formatTaipeiDate, systemClock } from '../platform/time.js';
import { CliError } from './errors.js';
import { indexProgressBar, reportUpgrade, upgradeFromCli } from './index-progress.js';
import type { CliIo } from './io.js';

async function withDb<T>(config: Config, io: CliIo, run: (db: Db, upgrade: UpgradeReport) => Promise<T>): Promise<T> {
  const db = createDatabase(config.databaseUrl);
  try {
    const upgrade = await upgradeFromCli(db, io);
    reportUpgrade(upgrade, io);
    return await run(db, upgrade);
  } finally {
    await db.destroy();
  }
}

export async function runReindex(config: Config, options: { progress: boolean }, io: CliIo): Promise<number> {
  return withDb(config, io, async (db, upgrade) => {
    // Opening the database after an upgrade has just rebuilt it: once is enough.
    if (upgrade.searchRebuilt) return 0;
    const started = Date.now();
    const progress = indexProgressBar(io, options.progress);
    const done = await rebuildSearchIndex({ db, clock: systemClock }, progress.onProgress);
    progress.stop();
    io.stdout.write(`已重建搜尋索引：${done} 篇文章，${((Date.now() - started) / 1000).toFixed(1)} 秒\n`);
    return 0;
  });
}

/** Newsroom-style search from the shell: every state with --all-states, otherwise what readers can find. */
export async function runSearchQuery(config: Config, q: string, options: { allStates: boolean; limit: string; json: boolean }, io: CliIo): Promise<number> {
  if (!/^\d{1,3}$/.test(options.limit) || Number(options.limit) < 1 || Number(options.limit) > 100) {
    throw new CliError(`--limit 必須是 1 到 100 的整數，收到「${options.limit}」`);
  }
  return withDb(config, io, async (db) => {
    const deps = { db, clock: systemClock };
    const results = await runSearch(deps, { q, page: 1, pageSize: Number(options.limit), allStates: options.allStates });
    if (results.status !== 'ok') {
      throw new CliError(results.status === 'empty' ? '請給要搜尋的關鍵字' : `「${q}」裡沒有可以搜尋的文字`);
    }
    const items = results.items.map((i) => i.article);
    const suggestions = results.compiled?.suggestions ?? [];
    if (options.json) {
      io.stdout.write(
        `${JSON.stringify({ total: results.total, alsoSearched: suggestions, items: items.map((a) => ({ id: a.id, title: a.title, authors: a.authors.map((x) => x.name), publishedAt: a.publishedAt })) }, null, 2)}\n`,
      );
      return 0;
    }
    io.stdout.write(`找到${results.totalIsLowerBound ? '超過 ' : ' '}${results.total} 篇${suggestions.length ? `（也搜尋了：${suggestions.join('、')}）` : ''}\n`);
    for (const a of items) {
      io.stdout.write(`  #${a.id}  ${formatTaipeiDate(a.publishedAt)}  ${a.title}  ●${a.authors.map((x) => x.name).join('、')}\n`);
    }
    return 0;
  });
}

export async function runNames(config: Config, action: 'list' | 'add' | 'remove', args: string[], io: CliIo): Promise<number> {
  return withDb(config, io, async (db) => {
    const deps = { db, clock: systemClock };
    if (action === 'list') {
      const { shipped, editors } = await listNameVariants(deps);
      io.stdout.write(`內建 ${shipped.length} 組（assets/search/name-variants.json）：\n`);
      for (const g of shipped) io.stdout.write(`  ${g.taiwan} ← ${g.variants.join('、')}\n`);
      io.stdout.write(`編輯新增 ${editors.length} 筆：\n`);
      for (const e of editors) io.stdout.write(`  ${e.taiwan} ← ${e.form}\n`);
      return 0;
    }
    if (action === 'add') {
      const [taiwan, ...forms] = args;
      if (!taiwan || forms.length === 0) throw new CliError('用法：opdesk names add 台灣用法 其他寫法…（例：opdesk names add 川普 特朗普）');
      // The same checks and words as the newsroom's screen (modules/search).
      for (const n of [taiwan, ...forms]) {
        const problem = nameFormProblem(n);
        if (problem) throw new CliError(problem);
      }
      const added = await addNameVariantGroup(deps, { taiwan, forms }, SYSTEM_ACTOR);
      if (!added.ok) throw new CliError(Object.values(added.errors).join('；'));
      io.stdout.write(`已加入：搜尋 ${forms.join('、')} 時也會找 ${taiwan}\n`);
      return 0;
    }
    const [form] = args;
    if (!form) throw new CliError('用法：opdesk names remove 寫法');
    const removed = await removeNameVariantForm(deps, form, SYSTEM_ACTOR);
    io.stdout.write(removed ? `已移除：${form}\n` : `沒有編輯新增的「${form}」（內建的對照請改 assets/search/name-variants.json）\n`);
    return removed ? 0 : 1;
  });
}
