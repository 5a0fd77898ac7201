import type { ArticleSummary, ContentDeps } from '../modules/articles/index.js';
import { summariesInOrder } from '../modules/articles/index.js';
import { findAuthorById } from '../modules/authors/index.js';
import { type CompiledQuery, cleanQuery, MAX_QUERY_CHARS, search, type SnippetPart, snippet } from '../modules/search/index.js';
import { findSectionBySlug, findTagByName } from '../modules/taxonomy/index.js';
import { parseTaipeiTime } from '../platform/time.js';

/** What the site's /search and the API's /search share: parameters read leniently, results with snippets. */
export interface SearchParams {
  q: string;
  page: number;
  pageSize: number;
  author?: string;
  tag?: string;
  section?: string;
  from?: string;
  to?: string;
}

export interface SearchResults {
  status: 'ok' | 'empty' | 'no_searchable_text';
  query: string;
  truncated: boolean;
  compiled: CompiledQuery | null;
  items: Array<{ article: ArticleSummary; snippet: SnippetPart[]; score: number }>;
  total: number;
  /** There are more matches than `total`; only the first `total` can be paged through. */
  totalIsLowerBound: boolean;
  page: number;
  pageCount: number;
  /** Filters that were applied, for display; and those that were ignored, with the reason. */
  filters: Array<{ key: 'author' | 'tag' | 'section' | 'from' | 'to'; value: string; label: string }>;
  ignored: string[];
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The text parameters both search front doors take from the query string; anything not a string is ignored. */
export function searchParamsFrom(query: unknown, page: number, pageSize: number): SearchParams {
  const q = (query ?? {}) as Record<string, unknown>;
  const str = (k: string) => (typeof q[k] === 'string' ? (q[k] as string) : undefined);
  return { q: str('q') ?? '', page, pageSize, author: str('author'), tag: str('tag'), section: str('section'), from: str('from'), to: str('to') };
}

export async function runSearch(deps: ContentDeps, p: SearchParams): Promise<SearchResults> {
  const { text, truncated } = cleanQuery(p.q);
  const filters: SearchResults['filters'] = [];
  const ignored: string[] = [];
  const scope: { authorId?: number; tagId?: number; sectionId?: number; from?: string; to?: string } = {};
  if (p.author) {
    const author = /^[1-9]\d{0,14}$/.test(p.author) ? await findAuthorById(deps.db.kysely, Number(p.author)) : null;
    if (author) {
      scope.authorId = author.id;
      filters.push({ key: 'author', value: p.author, label: `作者：${author.name}` });
    } else ignored.push('找不到指定的作者，已略過作者篩選');
  }
  if (p.tag) {
    const tag = p.tag.length <= 60 ? await findTagByName(deps.db.kysely, p.tag) : null;
    if (tag) {
      scope.tagId = tag.id;
      filters.push({ key: 'tag', value: p.tag, label: `關鍵字：${tag.name}` });
    } else ignored.push('找不到指定的關鍵字，已略過關鍵字篩選');
  }
  if (p.section) {
    const section = /^[a-z0-9-]{1,40}$/.test(p.section) ? await findSectionBySlug(deps.db.kysely, p.section) : null;
    if (section) {
      scope.sectionId = section.id;
      filters.push({ key: 'section', value: p.section, label: `分類：${section.name}` });
    } else ignored.push('找不到指定的分類，已略過分類篩選');
  }
  for (const key of ['from', 'to'] as const) {
    const raw = p[key];
    if (!raw) continue;
    const t = /^\d{4}-\d{2}-\d{2}$/.test(raw) ? parseTaipeiTime(raw) : null;
    if (!t) {
      ignored.push(`日期「${raw.slice(0, 20)}」看不懂（格式 YYYY-MM-DD），已略過`);
      continue;
    }
    scope[key] = key === 'from' ? t : new Date(Date.parse(t) + DAY_MS - 1).toISOString();
    filters.push({ key, value: raw, label: key === 'from' ? `${raw} 起` : `至 ${raw}` });
  }
  const base = { query: text, truncated, filters, ignored, page: p.page };
  const outcome = await search(deps, text, { filters: scope, limit: p.pageSize, offset: (p.page - 1) * p.pageSize });
  if (outcome.status === 'problem') {
    return { ...base, status: outcome.problem, compiled: null, items: [], total: 0, totalIsLowerBound: false, pageCount: 1 };
  }
  const summaries = await summariesInOrder(
    deps,
    outcome.hits.map((h) => h.articleId),
  );
  const spellings = outcome.query.terms.flatMap((t) => t.spellings);
  const scores = new Map(outcome.hits.map((h) => [h.articleId, h.score]));
  return {
    ...base,
    status: 'ok',
    compiled: outcome.query,
    items: summaries.map((s) => ({ article: s, snippet: snippet(s.bodyText, spellings), score: scores.get(s.id) ?? 0 })),
    total: outcome.total,
    totalIsLowerBound: outcome.atLeast,
    pageCount: Math.max(1, Math.ceil(outcome.total / p.pageSize)),
  };
}

export { MAX_QUERY_CHARS };
