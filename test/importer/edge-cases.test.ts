import { describe, expect, it } from 'vitest';
import { parseArticleText } from '../../src/modules/importer/index.js';

const page = (...lines: string[]) => lines.join('\n');

describe('import-format edge cases (docs/IMPORT.md §4)', () => {
  it('keeps a sentence with ▲ or ▼ inside it as a paragraph', () => {
    const r = parseArticleText(page('標題', '', '●作者／簡介', '', '有人用 ▲ 或 ▼ 標示順序。'));
    expect(r.blocks.at(-1)).toEqual({ type: 'paragraph', text: '有人用 ▲ 或 ▼ 標示順序。' });
  });

  it('strips a by-label: ●文／Name has name Name, not 文', () => {
    expect(parseArticleText(page('標題', '●文／王大明', '內文。')).author).toEqual({ name: '王大明', bio: null });
    expect(parseArticleText(page('標題', '●作者/王大明/教授', '內文。')).author).toEqual({ name: '王大明', bio: '教授' });
  });

  it('leaves missing parts null without shifting the others', () => {
    const r = parseArticleText('內文第一段很長，因為它是一個句子，而且以句號結束，所以不是標題也不是小標。');
    expect(r).toMatchObject({ publishedDate: null, title: null, lead: null, author: null });
    expect(r.blocks).toEqual([{ type: 'paragraph', text: '內文第一段很長，因為它是一個句子，而且以句號結束，所以不是標題也不是小標。' }]);
  });

  it('drops earlier title-shaped lines before the title as preamble noise', () => {
    const r = parseArticleText(page('即時', '熱門專欄', '真正的標題', '我們想讓你知道…導言。', '●某／某', '內文。'));
    expect(r.title).toBe('真正的標題');
    expect(r.dropped.map((d) => [d.line, d.reason])).toEqual([
      [1, 'preamble-noise'],
      [2, 'preamble-noise'],
    ]);
  });

  it('collapses a caption repeated on the next line, but keeps one repeated later', () => {
    const r = parseArticleText(page('標題', '▲照片說明。（圖／路透）', '▲照片說明。（圖／路透）', '●某／某', '內文。', '▲照片說明。（圖／路透）'));
    expect(r.blocks.filter((b) => b.type === 'figure')).toHaveLength(2);
    expect(r.dropped).toEqual([{ line: 3, text: '▲照片說明。（圖／路透）', reason: 'duplicate-adjacent-caption' }]);
  });

  it('treats a final parenthetical without a slash as caption text, not a credit', () => {
    const r = parseArticleText(page('標題', '▲川普出席記者會（資料照）', '●某／某', '內文。'));
    expect(r.blocks[0]).toEqual({ type: 'figure', marker: '▲', caption: '川普出席記者會（資料照）', credit: null, creditRaw: null });
  });

  it('accepts the lead prefix with ⋯, ... or 。。。 and drops widget lines', () => {
    for (const dots of ['…', '⋯', '...', '。。。']) {
      expect(parseArticleText(page('標題', `我們想讓你知道${dots}重點。`, '●某／某', '內文。')).lead).toBe('重點。');
    }
    const r = parseArticleText(page('標題', '●某／某', '內文。', '請繼續往下閱讀...', '更多內文。'));
    expect(r.dropped).toEqual([{ line: 4, text: '請繼續往下閱讀...', reason: 'interstitial' }]);
  });

  it('tells headings from short paragraphs by their last character and length', () => {
    const r = parseArticleText(page('標題', '●某／某', '這並不意外。', '但，這樣就夠了嗎？', '三塊拼圖：', '讓轉乘成為「順路」', '住得起之外，也要住得安心', 'x'.repeat(41)));
    expect(r.blocks.slice(1).map((b) => b.type)).toEqual(['paragraph', 'paragraph', 'paragraph', 'heading', 'heading', 'paragraph']);
  });

  it('never loses a line: every input line is a block, a header field or a dropped entry', () => {
    const text = page(' date 2026-01-01 ETtoday 新聞雲| 手機版', 'facebook Line', '雲論', '標題', '我們想讓你知道…導言。', '▲圖。（圖／某）', '●某／某', '段一。', '小標', '段二。', '▼▼加入粉絲團');
    const r = parseArticleText(text);
    const accounted = r.blocks.length + r.dropped.length + 2; // + title + lead lines
    expect(accounted).toBe(text.split('\n').length);
  });
});
