import type { SendMailOptions } from 'nodemailer';

/** One language's version of a message. */
export interface MailText {
  readonly subject: string;
  readonly text: string;
}

/**
 * What a caller hands to queueMail: one recipient, zh-Hant first, optionally an English version. `ref` names what
 * the message is about (e.g. 'submission:12') so forgetMail can remove it with that thing; it is logged, so it
 * must not itself be personal. The subject is logged too: keep names and e-mail addresses out of it.
 */
export interface MailMessage {
  readonly to: string;
  readonly ref?: string;
  readonly zh: MailText;
  readonly en?: MailText;
}

/** The stored body (mail_queue.body, JSON): both versions as the caller gave them. */
export interface StoredMailBody {
  readonly zh: MailText;
  readonly en?: MailText;
}

/** "zh / en" when there is an English version, so a reader without Chinese still recognises the message in a list. */
export function mailSubject(body: StoredMailBody): string {
  return body.en ? `${body.zh.subject} / ${body.en.subject}` : body.zh.subject;
}

/**
 * The nodemailer message for one queued row. The MIME structure, and why:
 *
 * - zh-Hant only: one text/plain part (Content-Language: zh-Hant).
 * - with English: multipart/mixed of two inline text/plain parts, zh-Hant first, then English, each with its
 *   Content-Language. Mail clients show consecutive inline text parts one after the other (Apple Mail,
 *   Thunderbird, Gmail); a client that does not (Outlook) shows the zh-Hant text and offers the English one as a
 *   small text attachment. Either way the Chinese is what is read first and the English is there for whoever needs it.
 * - not multipart/alternative: its parts are versions of one content in increasing preference, and a client
 *   shows only the LAST part it can show (RFC 2046 §5.1.4). With two text/plain parts that would hide one
 *   language completely, and put the English first in line for display if we ordered zh-Hant first.
 * - not multipart/multilingual (RFC 8255): hardly any client knows it; elsewhere it shows as a preface with the
 *   languages as attached messages, which is worse than the above.
 *
 * `Auto-Submitted: auto-generated` (RFC 3834) keeps out-of-office replies from answering a no-reply address.
 */
export function composeMail(from: string, to: string, body: StoredMailBody, date: Date): SendMailOptions {
  return {
    from,
    // An address object, never a string nodemailer would parse: a comma in the string cannot add recipients.
    to: { name: '', address: to },
    subject: mailSubject(body),
    date,
    headers: { 'Auto-Submitted': 'auto-generated' },
    text: { content: body.zh.text, headers: { 'Content-Language': 'zh-Hant' } },
    attachments: body.en
      ? [
          {
            content: body.en.text,
            contentType: 'text/plain; charset=utf-8',
            contentDisposition: 'inline',
            // No file name: a named part is an attachment to most clients, an unnamed inline text part is body.
            filename: false,
            contentTransferEncoding: 'quoted-printable',
            headers: { 'Content-Language': 'en' },
          },
        ]
      : [],
  };
}
