import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { type IncomingImage, receiveSubmission, type Received, submissionFormSchema, type SubmissionsDeps } from '../../src/modules/submissions/index.js';
import type { Logger } from '../../src/platform/logger.js';
import { submissionLinks } from '../../src/surfaces/urls.js';
import type { LightMyRequestResponse } from 'fastify';
import type { TestApp } from './test-app.js';

/** A logger whose every line the test can read back: privacy tests search it for the writer's details. */
export function capturingLogger(): { log: Logger; lines: () => string } {
  const chunks: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  return { log: pino({ level: 'debug' }, sink) as unknown as Logger, lines: () => chunks.join('') };
}

export function submissionDeps(t: TestApp, log?: Logger): SubmissionsDeps {
  return { db: t.db, clock: t.clock, changes: t.changes, log: log ?? (pino({ level: 'silent' }) as unknown as Logger), config: t.config, links: submissionLinks(t.config.baseUrl) };
}

/** A paragraph of plausible op-ed prose; `n` of them make a body within the default 800–3,000 limits. */
export function opEdBody(paragraphs = 11, seed = '媒體自律'): string {
  return Array.from(
    { length: paragraphs },
    (_, i) => `第${i + 1}段：${seed}不是一句口號，而是每天在編輯台上做出的選擇。讀者願意相信一家媒體，是因為它在出錯時願意更正，在爭議時願意說明理由，並且把不同的觀點放在同一個版面上。`,
  ).join('\n\n');
}

export const WRITER = {
  realName: '林美華',
  penName: '林思',
  email: 'meihua.lin@example.net',
  phone: '0933-201-774',
  address: '臺北市中正區重慶南路一段 122 號',
  occupation: '大學講師',
  bioLine: '政治大學傳播學院兼任講師',
} as const;

export function submissionInput(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    ...WRITER,
    title: '媒體自律的下一步',
    lead: '自律組織成立一年，讀者看見了什麼？',
    body: opEdBody(),
    conflicts: '無',
    declareOriginal: 'on',
    declareExclusive: 'on',
    declareLicence: 'on',
    consent: 'on',
    termsVersion: '',
    ...overrides,
  };
}

export async function submit(t: TestApp, overrides: Record<string, string> = {}, images: IncomingImage[] = [], deps = submissionDeps(t)): Promise<Received> {
  const form = submissionFormSchema({ minChars: 800, maxChars: 3000 }).parse(submissionInput(overrides));
  return receiveSubmission(deps, form, images);
}

export const photoBytes = () => readFileSync(fileURLToPath(new URL('../newsroom/fixtures/tagged-photo.jpg', import.meta.url)));

export function photo(overrides: Partial<IncomingImage> = {}): IncomingImage {
  return { bytes: photoBytes(), originalName: 'protest.jpg', caption: '立法院前的集會', credit: '林思', rights: 'own', ...overrides };
}

export interface FilePart {
  field: string;
  name: string;
  bytes: Buffer;
  type?: string;
}

/** A multipart/form-data post as a browser sends it (the form with its files), from `remoteAddress`. */
export async function postMultipart(t: TestApp, url: string, fields: Record<string, string>, files: FilePart[] = [], remoteAddress = '127.0.0.1'): Promise<LightMyRequestResponse> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  for (const f of files) form.append(f.field, new Blob([new Uint8Array(f.bytes)], { type: f.type ?? 'image/jpeg' }), f.name);
  const encoded = new Response(form);
  const payload = Buffer.from(await encoded.arrayBuffer());
  return t.app.inject({ method: 'POST', url, headers: { 'content-type': encoded.headers.get('content-type') ?? '' }, payload, remoteAddress });
}
