import { createServer, type IncomingMessage, type Server, type ServerOptions, type ServerResponse } from 'node:http';
import { type CachedResponse, type PageCache, prepare, writeRaw } from './page-cache.js';

/**
 * Cached public pages answered before Fastify sees the request: a hit is one map lookup and one write, which is
 * what keeps a hot article page near a plain Node server's rate. Because nothing of Fastify runs on a hit — no
 * hooks, so no sessions, rate limits or metrics — a surface opts in by declaring its URL prefix as public;
 * every other prefix (the newsroom, anything with a login) goes through Fastify on every request, whatever the
 * cache holds. The longest declared prefix decides.
 */
export class FastPath {
  private prefixes: Array<{ prefix: string; publicCache: boolean }> = [];

  constructor(readonly cache: PageCache) {}

  /** `prefix` '' is the root; '/m' covers /m, /m/… and /m?…, not /media. */
  declare(prefix: string, publicCache: boolean): void {
    if (this.prefixes.some((p) => p.prefix === prefix)) throw new Error(`two surfaces declare the prefix "${prefix}"`);
    this.prefixes = [...this.prefixes, { prefix, publicCache }].sort((a, b) => b.prefix.length - a.prefix.length);
  }

  lookup(url: string): CachedResponse | undefined {
    for (const { prefix, publicCache } of this.prefixes) {
      if (!covers(prefix, url)) continue;
      return publicCache ? this.cache.get(url) : undefined;
    }
    return undefined;
  }

  serverFactory(options: ServerOptions) {
    return (handler: (req: IncomingMessage, res: ServerResponse) => void): Server =>
      createServer(options, (req, res) => {
        const method = req.method;
        if ((method === 'GET' || method === 'HEAD') && req.url !== undefined) {
          const entry = this.lookup(req.url);
          if (entry !== undefined) {
            this.cache.hits++;
            writeRaw(res, prepare(entry, method, req.headers));
            return;
          }
          this.cache.misses++;
        }
        handler(req, res);
      });
  }
}

function covers(prefix: string, url: string): boolean {
  if (prefix === '') return true;
  if (!url.startsWith(prefix)) return false;
  const next = url.charCodeAt(prefix.length);
  // end of string, '/' or '?'
  return Number.isNaN(next) || next === 47 || next === 63;
}
