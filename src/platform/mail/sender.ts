import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer, { type SendMailOptions } from 'nodemailer';

/** Outgoing e-mail settings (Config.mail; SMTP_URL, MAIL_FROM, MAIL_OUTBOX_DIR, MAIL_* in config.ts). */
export interface MailSettings {
  /** smtp:// or smtps:// with credentials; null writes every message to outboxDir instead. */
  readonly smtpUrl: string | null;
  readonly from: string;
  readonly outboxDir: string;
  /** How often the delivery job looks at the queue. */
  readonly intervalMs: number;
  /** Attempts before a message is given up (status failed). */
  readonly maxAttempts: number;
  /** Sent and failed rows are deleted this long after they were queued. */
  readonly retentionMs: number;
}

/** Where one delivery run hands its messages: an SMTP server, or .eml files in the outbox. */
export interface MailSender {
  /** Resolves once the server accepted the message (or the file is written); the outbox file's path, if any. */
  send(message: SendMailOptions, name: string): Promise<{ file: string | null }>;
  close(): void;
}

/**
 * Bounds for one SMTP exchange. nodemailer's defaults (2 min to connect, 10 min of silence) would hold the delivery
 * job, and its lease, for minutes on a mail server that does not answer; a message not sent in time is retried.
 */
const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 60_000 } as const;

export function openMailSender(settings: MailSettings): MailSender {
  if (settings.smtpUrl) {
    // nodemailer's own logger stays off: it would write addresses and message text.
    const transport = nodemailer.createTransport({ url: settings.smtpUrl, ...SMTP_TIMEOUTS, logger: false, debug: false });
    return {
      send: async (message) => {
        await transport.sendMail(message);
        return { file: null };
      },
      close: () => transport.close(),
    };
  }
  // The RFC 5322 bytes as nodemailer would send them (CRLF line ends), written where a developer can open them.
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  return {
    send: async (message, name) => {
      const info = await transport.sendMail(message);
      await mkdir(settings.outboxDir, { recursive: true });
      const file = join(settings.outboxDir, `${name}.eml`);
      // Written beside and renamed, so nothing watching the folder ever opens half a message.
      await writeFile(`${file}.tmp`, info.message as Buffer);
      await rename(`${file}.tmp`, file);
      return { file };
    },
    close: () => transport.close(),
  };
}
