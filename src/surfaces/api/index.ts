import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Surface } from '../../platform/http/surface.js';
import { installApiErrors } from './api.errors.js';
import { registerApiRoutes } from './api.routes.js';

/** The JSON API for the app (docs/API.md): public, cacheable, answered from the page cache when it can be. */
export const apiSurface: Surface = {
  name: 'api',
  prefix: '/api',
  publicCache: true,
  plugin: async (app, deps) => {
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(serializerCompiler);
    installApiErrors(app, deps.log, deps.config.baseUrl);
    await registerApiRoutes(app, deps);
  },
};
