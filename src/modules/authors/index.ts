import type { Db } from '../../platform/db/database.js';
import type { Clock } from '../../platform/time.js';
import type { Author } from './author.js';
import { findAuthorById, findAuthorByName, insertAuthor } from './authors.repo.js';

export type { Author } from './author.js';
export { AUTHOR_KINDS } from './author.js';

interface AuthorsDeps {
  readonly db: Db;
  readonly clock: Clock;
}

export async function findAuthor(deps: { readonly db: Db }, id: number): Promise<Author | null> {
  return findAuthorById(deps.db.kysely, id);
}

/** The profile a byline belongs to: the existing one with that name, or a new guest profile. */
export async function ensureAuthor(deps: AuthorsDeps, name: string, bio: string | null, kind = 'guest'): Promise<Author> {
  const ex = deps.db.kysely;
  return (await findAuthorByName(ex, name)) ?? insertAuthor(ex, { name, kind, bio, longBio: null, at: deps.clock.now().toISOString() });
}
