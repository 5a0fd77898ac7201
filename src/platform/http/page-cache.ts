import { createHash } from 'node:crypto';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';
import { LRUCache } from 'lru-cache';

/**
 * Rendered responses kept in memory, ready to write: identity, gzip and brotli bodies and their headers are
 * computed once when the entry is made, so a hit costs a map lookup and one write. Entries carry topics
 * ("article:3100001", "list") and are dropped the moment a change names one of them.
 */
export interface CachedResponse {
  readonly key: string;
  readonly etag: string;
  readonly lastModified: string;
  readonly expiresAt: number;
  readonly topics: readonly string[];
  readonly identity: Variant;
  /** Compressed bodies are made on the first request that accepts them, then kept with the entry. */
  compressed(encoding: 'br' | 'gzip'): Variant | null;
  readonly notModifiedHeaders: OutgoingHttpHeaders;
  readonly notModifiedFlatHeaders: string[];
}

interface Variant {
  readonly body: Buffer;
  readonly headers: OutgoingHttpHeaders;
  /** The same headers as a flat [name, value, …] list: writeHead takes it with the least work per request. */
  readonly flatHeaders: string[];
}

function flatten(headers: OutgoingHttpHeaders): string[] {
  const flat: string[] = [];
  for (const [k, v] of Object.entries(headers)) if (v !== undefined) flat.push(k, String(v));
  return flat;
}

export interface CacheEntryInput {
  readonly key: string;
  readonly body: string | Buffer;
  readonly contentType: string;
  readonly cacheControl: string;
  /** Last-Modified: when the content shown last changed. */
  readonly lastModified: Date;
  readonly topics: readonly string[];
  /** Milliseconds this entry may live even without a change (pages whose side lists may go stale). */
  readonly ttlMs: number;
  readonly extraHeaders?: OutgoingHttpHeaders;
}

const MIN_COMPRESS_BYTES = 1024;

export function buildCachedResponse(input: CacheEntryInput, now = Date.now()): CachedResponse {
  const body = typeof input.body === 'string' ? Buffer.from(input.body, 'utf8') : input.body;
  const etag = `W/"${createHash('sha1').update(body).digest('base64url').slice(0, 22)}"`;
  const lastModified = input.lastModified.toUTCString();
  const common: OutgoingHttpHeaders = {
    ...input.extraHeaders,
    'content-type': input.contentType,
    'cache-control': input.cacheControl,
    etag,
    'last-modified': lastModified,
    vary: 'Accept-Encoding',
  };
  const variant = (buf: Buffer, encoding: string | null): Variant => {
    const headers = { ...common, ...(encoding ? { 'content-encoding': encoding } : {}), 'content-length': String(buf.length) };
    return { body: buf, headers, flatHeaders: flatten(headers) };
  };
  const compressible = body.length >= MIN_COMPRESS_BYTES;
  const made: { br?: Variant; gzip?: Variant } = {};
  const compress = (encoding: 'br' | 'gzip'): Buffer =>
    encoding === 'gzip'
      ? gzipSync(body, { level: 6 })
      : brotliCompressSync(body, {
          params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 5, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: body.length },
        });
  const notModifiedHeaders: OutgoingHttpHeaders = {
    ...input.extraHeaders,
    'cache-control': input.cacheControl,
    etag,
    'last-modified': lastModified,
    vary: 'Accept-Encoding',
  };
  return {
    key: input.key,
    etag,
    lastModified,
    expiresAt: now + input.ttlMs,
    topics: input.topics,
    identity: variant(body, null),
    compressed(encoding) {
      if (!compressible) return null;
      return (made[encoding] ??= variant(compress(encoding), encoding));
    },
    notModifiedHeaders,
    notModifiedFlatHeaders: flatten(notModifiedHeaders),
  };
}

function acceptsEncoding(header: string | undefined, coding: string): boolean {
  if (!header) return false;
  for (const part of header.split(',')) {
    const [name, ...params] = part.trim().split(';');
    if (name?.trim().toLowerCase() !== coding) continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return !q || Number(q.slice(2)) > 0;
  }
  return false;
}

function etagMatches(ifNoneMatch: string, etag: string): boolean {
  if (ifNoneMatch.trim() === '*') return true;
  const opaque = etag.replace(/^W\//, '');
  return ifNoneMatch.split(',').some((t) => t.trim().replace(/^W\//, '') === opaque);
}

export interface PreparedResponse {
  status: 200 | 304;
  headers: OutgoingHttpHeaders;
  flatHeaders: string[];
  body: Buffer | null;
}

/** Conditional request and content negotiation for one entry; shared by the fast path and Fastify routes. */
export function prepare(entry: CachedResponse, method: string, headers: IncomingMessage['headers']): PreparedResponse {
  const inm = headers['if-none-match'];
  if (inm !== undefined) {
    if (etagMatches(inm, entry.etag)) return { status: 304, headers: entry.notModifiedHeaders, flatHeaders: entry.notModifiedFlatHeaders, body: null };
  } else {
    const ims = headers['if-modified-since'];
    if (ims !== undefined && Date.parse(ims) >= Date.parse(entry.lastModified)) {
      return { status: 304, headers: entry.notModifiedHeaders, flatHeaders: entry.notModifiedFlatHeaders, body: null };
    }
  }
  const ae = headers['accept-encoding'];
  const v =
    ae === undefined
      ? entry.identity
      : ((acceptsEncoding(ae, 'br') && entry.compressed('br')) || (acceptsEncoding(ae, 'gzip') && entry.compressed('gzip')) || entry.identity);
  return { status: 200, headers: v.headers, flatHeaders: v.flatHeaders, body: method === 'HEAD' ? null : v.body };
}

export function writeRaw(res: ServerResponse, prepared: PreparedResponse): void {
  res.writeHead(prepared.status, prepared.flatHeaders);
  res.end(prepared.body ?? undefined);
}

export class PageCache {
  private readonly lru: LRUCache<string, CachedResponse>;
  private readonly byTopic = new Map<string, Set<string>>();
  hits = 0;
  misses = 0;

  constructor(maxBytes: number) {
    this.lru = new LRUCache<string, CachedResponse>({
      maxSize: Math.max(1, maxBytes),
      // Room for the compressed bodies made later (they come to about a third of the original).
      sizeCalculation: (e) => Math.ceil(e.identity.body.length * 1.7) + 512,
      dispose: (entry, key) => this.unindex(key, entry),
    });
    this.enabled = maxBytes > 0;
  }

  private readonly enabled: boolean;

  /** A live entry, or undefined; expired entries are dropped on sight. */
  get(key: string): CachedResponse | undefined {
    const entry = this.lru.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= Date.now()) {
      this.lru.delete(key);
      return undefined;
    }
    return entry;
  }

  set(entry: CachedResponse): void {
    if (!this.enabled) return;
    this.lru.set(entry.key, entry);
    for (const t of entry.topics) {
      let keys = this.byTopic.get(t);
      if (!keys) this.byTopic.set(t, (keys = new Set()));
      keys.add(entry.key);
    }
  }

  invalidate(topics: Iterable<string>): number {
    let dropped = 0;
    for (const t of topics) {
      const keys = this.byTopic.get(t);
      if (!keys) continue;
      for (const k of [...keys]) if (this.lru.delete(k)) dropped++;
    }
    return dropped;
  }

  clear(): void {
    this.lru.clear();
    this.byTopic.clear();
  }

  get size(): number {
    return this.lru.size;
  }

  private unindex(key: string, entry: CachedResponse): void {
    for (const t of entry.topics) {
      const keys = this.byTopic.get(t);
      if (!keys) continue;
      keys.delete(key);
      if (keys.size === 0) this.byTopic.delete(t);
    }
  }
}
