import type { ComponentChildren } from 'preact';
import type { ArticleSummary, Page } from '../../modules/articles/index.js';
import { ArticleCard, Pagination } from './components.js';
import { Layout, type PageMeta, type SiteContext } from './layout.js';
import { mobilePath } from '../urls.js';

export interface ListPageProps {
  ctx: SiteContext;
  mobile: boolean;
  meta: PageMeta;
  heading: string;
  /** Shown under the heading: an author's bio, a tag's count… */
  intro?: string | null;
  /** More under the heading (an author's photo, long bio and links). */
  profile?: ComponentChildren;
  kicker?: string;
  page: Page<ArticleSummary>;
  pageHref: (page: number) => string;
  emptyText: string;
}

export function ListPage(props: ListPageProps) {
  const { ctx, mobile, page } = props;
  const pageHref = (n: number) => (mobile ? mobilePath(props.pageHref(n)) : props.pageHref(n));
  return (
    <Layout ctx={ctx} meta={props.meta} mobile={mobile}>
      <div class="list-layout">
        <header class="list-header">
          {props.kicker ? <p class="list-header__kicker">{props.kicker}</p> : null}
          <h1 class="list-header__title">{props.heading}</h1>
          {props.intro ? <p class="list-header__intro">{props.intro}</p> : null}
          {props.profile ?? null}
        </header>
        {page.items.length === 0 ? (
          <p class="empty">{props.emptyText}</p>
        ) : (
          <div class="cards">
            {page.items.map((a) => (
              <ArticleCard article={a} mobile={mobile} />
            ))}
          </div>
        )}
        <Pagination page={page.page} pageCount={page.pageCount} href={pageHref} />
      </div>
    </Layout>
  );
}

export function pageTitleSuffix(page: number): string {
  return page > 1 ? `（第 ${page} 頁）` : '';
}
