import { type ArticleSummary, type ContentDeps, listedToReaders, summariesInOrder } from '../articles/index.js';
import { findAuthor } from '../authors/index.js';
import { findSection, findTag } from '../taxonomy/index.js';
import { MAX_ROW_ID } from '../../platform/db/database.js';
import { parseTaipeiTime } from '../../platform/time.js';
import { type CompiledQuery, cleanQuery, findMatches } from './engine/index.js';
import { type SnippetPart, snippet } from './snippet.js';

/**
 * The search use case, for every front door (the site's /search, the API, the newsroom, the CLI): a reader's
 * words and filters → ranked hits → article summaries with snippets. Filters that name nothing are ignored
 * with a note rather than refused: a reader following an old link still gets results.
 */
export interface SearchParams {
  q: string;
  page: number;
  pageSize: number;
  author?: string;
  tag?: string;
  section?: string;
  from?: string;
  to?: string;
  /** The newsroom's search: drafts and every other state too. Readers' searches never set it. */
  allStates?: boolean;
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

export async function runSearch(deps: ContentDeps, p: SearchParams): Promise<SearchResults> {
  const { text, truncated } = cleanQuery(p.q);
  const filters: SearchResults['filters'] = [];
  const ignored: string[] = [];
  const scope: { authorId?: number; tagId?: number; sectionId?: number; from?: string; to?: string } = {};
  if (p.author) {
    const author = /^[1-9]\d{0,9}$/.test(p.author) && Number(p.author) <= MAX_ROW_ID ? await findAuthor(deps, Number(p.author)) : null;
    if (author) {
      scope.authorId = author.id;
      filters.push({ key: 'author', value: p.author, label: `作者：${author.name}` });
    } else ignored.push('找不到指定的作者，已略過作者篩選');
  }
  if (p.tag) {
    const tag = await findTag(deps, p.tag);
    if (tag) {
      scope.tagId = tag.id;
      filters.push({ key: 'tag', value: p.tag, label: `關鍵字：${tag.name}` });
    } else ignored.push('找不到指定的關鍵字，已略過關鍵字篩選');
  }
  if (p.section) {
    const section = await findSection(deps, p.section);
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
  const outcome = await findMatches(deps, text, {
    filters: { ...scope, visible: p.allStates ? null : listedToReaders('a', deps.clock.now()) },
    limit: p.pageSize,
    offset: (p.page - 1) * p.pageSize,
  });
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
    // The article without its body text: only the snippet is shown, and results may cross threads.
    items: summaries.map(({ bodyText, ...article }) => ({ article, snippet: snippet(bodyText, spellings), score: scores.get(article.id) ?? 0 })),
    total: outcome.total,
    totalIsLowerBound: outcome.atLeast,
    pageCount: Math.max(1, Math.ceil(outcome.total / p.pageSize)),
  };
}
