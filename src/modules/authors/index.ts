import type { Executor } from '../../platform/db/database.js';
import type { Author } from './author.js';
import { findAuthorByName, insertAuthor } from './authors.repo.js';

export type { Author } from './author.js';
export { findAuthorById } from './authors.repo.js';

/** The profile an imported byline belongs to: the existing one with that name, or a new guest profile. */
export async function ensureAuthor(ex: Executor, name: string, bio: string | null, at: string, kind = 'guest'): Promise<Author> {
  return (await findAuthorByName(ex, name)) ?? insertAuthor(ex, { name, kind, bio, longBio: null, at });
}
