import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../support/test-app.js';
import { evalQueries, loadEvalCorpus, runSearchEval } from '../support/search-eval.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let database: Awaited<ReturnType<typeof createTestDatabase>>;

beforeAll(async () => {
  database = await createTestDatabase();
  await loadEvalCorpus(database.db, mkdtempSync(join(tmpdir(), 'opdesk-eval-')));
});
afterAll(async () => database.cleanup());

describe('search quality (npm run eval:search)', () => {
  it('has at least 50 queries', () => {
    expect(evalQueries().length).toBeGreaterThanOrEqual(50);
  });

  it('finds what it must: recall@10 ≥ 0.95', async () => {
    const result = await runSearchEval(database.db);
    expect(result.misses, JSON.stringify(result.misses, null, 1)).toEqual([]);
    expect(result.recallAt10).toBeGreaterThanOrEqual(0.95);
    expect(result.mrr).toBeGreaterThan(0.9);
  });
});
