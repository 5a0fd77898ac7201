import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp, { type Metadata, type Sharp } from 'sharp';
import { type ChangeFeed, recordChange } from '../../platform/changes.js';
import { type Db, inTransaction } from '../../platform/db/database.js';
import type { Logger } from '../../platform/logger.js';
import type { Clock } from '../../platform/time.js';
import { fold } from '../zh/index.js';
import type { ImageDetails, ImageRef, LibraryImage, Rendition } from './image.js';
import { topics } from '../topics/index.js';
import { readEmbeddedCaption } from './embedded.js';
import { findImageByKey, findLibraryImages, imagesWithoutRenditions, insertImage, listAllImages, setRenditions, setStoredSize, updateDetails } from './media.repo.js';

export const RENDITION_WIDTHS = [480, 800, 1200] as const;
export const MAX_IMAGE_BYTES = 20 * 1024 * 1024;
/**
 * 50 megapixels: more than any press camera (a 45 MP Nikon Z8 is 8256 × 5504). Every sharp call is given this
 * limit, so a small file that unpacks into a huge picture (a 30,000 × 30,000 PNG, a decompression bomb) is
 * refused from its header instead of taking the server's memory.
 */
export const MAX_IMAGE_PIXELS = 50_000_000;

type Kind = { ext: string; mime: string; format: 'jpeg' | 'png' | 'webp' | 'avif' };
const KINDS: Record<Kind['format'], Kind> = {
  jpeg: { ext: 'jpg', mime: 'image/jpeg', format: 'jpeg' },
  png: { ext: 'png', mime: 'image/png', format: 'png' },
  webp: { ext: 'webp', mime: 'image/webp', format: 'webp' },
  avif: { ext: 'avif', mime: 'image/avif', format: 'avif' },
};

/** A refusal the editor reads, in both languages; never libvips' own words. */
export class ImageRejected extends Error {
  readonly reasonEn: string;
  constructor(
    readonly reasonZh: string,
    reasonEn?: string,
  ) {
    super(reasonZh);
    this.name = 'ImageRejected';
    this.reasonEn = reasonEn ?? reasonZh;
  }
}

export interface MediaDeps {
  readonly db: Db;
  readonly clock: Clock;
  readonly mediaDir: string;
}

export function originalPath(mediaDir: string, storageKey: string): string {
  return join(mediaDir, 'originals', storageKey);
}

export function renditionPath(mediaDir: string, key: string): string {
  return join(mediaDir, 'renditions', key);
}

/**
 * What the first bytes say the file is, before any decoder sees it: JPEG, PNG, WebP or AVIF, nothing else. A
 * name ending in .jpg or a declared type means nothing; an SVG (text, and it can carry script), a GIF, a TIFF or
 * a HEIC is refused here even though libvips could read some of them.
 */
export function sniffImage(bytes: Buffer): Kind | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return KINDS.jpeg;
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return KINDS.png;
  if (bytes.length >= 12 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP') return KINDS.webp;
  // ISO-BMFF: a 'ftyp' box whose major or a compatible brand is an AVIF brand (HEIC files name heic/mif1 only).
  if (bytes.length >= 16 && bytes.toString('latin1', 4, 8) === 'ftyp') {
    const boxEnd = Math.min(bytes.readUInt32BE(0), bytes.length, 256);
    const brands = [bytes.toString('latin1', 8, 12)];
    for (let at = 16; at + 4 <= boxEnd; at += 4) brands.push(bytes.toString('latin1', at, at + 4));
    if (brands.some((b) => b === 'avif' || b === 'avis')) return KINDS.avif;
  }
  return null;
}

const MB = 1024 * 1024;

/** Checks a file is a whole, usable JPEG/PNG/WebP/AVIF within the limits; returns its kind and sharp's header. */
async function checkImage(bytes: Buffer): Promise<{ kind: Kind; info: Metadata; width: number; height: number }> {
  if (bytes.length === 0) throw new ImageRejected('圖片檔是空的', 'The file is empty.');
  if (bytes.length > MAX_IMAGE_BYTES) {
    throw new ImageRejected(`圖片超過 ${MAX_IMAGE_BYTES / MB} MB`, `The file is larger than ${MAX_IMAGE_BYTES / MB} MB.`);
  }
  const kind = sniffImage(bytes);
  if (!kind) {
    throw new ImageRejected('不是可用的圖片檔：只接受 JPEG、PNG、WebP 或 AVIF（以檔案內容判斷，不看副檔名）', 'Not a usable image: only JPEG, PNG, WebP or AVIF are accepted (judged by the content, not the file name).');
  }
  let info: Metadata;
  try {
    info = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch {
    throw new ImageRejected('無法讀取圖片（檔案內容不是完整的 JPEG、PNG、WebP 或 AVIF）', 'The image cannot be read (not a whole JPEG, PNG, WebP or AVIF file).');
  }
  const sharpFormat = info.format === 'heif' && info.compression === 'av1' ? 'avif' : info.format;
  if (sharpFormat !== kind.format || !info.width || !info.height) {
    throw new ImageRejected('不是可用的圖片檔：檔頭與內容不符（只接受 JPEG、PNG、WebP 或 AVIF）', 'Not a usable image: the header does not match the content (only JPEG, PNG, WebP or AVIF).');
  }
  const pixels = info.width * (info.pageHeight ?? info.height);
  if (pixels > MAX_IMAGE_PIXELS) {
    const fmt = (n: number) => n.toLocaleString('en-US');
    throw new ImageRejected(
      `圖片太大：${fmt(info.width)} × ${fmt(info.height)} 像素，上限為 ${MAX_IMAGE_PIXELS / 1_000_000} 百萬像素（請先縮小再上傳）`,
      `The picture is too large: ${fmt(info.width)} × ${fmt(info.height)} pixels; the limit is ${MAX_IMAGE_PIXELS / 1_000_000} megapixels (resize it first).`,
    );
  }
  // The header alone can be whole while the picture data is cut off: decode it all (small, to be quick), or a
  // broken file would be stored, linked from pages and retried by the rendition worker at every start.
  try {
    await sharp(bytes, { failOn: 'truncated', limitInputPixels: MAX_IMAGE_PIXELS }).resize(64, 64, { fit: 'inside' }).raw().toBuffer();
  } catch {
    throw new ImageRejected('圖片檔不完整或已損壞（可能沒有下載或上傳完整），請重新匯出後再試', 'The file is incomplete or damaged (perhaps not fully downloaded or uploaded); export it again and retry.');
  }
  const shown = info.autoOrient ?? { width: info.width, height: info.height };
  return { kind, info, width: shown.width, height: shown.height };
}

/** JPEG segments before the picture data other than JFIF (APP0) and the colour profile (APP2): EXIF, XMP, IPTC, comments… */
function jpegHasExtraSegments(bytes: Buffer): boolean {
  let at = 2;
  while (at + 4 <= bytes.length && bytes[at] === 0xff) {
    const marker = bytes[at + 1]!;
    if (marker === 0xda) return false; // start of scan: the picture data follows
    if (marker === 0xfe || (marker >= 0xe0 && marker <= 0xef && marker !== 0xe0 && marker !== 0xe2)) return true;
    at += 2 + bytes.readUInt16BE(at + 2);
  }
  return false;
}

/**
 * The copy anyone can download: turned the way the photo is meant to be seen, with nothing but the pixels and
 * the colour profile — no EXIF (GPS position, camera serial, owner), XMP, IPTC or comments. A file that has none
 * of these is kept byte for byte (no second JPEG compression); one that has any is encoded again.
 */
async function publicCopy(bytes: Buffer, kind: Kind, info: Metadata): Promise<Buffer> {
  const carriesMetadata =
    (info.orientation ?? 1) !== 1 ||
    info.exif !== undefined ||
    info.xmp !== undefined ||
    info.iptc !== undefined ||
    info.tifftagPhotoshop !== undefined ||
    (info.comments?.length ?? 0) > 0 ||
    (kind.format === 'jpeg' && jpegHasExtraSegments(bytes));
  if (!carriesMetadata) return bytes;
  const turned = sharp(bytes, { limitInputPixels: MAX_IMAGE_PIXELS }).autoOrient().keepIccProfile();
  switch (kind.format) {
    case 'jpeg':
      return turned.jpeg({ quality: 92 }).toBuffer();
    case 'png':
      return turned.png().toBuffer();
    case 'webp':
      return turned.webp({ quality: 90 }).toBuffer();
    case 'avif':
      return turned.avif({ quality: 70, effort: 2 }).toBuffer();
  }
}

/**
 * An image checked exactly as the library checks uploads and stripped the same way (no EXIF, GPS, XMP, IPTC),
 * for pictures held outside the library until someone accepts them (a writer's submission): the writer's GPS
 * position never reaches the desk, let alone the site.
 */
export async function checkedCleanCopy(bytes: Buffer): Promise<{ bytes: Buffer; mime: string; width: number; height: number }> {
  const { kind, info, width, height } = await checkImage(bytes);
  return { bytes: await publicCopy(bytes, kind, info), mime: kind.mime, width, height };
}

export interface StoreMeta {
  caption: string | null;
  credit: string | null;
  /** Who uploaded it (a staff user id), if anyone did. */
  uploadedBy?: number | null;
  /** The file name it was uploaded under, kept for the library's search only. */
  originalName?: string | null;
}

function searchTextOf(caption: string | null, credit: string | null, originalName: string | null): string {
  return fold([caption ?? '', credit ?? '', originalName ?? ''].join('\n'));
}

/**
 * Stores an image under its content address and records it. The same bytes stored twice (even at the same
 * moment) are one image; a caption or credit given later fills the library's default where it is still empty.
 * Renditions are not made here: that takes seconds on two cores and belongs to the background worker.
 */
export async function storeImageInLibrary(deps: MediaDeps, bytes: Buffer, meta: StoreMeta): Promise<{ image: LibraryImage; created: boolean }> {
  const { kind, info, width, height } = await checkImage(bytes);
  const storageKey = `${createHash('sha256').update(bytes).digest('hex').slice(0, 32)}.${kind.ext}`;
  let image = await findImageByKey(deps.db.kysely, storageKey);
  let created = false;
  if (!image) {
    const clean = await publicCopy(bytes, kind, info);
    await mkdir(join(deps.mediaDir, 'originals'), { recursive: true });
    await writeAtomically(originalPath(deps.mediaDir, storageKey), clean);
    const inserted = await insertImage(deps.db.kysely, {
      storageKey,
      mime: kind.mime,
      width,
      height,
      bytes: clean.length,
      caption: meta.caption,
      credit: meta.credit,
      uploadedBy: meta.uploadedBy ?? null,
      originalName: meta.originalName ?? null,
      searchText: searchTextOf(meta.caption, meta.credit, meta.originalName ?? null),
      createdAt: deps.clock.now().toISOString(),
    });
    created = inserted.created;
    image = (await findLibraryImages(deps.db.kysely, [inserted.id])).get(inserted.id) ?? null;
    if (!image) throw new Error(`image ${inserted.id} vanished after insert`);
  }
  if (!created && ((image.caption === null && meta.caption) || (image.credit === null && meta.credit))) {
    // The library's default caption and credit are the first ones known; a later store never overwrites one
    // an editor may have written, but fills one that is still missing.
    const details = { ...detailsOf(image), caption: image.caption ?? meta.caption, credit: image.credit ?? meta.credit };
    await updateDetails(deps.db.kysely, image.id, details, searchTextOf(details.caption, details.credit, image.originalName), deps.clock.now().toISOString());
    image = { ...image, caption: details.caption, credit: details.credit };
  }
  return { image, created };
}

/**
 * Images stored before public copies were cleaned (this release) may still carry EXIF, GPS, XMP or IPTC in the
 * file anyone can download. This rewrites each such file in place as the upload path now writes it — upright,
 * pixels and colour profile only — keeping its address (the key names the uploaded bytes, not the stored copy),
 * and records the image's change topic so pages are made again. Files already clean are left byte for byte.
 * `opdesk media clean`; safe to run again.
 */
export async function cleanStoredOriginals(
  deps: MediaDeps & { readonly changes?: ChangeFeed },
  onProgress?: (done: number, total: number) => void,
): Promise<{ checked: number; cleaned: number; missing: number }> {
  const all = await listAllImages(deps.db.kysely);
  let cleaned = 0;
  let missing = 0;
  for (const [n, image] of all.entries()) {
    const path = originalPath(deps.mediaDir, image.storageKey);
    const bytes = await readFile(path).catch(() => null);
    if (bytes === null) {
      missing++;
    } else {
      const kind = sniffImage(bytes);
      const info = kind ? await sharp(bytes, { limitInputPixels: MAX_IMAGE_PIXELS }).metadata().catch(() => null) : null;
      if (kind && info) {
        const clean = await publicCopy(bytes, kind, info);
        if (clean !== bytes) {
          await writeAtomically(path, clean);
          const after = await sharp(clean).metadata();
          const changed = [topics.image(image.id)];
          await deps.db.kysely.transaction().execute(async (trx) => {
            await setStoredSize(trx, image.id, { bytes: clean.length, width: after.width ?? image.width, height: after.height ?? image.height });
            await recordChange(trx, changed, deps.clock.now().toISOString());
          });
          deps.changes?.announce(changed);
          cleaned++;
        }
      }
    }
    onProgress?.(n + 1, all.length);
  }
  return { checked: all.length, cleaned, missing };
}

/** storeImage for callers that only need the reference (the importer, demo content). */
export async function storeImage(deps: MediaDeps, bytes: Buffer, meta: StoreMeta): Promise<ImageRef> {
  const { image } = await storeImageInLibrary(deps, bytes, meta);
  return { id: image.id, storageKey: image.storageKey, width: image.width, height: image.height, mime: image.mime, renditions: image.renditions, alt: image.alt };
}

/**
 * An upload from the newsroom: checked like any image, with the caption and credit the photographer or agency
 * embedded (IPTC or XMP) as the library's defaults.
 */
export async function uploadImage(
  deps: MediaDeps,
  file: { bytes: Buffer; originalName: string | null; uploadedBy: number | null },
): Promise<{ image: LibraryImage; created: boolean }> {
  const embedded = await readEmbeddedCaption(file.bytes);
  return storeImageInLibrary(deps, file.bytes, { caption: embedded.caption, credit: embedded.credit, uploadedBy: file.uploadedBy, originalName: file.originalName });
}

function detailsOf(image: LibraryImage): ImageDetails {
  return {
    caption: image.caption,
    credit: image.credit,
    creditType: image.creditType,
    rights: image.rights,
    licenceNote: image.licenceNote,
    licenceExpiresAt: image.licenceExpiresAt,
    alt: image.alt,
  };
}

/**
 * Changes the library's defaults for an image. The default alt text shows on pages (figures without their
 * own), so the pages showing the image are dropped from every cache.
 */
export async function updateImageDetails(deps: MediaDeps & { readonly changes?: ChangeFeed }, id: number, details: ImageDetails): Promise<boolean> {
  const changed = [topics.image(id)];
  // Joins a caller's transaction (accepting a submission enters its pictures along with the draft).
  const updated = await inTransaction(deps, async (tx) => {
    const trx = tx.db.kysely;
    const current = (await findLibraryImages(trx, [id])).get(id);
    if (!current) return false;
    const now = deps.clock.now().toISOString();
    await updateDetails(trx, id, details, searchTextOf(details.caption, details.credit, current.originalName), now);
    await recordChange(trx, changed, now);
    return true;
  });
  if (updated) deps.changes?.announce(changed);
  return updated;
}

async function writeAtomically(path: string, bytes: Buffer): Promise<void> {
  // A name of its own per write: two stores of the same file at once must not share one temporary file.
  const tmp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(tmp, bytes);
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

/**
 * The widths to make: each standard width below the image's own, then the image's own width when it is no
 * wider than the largest standard one — so a 1000 px photo gets 480, 800 and 1000, and srcset offers the
 * largest size the original supports. Nothing is ever enlarged.
 */
export function renditionWidths(imageWidth: number): number[] {
  const largest = RENDITION_WIDTHS[RENDITION_WIDTHS.length - 1]!;
  const below: number[] = RENDITION_WIDTHS.filter((w) => w < imageWidth);
  return imageWidth <= largest ? [...below, imageWidth] : below;
}

const ENCODERS = {
  webp: (s: Sharp) => s.webp({ quality: 78 }),
  // effort 2 of 9: AVIF at the default effort takes several seconds a picture on two cores, for a few per cent.
  avif: (s: Sharp) => s.avif({ quality: 55, effort: 2 }),
} as const;

/** Thrown between two encodes when the worker is told to stop: the image is redone, from where it was, at the next start. */
class RenditionsStopped extends Error {}

export async function makeRenditions(mediaDir: string, image: ImageRef, stopping: () => boolean = () => false): Promise<Rendition[]> {
  const original = await readFile(originalPath(mediaDir, image.storageKey));
  await mkdir(join(mediaDir, 'renditions'), { recursive: true });
  const base = image.storageKey.replace(/\.[a-z]+$/, '');
  const renditions: Rendition[] = [];
  for (const format of ['avif', 'webp'] as const) {
    for (const width of renditionWidths(image.width)) {
      const key = `${base}-${width}.${format}`;
      const path = renditionPath(mediaDir, key);
      const exists = await stat(path).then(
        () => true,
        () => false,
      );
      if (!exists) {
        if (stopping()) throw new RenditionsStopped();
        // Output carries no metadata (sharp drops it unless asked), and autoOrient covers originals stored
        // before the public copy was turned upright.
        const resized = sharp(original, { limitInputPixels: MAX_IMAGE_PIXELS }).autoOrient().resize({ width, withoutEnlargement: true });
        await writeAtomically(path, await ENCODERS[format](resized).toBuffer());
      }
      renditions.push({ width, format, key });
    }
  }
  return renditions;
}

/**
 * Makes WebP and AVIF renditions one image at a time in the background; pages show the original until they are
 * ready and pick up the srcset when the change is recorded (every instance drops the pages showing the image).
 */
export class RenditionWorker {
  private queue: Promise<void> = Promise.resolve();
  private pending = 0;
  private stopping = false;

  constructor(private readonly deps: MediaDeps & { readonly log: Logger; readonly changes?: ChangeFeed }) {}

  enqueue(image: ImageRef): void {
    this.pending++;
    this.queue = this.queue
      .then(async () => {
        // After stop(), what is left waits for the next start (enqueueMissing finds it): shutdown stays quick.
        if (this.stopping) return;
        const renditions = await makeRenditions(this.deps.mediaDir, image, () => this.stopping);
        const changed = [topics.image(image.id)];
        await this.deps.db.kysely.transaction().execute(async (trx) => {
          await setRenditions(trx, image.id, renditions);
          await recordChange(trx, changed, this.deps.clock.now().toISOString());
        });
        this.deps.changes?.announce(changed);
        this.deps.log.debug({ imageId: image.id, renditions: renditions.length }, 'renditions ready');
      })
      .catch((err: unknown) => {
        if (!(err instanceof RenditionsStopped)) this.deps.log.error({ err, imageId: image.id }, 'rendition failed');
      })
      .finally(() => {
        this.pending--;
      });
  }

  async enqueueMissing(): Promise<number> {
    const missing = await imagesWithoutRenditions(this.deps.db.kysely);
    for (const image of missing) this.enqueue(image);
    return missing.length;
  }

  get backlog(): number {
    return this.pending;
  }

  /**
   * Shutdown: the encode in progress finishes (sharp cannot be interrupted), nothing after it starts. An AVIF
   * backlog can take minutes on two cores; waiting for it made a SIGTERM time out.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.idle();
  }

  /** Resolves when everything queued so far is done (tests). */
  async idle(): Promise<void> {
    let current: Promise<void>;
    do {
      current = this.queue;
      await current;
    } while (current !== this.queue);
  }
}
