import type { FastifyInstance } from 'fastify';

export interface RouteInfo {
  readonly methods: readonly string[];
  /** As registered: `/article/:id`, `/media/*`. */
  readonly url: string;
}

/**
 * Every route the app registered, read back from Fastify's own router (printRoutes' radix tree: each line is a
 * segment appended to its parent's path, and carries the methods when a route ends there). Reading the app
 * instead of a hand-kept list means a new surface is fuzzed the day it lands.
 */
export function enumerateRoutes(app: FastifyInstance): RouteInfo[] {
  const stack: string[] = [];
  const routes: RouteInfo[] = [];
  for (const line of app.printRoutes().split('\n')) {
    const at = line.indexOf('── ');
    if (at < 0) continue;
    const depth = Math.round((at - 1) / 4);
    const m = /^(.*?)(?: \(([A-Z, ]+)\))?$/.exec(line.slice(at + 3));
    if (!m) continue;
    stack.length = depth;
    stack.push(m[1] ?? '');
    if (m[2]) routes.push({ url: stack.join(''), methods: m[2].split(',').map((s) => s.trim()) });
  }
  return routes;
}

/** The parameters of a route path: `:name` segments and a trailing `*`. */
export function routeParams(url: string): string[] {
  return [...url.matchAll(/:(\w+)|\*/g)].map((m) => m[1] ?? '*');
}
