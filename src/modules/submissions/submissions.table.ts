import type { Generated } from 'kysely';

/** Timestamps are ISO-8601 UTC text; booleans 0/1. The private columns become null when the data is purged. */
export interface SubmissionsTable {
  id: Generated<number>;
  /** S-2026-000123: what the writer quotes when they write to the desk. */
  code: string;
  /** The private tracking link's token (256 random bits): a capability, repeated in every e-mail to the writer. */
  tracking_token: string;
  status: string;
  pen_name: string;
  bio_line: string;
  real_name: string | null;
  email: string | null;
  phone: string | null;
  address: string | null;
  occupation: string | null;
  conflicts: string | null;
  declared_original: number;
  declared_exclusive: number;
  declared_licence: number;
  terms_version: string;
  consented_at: string;
  current_version: number;
  /** The current version's title and 字數, kept here so the queue needs no join. */
  title: string;
  char_count: number;
  assignee_id: number | null;
  due_at: string | null;
  expiry_noticed_at: string | null;
  decided_at: string | null;
  decision_reason: string | null;
  article_id: number | null;
  published_noticed_at: string | null;
  /** JSON of the overlap check's findings at arrival (and at each revision). */
  overlaps: string;
  purge_after: string | null;
  purged_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface SubmissionVersionsTable {
  id: Generated<number>;
  submission_id: number;
  version: number;
  title: string;
  lead: string | null;
  /** Plain text as the writer pasted it, paragraphs separated by blank lines. */
  body: string;
  char_count: number;
  /** What the writer said about the revision. */
  note: string | null;
  created_at: string;
}

export interface SubmissionImagesTable {
  id: Generated<number>;
  submission_id: number;
  version: number;
  position: number;
  data: Buffer;
  mime: string;
  width: number;
  height: number;
  caption: string;
  credit: string;
  /** own | licensed | free (see IMAGE_RIGHTS) */
  rights: string;
  original_name: string | null;
}

export interface SubmissionEventsTable {
  id: Generated<number>;
  submission_id: number;
  /** received, status, message, reply, note, assigned, revised, email, expired, purged… */
  kind: string;
  /** The staff member who acted; null for the writer or the system. */
  user_id: number | null;
  status_from: string | null;
  status_to: string | null;
  body: string | null;
  /** 1 when the writer sees it on the tracking page. */
  to_writer: number;
  created_at: string;
}

export interface SubmissionCountersTable {
  year: number;
  last: number;
}
