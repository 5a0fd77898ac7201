import type { Generated } from 'kysely';

/** Timestamps are ISO-8601 UTC text on both engines; booleans are 0/1 integers. */
export interface ArticlesTable {
  id: Generated<number>;
  kind: string;
  section_id: number;
  title: string;
  subtitle: string | null;
  short_title: string | null;
  lead_label: string;
  lead: string | null;
  /** JSON text of ArticleBody ({schemaVersion, blocks}); never HTML. */
  body: string;
  body_text: string;
  char_count: number;
  state: string;
  first_published_at: string | null;
  published_at: string | null;
  content_updated_at: string | null;
  created_at: string;
  updated_at: string;
  revision: number;
  show_disclaimer: number;
  import_key: string | null;
  source_note: string | null;
  canonical_url: string | null;
  og_title: string | null;
  og_description: string | null;
  /** Denormalised from the first figure before the byline so lists need not read bodies. */
  hero_image_id: number | null;
  hero_caption: string | null;
  hero_credit: string | null;
}

export interface ArticleAuthorsTable {
  article_id: number;
  position: number;
  author_id: number;
  role: string;
  /** The bio line as printed when the piece was published; the profile may change later. */
  bio_line: string | null;
}
