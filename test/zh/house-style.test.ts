import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { houseStyleWarnings, shippedNameGroups } from '../../src/modules/zh/index.js';
import { bodyFromText, parsePage, textFromBody, toBody } from '../../src/modules/importer/index.js';
import { projectRoot } from '../support/shared.js';

const names = shippedNameGroups();
const brief = (text: string) => houseStyleWarnings(text, names).map((w) => `${w.kind}:${w.found}→${w.suggest}`);

describe('house-style warnings', () => {
  it('flag mainland words and characters, half-width marks in Chinese, other quotation marks and name variants', () => {
    expect(brief('软件和人工智能，特朗普说"你好",真的?')).toEqual([
      'mainland:软件→軟體',
      'mainland:智能→智慧',
      'name:特朗普→川普',
      'mainland:说→說',
      'quotes:"→「」',
      'quotes:"→「」',
      'halfwidth:,→，',
      'halfwidth:?→？',
    ]);
    expect(brief('他說：“我們會回來。”')).toEqual(['quotes:“→「', 'quotes:”→」']);
  });

  it('leave Taiwanese writing alone: no warning on the demo articles’ bodies (Taiwan forms such as 台灣, 聲明, 支持)', () => {
    for (const file of readdirSync(join(projectRoot, 'demo/articles'))) {
      const parsed = parsePage(readFileSync(join(projectRoot, 'demo/articles', file)));
      const text = textFromBody(bodyFromText(textFromBody(toBody(parsed.blocks, 'x')), { lead: parsed.lead }).body);
      expect({ file, warnings: brief(text) }).toEqual({ file, warnings: [] });
    }
  });

  it('say where each warning is: line and offset', () => {
    const [w] = houseStyleWarnings('第一行。\n普京說話了。', names);
    expect(w).toMatchObject({ kind: 'name', found: '普京', suggest: '普丁', line: 1, offset: 0 });
  });
});
