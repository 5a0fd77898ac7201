/**
 * Tokens for the search index, made the same way for documents and queries.
 *
 * The gram sequence: a Latin/digit word is one token; a run of Chinese characters gives its overlapping
 * bigrams plus its last character on its own (川普與 → 川普 普與 與). Any substring then appears as consecutive
 * tokens (a phrase), a two-character word is one token, and every character begins some token, so one
 * character is a prefix query. New names need no dictionary.
 */

const HAN = /\p{Script=Han}/u;
const WORDISH = /[\p{L}\p{N}]/u;

type Piece = { kind: 'han'; chars: string[] } | { kind: 'word'; text: string };

/** Splits folded text into runs of Han characters and Latin/digit words; everything else separates. */
export function pieces(folded: string): Piece[] {
  const out: Piece[] = [];
  let han: string[] = [];
  let word = '';
  const flushHan = () => {
    if (han.length) out.push({ kind: 'han', chars: han });
    han = [];
  };
  const flushWord = () => {
    if (word) out.push({ kind: 'word', text: word });
    word = '';
  };
  for (const ch of folded) {
    if (HAN.test(ch)) {
      flushWord();
      han.push(ch);
    } else if (WORDISH.test(ch)) {
      flushHan();
      word += ch;
    } else {
      flushHan();
      flushWord();
    }
  }
  flushHan();
  flushWord();
  return out;
}

export function gramTokens(folded: string): string[] {
  const tokens: string[] = [];
  for (const p of pieces(folded)) {
    if (p.kind === 'word') {
      tokens.push(p.text);
      continue;
    }
    for (let i = 0; i + 1 < p.chars.length; i++) tokens.push(`${p.chars[i]}${p.chars[i + 1]}`);
    tokens.push(p.chars[p.chars.length - 1] ?? '');
  }
  return tokens;
}

const segmenter = new Intl.Segmenter('zh-Hant', { granularity: 'word' });

/**
 * Dictionary words (Intl.Segmenter), for ranking: a match that is a whole word (國防) scores above one that
 * straddles two words (中國｜防疫). Segmented paragraph by paragraph: one long string is ~100× slower.
 */
export function wordTokens(folded: string): string[] {
  const out: string[] = [];
  for (const paragraph of folded.split('\n')) {
    if (paragraph.length === 0) continue;
    for (const s of segmenter.segment(paragraph)) {
      if (s.isWordLike && [...s.segment].length >= 2 && !/\s/.test(s.segment)) out.push(s.segment);
    }
  }
  return out;
}
