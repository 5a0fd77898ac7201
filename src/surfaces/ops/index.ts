import { pingDatabase } from '../../platform/db/database.js';
import type { Surface } from '../../platform/http/surface.js';

/**
 * What load balancers and operators ask: /healthz. Never cached and never answered from the page cache, so it
 * says whether this process can reach its database right now; a failure is a 503 a balancer understands.
 */
export const opsSurface: Surface = {
  name: 'ops',
  prefix: '/healthz',
  publicCache: false,
  plugin: async (app, deps) => {
    app.setErrorHandler(async (err, _request, reply) => {
      deps.log.error({ err }, 'health check failed');
      return reply.code(503).header('cache-control', 'no-store').send({ status: 'unavailable', database: deps.db.dialect });
    });
    app.get('', async (_request, reply) => {
      await pingDatabase(deps.db);
      return reply.header('cache-control', 'no-store').send({ status: 'ok', database: deps.db.dialect });
    });
  },
};
