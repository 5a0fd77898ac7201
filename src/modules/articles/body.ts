import { createHash } from 'node:crypto';
import { charCount } from '../zh/index.js';
import type { ArticleBody, BodyBlock, FigureBlock } from './article.js';

/** Block ids are stable for the life of the article: derived once from the article's key and position. */
export function blockId(seed: string, position: number): string {
  return createHash('sha256').update(`${seed}:${position}`).digest('base64url').slice(0, 10);
}

/** Plain text for search, feeds and counts: the words of the piece, without repeats, captions or links. */
export function bodyText(body: ArticleBody): string {
  const lines: string[] = [];
  for (const b of body.blocks) {
    if (b.type === 'paragraph' && !b.repeatOf) lines.push(b.text);
    else if (b.type === 'heading' || b.type === 'quote') lines.push(b.text);
    else if (b.type === 'list') lines.push(...b.items);
  }
  return lines.join('\n');
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
