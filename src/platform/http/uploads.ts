import type { FastifyMultipartAttachFieldsToBodyOptions, MultipartFile } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';

/** A file from a multipart form, as the route sees it in `request.body[field]` (one, or a list). */
export interface UploadedFile {
  readonly kind: 'uploaded-file';
  /** The name on the sender's disk, for messages and search; never used as a path. */
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

export interface UploadLimits {
  /** Bytes per file; a longer file is kept as `refused: 'too_large'` with no data. */
  readonly fileBytes: number;
  /** Bytes of all files in one request; past it the rest are `refused: 'too_much_at_once'`. */
  readonly totalBytes: number;
  /** Files in one request; one more is a 413 (FST_FILES_LIMIT). */
  readonly files: number;
  readonly fields: number;
  /** Bytes per text field; longer text is cut off, so make it larger than any field may be. */
  readonly fieldBytes: number;
  readonly parts: number;
}

const totals = new WeakMap<FastifyRequest, number>();

/**
 * Multipart forms (@fastify/multipart) for one surface: fields become strings in `request.body` like any form;
 * files are read into memory within the limits (sharp needs the whole file to check it) on the routes
 * `acceptsFiles` names, and read and thrown away on every other route, so no route keeps a file it never asked
 * for.
 */
export function multipartOptions(limits: UploadLimits, acceptsFiles: (request: FastifyRequest) => boolean): FastifyMultipartAttachFieldsToBodyOptions {
  return {
    attachFieldsToBody: 'keyValues',
    throwFileSizeLimit: false,
    limits: { fileSize: limits.fileBytes, files: limits.files, fields: limits.fields, fieldSize: limits.fieldBytes, parts: limits.parts, headerPairs: 100 },
    async onFile(this: FastifyRequest, part: MultipartFile) {
      if (!acceptsFiles(this)) {
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
        if (total > limits.totalBytes) refused = 'too_much_at_once';
        if (refused === null) chunks.push(chunk);
        else chunks.length = 0;
      }
      totals.set(this, total);
      if (part.file.truncated) refused = 'too_large';
      const file: UploadedFile = { kind: 'uploaded-file', filename: (part.filename ?? '').slice(0, 255), data: refused ? Buffer.alloc(0) : Buffer.concat(chunks, size), refused };
      (part as unknown as { value: unknown }).value = file;
    },
  };
}
