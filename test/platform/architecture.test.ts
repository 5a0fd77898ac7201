import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../support/shared.js';

/**
 * The layering of docs/ARCHITECTURE.md, checked on the source: surfaces → modules → platform, modules reached
 * only through their index.ts, repositories private to their module, and no executor outside the modules.
 */
const src = join(projectRoot, 'src');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : /\.tsx?$/.test(name) ? [path] : [];
  });
}

const imports = (file: string) => [...readFileSync(file, 'utf8').matchAll(/from '([^']+)'/g)].map((m) => m[1] ?? '');
const rel = (file: string) => relative(src, file);

describe('architecture', () => {
  it('surfaces, the CLI and the app assembly never touch the database executor or a repository', () => {
    const offenders: string[] = [];
    for (const file of ['surfaces', 'cli', 'app'].flatMap((d) => filesUnder(join(src, d)))) {
      const text = readFileSync(file, 'utf8');
      if (/\.kysely\b/.test(text)) offenders.push(`${rel(file)}: uses .kysely`);
      for (const i of imports(file)) {
        if (i === 'kysely') offenders.push(`${rel(file)}: imports kysely`);
        if (/\.(repo|table)\.js$/.test(i)) offenders.push(`${rel(file)}: imports ${i}`);
        if (/modules\/[^/]+\/(?!index\.js)/.test(i)) offenders.push(`${rel(file)}: reaches into ${i}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('a module reaches another module only through its index.ts, and never a surface', () => {
    const offenders: string[] = [];
    for (const file of filesUnder(join(src, 'modules'))) {
      const own = rel(file).split('/')[1];
      for (const i of imports(file)) {
        if (i.includes('/surfaces/')) offenders.push(`${rel(file)}: imports ${i}`);
        const other = /^\.\.\/([a-z-]+)\/(.+)$/.exec(i);
        // search/engine/index.ts is the search engine's own door (for the articles module's transactions).
        if (other && other[1] !== own && other[2] !== 'index.js' && other[2] !== 'engine/index.js') offenders.push(`${rel(file)}: imports ${i}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it("modules' public doors export no repository", () => {
    const reExport = /export\s+(?:type\s+)?(?:\*|\{[^}]*\})\s+from\s+'([^']+\.repo\.js)'/g;
    const offenders = filesUnder(join(src, 'modules'))
      .filter((f) => f.endsWith('index.ts'))
      .flatMap((f) => [...readFileSync(f, 'utf8').matchAll(reExport)].map((m) => `${rel(f)}: ${m[1]}`));
    expect(offenders).toEqual([]);
  });

  it('platform knows nothing of modules or surfaces', () => {
    const offenders = filesUnder(join(src, 'platform')).flatMap((f) => imports(f).filter((i) => /\/(modules|surfaces)\//.test(i)).map((i) => `${rel(f)}: ${i}`));
    expect(offenders).toEqual([]);
  });
});
