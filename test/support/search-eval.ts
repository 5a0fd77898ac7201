import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadDemoContent } from '../../src/app/demo-content.js';
import { importPage } from '../../src/modules/importer/index.js';
import { runSearch } from '../../src/modules/search/index.js';
import type { Db } from '../../src/platform/db/database.js';
import { createLogger } from '../../src/platform/logger.js';
import { systemClock } from '../../src/platform/time.js';
import { sharedPath } from './shared.js';

interface EvalQuery {
  q: string;
  expect: string[];
  kind: string;
}

export interface EvalResult {
  queries: number;
  recallAt10: number;
  mrr: number;
  misses: Array<{ q: string; kind: string; missing: string[]; got: string[] }>;
}

export function evalQueries(): EvalQuery[] {
  const file = fileURLToPath(new URL('../search/eval-queries.json', import.meta.url));
  return (JSON.parse(readFileSync(file, 'utf8')) as { queries: EvalQuery[] }).queries;
}

/** The evaluation corpus: the demo articles and the three synthetic import fixtures. */
export async function loadEvalCorpus(db: Db, mediaDir: string): Promise<void> {
  const deps = { db, clock: systemClock, mediaDir };
  await loadDemoContent(deps, createLogger({ level: 'silent' }));
  for (const n of [1, 2, 3]) {
    await importPage(deps, readFileSync(sharedPath('fixtures', 'import', `synthetic-${n}.txt`)));
  }
}

export async function runSearchEval(db: Db): Promise<EvalResult> {
  let recallSum = 0;
  let rrSum = 0;
  const misses: EvalResult['misses'] = [];
  const queries = evalQueries();
  for (const { q, expect, kind } of queries) {
    const results = await runSearch({ db, clock: systemClock }, { q, page: 1, pageSize: 10 });
    const got = results.items.map((i) => i.article.title);
    const found = expect.filter((t) => got.includes(t));
    recallSum += found.length / expect.length;
    const firstRank = got.findIndex((t) => expect.includes(t));
    rrSum += firstRank >= 0 ? 1 / (firstRank + 1) : 0;
    if (found.length < expect.length) misses.push({ q, kind, missing: expect.filter((t) => !got.includes(t)), got });
  }
  return { queries: queries.length, recallAt10: recallSum / queries.length, mrr: rrSum / queries.length, misses };
}
