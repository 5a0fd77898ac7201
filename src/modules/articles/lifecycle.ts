import { recordChange } from '../../platform/changes.js';
import { type Db, inTransaction } from '../../platform/db/database.js';
import type { Clock } from '../../platform/time.js';
import { imageProblemsForPublishing } from '../media/index.js';
import type { ArticleState } from './article.js';
import { findArticleRow } from './articles.repo.js';
import type { ContentDeps } from './articles.service.js';
import { bylinesOf, dueScheduled, insertRevision, tagsOf } from './editing.repo.js';
import { contentOf, type EditableArticle, type EditorActor, getEditable } from './editing.js';
import { articleChangeTopics } from './topics.js';

/**
 * The article life cycle (docs/ROLES.md says who may do each step):
 *
 *   draft ──submit──▶ in_review ──schedule──▶ scheduled ──(its time)──▶ published ◀──relist── unlisted
 *     ▲                  │  └──────publish────────────────────────────────▲  │ └──unlist──────▲
 *     └──return──────────┘                                                   ├──unpublish──▶ draft (已下架)
 *                                                                            └──retract───▶ retracted (tombstone)
 *
 * Unpublishing returns a piece to the drafts (it keeps its first publication time, so the desk shows it as
 * 已下架); a retracted piece keeps its URL, which shows the notice instead of the text.
 */
export type Transition = 'submit' | 'return' | 'schedule' | 'unschedule' | 'publish' | 'unlist' | 'relist' | 'unpublish' | 'retract';

export const TRANSITIONS: Readonly<Record<Transition, { from: readonly ArticleState[]; to: ArticleState }>> = {
  submit: { from: ['draft'], to: 'in_review' },
  return: { from: ['in_review'], to: 'draft' },
  schedule: { from: ['draft', 'in_review'], to: 'scheduled' },
  unschedule: { from: ['scheduled'], to: 'in_review' },
  publish: { from: ['draft', 'in_review', 'scheduled'], to: 'published' },
  unlist: { from: ['published'], to: 'unlisted' },
  relist: { from: ['unlisted'], to: 'published' },
  unpublish: { from: ['published', 'unlisted'], to: 'draft' },
  retract: { from: ['published', 'unlisted'], to: 'retracted' },
};

/** Why a piece cannot go out yet, in the editor's words (both languages; the screen picks one). */
export interface PublishProblem {
  code: 'no_title' | 'no_byline' | 'no_body' | 'image_missing' | 'alt_missing' | 'licence_expired';
  zh: string;
  en: string;
}

/**
 * Everything that stops a piece from being published or scheduled: its own fields, then its images as the media
 * library sees them (one that no longer exists, no alt text either on the figure or in the library, an expired
 * licence).
 */
export async function publishProblems(deps: { readonly db: Db; readonly clock: Clock }, a: Pick<EditableArticle, 'title' | 'bylines' | 'body'>): Promise<PublishProblem[]> {
  const problems: PublishProblem[] = [];
  if (a.title.trim() === '') problems.push({ code: 'no_title', zh: '還沒有標題', en: 'The title is empty' });
  if (a.bylines.length === 0) problems.push({ code: 'no_byline', zh: '還沒有作者', en: 'There is no byline' });
  if (!a.body.blocks.some((b) => b.type === 'paragraph')) problems.push({ code: 'no_body', zh: '內文沒有任何段落', en: 'The body has no paragraph' });
  const uses = a.body.blocks.flatMap((b) => (b.type === 'figure' && b.imageId !== null ? [{ imageId: b.imageId, alt: b.alt }] : []));
  if (uses.length > 0) for (const p of await imageProblemsForPublishing(deps, uses)) problems.push({ code: p.code, zh: p.zh, en: p.en });
  return problems;
}

export type TransitionOutcome =
  | { status: 'done'; state: ArticleState }
  | { status: 'not_allowed_from'; state: ArticleState }
  | { status: 'not_ready'; problems: PublishProblem[] }
  | { status: 'bad_time'; zh: string; en: string }
  | { status: 'notice_required' }
  | { status: 'stale' };

export interface TransitionOptions {
  /** For schedule: when it goes out (UTC ISO), in the future. */
  at?: string;
  /** For retract: the notice the tombstone shows. */
  notice?: string;
  note?: string | null;
  /** The content revision the editor saw; a transition on a piece changed since is refused as stale. */
  baseRevision?: number;
}

async function topicsOf(ex: Db['kysely'], id: number, sectionId: number): Promise<string[]> {
  const [bylines, tags] = await Promise.all([bylinesOf(ex, id), tagsOf(ex, id)]);
  return articleChangeTopics({ id, sectionId, authorIds: bylines.map((b) => b.author_id), tagIds: tags.map((t) => t.id) });
}

/** Moves a piece along its life cycle. The caller has checked the role (`may`); this checks the piece. */
export async function transitionArticle(deps: ContentDeps, id: number, transition: Transition, options: TransitionOptions, actor: EditorActor): Promise<TransitionOutcome> {
  const now = deps.clock.now();
  const at = now.toISOString();
  const rule = TRANSITIONS[transition];
  const outcome = await inTransaction(deps, async (tx): Promise<{ result: TransitionOutcome; topics: string[] }> => {
    const ex = tx.db.kysely;
    const current = await getEditable(tx, id);
    if (!rule.from.includes(current.state)) return { result: { status: 'not_allowed_from', state: current.state }, topics: [] };
    if (options.baseRevision !== undefined && options.baseRevision !== current.revision) return { result: { status: 'stale' }, topics: [] };
    if (transition === 'schedule' || transition === 'publish') {
      const problems = await publishProblems(tx, current);
      if (problems.length > 0) return { result: { status: 'not_ready', problems }, topics: [] };
    }
    let publishedAt = current.publishedAt;
    let firstPublishedAt = current.firstPublishedAt;
    let retraction: { notice: string | null; at: string | null } = { notice: current.retractionNotice, at: current.retractedAt };
    if (transition === 'schedule') {
      if (!options.at || Number.isNaN(Date.parse(options.at))) return { result: { status: 'bad_time', zh: '請填寫發布時間', en: 'Give a publication time' }, topics: [] };
      if (options.at <= at) return { result: { status: 'bad_time', zh: '排程時間必須在未來；要現在發布請按「立即發布」', en: 'A scheduled time must be in the future; use Publish now to publish at once' }, topics: [] };
      publishedAt = options.at;
    }
    if (transition === 'unschedule') publishedAt = current.firstPublishedAt;
    if (transition === 'publish') {
      publishedAt = at;
      firstPublishedAt ??= at;
    }
    if (transition === 'unpublish') publishedAt = current.publishedAt;
    if (transition === 'retract') {
      const notice = options.notice?.trim() ?? '';
      if (notice === '') return { result: { status: 'notice_required' }, topics: [] };
      retraction = { notice, at };
    }
    await ex
      .updateTable('articles')
      .set({
        state: rule.to,
        published_at: publishedAt,
        first_published_at: firstPublishedAt,
        retraction_notice: retraction.notice,
        retracted_at: retraction.at,
        updated_at: at,
        updated_by: actor.userId,
      })
      .where('id', '=', id)
      .execute();
    await insertRevision(ex, {
      articleId: id,
      revision: current.revision,
      state: rule.to,
      snapshot: JSON.stringify(contentOf(current)),
      changedFields: [],
      userId: actor.userId,
      action: transition,
      note: options.note ?? (transition === 'schedule' ? publishedAt : transition === 'retract' ? retraction.notice : null),
      reason: null,
      visibleChange: false,
      at,
    });
    // Every step that a reader could notice drops the pages it touches, on every instance.
    const readerNoticed = ['published', 'unlisted', 'retracted'].includes(current.state) || ['published', 'unlisted', 'retracted'].includes(rule.to);
    const topics = readerNoticed ? await topicsOf(ex, id, current.sectionId) : [];
    if (topics.length > 0) await recordChange(ex, topics, at);
    return { result: { status: 'done', state: rule.to }, topics };
  });
  if (outcome.topics.length > 0) deps.changes?.announce(outcome.topics);
  return outcome.result;
}

/**
 * Publishes every scheduled piece whose time has come, each in its own transaction with a conditional update, so
 * two instances running this at once publish each piece exactly once. A piece keeps the time it was scheduled
 * for, even when this runs late (after downtime): readers see the time the desk promised.
 */
export async function publishDueArticles(deps: ContentDeps, batch = 100): Promise<number[]> {
  const published: number[] = [];
  for (;;) {
    const now = deps.clock.now().toISOString();
    const due = await dueScheduled(deps.db.kysely, now, batch);
    let progressed = false;
    for (const id of due) {
      const topics = await inTransaction(deps, async (tx) => {
        const ex = tx.db.kysely;
        const result = await ex
          .updateTable('articles')
          .set((eb) => ({ state: 'published', first_published_at: eb.fn.coalesce('first_published_at', 'published_at'), updated_at: now }))
          .where('id', '=', id)
          .where('state', '=', 'scheduled')
          .where('published_at', '<=', now)
          .executeTakeFirst();
        if (Number(result.numUpdatedRows) !== 1) return null;
        const current = await getEditable(tx, id);
        await insertRevision(ex, {
          articleId: id,
          revision: current.revision,
          state: 'published',
          snapshot: JSON.stringify(contentOf(current)),
          changedFields: [],
          userId: null,
          action: 'publish',
          note: 'scheduled',
          reason: null,
          visibleChange: false,
          at: now,
        });
        const topics = await topicsOf(ex, id, current.sectionId);
        await recordChange(ex, topics, now);
        return topics;
      });
      if (topics) {
        progressed = true;
        published.push(id);
        deps.changes?.announce(topics);
      }
    }
    if (due.length < batch || !progressed) return published;
  }
}

/** What a retracted piece's URL shows instead of its text; null for anything else. */
export async function findRetraction(deps: { readonly db: Db }, id: number): Promise<{ id: number; title: string; notice: string; retractedAt: string; publishedAt: string | null } | null> {
  const row = await findArticleRow(deps.db.kysely, id);
  if (!row || row.state !== 'retracted') return null;
  return { id: row.id, title: row.title, notice: row.retraction_notice ?? '', retractedAt: row.retracted_at ?? row.updated_at, publishedAt: row.first_published_at };
}
