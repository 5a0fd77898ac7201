/**
 * Chinese text rules shared by the importer, counts, excerpts and (later) search. Lengths are in code points,
 * never UTF-16 units, so a character outside the BMP (𠮷) counts once and is never cut in half.
 */

const WHITESPACE = /\s/u;

/** 字數: code points excluding whitespace. */
export function charCount(text: string): number {
  let n = 0;
  for (const ch of text) if (!WHITESPACE.test(ch)) n++;
  return n;
}

/** Minutes to read at `charsPerMinute` (a setting; 400–500 is usual for Chinese prose), at least 1. */
export function readingMinutes(chars: number, charsPerMinute = 450): number {
  return Math.max(1, Math.round(chars / charsPerMinute));
}

const SENTENCE_END = new Set(['。', '！', '？', '!', '?']);
const CLOSERS = new Set(['」', '』', '）', ')', '》', '〉', '”', '’']);

/**
 * Up to `max` code points, ending at the last sentence end (。！？, with any closing bracket after it) inside
 * that window; falls back to a hard cut with "…" when no sentence ends early enough.
 */
export function excerpt(text: string, max: number): string {
  const chars = [...text.trim()];
  if (chars.length <= max) return chars.join('');
  let cut = -1;
  for (let i = 0; i < max; i++) {
    if (SENTENCE_END.has(chars[i] ?? '')) {
      let end = i;
      while (end + 1 < max && CLOSERS.has(chars[end + 1] ?? '')) end++;
      cut = end;
    }
  }
  if (cut >= Math.floor(max / 3)) return chars.slice(0, cut + 1).join('');
  return `${chars.slice(0, max - 1).join('')}…`;
}

/** Matching key for names that must be unique regardless of width or case (tags): 「ＡＩ」 = 「ai」. */
export function foldKey(text: string): string {
  return text.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
}
