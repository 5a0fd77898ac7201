import { describe, expect, it } from 'vitest';
import { charCount, excerpt, foldKey, readingMinutes } from '../../src/modules/zh/index.js';

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
