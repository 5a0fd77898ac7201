import { sql } from 'kysely';
import type { Executor } from '../../platform/db/database.js';
import { CREDIT_TYPES, type CreditType, type ImageDetails, type ImageRef, type LibraryImage, RIGHTS, type Rendition, type Rights } from './image.js';

const REF_COLUMNS = ['id', 'storage_key', 'width', 'height', 'mime', 'renditions', 'alt'] as const;
const LIBRARY_COLUMNS = [
  ...REF_COLUMNS,
  'bytes',
  'caption',
  'credit',
  'credit_type',
  'rights',
  'licence_note',
  'licence_expires_at',
  'uploaded_by',
  'original_name',
  'created_at',
  'updated_at',
] as const;

interface RefRow {
  id: number;
  storage_key: string;
  width: number;
  height: number;
  mime: string;
  renditions: string;
  alt: string | null;
}

interface LibraryRow extends RefRow {
  bytes: number;
  caption: string | null;
  credit: string | null;
  credit_type: string | null;
  rights: string | null;
  licence_note: string | null;
  licence_expires_at: string | null;
  uploaded_by: number | null;
  original_name: string | null;
  created_at: string;
  updated_at: string | null;
}

function toImageRef(r: RefRow): ImageRef {
  return { id: r.id, storageKey: r.storage_key, width: r.width, height: r.height, mime: r.mime, renditions: JSON.parse(r.renditions) as Rendition[], alt: r.alt };
}

const oneOf = <T extends string>(list: readonly T[], v: string | null): T | null => (v !== null && (list as readonly string[]).includes(v) ? (v as T) : null);

function toLibraryImage(r: LibraryRow): LibraryImage {
  return {
    ...toImageRef(r),
    alt: r.alt,
    bytes: r.bytes,
    caption: r.caption,
    credit: r.credit,
    creditType: oneOf<CreditType>(CREDIT_TYPES, r.credit_type),
    rights: oneOf<Rights>(RIGHTS, r.rights),
    licenceNote: r.licence_note,
    licenceExpiresAt: r.licence_expires_at,
    uploadedBy: r.uploaded_by,
    originalName: r.original_name,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export async function findImages(ex: Executor, ids: readonly number[]): Promise<Map<number, ImageRef>> {
  if (ids.length === 0) return new Map();
  const rows = await ex
    .selectFrom('images')
    .select(REF_COLUMNS)
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map((r) => [r.id, toImageRef(r)]));
}

export async function findLibraryImages(ex: Executor, ids: readonly number[]): Promise<Map<number, LibraryImage>> {
  if (ids.length === 0) return new Map();
  const rows = await ex
    .selectFrom('images')
    .select(LIBRARY_COLUMNS)
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map((r) => [r.id, toLibraryImage(r)]));
}

export async function findImageByKey(ex: Executor, storageKey: string): Promise<LibraryImage | null> {
  const r = await ex.selectFrom('images').select(LIBRARY_COLUMNS).where('storage_key', '=', storageKey).executeTakeFirst();
  return r ? toLibraryImage(r) : null;
}

/** Newest first; `folded` is matched anywhere in the folded caption, credit and file name. */
export async function searchLibrary(ex: Executor, folded: string, offset: number, limit: number): Promise<LibraryImage[]> {
  let q = ex.selectFrom('images').select(LIBRARY_COLUMNS);
  if (folded !== '') {
    // An explicit escape character: SQLite's LIKE has none by default, PostgreSQL's is the backslash.
    const pattern = `%${folded.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where(sql<boolean>`search_text like ${pattern} escape '\\'`);
  }
  const rows = await q.orderBy('id', 'desc').offset(offset).limit(limit).execute();
  return rows.map(toLibraryImage);
}

/**
 * Adds the image unless the same bytes are already there; two uploads of one file at the same moment both end
 * at the one row (the unique storage key decides), never at a database error. Returns the id and whether this
 * call made it.
 */
export async function insertImage(
  ex: Executor,
  row: {
    storageKey: string;
    mime: string;
    width: number;
    height: number;
    bytes: number;
    caption: string | null;
    credit: string | null;
    uploadedBy: number | null;
    originalName: string | null;
    searchText: string;
    createdAt: string;
  },
): Promise<{ id: number; created: boolean }> {
  const inserted = await ex
    .insertInto('images')
    .values({
      storage_key: row.storageKey,
      mime: row.mime,
      width: row.width,
      height: row.height,
      bytes: row.bytes,
      caption: row.caption,
      credit: row.credit,
      renditions: '[]',
      created_at: row.createdAt,
      uploaded_by: row.uploadedBy,
      original_name: row.originalName,
      search_text: row.searchText,
    })
    .onConflict((oc) => oc.column('storage_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted) return { id: inserted.id, created: true };
  const existing = await ex.selectFrom('images').select('id').where('storage_key', '=', row.storageKey).executeTakeFirstOrThrow();
  return { id: existing.id, created: false };
}

export async function updateDetails(ex: Executor, id: number, d: ImageDetails, searchText: string, at: string): Promise<boolean> {
  const result = await ex
    .updateTable('images')
    .set({
      caption: d.caption,
      credit: d.credit,
      credit_type: d.creditType,
      rights: d.rights,
      licence_note: d.licenceNote,
      licence_expires_at: d.licenceExpiresAt,
      alt: d.alt,
      search_text: searchText,
      updated_at: at,
    })
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Images still missing a rendition format (none yet, or made before AVIF renditions existed). */
export async function imagesWithoutRenditions(ex: Executor): Promise<ImageRef[]> {
  const rows = await ex
    .selectFrom('images')
    .select(REF_COLUMNS)
    .where((eb) => eb.or([eb('renditions', '=', '[]'), eb('renditions', 'not like', '%"avif"%')]))
    .orderBy('id')
    .execute();
  return rows.map(toImageRef);
}

export async function setRenditions(ex: Executor, id: number, renditions: readonly Rendition[]): Promise<void> {
  await ex.updateTable('images').set({ renditions: JSON.stringify(renditions) }).where('id', '=', id).execute();
}

/** Every image's address and stored size, in id order (for maintenance over the whole library). */
export async function listAllImages(ex: Executor): Promise<Array<{ id: number; storageKey: string; width: number; height: number }>> {
  const rows = await ex.selectFrom('images').select(['id', 'storage_key', 'width', 'height']).orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, storageKey: r.storage_key, width: r.width, height: r.height }));
}

export async function setStoredSize(ex: Executor, id: number, size: { bytes: number; width: number; height: number }): Promise<void> {
  await ex.updateTable('images').set({ bytes: size.bytes, width: size.width, height: size.height }).where('id', '=', id).execute();
}
