import type { Db } from '../../platform/db/database.js';
import { type Clock, toTaipeiIso } from '../../platform/time.js';
import type { ImageProblem } from './image.js';
import { findLibraryImages } from './media.repo.js';

/** One figure's use of an image: its own alt text, if the figure has one. */
export interface ImageUse {
  imageId: number;
  alt?: string | null;
}

/**
 * What stops an article with these images from being published, for the publish step to show: an image that no
 * longer exists, one with no alt text (neither the figure's own nor the library's default), a licence past its
 * expiry date (the last day of use, on the Taipei calendar). A bare id is a use without alt text of its own.
 */
export async function imageProblemsForPublishing(
  deps: { readonly db: Db; readonly clock: Clock },
  uses: ReadonlyArray<number | ImageUse>,
): Promise<ImageProblem[]> {
  const list = uses.map((u) => (typeof u === 'number' ? { imageId: u, alt: null } : u));
  const images = await findLibraryImages(deps.db.kysely, list.map((u) => u.imageId));
  const today = toTaipeiIso(deps.clock.now().toISOString()).slice(0, 10);
  const problems: ImageProblem[] = [];
  const seen = new Set<string>();
  const add = (p: ImageProblem) => {
    const key = `${p.imageId}:${p.code}`;
    if (!seen.has(key)) problems.push(p);
    seen.add(key);
  };
  for (const use of list) {
    const image = images.get(use.imageId);
    const id = use.imageId;
    if (!image) {
      add({ imageId: id, code: 'image_missing', zh: `圖 ${id} 不存在（可能已被刪除）`, en: `Image ${id} does not exist (it may have been deleted).` });
      continue;
    }
    if (!use.alt?.trim() && !image.alt?.trim()) {
      add({ imageId: id, code: 'alt_missing', zh: `圖 ${id} 缺少替代文字（alt）：請在圖說區塊或媒體庫填寫`, en: `Image ${id} has no alt text: add it to the figure or in the media library.` });
    }
    if (image.licenceExpiresAt !== null && image.licenceExpiresAt < today) {
      add({
        imageId: id,
        code: 'licence_expired',
        zh: `圖 ${id} 的授權已於 ${image.licenceExpiresAt} 到期，不能再使用`,
        en: `The licence for image ${id} expired on ${image.licenceExpiresAt}; it may no longer be used.`,
      });
    }
  }
  return problems;
}
