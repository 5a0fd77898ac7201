import { fold, gramTokens, type NameVariants, pieces, toTaiwanFolded } from '../../zh/index.js';
import { fts5String, tsLexeme } from './escape.js';

/**
 * A reader's query, compiled once into an engine-neutral form: every term must match (AND); a term matches
 * when any of its spellings does (OR: as typed, converted from Simplified, with name variants); a spelling is
 * a phrase of gram tokens whose last token may be a prefix.
 */
export interface Phrase {
  tokens: string[];
  /** The last token is a single character that may continue in the text (美日同 → …同*). */
  prefixLast: boolean;
}

export interface Term {
  /** Folded spellings, for highlighting. */
  spellings: string[];
  phrases: Phrase[];
  /** Dictionary words of the spellings; matching them adds to the score but is never required. */
  words: string[];
}

export interface CompiledQuery {
  /** The query as it will be searched (cleaned, shortened), for display. */
  display: string;
  terms: Term[];
  /** Other spellings worth offering when nothing is found (特朗普 → 川普). */
  suggestions: string[];
}

export type QueryProblem = 'empty' | 'no_searchable_text';

export const MAX_QUERY_CHARS = 100;
const MAX_TERMS = 8;
const MAX_TOKEN_CHARS = 60;

/** Control characters out, whitespace runs to one space, at most MAX_QUERY_CHARS code points. */
export function cleanQuery(raw: string): { text: string; truncated: boolean } {
  const noControls = raw.replace(/[\p{Cc}\p{Cf}]/gu, ' ');
  const collapsed = noControls.replace(/[\s\u3000]+/gu, ' ').trim();
  const chars = [...collapsed];
  return { text: chars.slice(0, MAX_QUERY_CHARS).join('').trim(), truncated: chars.length > MAX_QUERY_CHARS };
}

/** Quoted phrases stay together; everything else splits at spaces. Unbalanced quotes are just characters. */
function splitTerms(text: string): string[] {
  const terms: string[] = [];
  const re = /["“”「]([^"“”「」]+)["“”」]|(\S+)/gu;
  for (const m of text.matchAll(re)) {
    // Chinese is written without spaces: inside quotes, a space between two characters is not part of the phrase.
    const t = (m[1] !== undefined ? m[1].replace(/(\p{Script=Han})\s+(?=\p{Script=Han})/gu, '$1') : (m[2] ?? '')).trim();
    if (t) terms.push(t);
  }
  return terms;
}

function phraseOf(folded: string): Phrase | null {
  const tokens = gramTokens(folded).map((t) => [...t].slice(0, MAX_TOKEN_CHARS).join(''));
  const ps = pieces(folded);
  const last = ps[ps.length - 1];
  if (last?.kind === 'han' && last.chars.length >= 2) {
    // The bigrams already pin every character of a final run; its run-final single character would only make
    // the phrase demand that the run ends there (美日同 must find 美日同盟).
    tokens.pop();
  }
  if (tokens.length === 0) return null;
  // A final lone character may continue in the text (股 in A股 → 股市): match it as a prefix.
  return { tokens, prefixLast: last?.kind === 'han' && last.chars.length === 1 };
}

export function compileQuery(raw: string, names: NameVariants): CompiledQuery | QueryProblem {
  const { text } = cleanQuery(raw);
  if (text === '') return 'empty';
  const terms: Term[] = [];
  const suggestions = new Set<string>();
  for (const termText of splitTerms(text).slice(0, MAX_TERMS)) {
    const asTyped = fold(termText);
    const converted = toTaiwanFolded(termText);
    const spellings = new Set([asTyped, converted]);
    for (const s of [asTyped, converted]) {
      for (const alt of names.alternatives(s)) {
        spellings.add(alt);
        suggestions.add(alt);
      }
    }
    if (converted !== asTyped) suggestions.add(converted);
    const phrases: Phrase[] = [];
    const seen = new Set<string>();
    for (const s of spellings) {
      const p = phraseOf(s);
      if (!p) continue;
      const key = `${p.tokens.join(' ')}|${p.prefixLast}`;
      if (seen.has(key)) continue;
      seen.add(key);
      phrases.push(p);
    }
    if (phrases.length === 0) continue;
    const words = [...spellings].filter((s) => [...s].length >= 2 && /^[\p{L}\p{N}]+$/u.test(s));
    terms.push({ spellings: [...spellings].filter((s) => /[\p{L}\p{N}]/u.test(s)), phrases, words });
  }
  if (terms.length === 0) return 'no_searchable_text';
  return {
    display: text,
    terms,
    suggestions: [...suggestions].filter((s) => s !== fold(text)).slice(0, 5),
  };
}

/**
 * FTS5 MATCH text. Every token is quoted, so nothing a reader types is read as FTS syntax. Dictionary words
 * join in only for terms that are one token (two characters, a Latin word): that is where a whole-word match
 * (國防) must outrank a straddling one (中國｜防疫); a longer phrase is precise already and would pay for the
 * extra doclist on every query.
 */
export function toFts5Match(q: CompiledQuery): string {
  return q.terms
    .map((t) => {
      const alts = t.phrases.map((p) => `{title lead body meta} : ${fts5String(p.tokens.join(' '))}${p.prefixLast ? ' *' : ''}`);
      if (t.phrases.every((p) => p.tokens.length === 1 && !p.prefixLast)) for (const w of t.words) alts.push(`words : ${fts5String(w)}`);
      return `(${alts.join(' OR ')})`;
    })
    .join(' AND ');
}

/** One term of a tsquery: its phrases (gram tokens in title, lead and body) or any of its dictionary words (C). */
function tsRankTerm(t: Term): string {
  const alts = t.phrases.map((p) => {
    const parts = p.tokens.map((tok, i) => `${tsLexeme(tok)}${p.prefixLast && i === p.tokens.length - 1 ? ':*ABD' : ':ABD'}`);
    return parts.length === 1 ? parts[0] : `(${parts.join(' <-> ')})`;
  });
  for (const w of t.words) alts.push(`${tsLexeme(w)}:C`);
  return `(${alts.join(' | ')})`;
}

/**
 * PostgreSQL tsquery text for ranking, read as a literal (no text-search parser, so no locale decides what a
 * word is): gram phrases count in title, lead and body (weights A, B, D), dictionary words in their own
 * region (C), as FTS5's columns do.
 */
export function toTsRankQuery(q: CompiledQuery): string {
  return q.terms.map(tsRankTerm).join(' & ');
}

/**
 * PostgreSQL tsquery text for matching: the same documents as the rank query, in a form the GIN index answers
 * exactly where it can. A weight restriction makes PostgreSQL re-read (and de-TOAST) every candidate's tsvector;
 * a term made of single tokens (國防, 稻*, 普京 | 普丁) matches the same documents without weights, because a
 * dictionary word in the C region is always present as grams in the title or lead too. A term with a phrase is
 * rechecked anyway and keeps the rank form: its dictionary-word alternative also keeps the planner's estimate
 * sane (it multiplies bigram frequencies as if independent, so 能源轉型 as a phrase alone was estimated at a
 * tenth of its matches and got a sequential scan of every document: 480 ms instead of 25).
 */
export function toTsMatchQuery(q: CompiledQuery): string {
  return q.terms
    .map((t) => {
      if (t.phrases.some((p) => p.tokens.length > 1)) return tsRankTerm(t);
      const alts = new Set(t.phrases.map((p) => `${tsLexeme(p.tokens[0] ?? '')}${p.prefixLast ? ':*' : ''}`));
      return `(${[...alts].join(' | ')})`;
    })
    .join(' & ');
}
