import { formatTaipeiDateTime } from '../../platform/time.js';

/** One e-mail in both languages: zh-Hant is what the writer reads first, English the alternative part. */
export interface MailText {
  readonly zh: { readonly subject: string; readonly text: string };
  readonly en: { readonly subject: string; readonly text: string };
}

export interface MailContext {
  readonly siteName: string;
  readonly code: string;
  readonly title: string;
  readonly penName: string;
  readonly trackingUrl: string;
}

function enDate(iso: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Taipei', dateStyle: 'long', timeStyle: 'short' }).format(new Date(iso)) + ' (Taipei)';
}

const zhFooter = (c: MailContext) => `\n\n查看進度、回覆編輯或撤回投稿，請使用您的專屬連結（請勿轉寄）：\n${c.trackingUrl}\n\n${c.siteName} 編輯部\n（本信由系統寄出，直接回覆不會送達編輯；請使用上面的連結。）`;
const enFooter = (c: MailContext) => `\n\nTo follow your submission, answer the editors or withdraw it, use your private link (do not forward it):\n${c.trackingUrl}\n\nThe ${c.siteName} opinion desk\n(Sent automatically; replies to this address do not reach the editors — please use the link above.)`;

function mail(c: MailContext, zh: { subject: string; body: string }, en: { subject: string; body: string }): MailText {
  return {
    zh: { subject: `【${c.siteName}投稿 ${c.code}】${zh.subject}`, text: `${c.penName} 您好：\n\n${zh.body}${zhFooter(c)}` },
    // The subject line carries both languages (platform/mail joins them): the English half stays short.
    en: { subject: en.subject, text: `Dear ${c.penName},\n\n${en.body}${enFooter(c)}` },
  };
}

export function receivedMail(c: MailContext, dueAt: string | null): MailText {
  return mail(
    c,
    {
      subject: `已收到您的投稿〈${c.title}〉`,
      body: `我們已收到您的投稿〈${c.title}〉，編號 ${c.code}。${dueAt ? `\n\n編輯部會在 ${formatTaipeiDateTime(dueAt)} 前回覆您；屆時若尚未回覆，您可自由改投其他媒體，我們也會寄信通知。` : ''}`,
    },
    {
      subject: 'We received your piece',
      body: `We have received your piece “${c.title}” (reference ${c.code}).${dueAt ? `\n\nThe desk will answer by ${enDate(dueAt)}. If we have not answered by then, you are free to offer the piece elsewhere; we will write to tell you.` : ''}`,
    },
  );
}

export function messageMail(c: MailContext, message: string): MailText {
  return mail(
    c,
    { subject: '編輯部來信', body: `關於〈${c.title}〉，編輯部留言如下：\n\n${message}\n\n請透過下方連結回覆。` },
    { subject: 'A message from the editors', body: `About “${c.title}”, the editors write:\n\n${message}\n\nPlease answer through the link below.` },
  );
}

export function revisionRequestedMail(c: MailContext, message: string): MailText {
  return mail(
    c,
    { subject: '請修改後再送', body: `編輯部審閱了〈${c.title}〉，希望您修改後再送：\n\n${message}\n\n請在專屬連結頁面貼上修改後的全文送出。` },
    { subject: 'Please revise your piece', body: `The editors have read “${c.title}” and ask you to revise it:\n\n${message}\n\nPaste the revised text on your private page and send it.` },
  );
}

export function revisionReceivedMail(c: MailContext, version: number, dueAt: string | null): MailText {
  return mail(
    c,
    { subject: `已收到修改稿（第 ${version} 版）`, body: `我們已收到〈${c.title}〉的修改稿（第 ${version} 版）。${dueAt ? `編輯部會在 ${formatTaipeiDateTime(dueAt)} 前回覆。` : ''}` },
    { subject: `Revision received (version ${version})`, body: `We have received version ${version} of “${c.title}”.${dueAt ? ` The desk will answer by ${enDate(dueAt)}.` : ''}` },
  );
}

export function acceptedMail(c: MailContext): MailText {
  return mail(
    c,
    { subject: '您的投稿已獲採用', body: `感謝您，〈${c.title}〉已獲採用。編輯可能會修改標題或刪節內文；刊出時我們會再寄信通知您，並附上文章連結。` },
    { subject: 'Your piece has been accepted', body: `Thank you: “${c.title}” has been accepted. The editors may change the title or cut the text; we will write again with the link when it is published.` },
  );
}

export function publishedMail(c: MailContext, articleUrl: string): MailText {
  return mail(
    c,
    { subject: '您的文章已刊出', body: `〈${c.title}〉已刊出：\n${articleUrl}\n\n歡迎分享。感謝您的投稿。` },
    { subject: 'Your piece is published', body: `“${c.title}” is published:\n${articleUrl}\n\nFeel free to share it. Thank you for writing for us.` },
  );
}

export function declinedMail(c: MailContext, reason: string): MailText {
  return mail(
    c,
    { subject: '投稿審閱結果', body: `感謝您投稿〈${c.title}〉。很遺憾，這次未能採用。${reason ? `\n\n${reason}` : ''}\n\n您可自由將本文改投其他媒體，也歡迎日後再次投稿。` },
    { subject: 'About your submission', body: `Thank you for sending “${c.title}”. We are sorry we cannot publish it.${reason ? `\n\n${reason}` : ''}\n\nYou are free to offer it elsewhere, and welcome to write for us again.` },
  );
}

export function expiredMail(c: MailContext): MailText {
  return mail(
    c,
    { subject: '回覆期限已過，您可改投他處', body: `編輯部未能在承諾的期限內回覆〈${c.title}〉，我們很抱歉。\n\n您現在可以自由將本文改投其他媒體，無須再等待我們；若您仍願意等候，編輯部之後若決定採用，會先寫信徵詢您的同意。` },
    { subject: 'Past our answer date: you may offer it elsewhere', body: `We did not answer about “${c.title}” by the date we promised, and we apologise.\n\nYou are now free to offer the piece elsewhere without waiting for us. If you would still like us to consider it, we will ask you before publishing anything.` },
  );
}

export function withdrawnMail(c: MailContext): MailText {
  return mail(
    c,
    { subject: '已撤回投稿', body: `您已撤回〈${c.title}〉。編輯部不會再審閱或刊出本文，您可自由改投其他媒體。` },
    { subject: 'Submission withdrawn', body: `You have withdrawn “${c.title}”. The desk will not review or publish it; you are free to offer it elsewhere.` },
  );
}
