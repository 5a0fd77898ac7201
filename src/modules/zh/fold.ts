/**
 * Matching keys for Chinese text: width (NFKC), case and variant characters folded, code point by code point,
 * so a folded character can be traced back to the one it came from (snippets highlight the text as written).
 * The stored text is never rewritten; only indexes and queries see folded text.
 */

/** Variant characters Taiwanese text uses interchangeably; the right side is what both fold to. */
const VARIANTS: Record<string, string> = {
  臺: '台',
  裏: '裡',
  綫: '線',
  衆: '眾',
  爲: '為',
  峯: '峰',
  啓: '啟',
  羣: '群',
  眞: '真',
  僞: '偽',
  敎: '教',
  麪: '麵',
  牀: '床',
  着: '著',
  湼: '涅',
  綉: '繡',
  銹: '鏽',
  嘆: '歎',
  占: '佔',
};

const cache = new Map<string, string>();

export function foldChar(ch: string): string {
  let out = cache.get(ch);
  if (out === undefined) {
    const n = ch.normalize('NFKC').toLowerCase();
    out = [...n].map((c) => VARIANTS[c] ?? c).join('');
    if (cache.size < 50_000) cache.set(ch, out);
  }
  return out;
}

export function fold(text: string): string {
  let out = '';
  for (const ch of text) out += foldChar(ch);
  return out;
}
