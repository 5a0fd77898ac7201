import type { FastifyMultipartAttachFieldsToBodyOptions, MultipartFile } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { MAX_IMPORT_BYTES } from '../../modules/importer/index.js';
import { MAX_IMAGE_BYTES } from '../../modules/media/index.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** This route takes files in a multipart form; on any other route a file part is read and thrown away. */
    newsroomUploads?: boolean;
  }
}

/** At most this many files in one form, and this many bytes of files altogether (a pasted page text may be 1 MB). */
export const MAX_UPLOAD_FILES = 20;
export const MAX_UPLOAD_TOTAL_BYTES = 80 * 1024 * 1024;

/** A file from a multipart form, as the route sees it in `request.body[field]` (one, or a list). */
export interface UploadedFile {
  readonly kind: 'uploaded-file';
  /** The name on the editor's disk, for messages and the library's search; never used as a path. */
  readonly filename: string;
  /** Empty when the file was over a limit (then `refused` says which). */
  readonly data: Buffer;
  readonly refused: 'too_large' | 'too_much_at_once' | null;
}

export function isUploadedFile(v: unknown): v is UploadedFile {
  return typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'uploaded-file';
}

/** The files sent in one field, whether the browser sent one or several; an empty file input sends none. */
export function filesIn(body: unknown, field: string): UploadedFile[] {
  const raw = body && typeof body === 'object' ? (body as Record<string, unknown>)[field] : undefined;
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return list.filter(isUploadedFile).filter((f) => !(f.filename === '' && f.data.length === 0 && f.refused === null));
}

const totals = new WeakMap<FastifyRequest, number>();

/**
 * Multipart forms (@fastify/multipart): fields become strings in `request.body` like any form, so the CSRF check
 * reads `_csrf` there as usual; files are read into memory within the limits below (sharp needs the whole file
 * to check it). The checks that the sender may upload at all run before the body is read (the upload route's
 * onRequest hook), and routes that take no files never keep one.
 */
export const multipartOptions: FastifyMultipartAttachFieldsToBodyOptions = {
  attachFieldsToBody: 'keyValues',
  throwFileSizeLimit: false,
  limits: { fileSize: MAX_IMAGE_BYTES, files: MAX_UPLOAD_FILES, fields: 30, fieldSize: MAX_IMPORT_BYTES, parts: 60, headerPairs: 100 },
  async onFile(this: FastifyRequest, part: MultipartFile) {
    if (!this.routeOptions.config.newsroomUploads) {
      await part.file.resume().toArray().catch(() => undefined);
      (part as unknown as { value: unknown }).value = undefined;
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let total = totals.get(this) ?? 0;
    let refused: UploadedFile['refused'] = null;
    for await (const chunk of part.file as AsyncIterable<Buffer>) {
      size += chunk.length;
      total += chunk.length;
      if (total > MAX_UPLOAD_TOTAL_BYTES) refused = 'too_much_at_once';
      if (refused === null) chunks.push(chunk);
      else chunks.length = 0;
    }
    totals.set(this, total);
    if (part.file.truncated) refused = 'too_large';
    const file: UploadedFile = { kind: 'uploaded-file', filename: (part.filename ?? '').slice(0, 255), data: refused ? Buffer.alloc(0) : Buffer.concat(chunks, size), refused };
    (part as unknown as { value: unknown }).value = file;
  },
};
