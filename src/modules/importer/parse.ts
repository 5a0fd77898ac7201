/**
 * Readable page text of an ETtoday 雲論 page → structured article, following ../shared/design/import-format.md
 * (rules R1–R12). Pure: no I/O, no database. Every line either becomes part of the result or is listed in
 * `dropped` with a reason; nothing vanishes silently.
 */

export type FigureMarker = '▲' | '▼' | '▲▼';

export type RepeatOf = { kind: 'lead' } | { kind: 'paragraph'; index: number };

export type ParsedBlock =
  | { type: 'figure'; marker: FigureMarker; caption: string; credit: string | null; creditRaw: string | null; repeatOf?: RepeatOf }
  | { type: 'byline' }
  | { type: 'paragraph'; text: string; repeatOf?: RepeatOf }
  | { type: 'heading'; text: string };

export type DropReason =
  | 'site-nav'
  | 'share-buttons'
  | 'breadcrumb'
  | 'promo'
  | 'footer-disclaimer'
  | 'interstitial'
  | 'preamble-noise'
  | 'duplicate-adjacent-caption';

export interface DroppedLine {
  line: number;
  text: string;
  reason: DropReason;
}

export interface ParsedArticle {
  publishedDate: string | null;
  title: string | null;
  lead: string | null;
  author: { name: string; bio: string | null } | null;
  blocks: ParsedBlock[];
  dropped: DroppedLine[];
}

/** R1: ASCII whitespace, U+3000 and U+00A0 at both ends. */
const EDGE_SPACE = /^[\t\n\v\f\r \u3000\u00a0]+|[\t\n\v\f\r \u3000\u00a0]+$/g;
export function trimLine(line: string): string {
  return line.replace(EDGE_SPACE, '');
}

export function normaliseNewlines(text: string): string {
  return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}

const NAV_ITEMS = new Set(['ETtoday 新聞雲', 'ETtoday App', '雲論粉絲團', '我要投稿', '我要申訴', '手機版']);
const SHARE_LINE = /^(?:facebook|line|twitter|分享)(?:\s+(?:facebook|line|twitter|分享))*$/i;
const BREADCRUMBS = new Set(['雲論', '>', '›', '＞']);
/** R3f: widget lines that a copy of the page picks up; extend as new ones show up in real pages. */
export const INTERSTITIAL_LINES: ReadonlySet<string> = new Set([
  '請繼續往下閱讀...',
  '請繼續往下閱讀…',
  '請繼續往下閱讀',
  '聽新聞',
  '廣告 廣告',
  '廣告',
  '分享給朋友',
  '收藏',
]);
const LEAD_LINE = /^我們想讓你知道(?:…|⋯|\.{3}|。。。)\s*(.+)$/su;
const DATE_LINE = /^date\s+(\d{4}-\d{2}-\d{2})(.*)$/su;
const TITLE_END_FORBIDDEN = new Set([...'。．，,、；;：:']);
const HEADING_END_FORBIDDEN = new Set([...'。．.，,、；;：:…⋯！!？?']);
const FINAL_PARENTHETICAL = /[（(]([^（）()]*)[）)]$/u;
const ONLY_PUNCTUATION = /^[\p{P}\p{S}\s]*$/u;

function charLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

function lastChar(s: string): string {
  const chars = [...s];
  return chars[chars.length - 1] ?? '';
}

function chromeReason(text: string, inTitleWindow: boolean): DropReason | null {
  if (text.includes('|')) {
    const parts = text.split('|').map((p) => trimLine(p).replace(/\s+/g, ' '));
    if (parts.filter((p) => NAV_ITEMS.has(p)).length >= 2) return 'site-nav';
  }
  if (SHARE_LINE.test(text)) return 'share-buttons';
  if (inTitleWindow && BREADCRUMBS.has(text)) return 'breadcrumb';
  if (text.startsWith('▼▼') || text.startsWith('▲▲')) return 'promo';
  if (text.startsWith('以上言論不代表本網立場')) return 'footer-disclaimer';
  if (INTERSTITIAL_LINES.has(text.replace(/\s+/g, ' '))) return 'interstitial';
  return null;
}

export function captionMarker(text: string): FigureMarker | null {
  if (text.startsWith('▲▼') || text.startsWith('▼▲')) return '▲▼';
  if (text.startsWith('▲')) return '▲';
  if (text.startsWith('▼')) return '▼';
  return null;
}

export function parseCaption(text: string, marker: FigureMarker): Extract<ParsedBlock, { type: 'figure' }> {
  let rest = trimLine(text.slice(marker === '▲▼' ? 2 : 1));
  let credit: string | null = null;
  let creditRaw: string | null = null;
  const paren = FINAL_PARENTHETICAL.exec(rest);
  if (paren) {
    const inner = paren[1] ?? '';
    const slash = inner.search(/[／/]/);
    // A final parenthetical without a slash is part of the caption (「（資料照）」), not a credit.
    if (slash >= 0) {
      credit = trimLine(inner.slice(slash + 1)) || null;
      creditRaw = paren[0];
      rest = trimLine(rest.slice(0, paren.index));
    }
  }
  const caption = ONLY_PUNCTUATION.test(rest) ? '' : rest;
  return { type: 'figure', marker, caption, credit, creditRaw };
}

function isTitleShaped(text: string): boolean {
  return charLength(text) <= 60 && !TITLE_END_FORBIDDEN.has(lastChar(text));
}

export function isHeadingShaped(text: string): boolean {
  return charLength(text) <= 40 && !text.includes('。') && !HEADING_END_FORBIDDEN.has(lastChar(text));
}

export function parseByline(text: string): { name: string; bio: string | null } {
  let rest = trimLine(text.slice(1));
  rest = rest.replace(/^(?:文|作者)[／/]/u, '');
  const slash = rest.search(/[／/]/);
  if (slash < 0) return { name: trimLine(rest), bio: null };
  const name = trimLine(rest.slice(0, slash));
  const bio = trimLine(rest.slice(slash + 1));
  return { name, bio: bio === '' ? null : bio };
}

interface Line {
  readonly number: number;
  readonly text: string;
}

export function parseArticleText(input: string): ParsedArticle {
  const physical = normaliseNewlines(input).split('\n');
  const lines: Line[] = [];
  let publishedDate: string | null = null;
  for (let i = 0; i < physical.length; i++) {
    const text = trimLine(physical[i] ?? '');
    if (text === '') continue;
    if (lines.length === 0 && publishedDate === null) {
      // R2: only the first non-blank line may carry the date; what follows it on that line is an ordinary line.
      const m = DATE_LINE.exec(text);
      if (m) {
        publishedDate = m[1] ?? null;
        const remainder = trimLine(m[2] ?? '');
        if (remainder !== '') lines.push({ number: i + 1, text: remainder });
        continue;
      }
    }
    lines.push({ number: i + 1, text });
  }

  // R7/R9: before the byline only title, lead and captions have roles; the rest are paragraphs (pull quotes).
  const hasByline = lines.some((l) => l.text.startsWith('●'));

  const blocks: ParsedBlock[] = [];
  const dropped: DroppedLine[] = [];
  const titleCandidates: Line[] = [];
  let inTitleWindow = true;
  let title: string | null = null;
  let lead: string | null = null;
  let author: ParsedArticle['author'] = null;
  let seenByline = false;
  let seenHeading = false;
  let previousLineFigure: Extract<ParsedBlock, { type: 'figure' }> | null = null;

  const closeTitleWindow = () => {
    if (!inTitleWindow) return;
    inTitleWindow = false;
    const chosen = titleCandidates.pop();
    title = chosen ? chosen.text : null;
    for (const noise of titleCandidates) dropped.push({ line: noise.number, text: noise.text, reason: 'preamble-noise' });
  };

  for (const line of lines) {
    const { text } = line;
    let figureOnThisLine: Extract<ParsedBlock, { type: 'figure' }> | null = null;

    const chrome = chromeReason(text, inTitleWindow);
    const marker = chrome ? null : captionMarker(text);
    const leadMatch = chrome || marker || seenByline || lead !== null ? null : LEAD_LINE.exec(text);

    if (chrome) {
      dropped.push({ line: line.number, text, reason: chrome });
    } else if (leadMatch) {
      closeTitleWindow();
      lead = trimLine(leadMatch[1] ?? '');
    } else if (marker) {
      closeTitleWindow();
      const figure = parseCaption(text, marker);
      if (previousLineFigure && figure.caption !== '' && previousLineFigure.caption === figure.caption) {
        dropped.push({ line: line.number, text, reason: 'duplicate-adjacent-caption' });
      } else {
        blocks.push(figure);
      }
      figureOnThisLine = figure;
    } else if (text.startsWith('●') && !seenByline && !seenHeading) {
      closeTitleWindow();
      seenByline = true;
      author = parseByline(text);
      blocks.push({ type: 'byline' });
    } else if (inTitleWindow && isTitleShaped(text)) {
      titleCandidates.push(line);
    } else {
      closeTitleWindow();
      const headingAllowed = seenByline || !hasByline;
      if (headingAllowed && isHeadingShaped(text)) {
        seenHeading = true;
        blocks.push({ type: 'heading', text });
      } else {
        blocks.push({ type: 'paragraph', text });
      }
    }
    previousLineFigure = figureOnThisLine;
  }
  closeTitleWindow();

  markRepeats(blocks, lead);
  return { publishedDate, title, lead, author, blocks, dropped };
}

/** What R10 looks at in a block: paragraphs' text and figures' captions (parsed blocks and stored blocks alike). */
type RepeatCandidate = { type: string; text?: string; caption?: string; repeatOf?: RepeatOf };

/** R10: flag, never delete; the renderer decides what a reader sees. */
export function markRepeats(blocks: RepeatCandidate[], lead: string | null): void {
  const paragraphIndex = new Map<string, number>();
  let index = 0;
  for (const block of blocks) {
    if (block.type !== 'paragraph' || block.text === undefined) continue;
    delete block.repeatOf;
    if (lead !== null && block.text === lead) block.repeatOf = { kind: 'lead' };
    else {
      const earlier = paragraphIndex.get(block.text);
      if (earlier !== undefined) block.repeatOf = { kind: 'paragraph', index: earlier };
    }
    if (!paragraphIndex.has(block.text)) paragraphIndex.set(block.text, index);
    index++;
  }
  for (const block of blocks) {
    if (block.type !== 'figure' || block.caption === undefined) continue;
    delete block.repeatOf;
    if (block.caption === '') continue;
    const same = paragraphIndex.get(block.caption);
    if (same !== undefined) block.repeatOf = { kind: 'paragraph', index: same };
  }
}

/** The JSON shape of ../shared/fixtures/import/README.md, with keys in the documented order. */
export function toImportJson(article: ParsedArticle): unknown {
  return {
    publishedDate: article.publishedDate,
    title: article.title,
    lead: article.lead,
    author: article.author,
    blocks: article.blocks.map((b) => {
      switch (b.type) {
        case 'figure':
          return {
            type: b.type,
            marker: b.marker,
            caption: b.caption,
            credit: b.credit,
            creditRaw: b.creditRaw,
            ...(b.repeatOf ? { repeatOf: b.repeatOf } : {}),
          };
        case 'paragraph':
          return { type: b.type, text: b.text, ...(b.repeatOf ? { repeatOf: b.repeatOf } : {}) };
        case 'heading':
          return { type: b.type, text: b.text };
        case 'byline':
          return { type: b.type };
      }
    }),
    dropped: article.dropped,
  };
}
