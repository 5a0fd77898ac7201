import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/modules/accounts/index.js';
import { saveEditorialSettings } from '../../src/modules/settings/index.js';
import { messageWriter, requestRevision, type SubmissionsDeps } from '../../src/modules/submissions/index.js';
import { createLogger } from '../../src/platform/logger.js';
import { submissionLinks } from '../../src/surfaces/urls.js';
import { type FilePart, postMultipart } from '../support/submissions.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';

/**
 * 我要投稿's public side through HTTP, as a writer's browser uses it (without any script): the form and every
 * refusal beside its field with what was typed kept; pictures checked by content; the honeypot, the fill time
 * and the per-address limit; the private tracking page (never cached, never indexed, never the writer's contact
 * details), its pictures, reply, withdraw and revision.
 */

let t: TestApp;
let deps: SubmissionsDeps;
let deskUserId: number;
const photo = readFileSync(new URL('../newsroom/fixtures/tagged-photo.jpg', import.meta.url));

beforeAll(async () => {
  t = await buildTestApp({ CONTRIBUTE_PER_HOUR: '1000' });
  deps = { db: t.db, clock: t.clock, log: createLogger({ level: 'silent' }), changes: t.changes, config: t.config, links: submissionLinks(t.config.baseUrl) };
  deskUserId = (await createUser(t.deps, { email: 'desk@example.tw', displayName: '投稿組', role: 'editor' })).user.id;
});
afterAll(async () => t.close());

// —— what a writer sends ——

/** Prose of exactly `chars` 字數 (characters without whitespace), in lines; the default limits are 800–3,000. */
const prose = (chars: number) => {
  const sentence = [...'公共政策的討論需要更多不同的聲音與證據。'];
  const out: string[] = [];
  for (let i = 0; i < chars; i++) {
    out.push(sentence[i % sentence.length] as string);
    if (i % 200 === 199 && i < chars - 1) out.push('\n');
  }
  return out.join('');
};

const valid = (over: Record<string, string> = {}): Record<string, string> => ({
  realName: '陳真名',
  penName: '林筆名',
  email: 'writer.private@example.tw',
  phone: '0912-345-678',
  address: '臺北市中正區某某路一段 1 號',
  occupation: '大學教授',
  bioLine: '政治大學教授',
  title: '讓能源轉型回到證據',
  lead: '我們需要的是數字，而不是口號。',
  body: prose(900),
  conflicts: '無',
  declareOriginal: 'on',
  declareExclusive: 'on',
  declareLicence: 'on',
  consent: 'on',
  termsVersion: '2026-12-01',
  issuedAt: String(t.clock.now().getTime() - 60_000),
  website: '',
  ...over,
});

async function multipart(url: string, fields: Record<string, string>, files: FilePart[] = [], remoteAddress = '127.0.0.1', app = t): Promise<LightMyRequestResponse> {
  return postMultipart(app, url, fields, files, remoteAddress);
}

const send = (fields: Record<string, string>, files: FilePart[] = []) => multipart('/contribute', fields, files);
const post = (url: string, fields: Record<string, string>) =>
  t.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(fields).toString() });
const get = (url: string) => t.app.inject({ method: 'GET', url });

const withImage = (over: Partial<Record<'caption' | 'credit' | 'rights', string>> = {}, n = 1) => ({
  [`image${n}Caption`]: over.caption ?? '作者在立法院外拍攝',
  [`image${n}Credit`]: over.credit ?? '作者提供',
  [`image${n}Rights`]: over.rights ?? 'own',
});

async function submissionCount(): Promise<number> {
  const row = await t.db.kysely
    .selectFrom('submissions')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

const decode = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');

/** The message shown beside a field (FieldShell's error paragraph). */
const errorBeside = (body: string, field: string) => decode(new RegExp(`<p class="field__error" id="error-${field}">([^<]*)</p>`).exec(body)?.[1] ?? '');
const summary = (body: string) => decode(/<div class="form-errors"[^>]*>([\s\S]*?)<\/div>/.exec(body)?.[1] ?? '');
const inputValue = (body: string, name: string) => decode(new RegExp(`name="${name}" type="[a-z]+" value="([^"]*)"`).exec(body)?.[1] ?? '');
// Multipart sends line breaks as CRLF, as browsers do.
const textareaValue = (body: string, name: string) => decode(new RegExp(`name="${name}"[^>]*>([^<]*)</textarea>`).exec(body)?.[1] ?? '').replace(/\r\n/g, '\n');

/** Sends a valid piece; returns the tracking path (no query). */
async function sendValid(over: Record<string, string> = {}, files: FilePart[] = []): Promise<string> {
  const res = await send(valid(over), files);
  expect(res.statusCode, summary(res.body) || res.body.slice(0, 300)).toBe(303);
  const location = String(res.headers.location);
  expect(location).toMatch(/^\/contribute\/track\/[A-Za-z0-9_-]{43}\?sent=1$/);
  return location.split('?')[0] as string;
}

async function submissionIdOf(trackPath: string): Promise<number> {
  const token = trackPath.split('/').pop() as string;
  const row = await t.db.kysely.selectFrom('submissions').select('id').where('tracking_token', '=', token).executeTakeFirstOrThrow();
  return row.id;
}

describe('the form', () => {
  it('shows the guidelines above the form, each declaration, the terms version and the live-count hooks; never cached', async () => {
    const saved = await saveEditorialSettings({ ...t.deps, config: t.config }, { disclaimer: '本文言論為作者個人意見，不代表本站立場。', readingCharsPerMinute: 450, editorsMaySchedule: true, submissionGuidelines: '第一段投稿須知。\n\n第二段：<b>不要</b>一稿多投。', chromeLinks: [] }, { userId: deskUserId, role: 'admin' } as never);
    expect(saved).toMatchObject({ ok: true });
    const page = await get('/contribute');
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.body).toContain('<p>第一段投稿須知。</p><p>第二段：&lt;b>不要&lt;/b>一稿多投。</p>');
    expect(page.body.indexOf('投稿須知')).toBeLessThan(page.body.indexOf('<form class="contribute__form"'));
    expect(page.body).toContain('enctype="multipart/form-data"');
    for (const name of ['realName', 'penName', 'email', 'phone', 'address', 'occupation', 'bioLine', 'title', 'lead', 'body', 'conflicts', 'image1', 'image3Rights', 'declareOriginal', 'declareExclusive', 'declareLicence', 'consent']) {
      expect(page.body, name).toContain(`name="${name}"`);
    }
    expect(page.body).not.toContain('name="image4"');
    expect(page.body).toContain('name="termsVersion" value="2026-12-01"');
    expect(page.body).toContain('個人資料蒐集告知事項（版本 2026-12-01）');
    expect(page.body).toMatch(/<details class="terms">/);
    expect(page.body).toContain('data-count-for="field-body" data-min="800" data-max="3000"');
    expect(page.body).toContain('●筆名／簡介');
    expect(page.body).toMatch(/<script src="\/static\/contribute\.[0-9a-f]{10}\.js" defer>/);
    // The honeypot is out of sight and out of the accessibility tree.
    expect(page.body).toMatch(/<div class="contribute__trap" aria-hidden="true">[\s\S]*?name="website"[^>]*tabindex="-1"/);
    // One responsive page: no 手機版 twin, and the old address of the notice leads here.
    expect(page.body).not.toContain('href="/m/contribute"');
    const mobile = await get('/m/contribute');
    expect([mobile.statusCode, mobile.headers.location]).toEqual([301, '/contribute']);
    const script = await get(/src="(\/static\/contribute\.[0-9a-f]{10}\.js)"/.exec(page.body)?.[1] ?? '');
    expect(script.statusCode).toBe(200);
    expect(script.body).toContain('localStorage');
  });

  it('refuses each limit beside its field and in the summary, and brings back everything typed', async () => {
    const before = await submissionCount();
    const short = await send(valid({ body: prose(120), email: 'not-an-address', declareExclusive: '', consent: '' }));
    expect(short.statusCode).toBe(422);
    expect(errorBeside(short.body, 'body')).toBe('內文至少 800 字（目前 120 字）');
    expect(errorBeside(short.body, 'email')).toBe('電子郵件格式不正確（例：name@example.com）');
    expect(errorBeside(short.body, 'declareExclusive')).toBe('請確認本文未同時投給其他媒體（一稿多投）');
    expect(errorBeside(short.body, 'consent')).toBe('請閱讀並同意個人資料蒐集告知事項');
    const top = summary(short.body);
    expect(top).toContain('還有 4 個地方要修正');
    expect(top).toContain('href="#field-body"');
    expect(top.indexOf('電子郵件')).toBeLessThan(top.indexOf('內文'));
    expect(top.indexOf('內文')).toBeLessThan(top.indexOf('個人資料告知事項'));
    // What was typed is all there, the bad parts too.
    expect(inputValue(short.body, 'realName')).toBe('陳真名');
    expect(inputValue(short.body, 'email')).toBe('not-an-address');
    expect(inputValue(short.body, 'address')).toBe('臺北市中正區某某路一段 1 號');
    expect(textareaValue(short.body, 'body')).toBe(prose(120));
    expect(textareaValue(short.body, 'lead')).toBe('我們需要的是數字，而不是口號。');
    expect(short.body).toMatch(/id="field-declareOriginal" type="checkbox" name="declareOriginal" checked/);
    expect(short.body).not.toMatch(/name="declareExclusive" checked/);
    expect(short.body).toContain('●林筆名／政治大學教授');
    expect(short.body).toContain('字數：120（須 800–3,000 字）');

    const long = await send(valid({ body: prose(3001) }));
    expect(long.statusCode).toBe(422);
    expect(errorBeside(long.body, 'body')).toBe('內文最多 3,000 字（目前 3,001 字），請刪減後再送出');

    const missing = await send(valid({ declareOriginal: '', declareExclusive: '', declareLicence: '', consent: '', realName: '', phone: 'call me' }));
    expect(missing.statusCode).toBe(422);
    expect(errorBeside(missing.body, 'declareOriginal')).toBe('請確認本文為您的原創作品');
    expect(errorBeside(missing.body, 'declareLicence')).toBe('請確認同意授權條款');
    expect(errorBeside(missing.body, 'realName')).toBe('請填寫真實姓名');
    expect(errorBeside(missing.body, 'phone')).toContain('電話只能有數字');
    expect(await submissionCount()).toBe(before);
  });

  it('a picture without its caption, credit or rights is refused beside each; words without a picture too', async () => {
    const res = await send(valid({ image1Caption: '', image1Credit: '', image1Rights: 'stolen', image2Caption: '只有圖說' }), [{ field: 'image1', name: 'a.jpg', bytes: photo }]);
    expect(res.statusCode).toBe(422);
    expect(errorBeside(res.body, 'image1Caption')).toBe('請填寫圖說');
    expect(errorBeside(res.body, 'image1Credit')).toBe('請填寫圖片來源（例：作者提供、路透）');
    expect(errorBeside(res.body, 'image1Rights')).toBe('請選擇這張圖片的授權來源');
    expect(errorBeside(res.body, 'image2')).toBe('請選擇圖片檔，或清空這張圖片的圖說與來源');
  });
});

describe('sending and tracking', () => {
  it('the happy path with a picture: a code, the private link, the tracking page with the text and the cleaned picture', async () => {
    const res = await send(valid(withImage()), [{ field: 'image1', name: 'tagged-photo.jpg', bytes: photo }]);
    expect(res.statusCode).toBe(303);
    const location = String(res.headers.location);
    const page = await get(location);
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/追蹤碼：<strong class="tracking-code">S-2026-\d{6}<\/strong>/);
    expect(page.body).toContain(`https://opinion.example.tw${location.split('?')[0]}`);
    expect(page.body).toContain('data-clear-draft');
    expect(page.body).toContain('<span class="status status--received">已收件</span>');
    expect(page.body).toContain('2026年11月27日 12:00（台北時間）');
    expect(page.body).toMatch(/編輯部回覆期限<\/dt><dd>2026年\d\d月\d\d日 \d\d:\d\d（台北時間）/);
    expect(page.body).toContain('<h3 class="submitted__title">讓能源轉型回到證據</h3>');
    expect(page.body).toContain('●林筆名／政治大學教授');
    expect(page.body).toContain('▲作者在立法院外拍攝');
    expect(page.body).toContain('送出投稿');
    // Private: never stored, never indexed, never passes the key on in a Referer.
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.headers['x-robots-tag']).toContain('noindex');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.headers.etag).toBeUndefined();
    expect(page.body).toContain('<meta name="robots" content="noindex"/>');

    const src = /<img class="fig__img" src="([^"]+)"/.exec(page.body)?.[1] ?? '';
    expect(src).toMatch(/^\/contribute\/track\/[A-Za-z0-9_-]{43}\/images\/\d+$/);
    const image = await get(src);
    expect(image.statusCode).toBe(200);
    expect(image.headers['content-type']).toBe('image/jpeg');
    expect(image.headers['cache-control']).toBe('no-store');
    expect(image.headers['referrer-policy']).toBe('no-referrer');
    expect(image.headers['x-content-type-options']).toBe('nosniff');
    const meta = await sharp(image.rawPayload).metadata();
    expect(meta.exif).toBeUndefined();
    expect(image.rawPayload.includes(Buffer.from('GPS'))).toBe(false);
  });

  it('never shows the real name, e-mail, phone or address on the tracking page', async () => {
    const secret = { realName: '秘密真名甲乙', email: 'hidden.person@example.tw', phone: '+886 2 2345 6789', address: '秘密地址丙丁路 99 號' };
    const track = await sendValid(secret);
    for (const url of [`${track}?sent=1`, track, `${track}/withdraw`]) {
      const page = await get(url);
      expect(page.statusCode).toBe(200);
      for (const value of Object.values(secret)) expect(page.body, `${url}: ${value}`).not.toContain(value);
    }
  });

  it('answers 404 for an unknown or malformed token, and for a picture of another submission', async () => {
    for (const url of ['/contribute/track/' + 'A'.repeat(43), '/contribute/track/short', '/contribute/track/' + 'A'.repeat(43) + '/images/1', '/contribute/track/%3Cscript%3E']) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.body).toContain('找不到這份投稿');
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers['x-robots-tag']).toContain('noindex');
    }
    const mine = await sendValid();
    const theirs = await sendValid(withImage(), [{ field: 'image1', name: 'p.jpg', bytes: photo }]);
    const theirImage = /<img class="fig__img" src="[^"]+\/images\/(\d+)"/.exec((await get(theirs)).body)?.[1];
    expect(theirImage).toBeDefined();
    expect((await get(`${theirs}/images/${theirImage}`)).statusCode).toBe(200);
    expect((await get(`${mine}/images/${theirImage}`)).statusCode).toBe(404);
    expect((await get(`${mine}/images/99999999999`)).statusCode).toBe(404);
  });

  it('reply: the writer answers the desk; an empty reply is refused beside the field', async () => {
    const track = await sendValid();
    await messageWriter(deps, await submissionIdOf(track), '請問文中的數字出處？', { userId: deskUserId });
    expect((await get(track)).body).toContain('請問文中的數字出處？');
    const empty = await post(`${track}/reply`, { message: '   ' });
    expect(empty.statusCode).toBe(422);
    expect(errorBeside(empty.body, 'message')).toBe('請填寫回覆');
    const res = await post(`${track}/reply`, { message: '出處是經濟部能源署 2025 年報。' });
    expect([res.statusCode, res.headers.location]).toEqual([303, `${track}?done=reply#messages-title`]);
    const page = await get(`${track}?done=reply`);
    expect(page.body).toContain('已送出您的回覆。');
    expect(page.body).toContain('出處是經濟部能源署 2025 年報。');
  });

  it('withdraw: a confirmation step that works without script, then the piece is withdrawn once', async () => {
    const track = await sendValid();
    const tracking = await get(track);
    expect(tracking.body).toContain(`href="${track}/withdraw"`);
    const confirm = await get(`${track}/withdraw`);
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain(`<form method="post" action="${track}/withdraw"`);
    expect(confirm.body).toContain('name="confirm" value="yes"');
    // A post without the confirmation's field asks again and changes nothing.
    const unconfirmed = await post(`${track}/withdraw`, {});
    expect([unconfirmed.statusCode, unconfirmed.headers.location]).toEqual([303, `${track}/withdraw`]);
    expect((await get(track)).body).toContain('status--received');
    const res = await post(`${track}/withdraw`, { confirm: 'yes' });
    expect([res.statusCode, res.headers.location]).toEqual([303, `${track}?done=withdrawn`]);
    const after = await get(`${track}?done=withdrawn`);
    expect(after.body).toContain('<span class="status status--withdrawn">已撤回</span>');
    expect(after.body).toContain('已撤回這份投稿');
    expect(after.body).not.toContain(`href="${track}/withdraw"`);
    expect(after.body).not.toContain(`action="${track}/reply"`);
    const again = await post(`${track}/withdraw`, { confirm: 'yes' });
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('這份投稿已有結果，無法再變更');
    expect([(await get(`${track}/withdraw`)).statusCode]).toEqual([303]);
  });

  it('revision: refused until the desk asks; then a new version, the pictures kept, errors shown with what was typed', async () => {
    const track = await sendValid(withImage(), [{ field: 'image1', name: 'p.jpg', bytes: photo }]);
    expect((await get(track)).body).not.toContain(`action="${track}/revise"`);
    const early = await multipart(`${track}/revise`, { title: '修改版', body: prose(1000) });
    expect(early.statusCode).toBe(409);
    expect(early.body).toContain('編輯部目前沒有請您修改這份投稿');
    expect(early.body).toContain('第 1 版');

    await requestRevision(deps, await submissionIdOf(track), '請補上數字的出處。', { userId: deskUserId });
    const asked = await get(track);
    expect(asked.body).toContain('<span class="status status--revision_requested">請作者修改</span>');
    expect(asked.body).toContain('請補上數字的出處。');
    expect(asked.body).toContain(`action="${track}/revise"`);
    // The revision form starts from the current text.
    expect(textareaValue(asked.body, 'body')).toBe(prose(900));

    const short = await multipart(`${track}/revise`, { title: '修改後的標題', body: prose(100), note: '補上出處' });
    expect(short.statusCode).toBe(422);
    expect(errorBeside(short.body, 'body')).toBe('內文至少 800 字（目前 100 字）');
    expect(inputValue(short.body, 'title')).toBe('修改後的標題');
    expect(textareaValue(short.body, 'note')).toBe('補上出處');

    const res = await multipart(`${track}/revise`, { title: '修改後的標題', lead: '', body: prose(1200), note: '補上出處' });
    expect([res.statusCode, res.headers.location]).toEqual([303, `${track}?done=revised`]);
    const after = await get(`${track}?done=revised`);
    expect(after.body).toContain('已收到您的修改稿');
    expect(after.body).toContain('第 2 版');
    expect(after.body).toContain('<h3 class="submitted__title">修改後的標題</h3>');
    expect(after.body).toContain('<span class="status status--in_review">審稿中</span>');
    expect(after.body).toContain('送出修改稿。修改說明：補上出處');
    expect(after.body).toContain('▲作者在立法院外拍攝');
    const src = /<img class="fig__img" src="([^"]+)"/.exec(after.body)?.[1] ?? '';
    expect((await get(src)).statusCode).toBe(200);
    expect(after.body).not.toContain(`action="${track}/revise"`);
  });
});

describe('pictures', () => {
  const attack = async (files: FilePart[], over: Record<string, string> = {}) => {
    const before = await submissionCount();
    const res = await send(valid({ ...withImage(), ...withImage({}, 2), ...withImage({}, 3), ...over }), files);
    expect(res.statusCode).toBe(422);
    expect(await submissionCount()).toBe(before);
    return res;
  };

  it('refuses a text file named .jpg, an SVG with script, a cut-off JPEG, too many pictures and an oversized one, beside each', async () => {
    const text = await attack([{ field: 'image1', name: 'photo.jpg', bytes: Buffer.from('這不是圖片，只是文字。\n'.repeat(50)) }], { image2Caption: '', image2Credit: '', image2Rights: '', image3Caption: '', image3Credit: '', image3Rights: '' });
    expect(errorBeside(text.body, 'image1')).toContain('JPEG、PNG、WebP 或 AVIF');

    const svg = await attack(
      [{ field: 'image1', name: 'x.jpg', type: 'image/svg+xml', bytes: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(1)</script></svg>') }],
      { image2Caption: '', image2Credit: '', image2Rights: '', image3Caption: '', image3Credit: '', image3Rights: '' },
    );
    expect(errorBeside(svg.body, 'image1')).toContain('JPEG、PNG、WebP 或 AVIF');
    expect(svg.body).not.toContain('<script>alert(1)');

    const cut = await attack([{ field: 'image1', name: 'cut.jpg', bytes: photo.subarray(0, Math.floor(photo.length / 2)) }], { image2Caption: '', image2Credit: '', image2Rights: '', image3Caption: '', image3Credit: '', image3Rights: '' });
    expect(errorBeside(cut.body, 'image1')).not.toBe('');

    const many = await attack([1, 2, 3, 4].map((n) => ({ field: `image${n}`, name: `${n}.jpg`, bytes: photo })), withImage({}, 4));
    expect(decode(/<p class="field__error" id="field-images">([^<]*)<\/p>/.exec(many.body)?.[1] ?? '')).toBe('最多附 3 張圖片，多出的檔案沒有收下');
    expect(summary(many.body)).toContain('最多附 3 張圖片');

    const big = await attack([{ field: 'image1', name: 'big.jpg', bytes: Buffer.concat([photo, Buffer.alloc(10 * 1024 * 1024)]) }], { image2Caption: '', image2Credit: '', image2Rights: '', image3Caption: '', image3Credit: '', image3Rights: '' });
    expect(errorBeside(big.body, 'image1')).toBe('圖片超過 10 MB，請縮小後再上傳');
  });

  it('keeps a picture that passed across a retry (cleaned, not public), so it need not be chosen again', async () => {
    const first = await send(valid({ ...withImage(), consent: '' }), [{ field: 'image1', name: 'tagged-photo.jpg', bytes: photo }]);
    expect(first.statusCode).toBe(422);
    expect(first.body).toContain('已收到「tagged-photo.jpg」，不必重新選擇');
    const heldId = /name="image1Held" value="([^"]+)"/.exec(first.body)?.[1] ?? '';
    expect(heldId).toMatch(/^[0-9a-z]+-[A-Za-z0-9_-]{32}$/);
    expect(inputValue(first.body, 'image1Caption')).toBe('作者在立法院外拍攝');
    // Held under MEDIA_DIR, cleaned, and never served by /media.
    const heldDir = join(t.mediaDir, '.contribute-held');
    expect(readdirSync(heldDir)).toContain(heldId);
    expect(readFileSync(join(heldDir, heldId)).includes(Buffer.from('GPS'))).toBe(false);
    expect((await get(`/media/.contribute-held/${heldId}`)).statusCode).toBe(403);

    const track = await sendValid({ ...withImage(), image1Held: heldId, image1HeldName: 'tagged-photo.jpg' });
    expect((await get(track)).body).toContain('▲作者在立法院外拍攝');
    expect(existsSync(join(heldDir, heldId))).toBe(false);
    // A made-up or spent id is no picture.
    const spent = await send(valid({ ...withImage(), image1Held: heldId }));
    expect(spent.statusCode).toBe(422);
    expect(errorBeside(spent.body, 'image1')).toBe('先前收到的這張圖片已逾時清除，請重新選擇');
    const traversal = await send(valid({ ...withImage(), image1Held: '../../etc/passwd' }));
    expect(errorBeside(traversal.body, 'image1')).toBe('先前收到的這張圖片已逾時清除，請重新選擇');
  });
});

describe('anti-abuse', () => {
  it('honeypot: answered like a success, nothing stored', async () => {
    const before = await submissionCount();
    const res = await send(valid({ website: 'http://spam.example' }));
    expect(res.statusCode).toBe(303);
    expect(String(res.headers.location)).toMatch(/^\/contribute\/track\/[A-Za-z0-9_-]{43}\?sent=1$/);
    expect(await submissionCount()).toBe(before);
  });

  it('minimum fill time: a send straight after the form was shown comes back filled in, asking to check and send again', async () => {
    const page = await get('/contribute');
    const issuedAt = /name="issuedAt" value="(\d+)"/.exec(page.body)?.[1] ?? '';
    expect(Number(issuedAt)).toBe(t.clock.now().getTime());
    const before = await submissionCount();
    const fast = await send(valid({ issuedAt }));
    expect(fast.statusCode).toBe(422);
    expect(fast.body).toContain('送出得比一般填寫快很多，請再檢查一次內容');
    expect(inputValue(fast.body, 'title')).toBe('讓能源轉型回到證據');
    expect(textareaValue(fast.body, 'body')).toBe(prose(900));
    // Missing or from the future: a script's.
    expect((await send(valid({ issuedAt: '' }))).statusCode).toBe(422);
    expect((await send(valid({ issuedAt: String(t.clock.now().getTime() + 60_000) }))).statusCode).toBe(422);
    expect(await submissionCount()).toBe(before);
    t.clock.advance(6_000);
    const later = await send(valid({ issuedAt: /name="issuedAt" value="(\d+)"/.exec(fast.body)?.[1] ?? '' }));
    expect(later.statusCode).toBe(303);
  });

  it('rate limit: CONTRIBUTE_PER_HOUR pieces received from one address, then a zh-Hant 429 with the form still filled; mistakes fixed along the way do not count; other addresses go on', async () => {
    const limited = await buildTestApp({ CONTRIBUTE_PER_HOUR: '2' });
    try {
      const good = { ...valid({ issuedAt: String(limited.clock.now().getTime() - 60_000) }) };
      const short = { ...good, body: prose(100) };
      // A writer who gets it wrong three times and then right is not held back.
      for (let i = 0; i < 3; i++) expect((await multipart('/contribute', short, [], '203.0.113.7', limited)).statusCode).toBe(422);
      for (let i = 0; i < 2; i++) expect((await multipart('/contribute', good, [], '203.0.113.7', limited)).statusCode).toBe(303);
      const refused = await multipart('/contribute', { ...good, title: '第三篇' }, [], '203.0.113.7', limited);
      expect(refused.statusCode).toBe(429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(refused.headers['content-type']).toContain('text/html');
      expect(refused.body).toContain('這個網路位址在一小時內送出太多次了');
      expect(inputValue(refused.body, 'title')).toBe('第三篇');
      expect(textareaValue(refused.body, 'body')).toBe(good.body);
      const count = async () => Number((await limited.db.kysely.selectFrom('submissions').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      expect(await count()).toBe(2);
      // Every post counts toward a looser limit (four a piece): a flood of bad forms stops too.
      for (let i = 0; i < 2; i++) expect((await multipart('/contribute', short, [], '203.0.113.7', limited)).statusCode).toBe(422);
      expect((await multipart('/contribute', short, [], '203.0.113.7', limited)).statusCode).toBe(429);
      expect((await multipart('/contribute', good, [], '198.51.100.9', limited)).statusCode).toBe(303);
      expect(await count()).toBe(3);
      // Reading the form is never limited.
      expect((await limited.app.inject({ method: 'GET', url: '/contribute', remoteAddress: '203.0.113.7' })).statusCode).toBe(200);
    } finally {
      await limited.close();
    }
  });
});

describe('hostile text', () => {
  const payloads = ['<script>alert("x")</script>', '"><img src=x onerror=alert(1)>', "'><svg onload=alert(1)>", '</textarea><script>alert(2)</script>'];
  const noMarkup = (body: string) => {
    expect(body).not.toMatch(/<script>alert/);
    expect(body).not.toMatch(/<img src=x/);
    expect(body).not.toMatch(/<svg onload/);
    expect(body).not.toMatch(/<\/textarea><script>/);
  };

  it('every field shown back on the form and on the tracking page is escaped', async () => {
    for (const p of payloads) {
      const everywhere = Object.fromEntries(['realName', 'email', 'phone', 'address', 'occupation', 'bioLine', 'title', 'lead', 'conflicts', 'image1Caption', 'image1Credit', 'image1Rights'].map((k) => [k, p]));
      const back = await send(valid({ ...everywhere, penName: p, body: `${p}\n${prose(100)}`, consent: '' }));
      expect(back.statusCode).toBe(422);
      noMarkup(back.body);
      expect(inputValue(back.body, 'title')).toBe(p);
      expect(textareaValue(back.body, 'lead')).toBe(p);
    }
    // Stored (the fields whose rules allow it) and shown on the writer's page and in the thread.
    const xss = '"><img src=x onerror=alert(1)>';
    const track = await sendValid(
      { penName: xss.slice(0, 20), bioLine: xss, occupation: xss, title: xss, lead: xss, body: `${xss}\n${prose(900)}`, conflicts: xss, ...withImage({ caption: xss, credit: xss.slice(0, 40) }) },
      [{ field: 'image1', name: `${xss}.jpg`, bytes: photo }],
    );
    await messageWriter(deps, await submissionIdOf(track), `<script>alert("desk")</script>`, { userId: deskUserId });
    await post(`${track}/reply`, { message: '<script>alert("reply")</script>' });
    const page = await get(`${track}?sent=1`);
    expect(page.statusCode).toBe(200);
    noMarkup(page.body);
    expect(page.body).toContain('&lt;script>alert(&quot;desk&quot;)&lt;/script>');
    expect(page.body).toContain('&quot;>&lt;img src=x onerror=alert(1)>');
  });
});
