import { MAX_IMPORT_BYTES } from '../../modules/importer/index.js';
import { MAX_IMAGE_BYTES } from '../../modules/media/index.js';
import { multipartOptions as uploadOptions } from '../../platform/http/uploads.js';

export { filesIn, isUploadedFile, type UploadedFile } from '../../platform/http/uploads.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** This route takes files in a multipart form; on any other route a file part is read and thrown away. */
    newsroomUploads?: boolean;
  }
}

/** At most this many files in one form, and this many bytes of files altogether (a pasted page text may be 1 MB). */
export const MAX_UPLOAD_FILES = 20;
export const MAX_UPLOAD_TOTAL_BYTES = 80 * 1024 * 1024;

/**
 * The newsroom's multipart forms: the CSRF check reads `_csrf` from the fields as usual; the checks that the
 * sender may upload at all run before the body is read (the upload route's onRequest hook).
 */
export const multipartOptions = uploadOptions(
  { fileBytes: MAX_IMAGE_BYTES, totalBytes: MAX_UPLOAD_TOTAL_BYTES, files: MAX_UPLOAD_FILES, fields: 30, fieldBytes: MAX_IMPORT_BYTES, parts: 60 },
  (request) => request.routeOptions.config.newsroomUploads === true,
);
