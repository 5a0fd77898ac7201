import type { FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { PublicSurfaceDeps, Surface } from '../../platform/http/surface.js';
import { assetRoutes, loadSiteAssets, type SiteAssets } from './assets.js';
import { installSiteErrors } from './site.errors.js';
import { registerSiteRoutes } from './site.routes.js';

/**
 * The reader's site: the desktop pages at the root, the same pages under /m as the mobile version (手機版).
 * Both are public and session-free, so both answer from the page cache before Fastify runs.
 */
export function siteSurfaces(assets: SiteAssets = loadSiteAssets()): Surface[] {
  const site = (mobile: boolean): Surface => ({
    name: mobile ? 'mobile' : 'site',
    prefix: mobile ? '/m' : '',
    publicCache: true,
    plugin: async (app: FastifyInstance, deps: PublicSurfaceDeps) => {
      const siteDeps = { ...deps, assets };
      app.setValidatorCompiler(validatorCompiler);
      app.setSerializerCompiler(serializerCompiler);
      installSiteErrors(app, siteDeps, mobile);
      if (mobile) {
        app.get('', async (_request, reply) => reply.redirect('/m/', 301));
      } else {
        await app.register(assetRoutes(assets));
      }
      await registerSiteRoutes(app, siteDeps, mobile);
    },
  });
  return [site(false), site(true)];
}

export type { SiteAssets };
export { renderArticlePreview } from './preview.js';
export { loadSiteAssets } from './assets.js';
// For surfaces that render in the site's look without being the site (我要投稿): its layout, chrome and assets.
export { Layout, type PageMeta, type SiteContext } from './layout.js';
export { MessagePage } from './message.page.js';
export { siteContext } from './site.routes.js';
