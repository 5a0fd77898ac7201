import type { Db } from '../../platform/db/database.js';
import type { ImageRef } from './image.js';

export type { ImageRef, Rendition } from './image.js';
import * as repo from './media.repo.js';

export {
  ImageRejected,
  MAX_IMAGE_BYTES,
  RENDITION_WIDTHS,
  RenditionWorker,
  makeRenditions,
  originalPath,
  renditionPath,
  storeImage,
  type MediaDeps,
} from './media.service.js';

/** Images by id, renditions included; ids that do not exist are simply absent from the map. */
export async function findImages(deps: { readonly db: Db }, ids: readonly number[]): Promise<Map<number, ImageRef>> {
  return repo.findImages(deps.db.kysely, ids);
}
