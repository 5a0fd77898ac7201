import type { Generated } from 'kysely';
import { z } from 'zod';
import type { Db } from '../db/database.js';
import type { Logger } from '../logger.js';
import type { Clock } from '../time.js';
import { composeMail, type MailMessage, mailSubject, type StoredMailBody } from './compose.js';
import { type MailSender, type MailSettings, openMailSender } from './sender.js';

export type MailStatus = 'queued' | 'sent' | 'failed';

/**
 * One outgoing message. `next_attempt_at` is when the delivery job may next take it: a claim moves it into the
 * future, a failure moves it by the back-off, so "queued and due" is the whole question the job asks.
 * Timestamps are ISO-8601 UTC text, like everywhere else.
 */
export interface MailQueueTable {
  id: Generated<number>;
  to_address: string;
  subject: string;
  /** StoredMailBody as JSON. */
  body: string;
  ref: string | null;
  status: MailStatus;
  attempts: number;
  next_attempt_at: string;
  /** The last failure, with any e-mail address in it replaced (it may be shown to staff one day). */
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
}

/** What queueMail needs; tx-bound deps (inTransaction) put the message in the caller's transaction. */
export interface MailQueueDeps {
  readonly db: Db;
  readonly clock: Clock;
}

export interface MailDeliveryDeps extends MailQueueDeps {
  readonly log: Logger;
  readonly mail: MailSettings;
}

/** What one delivery run did, by queue id. */
export interface MailDeliveryReport {
  readonly sent: number[];
  /** Failed this time, queued again for later. */
  readonly retrying: number[];
  /** Given up: status failed. */
  readonly failed: number[];
  /** Sent or failed rows deleted by the retention. */
  readonly purged: number;
}

/**
 * Waits after the 1st, 2nd, … failed attempt; the last one repeats. With the default 10 attempts a message is
 * tried for about four days, so a mail server down over a long weekend loses nothing.
 */
export const MAIL_BACKOFF_MS: readonly number[] = [60_000, 300_000, 1_800_000, 7_200_000, 21_600_000, 43_200_000, 86_400_000];

/**
 * How long a claimed message is left alone. Longer than any SMTP exchange may take (see sender.ts), so only a
 * process that died mid-send leaves a message this long, and then it is sent again (at least once, never lost).
 */
export const MAIL_CLAIM_MS = 10 * 60_000;

/** Messages one run takes at most; the rest wait for the next run, a few seconds later. */
const BATCH = 50;

const mailText = z.object({
  subject: z.string().trim().min(1).max(200).refine((s) => !/[\r\n]/.test(s), 'a subject is one line'),
  text: z.string().min(1).max(100_000),
});
const mailMessage = z.object({
  to: z.email().max(254),
  ref: z.string().min(1).max(200).optional(),
  zh: mailText,
  en: mailText.optional(),
});

/**
 * Puts a message in the queue and returns its id; the delivery job sends it. Inside `inTransaction` the row is
 * part of the caller's transaction: rolled back with it, and never sent for a change that did not happen.
 * Throws (a programming error, not a user's) when the address or the texts are not a message.
 */
export async function queueMail(deps: MailQueueDeps, message: MailMessage): Promise<number> {
  const m = mailMessage.parse(message);
  const body: StoredMailBody = m.en ? { zh: m.zh, en: m.en } : { zh: m.zh };
  const now = deps.clock.now().toISOString();
  const row = await deps.db.kysely
    .insertInto('mail_queue')
    .values({
      to_address: m.to,
      subject: mailSubject(body),
      body: JSON.stringify(body),
      ref: m.ref ?? null,
      status: 'queued',
      attempts: 0,
      next_attempt_at: now,
      last_error: null,
      created_at: now,
      sent_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Deletes every message about `ref` (queued, sent or failed) and returns how many: when the thing they were about
 * is purged, so is the mail about it. A message being sent at this moment still goes out; nothing is sent after.
 */
export async function forgetMail(deps: { readonly db: Db }, ref: string): Promise<number> {
  const result = await deps.db.kysely.deleteFrom('mail_queue').where('ref', '=', ref).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** A queued message's status and attempts, for tests and operators; null when there is no such row. */
export async function mailStatus(
  deps: { readonly db: Db },
  id: number,
): Promise<{ status: MailStatus; attempts: number; nextAttemptAt: string; lastError: string | null; sentAt: string | null } | null> {
  const row = await deps.db.kysely
    .selectFrom('mail_queue')
    .select(['status', 'attempts', 'next_attempt_at', 'last_error', 'sent_at'])
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? { status: row.status, attempts: row.attempts, nextAttemptAt: row.next_attempt_at, lastError: row.last_error, sentAt: row.sent_at } : null;
}

/**
 * Sends what is due (the periodic job `deliver-mail` calls this; tests call it directly with their clock).
 *
 * Each message is claimed by one conditional update (still queued, still due → attempts + 1, next attempt pushed
 * MAIL_CLAIM_MS ahead) before it is sent, so two runs at once — a lease holder frozen past its lease and its
 * successor — never send one message twice: the second update finds it no longer due. A failure queues it again
 * after the back-off, or gives it up after `maxAttempts` (logged as an error). When the mail server cannot be
 * reached at all the run stops there and the other messages wait, untouched, for the next run.
 *
 * Logs carry the queue id, ref and subject: never the recipient or the text.
 */
export async function deliverDueMail(deps: MailDeliveryDeps): Promise<MailDeliveryReport> {
  const { db, clock, log, mail } = deps;
  const report = { sent: [] as number[], retrying: [] as number[], failed: [] as number[], purged: 0 };
  report.purged = await purgeFinishedMail(deps);

  const due = await db.kysely
    .selectFrom('mail_queue')
    .select('id')
    .where('status', '=', 'queued')
    .where('next_attempt_at', '<=', clock.now().toISOString())
    .orderBy('next_attempt_at')
    .orderBy('id')
    .limit(BATCH)
    .execute();
  if (due.length === 0) return report;

  let sender: MailSender | null = null;
  try {
    for (const { id } of due) {
      const now = clock.now();
      const claimed = await db.kysely
        .updateTable('mail_queue')
        .set((eb) => ({ attempts: eb('attempts', '+', 1), next_attempt_at: new Date(now.getTime() + MAIL_CLAIM_MS).toISOString() }))
        .where('id', '=', id)
        .where('status', '=', 'queued')
        .where('next_attempt_at', '<=', now.toISOString())
        .returning(['id', 'to_address', 'subject', 'body', 'ref', 'attempts'])
        .executeTakeFirst();
      if (!claimed) continue; // another run took it, or forgetMail removed it
      const about = { mailId: claimed.id, ref: claimed.ref, subject: claimed.subject, attempts: claimed.attempts };
      try {
        sender ??= openMailSender(mail);
        const body = JSON.parse(claimed.body) as StoredMailBody;
        const { file } = await sender.send(composeMail(mail.from, claimed.to_address, body, now), outboxName(now, claimed.id));
        await db.kysely
          .updateTable('mail_queue')
          .set({ status: 'sent', sent_at: clock.now().toISOString(), last_error: null })
          .where('id', '=', claimed.id)
          .execute();
        report.sent.push(claimed.id);
        if (file) log.info({ ...about, file }, 'mail written to the outbox (no SMTP_URL set)');
        else log.info(about, 'mail sent');
      } catch (err) {
        const failure = describeFailure(err);
        const giveUp = failure.permanent || claimed.attempts >= mail.maxAttempts;
        const failedAt = clock.now();
        const retryAt = new Date(failedAt.getTime() + backoffMs(claimed.attempts)).toISOString();
        await db.kysely
          .updateTable('mail_queue')
          .set(giveUp ? { status: 'failed', last_error: failure.message } : { next_attempt_at: retryAt, last_error: failure.message })
          .where('id', '=', claimed.id)
          .execute();
        const details = { ...about, error: failure.message, code: failure.code };
        if (giveUp) {
          report.failed.push(claimed.id);
          log.error(details, failure.permanent ? 'mail given up: the server refused the recipient' : `mail given up after ${claimed.attempts} attempts`);
        } else {
          report.retrying.push(claimed.id);
          log.warn({ ...details, retryAt }, 'mail not sent; it is tried again later');
        }
        // The server (or the outbox folder) is not there for anyone: the others would only wait for the same error.
        if (failure.unreachable) break;
      }
    }
  } finally {
    (sender as MailSender | null)?.close();
  }
  return report;
}

/** The wait after the attempts-th failed attempt. */
export function backoffMs(attempts: number): number {
  return MAIL_BACKOFF_MS[Math.min(Math.max(attempts, 1), MAIL_BACKOFF_MS.length) - 1] ?? 60_000;
}

async function purgeFinishedMail(deps: MailDeliveryDeps): Promise<number> {
  const before = new Date(deps.clock.now().getTime() - deps.mail.retentionMs).toISOString();
  const result = await deps.db.kysely
    .deleteFrom('mail_queue')
    .where('status', 'in', ['sent', 'failed'])
    .where('created_at', '<=', before)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** "20261127T040000Z-12": sorts by time in a folder listing, and the queue id finds the row. */
function outboxName(at: Date, id: number): string {
  return `${at.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}-${id}`;
}

interface Failure {
  readonly message: string;
  readonly code: string | null;
  /** The server refused this recipient for good (5xx to RCPT TO): retrying cannot help. */
  readonly permanent: boolean;
  /** No SMTP answer at all (connection, DNS, TLS, login, the outbox folder): every message would fail alike. */
  readonly unreachable: boolean;
}

function describeFailure(err: unknown): Failure {
  const e = (err ?? {}) as { message?: unknown; code?: unknown; responseCode?: unknown; command?: unknown };
  const code = typeof e.code === 'string' ? e.code : null;
  const responseCode = typeof e.responseCode === 'number' ? e.responseCode : null;
  const permanent = e.command === 'RCPT TO' && responseCode !== null && responseCode >= 500;
  return {
    message: withoutAddresses(String(e.message ?? err)).slice(0, 500),
    code,
    permanent,
    unreachable: responseCode === null || code === 'EAUTH',
  };
}

/** SMTP errors quote the recipient ("550 <x@y>: no such user"); the logs and the row keep the reason only. */
function withoutAddresses(text: string): string {
  return text.replace(/[^\s<>"'(),;:[\]]+@[^\s<>"'(),;:[\]]+/g, '<address>');
}
