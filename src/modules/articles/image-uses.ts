import type { Db } from '../../platform/db/database.js';
import type { ArticleState } from './article.js';

/** An article whose body shows an image, for the media library's "used in" list. */
export interface ImageUseArticle {
  id: number;
  title: string;
  state: ArticleState;
  updatedAt: string;
}

/** Articles whose figures show one of these images (any state), by image id, newest change first. */
export async function articlesUsingImages(deps: { readonly db: Db }, imageIds: readonly number[]): Promise<Map<number, ImageUseArticle[]>> {
  const ids = [...new Set(imageIds)];
  const out = new Map<number, ImageUseArticle[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return out;
  const rows = await deps.db.kysely
    .selectFrom('article_images as ai')
    .innerJoin('articles as a', 'a.id', 'ai.article_id')
    .select(['ai.image_id', 'a.id', 'a.title', 'a.state', 'a.updated_at'])
    .where('ai.image_id', 'in', ids)
    .orderBy('a.updated_at', 'desc')
    .orderBy('a.id', 'desc')
    .execute();
  for (const row of rows) out.get(row.image_id)?.push({ id: row.id, title: row.title, state: row.state as ArticleState, updatedAt: row.updated_at });
  return out;
}
