import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ArrivedMail {
  readonly to: string[];
  readonly parsed: ParsedMail;
  /** The text as a mail client shows it: the zh-Hant part, then the English one. */
  readonly text: string;
}

/** A real SMTP server on 127.0.0.1 (no TLS, no login) that keeps what arrives, parsed as a mail client would. */
export async function startSmtpServer(): Promise<{ url: string; arrived: ArrivedMail[]; close: () => Promise<void> }> {
  const arrived: ArrivedMail[] = [];
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        void simpleParser(raw).then((parsed) => {
          arrived.push({ to: session.envelope.rcptTo.map((r) => r.address), parsed, text: parsed.text ?? '' });
          callback();
        }, callback);
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  return { url: `smtp://127.0.0.1:${port}`, arrived, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
