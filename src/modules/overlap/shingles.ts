/**
 * Character shingles of Chinese text, pure: folding with a map back to the text as written, shingle hashes,
 * winnowing, and the exact comparison of two texts that turns shared shingles into passages.
 *
 * Chinese has no spaces, so the unit is the character: a shingle is SHINGLE consecutive folded letters/digits
 * (punctuation and whitespace dropped, so re-punctuating a copy does not hide it). Ten characters is about six
 * words: long enough that two unrelated pieces rarely share one by chance (「我們想讓你知道」 is seven), short
 * enough that a copy edited every couple of sentences still keeps most of its shingles.
 */
import { foldChar, toTaiwan } from '../zh/index.js';

export const SHINGLE = 10;
/**
 * Winnowing window: the smallest hash of every WINDOW consecutive shingles is a fingerprint, so a text keeps
 * about 2/(WINDOW+1) of its shingles (≈ 4%), and any stretch two texts share of at least
 * WINDOW + SHINGLE − 1 = 59 characters is guaranteed a common fingerprint (Schleimer, Wilkerson & Aiken 2003).
 */
export const WINDOW = 50;

/** A text folded for comparison: code points kept, and where in the original (UTF-16 offsets) each came from. */
export interface FoldedText {
  readonly chars: Int32Array;
  readonly start: Int32Array;
  readonly end: Int32Array;
  readonly length: number;
}

const KEPT = /[\p{L}\p{N}]/u;
const keptCache = new Map<string, number[]>();

/** The code points a converted character folds to that take part in shingles (letters and digits). */
function keptCodePoints(ch: string): number[] {
  let out = keptCache.get(ch);
  if (out === undefined) {
    out = [];
    for (const c of foldChar(ch)) if (KEPT.test(c)) out.push(c.codePointAt(0) ?? 0);
    if (keptCache.size < 50_000) keptCache.set(ch, out);
  }
  return out;
}

/**
 * s2twp (so a Simplified copy reads like the Taiwanese original), then the zh folding (width, case, 臺/台) and
 * only letters and digits. Both sides of every comparison go through this, so s2twp's rewriting of some
 * Traditional phrases (聲明 → 宣告) is the same on both.
 */
export function foldForOverlap(text: string): FoldedText {
  const chars: number[] = [];
  const start: number[] = [];
  const end: number[] = [];
  const keep = (ch: string, from: number, to: number) => {
    for (const cp of keptCodePoints(ch)) {
      chars.push(cp);
      start.push(from);
      end.push(to);
    }
  };
  // One conversion of the whole text (per-clause calls cost three times as much); a line whose conversion
  // kept its length maps character to character, the rare one that did not is converted clause by clause.
  const lines = text.split('\n');
  const converted = toTaiwan(text).split('\n');
  const sameLines = converted.length === lines.length;
  let offset = 0;
  for (let l = 0; l < lines.length; l++) {
    const line = lines[l] ?? '';
    mapConverted(line, sameLines ? (converted[l] ?? '') : toTaiwan(line), offset, keep);
    offset += line.length + 1;
  }
  return { chars: Int32Array.from(chars), start: Int32Array.from(start), end: Int32Array.from(end), length: chars.length };
}

function mapConverted(line: string, converted: string, offset: number, keep: (ch: string, from: number, to: number) => void): void {
  const original = codePoints(line);
  const out = [...converted];
  if (out.length === original.length) {
    for (let i = 0; i < out.length; i++) keep(out[i] ?? '', offset + (original[i]?.at ?? 0), offset + (original[i]?.to ?? 0));
    return;
  }
  // A phrase changed length: convert each clause alone; inside a clause that changed length, spread the
  // converted characters over the original ones in proportion (the passage ends are then off by a character
  // at most, inside that clause).
  for (const clause of line.matchAll(/[\p{L}\p{N}]+|[^\p{L}\p{N}]+/gu)) {
    const at = clause.index ?? 0;
    const src = codePoints(clause[0]);
    const dst = [...toTaiwan(clause[0])];
    for (let i = 0; i < dst.length; i++) {
      const j = dst.length === src.length ? i : Math.min(src.length - 1, Math.floor((i * src.length) / dst.length));
      keep(dst[i] ?? '', offset + at + (src[j]?.at ?? 0), offset + at + (src[j]?.to ?? 0));
    }
  }
}

function codePoints(s: string): Array<{ ch: string; at: number; to: number }> {
  const out: Array<{ ch: string; at: number; to: number }> = [];
  let at = 0;
  for (const ch of s) {
    out.push({ ch, at, to: at + ch.length });
    at += ch.length;
  }
  return out;
}

const BASE = 0x01000193;
const BASE_POW = (() => {
  let p = 1;
  for (let i = 1; i < SHINGLE; i++) p = Math.imul(p, BASE);
  return p;
})();

/** murmur3's finaliser: spreads a polynomial hash so that "smallest in the window" is a fair sample. */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

/** The hash of every shingle, position by position: a signed 32-bit integer, stored as such on both engines. */
export function shingleHashes(text: FoldedText): Int32Array {
  const count = text.length - SHINGLE + 1;
  if (count <= 0) return new Int32Array(0);
  const out = new Int32Array(count);
  const c = text.chars;
  let h = 0;
  for (let i = 0; i < SHINGLE; i++) h = (Math.imul(h, BASE) + (c[i] ?? 0)) | 0;
  out[0] = mix(h);
  for (let i = 1; i < count; i++) {
    h = (Math.imul(h - Math.imul(c[i - 1] ?? 0, BASE_POW), BASE) + (c[i + SHINGLE - 1] ?? 0)) | 0;
    out[i] = mix(h);
  }
  return out;
}

/** Winnowing (robust variant: the rightmost smallest hash of each window), as a sorted set. */
export function winnow(hashes: Int32Array): number[] {
  const n = hashes.length;
  if (n === 0) return [];
  const picked = new Set<number>();
  if (n <= WINDOW) {
    let min = hashes[0] ?? 0;
    for (const h of hashes) if (h < min) min = h;
    return [min];
  }
  let minAt = -1;
  for (let last = WINDOW - 1; last < n; last++) {
    const first = last - WINDOW + 1;
    if (minAt < first) {
      minAt = first;
      for (let i = first + 1; i <= last; i++) if ((hashes[i] ?? 0) <= (hashes[minAt] ?? 0)) minAt = i;
      picked.add(hashes[minAt] ?? 0);
    } else if ((hashes[last] ?? 0) <= (hashes[minAt] ?? 0)) {
      minAt = last;
      picked.add(hashes[minAt] ?? 0);
    }
  }
  return [...picked].sort((a, b) => a - b);
}

/** The fingerprints the index keeps for a text. */
export function fingerprintsOf(text: string): number[] {
  return winnow(shingleHashes(foldForOverlap(text)));
}

/** Shared stretches shorter than this many folded characters are set phrases or quotes, not copying. */
export const MIN_PASSAGE = 20;
/** Runs of shared shingles this close on both sides are one passage (a copy with a word changed here and there). */
const MERGE_GAP = 12;
/** How far (UTF-16 units) a passage end may move to reach a sentence boundary. */
const READABLE_REACH = 16;

/** A stretch shared by two texts: folded character ranges, end exclusive. */
interface Span {
  qs: number;
  qe: number;
  ts: number;
  te: number;
}

export interface Passage {
  readonly ours: string;
  readonly theirs: string;
  /** UTF-16 offsets of `ours` in the query text and of `theirs` in the other text, for highlighting. */
  readonly oursAt: { readonly start: number; readonly end: number };
  readonly theirsAt: { readonly start: number; readonly end: number };
}

export interface Comparison {
  /** Folded characters of the query inside passages, over all its folded characters. */
  readonly share: number;
  readonly passages: Passage[];
}

/**
 * Which stretches of `query` also stand in `other`: every shingle of both (not only fingerprints), equal shingles
 * chained into runs, runs close on both sides merged, stretches under MIN_PASSAGE dropped; then each passage is
 * cut from both original texts and widened to the sentence boundary when one is near.
 */
export function compareTexts(query: { text: string; folded: FoldedText; hashes: Int32Array }, otherText: string): Comparison {
  const other = foldForOverlap(otherText);
  const theirs = shingleHashes(other);
  const q = query.hashes;
  if (q.length === 0 || theirs.length === 0) return { share: 0, passages: [] };
  const where = new Map<number, number[]>();
  for (let j = 0; j < theirs.length; j++) {
    const h = theirs[j] ?? 0;
    const list = where.get(h);
    if (list) list.push(j);
    else where.set(h, [j]);
  }
  const same = (i: number, j: number) => {
    for (let x = 0; x < SHINGLE; x++) if (query.folded.chars[i + x] !== other.chars[j + x]) return false;
    return true;
  };
  const runs: Span[] = [];
  let run: Span | null = null;
  for (let i = 0; i < q.length; i++) {
    const list = where.get(q[i] ?? 0);
    if (!list) {
      run = null;
      continue;
    }
    if (run && run.qe === i + SHINGLE - 1 && list.includes(run.te - SHINGLE + 1) && same(i, run.te - SHINGLE + 1)) {
      run.qe++;
      run.te++;
      continue;
    }
    const j = list.find((p) => same(i, p));
    if (j === undefined) {
      run = null;
      continue;
    }
    run = { qs: i, qe: i + SHINGLE, ts: j, te: j + SHINGLE };
    runs.push(run);
  }
  const merged: Span[] = [];
  for (const r of runs) {
    const last = merged[merged.length - 1];
    if (last && r.qs <= last.qe + MERGE_GAP && r.ts >= last.ts && r.ts <= last.te + MERGE_GAP && r.ts >= last.te - 2 * SHINGLE) {
      last.qe = Math.max(last.qe, r.qe);
      last.te = Math.max(last.te, r.te);
    } else merged.push({ ...r });
  }
  const kept = merged.filter((s) => s.qe - s.qs >= MIN_PASSAGE);
  let covered = 0;
  let reach = 0;
  for (const s of kept) {
    covered += Math.max(0, s.qe - Math.max(s.qs, reach));
    reach = Math.max(reach, s.qe);
  }
  const passages = kept.map((s): Passage => {
    const oursAt = readable(query.text, query.folded.start[s.qs] ?? 0, query.folded.end[s.qe - 1] ?? 0);
    const theirsAt = readable(otherText, other.start[s.ts] ?? 0, other.end[s.te - 1] ?? 0);
    return { ours: query.text.slice(oursAt.start, oursAt.end), theirs: otherText.slice(theirsAt.start, theirsAt.end), oursAt, theirsAt };
  });
  return { share: query.folded.length === 0 ? 0 : Math.min(1, covered / query.folded.length), passages };
}

const SENTENCE_END = new Set(['。', '！', '？', '!', '?', '；', ';', '…']);
const CLOSERS = new Set(['」', '』', '）', ')', '》', '〉', '”', '’', '"', "'"]);

/**
 * A passage as a reader would quote it: back to the start of its sentence and on through its full stop (and a
 * closing bracket) when those are within READABLE_REACH; never across a line, which is another paragraph.
 */
function readable(text: string, start: number, end: number): { start: number; end: number } {
  let s = start;
  for (let i = start - 1; i >= Math.max(0, start - READABLE_REACH); i--) {
    const ch = text[i] ?? '';
    if (ch === '\n' || SENTENCE_END.has(ch)) {
      s = i + 1;
      break;
    }
    if (i === 0) s = 0;
  }
  while (s < start && /\s/u.test(text[s] ?? '')) s++;
  let e = end;
  for (let i = end; i < Math.min(text.length, end + READABLE_REACH); i++) {
    const ch = text[i] ?? '';
    if (ch === '\n') break;
    if (SENTENCE_END.has(ch)) {
      e = i + 1;
      while (e < text.length && (CLOSERS.has(text[e] ?? '') || SENTENCE_END.has(text[e] ?? ''))) e++;
      break;
    }
  }
  if (e === end) while (e < text.length && CLOSERS.has(text[e] ?? '')) e++;
  return { start: s, end: e };
}
