import { BODY_SCHEMA_VERSION, createDraft, emptyContent, getEditable, listRevisions, transitionArticle } from '../../src/modules/articles/index.js';
import type { Db } from '../../src/platform/db/database.js';
import type { Clock } from '../../src/platform/time.js';

let counter = 0;

/**
 * A piece as the desk makes one: a draft (through the articles module, as the editor saves it), then scheduled
 * for `at`, which must be later than `deps.clock`. `word` goes in the title and body so search can find it.
 */
export async function scheduleArticle(deps: { db: Db; clock: Clock }, at: string, word: string): Promise<number> {
  counter++;
  const id = await createDraft(
    deps,
    {
      ...emptyContent(0),
      title: `排程測試 ${counter}：${word}`,
      lead: `第 ${counter} 篇排程文章的導言。`,
      body: {
        schemaVersion: BODY_SCHEMA_VERSION,
        blocks: [
          { id: `by${counter}`, type: 'byline' },
          { id: `p${counter}`, type: 'paragraph', text: `這篇談的是${word}，排程在 ${at} 發布。` },
        ],
      },
      bylines: [{ name: '排程作者', bioLine: '測試用的作者', role: 'author' }],
    },
    { userId: null },
  );
  const outcome = await transitionArticle(deps, id, 'schedule', { at }, { userId: null });
  if (outcome.status !== 'done') throw new Error(`could not schedule article ${id}: ${JSON.stringify(outcome)}`);
  return id;
}

/** What publishing left behind: the state, the time readers see, and how many publish revisions were written. */
export async function publishRecord(deps: { db: Db }, id: number): Promise<{ state: string; publishedAt: string | null; publishRevisions: number }> {
  const article = await getEditable(deps, id);
  const revisions = await listRevisions(deps, id);
  return { state: article.state, publishedAt: article.publishedAt, publishRevisions: revisions.filter((r) => r.action === 'publish').length };
}
