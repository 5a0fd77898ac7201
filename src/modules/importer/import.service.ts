import { createHash } from 'node:crypto';
import {
  type ArticleBody,
  BODY_SCHEMA_VERSION,
  type BodyBlock,
  type ContentDeps,
  blockId,
  createDraft,
  createPublishedArticle,
  type EditorActor,
  emptyContent,
  findArticleIdByImportKey,
} from '../articles/index.js';
import { ImageRejected, type MediaDeps, storeImage } from '../media/index.js';
import { tagNameProblem } from '../taxonomy/index.js';
import { taipeiMidnightUtc } from '../../platform/time.js';
import { type DroppedLine, normaliseNewlines, type ParsedArticle, type ParsedBlock, parseArticleText } from './parse.js';

export const MAX_IMPORT_BYTES = 1024 * 1024;

export type ImportProblemCode =
  | 'empty'
  | 'too_large'
  | 'binary'
  | 'not_utf8'
  | 'no_body'
  | 'no_title'
  | 'no_byline'
  | 'no_date'
  | 'bad_tag'
  | 'bad_image';

/** A reason a file cannot be imported, worded for the editor who runs the command or uses the newsroom. */
export class ImportProblem extends Error {
  constructor(
    readonly code: ImportProblemCode,
    readonly messageZh: string,
    /** For the newsroom's English screens; the CLI speaks zh-Hant only. */
    readonly messageEn: string = messageZh,
  ) {
    super(messageZh);
    this.name = 'ImportProblem';
  }
}

/** Decodes and checks the bytes of one page text; throws ImportProblem for anything that is not a page. */
export function decodePageText(bytes: Uint8Array): string {
  if (bytes.length > MAX_IMPORT_BYTES) {
    throw new ImportProblem('too_large', `檔案太大（${(bytes.length / 1024 / 1024).toFixed(1)} MB），上限 1 MB`, `The file is too large (${(bytes.length / 1024 / 1024).toFixed(1)} MB); the limit is 1 MB`);
  }
  if (bytes.length === 0) throw new ImportProblem('empty', '檔案是空的', 'The file is empty');
  if (bytes.includes(0)) throw new ImportProblem('binary', '這是二進位檔（含 NUL 位元組），不是純文字的頁面內容', 'This is a binary file (it contains NUL bytes), not the plain text of a page');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ImportProblem('not_utf8', '不是 UTF-8 編碼的文字（若是 Big5 檔，請先轉成 UTF-8）', 'The text is not UTF-8 (if it is a Big5 file, convert it to UTF-8 first)');
  }
  if (text.replace(/^\uFEFF/, '').trim() === '') throw new ImportProblem('empty', '檔案只有空白，沒有內容', 'The file holds only white space');
  // Control characters other than tab/newline mean this is not readable page text.
  const controls = text.match(/[\u0001-\u0008\u000b\u000e-\u001f\u007f]/g);
  if (controls && controls.length > 0) throw new ImportProblem('binary', `含有 ${controls.length} 個控制字元，看起來不是頁面的純文字`, `It contains ${controls.length} control characters; it does not look like the plain text of a page`);
  return text;
}

export function parsePage(bytes: Uint8Array): ParsedArticle {
  const parsed = parseArticleText(decodePageText(bytes));
  if (!parsed.blocks.some((b) => b.type === 'paragraph')) throw new ImportProblem('no_body', '找不到任何內文段落', 'No body paragraph was found');
  return parsed;
}

/** Identity of a source text: the same page saved twice (CRLF or LF, with or without BOM) is one article. */
export function importKey(text: string): string {
  const canonical = normaliseNewlines(text)
    .split('\n')
    .map((l) => l.trimEnd())
    .join('\n')
    .trim();
  return `sha256:${createHash('sha256').update(canonical).digest('hex')}`;
}

/** A page that can become an article: parsed, with the title and byline every article needs. */
function parseWholePage(bytes: Uint8Array): { parsed: ParsedArticle; title: string; author: { name: string; bio: string | null } } {
  const parsed = parsePage(bytes);
  if (!parsed.title) throw new ImportProblem('no_title', '找不到標題（標題應在日期列之後、導言或作者列之前）', 'No title was found (it comes after the date line, before the lead or the byline)');
  if (!parsed.author || parsed.author.name === '') throw new ImportProblem('no_byline', '找不到作者列（「●姓名／簡介」）', 'No byline was found (「●Name／bio」)');
  return { parsed, title: parsed.title, author: parsed.author };
}

export interface ImportOptions {
  /** UTC ISO time; default the page's date at 00:00 Asia/Taipei. */
  publishedAt?: string;
  tags?: readonly string[];
  sectionSlug?: string;
  sourceNote?: string | null;
  /** Image files for figures, by figure position (0 = first caption in the text). */
  images?: ReadonlyMap<number, Buffer>;
}

export type ImportOutcome =
  | { status: 'created'; id: number; parsed: ParsedArticle }
  | { status: 'unchanged'; id: number; parsed: ParsedArticle };

/**
 * Checks everything first (text, required fields, tags, images), then writes in one transaction, so a bad
 * file changes nothing.
 */
export async function importPage(deps: ContentDeps & MediaDeps, bytes: Uint8Array, options: ImportOptions = {}): Promise<ImportOutcome> {
  const { parsed, title, author } = parseWholePage(bytes);
  let publishedAt = options.publishedAt;
  if (!publishedAt) {
    if (!parsed.publishedDate) throw new ImportProblem('no_date', '頁面沒有日期列（「date YYYY-MM-DD」），請用 --published-at 指定發布時間');
    try {
      publishedAt = taipeiMidnightUtc(parsed.publishedDate);
    } catch {
      throw new ImportProblem('no_date', `日期「${parsed.publishedDate}」不是有效的日期`);
    }
  }
  for (const tag of options.tags ?? []) {
    const problem = tagNameProblem(tag);
    if (problem) throw new ImportProblem('bad_tag', problem);
  }
  const figureCount = parsed.blocks.filter((b) => b.type === 'figure').length;
  for (const index of options.images?.keys() ?? []) {
    if (index < 0 || index >= figureCount) {
      throw new ImportProblem('bad_image', `第 ${index + 1} 張圖不存在：這篇只有 ${figureCount} 個圖說`);
    }
  }

  const text = new TextDecoder().decode(bytes);
  const key = importKey(text);
  const imageIds = new Map<number, number>();
  let figureIndex = 0;
  for (const block of parsed.blocks) {
    if (block.type !== 'figure') continue;
    const file = options.images?.get(figureIndex);
    if (file) {
      try {
        const image = await storeImage(deps, file, { caption: block.caption || null, credit: block.credit });
        imageIds.set(figureIndex, image.id);
      } catch (err) {
        if (err instanceof ImageRejected) throw new ImportProblem('bad_image', `第 ${figureIndex + 1} 張圖：${err.reasonZh}`);
        throw err;
      }
    }
    figureIndex++;
  }

  const result = await createPublishedArticle(deps, {
    title,
    lead: parsed.lead,
    body: toBody(parsed.blocks, key, imageIds),
    bylines: [{ name: author.name, bio: author.bio }],
    tags: options.tags ?? [],
    publishedAt,
    importKey: key,
    sourceNote: options.sourceNote ?? null,
    ...(options.sectionSlug ? { sectionSlug: options.sectionSlug } : {}),
  });
  return result.created ? { status: 'created', id: result.id, parsed } : { status: 'unchanged', id: result.id, parsed };
}

function creditLabel(creditRaw: string | null): string | null {
  if (!creditRaw) return null;
  const inner = creditRaw.slice(1, -1);
  const slash = inner.search(/[／/]/);
  return slash > 0 ? inner.slice(0, slash).trim() : null;
}

export function toBody(blocks: readonly ParsedBlock[], seed: string, imageIds: ReadonlyMap<number, number> = new Map()): ArticleBody {
  let figureIndex = 0;
  const out: BodyBlock[] = blocks.map((b, i): BodyBlock => {
    const id = blockId(seed, i);
    switch (b.type) {
      case 'paragraph':
        return { id, type: 'paragraph', text: b.text, ...(b.repeatOf ? { repeatOf: b.repeatOf } : {}) };
      case 'heading':
        return { id, type: 'heading', text: b.text };
      case 'byline':
        return { id, type: 'byline' };
      case 'figure': {
        const imageId = imageIds.get(figureIndex) ?? null;
        figureIndex++;
        return {
          id,
          type: 'figure',
          marker: b.marker,
          caption: b.caption,
          credit: b.credit,
          creditLabel: creditLabel(b.creditRaw),
          imageId,
          alt: b.caption === '' ? null : b.caption,
          ...(b.repeatOf ? { repeatOf: b.repeatOf } : {}),
        };
      }
    }
  });
  return { schemaVersion: BODY_SCHEMA_VERSION, blocks: out };
}

/** What the editor page shows beside an imported draft (ImportReport in the newsroom's editor). */
export interface DraftImportReport {
  dropped: DroppedLine[];
  /** Blocks that repeat the lead or an earlier paragraph: flagged, kept as in the original. */
  repeats: number;
}

export type DraftImportOutcome =
  | { status: 'created'; id: number; title: string; report: DraftImportReport }
  /** The same page text is already an article (draft or any later state): nothing new was made. */
  | { status: 'exists'; id: number; title: string };

/**
 * A page text becomes a draft for the desk to check, never a published piece: the same checks as importPage
 * (except the date, which the desk sets when it schedules), then createDraft with the importer's notes attached.
 * Throws ImportProblem for a file that is not a usable page; then nothing is written.
 */
export async function importPageAsDraft(
  deps: ContentDeps,
  bytes: Uint8Array,
  actor: EditorActor,
  options: { note?: string | null } = {},
): Promise<DraftImportOutcome> {
  const { parsed, title, author } = parseWholePage(bytes);
  const key = importKey(new TextDecoder().decode(bytes));
  const existing = await findArticleIdByImportKey(deps, key);
  if (existing !== null) return { status: 'exists', id: existing, title };
  const report: DraftImportReport = {
    dropped: parsed.dropped,
    repeats: parsed.blocks.filter((b) => (b.type === 'paragraph' || b.type === 'figure') && b.repeatOf).length,
  };
  // Section 0: createDraft puts the draft in the default section.
  const content = {
    ...emptyContent(0),
    title,
    lead: parsed.lead,
    body: toBody(parsed.blocks, key),
    bylines: [{ name: author.name, bioLine: author.bio, role: '作者' }],
  };
  try {
    const id = await createDraft(deps, content, actor, { importKey: key, importReport: report, note: options.note ?? null });
    return { status: 'created', id, title, report };
  } catch (err) {
    // Two people importing the same page at once: the unique import key lets one through; the other is told.
    const raced = await findArticleIdByImportKey(deps, key);
    if (raced !== null) return { status: 'exists', id: raced, title };
    throw err;
  }
}
