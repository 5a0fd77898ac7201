import type { Executor } from '../../platform/db/database.js';

export type TextKind = 'article' | 'submission';

/** kind is repeated in every fingerprint row, so it is stored as a small number. */
const KIND_CODES: Record<TextKind, number> = { article: 1, submission: 2 };
const KIND_NAMES = new Map<number, TextKind>([
  [1, 'article'],
  [2, 'submission'],
]);

export const kindCode = (kind: TextKind): number => KIND_CODES[kind];
export const kindName = (code: number): TextKind | null => KIND_NAMES.get(code) ?? null;

/**
 * Lists of values cut into pieces of a few fixed sizes, the last padded with repeats of its last value. The
 * database layer keeps prepared statements by their SQL, and an `in (…)` or a multi-row insert of each length
 * would be a statement of its own: thousands of one-off statements pushing the pages' out of that cache.
 * Repeats change nothing in an `in` list, and inserts of fingerprints ignore a row already there.
 */
const SIZES = [16, 32, 64, 128, 256, 512, 1_024, 2_048, 4_096] as const;

function pieces<T>(xs: readonly T[], max: (typeof SIZES)[number]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += max) {
    const piece = xs.slice(i, i + max);
    const size = SIZES.find((s) => s >= piece.length) ?? max;
    const last = piece[piece.length - 1] as T;
    while (piece.length < size) piece.push(last);
    out.push(piece);
  }
  return out;
}

export function encodeFingerprints(hashes: readonly number[]): Uint8Array {
  const out = Buffer.alloc(hashes.length * 4);
  hashes.forEach((h, i) => out.writeInt32LE(h, i * 4));
  return out;
}

export function decodeFingerprints(bytes: Uint8Array): number[] {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: number[] = [];
  for (let i = 0; i + 4 <= buf.length; i += 4) out.push(buf.readInt32LE(i));
  return out;
}

export interface StoredDoc {
  fingerprints: number[];
  version: string | null;
}

export async function storedDoc(ex: Executor, kind: TextKind, docId: number): Promise<StoredDoc | null> {
  const row = await ex
    .selectFrom('text_fingerprint_docs')
    .select(['fingerprints', 'version'])
    .where('kind', '=', kindCode(kind))
    .where('doc_id', '=', docId)
    .executeTakeFirst();
  return row ? { fingerprints: decodeFingerprints(row.fingerprints), version: row.version } : null;
}

/** The indexed version of each of these docs (docs never indexed are missing from the map). */
export async function storedVersions(ex: Executor, kind: TextKind, docIds: readonly number[]): Promise<Map<number, string | null>> {
  const out = new Map<number, string | null>();
  for (const part of pieces(docIds, 1_024)) {
    const rows = await ex
      .selectFrom('text_fingerprint_docs')
      .select(['doc_id', 'version'])
      .where('kind', '=', kindCode(kind))
      .where('doc_id', 'in', part)
      .execute();
    for (const r of rows) out.set(r.doc_id, r.version);
  }
  return out;
}

/** Writes the difference between what is stored and `next`: an edit touches only the fingerprints it changed. */
export async function replaceFingerprints(ex: Executor, kind: TextKind, docId: number, next: readonly number[], version: string | null): Promise<void> {
  const code = kindCode(kind);
  const before = await storedDoc(ex, kind, docId);
  const old = new Set(before?.fingerprints ?? []);
  const keep = new Set(next);
  const removed = [...old].filter((h) => !keep.has(h));
  const added = next.filter((h) => !old.has(h));
  for (const part of pieces(removed, 1_024)) {
    await ex.deleteFrom('text_fingerprints').where('hash', 'in', part).where('kind', '=', code).where('doc_id', '=', docId).execute();
  }
  // Three parameters a row. A row already there is a padding repeat, or a second catch-up racing this one.
  for (const part of pieces(added, 256)) {
    await ex
      .insertInto('text_fingerprints')
      .values(part.map((hash) => ({ hash, kind: code, doc_id: docId })))
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
  const fingerprints = encodeFingerprints(next);
  if (before) {
    await ex.updateTable('text_fingerprint_docs').set({ fingerprints, version }).where('kind', '=', code).where('doc_id', '=', docId).execute();
  } else {
    await ex.insertInto('text_fingerprint_docs').values({ kind: code, doc_id: docId, fingerprints, version }).execute();
  }
}

export async function deleteDoc(ex: Executor, kind: TextKind, docId: number): Promise<boolean> {
  const before = await storedDoc(ex, kind, docId);
  if (!before) return false;
  const code = kindCode(kind);
  for (const part of pieces(before.fingerprints, 1_024)) {
    await ex.deleteFrom('text_fingerprints').where('hash', 'in', part).where('kind', '=', code).where('doc_id', '=', docId).execute();
  }
  await ex.deleteFrom('text_fingerprint_docs').where('kind', '=', code).where('doc_id', '=', docId).execute();
  return true;
}

export interface Candidate {
  kind: number;
  doc_id: number;
  shared: number;
}

/**
 * A fingerprint found in more texts than this is a stock phrase or a much-quoted line, not one text copied:
 * it nominates nobody (the comparison of the candidates still sees it).
 */
export const STOCK_PHRASE_TEXTS = 50;

/**
 * Docs holding at least `atLeast` of these hashes among their fingerprints, most first. Counted inside the
 * database from the primary key alone, so a stock phrase's thousands of rows are never sent here.
 */
export async function candidatesSharing(ex: Executor, hashes: readonly number[], atLeast: number, limit: number): Promise<Candidate[]> {
  if (hashes.length === 0) return [];
  const counts = new Map<string, Candidate>();
  // Twice the hashes a statement: well under SQLite's 32,766 bound parameters and PostgreSQL's 65,535.
  const parts = pieces(hashes, 4_096);
  for (const part of parts) {
    const rows = await ex
      .selectFrom('text_fingerprints')
      .select(['kind', 'doc_id', (eb) => eb.fn.countAll<number>().as('shared')])
      .where('hash', 'in', (eb) =>
        eb.selectFrom('text_fingerprints').select('hash').where('hash', 'in', part).groupBy('hash').having((h) => h.fn.countAll(), '<=', STOCK_PHRASE_TEXTS),
      )
      .groupBy(['kind', 'doc_id'])
      .$if(parts.length === 1, (q) => q.having((eb) => eb.fn.countAll(), '>=', atLeast).orderBy('shared', 'desc').orderBy('kind').orderBy('doc_id').limit(limit))
      .execute();
    for (const r of rows) {
      const key = `${r.kind}:${r.doc_id}`;
      const seen = counts.get(key);
      if (seen) seen.shared += Number(r.shared);
      else counts.set(key, { kind: r.kind, doc_id: r.doc_id, shared: Number(r.shared) });
    }
  }
  return [...counts.values()]
    .filter((c) => c.shared >= atLeast)
    .sort((a, b) => b.shared - a.shared || a.kind - b.kind || a.doc_id - b.doc_id)
    .slice(0, limit);
}

export interface Progress {
  updatedAt: string;
  id: number;
}

export async function readProgress(ex: Executor, source: string): Promise<Progress | null> {
  const row = await ex.selectFrom('text_fingerprint_progress').select(['after_updated_at', 'after_id']).where('source', '=', source).executeTakeFirst();
  return row ? { updatedAt: row.after_updated_at, id: row.after_id } : null;
}

export async function writeProgress(ex: Executor, source: string, at: Progress): Promise<void> {
  await ex
    .insertInto('text_fingerprint_progress')
    .values({ source, after_updated_at: at.updatedAt, after_id: at.id })
    .onConflict((oc) => oc.column('source').doUpdateSet({ after_updated_at: at.updatedAt, after_id: at.id }))
    .execute();
}

export async function indexSize(ex: Executor): Promise<{ fingerprints: number; docs: number }> {
  const [f, d] = await Promise.all([
    ex.selectFrom('text_fingerprints').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ex.selectFrom('text_fingerprint_docs').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { fingerprints: Number(f.n), docs: Number(d.n) };
}
