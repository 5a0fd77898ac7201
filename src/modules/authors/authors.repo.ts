import type { Executor } from '../../platform/db/database.js';
import type { Author } from './author.js';

const PUBLIC_COLUMNS = ['id', 'name', 'kind', 'bio', 'long_bio'] as const;

function toAuthor(r: { id: number; name: string; kind: string; bio: string | null; long_bio: string | null }): Author {
  return { id: r.id, name: r.name, kind: r.kind, bio: r.bio, longBio: r.long_bio };
}

export async function findAuthorById(ex: Executor, id: number): Promise<Author | null> {
  const r = await ex.selectFrom('authors').select([...PUBLIC_COLUMNS]).where('id', '=', id).executeTakeFirst();
  return r ? toAuthor(r) : null;
}

/** Lowest id first, so a name always resolves to the same profile. */
export async function findAuthorByName(ex: Executor, name: string): Promise<Author | null> {
  const r = await ex.selectFrom('authors').select([...PUBLIC_COLUMNS]).where('name', '=', name).orderBy('id').limit(1).executeTakeFirst();
  return r ? toAuthor(r) : null;
}

export async function insertAuthor(
  ex: Executor,
  row: { name: string; kind: string; bio: string | null; longBio: string | null; at: string },
): Promise<Author> {
  const inserted = await ex
    .insertInto('authors')
    .values({ name: row.name, kind: row.kind, bio: row.bio, long_bio: row.longBio, created_at: row.at, updated_at: row.at })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: inserted.id, name: row.name, kind: row.kind, bio: row.bio, longBio: row.longBio };
}
