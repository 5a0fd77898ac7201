import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importPage } from '../../src/modules/importer/index.js';
import { findImages, ImageRejected, RenditionWorker, storeImage } from '../../src/modules/media/index.js';
import { createLogger } from '../../src/platform/logger.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';
import { seedText } from '../support/factories.js';

/**
 * An image from import to page: the original under its content address, served for a year; the page showing
 * it at once; WebP renditions made later in the background and picked up by the page and the API when the
 * worker announces them. Bad files are refused before anything is written.
 */

let t: TestApp;
let articleId: number;
let jpeg: Buffer;
let png: Buffer;

/** A photo-sized JPEG with some detail in it (a flat colour would compress to almost nothing). */
async function makeJpeg(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 180, g: 60, b: 40 }, noise: { type: 'gaussian', mean: 128, sigma: 30 } } })
    .jpeg({ quality: 80 })
    .toBuffer();
}

const get = (url: string) => t.app.inject({ method: 'GET', url });
const silent = createLogger({ level: 'silent' });

/** Runs the background renditions as src/app/server.ts wires them; `ready` is what the worker announced. */
async function runRenditions(): Promise<{ queued: number; ready: number[] }> {
  const ready: number[] = [];
  const unsubscribe = t.changes.subscribe((changed) => {
    for (const topic of changed) if (topic.startsWith('image:')) ready.push(Number(topic.slice('image:'.length)));
  });
  const worker = new RenditionWorker({ ...t.deps, log: silent });
  const queued = await worker.enqueueMissing();
  await worker.idle();
  unsubscribe();
  return { queued, ready };
}

async function imageRows(): Promise<number> {
  const row = await t.db.kysely
    .selectFrom('images')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Every file under MEDIA_DIR (originals, renditions, and any temporary file a failed write left). */
function mediaFiles(): string[] {
  const out: string[] = [];
  for (const dir of ['originals', 'renditions']) {
    const path = join(t.mediaDir, dir);
    if (existsSync(path)) out.push(...readdirSync(path).map((f) => `${dir}/${f}`));
  }
  return out.sort();
}

/** The figure's <picture>: the img src and, once renditions exist, the AVIF and WebP <source>s. */
function pictureOf(html: string): { src: string; img: string; sources: string[] } {
  const picture = /<picture>(.*?)<\/picture>/s.exec(html)?.[1];
  expect(picture, 'a <picture> on the page').toBeDefined();
  const img = /<img [^>]*>/.exec(picture ?? '')?.[0] ?? '';
  const src = /\ssrc="([^"]+)"/.exec(img)?.[1] ?? '';
  const sources = [...(picture ?? '').matchAll(/<source [^>]*>/g)].map((m) => m[0]);
  return { src, img, sources };
}

beforeAll(async () => {
  t = await buildTestApp();
  [jpeg, png] = await Promise.all([
    makeJpeg(1600, 900),
    sharp({ create: { width: 300, height: 200, channels: 4, background: { r: 20, g: 120, b: 200, alpha: 1 } } }).png().toBuffer(),
  ]);
  // Figure 1 is the ▼ pull quote; with an image it is shown as a figure instead of being left out.
  const outcome = await importPage(t.deps, seedText(), { images: new Map([[1, jpeg]]), tags: [] });
  articleId = outcome.id;
});
afterAll(async () => t.close());

describe('a stored image', () => {
  it('is on the article page at once, served from its content address for a year', async () => {
    const page = await get(`/article/${articleId}`);
    expect(page.statusCode).toBe(200);
    const { src, img, sources } = pictureOf(page.body);
    const key = `${createHash('sha256').update(jpeg).digest('hex').slice(0, 32)}.jpg`;
    expect(src).toBe(`/media/originals/${key}`);
    expect(img).toContain('width="1600"');
    expect(img).toContain('height="900"');
    // No renditions yet: the original alone, no AVIF/WebP source or srcset until the worker has made them.
    expect(sources).toEqual([]);
    expect(page.body).not.toContain('srcset');

    const original = await get(src);
    expect(original.statusCode).toBe(200);
    expect(original.headers['content-type']).toBe('image/jpeg');
    expect(String(original.headers['cache-control'])).toContain('immutable');
    expect(Buffer.compare(original.rawPayload, jpeg)).toBe(0);
  });

  it('is one image however often the same bytes are stored', async () => {
    const before = await imageRows();
    const files = mediaFiles();
    const first = await storeImage(t.deps, jpeg, { caption: null, credit: null });
    const second = await storeImage(t.deps, Buffer.from(jpeg), { caption: '另一個圖說', credit: null });
    expect(second.id).toBe(first.id);
    expect(second.storageKey).toBe(first.storageKey);
    expect(await imageRows()).toBe(before);
    expect(mediaFiles()).toEqual(files);
  });

  it('gets AVIF and WebP renditions in the background, which the page and the API then offer', async () => {
    const pagePath = `/article/${articleId}`;
    const apiPath = `/api/v1/articles/${articleId}`;
    // Both are cached before the worker runs: what follows shows the worker's announcement reaching them.
    await get(pagePath);
    const apiBefore = (await get(apiPath)).json() as ApiArticle;
    expect(figureImage(apiBefore)?.renditions).toEqual([]);
    expect(t.cache.get(pagePath)).toBeDefined();
    expect(t.cache.get(apiPath)).toBeDefined();

    const { queued, ready } = await runRenditions();
    expect(queued).toBe(1);
    expect(ready).toHaveLength(1);
    expect(t.cache.get(pagePath)).toBeUndefined();
    expect(t.cache.get(apiPath)).toBeUndefined();

    const page = await get(pagePath);
    const { src, sources } = pictureOf(page.body);
    expect(src).toMatch(/^\/media\/originals\//);
    // AVIF first, then WebP: a browser takes the first source whose type it can show.
    expect(sources.map((x) => /\stype="([^"]+)"/.exec(x)?.[1])).toEqual(['image/avif', 'image/webp']);
    const expectedApi: Array<{ url: string; width: number; type: string }> = [];
    for (const [source, format] of [[sources[0], 'avif'], [sources[1], 'webp']] as const) {
      expect(source).toMatch(/\ssizes="[^"]+"/);
      const srcset = /\ssrcset="([^"]+)"/.exec(source ?? '')?.[1] ?? '';
      const candidates = srcset.split(',').map((c) => {
        const [url = '', descriptor = ''] = c.trim().split(/\s+/);
        return { url, width: Number(/^(\d+)w$/.exec(descriptor)?.[1]) };
      });
      expect(candidates.map((c) => c.width)).toEqual([480, 800, 1200]);
      for (const c of candidates) {
        expect(c.url).toMatch(new RegExp(`^/media/renditions/[^/]+\\.${format}$`));
        const res = await get(c.url);
        expect(res.statusCode, c.url).toBe(200);
        expect(res.headers['content-type']).toBe(`image/${format}`);
        expect(String(res.headers['cache-control'])).toContain('immutable');
        const meta = await sharp(res.rawPayload).metadata();
        expect(meta.format).toBe(format === 'avif' ? 'heif' : 'webp');
        expect(meta.width, c.url).toBe(c.width);
        // Same shape as the original: 16:9.
        expect(meta.height, c.url).toBe(Math.round((900 * c.width) / 1600));
        expectedApi.push({ url: `https://opinion.example.tw${c.url}`, width: c.width, type: `image/${format}` });
      }
    }

    const api = (await get(apiPath)).json() as ApiArticle;
    expect(figureImage(api)?.renditions).toEqual(expectedApi);

    // Nothing left to do: a second run finds no image without renditions.
    expect((await runRenditions()).queued).toBe(0);
  });

  it('gives a small image one rendition at its own width, never enlarged', async () => {
    const small = await storeImage(t.deps, png, { caption: null, credit: null });
    expect(small.mime).toBe('image/png');
    const original = await get(`/media/originals/${small.storageKey}`);
    expect(original.headers['content-type']).toBe('image/png');
    expect(Buffer.compare(original.rawPayload, png)).toBe(0);

    const { ready } = await runRenditions();
    expect(ready).toEqual([small.id]);
    const renditions = (await findImages(t.deps, [small.id])).get(small.id)?.renditions;
    expect(renditions?.map((r) => ({ width: r.width, format: r.format }))).toEqual([
      { width: 300, format: 'avif' },
      { width: 300, format: 'webp' },
    ]);
    const res = await get(`/media/renditions/${renditions?.find((r) => r.format === 'webp')?.key ?? ''}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/webp');
    const meta = await sharp(res.rawPayload).metadata();
    expect([meta.width, meta.height]).toEqual([300, 200]);
  });
});

describe('a file that is not a usable image', () => {
  const refuses = async (bytes: Buffer) => {
    const rows = await imageRows();
    const files = mediaFiles();
    const err: unknown = await storeImage(t.deps, bytes, { caption: null, credit: null }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ImageRejected);
    const reason = err instanceof ImageRejected ? err.reasonZh : '';
    // Worded for the editor in Chinese, not sharp's or libvips' own message.
    expect(reason).toMatch(/[\u4e00-\u9fff]/);
    expect(reason).not.toMatch(/vips|input buffer|premature/i);
    expect(await imageRows()).toBe(rows);
    expect(mediaFiles()).toEqual(files);
  };

  it('refuses a text file', async () => {
    await refuses(Buffer.from('這不是圖片，只是一段文字。\n', 'utf8'));
  });

  it('refuses an empty file', async () => {
    await refuses(Buffer.alloc(0));
  });

  it('refuses a JPEG cut off inside its header', async () => {
    await refuses(jpeg.subarray(0, 200));
  });

  // Known bug, kept visible: storeImage only reads the header (sharp's metadata()), so a JPEG cut off in its
  // image data is stored; the rendition worker then fails on it at every start and pages show a broken image.
  it('refuses a JPEG cut off in its image data', async () => {
    await refuses(jpeg.subarray(0, Math.floor(jpeg.length / 2)));
  });
});

interface ApiImageJson {
  url: string;
  width: number;
  height: number;
  renditions: Array<{ url: string; width: number; type: string }>;
}
interface ApiArticle {
  data: { body: { blocks: Array<{ type: string; image?: ApiImageJson | null }> } };
}

/** The one figure of the article that has an image. */
function figureImage(body: ApiArticle): ApiImageJson | undefined {
  const images = body.data.body.blocks.flatMap((b) => (b.type === 'figure' && b.image ? [b.image] : []));
  expect(images).toHaveLength(1);
  return images[0];
}
