import type { Generated } from 'kysely';

export interface ImagesTable {
  id: Generated<number>;
  /** Content address (sha256 of the bytes as uploaded) plus extension; the public copy lives under MEDIA_DIR/originals. */
  storage_key: string;
  mime: string;
  /** As shown: after the EXIF orientation is applied. */
  width: number;
  height: number;
  bytes: number;
  /** The library's default caption and credit; each figure block carries its own per-use caption. */
  caption: string | null;
  credit: string | null;
  /** JSON text: [{width, format, key}] written by the background rendition worker. */
  renditions: string;
  created_at: string;
  /** Default alt text, used where a figure has none of its own. */
  alt: Generated<string | null>;
  /** staff | agency | contributor | handout | screenshot | cc (image.ts CREDIT_TYPES). */
  credit_type: Generated<string | null>;
  /** owned | licensed | one_time (image.ts RIGHTS). */
  rights: Generated<string | null>;
  licence_note: Generated<string | null>;
  /** YYYY-MM-DD, the last day the licence allows use (Taipei calendar). */
  licence_expires_at: Generated<string | null>;
  uploaded_by: Generated<number | null>;
  original_name: Generated<string | null>;
  updated_at: Generated<string | null>;
  /** fold(caption, credit, file name): what the library's search looks through. */
  search_text: Generated<string>;
}
