import { MAX_QUERY_CHARS, type SearchResults } from '../../modules/search/index.js';
import { ArticleCard, Pagination } from './components.js';
import { Layout, type SiteContext } from './layout.js';
import { mobilePath } from '../urls.js';

export function searchHref(q: string, page = 1, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams({ q, ...extra });
  if (page > 1) params.set('page', String(page));
  return `/search?${params}`;
}

export function SearchPage(props: { ctx: SiteContext; mobile: boolean; results: SearchResults }) {
  const { ctx, mobile, results: r } = props;
  const link = (p: string) => (mobile ? mobilePath(p) : p);
  const filterParams = Object.fromEntries(r.filters.map((f) => [f.key, f.value]));
  const title = r.query ? `「${r.query}」的搜尋結果` : '搜尋';
  return (
    <Layout
      ctx={ctx}
      mobile={mobile}
      headerSearch={false}
      meta={{ title, description: `在${ctx.site.name}搜尋評論文章`, desktopPath: r.query ? searchHref(r.query, r.page, filterParams) : '/search', noindex: true }}
    >
      <div class="list-layout search">
        <header class="list-header">
          <p class="list-header__kicker">搜尋</p>
          <form class="search-form search-form--page" action={link('/search')} method="get" role="search">
            <label class="visually-hidden" for="search-q">
              搜尋關鍵字
            </label>
            <input id="search-q" type="search" name="q" value={r.query} maxLength={MAX_QUERY_CHARS * 2} placeholder="輸入關鍵字，例如：川普、能源轉型、作者姓名" autocomplete="off" />
            {r.filters.map((f) => (
              <input type="hidden" name={f.key} value={f.value} />
            ))}
            <button type="submit">搜尋</button>
          </form>
          {r.filters.length > 0 ? (
            <p class="search__filters">
              {r.filters.map((f) => (
                <a class="tag" href={link(searchHref(r.query, 1, Object.fromEntries(r.filters.filter((x) => x !== f).map((x) => [x.key, x.value]))))} title="移除這個篩選">
                  {f.label} ✕
                </a>
              ))}
            </p>
          ) : null}
          {r.truncated ? <p class="search__notice">查詢太長，只用了前 {MAX_QUERY_CHARS} 個字。</p> : null}
          {r.ignored.map((m) => (
            <p class="search__notice">{m}</p>
          ))}
        </header>
        {r.status === 'empty' ? <p class="empty">請輸入要搜尋的關鍵字：人名、地名、議題或作者姓名都可以，繁體、簡體皆可。</p> : null}
        {r.status === 'no_searchable_text' ? <p class="empty">「{r.query}」裡沒有可以搜尋的文字，請換個關鍵字試試。</p> : null}
        {r.status === 'ok' && r.total === 0 ? (
          <div class="empty">
            <p>找不到與「{r.query}」相關的文章。</p>
            {r.compiled && r.compiled.suggestions.length > 0 ? (
              <p>
                試試看：
                {r.compiled.suggestions.map((s) => (
                  <a class="tag" href={link(searchHref(s))}>
                    {s}
                  </a>
                ))}
              </p>
            ) : null}
            <p class="search__tips">小提示：減少關鍵字、改用較短的詞，或移除篩選條件。</p>
          </div>
        ) : null}
        {r.status === 'ok' && r.total > 0 ? (
          <>
            <p class="search__count">
              {r.totalIsLowerBound ? `找到超過 ${r.total.toLocaleString('zh-Hant-TW')} 篇文章，以下依相關程度列出最新的 ${r.total.toLocaleString('zh-Hant-TW')} 篇` : `找到 ${r.total.toLocaleString('zh-Hant-TW')} 篇文章`}
              {r.compiled && r.compiled.suggestions.length > 0 ? <span>（也搜尋了：{r.compiled.suggestions.join('、')}）</span> : null}
            </p>
            <ol class="cards search__results">
              {r.items.map(({ article, snippet }) => (
                <li>
                  <ArticleCard article={article} mobile={mobile} text={snippet.map((part) => (part.hit ? <mark>{part.text}</mark> : part.text))} />
                </li>
              ))}
            </ol>
            <Pagination page={r.page} pageCount={r.pageCount} href={(n) => link(searchHref(r.query, n, filterParams))} />
          </>
        ) : null}
      </div>
    </Layout>
  );
}
