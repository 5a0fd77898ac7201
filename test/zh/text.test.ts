import { describe, expect, it } from 'vitest';
import { charCount, excerpt, fold, foldKey, gramTokens, NameVariants, readingMinutes, shippedNameGroups, toTaiwanFolded, wordTokens } from '../../src/modules/zh/index.js';

describe('zh text rules', () => {
  it('counts 字數 in code points, without whitespace', () => {
    expect(charCount('川普 與\n高市　早苗')).toBe(7);
    expect(charCount('𠮷野家')).toBe(3);
    expect(charCount('GDP 2%')).toBe(5);
  });

  it('reads about 450 characters a minute, never "0 min"', () => {
    expect(readingMinutes(10)).toBe(1);
    expect(readingMinutes(1561)).toBe(3);
    expect(readingMinutes(4000, 400)).toBe(10);
  });

  it('cuts excerpts at 。！？ (with a closing bracket) and never splits a surrogate pair', () => {
    expect(excerpt('第一句。第二句很長很長。第三句', 8)).toBe('第一句。');
    expect(excerpt('他說：「好。」然後離開了這個地方再也沒有回來', 12)).toBe('他說：「好。」');
    const cut = excerpt('𠮷'.repeat(20), 5);
    expect([...cut]).toHaveLength(5);
    expect(cut.endsWith('…')).toBe(true);
    expect(cut.isWellFormed()).toBe(true);
    expect(excerpt('短句。', 50)).toBe('短句。');
  });

  it('folds width and case for matching keys', () => {
    expect(foldKey('ＡＩ')).toBe('ai');
    expect(foldKey('  美日  關係 ')).toBe('美日 關係');
  });
});


describe('zh matching keys and tokens', () => {
  it('folds width, case and variant characters without rewriting anything else', () => {
    expect(fold('ＡＰＥＣ與臺灣')).toBe('apec與台灣');
    expect(fold('「川普」')).toBe('「川普」');
  });

  it('turns Simplified and mainland phrasing into Taiwan usage', () => {
    expect(toTaiwanFolded('能源转型')).toBe('能源轉型');
    expect(toTaiwanFolded('台湾')).toBe('台灣');
  });

  it('makes bigrams plus the run-final character, and keeps Latin words whole', () => {
    expect(gramTokens('川普與高市')).toEqual(['川普', '普與', '與高', '高市', '市']);
    expect(gramTokens('ai供應鏈，gdp 2%')).toEqual(['ai', '供應', '應鏈', '鏈', 'gdp', '2']);
    expect(gramTokens('國')).toEqual(['國']);
  });

  it('segments dictionary words paragraph by paragraph', () => {
    expect(wordTokens('美日同盟\n能源轉型')).toEqual(expect.arrayContaining(['同盟', '能源']));
  });

  it('ships at least 50 name variants and rewrites queries with them', () => {
    const groups = shippedNameGroups();
    expect(groups.length).toBeGreaterThanOrEqual(50);
    const names = new NameVariants(groups);
    expect(names.alternatives('特朗普關稅')).toEqual(['川普關稅']);
    expect(names.alternatives('川普')).toEqual(['特朗普']);
    expect(names.alternatives('沙烏地阿拉伯')).toContain('沙特阿拉伯');
    expect(names.alternatives('能源')).toEqual([]);
  });
});
