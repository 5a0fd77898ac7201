import fastifyStatic from '@fastify/static';
import { resolve } from 'node:path';
import type { Surface } from '../../platform/http/surface.js';

/** Image originals and renditions: content-addressed files, so a year of caching is safe. */
export const mediaSurface = (mediaDir: string): Surface => ({
  name: 'media',
  prefix: '/media',
  publicCache: false,
  plugin: async (app) => {
    await app.register(fastifyStatic, {
      root: resolve(mediaDir),
      maxAge: '365d',
      immutable: true,
      index: false,
      list: false,
      dotfiles: 'deny',
      decorateReply: false,
    });
  },
});

