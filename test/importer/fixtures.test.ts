import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseArticleText, toImportJson } from '../../src/modules/importer/parse.js';
import { sharedPath } from '../support/shared.js';

const fixtureDir = sharedPath('fixtures', 'import');
const cases = readdirSync(fixtureDir)
  .filter((f) => f.endsWith('.expected.json'))
  .map((f) => {
    const name = f.replace(/\.expected\.json$/, '');
    const input = name === 'seed' ? sharedPath('seed', 'ettoday-opinion-2026-01-08.txt') : `${fixtureDir}/${name}.txt`;
    return { name, input, expected: `${fixtureDir}/${f}` };
  });

describe('importer reproduces every shared fixture', () => {
  it('finds the four fixtures', () => {
    expect(cases.map((c) => c.name).sort()).toEqual(['seed', 'synthetic-1', 'synthetic-2', 'synthetic-3']);
  });

  it.each(cases)('$name', ({ input, expected }) => {
    const want = JSON.parse(readFileSync(expected, 'utf8')) as Record<string, unknown>;
    delete want._notes;
    const got = toImportJson(parseArticleText(readFileSync(input, 'utf8')));
    expect(got).toEqual(want);
    // Key order matters for people diffing the JSON output.
    expect(JSON.stringify(got)).toBe(JSON.stringify(want));
  });
});
