import { MAX_UPLOAD_FILES } from '../../src/surfaces/newsroom/newsroom.uploads.js';
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { gps as readGps, parse as parseExif } from 'exifr';
import type { LightMyRequestResponse } from 'fastify';
import { Secret, TOTP } from 'otpauth';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/modules/accounts/index.js';
import { importPage } from '../../src/modules/importer/index.js';
import {
  findImages,
  getLibraryImage,
  imageProblemsForPublishing,
  RenditionWorker,
  storeImage,
  updateImageDetails,
} from '../../src/modules/media/index.js';
import { createLogger } from '../../src/platform/logger.js';
import { seedText } from '../support/factories.js';
import { NewsroomVisitor } from '../support/newsroom-visitor.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';

/**
 * The newsroom's media library through HTTP, as an editor uses it: uploads (one or several files in one form)
 * checked by content, with every attack the issue names refused beside its file and nothing stored; private
 * metadata gone from every public file; captions and credits read from IPTC/XMP; the library's list, search and
 * edit screens; who may do what; CSRF on multipart posts. Plus the media module's three fixed bugs.
 */

let t: TestApp;
const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
const silent = createLogger({ level: 'silent' });

beforeAll(async () => {
  t = await buildTestApp({ NEWSROOM_LOGIN_ATTEMPTS_PER_MINUTE: '1000' });
});
afterAll(async () => t.close());

// ---- accounts ---------------------------------------------------------------------------------------------

async function account(role: string) {
  const email = `${role}.${Math.random().toString(36).slice(2, 8)}@example.tw`;
  const { password } = await createUser(t.deps, { email, displayName: `${role} 帳號`, role });
  return { email, password };
}

const code = (app: TOTP) => app.generate({ timestamp: t.clock.now().getTime() });

/** Signed in with the one-time password replaced (and two-step set up where the role needs it). */
async function signedIn(role: string): Promise<NewsroomVisitor> {
  const who = await account(role);
  const v = new NewsroomVisitor(t);
  await v.login(who.email, who.password);
  await v.get('/newsroom/password');
  const mine = '一句只有我知道的密碼 2026!';
  const res = await v.post('/newsroom/password', { current: who.password, next: mine, confirm: mine });
  expect(res.statusCode, res.body).toBe(303);
  if (role === 'admin' || role === 'chief_editor') {
    const page = await v.get('/newsroom/two-step');
    const secret = /class="nr-secret">([A-Z2-7 ]+)</.exec(page.body)?.[1]?.replace(/ /g, '') ?? '';
    const totp = new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 });
    expect((await v.post('/newsroom/two-step', { code: code(totp) })).statusCode).toBe(303);
  }
  return v;
}

let editor: NewsroomVisitor;
beforeAll(async () => {
  editor = await signedIn('editor');
});

// ---- uploads ----------------------------------------------------------------------------------------------

interface Upload {
  name: string;
  bytes: Buffer;
  type?: string;
}

/** Posts files the way the upload form does (multipart/form-data), with the page's CSRF token unless told not to. */
async function upload(v: NewsroomVisitor, files: Upload[], options: { csrf?: 'field' | 'header' | 'none' | 'wrong' } = {}): Promise<LightMyRequestResponse> {
  const how = options.csrf ?? 'field';
  if (how !== 'none') await v.get('/newsroom/media/upload');
  const form = new FormData();
  if (how === 'field') form.append('_csrf', v.lastToken);
  if (how === 'wrong') form.append('_csrf', 'x'.repeat(52));
  for (const f of files) form.append('files', new Blob([new Uint8Array(f.bytes)], { type: f.type ?? 'application/octet-stream' }), f.name);
  const encoded = new Response(form);
  const payload = Buffer.from(await encoded.arrayBuffer());
  const headers: Record<string, string> = { cookie: v.cookieHeader, 'content-type': encoded.headers.get('content-type') ?? '' };
  if (how === 'header') headers['csrf-token'] = v.lastToken;
  return t.app.inject({ method: 'POST', url: '/newsroom/media/upload', headers, payload });
}

async function imageCount(): Promise<number> {
  const row = await t.db.kysely
    .selectFrom('images')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

function mediaFiles(): string[] {
  const out: string[] = [];
  for (const dir of ['originals', 'renditions']) {
    const path = join(t.mediaDir, dir);
    if (existsSync(path)) out.push(...readdirSync(path).map((f) => `${dir}/${f}`));
  }
  return out.sort();
}

/** The image ids an upload's result page links to, in order. */
const uploadedIds = (body: string) => [...new Set([...body.matchAll(/href="\/newsroom\/media\/(\d+)"/g)].map((m) => Number(m[1])))];

/** The message beside one file on the result page. */
function reasonFor(body: string, filename: string): string {
  const item = [...body.matchAll(/<li class="nr-upload-results__refused"><strong>(.*?)<\/strong>：(.*?)<\/li>/g)].find((m) => m[1] === filename);
  return item?.[2] ?? '';
}

const decode = (s: string) => s.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'");

/** Waits for the newsroom's background worker to finish an image's renditions (it runs after the response). */
async function renditionsOf(id: number, formats = 2) {
  for (let i = 0; i < 300; i++) {
    const image = (await findImages(t.deps, [id])).get(id);
    if (image && image.renditions.length > 0 && new Set(image.renditions.map((r) => r.format)).size === formats) return image.renditions;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no renditions for image ${id}`);
}

/** A photo-like JPEG (noise, so it does not compress to nothing). */
const photo = (width: number, height: number, seed = 0) =>
  sharp({ create: { width, height, channels: 3, background: { r: 120 + seed, g: 60, b: 40 }, noise: { type: 'gaussian', mean: 128, sigma: 30 } } })
    .jpeg({ quality: 80 })
    .toBuffer();

/** A PNG whose header says width × height, with the given (deflated) picture data: no encoder involved. */
function craftedPng(width: number, height: number, bitDepth: number, idat: Buffer): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.writeUInt8(bitDepth, 8); // grey
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', idat), chunk('IEND', Buffer.alloc(0))]);
}

/** Reads back a public file: no EXIF, GPS, XMP, IPTC or comment of any kind, and none of the private strings. */
async function expectNoPrivateMetadata(bytes: Buffer, label: string) {
  const meta = await sharp(bytes).metadata();
  expect(meta.exif, `${label}: EXIF`).toBeUndefined();
  expect(meta.xmp, `${label}: XMP`).toBeUndefined();
  expect(meta.iptc, `${label}: IPTC`).toBeUndefined();
  expect(meta.orientation ?? 1, `${label}: orientation`).toBe(1);
  expect(meta.comments ?? [], `${label}: comments`).toEqual([]);
  const parsed = (await parseExif(bytes, { tiff: true, gps: true, xmp: true, iptc: true, exif: true }).catch(() => undefined)) as Record<string, unknown> | undefined;
  expect(parsed?.latitude, `${label}: GPS latitude`).toBeUndefined();
  expect(parsed?.Make, `${label}: camera`).toBeUndefined();
  expect(await readGps(bytes).catch(() => undefined), `${label}: GPS`).toBeUndefined();
  for (const secret of ['Canon', 'EOS R6', 'Private Owner', '攝影者本人', 'GPS']) expect(bytes.includes(Buffer.from(secret)), `${label}: ${secret}`).toBe(false);
}

describe('uploading', () => {
  it('shows the upload form to an editor: multipart, several files, the CSRF token as a field', async () => {
    const page = await editor.get('/newsroom/media/upload');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('enctype="multipart/form-data"');
    expect(page.body).toMatch(/<input[^>]*type="file"[^>]*name="files"[^>]*multiple/);
    expect(page.body).toContain('name="_csrf"');
  });

  it('stores a tagged photo upright, with the IPTC caption and credit, and without GPS or camera data anywhere public', async () => {
    const bytes = fixture('tagged-photo.jpg');
    // The fixture really carries what the upload must remove.
    expect(await readGps(bytes)).toMatchObject({ latitude: expect.any(Number) });
    expect((await sharp(bytes).metadata()).orientation).toBe(6);

    const res = await upload(editor, [{ name: '現場照片.jpg', bytes, type: 'image/jpeg' }]);
    expect(res.statusCode, res.body).toBe(200);
    const [id] = uploadedIds(res.body);
    expect(id).toBeGreaterThan(0);
    const image = await getLibraryImage(t.deps, id!);
    expect(image).toMatchObject({
      caption: '立法院外的抗議人潮，警方在濟南路設下拒馬。',
      credit: '路透',
      mime: 'image/jpeg',
      // Orientation 6: stored 120 × 80, shown 80 × 120.
      width: 80,
      height: 120,
      originalName: '現場照片.jpg',
    });
    expect(image?.renditions).toEqual([]);

    const original = await t.app.inject({ method: 'GET', url: `/media/originals/${image!.storageKey}` });
    expect(original.statusCode).toBe(200);
    await expectNoPrivateMetadata(original.rawPayload, 'original');
    const shown = await sharp(original.rawPayload).metadata();
    expect([shown.width, shown.height]).toEqual([80, 120]);
    // The blue band was on the left as stored; turned 90° clockwise it is along the top.
    const { data, info } = await sharp(original.rawPayload).raw().toBuffer({ resolveWithObject: true });
    const px = (x: number, y: number) => [...data.subarray((y * info.width + x) * info.channels, (y * info.width + x) * info.channels + 3)];
    expect(px(40, 5)[2]).toBeGreaterThan(180);
    expect(px(40, 5)[0]).toBeLessThan(60);
    expect(px(40, 100)[2]).toBeLessThan(240);
    expect(px(40, 100)[0]).toBeGreaterThan(180);

    // The renditions come from the background worker, after the response.
    const renditions = await renditionsOf(id!);
    expect(renditions.map((r) => `${r.format}:${r.width}`).sort()).toEqual(['avif:80', 'webp:80']);
    for (const r of renditions) {
      const res = await t.app.inject({ method: 'GET', url: `/media/renditions/${r.key}` });
      expect(res.statusCode).toBe(200);
      await expectNoPrivateMetadata(res.rawPayload, r.key);
      const meta = await sharp(res.rawPayload).metadata();
      expect([meta.width, meta.height]).toEqual([80, 120]);
    }

    // The edit screen has the prefilled defaults and the line an editor pastes into a body.
    const detail = await editor.get(`/newsroom/media/${id}`);
    expect(detail.statusCode).toBe(200);
    expect(decode(detail.body)).toContain(`>▲〔圖${id}〕立法院外的抗議人潮，警方在濟南路設下拒馬。（圖／路透）</textarea>`);
    expect(detail.body).toContain('立法院外的抗議人潮，警方在濟南路設下拒馬。</textarea>');
  });

  it('takes the caption and credit from XMP, in a PNG too, and keeps none of it in the public copy', async () => {
    const res = await upload(editor, [{ name: 'harbour.png', bytes: fixture('xmp-photo.png'), type: 'image/png' }]);
    expect(res.statusCode, res.body).toBe(200);
    const [id] = uploadedIds(res.body);
    const image = await getLibraryImage(t.deps, id!);
    expect(image).toMatchObject({ caption: '颱風過後的花蓮港', credit: '達志影像', mime: 'image/png', width: 90, height: 60 });
    const original = await t.app.inject({ method: 'GET', url: `/media/originals/${image!.storageKey}` });
    await expectNoPrivateMetadata(original.rawPayload, 'png original');
    expect(original.rawPayload.includes(Buffer.from('photoshop'))).toBe(false);
  });

  it('keeps a file without metadata byte for byte, and accepts AVIF and WebP', async () => {
    const plain = await photo(640, 400, 7);
    const avif = await sharp({ create: { width: 200, height: 100, channels: 3, background: { r: 10, g: 200, b: 90 } } }).avif().toBuffer();
    const webp = await sharp({ create: { width: 120, height: 90, channels: 3, background: { r: 200, g: 200, b: 10 } } }).webp().toBuffer();
    const res = await upload(editor, [
      { name: 'plain.jpg', bytes: plain },
      { name: 'green.avif', bytes: avif },
      { name: 'yellow.webp', bytes: webp },
    ]);
    expect(res.statusCode, res.body).toBe(200);
    const ids = uploadedIds(res.body);
    expect(ids).toHaveLength(3);
    const images = await findImages(t.deps, ids);
    expect(ids.map((id) => images.get(id)?.mime)).toEqual(['image/jpeg', 'image/avif', 'image/webp']);
    const served = await t.app.inject({ method: 'GET', url: `/media/originals/${images.get(ids[0]!)!.storageKey}` });
    expect(Buffer.compare(served.rawPayload, plain)).toBe(0);
    const avifServed = await t.app.inject({ method: 'GET', url: `/media/originals/${images.get(ids[1]!)!.storageKey}` });
    expect(avifServed.headers['content-type']).toBe('image/avif');
  });

  it('refuses every bad file beside its name, stores nothing of them, keeps the good one, and stays up', async () => {
    const good = await photo(500, 300, 3);
    const jpeg = await photo(800, 600, 5);
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><script>alert(document.cookie)</script><rect width="100" height="100"/></svg>');
    const gif = await sharp({ create: { width: 40, height: 40, channels: 3, background: '#f00' } }).gif().toBuffer();
    const wrongMagic = Buffer.from(jpeg);
    wrongMagic.write('GIF89a', 0, 'latin1');
    const files: Upload[] = [
      { name: 'good.jpg', bytes: good, type: 'image/jpeg' },
      // 900 megapixels declared in a 100-byte file.
      { name: 'huge.png', bytes: craftedPng(30_000, 30_000, 8, deflateSync(Buffer.alloc(1000))), type: 'image/png' },
      // A real 1-bit PNG of 20,000 × 20,000 zeros: 50 KB that unpack to 400 million pixels.
      { name: 'bomb.png', bytes: craftedPng(20_000, 20_000, 1, deflateSync(Buffer.alloc(20_000 * 2501), { level: 9 })), type: 'image/png' },
      { name: 'cut.jpg', bytes: jpeg.subarray(0, Math.floor(jpeg.length / 2)), type: 'image/jpeg' },
      { name: 'magic.jpg', bytes: wrongMagic, type: 'image/jpeg' },
      { name: 'evil.svg', bytes: svg, type: 'image/svg+xml' },
      { name: 'evil-svg.jpg', bytes: svg, type: 'image/jpeg' },
      { name: 'animation.jpg', bytes: gif, type: 'image/jpeg' },
      { name: 'page.jpg', bytes: Buffer.from('<!doctype html><script>alert(1)</script>'), type: 'image/jpeg' },
      { name: 'empty.png', bytes: Buffer.alloc(0), type: 'image/png' },
    ];
    expect(files[2]!.bytes.length).toBeLessThan(200_000);
    const before = await imageCount();
    const filesBefore = mediaFiles();
    const res = await upload(editor, files);
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('收到 10 個檔案：1 個已存入媒體庫，9 個被拒絕。');
    expect(uploadedIds(res.body)).toHaveLength(1);
    expect(await imageCount()).toBe(before + 1);
    expect(reasonFor(res.body, 'huge.png')).toContain('圖片太大：30,000 × 30,000 像素');
    expect(reasonFor(res.body, 'bomb.png')).toContain('圖片太大：20,000 × 20,000 像素');
    expect(reasonFor(res.body, 'cut.jpg')).toContain('圖片檔不完整或已損壞');
    for (const name of ['magic.jpg', 'evil.svg', 'evil-svg.jpg', 'animation.jpg', 'page.jpg']) {
      expect(reasonFor(res.body, name), name).toContain('只接受 JPEG、PNG、WebP 或 AVIF');
    }
    expect(reasonFor(res.body, 'empty.png')).toContain('圖片檔是空的');
    // The script never reaches the page, not even as the file's text.
    expect(res.body).not.toContain('<script>alert');
    // Nothing of the refused files on disk: only the good one's original (and no temporary file).
    const added = mediaFiles().filter((f) => f.startsWith('originals/') && !filesBefore.includes(f));
    expect(added).toEqual([`originals/${(await getLibraryImage(t.deps, uploadedIds(res.body)[0]!))?.storageKey}`]);
    // The server is still there.
    expect((await editor.get('/newsroom/media')).statusCode).toBe(200);
  }, 60_000);

  it('refuses a file over 20 MB without keeping it, and says so in English when switched', async () => {
    const v = await signedIn('editor');
    await v.get('/newsroom/media');
    await v.post('/newsroom/lang', { lang: 'en', back: '/newsroom/media' });
    const before = await imageCount();
    const res = await upload(v, [{ name: 'big.jpg', bytes: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.alloc(21 * 1024 * 1024, 7)]) }]);
    expect(res.statusCode).toBe(422);
    expect(reasonFor(res.body, 'big.jpg')).toBe('The file is larger than 20 MB; not stored.');
    expect(await imageCount()).toBe(before);
  }, 60_000);

  it('refuses more files than one form may carry, storing none of them', async () => {
    const before = await imageCount();
    const files = await Promise.all(Array.from({ length: MAX_UPLOAD_FILES + 1 }, async (_, i) => ({ name: `p${i}.jpg`, bytes: await photo(40, 30, 100 + i) })));
    const res = await upload(editor, files);
    expect(res.statusCode).toBe(413);
    expect(res.body).toContain(`一次最多上傳 ${MAX_UPLOAD_FILES} 個檔案，請分批上傳。沒有任何檔案被存入。`);
    expect(await imageCount()).toBe(before);
  });

  it('asks for a file when none was chosen', async () => {
    const res = await upload(editor, [{ name: '', bytes: Buffer.alloc(0) }]);
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('請選擇至少一個圖片檔。');
  });

  it('refuses a multipart post without the CSRF token, or with a wrong one, and stores nothing', async () => {
    const bytes = await photo(300, 200, 11);
    const before = await imageCount();
    const files = mediaFiles();
    for (const how of ['none', 'wrong'] as const) {
      const res = await upload(editor, [{ name: 'forged.jpg', bytes }], { csrf: how });
      expect(res.statusCode, how).toBe(403);
      expect(res.body).toContain('表單已失效');
    }
    expect(await imageCount()).toBe(before);
    expect(mediaFiles()).toEqual(files);
    // The token may also travel as the csrf-token header (a script's upload).
    const viaHeader = await upload(editor, [{ name: 'scripted.jpg', bytes }], { csrf: 'header' });
    expect(viaHeader.statusCode, viaHeader.body).toBe(200);
    expect(await imageCount()).toBe(before + 1);
  });

  it('never reads an upload from someone who may not upload', async () => {
    const before = await imageCount();
    const anonymous = new NewsroomVisitor(t);
    const res = await upload(anonymous, [{ name: 'x.jpg', bytes: await photo(100, 100, 1) }], { csrf: 'none' });
    expect(res.statusCode).toBe(401);
    const officer = await signedIn('complaint_officer');
    await officer.get('/newsroom/media');
    const refused = await upload(officer, [{ name: 'x.jpg', bytes: await photo(100, 100, 2) }], { csrf: 'none' });
    expect(refused.statusCode).toBe(403);
    expect(await imageCount()).toBe(before);
  });
});

// ---- the library ------------------------------------------------------------------------------------------

describe('the library', () => {
  let articleId: number;
  let usedId: number;

  beforeAll(async () => {
    // An article whose figure shows an image (figure 1 of the seed is the ▼ pull quote).
    const outcome = await importPage(t.deps, seedText(), { images: new Map([[1, await photo(1000, 700, 20)]]), tags: [] });
    articleId = outcome.id;
    const article = await t.db.kysely.selectFrom('articles').select('body').where('id', '=', articleId).executeTakeFirstOrThrow();
    usedId = (JSON.parse(article.body) as { blocks: Array<{ imageId?: number | null }> }).blocks.find((b) => b.imageId)!.imageId!;
    // Enough images for two pages, captions with variant characters and agencies to search for.
    for (let i = 0; i < 26; i++) {
      const bytes = await sharp({ create: { width: 64 + i, height: 48, channels: 3, background: { r: i * 9, g: 100, b: 200 - i * 5 } } }).png().toBuffer();
      await storeImage(t.deps, bytes, { caption: i === 3 ? '臺北市議會質詢現場' : `資料照片 ${i}`, credit: i % 2 === 0 ? '路透' : '本報資料照' });
    }
  });

  it('lists images newest first with thumbnail, caption, credit, size and uses, a page at a time', async () => {
    const first = await editor.get('/newsroom/media');
    expect(first.statusCode).toBe(200);
    expect((first.body.match(/class="nr-media-card"/g) ?? []).length).toBe(24);
    expect(first.body).toContain('資料照片 25');
    expect(first.body).toContain('圖／路透');
    expect(first.body).toMatch(/<span class="nr-nowrap">\d+ × \d+<\/span> · <span class="nr-nowrap">\d+ KB<\/span> · <span class="nr-nowrap">用於 \d+ 篇<\/span>/);
    expect(first.body).toContain('href="/newsroom/media?page=2"');
    const second = await editor.get('/newsroom/media?page=2');
    expect(second.statusCode).toBe(200);
    expect(second.body).toContain('href="/newsroom/media"');
    const all = [first.body, second.body, (await editor.get('/newsroom/media?page=3')).body].join('');
    // The image the article shows says it is used once.
    const card = new RegExp(`href="/newsroom/media/${usedId}"[\\s\\S]*?用於 (\\d+) 篇`).exec(all);
    expect(card?.[1]).toBe('1');
    expect((await editor.get('/newsroom/media?page=0')).statusCode).toBe(400);
  });

  it('finds images by caption and credit, folding variant characters (臺/台)', async () => {
    const byCaption = await editor.get(`/newsroom/media?q=${encodeURIComponent('台北市議會')}`);
    expect(byCaption.body).toContain('臺北市議會質詢現場');
    expect((byCaption.body.match(/class="nr-media-card"/g) ?? []).length).toBe(1);
    const byCredit = await editor.get(`/newsroom/media?q=${encodeURIComponent('本報資料照')}`);
    expect((byCredit.body.match(/class="nr-media-card"/g) ?? []).length).toBe(13);
    const none = await editor.get(`/newsroom/media?q=${encodeURIComponent('100%_不存在')}`);
    expect(none.body).toContain('沒有符合「100%_不存在」的圖片。');
  });

  it('lists the articles that use an image', async () => {
    const detail = await editor.get(`/newsroom/media/${usedId}`);
    expect(detail.statusCode).toBe(200);
    const title = (await t.db.kysely.selectFrom('articles').select('title').where('id', '=', articleId).executeTakeFirstOrThrow()).title;
    expect(detail.body).toContain('使用這張圖的文章（1）');
    expect(decode(detail.body)).toContain(title);
    expect((await editor.get('/newsroom/media/999999')).statusCode).toBe(404);
  });

  it('saves the library defaults, which search then finds', async () => {
    const articlePath = `/article/${articleId}`;
    await t.app.inject({ method: 'GET', url: articlePath });
    expect(t.cache.get(articlePath)).toBeDefined();
    await editor.get(`/newsroom/media/${usedId}`);
    const res = await editor.post(`/newsroom/media/${usedId}`, {
      caption: '美日首腦會談後的記者會',
      credit: '達志影像',
      credit_type: 'agency',
      rights: 'licensed',
      licence_note: '合約 2026-118，限本站使用',
      licence_expires_at: '2027-06-30',
      alt: '兩位領袖站在講台後方，背景是兩國國旗',
    });
    expect(res.statusCode, res.body).toBe(303);
    expect(res.headers.location).toBe(`/newsroom/media/${usedId}?saved=1`);
    expect(await getLibraryImage(t.deps, usedId)).toMatchObject({
      caption: '美日首腦會談後的記者會',
      credit: '達志影像',
      creditType: 'agency',
      rights: 'licensed',
      licenceNote: '合約 2026-118，限本站使用',
      licenceExpiresAt: '2027-06-30',
      alt: '兩位領袖站在講台後方，背景是兩國國旗',
    });
    const page = await editor.get(`/newsroom/media/${usedId}?saved=1`);
    expect(page.body).toContain('已儲存。');
    expect(decode(page.body)).toContain(`>▲〔圖${usedId}〕美日首腦會談後的記者會（圖／達志影像）</textarea>`);
    const found = await editor.get(`/newsroom/media?q=${encodeURIComponent('首腦會談')}`);
    expect(found.body).toContain(`href="/newsroom/media/${usedId}"`);
    // The default alt text shows on pages (figures without their own), so pages showing the image were dropped.
    expect(t.cache.get(articlePath)).toBeUndefined();
  });

  it('refuses bad input with 422, the message beside the field, what was typed kept, and nothing changed', async () => {
    const before = await getLibraryImage(t.deps, usedId);
    const valid = { caption: '新圖說', credit: '路透', credit_type: 'agency', rights: 'licensed', licence_note: '', licence_expires_at: '', alt: '打了但沒存的替代文字' };
    const cases: Array<[Record<string, string>, string, string]> = [
      [{ licence_expires_at: '2027-02-30' }, 'licence_expires_at', '沒有這一天：請檢查月份與日期'],
      [{ licence_expires_at: '明年六月' }, 'licence_expires_at', '請用 YYYY-MM-DD 格式輸入日期'],
      [{ credit_type: 'paparazzi' }, 'credit_type', '請從清單中選擇'],
      [{ rights: 'stolen' }, 'rights', '請從清單中選擇'],
      [{ caption: '長'.repeat(501) }, 'caption', '圖說最多 500 字'],
      [{ credit: '路透\u0000' }, 'credit', '來源最多 100 字，且不能有控制字元'],
      [{ rights: 'owned', licence_expires_at: '2027-01-01' }, 'licence_expires_at', '自有圖片沒有授權到期日'],
    ];
    for (const [change, field, message] of cases) {
      await editor.get(`/newsroom/media/${usedId}`);
      const res = await editor.post(`/newsroom/media/${usedId}`, { ...valid, ...change });
      expect(res.statusCode, field).toBe(422);
      const beside = new RegExp(`<p class="field__error" id="error-${field}">([^<]*)</p>`).exec(res.body)?.[1] ?? '';
      expect(beside, field).toContain(message);
      expect(res.body, field).toContain('打了但沒存的替代文字</textarea>');
      expect(await getLibraryImage(t.deps, usedId), field).toEqual(before);
    }
  });
});

// ---- who may do what --------------------------------------------------------------------------------------

describe('who may use the library', () => {
  it('follows the role table: everyone in the newsroom may look, only those who edit articles may change', async () => {
    const some = await storeImage(t.deps, await photo(200, 150, 30), { caption: '權限測試', credit: null });
    const routes = ['GET /newsroom/media', 'GET /newsroom/media/upload', 'POST /newsroom/media/upload', `GET /newsroom/media/${some.id}`, `POST /newsroom/media/${some.id}`];
    const visit = async (v: NewsroomVisitor) => {
      const out: number[] = [];
      for (const route of routes) {
        const [method, url] = route.split(' ') as [string, string];
        await v.get('/newsroom/password');
        if (method === 'GET') out.push((await v.get(url)).statusCode);
        else if (url.endsWith('/upload')) out.push((await upload(v, [{ name: 'p.jpg', bytes: await photo(60, 40, out.length) }], { csrf: 'none' })).statusCode);
        else out.push((await v.post(url, { caption: '改過的圖說', credit: '', credit_type: '', rights: '', licence_note: '', licence_expires_at: '', alt: '' })).statusCode);
      }
      return out;
    };
    const matrix: Record<string, number[]> = { anonymous: await visit(new NewsroomVisitor(t)) };
    for (const role of ['editor', 'copy_editor', 'complaint_officer', 'chief_editor', 'admin']) matrix[role] = await visit(await signedIn(role));
    // The upload posts carry no token here (csrf: 'none'): those allowed to upload reach the CSRF check (403
    // 表單已失效) only after the permission check; the rest are refused before their files are read.
    expect(matrix).toEqual({
      anonymous: [303, 303, 401, 303, 401],
      editor: [200, 200, 403, 200, 303],
      copy_editor: [200, 200, 403, 200, 303],
      complaint_officer: [200, 403, 403, 200, 403],
      chief_editor: [200, 200, 403, 200, 303],
      admin: [200, 200, 403, 200, 303],
    });
    const officer = await signedIn('complaint_officer');
    const view = await officer.get(`/newsroom/media/${some.id}`);
    expect(view.body).not.toContain(`action="/newsroom/media/${some.id}"`);
    // What the editors' posts above saved, shown as text.
    expect(view.body).toContain('<dd>改過的圖說</dd>');
    expect((await officer.get('/newsroom/media')).body).not.toContain('href="/newsroom/media/upload"');
  }, 120_000);

  it('tells the two kinds of 403 apart for a copy editor: a forged upload is the form, not the role', async () => {
    const copy = await signedIn('copy_editor');
    const forged = await upload(copy, [{ name: 'p.jpg', bytes: await photo(60, 40, 99) }], { csrf: 'none' });
    expect(forged.body).toContain('表單已失效');
    const officer = await signedIn('complaint_officer');
    const refused = await upload(officer, [{ name: 'p.jpg', bytes: await photo(60, 40, 98) }], { csrf: 'none' });
    expect(refused.body).toContain('沒有權限');
  });
});

// ---- the media module -------------------------------------------------------------------------------------

describe('the media module', () => {
  const worker = () => new RenditionWorker({ ...t.deps, log: silent });

  it('reads IPTC and XMP under plain Node too, which loads a different build of exifr than the test runner', async () => {
    // vitest loads exifr's ES module; `node dist/main.js` loads its UMD build, whose exports differ.
    const script = `
      import { readFileSync } from 'node:fs';
      import { readEmbeddedCaption } from './src/modules/media/index.ts';
      const out = [];
      for (const f of ['tagged-photo.jpg', 'xmp-photo.png']) out.push(await readEmbeddedCaption(readFileSync('test/newsroom/fixtures/' + f)));
      console.log(JSON.stringify(out));`;
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root });
    expect(JSON.parse(stdout)).toEqual([
      { caption: '立法院外的抗議人潮，警方在濟南路設下拒馬。', credit: '路透' },
      { caption: '颱風過後的花蓮港', credit: '達志影像' },
    ]);
  }, 30_000);

  it('makes a rendition at the image’s own width when it falls between the standard sizes', async () => {
    const image = await storeImage(t.deps, await photo(1000, 500, 40), { caption: null, credit: null });
    const w = worker();
    w.enqueue(image);
    await w.idle();
    const renditions = (await findImages(t.deps, [image.id])).get(image.id)?.renditions ?? [];
    for (const format of ['avif', 'webp'] as const) {
      expect(renditions.filter((r) => r.format === format).map((r) => r.width)).toEqual([480, 800, 1000]);
    }
    const largest = renditions.find((r) => r.format === 'webp' && r.width === 1000)!;
    const meta = await sharp((await t.app.inject({ method: 'GET', url: `/media/renditions/${largest.key}` })).rawPayload).metadata();
    expect([meta.width, meta.height]).toEqual([1000, 500]);
  });

  it('stops after the image it is working on, leaving the rest for the next start', async () => {
    const images = await Promise.all([81, 82, 83].map(async (seed) => storeImage(t.deps, await photo(900, 600, seed), { caption: null, credit: null })));
    const w = worker();
    for (const image of images) w.enqueue(image);
    await w.stop();
    const done = await findImages(t.deps, images.map((i) => i.id));
    expect(images.filter((i) => (done.get(i.id)?.renditions.length ?? 0) > 0).length).toBeLessThanOrEqual(1);
    const next = worker();
    expect(await next.enqueueMissing()).toBeGreaterThanOrEqual(2);
    await next.idle();
    const after = await findImages(t.deps, images.map((i) => i.id));
    expect(images.every((i) => after.get(i.id)?.renditions.length === 6)).toBe(true);
  }, 60_000);

  it('resolves concurrent stores of the same bytes to one image, without a database error', async () => {
    const bytes = await photo(400, 300, 50);
    const before = await imageCount();
    const stored = await Promise.all(Array.from({ length: 6 }, (_, i) => storeImage(t.deps, Buffer.from(bytes), { caption: i === 3 ? '同時上傳' : null, credit: null })));
    expect(new Set(stored.map((s) => s.id)).size).toBe(1);
    expect(await imageCount()).toBe(before + 1);
    expect(mediaFiles().filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('fills a missing default caption from a later store, never overwrites one, and lets the library change it', async () => {
    const bytes = await photo(300, 300, 60);
    const first = await storeImage(t.deps, bytes, { caption: null, credit: null });
    await storeImage(t.deps, bytes, { caption: '第二次匯入時的圖說', credit: '中央社' });
    expect(await getLibraryImage(t.deps, first.id)).toMatchObject({ caption: '第二次匯入時的圖說', credit: '中央社' });
    await storeImage(t.deps, bytes, { caption: '第三次', credit: '別家' });
    expect(await getLibraryImage(t.deps, first.id)).toMatchObject({ caption: '第二次匯入時的圖說', credit: '中央社' });
    await updateImageDetails(t.deps, first.id, { caption: '編輯改寫的圖說', credit: '中央社', creditType: 'agency', rights: null, licenceNote: null, licenceExpiresAt: null, alt: null });
    expect((await getLibraryImage(t.deps, first.id))?.caption).toBe('編輯改寫的圖說');
  });

  it('tells the publish step what is missing: alt text, an expired licence, a deleted image', async () => {
    const noAlt = await storeImage(t.deps, await photo(120, 80, 70), { caption: '沒有替代文字', credit: null });
    const withAlt = await storeImage(t.deps, await photo(120, 80, 71), { caption: '有替代文字', credit: null });
    const details = { caption: null, credit: null, creditType: null, rights: 'licensed' as const, licenceNote: null };
    await updateImageDetails(t.deps, withAlt.id, { ...details, licenceExpiresAt: null, alt: '一張圖' });
    // The test clock is 2026-11-27 12:00 in Taipei: a licence ending the day before has expired, today's has not.
    const expired = await storeImage(t.deps, await photo(120, 80, 72), { caption: null, credit: null });
    await updateImageDetails(t.deps, expired.id, { ...details, licenceExpiresAt: '2026-11-26', alt: '過期的圖' });
    const lastDay = await storeImage(t.deps, await photo(120, 80, 73), { caption: null, credit: null });
    await updateImageDetails(t.deps, lastDay.id, { ...details, licenceExpiresAt: '2026-11-27', alt: '今天到期' });

    const problems = await imageProblemsForPublishing(t.deps, [noAlt.id, { imageId: noAlt.id, alt: '' }, withAlt.id, expired.id, lastDay.id, 999_999]);
    expect(problems.map((p) => [p.imageId, p.code])).toEqual([
      [noAlt.id, 'alt_missing'],
      [expired.id, 'licence_expired'],
      [999_999, 'image_missing'],
    ]);
    expect(problems[0]?.zh).toBe(`圖 ${noAlt.id} 缺少替代文字（alt）：請在圖說區塊或媒體庫填寫`);
    expect(problems[1]?.en).toBe(`The licence for image ${expired.id} expired on 2026-11-26; it may no longer be used.`);
    // A figure's own alt text is enough.
    expect(await imageProblemsForPublishing(t.deps, [{ imageId: noAlt.id, alt: '記者會現場' }])).toEqual([]);
  });
});
