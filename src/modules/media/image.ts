/** A stored image with the renditions made so far (none until the background worker is done). */
export interface ImageRef {
  id: number;
  storageKey: string;
  width: number;
  height: number;
  mime: string;
  renditions: Rendition[];
}

export interface Rendition {
  width: number;
  format: 'webp' | 'avif';
  key: string;
}
