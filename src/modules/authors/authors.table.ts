import type { Generated } from 'kysely';

export interface AuthorsTable {
  id: Generated<number>;
  name: string;
  kind: string;
  bio: string | null;
  long_bio: string | null;
  /** A picture from the media library, shown on the author's public page. */
  photo_image_id: number | null;
  /** JSON: [{label, url}], public. */
  links: Generated<string>;
  /** Private: for the desk only, never selected for a public page. */
  real_name: string | null;
  email: string | null;
  phone: string | null;
  created_at: string;
  updated_at: string;
}
