/**
 * The article as the rest of the system sees it. The body is a versioned list of typed blocks, never HTML:
 * markers (▲▼) and credits （圖／…） are stored as data and added by the renderer.
 */

export const BODY_SCHEMA_VERSION = 1;

export type FigureMarker = '▲' | '▼' | '▲▼';
export type RepeatOf = { kind: 'lead' } | { kind: 'paragraph'; index: number };

export interface ParagraphBlock {
  id: string;
  type: 'paragraph';
  text: string;
  repeatOf?: RepeatOf;
}

export interface HeadingBlock {
  id: string;
  type: 'heading';
  text: string;
}

export interface FigureBlock {
  id: string;
  type: 'figure';
  marker: FigureMarker;
  caption: string;
  /** The source after the slash: 「達志影像」 in （圖／達志影像）. */
  credit: string | null;
  /** The label before the slash: 圖, 合成圖, 翻攝…; rendered full-width whatever the input used. */
  creditLabel: string | null;
  imageId: number | null;
  alt: string | null;
  repeatOf?: RepeatOf;
}

export interface BylineBlock {
  id: string;
  type: 'byline';
}

/** A passage set apart (a quoted speech, a letter): the page indents it; quotation marks stay in the text. */
export interface QuoteBlock {
  id: string;
  type: 'quote';
  text: string;
}

export interface ListBlock {
  id: string;
  type: 'list';
  ordered: boolean;
  items: string[];
}

export interface DividerBlock {
  id: string;
  type: 'divider';
}

export type EmbedProvider = 'youtube' | 'x' | 'facebook';

/** A link to a post or video, shown as a card with no third-party script (the reader follows the link). */
export interface EmbedBlock {
  id: string;
  type: 'embed';
  provider: EmbedProvider;
  url: string;
}

export type BodyBlock = ParagraphBlock | HeadingBlock | FigureBlock | BylineBlock | QuoteBlock | ListBlock | DividerBlock | EmbedBlock;

export interface ArticleBody {
  schemaVersion: number;
  blocks: BodyBlock[];
}

export type ArticleState = 'draft' | 'in_review' | 'scheduled' | 'published' | 'unlisted' | 'retracted';

export interface BylineEntry {
  authorId: number;
  name: string;
  role: string;
  /** Frozen at publication. */
  bioLine: string | null;
}

import type { SectionRef, TagRef } from '../taxonomy/index.js';
import type { ImageRef } from '../media/index.js';

export type { SectionRef, TagRef } from '../taxonomy/index.js';
export type { ImageRef, Rendition } from '../media/index.js';

export interface ArticleSummary {
  id: number;
  kind: string;
  title: string;
  lead: string | null;
  publishedAt: string;
  contentUpdatedAt: string | null;
  authors: BylineEntry[];
  tags: TagRef[];
  section: SectionRef;
  hero: { image: ImageRef | null; caption: string | null; credit: string | null } | null;
}

export interface Article extends ArticleSummary {
  leadLabel: string;
  subtitle: string | null;
  body: ArticleBody;
  bodyText: string;
  charCount: number;
  state: ArticleState;
  firstPublishedAt: string | null;
  updatedAt: string;
  revision: number;
  showDisclaimer: boolean;
  sourceNote: string | null;
  canonicalUrl: string | null;
  ogTitle: string | null;
  ogDescription: string | null;
  /** The house disclaimer replaced for this piece; null means the setting's sentence. */
  disclaimerOverride: string | null;
  ogImageId: number | null;
  /** Every image a figure of this article shows, by id. */
  images: Map<number, ImageRef>;
}

export const DEFAULT_LEAD_LABEL = '我們想讓你知道…';
