export { composeMail, type MailMessage, type MailText, mailSubject, type StoredMailBody } from './compose.js';
export {
  backoffMs,
  deliverDueMail,
  forgetMail,
  MAIL_BACKOFF_MS,
  MAIL_CLAIM_MS,
  type MailDeliveryDeps,
  type MailDeliveryReport,
  type MailQueueDeps,
  type MailQueueTable,
  type MailStatus,
  mailStatus,
  queueMail,
} from './queue.js';
export { type MailSender, type MailSettings, openMailSender } from './sender.js';
