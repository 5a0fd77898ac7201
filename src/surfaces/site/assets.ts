import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';

/** Stylesheet and script, fingerprinted by content so they can be cached for a year. */
export interface SiteAssets {
  readonly cssPath: string;
  readonly jsPath: string;
  readonly iconPath: string;
  /** 我要投稿's live counts, byline preview and draft keeping (surfaces/contribute). */
  readonly contributeJsPath: string;
  readonly files: ReadonlyMap<string, { body: Buffer; type: string }>;
}

// src/surfaces/site and dist/surfaces/site are both three levels below the project root.
const assetDir = fileURLToPath(new URL('../../../assets/site/', import.meta.url));

export function loadSiteAssets(): SiteAssets {
  const files = new Map<string, { body: Buffer; type: string }>();
  const add = (name: string, type: string) => {
    const body = readFileSync(assetDir + name);
    const hash = createHash('sha256').update(body).digest('hex').slice(0, 10);
    const [base, ext] = name.split('.');
    const path = `/static/${base}.${hash}.${ext}`;
    files.set(path, { body, type });
    return path;
  };
  return {
    cssPath: add('site.css', 'text/css; charset=utf-8'),
    jsPath: add('site.js', 'text/javascript; charset=utf-8'),
    iconPath: add('favicon.svg', 'image/svg+xml'),
    contributeJsPath: add('contribute.js', 'text/javascript; charset=utf-8'),
    files,
  };
}

export function assetRoutes(assets: SiteAssets) {
  return async function register(app: FastifyInstance): Promise<void> {
    // Browsers still ask for /favicon.ico when a page (an error page, a JSON response) names no icon.
    app.get('/favicon.ico', async (_request, reply) => reply.redirect(assets.iconPath, 301));
    for (const [path, file] of assets.files) {
      app.get(path, async (_request, reply) =>
        reply
          .header('content-type', file.type)
          .header('cache-control', 'public, max-age=31536000, immutable')
          .header('x-content-type-options', 'nosniff')
          .send(file.body),
      );
    }
  };
}
