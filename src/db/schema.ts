import type { AuditLogTable, SessionsTable, UsersTable } from '../modules/accounts/accounts.table.js';
import type { ArticleAuthorsTable, ArticleImagesTable, ArticlePresenceTable, ArticleRevisionsTable, ArticlesTable } from '../modules/articles/articles.table.js';
import type { ChangeLogTable } from '../platform/changes.js';
import type { JobLeasesTable } from '../platform/jobs/index.js';
import type { MailQueueTable } from '../platform/mail/index.js';
import type { NameVariantsTable, SearchDocumentsTable, SearchShardsTable, SearchStateTable } from '../modules/search/search.table.js';
import type { AuthorsTable } from '../modules/authors/authors.table.js';
import type { ImagesTable } from '../modules/media/media.table.js';
import type { SubmissionCountersTable, SubmissionEventsTable, SubmissionImagesTable, SubmissionsTable, SubmissionVersionsTable } from '../modules/submissions/submissions.table.js';
import type { TextFingerprintDocsTable, TextFingerprintProgressTable, TextFingerprintsTable } from '../modules/overlap/overlap.table.js';
import type { EditorialSettingsTable } from '../modules/settings/settings.table.js';
import type { ArticleTagsTable, SectionsTable, TagRedirectsTable, TagsTable } from '../modules/taxonomy/taxonomy.table.js';

export interface Database {
  sections: SectionsTable;
  authors: AuthorsTable;
  articles: ArticlesTable;
  article_authors: ArticleAuthorsTable;
  article_revisions: ArticleRevisionsTable;
  article_presence: ArticlePresenceTable;
  article_images: ArticleImagesTable;
  tags: TagsTable;
  article_tags: ArticleTagsTable;
  images: ImagesTable;
  change_log: ChangeLogTable;
  name_variants: NameVariantsTable;
  search_documents: SearchDocumentsTable;
  search_shards: SearchShardsTable;
  search_state: SearchStateTable;
  users: UsersTable;
  sessions: SessionsTable;
  audit_log: AuditLogTable;
  job_leases: JobLeasesTable;
  mail_queue: MailQueueTable;
  editorial_settings: EditorialSettingsTable;
  tag_redirects: TagRedirectsTable;
  submissions: SubmissionsTable;
  submission_versions: SubmissionVersionsTable;
  submission_images: SubmissionImagesTable;
  submission_events: SubmissionEventsTable;
  submission_counters: SubmissionCountersTable;
  text_fingerprints: TextFingerprintsTable;
  text_fingerprint_docs: TextFingerprintDocsTable;
  text_fingerprint_progress: TextFingerprintProgressTable;
}

