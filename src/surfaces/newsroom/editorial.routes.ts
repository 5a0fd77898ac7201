import type { FastifyInstance } from 'fastify';
import { registerAuthorRoutes } from './authors.routes.js';
import { registerNamesRoutes } from './names.routes.js';
import type { NewsroomDeps } from './newsroom.context.js';
import { registerSettingsRoutes } from './settings.routes.js';
import { registerTaxonomyRoutes } from './taxonomy.routes.js';

/** What the desk edits beside articles: authors, sections and tags, name variants, editorial settings. */
export async function registerEditorialRoutes(app: FastifyInstance, deps: NewsroomDeps): Promise<void> {
  await registerAuthorRoutes(app, deps);
  await registerTaxonomyRoutes(app, deps);
  await registerNamesRoutes(app, deps);
  await registerSettingsRoutes(app, deps);
}
