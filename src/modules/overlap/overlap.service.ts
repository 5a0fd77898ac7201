import { type ArticleText, articleTexts, articleTextsWrittenFrom } from '../articles/index.js';
import { type Db, inTransaction, MAX_ROW_ID } from '../../platform/db/database.js';
import {
  candidatesSharing,
  deleteDoc,
  indexSize,
  kindName,
  readProgress,
  replaceFingerprints,
  storedVersions,
  type TextKind,
  writeProgress,
} from './overlap.repo.js';
import { compareTexts, fingerprintsOf, foldForOverlap, type Passage, SHINGLE, shingleHashes, WINDOW } from './shingles.js';

export type { TextKind } from './overlap.repo.js';
export type { Passage } from './shingles.js';

export interface OverlapDeps {
  readonly db: Db;
}

/** A text the detector knows: an article of the archive, or a submission (我要投稿) by its own id. */
export interface TextRef {
  readonly kind: TextKind;
  readonly id: number;
}

export interface Overlap {
  readonly ref: TextRef;
  /** Index fingerprints the two texts share (how the candidate was found; a rough measure). */
  readonly sharedFingerprints: number;
  /** 0..1: the part of the query text (letters and digits, folded) that stands in passages shared with `ref`. */
  readonly share: number;
  /** The shared stretches as written on each side, in the query's order, for side-by-side display. */
  readonly passages: Passage[];
}

export interface FindOverlapsOptions {
  /** Leave this text out (a submission being checked is itself in the index). */
  readonly exclude?: TextRef;
  /** At most this many overlaps, largest share first. Default 5. */
  readonly limit?: number;
  /** Report only texts covering at least this part of the query. Default 0.1. */
  readonly minShare?: number;
  /**
   * The text of a non-article ref (a submission), which this module does not own. Without it, or when it answers
   * null (the submission is gone), submissions found in the index are left out: no passages, no exact share.
   */
  readonly textOf?: (ref: TextRef) => Promise<string | null>;
}

export const DEFAULT_MIN_SHARE = 0.1;
const DEFAULT_LIMIT = 5;
/** Texts compared shingle by shingle per query at most (about a millisecond each for a 2,500-character pair). */
const CANDIDATES = 20;

function checkRef(ref: TextRef): void {
  if (ref.kind !== 'article' && ref.kind !== 'submission') throw new RangeError(`overlap: unknown kind ${String(ref.kind)}`);
  if (!Number.isInteger(ref.id) || ref.id < 1 || ref.id > MAX_ROW_ID) throw new RangeError(`overlap: bad id ${ref.id}`);
}

/**
 * Replaces the fingerprints of `ref` with those of `text`. Inside a caller's inTransaction it joins that
 * transaction, so a submission and its fingerprints are stored together or not at all.
 */
export async function indexText(deps: OverlapDeps, ref: TextRef, text: string): Promise<void> {
  checkRef(ref);
  const fingerprints = fingerprintsOf(text);
  await inTransaction(deps, (tx) => replaceFingerprints(tx.db.kysely, ref.kind, ref.id, fingerprints, null));
}

/** Removes `ref` from the index; true when it was there. */
export async function forgetText(deps: OverlapDeps, ref: TextRef): Promise<boolean> {
  checkRef(ref);
  return inTransaction(deps, (tx) => deleteDoc(tx.db.kysely, ref.kind, ref.id));
}

/** What of an article is compared: title, lead and body text, one per line. */
export function articleOverlapText(a: Pick<ArticleText, 'title' | 'lead' | 'bodyText'>): string {
  return [a.title, a.lead ?? '', a.bodyText].filter((s) => s.trim() !== '').join('\n');
}

/**
 * Texts in the index that share passages with `text`, largest share first. The index only nominates
 * candidates (texts sharing fingerprints); each candidate is then compared with the query shingle by shingle,
 * which gives the exact share and the passages.
 */
export async function findOverlaps(deps: OverlapDeps, text: string, options: FindOverlapsOptions = {}): Promise<Overlap[]> {
  const limit = Math.max(1, Math.floor(options.limit ?? DEFAULT_LIMIT));
  const minShare = options.minShare ?? DEFAULT_MIN_SHARE;
  const folded = foldForOverlap(text);
  const hashes = shingleHashes(folded);
  if (hashes.length === 0) return [];
  // Every shingle of the query is looked up, not only its fingerprints: then any stored fingerprint inside a
  // shared stretch is found, and a stretch of 59 characters or more always holds one (a paragraph copied into a
  // long submission is found even when winnowing both sides would have picked different shingles).
  const keys = [...new Set(hashes)];
  const exclude = options.exclude;
  const nominated = await candidatesSharing(deps.db.kysely, keys, fingerprintsToReach(minShare, folded.length), Math.max(CANDIDATES, limit * 2) + (exclude ? 1 : 0));
  const candidates = nominated
    .map((c) => ({ kind: kindName(c.kind), id: c.doc_id, shared: c.shared }))
    .filter((c): c is { kind: TextKind; id: number; shared: number } => c.kind !== null)
    .filter((c) => !(exclude && exclude.kind === c.kind && exclude.id === c.id));
  const articles = new Map(
    (await articleTexts(deps, candidates.filter((c) => c.kind === 'article').map((c) => c.id))).map((a) => [a.id, articleOverlapText(a)]),
  );
  const query = { text, folded, hashes };
  const found: Overlap[] = [];
  for (const c of candidates) {
    const ref: TextRef = { kind: c.kind, id: c.id };
    const theirs = c.kind === 'article' ? articles.get(c.id) : options.textOf ? await options.textOf(ref) : null;
    if (theirs === undefined || theirs === null) continue;
    const { share, passages } = compareTexts(query, theirs);
    if (passages.length === 0 || share < minShare) continue;
    found.push({ ref, sharedFingerprints: c.shared, share, passages });
  }
  return found.sort((a, b) => b.share - a.share || b.sharedFingerprints - a.sharedFingerprints).slice(0, limit);
}

/**
 * How many stored fingerprints a text must share with the query to be compared at all. A shared stretch of L
 * characters holds at least ⌊(L − SHINGLE + 1) / WINDOW⌋ of the other text's fingerprints, at worst one per
 * 2·WINDOW + SHINGLE − 2 = 108 characters (a stretch just too short for two): so a text covering `minShare` of
 * the query in stretches of 59 characters or more is never left out, and comparing the many texts that share
 * one chance fingerprint with a long query is skipped.
 */
function fingerprintsToReach(minShare: number, queryLength: number): number {
  return Math.max(1, Math.floor((minShare * queryLength) / (2 * WINDOW + SHINGLE - 2)));
}

const ARTICLES = 'articles';
/**
 * The catch-up re-reads this far behind where it stopped: updated_at is taken from the clock when a write
 * starts, and a transaction that commits later than one the job already read would otherwise be skipped.
 * Rows re-read whose updated_at was already indexed cost one lookup, not a re-index.
 */
const REREAD_MS = 2 * 60_000;

export interface CatchUpOptions {
  /**
   * Articles read per transaction; between batches the event loop gets a turn. Default 50: about 60 ms of work
   * at 2,500 characters an article, which is as long as a serving process stops answering during a backfill.
   */
  readonly batch?: number;
  readonly onProgress?: (indexed: number) => void;
}

/**
 * Indexes the articles written since the last catch-up (all of them the first time: the backfill), in
 * (updated_at, id) order, in batches of one transaction each with the progress mark. Every state is indexed,
 * drafts and retracted pieces too: a submission copying a retracted article or a colleague's unpublished draft
 * is just as much worth flagging, and a text never leaves the archive (articles are not deleted). Safe to run
 * in two processes at once: both write the same fingerprints.
 */
export async function catchUpArticles(deps: OverlapDeps, options: CatchUpOptions = {}): Promise<{ indexed: number; read: number }> {
  const batch = options.batch ?? 50;
  const mark = await readProgress(deps.db.kysely, ARTICLES);
  let from = mark ? { updatedAt: new Date(Date.parse(mark.updatedAt) - REREAD_MS).toISOString(), id: 0 } : { updatedAt: '', id: 0 };
  let indexed = 0;
  let read = 0;
  for (;;) {
    const rows = await articleTextsWrittenFrom(deps, from, batch);
    if (rows.length === 0) break;
    read += rows.length;
    const last = rows[rows.length - 1] as ArticleText;
    indexed += await inTransaction(deps, async (tx) => {
      const versions = await storedVersions(tx.db.kysely, 'article', rows.map((r) => r.id));
      let n = 0;
      for (const row of rows) {
        if (versions.get(row.id) === row.updatedAt) continue;
        await replaceFingerprints(tx.db.kysely, 'article', row.id, fingerprintsOf(articleOverlapText(row)), row.updatedAt);
        n++;
      }
      const ahead = mark && (mark.updatedAt > last.updatedAt || (mark.updatedAt === last.updatedAt && mark.id > last.id));
      if (!ahead) await writeProgress(tx.db.kysely, ARTICLES, { updatedAt: last.updatedAt, id: last.id });
      return n;
    });
    options.onProgress?.(indexed);
    if (rows.length < batch) break;
    from = { updatedAt: last.updatedAt, id: last.id + 1 };
    // better-sqlite3 is synchronous: a backfill of the whole archive must not hold the event loop between batches.
    await new Promise((resolve) => setImmediate(resolve));
  }
  return { indexed, read };
}

/** How big the index is, in rows (for operators and the bench). */
export async function overlapIndexSize(deps: OverlapDeps): Promise<{ fingerprints: number; texts: number }> {
  const { fingerprints, docs } = await indexSize(deps.db.kysely);
  return { fingerprints, texts: docs };
}
