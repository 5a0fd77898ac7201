import { createServer, type IncomingMessage, type Server, type ServerOptions, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
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
    return (handler: (req: IncomingMessage, res: ServerResponse) => void): Server => {
      const server = createServer(options, (req, res) => {
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
      // A client may close its side once its request is sent (nc -N, some health checkers). By default Node
      // then aborts every request still in progress on that socket, so a file being streamed or a page being
      // rendered was never sent; with this flag (Node's own, not in its typings) Node finishes the response and
      // closes the socket after it.
      Object.assign(server, { httpAllowHalfOpen: true });
      // Node closes a CONNECT request's socket without a word; a proxy method is refused plainly instead.
      server.on('connect', (_req: IncomingMessage, socket: Duplex) => {
        const body = '此網站不提供代理連線（CONNECT）。\n';
        socket.end(
          `HTTP/1.1 405 Method Not Allowed\r\nAllow: GET, HEAD, POST\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
        );
      });
      return server;
    };
  }
}

/**
 * A path whose percent-escapes do not decode (%zz, or bytes that are not UTF-8) would make Fastify's router
 * answer its own 400 JSON before any surface sees the request. Escaping its percent signs instead makes it an
 * ordinary path naming nothing, which the owning surface answers in its own words (a 404 page, an API error).
 */
export function withDecodablePath(url: string): string {
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  try {
    decodeURIComponent(path);
    return url;
  } catch {
    return path.replace(/%/g, '%25') + (q === -1 ? '' : url.slice(q));
  }
}

function covers(prefix: string, url: string): boolean {
  if (prefix === '') return true;
  if (!url.startsWith(prefix)) return false;
  const next = url.charCodeAt(prefix.length);
  // end of string, '/' or '?'
  return Number.isNaN(next) || next === 47 || next === 63;
}
