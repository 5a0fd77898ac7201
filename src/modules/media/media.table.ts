import type { Generated } from 'kysely';

export interface ImagesTable {
  id: Generated<number>;
  /** Content address (sha256 of the original bytes) plus extension; the file lives under MEDIA_DIR/originals. */
  storage_key: string;
  mime: string;
  width: number;
  height: number;
  bytes: number;
  caption: string | null;
  credit: string | null;
  /** JSON text: [{width, format, key}] written by the background rendition worker. */
  renditions: string;
  created_at: string;
}
