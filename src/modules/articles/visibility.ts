import { type Expression, type SqlBool, sql } from 'kysely';
import type { ArticleState } from './article.js';

/**
 * What a reader may see: the one definition. Pages, listings, the API and search all ask here, so when
 * unpublishing, retraction or a new state arrives, this file is the place that changes.
 *
 * - A piece can be *opened* at its URL when it is published or unlisted and its time has come.
 * - A piece is *listed* (home, author, tag and section pages, the API's list, search) when it is published and
 *   its time has come; an unlisted piece keeps its URL but stays out of every list.
 */
const OPENABLE_STATES: readonly ArticleState[] = ['published', 'unlisted'];
const LISTED_STATES: readonly ArticleState[] = ['published'];

export function readerMayOpen(article: { state: string; publishedAt: string | null }, now: Date): boolean {
  return (
    (OPENABLE_STATES as readonly string[]).includes(article.state) &&
    article.publishedAt !== null &&
    article.publishedAt <= now.toISOString()
  );
}

/**
 * The listing rule as a SQL condition on the articles table under `alias`, for the queries of this module and
 * for the search engine, which checks it inside its own match query.
 */
export function listedToReaders(alias: string, now: Date): Expression<SqlBool> {
  const states = sql.join(LISTED_STATES.map((s) => sql.lit(s)));
  return sql<SqlBool>`${sql.ref(`${alias}.state`)} in (${states}) and ${sql.ref(`${alias}.published_at`)} <= ${now.toISOString()}`;
}
