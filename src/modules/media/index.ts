export { findImages } from './media.repo.js';
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
