import { recordChange } from '../../platform/changes.js';
import { type Db, inTransaction } from '../../platform/db/database.js';
import { NotFound } from '../../platform/errors.js';
import { ensureAuthor, findAuthor } from '../authors/index.js';
import { indexArticle } from '../search/engine/index.js';
import { DEFAULT_SECTION, ensureSection, ensureTag } from '../taxonomy/index.js';
import { type ArticleBody, type ArticleState, BODY_SCHEMA_VERSION, DEFAULT_LEAD_LABEL } from './article.js';
import { findArticleRow, insertArticle, searchDocument } from './articles.repo.js';
import type { ContentDeps } from './articles.service.js';
import { bodyCharCount, bodyText, heroFigure, imageIds } from './body.js';
import {
  bylinesOf,
  type DeskFilter,
  deskCount,
  deskRows,
  insertRevision,
  presentSince,
  replaceBylines,
  replaceImageUses,
  replaceTags,
  revisionById,
  type RevisionRecord,
  revisionsOf,
  tagsOf,
  touchPresence,
  statesOf,
} from './editing.repo.js';
import { articleChangeTopics } from './topics.js';

/** Who does something in the newsroom (null: the system, e.g. the scheduler). */
export interface EditorActor {
  readonly userId: number | null;
}

export interface BylineInput {
  /** An existing profile; without it the name finds or makes one. */
  authorId?: number;
  name: string;
  bioLine: string | null;
  role: string;
}

/** Everything an editor can change, as one value: what a revision snapshots and a conflict compares. */
export interface ArticleContent {
  kind: string;
  title: string;
  subtitle: string | null;
  leadLabel: string;
  lead: string | null;
  body: ArticleBody;
  bylines: BylineInput[];
  sectionId: number;
  tags: string[];
  showDisclaimer: boolean;
  disclaimerOverride: string | null;
  ogTitle: string | null;
  ogDescription: string | null;
  ogImageId: number | null;
  sourceNote: string | null;
}

export interface EditableArticle extends ArticleContent {
  id: number;
  state: ArticleState;
  revision: number;
  publishedAt: string | null;
  firstPublishedAt: string | null;
  contentUpdatedAt: string | null;
  createdAt: string;
  updatedAt: string;
  updatedBy: number | null;
  retractionNotice: string | null;
  retractedAt: string | null;
  importReport: unknown;
}

export const CONTENT_FIELDS: ReadonlyArray<keyof ArticleContent> = [
  'kind',
  'title',
  'subtitle',
  'leadLabel',
  'lead',
  'body',
  'bylines',
  'sectionId',
  'tags',
  'showDisclaimer',
  'disclaimerOverride',
  'ogTitle',
  'ogDescription',
  'ogImageId',
  'sourceNote',
];

export function emptyContent(sectionId: number): ArticleContent {
  return {
    kind: 'op-ed',
    title: '',
    subtitle: null,
    leadLabel: DEFAULT_LEAD_LABEL,
    lead: null,
    body: { schemaVersion: BODY_SCHEMA_VERSION, blocks: [] },
    bylines: [],
    sectionId,
    tags: [],
    showDisclaimer: true,
    disclaimerOverride: null,
    ogTitle: null,
    ogDescription: null,
    ogImageId: null,
    sourceNote: null,
  };
}

/** Which fields differ; bodies compare by content, so block ids alone never count as a change. */
export function changedFields(before: ArticleContent | null, after: ArticleContent): string[] {
  if (!before) return [...CONTENT_FIELDS];
  const comparable = (c: ArticleContent, k: keyof ArticleContent) =>
    k === 'body' ? JSON.stringify(c.body.blocks.map(({ id: _id, ...rest }) => rest)) : JSON.stringify(c[k]);
  return CONTENT_FIELDS.filter((k) => comparable(before, k) !== comparable(after, k));
}

export async function getEditable(deps: { readonly db: Db }, id: number): Promise<EditableArticle> {
  const ex = deps.db.kysely;
  const row = await findArticleRow(ex, id);
  if (!row) throw new NotFound('article_not_found', `article ${id} does not exist`);
  const [bylines, tags] = await Promise.all([bylinesOf(ex, id), tagsOf(ex, id)]);
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    subtitle: row.subtitle,
    leadLabel: row.lead_label,
    lead: row.lead,
    body: JSON.parse(row.body) as ArticleBody,
    bylines: bylines.map((b) => ({ authorId: b.author_id, name: b.name, bioLine: b.bio_line, role: b.role })),
    sectionId: row.section_id,
    tags: tags.map((t) => t.name),
    showDisclaimer: row.show_disclaimer === 1,
    disclaimerOverride: row.disclaimer_override,
    ogTitle: row.og_title,
    ogDescription: row.og_description,
    ogImageId: row.og_image_id,
    sourceNote: row.source_note,
    state: row.state as ArticleState,
    revision: row.revision,
    publishedAt: row.published_at,
    firstPublishedAt: row.first_published_at,
    contentUpdatedAt: row.content_updated_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
    retractionNotice: row.retraction_notice,
    retractedAt: row.retracted_at,
    importReport: row.import_report ? (JSON.parse(row.import_report) as unknown) : null,
  };
}

export function contentOf(a: EditableArticle): ArticleContent {
  const content = {} as Record<keyof ArticleContent, unknown>;
  for (const k of CONTENT_FIELDS) content[k] = a[k];
  return content as unknown as ArticleContent;
}

/** Readers see the piece now (or at its URL): its pages must be dropped from every cache when it changes. */
export const READER_FACING: readonly ArticleState[] = ['published', 'unlisted', 'retracted'];

/**
 * Writes the content columns, bylines and tags, and the search document, inside the caller's transaction.
 * Returns the cache topics the change touches (before and after: a byline removed drops that author's page too).
 */
export async function writeContent(tx: ContentDeps, id: number, content: ArticleContent, at: string, userId: number | null): Promise<string[]> {
  const ex = tx.db.kysely;
  const before = await bylinesOf(ex, id);
  const beforeTags = await tagsOf(ex, id);
  const bylineRows = [];
  for (const b of content.bylines) {
    const author = (b.authorId !== undefined ? await findAuthor(tx, b.authorId) : null) ?? (await ensureAuthor(tx, b.name, b.bioLine));
    bylineRows.push({ authorId: author.id, name: author.name, role: b.role, bioLine: b.bioLine });
  }
  const tags = [];
  for (const name of content.tags) tags.push(await ensureTag(tx, name));
  const hero = heroFigure(content.body);
  const text = bodyText(content.body);
  await ex
    .updateTable('articles')
    .set({
      kind: content.kind,
      section_id: content.sectionId,
      title: content.title,
      subtitle: content.subtitle,
      lead_label: content.leadLabel,
      lead: content.lead,
      body: JSON.stringify(content.body),
      body_text: text,
      char_count: bodyCharCount(content.body),
      show_disclaimer: content.showDisclaimer ? 1 : 0,
      disclaimer_override: content.disclaimerOverride,
      og_title: content.ogTitle,
      og_description: content.ogDescription,
      og_image_id: content.ogImageId,
      source_note: content.sourceNote,
      hero_image_id: hero?.imageId ?? null,
      hero_caption: hero ? hero.caption || null : null,
      hero_credit: hero?.credit ?? null,
      updated_at: at,
      updated_by: userId,
    })
    .where('id', '=', id)
    .execute();
  await replaceBylines(ex, id, bylineRows);
  await replaceImageUses(ex, id, imageIds(content.body));
  await replaceTags(
    ex,
    id,
    tags.map((t) => t.id),
  );
  await indexArticle(
    tx,
    searchDocument({
      id,
      title: content.title,
      lead: content.lead,
      bodyText: text,
      sectionId: content.sectionId,
      authors: bylineRows.map((b) => ({ id: b.authorId, name: b.name })),
      tags,
    }),
  );
  return articleChangeTopics({
    id,
    sectionId: content.sectionId,
    authorIds: [...new Set([...before.map((b) => b.author_id), ...bylineRows.map((b) => b.authorId)])],
    tagIds: [...new Set([...beforeTags.map((t) => t.id), ...tags.map((t) => t.id)])],
  });
}

/** A fresh draft (from the editor's first save or from an imported page text); revision 1 holds its content. */
export async function createDraft(
  deps: ContentDeps,
  content: ArticleContent,
  actor: EditorActor,
  options: { importKey?: string | null; importReport?: unknown; note?: string | null } = {},
): Promise<number> {
  const at = deps.clock.now().toISOString();
  return inTransaction(deps, async (tx) => {
    const sectionId = content.sectionId > 0 ? content.sectionId : (await ensureSection(tx, DEFAULT_SECTION.slug, DEFAULT_SECTION.name)).id;
    const id = await insertArticle(tx.db.kysely, {
      kind: content.kind,
      sectionId,
      title: content.title,
      leadLabel: content.leadLabel,
      lead: content.lead,
      body: content.body,
      bodyText: bodyText(content.body),
      charCount: bodyCharCount(content.body),
      state: 'draft',
      publishedAt: null,
      createdAt: at,
      importKey: options.importKey ?? null,
      sourceNote: content.sourceNote,
      hero: null,
      importReport: options.importReport === undefined ? null : JSON.stringify(options.importReport),
      updatedBy: actor.userId,
    });
    const stored = { ...content, sectionId };
    await writeContent(tx, id, stored, at, actor.userId);
    await insertRevision(tx.db.kysely, {
      articleId: id,
      revision: 1,
      state: 'draft',
      snapshot: JSON.stringify(stored),
      changedFields: changedFields(null, stored),
      userId: actor.userId,
      action: 'create',
      note: options.note ?? null,
      reason: null,
      visibleChange: false,
      at,
    });
    return id;
  });
}

export interface SaveOptions {
  /** The revision the editor started from: if someone saved since, this save is a conflict and changes nothing. */
  baseRevision: number;
  note: string | null;
  /** Why a piece readers can see was changed; required then. */
  reason: string | null;
  /** The change matters to readers: the page shows 「更新時間」 and dateModified moves. */
  visibleChange: boolean;
  action?: 'save' | 'restore';
}

export type SaveOutcome =
  | { status: 'saved'; revision: number; changed: string[] }
  | { status: 'unchanged'; revision: number }
  | { status: 'conflict'; current: EditableArticle; theirs: { userId: number | null; at: string } }
  | { status: 'reason_required' };

export async function saveArticle(deps: ContentDeps, id: number, content: ArticleContent, options: SaveOptions, actor: EditorActor): Promise<SaveOutcome> {
  const at = deps.clock.now().toISOString();
  const outcome = await inTransaction(deps, async (tx): Promise<{ result: SaveOutcome; topics: string[] }> => {
    const current = await getEditable(tx, id);
    if (current.revision !== options.baseRevision) {
      return { result: { status: 'conflict', current, theirs: { userId: current.updatedBy, at: current.updatedAt } }, topics: [] };
    }
    const changed = changedFields(contentOf(current), content);
    if (changed.length === 0) return { result: { status: 'unchanged', revision: current.revision }, topics: [] };
    const readerFacing = READER_FACING.includes(current.state);
    if (readerFacing && !options.reason) return { result: { status: 'reason_required' }, topics: [] };
    const topics = await writeContent(tx, id, content, at, actor.userId);
    const revision = current.revision + 1;
    const visible = readerFacing && options.visibleChange;
    await tx.db.kysely
      .updateTable('articles')
      .set({ revision, ...(visible ? { content_updated_at: at } : {}) })
      .where('id', '=', id)
      .execute();
    await insertRevision(tx.db.kysely, {
      articleId: id,
      revision,
      state: current.state,
      snapshot: JSON.stringify(content),
      changedFields: changed,
      userId: actor.userId,
      action: options.action ?? 'save',
      note: options.note,
      reason: options.reason,
      visibleChange: visible,
      at,
    });
    if (readerFacing) await recordChange(tx.db.kysely, topics, at);
    return { result: { status: 'saved', revision, changed }, topics: readerFacing ? topics : [] };
  });
  if (outcome.topics.length > 0) deps.changes?.announce(outcome.topics);
  return outcome.result;
}

export interface RevisionEntry {
  id: number;
  revision: number;
  state: ArticleState;
  action: string;
  changedFields: string[];
  userId: number | null;
  note: string | null;
  reason: string | null;
  visibleChange: boolean;
  at: string;
}

type RevisionColumns = Pick<RevisionRecord, 'id' | 'revision' | 'state' | 'action' | 'changed_fields' | 'user_id' | 'note' | 'reason' | 'visible_change' | 'created_at'>;

function entryOf(r: RevisionColumns): RevisionEntry {
  return {
    id: r.id,
    revision: r.revision,
    state: r.state as ArticleState,
    action: r.action,
    changedFields: JSON.parse(r.changed_fields) as string[],
    userId: r.user_id,
    note: r.note,
    reason: r.reason,
    visibleChange: r.visible_change === 1,
    at: r.created_at,
  };
}

export async function listRevisions(deps: { readonly db: Db }, articleId: number, limit = 200): Promise<RevisionEntry[]> {
  return (await revisionsOf(deps.db.kysely, articleId, limit)).map(entryOf);
}

export async function getRevision(deps: { readonly db: Db }, articleId: number, revisionId: number): Promise<{ entry: RevisionEntry; content: ArticleContent } | null> {
  const r = await revisionById(deps.db.kysely, articleId, revisionId);
  return r ? { entry: entryOf(r), content: JSON.parse(r.snapshot) as ArticleContent } : null;
}

/** Who else has had the article open in the last `withinMs` (the editor page reports every half minute). */
export async function notePresence(deps: { readonly db: Db; readonly clock: ContentDeps['clock'] }, articleId: number, userId: number, withinMs = 90_000) {
  const now = deps.clock.now();
  await touchPresence(deps.db.kysely, articleId, userId, now.toISOString());
  const rows = await presentSince(deps.db.kysely, articleId, new Date(now.getTime() - withinMs).toISOString());
  return rows.filter((r) => r.user_id !== userId).map((r) => ({ userId: r.user_id, seenAt: r.seen_at }));
}

export interface DeskItem {
  id: number;
  title: string;
  state: ArticleState;
  updatedAt: string;
  publishedAt: string | null;
  charCount: number;
  sectionId: number;
  updatedBy: number | null;
}

export type { DeskFilter } from './editing.repo.js';

/** Each article's life-cycle state, by id (absent ids are absent): for pages that show many pieces' states. */
export async function articleStates(deps: { readonly db: Db }, ids: readonly number[]): Promise<Map<number, ArticleState>> {
  return (await statesOf(deps.db.kysely, ids)) as Map<number, ArticleState>;
}

export async function listDesk(deps: { readonly db: Db }, filter: DeskFilter, page: number, pageSize: number): Promise<{ items: DeskItem[]; total: number; pageCount: number }> {
  const ex = deps.db.kysely;
  const [rows, total] = await Promise.all([deskRows(ex, filter, (page - 1) * pageSize, pageSize), deskCount(ex, filter)]);
  return {
    items: rows.map((r) => ({
      id: r.id,
      title: r.title,
      state: r.state as ArticleState,
      updatedAt: r.updated_at,
      publishedAt: r.published_at,
      charCount: r.char_count,
      sectionId: r.section_id,
      updatedBy: r.updated_by,
    })),
    total,
    pageCount: Math.max(1, Math.ceil(total / pageSize)),
  };
}
