/**
 * npm run eval:search — recall@10 and MRR of the search over the demo articles and import fixtures, on SQLite
 * (or PostgreSQL with TEST_DATABASE_URL). The query set is test/search/eval-queries.json.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase } from '../test/support/test-app.js';
import { loadEvalCorpus, runSearchEval } from '../test/support/search-eval.js';

const database = await createTestDatabase();
try {
  await loadEvalCorpus(database.db, mkdtempSync(join(tmpdir(), 'opdesk-eval-')));
  const r = await runSearchEval(database.db);
  process.stdout.write(`database: ${database.db.dialect}\nqueries: ${r.queries}\nrecall@10: ${r.recallAt10.toFixed(3)}\nMRR: ${r.mrr.toFixed(3)}\n`);
  for (const m of r.misses) process.stdout.write(`  miss: ${m.q} (${m.kind}) missing ${m.missing.join('、')}; got ${m.got.join('、') || 'nothing'}\n`);
  process.exitCode = r.recallAt10 >= 0.95 ? 0 : 1;
} finally {
  await database.cleanup();
}
