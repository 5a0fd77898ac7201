import type { Article } from '../../modules/articles/index.js';
import { latestExcept } from '../../modules/articles/index.js';
import { renderDocument } from '../../platform/html/render.js';
import type { AppDeps } from '../../platform/http/surface.js';
import { ArticlePage } from './article.page.js';
import type { SiteAssets } from './assets.js';
import { siteContext } from './site.routes.js';

/**
 * The article page exactly as readers will get it, for any state: the newsroom's preview calls this instead of
 * keeping a look-alike template, so what an editor approves is what is published.
 */
export async function renderArticlePreview(deps: AppDeps & { assets: SiteAssets }, article: Article, mobile: boolean): Promise<string> {
  const firstAuthor = article.authors[0];
  const [ctx, moreByAuthor, latest] = await Promise.all([
    siteContext(deps),
    firstAuthor ? latestExcept(deps, article.id, 5, { authorId: firstAuthor.authorId }) : Promise.resolve([]),
    latestExcept(deps, article.id, 6),
  ]);
  return renderDocument(<ArticlePage ctx={ctx} data={{ article, moreByAuthor, latest }} mobile={mobile} />);
}
