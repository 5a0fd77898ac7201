import type { Generated } from 'kysely';

export interface SectionsTable {
  id: Generated<number>;
  slug: string;
  name: string;
  created_at: string;
}

export interface TagsTable {
  id: Generated<number>;
  name: string;
  /** NFKC + lower-case folding of the name: 「ＡＩ」 and 「ai」 are one tag. */
  key: string;
  created_at: string;
}

export interface ArticleTagsTable {
  article_id: number;
  tag_id: number;
  position: number;
}

/** The folded key of a tag name that was renamed or merged away, and the tag its pages now redirect to. */
export interface TagRedirectsTable {
  key: string;
  tag_id: number;
  created_at: string;
}
