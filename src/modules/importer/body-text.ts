import { randomBytes } from 'node:crypto';
import { type ArticleBody, BODY_SCHEMA_VERSION, type BodyBlock, type EmbedProvider, type FigureBlock } from '../articles/index.js';
import { captionMarker, isHeadingShaped, markRepeats, normaliseNewlines, parseByline, parseCaption, trimLine } from './parse.js';

/**
 * The editor's body: plain text in the layout the importer reads (../shared/design/import-format.md), one element
 * per line, so a textarea is the editor and every input method (注音, 倉頡, 拼音) composes exactly as it does
 * anywhere else in the browser. A few explicit signs cover what the page layout cannot say on its own
 * (docs/EDITOR.md):
 *
 *   ▲〔圖123｜alt〕caption（圖／credit）  a figure; the 〔…〕 part names a library image and, after ｜, alt text
 *   ●                                   where the byline stands
 *   ## text                             a heading that does not look like one (a short unpunctuated line does)
 *   > text                              a quotation set apart
 *   - item / 1. item                    list items; consecutive lines make one list
 *   ---                                 a divider
 *   https://www.youtube.com/…           a YouTube, X or Facebook link alone on its line: a link card
 *   \text                               a paragraph, whatever it looks like
 *
 * `textFromBody` writes the signs only where the plain layout would be read differently, so
 * bodyFromText(textFromBody(body)) gives back the same blocks: the round trip is tested on every import fixture
 * and demo article.
 */

const IMAGE_REF = /^〔(?:圖\s*(\d{1,10}))?(?:[｜|]([^〕]*))?〕/u;
const QUOTE = /^>\s?(.*)$/su;
const UNORDERED_ITEM = /^(?:-\s+|[・•]\s*)(.+)$/su;
const ORDERED_ITEM = /^(\d{1,3})(?:\.\s+|、|．)(.+)$/su;
const DIVIDER = /^(?:-{3,}|\*\s*\*\s*\*|＊\s*＊\s*＊)$/u;
/** A bare address is a paragraph (a link card only for the hosts below), never a subheading. */
const LINK = /^https?:\/\//i;
const HEADING_SIGN = /^##(?!#)\s*(.+)$/su;
const EMBED_HOSTS: ReadonlyArray<[RegExp, EmbedProvider]> = [
  [/^(?:www\.|m\.)?(?:youtube\.com|youtu\.be)$/i, 'youtube'],
  [/^(?:www\.|mobile\.)?(?:x\.com|twitter\.com)$/i, 'x'],
  [/^(?:www\.|m\.|web\.)?(?:facebook\.com|fb\.watch)$/i, 'facebook'],
];

export function embedOf(line: string): { provider: EmbedProvider; url: string } | null {
  if (!/^https:\/\/\S+$/i.test(line)) return null;
  let url: URL;
  try {
    url = new URL(line);
  } catch {
    return null;
  }
  const found = EMBED_HOSTS.find(([host]) => host.test(url.hostname));
  return found && url.pathname.length > 1 ? { provider: found[1], url: url.href } : null;
}

export interface BodyFromText {
  body: ArticleBody;
  /** 「●Name／bio」 as typed on the byline line, for an article that has no byline yet. */
  bylineHint: { name: string; bio: string | null } | null;
}

/** A block before it has its id (distributes over the union, so each type keeps its own fields). */
type Draft = BodyBlock extends infer B ? (B extends BodyBlock ? Omit<B, 'id'> & { id?: string } : never) : never;

export function bodyFromText(text: string, options: { lead: string | null; previous?: ArticleBody | null }): BodyFromText {
  const physical = normaliseNewlines(text).split('\n');
  const hasByline = physical.some((l) => trimLine(l).startsWith('●'));
  const drafts: Draft[] = [];
  let bylineHint: BodyFromText['bylineHint'] = null;
  let seenByline = false;
  let seenHeading = false;
  let openList: { ordered: boolean; items: string[] } | null = null;

  for (const raw of physical) {
    const line = trimLine(raw);
    if (line === '') {
      openList = null;
      continue;
    }
    const item = listItem(line);
    if (item) {
      if (openList && openList.ordered === item.ordered) openList.items.push(item.text);
      else {
        openList = { ordered: item.ordered, items: [item.text] };
        drafts.push({ type: 'list', ordered: openList.ordered, items: openList.items });
      }
      continue;
    }
    openList = null;
    if (line.startsWith('\\')) {
      const literal = trimLine(line.slice(1));
      if (literal !== '') drafts.push({ type: 'paragraph', text: literal });
      continue;
    }
    const heading = HEADING_SIGN.exec(line);
    if (heading) {
      seenHeading = true;
      drafts.push({ type: 'heading', text: trimLine(heading[1] ?? '') });
      continue;
    }
    const marker = captionMarker(line);
    if (marker) {
      drafts.push(figureOf(line, marker));
      continue;
    }
    // The bare sign is always the byline's place; 「●Name／bio」 only where the importer would take it (R7).
    if ((line === '●' || (line.startsWith('●') && !seenHeading)) && !seenByline) {
      seenByline = true;
      if (line !== '●') bylineHint = parseByline(line);
      drafts.push({ type: 'byline' });
      continue;
    }
    const quote = QUOTE.exec(line);
    if (quote) {
      const quoted = trimLine(quote[1] ?? '');
      if (quoted !== '') drafts.push({ type: 'quote', text: quoted });
      continue;
    }
    if (DIVIDER.test(line)) {
      drafts.push({ type: 'divider' });
      continue;
    }
    const embed = embedOf(line);
    if (embed) {
      drafts.push({ type: 'embed', ...embed });
      continue;
    }
    if ((seenByline || !hasByline) && isHeadingShaped(line) && !LINK.test(line)) {
      seenHeading = true;
      drafts.push({ type: 'heading', text: line });
      continue;
    }
    drafts.push({ type: 'paragraph', text: line });
  }

  markRepeats(drafts as Array<{ type: string }>, options.lead);
  return { body: { schemaVersion: BODY_SCHEMA_VERSION, blocks: withIds(drafts, options.previous ?? null) }, bylineHint };
}

function listItem(line: string): { ordered: boolean; text: string } | null {
  if (DIVIDER.test(line)) return null;
  const unordered = UNORDERED_ITEM.exec(line);
  if (unordered) return { ordered: false, text: trimLine(unordered[1] ?? '') };
  const ordered = ORDERED_ITEM.exec(line);
  if (ordered) return { ordered: true, text: trimLine(ordered[2] ?? '') };
  return null;
}

function figureOf(line: string, marker: FigureBlock['marker']): Draft {
  let rest = trimLine(line.slice(marker === '▲▼' ? 2 : 1));
  let imageId: number | null = null;
  let alt: string | null | undefined;
  const ref = IMAGE_REF.exec(rest);
  if (ref) {
    imageId = ref[1] ? Number(ref[1]) : null;
    if (ref[2] !== undefined) alt = trimLine(ref[2]) || null;
    rest = trimLine(rest.slice(ref[0].length));
  }
  const parsed = parseCaption(marker + rest, marker);
  const creditLabel = parsed.creditRaw ? labelOf(parsed.creditRaw) : null;
  return {
    type: 'figure',
    marker,
    caption: parsed.caption,
    credit: parsed.credit,
    creditLabel,
    imageId,
    alt: alt === undefined ? parsed.caption || null : alt,
  };
}

function labelOf(creditRaw: string): string | null {
  const inner = creditRaw.slice(1, -1);
  const slash = inner.search(/[／/]/);
  return slash > 0 ? trimLine(inner.slice(0, slash)) || null : null;
}

/**
 * Block ids outlive edits: a block that is still there (same content) keeps its id, and so does one edited in
 * place (same position, same type); only new blocks get new ids.
 */
function withIds(drafts: Draft[], previous: ArticleBody | null): BodyBlock[] {
  const old = previous?.blocks ?? [];
  const used = new Set<string>();
  const byContent = new Map<string, string[]>();
  for (const b of old) {
    const key = contentKey(b);
    byContent.set(key, [...(byContent.get(key) ?? []), b.id]);
  }
  const ids: Array<string | null> = drafts.map((d) => {
    const candidates = byContent.get(contentKey(d)) ?? [];
    const id = candidates.find((c) => !used.has(c)) ?? null;
    if (id) used.add(id);
    return id;
  });
  return drafts.map((d, i) => {
    let id = ids[i] ?? null;
    const sameSpot = old[i];
    if (!id && sameSpot && sameSpot.type === d.type && !used.has(sameSpot.id)) {
      id = sameSpot.id;
      used.add(id);
    }
    return { ...d, id: id ?? randomBytes(8).toString('base64url').slice(0, 10) } as BodyBlock;
  });
}

function contentKey(b: Draft | BodyBlock): string {
  const { id: _id, repeatOf: _repeat, ...content } = b as Draft & { repeatOf?: unknown };
  return JSON.stringify(content);
}

const SPECIAL_START = /^(?:[\\#▲▼●>＞]|https?:\/\/)/iu;

/** A paragraph that the plain layout would read as something else gets the `\` sign. */
function paragraphLine(text: string): string {
  const special =
    SPECIAL_START.test(text) || isHeadingShaped(text) || listItem(text) !== null || DIVIDER.test(text) || embedOf(text) !== null || trimLine(text) !== text;
  return special ? `\\${text}` : text;
}

export function textFromBody(body: ArticleBody): string {
  const hasByline = body.blocks.some((b) => b.type === 'byline');
  let seenByline = false;
  const lines = body.blocks.map((b): string => {
    switch (b.type) {
      case 'paragraph':
        return paragraphLine(b.text);
      case 'heading': {
        const plain =
          (seenByline || !hasByline) &&
          isHeadingShaped(b.text) &&
          !SPECIAL_START.test(b.text) &&
          listItem(b.text) === null &&
          !DIVIDER.test(b.text) &&
          captionMarker(b.text) === null;
        return plain ? b.text : `## ${b.text}`;
      }
      case 'byline':
        seenByline = true;
        return '●';
      case 'figure': {
        const defaultAlt = b.caption || null;
        const altPart = b.alt === defaultAlt ? '' : `｜${b.alt ?? ''}`;
        // An empty 〔〕 keeps a caption that itself starts with ▲, ▼ or 〔 from being read as part of the sign.
        const needsRef = b.imageId !== null || altPart !== '' || /^[▲▼〔]/u.test(b.caption);
        const ref = needsRef ? `〔${b.imageId !== null ? `圖${b.imageId}` : ''}${altPart}〕` : '';
        const credit = b.credit !== null ? `（${b.creditLabel ?? ''}／${b.credit}）` : '';
        return `${b.marker}${ref}${b.caption}${credit}`;
      }
      case 'quote':
        return `> ${b.text}`;
      case 'list':
        return b.items.map((item, i) => (b.ordered ? `${i + 1}. ${item}` : `- ${item}`)).join('\n');
      case 'divider':
        return '---';
      case 'embed':
        return b.url;
    }
  });
  return `${lines.join('\n\n')}\n`;
}
