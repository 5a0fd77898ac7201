import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.js';
import type { ArticleBody, ArticleState } from './article.js';

/** An article whose body shows an image, for the media library's "used in" list. */
export interface ImageUseArticle {
  id: number;
  title: string;
  state: ArticleState;
  updatedAt: string;
}

/**
 * Articles whose figures show one of these images (any state), by image id. Bodies are JSON text written by
 * JSON.stringify, so a figure's reference reads `"imageId":N`; a LIKE narrows the rows and the parsed body
 * decides. This reads article bodies, which is fine for the library's pages; a publish path should not call it
 * for every save.
 */
export async function articlesUsingImages(deps: { readonly db: Db }, imageIds: readonly number[]): Promise<Map<number, ImageUseArticle[]>> {
  const ids = [...new Set(imageIds)];
  const out = new Map<number, ImageUseArticle[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return out;
  const rows = await deps.db.kysely
    .selectFrom('articles')
    .select(['id', 'title', 'state', 'updated_at', 'body'])
    .where((eb) => eb.or(ids.flatMap((id) => [sql<boolean>`body like ${`%"imageId":${id},%`}`, sql<boolean>`body like ${`%"imageId":${id}}%`}`])))
    .orderBy('updated_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  for (const row of rows) {
    const body = JSON.parse(row.body) as ArticleBody;
    const shown = new Set(body.blocks.flatMap((b) => (b.type === 'figure' && b.imageId !== null ? [b.imageId] : [])));
    for (const id of ids) {
      if (shown.has(id)) out.get(id)?.push({ id: row.id, title: row.title, state: row.state as ArticleState, updatedAt: row.updated_at });
    }
  }
  return out;
}
