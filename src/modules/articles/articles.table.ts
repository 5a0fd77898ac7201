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
  /** The house disclaimer replaced for this piece (null: the setting's sentence). */
  disclaimer_override: string | null;
  og_image_id: number | null;
  /** The notice a retracted piece's tombstone shows. */
  retraction_notice: string | null;
  retracted_at: string | null;
  /** JSON of the importer's flags (dropped lines, repeats) for a draft made from a page text. */
  import_report: string | null;
  updated_by: number | null;
}

export interface ArticleRevisionsTable {
  id: Generated<number>;
  article_id: number;
  revision: number;
  state: string;
  /** JSON of ArticleSnapshot. */
  snapshot: string;
  /** JSON array of field names that differ from the revision before. */
  changed_fields: string;
  user_id: number | null;
  /** save, create, restore, submit, schedule, publish, unlist, unpublish, retract… */
  action: string;
  note: string | null;
  /** Required when a published piece is edited. */
  reason: string | null;
  visible_change: number;
  created_at: string;
}

export interface ArticlePresenceTable {
  article_id: number;
  user_id: number;
  seen_at: string;
}

export interface ArticleAuthorsTable {
  article_id: number;
  position: number;
  author_id: number;
  role: string;
  /** The bio line as printed when the piece was published; the profile may change later. */
  bio_line: string | null;
}

/** The images an article's figures show, kept on every save. */
export interface ArticleImagesTable {
  article_id: number;
  image_id: number;
}
