import { fold, foldChar } from '../zh/index.js';

export interface SnippetPart {
  text: string;
  hit: boolean;
}

/**
 * About `max` characters of `text` around the first place any spelling occurs, split into plain and matched
 * parts (the page wraps matched parts in <mark>, escaped like everything else). Matching compares folded
 * characters one code point at a time, so 臺灣 in the article lights up for a search for 台灣 and the parts are
 * always the text as written.
 */
export function snippet(text: string, spellings: readonly string[], max = 110): SnippetPart[] {
  const chars = [...text];
  const folded = chars.map(foldChar);
  const needles = [...new Set(spellings.map((s) => [...fold(s)]))].filter((n) => n.length > 0).sort((a, b) => b.length - a.length);
  const ranges: Array<[number, number]> = [];
  for (let i = 0; i < folded.length; i++) {
    const needle = needles.find((n) => n.every((c, k) => folded[i + k] === c));
    if (!needle) continue;
    ranges.push([i, i + needle.length]);
    i += needle.length - 1;
  }
  const first = ranges[0];
  if (!first) {
    const head = chars.slice(0, max).join('');
    return [{ text: chars.length > max ? `${head}…` : head, hit: false }];
  }
  const start = Math.max(0, first[0] - Math.floor(max / 4));
  const end = Math.min(chars.length, start + max);
  const parts: SnippetPart[] = start > 0 ? [{ text: '…', hit: false }] : [];
  let cursor = start;
  for (const [a, b] of ranges) {
    if (a >= end) break;
    if (a > cursor) parts.push({ text: chars.slice(cursor, a).join(''), hit: false });
    parts.push({ text: chars.slice(a, Math.min(b, end)).join(''), hit: true });
    cursor = Math.min(b, end);
  }
  if (cursor < end) parts.push({ text: chars.slice(cursor, end).join(''), hit: false });
  if (end < chars.length) parts.push({ text: '…', hit: false });
  return parts;
}
