import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp, { type Metadata } from 'sharp';
import { type ChangeFeed, recordChange } from '../../platform/changes.js';
import type { Db } from '../../platform/db/database.js';
import type { Logger } from '../../platform/logger.js';
import type { Clock } from '../../platform/time.js';
import type { ImageRef, Rendition } from './image.js';
import { topics } from '../topics/index.js';
import { findImageByKey, imagesWithoutRenditions, insertImage, setRenditions } from './media.repo.js';

export const RENDITION_WIDTHS = [480, 800, 1200] as const;
export const MAX_IMAGE_BYTES = 20 * 1024 * 1024;
const ACCEPTED = new Map([
  ['jpeg', { ext: 'jpg', mime: 'image/jpeg' }],
  ['png', { ext: 'png', mime: 'image/png' }],
  ['webp', { ext: 'webp', mime: 'image/webp' }],
]);

export class ImageRejected extends Error {
  constructor(readonly reasonZh: string) {
    super(reasonZh);
    this.name = 'ImageRejected';
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
 * Stores an image file under its content address and records it. The same bytes stored twice are one image.
 * Renditions are not made here: that takes seconds on two cores and belongs to the background worker.
 */
export async function storeImage(
  deps: MediaDeps,
  bytes: Buffer,
  meta: { caption: string | null; credit: string | null },
): Promise<ImageRef> {
  if (bytes.length === 0) throw new ImageRejected('圖片檔是空的');
  if (bytes.length > MAX_IMAGE_BYTES) throw new ImageRejected(`圖片超過 ${MAX_IMAGE_BYTES / 1024 / 1024} MB`);
  let info: Metadata;
  try {
    info = await sharp(bytes).metadata();
  } catch {
    throw new ImageRejected('無法讀取圖片（不是 JPEG、PNG 或 WebP 檔）');
  }
  const kind = info.format ? ACCEPTED.get(info.format) : undefined;
  if (!kind || !info.width || !info.height) throw new ImageRejected(`不支援的圖片格式：${info.format ?? '未知'}（請用 JPEG、PNG 或 WebP）`);
  // The header alone can be whole while the picture data is cut off: decode it all (small, to be quick), or a
  // broken file would be stored, linked from pages and retried by the rendition worker at every start.
  try {
    await sharp(bytes, { failOn: 'truncated' }).resize(64, 64, { fit: 'inside' }).raw().toBuffer();
  } catch {
    throw new ImageRejected('圖片檔不完整或已損壞（可能沒有下載或上傳完整），請重新匯出後再試');
  }
  const storageKey = `${createHash('sha256').update(bytes).digest('hex').slice(0, 32)}.${kind.ext}`;
  const existing = await findImageByKey(deps.db.kysely, storageKey);
  if (existing) return existing;

  const path = originalPath(deps.mediaDir, storageKey);
  await mkdir(join(deps.mediaDir, 'originals'), { recursive: true });
  await writeAtomically(path, bytes);
  const id = await insertImage(deps.db.kysely, {
    storageKey,
    mime: kind.mime,
    width: info.width,
    height: info.height,
    bytes: bytes.length,
    caption: meta.caption,
    credit: meta.credit,
    createdAt: deps.clock.now().toISOString(),
  });
  return { id, storageKey, width: info.width, height: info.height, mime: kind.mime, renditions: [] };
}

async function writeAtomically(path: string, bytes: Buffer): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, bytes);
  await rename(tmp, path);
}

export async function makeRenditions(mediaDir: string, image: ImageRef): Promise<Rendition[]> {
  const original = await readFile(originalPath(mediaDir, image.storageKey));
  await mkdir(join(mediaDir, 'renditions'), { recursive: true });
  const base = image.storageKey.replace(/\.[a-z]+$/, '');
  const renditions: Rendition[] = [];
  for (const width of RENDITION_WIDTHS) {
    if (width > image.width && renditions.length > 0) break;
    const target = Math.min(width, image.width);
    const key = `${base}-${target}.webp`;
    const path = renditionPath(mediaDir, key);
    const exists = await stat(path).then(
      () => true,
      () => false,
    );
    if (!exists) {
      const out = await sharp(original).rotate().resize({ width: target, withoutEnlargement: true }).webp({ quality: 78 }).toBuffer();
      await writeAtomically(path, out);
    }
    renditions.push({ width: target, format: 'webp', key });
  }
  return renditions;
}

/**
 * Makes WebP renditions one image at a time in the background; pages show the original until they are ready
 * and pick up the srcset when the change is recorded (every instance drops the pages showing the image).
 */
export class RenditionWorker {
  private queue: Promise<void> = Promise.resolve();
  private pending = 0;

  constructor(private readonly deps: MediaDeps & { readonly log: Logger; readonly changes?: ChangeFeed }) {}

  enqueue(image: ImageRef): void {
    this.pending++;
    this.queue = this.queue
      .then(async () => {
        const renditions = await makeRenditions(this.deps.mediaDir, image);
        const changed = [topics.image(image.id)];
        await this.deps.db.kysely.transaction().execute(async (trx) => {
          await setRenditions(trx, image.id, renditions);
          await recordChange(trx, changed, this.deps.clock.now().toISOString());
        });
        this.deps.changes?.announce(changed);
        this.deps.log.debug({ imageId: image.id, renditions: renditions.length }, 'renditions ready');
      })
      .catch((err: unknown) => this.deps.log.error({ err, imageId: image.id }, 'rendition failed'))
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

  /** Resolves when everything queued so far is done (tests, shutdown). */
  async idle(): Promise<void> {
    let current: Promise<void>;
    do {
      current = this.queue;
      await current;
    } while (current !== this.queue);
  }
}
