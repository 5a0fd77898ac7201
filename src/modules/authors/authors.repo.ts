import { sql } from 'kysely';
import type { Executor } from '../../platform/db/database.js';
import type { Author, AuthorLink, AuthorPrivate } from './author.js';

// Private columns (real_name, email, phone) are never in this list: a public read cannot leak them by accident.
const PUBLIC_COLUMNS = ['id', 'name', 'kind', 'bio', 'long_bio', 'photo_image_id', 'links'] as const;

interface PublicRow {
  id: number;
  name: string;
  kind: string;
  bio: string | null;
  long_bio: string | null;
  photo_image_id: number | null;
  links: string;
}

function parseLinks(raw: string): AuthorLink[] {
  try {
    const v: unknown = JSON.parse(raw);
    return Array.isArray(v) ? v.filter((l): l is AuthorLink => typeof l?.label === 'string' && typeof l?.url === 'string') : [];
  } catch {
    return [];
  }
}

function toAuthor(r: PublicRow): Author {
  return { id: r.id, name: r.name, kind: r.kind, bio: r.bio, longBio: r.long_bio, photoImageId: r.photo_image_id, links: parseLinks(r.links) };
}

export async function findAuthorById(ex: Executor, id: number): Promise<Author | null> {
  const r = await ex.selectFrom('authors').select([...PUBLIC_COLUMNS]).where('id', '=', id).executeTakeFirst();
  return r ? toAuthor(r) : null;
}

export async function findPrivateById(ex: Executor, id: number): Promise<AuthorPrivate | null> {
  const r = await ex.selectFrom('authors').select(['real_name', 'email', 'phone']).where('id', '=', id).executeTakeFirst();
  return r ? { realName: r.real_name, email: r.email, phone: r.phone } : null;
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
  return { id: inserted.id, name: row.name, kind: row.kind, bio: row.bio, longBio: row.longBio, photoImageId: null, links: [] };
}

export interface AuthorFields {
  name: string;
  kind: string;
  bio: string | null;
  longBio: string | null;
  photoImageId: number | null;
  links: AuthorLink[];
  realName: string | null;
  email: string | null;
  phone: string | null;
}

function columnsOf(f: AuthorFields) {
  return {
    name: f.name,
    kind: f.kind,
    bio: f.bio,
    long_bio: f.longBio,
    photo_image_id: f.photoImageId,
    links: JSON.stringify(f.links),
    real_name: f.realName,
    email: f.email,
    phone: f.phone,
  };
}

export async function insertAuthorFields(ex: Executor, f: AuthorFields, at: string): Promise<number> {
  const r = await ex
    .insertInto('authors')
    .values({ ...columnsOf(f), created_at: at, updated_at: at })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function updateAuthorFields(ex: Executor, id: number, f: AuthorFields, at: string): Promise<void> {
  await ex.updateTable('authors').set({ ...columnsOf(f), updated_at: at }).where('id', '=', id).execute();
}

/** Another profile already printed under this name (bylines resolve names to profiles). */
export async function otherAuthorNamed(ex: Executor, name: string, exceptId: number | null): Promise<number | null> {
  let q = ex.selectFrom('authors').select('id').where('name', '=', name);
  if (exceptId !== null) q = q.where('id', '<>', exceptId);
  const r = await q.orderBy('id').limit(1).executeTakeFirst();
  return r?.id ?? null;
}

function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * The desk's list: newest profiles first, by display or real name, with how many articles (any state) each
 * has. article_authors is the articles' join table; counting bylines here keeps the list one query.
 */
export async function listForDesk(ex: Executor, q: string, limit: number, offset: number) {
  let base = ex.selectFrom('authors as au');
  if (q !== '') {
    const pattern = likePattern(q.toLowerCase());
    base = base.where((eb) =>
      eb.or([
        eb(sql<string>`lower(au.name)`, 'like', sql<string>`${pattern} escape '\\'`),
        eb(sql<string>`lower(coalesce(au.real_name, ''))`, 'like', sql<string>`${pattern} escape '\\'`),
      ]),
    );
  }
  const [rows, total] = await Promise.all([
    base
      .select(['au.id', 'au.name', 'au.kind', 'au.bio', 'au.real_name'])
      .select((eb) =>
        eb
          .selectFrom('article_authors as aa')
          .select(sql<number>`count(distinct aa.article_id)`.as('n'))
          .whereRef('aa.author_id', '=', 'au.id')
          .as('article_count'),
      )
      .orderBy('au.id', 'desc')
      .limit(limit)
      .offset(offset)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    total: Number(total.n),
    items: rows.map((r) => ({ id: r.id, name: r.name, kind: r.kind, bio: r.bio, realName: r.real_name, articleCount: Number(r.article_count ?? 0) })),
  };
}

export async function articleIdsOf(ex: Executor, authorId: number): Promise<number[]> {
  const rows = await ex.selectFrom('article_authors').select('article_id').distinct().where('author_id', '=', authorId).orderBy('article_id').execute();
  return rows.map((r) => r.article_id);
}
