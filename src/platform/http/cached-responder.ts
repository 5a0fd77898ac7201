import type { OutgoingHttpHeaders } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { buildCachedResponse, type CachedResponse, type PageCache, prepare } from './page-cache.js';

export interface Produced {
  body: string;
  topics: string[];
  lastModified: Date;
  /** How long the entry may live without a change; default: the responder's own. */
  ttlMs?: number;
}

export interface ResponderOptions {
  contentType: string;
  cacheControl: string;
  defaultTtlMs: number;
  extraHeaders: OutgoingHttpHeaders;
}

/**
 * Serves a response from the page cache, or produces it once (concurrent misses for one key share the work)
 * and keeps it. A change that lands while a page is being produced wins: that page is sent but not kept.
 */
export class CachedResponder {
  private readonly inFlight = new Map<string, Promise<CachedResponse>>();
  private generation = 0;

  constructor(private readonly cache: PageCache) {}

  invalidate(topics: Iterable<string>): void {
    this.generation++;
    this.cache.invalidate(topics);
  }

  async send(
    request: FastifyRequest,
    reply: FastifyReply,
    key: string,
    options: ResponderOptions,
    produce: () => Promise<Produced>,
  ): Promise<FastifyReply> {
    let entry = this.cache.get(key);
    if (!entry) {
      let pending = this.inFlight.get(key);
      if (!pending) {
        const startGeneration = this.generation;
        pending = produce()
          .then((p) => {
            const made = buildCachedResponse({
              key,
              body: p.body,
              contentType: options.contentType,
              cacheControl: options.cacheControl,
              lastModified: p.lastModified,
              topics: p.topics,
              ttlMs: p.ttlMs ?? options.defaultTtlMs,
              extraHeaders: options.extraHeaders,
            });
            if (this.generation === startGeneration) this.cache.set(made);
            return made;
          })
          .finally(() => this.inFlight.delete(key));
        this.inFlight.set(key, pending);
      }
      entry = await pending;
    }
    // HEAD is answered as GET: Fastify's HEAD route drops the body and keeps its content-length (sending no body
    // here made it say content-length: 0).
    const prepared = prepare(entry, request.method === 'HEAD' ? 'GET' : request.method, request.headers);
    reply.code(prepared.status).headers(prepared.headers);
    return prepared.body === null ? reply.send() : reply.send(prepared.body);
  }
}
