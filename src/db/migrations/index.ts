import type { Migration } from 'kysely';
import * as readerContent from './2026-11-27-001-reader-content.js';
import * as search from './2026-11-28-001-search.js';
import * as searchShards from './2026-11-28-002-search-shards.js';
import * as accounts from './2026-12-03-001-accounts.js';
import * as articleEditing from './2026-12-03-002-article-editing.js';
import * as jobLeases from './2026-12-03-005-job-leases.js';
import * as editorialSettings from './2026-12-03-004-editorial-settings.js';
import * as mediaLibrary from './2026-12-03-003-media-library.js';
import * as submissions from './2026-12-03-008-submissions.js';
import * as mailQueue from './2026-12-03-006-mail-queue.js';
import * as textOverlap from './2026-12-03-007-text-overlap.js';

/** Listed explicitly (not read from disk) so the compiled build and the tests run the same set, in order. */
export const migrations: Record<string, Migration> = {
  '2026-11-27-001-reader-content': readerContent,
  '2026-11-28-001-search': search,
  '2026-11-28-002-search-shards': searchShards,
  '2026-12-03-001-accounts': accounts,
  '2026-12-03-002-article-editing': articleEditing,
  '2026-12-03-005-job-leases': jobLeases,
  '2026-12-03-004-editorial-settings': editorialSettings,
  '2026-12-03-003-media-library': mediaLibrary,
  '2026-12-03-008-submissions': submissions,
  '2026-12-03-006-mail-queue': mailQueue,
  '2026-12-03-007-text-overlap': textOverlap,
};
