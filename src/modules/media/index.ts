import type { Db } from '../../platform/db/database.js';
import { fold } from '../zh/index.js';
import type { ImageRef, LibraryImage } from './image.js';

export {
  CREDIT_TYPES,
  RIGHTS,
  type CreditType,
  type ImageDetails,
  type ImageProblem,
  type ImageRef,
  type LibraryImage,
  type Rendition,
  type Rights,
} from './image.js';
import * as repo from './media.repo.js';

export {
  ImageRejected,
  MAX_IMAGE_BYTES,
  MAX_IMAGE_PIXELS,
  RENDITION_WIDTHS,
  RenditionWorker,
  makeRenditions,
  originalPath,
  renditionPath,
  renditionWidths,
  sniffImage,
  storeImage,
  storeImageInLibrary,
  checkedCleanCopy,
  cleanStoredOriginals,
  updateImageDetails,
  uploadImage,
  type MediaDeps,
  type StoreMeta,
} from './media.service.js';
export { readEmbeddedCaption } from './embedded.js';
export { imageProblemsForPublishing, type ImageUse } from './publishing.js';

/** Images by id, renditions included; ids that do not exist are simply absent from the map. */
export async function findImages(deps: { readonly db: Db }, ids: readonly number[]): Promise<Map<number, ImageRef>> {
  return repo.findImages(deps.db.kysely, ids);
}

/** One image as the library shows it, or null. */
export async function getLibraryImage(deps: { readonly db: Db }, id: number): Promise<LibraryImage | null> {
  return (await repo.findLibraryImages(deps.db.kysely, [id])).get(id) ?? null;
}

/**
 * A page of the library, newest first, optionally only images whose caption, credit or file name contains the
 * query (folded like all Chinese matching: width, case and variant characters). `hasMore` says a next page exists.
 */
export async function listLibrary(
  deps: { readonly db: Db },
  options: { query: string; page: number; pageSize: number },
): Promise<{ images: LibraryImage[]; hasMore: boolean }> {
  const rows = await repo.searchLibrary(deps.db.kysely, fold(options.query.trim()), (options.page - 1) * options.pageSize, options.pageSize + 1);
  return { images: rows.slice(0, options.pageSize), hasMore: rows.length > options.pageSize };
}
