import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { type AddressObject, type ParsedMail, simpleParser } from 'mailparser';
import pino from 'pino';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { periodicJobs } from '../../src/app/jobs.js';
import { loadConfig } from '../../src/config.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { ChangeFeed } from '../../src/platform/changes.js';
import { createDatabase, type Db, inTransaction } from '../../src/platform/db/database.js';
import { deliverDueMail, forgetMail, type MailMessage, type MailSettings, mailStatus, queueMail } from '../../src/platform/mail/index.js';
import { fixedClock } from '../../src/platform/time.js';
import { createDatabaseUrlForProcess } from '../support/test-app.js';

/**
 * The mail queue against a real SMTP server (smtp-server, started here on a free port, no TLS) and read back
 * the way a mail client reads it (mailparser). Every delivery here is one direct call of deliverDueMail on the
 * test's clock; the periodic job is the same call on the runner's timer.
 */
const T0 = '2026-12-03T02:00:00.000Z';
const MINUTE = 60_000;
let dir: string;
let database: { url: string; cleanup: () => Promise<void> };
const opened: Db[] = [];
let db: Db;

function connect(): Db {
  const d = createDatabase(database.url, { poolSize: 4 });
  opened.push(d);
  return d;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'opdesk-mail-'));
  database = await createDatabaseUrlForProcess(dir);
  db = connect();
  await migrateToLatest(db);
});

afterAll(async () => {
  for (const d of opened) await d.destroy().catch(() => undefined);
  await database.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

interface Arrived {
  readonly raw: string;
  readonly parsed: ParsedMail;
  readonly envelopeTo: string[];
  readonly user: string | undefined;
}

/** A real SMTP server on 127.0.0.1; `refuse` addresses are answered 550 at RCPT TO, quoting the address as servers do. */
async function startSmtp(port = 0, refuse: string[] = []) {
  const arrived: Arrived[] = [];
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === 'opdesk' && auth.password === 's3cret-pass') callback(null, { user: auth.username });
      else callback(new Error('Invalid username or password'));
    },
    onRcptTo(address, _session, callback) {
      if (refuse.includes(address.address)) {
        const err = Object.assign(new Error(`<${address.address}>: Recipient address rejected: User unknown`), { responseCode: 550 });
        callback(err);
      } else callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        void simpleParser(raw).then((parsed) => {
          arrived.push({ raw: raw.toString('utf8'), parsed, envelopeTo: session.envelope.rcptTo.map((r) => r.address), user: session.user as string | undefined });
          callback();
        }, callback);
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.server.address() as AddressInfo;
  return {
    port: address.port,
    arrived,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A port nothing listens on: a server started and stopped again (a mail server that is down). */
async function deadPort(): Promise<number> {
  const s = await startSmtp();
  await s.close();
  return s.port;
}

function capturedLog() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  const parsed = () => lines.map((l) => JSON.parse(l) as { level: number; msg: string; mailId?: number; ref?: string; subject?: string; file?: string; error?: string });
  return { log: pino({ level: 'debug' }, stream), lines, parsed };
}

function settings(env: Record<string, string>): MailSettings {
  return loadConfig({ MAIL_OUTBOX_DIR: join(dir, 'outbox-unused'), MAIL_FROM: 'Opinion Desk 雲論 <no-reply@opinion.example.tw>', ...env }).mail;
}

function smtpUrl(port: number): string {
  return `smtp://opdesk:s3cret-pass@127.0.0.1:${port}`;
}

let serial = 0;
/** A message with a recipient and texts no log line may contain. */
function message(ref?: string): MailMessage & { to: string } {
  const n = ++serial;
  return {
    to: `writer${n}.private@example.tw`,
    ...(ref ? { ref } : {}),
    zh: { subject: '我們已收到您的投稿', text: `您好：\n\n感謝投稿，編輯台會在七日內回覆。（私密內文 ${n}）\n` },
    en: { subject: 'We have received your submission', text: `Hello,\n\nThank you; the desk replies within seven days. (private text ${n})\n` },
  };
}

/** The privacy rule: the logs name the queue id, ref and subject — never the recipient, the text or the SMTP password. */
function expectNothingPrivate(lines: string[], messages: Array<{ to: string; zh: { text: string } }>) {
  const all = lines.join('\n');
  expect(all.length).toBeGreaterThan(0);
  for (const m of messages) {
    expect(all).not.toContain(m.to);
    expect(all).not.toContain(m.to.split('@')[0]);
    expect(all).not.toContain(m.zh.text.trim().split('\n').pop());
  }
  expect(all).not.toContain('s3cret-pass');
}

const addresses = (a: AddressObject | AddressObject[] | undefined) => [a ?? []].flat().flatMap((o) => o.value.map((v) => v.address));

describe('mail over SMTP', () => {
  it('delivers a message queued in a transaction: subject, zh-Hant text first, the English part, From and To', async () => {
    const smtp = await startSmtp();
    const clock = fixedClock(T0);
    const { log, lines, parsed: logged } = capturedLog();
    const m = message('submission:12');
    // Queued inside the caller's transaction; a transaction that rolls back leaves nothing to send.
    const id = await inTransaction({ db, clock }, (tx) => queueMail(tx, m));
    await expect(
      inTransaction({ db, clock }, async (tx) => {
        await queueMail(tx, message('submission:rolled-back'));
        throw new Error('the caller changed its mind');
      }),
    ).rejects.toThrow('changed its mind');

    const report = await deliverDueMail({ db, clock, log, mail: settings({ SMTP_URL: smtpUrl(smtp.port) }) });
    expect(report).toEqual({ sent: [id], retrying: [], failed: [], purged: 0 });
    expect(smtp.arrived).toHaveLength(1);
    const [mail] = smtp.arrived;
    expect(mail?.user).toBe('opdesk');
    expect(mail?.envelopeTo).toEqual([m.to]);
    expect(mail?.parsed.subject).toBe('我們已收到您的投稿 / We have received your submission');
    expect(addresses(mail?.parsed.from)).toEqual(['no-reply@opinion.example.tw']);
    expect(mail?.parsed.from?.value[0]?.name).toBe('Opinion Desk 雲論');
    expect(addresses(mail?.parsed.to)).toEqual([m.to]);
    expect(mail?.parsed.date?.toISOString()).toBe(T0);
    expect(mail?.parsed.headers.get('auto-submitted')).toBe('auto-generated');
    const text = mail?.parsed.text ?? '';
    expect(text).toContain('感謝投稿，編輯台會在七日內回覆。');
    expect(text).toContain('Thank you; the desk replies within seven days.');
    expect(text.indexOf('感謝投稿')).toBeLessThan(text.indexOf('Thank you'));
    // Two inline text/plain parts of a multipart/mixed, zh-Hant first, each saying its language.
    const raw = mail?.raw ?? '';
    expect(raw).toMatch(/^Content-Type: multipart\/mixed/m);
    expect(raw).not.toMatch(/multipart\/alternative/);
    expect(raw.indexOf('Content-Language: zh-Hant')).toBeGreaterThan(0);
    expect(raw.indexOf('Content-Language: zh-Hant')).toBeLessThan(raw.indexOf('Content-Language: en'));
    expect(raw).not.toMatch(/filename=/);
    expect(mail?.parsed.attachments).toEqual([]);

    expect(await mailStatus({ db }, id)).toEqual({ status: 'sent', attempts: 1, nextAttemptAt: expect.any(String), lastError: null, sentAt: T0 });
    // Sent once: the next run finds nothing.
    expect(await deliverDueMail({ db, clock, log, mail: settings({ SMTP_URL: smtpUrl(smtp.port) }) })).toEqual({ sent: [], retrying: [], failed: [], purged: 0 });
    expect(smtp.arrived).toHaveLength(1);
    expect(logged().find((l) => l.msg === 'mail sent')).toMatchObject({ mailId: id, ref: 'submission:12', subject: '我們已收到您的投稿 / We have received your submission' });
    expectNothingPrivate(lines, [m]);
    await smtp.close();
  });

  it('sends a zh-Hant-only message as one text/plain part', async () => {
    const smtp = await startSmtp();
    const clock = fixedClock(T0);
    const { log } = capturedLog();
    const id = await queueMail({ db, clock }, { to: 'reader@example.tw', zh: { subject: '申訴已受理', text: '您的申訴已受理。' } });
    expect((await deliverDueMail({ db, clock, log, mail: settings({ SMTP_URL: smtpUrl(smtp.port) }) })).sent).toEqual([id]);
    const raw = smtp.arrived[0]?.raw ?? '';
    expect(raw).toMatch(/^Content-Type: text\/plain; charset=utf-8/m);
    expect(raw).toMatch(/^Content-Language: zh-Hant/m);
    expect(smtp.arrived[0]?.parsed.subject).toBe('申訴已受理');
    expect(smtp.arrived[0]?.parsed.text?.trim()).toBe('您的申訴已受理。');
    await smtp.close();
  });

  it('keeps a message while the server is down, backing off 1 then 5 minutes, and delivers it once the server is up', async () => {
    const port = await deadPort();
    const clock = fixedClock(T0);
    const { log, lines, parsed: logged } = capturedLog();
    const mail = settings({ SMTP_URL: smtpUrl(port) });
    const m = message('submission:20');
    const id = await queueMail({ db, clock }, m);

    expect(await deliverDueMail({ db, clock, log, mail })).toEqual({ sent: [], retrying: [id], failed: [], purged: 0 });
    expect(await mailStatus({ db }, id)).toMatchObject({ status: 'queued', attempts: 1, nextAttemptAt: '2026-12-03T02:01:00.000Z' });
    expect((await mailStatus({ db }, id))?.lastError).toMatch(/ECONNREFUSED|connect/i);
    expect(logged().find((l) => l.msg === 'mail not sent; it is tried again later')).toMatchObject({ level: 40, mailId: id, ref: 'submission:20' });

    // Not due yet: left alone.
    clock.advance(MINUTE - 1);
    expect(await deliverDueMail({ db, clock, log, mail })).toEqual({ sent: [], retrying: [], failed: [], purged: 0 });
    clock.advance(1);
    expect((await deliverDueMail({ db, clock, log, mail })).retrying).toEqual([id]);
    expect(await mailStatus({ db }, id)).toMatchObject({ status: 'queued', attempts: 2, nextAttemptAt: '2026-12-03T02:06:00.000Z' });

    const smtp = await startSmtp(port);
    clock.advance(4 * MINUTE);
    expect((await deliverDueMail({ db, clock, log, mail })).sent).toEqual([]);
    expect(smtp.arrived).toHaveLength(0);
    clock.advance(MINUTE);
    expect((await deliverDueMail({ db, clock, log, mail })).sent).toEqual([id]);
    expect(smtp.arrived.map((a) => a.envelopeTo)).toEqual([[m.to]]);
    expect(await mailStatus({ db }, id)).toMatchObject({ status: 'sent', attempts: 3, sentAt: '2026-12-03T02:06:00.000Z' });
    expectNothingPrivate(lines, [m]);
    await smtp.close();
  });

  it('gives a message up after MAIL_MAX_ATTEMPTS, logged as an error', async () => {
    const port = await deadPort();
    const clock = fixedClock(T0);
    const { log, lines, parsed: logged } = capturedLog();
    const mail = settings({ SMTP_URL: smtpUrl(port), MAIL_MAX_ATTEMPTS: '2' });
    const m = message('submission:30');
    const id = await queueMail({ db, clock }, m);
    expect((await deliverDueMail({ db, clock, log, mail })).retrying).toEqual([id]);
    clock.advance(MINUTE);
    expect(await deliverDueMail({ db, clock, log, mail })).toEqual({ sent: [], retrying: [], failed: [id], purged: 0 });
    expect(await mailStatus({ db }, id)).toMatchObject({ status: 'failed', attempts: 2 });
    expect(logged().filter((l) => l.level === 50)).toEqual([expect.objectContaining({ mailId: id, ref: 'submission:30', msg: 'mail given up after 2 attempts' })]);
    // Failed stays failed: later runs do not touch it.
    clock.advance(24 * 60 * MINUTE);
    expect(await deliverDueMail({ db, clock, log, mail })).toEqual({ sent: [], retrying: [], failed: [], purged: 0 });
    expectNothingPrivate(lines, [m]);
  });

  it('gives up at once on a recipient the server refuses, and the quoted address reaches neither the log nor the row', async () => {
    const refused = message('submission:40');
    const smtp = await startSmtp(0, [refused.to]);
    const clock = fixedClock(T0);
    const { log, lines, parsed: logged } = capturedLog();
    const good = message('submission:41');
    const badId = await queueMail({ db, clock }, refused);
    const goodId = await queueMail({ db, clock }, good);
    const report = await deliverDueMail({ db, clock, log, mail: settings({ SMTP_URL: smtpUrl(smtp.port) }) });
    expect(report).toEqual({ sent: [goodId], retrying: [], failed: [badId], purged: 0 });
    const status = await mailStatus({ db }, badId);
    expect(status).toMatchObject({ status: 'failed', attempts: 1 });
    expect(status?.lastError).toContain('550');
    expect(status?.lastError).toContain('<address>');
    expect(status?.lastError).not.toContain(refused.to);
    expect(logged().find((l) => l.level === 50)).toMatchObject({ mailId: badId, msg: 'mail given up: the server refused the recipient' });
    expect(smtp.arrived.map((a) => a.envelopeTo)).toEqual([[good.to]]);
    expectNothingPrivate(lines, [refused, good]);
    await smtp.close();
  });

  it('sends each message once when two deliveries run at the same moment on separate connections', async () => {
    const smtp = await startSmtp();
    const clock = fixedClock(T0);
    const { log, lines } = capturedLog();
    const mail = settings({ SMTP_URL: smtpUrl(smtp.port) });
    const messages = Array.from({ length: 8 }, () => message('batch:1'));
    const ids: number[] = [];
    for (const m of messages) ids.push(await queueMail({ db, clock }, m));
    const [a, b] = await Promise.all([deliverDueMail({ db: connect(), clock, log, mail }), deliverDueMail({ db: connect(), clock, log, mail })]);
    expect([...(a?.sent ?? []), ...(b?.sent ?? [])].sort((x, y) => x - y)).toEqual(ids);
    expect(smtp.arrived.map((x) => x.envelopeTo[0]).sort()).toEqual(messages.map((m) => m.to).sort());
    for (const id of ids) expect(await mailStatus({ db }, id)).toMatchObject({ status: 'sent', attempts: 1 });
    expectNothingPrivate(lines, messages);
    await smtp.close();
  });
});

describe('mail without SMTP_URL', () => {
  it('writes each message to the outbox as an .eml file a mail client can read, and logs where', async () => {
    const outbox = join(dir, 'outbox');
    const clock = fixedClock(T0);
    const { log, lines, parsed: logged } = capturedLog();
    const mail = loadConfig({ MAIL_OUTBOX_DIR: outbox }).mail;
    expect(mail.smtpUrl).toBeNull();
    expect(mail.from).toBe('Opinion Desk <no-reply@localhost>');
    const m = message('submission:50');
    const id = await queueMail({ db, clock }, m);
    expect((await deliverDueMail({ db, clock, log, mail })).sent).toEqual([id]);

    const files = readdirSync(outbox);
    expect(files).toEqual([`20261203T020000Z-${id}.eml`]);
    const bytes = readFileSync(join(outbox, files[0] ?? ''));
    expect(bytes.toString('latin1')).toMatch(/\r\n\r\n/); // RFC 5322 line ends
    const parsed = await simpleParser(bytes);
    expect(parsed.subject).toBe('我們已收到您的投稿 / We have received your submission');
    expect(addresses(parsed.to)).toEqual([m.to]);
    expect(addresses(parsed.from)).toEqual(['no-reply@localhost']);
    expect(parsed.text).toContain('感謝投稿');
    expect(parsed.text).toContain('Thank you');
    expect(logged().find((l) => l.msg.startsWith('mail written to the outbox'))).toMatchObject({ mailId: id, file: join(outbox, files[0] ?? '') });
    expectNothingPrivate(lines, [m]);
  });

  it('is what the deliver-mail periodic job runs', async () => {
    const outbox = join(dir, 'outbox-job');
    const clock = fixedClock(T0);
    const { log } = capturedLog();
    const config = loadConfig({ MAIL_OUTBOX_DIR: outbox, MAIL_INTERVAL_MS: '2000' });
    const job = periodicJobs({ config, db, clock, log, changes: new ChangeFeed(db, log) }).find((j) => j.name === 'deliver-mail');
    expect(job?.intervalMs).toBe(2000);
    const id = await queueMail({ db, clock }, message());
    expect(await job?.run()).toMatchObject({ sent: [id] });
    expect(readdirSync(outbox)).toEqual([`20261203T020000Z-${id}.eml`]);
  });
});

describe('forgetting and retention', () => {
  it('forgetMail removes every message about a ref, queued or sent, and nothing else', async () => {
    const clock = fixedClock(T0);
    const { log } = capturedLog();
    const mail = settings({ MAIL_OUTBOX_DIR: join(dir, 'outbox-forget') });
    const sentId = await queueMail({ db, clock }, message('submission:60'));
    await deliverDueMail({ db, clock, log, mail });
    const queuedId = await queueMail({ db, clock }, message('submission:60'));
    const otherId = await queueMail({ db, clock }, message('submission:61'));
    expect(await forgetMail({ db }, 'submission:60')).toBe(2);
    expect(await mailStatus({ db }, sentId)).toBeNull();
    expect(await mailStatus({ db }, queuedId)).toBeNull();
    expect((await deliverDueMail({ db, clock, log, mail })).sent).toEqual([otherId]);
    expect(await forgetMail({ db }, 'submission:60')).toBe(0);
  });

  it('deletes sent and failed messages MAIL_RETENTION_DAYS after they were queued, never queued ones', async () => {
    const port = await deadPort();
    // Months before the other tests' messages, so the count is this test's own.
    const clock = fixedClock('2026-06-01T00:00:00.000Z');
    const { log } = capturedLog();
    const outboxMail = settings({ MAIL_OUTBOX_DIR: join(dir, 'outbox-retention'), MAIL_RETENTION_DAYS: '30' });
    const sentId = await queueMail({ db, clock }, message('retention:1'));
    expect((await deliverDueMail({ db, clock, log, mail: outboxMail })).sent).toEqual([sentId]);
    const failingMail = settings({ SMTP_URL: smtpUrl(port), MAIL_MAX_ATTEMPTS: '1', MAIL_RETENTION_DAYS: '30' });
    const failedId = await queueMail({ db, clock }, message('retention:2'));
    expect((await deliverDueMail({ db, clock, log, mail: failingMail })).failed).toEqual([failedId]);
    // Queued on day 30 and kept waiting by a server that is down: retention does not touch it.
    clock.advance(30 * 24 * 60 * MINUTE - 1);
    const waitingId = await queueMail({ db, clock }, message('retention:3'));
    expect((await deliverDueMail({ db, clock, log, mail: failingMail })).purged).toBe(0);
    clock.advance(1);
    const report = await deliverDueMail({ db, clock, log, mail: failingMail });
    expect(report.purged).toBe(2);
    expect(await mailStatus({ db }, sentId)).toBeNull();
    expect(await mailStatus({ db }, failedId)).toBeNull();
    expect(await mailStatus({ db }, waitingId)).toMatchObject({ status: expect.stringMatching(/queued|failed/) });
  });

  it('refuses a message that is not one (a bad address, a two-line subject) and queues nothing', async () => {
    const clock = fixedClock(T0);
    const count = async () => Number((await db.kysely.selectFrom('mail_queue').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const before = await count();
    await expect(queueMail({ db, clock }, { to: 'a@example.tw, b@example.tw', zh: { subject: '主旨', text: '內文' } })).rejects.toThrow();
    await expect(queueMail({ db, clock }, { to: 'a@example.tw', zh: { subject: '主旨\nBcc: x@example.tw', text: '內文' } })).rejects.toThrow();
    expect(await count()).toBe(before);
  });
});
