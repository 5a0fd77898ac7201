import { z } from 'zod';
import { type ChangeFeed, recordChange } from '../../platform/changes.js';
import { type Db, inTransaction } from '../../platform/db/database.js';
import type { Clock } from '../../platform/time.js';
import { type Actor, audit } from '../accounts/index.js';
import { findImages } from '../media/index.js';
import { chromeUrlProblem, type Words } from '../settings/index.js';
import { topics } from '../topics/index.js';
import { type Author, AUTHOR_KINDS, type DeskAuthor } from './author.js';
import * as repo from './authors.repo.js';

export type { Author, AuthorKind, AuthorLink, AuthorPrivate, DeskAuthor } from './author.js';
export { AUTHOR_KINDS } from './author.js';

interface AuthorsDeps {
  readonly db: Db;
  readonly clock: Clock;
}

/** Rebuilds the search documents of these articles inside the caller's transaction (the search module's reindexArticles). */
export type ReindexArticles = (tx: { readonly db: Db; readonly clock: Clock }, articleIds: readonly number[]) => Promise<void>;

export async function findAuthor(deps: { readonly db: Db }, id: number): Promise<Author | null> {
  return repo.findAuthorById(deps.db.kysely, id);
}

/** The profile a byline belongs to: the existing one with that name, or a new guest profile. */
export async function ensureAuthor(deps: AuthorsDeps, name: string, bio: string | null, kind = 'guest'): Promise<Author> {
  const ex = deps.db.kysely;
  return (await repo.findAuthorByName(ex, name)) ?? repo.insertAuthor(ex, { name, kind, bio, longBio: null, at: deps.clock.now().toISOString() });
}

export const AUTHOR_PAGE_SIZE = 50;

export async function listAuthorsForDesk(deps: { readonly db: Db }, options: { q?: string; page?: number }) {
  const q = (options.q ?? '').trim().slice(0, 40);
  const page = Math.max(1, options.page ?? 1);
  const found = await repo.listForDesk(deps.db.kysely, q, AUTHOR_PAGE_SIZE, (page - 1) * AUTHOR_PAGE_SIZE);
  return { ...found, q, page, pageCount: Math.max(1, Math.ceil(found.total / AUTHOR_PAGE_SIZE)) };
}

/** A profile with its private fields, for the desk only. */
export async function getAuthorForDesk(deps: { readonly db: Db }, id: number): Promise<DeskAuthor | null> {
  const ex = deps.db.kysely;
  const [author, priv, ids] = await Promise.all([repo.findAuthorById(ex, id), repo.findPrivateById(ex, id), repo.articleIdsOf(ex, id)]);
  return author && priv ? { ...author, private: priv, articleCount: ids.length } : null;
}

const CONTROL = /[\p{Cc}\u2028\u2029]/u;
const CONTROL_EXCEPT_NEWLINE = /[^\P{Cc}\n\t]|[\u2028\u2029]/u;
export const MAX_AUTHOR_LINKS = 5;

function line(max: number, t: Words, zh: string, en: string, required = false) {
  return z
    .string()
    .transform((v) => v.trim())
    .superRefine((v, ctx) => {
      if (required && v === '') ctx.addIssue({ code: 'custom', message: t(`請填寫${zh}`, `Enter the ${en.toLowerCase()}`) });
      else if ([...v].length > max) ctx.addIssue({ code: 'custom', message: t(`${zh}最多 ${max} 字`, `${en} is ${max} characters at most`) });
      else if (CONTROL.test(v)) ctx.addIssue({ code: 'custom', message: t(`${zh}不可含控制字元或換行`, `${en} must not contain control characters or line breaks`) });
    })
    .transform((v) => (v === '' ? null : v));
}

/** A profile as the desk edits it; messages in the desk's language. Links are rows like the chrome links. */
export function authorInputSchema(t: Words = (zh) => zh) {
  return z.object({
    name: line(40, t, '顯示名稱', 'Display name', true).transform((v) => v ?? ''),
    kind: z.enum(AUTHOR_KINDS, { message: t('請選擇作者類型', 'Choose a kind of author') }),
    bio: line(60, t, '簡介', 'Bio line'),
    longBio: z
      .string()
      .transform((v) => v.replace(/\r\n?/g, '\n').trim())
      .refine((v) => [...v].length <= 2000, t('詳細介紹最多 2,000 字', 'The long bio is 2,000 characters at most'))
      .refine((v) => !CONTROL_EXCEPT_NEWLINE.test(v), t('詳細介紹不可含控制字元', 'The long bio must not contain control characters'))
      .transform((v) => (v === '' ? null : v)),
    photoImageId: z
      .string()
      .trim()
      .refine((v) => v === '' || /^[1-9]\d{0,9}$/.test(v), t('照片請填媒體庫圖片的編號（正整數），或留空', 'Enter the id of an image in the media library (a positive number), or leave it empty'))
      .transform((v) => (v === '' ? null : Number(v)))
      .refine((v) => v === null || v <= 2147483647, t('沒有這個編號的圖片', 'There is no image with this id')),
    links: z
      .array(z.object({ label: z.string(), url: z.string() }))
      .superRefine((rows, ctx) => {
        rows.forEach((row, i) => {
          const label = row.label.trim();
          const url = row.url.trim();
          if (label === '' && url === '') return;
          if (label === '') ctx.addIssue({ code: 'custom', path: [i, 'label'], message: t('請填寫連結文字', 'Enter the link text') });
          else if ([...label].length > 30 || CONTROL.test(label)) {
            ctx.addIssue({ code: 'custom', path: [i, 'label'], message: t('連結文字最多 30 字，不含控制字元', 'Link text is 30 characters at most, without control characters') });
          }
          const problem = url === '' ? t('請填寫網址', 'Enter the address') : chromeUrlProblem(url, t);
          if (problem) ctx.addIssue({ code: 'custom', path: [i, 'url'], message: problem });
        });
      })
      .transform((rows) => rows.map((r) => ({ label: r.label.trim(), url: r.url.trim() })).filter((r) => r.label !== '' || r.url !== ''))
      .refine((rows) => rows.length <= MAX_AUTHOR_LINKS, t(`最多 ${MAX_AUTHOR_LINKS} 個連結`, `${MAX_AUTHOR_LINKS} links at most`)),
    realName: line(40, t, '真實姓名', 'Real name'),
    email: z
      .string()
      .trim()
      .refine((v) => v === '' || (v.length <= 254 && /^[^\s@]{1,64}@[^\s@]{1,190}\.[^\s@]{2,}$/.test(v)), t('這不是有效的電子郵件地址', 'This is not a valid e-mail address'))
      .transform((v) => (v === '' ? null : v)),
    phone: z
      .string()
      .trim()
      .refine((v) => v === '' || /^[0-9+()#\- ]{6,30}$/.test(v), t('電話只能有數字、空格與 + - ( ) #，6 到 30 個字元', 'A phone number has digits, spaces and + - ( ) # only, 6 to 30 characters'))
      .transform((v) => (v === '' ? null : v)),
  });
}

export type SaveAuthorResult = { ok: true; id: number; topics: string[] } | { ok: false; errors: Record<string, string> };

function problemsOf(error: z.ZodError): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) errors[issue.path.join('.')] ??= issue.message;
  return errors;
}

/**
 * Creates (id null) or updates a profile in one transaction: checks, the row, change topics (the author's
 * pages; every listing and the search documents of their articles when the printed name changes) and an audit
 * entry. A bad field changes nothing and comes back as a message beside it.
 */
export async function saveAuthor(
  deps: AuthorsDeps & { readonly changes?: ChangeFeed },
  id: number | null,
  input: unknown,
  options: { actor: Actor; reindex: ReindexArticles; t?: Words },
): Promise<SaveAuthorResult> {
  const t = options.t ?? ((zh: string) => zh);
  const parsed = authorInputSchema(t).safeParse(input);
  if (!parsed.success) return { ok: false, errors: problemsOf(parsed.error) };
  const f = parsed.data;
  const at = deps.clock.now().toISOString();
  const result = await inTransaction(deps, async (tx): Promise<SaveAuthorResult> => {
    const ex = tx.db.kysely;
    const before = id === null ? null : await repo.findAuthorById(ex, id);
    const beforePrivate = id === null ? null : await repo.findPrivateById(ex, id);
    if (id !== null && !before) return { ok: false, errors: { '': t('找不到這位作者', 'No such author') } };
    const clash = await repo.otherAuthorNamed(ex, f.name, id);
    if (clash !== null) return { ok: false, errors: { name: t(`已有同名的作者（#${clash}）；署名會對到最早的那一位`, `Another author (#${clash}) has this name; bylines would resolve to the earlier one`) } };
    if (f.photoImageId !== null && !(await findImages(tx, [f.photoImageId])).has(f.photoImageId)) {
      return { ok: false, errors: { photoImageId: t('媒體庫裡沒有這個編號的圖片', 'There is no image with this id in the media library') } };
    }
    const fields = { ...f, bio: f.bio, longBio: f.longBio };
    let authorId: number;
    const changeTopics: string[] = [];
    if (before === null) {
      authorId = await repo.insertAuthorFields(ex, fields, at);
      changeTopics.push(topics.author(authorId));
      await audit(tx, options.actor, 'author.create', `author:${authorId}`, { name: f.name, kind: f.kind });
    } else {
      authorId = before.id;
      await repo.updateAuthorFields(ex, authorId, fields, at);
      changeTopics.push(topics.author(authorId));
      if (before.photoImageId !== f.photoImageId && before.photoImageId !== null) changeTopics.push(topics.image(before.photoImageId));
      if (before.name !== f.name) {
        // Listings print bylines, and the search index holds the names: both follow the new name.
        const articleIds = await repo.articleIdsOf(ex, authorId);
        changeTopics.push(topics.list, ...articleIds.map(topics.article));
        await options.reindex(tx, articleIds);
      }
      const changed: string[] = (['name', 'kind', 'bio', 'longBio', 'photoImageId', 'links'] as const).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(f[k]));
      // Private fields are named in the log, never their values.
      if (beforePrivate) changed.push(...(['realName', 'email', 'phone'] as const).filter((k) => beforePrivate[k] !== f[k]));
      await audit(tx, options.actor, 'author.update', `author:${authorId}`, { changed, ...(before.name !== f.name ? { from: before.name, to: f.name } : {}) });
    }
    await recordChange(ex, changeTopics, at);
    return { ok: true, id: authorId, topics: changeTopics };
  });
  if (result.ok) deps.changes?.announce(result.topics);
  return result;
}
