import type { Executor } from '../../platform/db/database.js';
import type { ImageRef, Rendition } from './image.js';

export async function findImages(ex: Executor, ids: readonly number[]): Promise<Map<number, ImageRef>> {
  if (ids.length === 0) return new Map();
  const rows = await ex
    .selectFrom('images')
    .select(['id', 'storage_key', 'width', 'height', 'mime', 'renditions'])
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map((r) => [r.id, toImageRef(r)]));
}

function toImageRef(r: { id: number; storage_key: string; width: number; height: number; mime: string; renditions: string }): ImageRef {
  return { id: r.id, storageKey: r.storage_key, width: r.width, height: r.height, mime: r.mime, renditions: JSON.parse(r.renditions) as Rendition[] };
}

export async function findImageByKey(ex: Executor, storageKey: string): Promise<ImageRef | null> {
  const r = await ex
    .selectFrom('images')
    .select(['id', 'storage_key', 'width', 'height', 'mime', 'renditions'])
    .where('storage_key', '=', storageKey)
    .executeTakeFirst();
  return r ? toImageRef(r) : null;
}

export async function insertImage(
  ex: Executor,
  row: { storageKey: string; mime: string; width: number; height: number; bytes: number; caption: string | null; credit: string | null; createdAt: string },
): Promise<number> {
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
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}

export async function imagesWithoutRenditions(ex: Executor): Promise<ImageRef[]> {
  const rows = await ex
    .selectFrom('images')
    .select(['id', 'storage_key', 'width', 'height', 'mime', 'renditions'])
    .where('renditions', '=', '[]')
    .orderBy('id')
    .execute();
  return rows.map(toImageRef);
}

export async function setRenditions(ex: Executor, id: number, renditions: readonly Rendition[]): Promise<void> {
  await ex.updateTable('images').set({ renditions: JSON.stringify(renditions) }).where('id', '=', id).execute();
}
