import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { getArticleForPreview, getEditable } from '../../modules/articles/index.js';
import { renderDocument } from '../../platform/html/render.js';
import { loadSiteAssets, renderArticlePreview } from '../site/index.js';
import { html, idParams, user } from './article-shared.js';
import { type NewsroomDeps, pageFor } from './newsroom.context.js';
import { NewsroomLayout } from './newsroom.layout.js';

/** Preview: the reader's page itself, for a piece in any state, on desktop and phone side by side. */
export async function registerArticlePreviewRoutes(fastify: FastifyInstance, deps: NewsroomDeps): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const siteAssets = loadSiteAssets();
  // ── Preview: the reader's page itself, in any state ──
  app.get('/articles/:id/preview', { schema: { params: idParams } }, async (request, reply) => {
    user(request);
    const page = pageFor(request, reply);
    const { t } = page;
    const a = await getEditable(deps, request.params.id);
    const body = renderDocument(
      <NewsroomLayout page={page} title={t(`預覽：${a.title}`, `Preview: ${a.title}`)} wide>
        <section class="nr-card">
          <h1>{t('預覽', 'Preview')}</h1>
          <p class="nr-note">
            <a href={`/newsroom/articles/${a.id}`}>{t('回到編輯', 'Back to the editor')}</a>
          </p>
          <div class="nr-preview">
            <figure>
              <figcaption>{t('桌機版', 'Desktop')}</figcaption>
              <iframe class="nr-preview__desktop" src={`/newsroom/articles/${a.id}/preview/page`} title={t('桌機版預覽', 'Desktop preview')}></iframe>
            </figure>
            <figure>
              <figcaption>{t('手機版（390 px）', 'Phone (390 px)')}</figcaption>
              <iframe class="nr-preview__phone" src={`/newsroom/articles/${a.id}/preview/page?view=mobile`} title={t('手機版預覽', 'Phone preview')}></iframe>
            </figure>
          </div>
        </section>
      </NewsroomLayout>,
    );
    return html(reply, 200, body);
  });

  app.get('/articles/:id/preview/page', { schema: { params: idParams } }, async (request, reply) => {
    user(request);
    const mobile = (request.query as Record<string, unknown>).view === 'mobile';
    const article = await getArticleForPreview(deps, request.params.id);
    const page = await renderArticlePreview({ ...deps, assets: siteAssets }, article, mobile);
    // Framed by the preview screen (same origin only); never indexed, never cached.
    return reply
      .header('x-frame-options', 'SAMEORIGIN')
      .header('x-robots-tag', 'noindex')
      .header('content-type', 'text/html; charset=utf-8')
      .send(page);
  });

}
