import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ArticleBody, BodyBlock } from '../../src/modules/articles/index.js';
import { bodyFromText, parsePage, textFromBody, toBody } from '../../src/modules/importer/index.js';
import { projectRoot, sharedPath } from '../support/shared.js';

const pages = [
  ...readdirSync(sharedPath('fixtures/import'))
    .filter((f) => f.endsWith('.txt'))
    .map((f) => sharedPath('fixtures/import', f)),
  sharedPath('seed', readdirSync(sharedPath('seed')).find((f) => f.endsWith('.txt')) ?? ''),
  ...readdirSync(join(projectRoot, 'demo/articles')).map((f) => join(projectRoot, 'demo/articles', f)),
];

function roundTrip(body: ArticleBody, lead: string | null): ArticleBody {
  return bodyFromText(textFromBody(body), { lead, previous: body }).body;
}

describe('the editor body text (docs/EDITOR.md)', () => {
  it.each(pages.map((p) => [p.split('/').slice(-2).join('/'), p]))('round-trips %s block for block, ids kept', (_name, path) => {
    const parsed = parsePage(readFileSync(path));
    const body = toBody(parsed.blocks, 'seed');
    expect(body.blocks.length).toBeGreaterThan(3);
    expect(roundTrip(body, parsed.lead)).toEqual(body);
  });

  it('reads the signs: image references with alt text, quotes, lists, dividers, link cards, forced headings and literal paragraphs', () => {
    const text = [
      '▲〔圖42｜兩位領袖在白宮握手〕美國總統川普和日本首相高市早苗。（圖／達志影像）',
      '●楊聰榮／台中科技大學兼任教師',
      '第一段。',
      '> 「我們不會退讓。」',
      '- 第一點',
      '- 第二點',
      '',
      '1. 先做這個',
      '2、再做那個',
      '---',
      'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
      '## 這一行很長，而且結尾有標點，但作者要它當小標。',
      '\\短句也是段落',
      '結語',
    ].join('\n');
    const { body, bylineHint } = bodyFromText(text, { lead: null });
    const shapes = body.blocks.map(({ id: _id, ...rest }) => rest);
    expect(shapes).toEqual([
      { type: 'figure', marker: '▲', caption: '美國總統川普和日本首相高市早苗。', credit: '達志影像', creditLabel: '圖', imageId: 42, alt: '兩位領袖在白宮握手' },
      { type: 'byline' },
      { type: 'paragraph', text: '第一段。' },
      { type: 'quote', text: '「我們不會退讓。」' },
      { type: 'list', ordered: false, items: ['第一點', '第二點'] },
      { type: 'list', ordered: true, items: ['先做這個', '再做那個'] },
      { type: 'divider' },
      { type: 'embed', provider: 'youtube', url: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ' },
      { type: 'heading', text: '這一行很長，而且結尾有標點，但作者要它當小標。' },
      { type: 'paragraph', text: '短句也是段落' },
      { type: 'heading', text: '結語' },
    ]);
    expect(bylineHint).toEqual({ name: '楊聰榮', bio: '台中科技大學兼任教師' });
    expect(new Set(body.blocks.map((b) => b.id)).size).toBe(body.blocks.length);
  });

  it('a link to any other site stays a paragraph (no embeds of arbitrary pages)', () => {
    const { body } = bodyFromText('https://evil.example/x\n\nhttp://www.youtube.com/watch?v=1', { lead: null });
    expect(body.blocks.map((b) => b.type)).toEqual(['paragraph', 'paragraph']);
  });

  it('keeps the ids of blocks that are still there when text is inserted above them', () => {
    const first = bodyFromText('第一段。\n\n第二段。', { lead: null }).body;
    const second = bodyFromText('新的開頭。\n\n第一段。\n\n第二段。', { lead: null, previous: first }).body;
    expect(second.blocks.slice(1).map((b) => b.id)).toEqual(first.blocks.map((b) => b.id));
    expect(second.blocks[0]?.id).not.toBe(first.blocks[0]?.id);
  });

  it('round-trips any body made of the block types (property test)', () => {
    // Text as editors type it: Chinese, punctuation, Latin, digits, the signs themselves; trimmed and one line.
    const char = fc.constantFrom(...'川普高市早苗台灣。，、「」『』？！：；（）／…●▲▼〔〕｜>#-\\123abcＡ　 .、'.split(''));
    const line = fc
      .array(char, { minLength: 1, maxLength: 30 })
      .map((cs) => cs.join('').replace(/^[\s\u3000]+|[\s\u3000]+$/g, ''))
      .filter((s) => s !== '' && !/^[\p{P}\p{S}\s]*$/u.test(s));
    const block: fc.Arbitrary<Omit<BodyBlock, 'id'>> = fc.oneof(
      line.map((text) => ({ type: 'paragraph' as const, text })),
      line.map((text) => ({ type: 'heading' as const, text })),
      line.map((text) => ({ type: 'quote' as const, text })),
      fc.record({ ordered: fc.boolean(), items: fc.array(line, { minLength: 1, maxLength: 4 }) }).map((l) => ({ type: 'list' as const, ...l })),
      fc.constant({ type: 'divider' as const }),
      fc
        .record({ caption: line.filter((c) => !/[（(][^（）()]*[／/][^（）()]*[）)]$/.test(c)), credit: fc.option(fc.constantFrom('路透', '達志影像', '美聯社／路透')), imageId: fc.option(fc.integer({ min: 1, max: 99999 })) })
        .map((f) => ({ type: 'figure' as const, marker: '▲' as const, caption: f.caption, credit: f.credit, creditLabel: f.credit ? '圖' : null, imageId: f.imageId, alt: f.caption })),
    );
    fc.assert(
      fc.property(fc.array(block, { minLength: 1, maxLength: 8 }), fc.boolean(), (drafts, withByline) => {
        const blocks = (withByline ? [{ type: 'byline' as const }, ...drafts] : drafts).map((b, i) => ({ ...b, id: `b${i}` }) as BodyBlock);
        // Two adjacent lists of the same kind are one list in any plain layout; the generator keeps them apart.
        for (let i = 1; i < blocks.length; i++) {
          const [a, b] = [blocks[i - 1], blocks[i]];
          if (a?.type === 'list' && b?.type === 'list') fc.pre(false);
        }
        const body: ArticleBody = { schemaVersion: 1, blocks };
        const back = bodyFromText(textFromBody(body), { lead: null, previous: body }).body;
        const expected = bodyFromText(textFromBody(body), { lead: null }).body.blocks.map(({ id: _id, ...rest }) => rest);
        expect(back.blocks.map(({ id: _id, ...rest }) => rest)).toEqual(expected);
        expect(back.blocks.map(({ id: _id, repeatOf: _r, ...rest }: BodyBlock & { repeatOf?: unknown }) => rest)).toEqual(blocks.map(({ id: _id, ...rest }) => rest));
      }),
      { numRuns: 2000 },
    );
  });
});
