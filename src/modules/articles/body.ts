import { createHash } from 'node:crypto';
import { charCount } from '../zh/index.js';
import type { ArticleBody, BodyBlock, FigureBlock } from './article.js';

/** Block ids are stable for the life of the article: derived once from the article's key and position. */
export function blockId(seed: string, position: number): string {
  return createHash('sha256').update(`${seed}:${position}`).digest('base64url').slice(0, 10);
}

/** Plain text for search, feeds and counts: paragraphs and headings, without repeats or captions. */
export function bodyText(body: ArticleBody): string {
  return body.blocks
    .filter((b): b is Extract<BodyBlock, { type: 'paragraph' | 'heading' }> => b.type === 'paragraph' || b.type === 'heading')
    .filter((b) => b.type !== 'paragraph' || !b.repeatOf)
    .map((b) => b.text)
    .join('\n');
}

export function bodyCharCount(body: ArticleBody): number {
  return charCount(bodyText(body));
}

/** The hero is a figure that stands before the byline (ETtoday puts the lead photo above the author line). */
export function heroFigure(body: ArticleBody): FigureBlock | null {
  for (const block of body.blocks) {
    if (block.type === 'byline') return null;
    if (block.type === 'figure') return block;
  }
  return null;
}

export function imageIds(body: ArticleBody): number[] {
  const ids = new Set<number>();
  for (const b of body.blocks) if (b.type === 'figure' && b.imageId !== null) ids.add(b.imageId);
  return [...ids];
}
