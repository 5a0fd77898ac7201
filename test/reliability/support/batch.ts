import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot, sharedPath } from '../../support/shared.js';

/**
 * A batch of distinct page texts: the demo articles and the shared import fixtures, each copied under several
 * names with one small edit (a closing paragraph naming the copy), so every file is a different article and a
 * complete import ends with exactly one article per file.
 */
export function writeBatch(dir: string, copies: number): string[] {
  mkdirSync(dir, { recursive: true });
  const demo = join(projectRoot, 'demo', 'articles');
  const sources = [
    ...readdirSync(demo).filter((f) => f.endsWith('.txt')).map((f) => join(demo, f)),
    ...readdirSync(sharedPath('fixtures', 'import')).filter((f) => f.endsWith('.txt')).map((f) => sharedPath('fixtures', 'import', f)),
  ].sort();
  const files: string[] = [];
  sources.forEach((source, i) => {
    const text = readFileSync(source, 'utf8');
    for (let copy = 1; copy <= copies; copy++) {
      const file = join(dir, `page-${String(i).padStart(2, '0')}-copy${copy}.txt`);
      writeFileSync(file, `${text.trimEnd()}\n\n本文為可靠性測試副本第 ${i + 1}-${copy} 份。\n`);
      files.push(file);
    }
  });
  return files;
}
