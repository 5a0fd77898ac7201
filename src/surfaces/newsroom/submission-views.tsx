// The parts of a submission's desk page that stand on their own: the event log's wording, the overlap
// findings side by side and the diff between the writer's versions.
import { type User } from '../../modules/accounts/index.js';
import { type DeskEvent, type DeskSubmission, type DeskVersion, IMAGE_RIGHTS_LABELS, type ImageRights, isSubmissionStatus, type OverlapFinding } from '../../modules/submissions/index.js';
import { formatTaipeiDateTime } from '../../platform/time.js';
import { paths } from '../urls.js';
import { CharDiff } from './article-views.js';
import { type Translate } from './newsroom.i18n.js';
import { OVERLAP_FLAG_SHARE, sharePercent, submissionStatusLabel } from './submissions.shared.js';

/** A version as one readable text, for the diff: the fields the writer wrote, then the body as sent. */
export function submissionVersionText(v: DeskVersion): string {
  return [`標題：${v.title}`, `導言：${v.lead ?? ''}`, '', v.body].join('\n');
}

export function rightsLabel(t: Translate, rights: string): string {
  const label = IMAGE_RIGHTS_LABELS[rights as ImageRights] as { zh: string; en: string } | undefined;
  return label ? t(label.zh, label.en) : rights;
}

export function statusWord(t: Translate, status: string | null): string {
  return status && isSubmissionStatus(status) ? submissionStatusLabel(t, status) : (status ?? '');
}

/** What one line of the log says happened. */
export function eventWhat(t: Translate, e: DeskEvent, staff: ReadonlyMap<number, User>): string {
  switch (e.kind) {
    case 'received':
      return t('收到投稿', 'Received');
    case 'status':
      return t(`狀態：${statusWord(t, e.statusFrom)} → ${statusWord(t, e.statusTo)}`, `Status: ${statusWord(t, e.statusFrom)} → ${statusWord(t, e.statusTo)}`);
    case 'message':
      return e.statusTo === 'revision_requested' ? t('請作者修改（訊息已寄給作者）', 'Revision requested (message sent to the writer)') : t('給作者的訊息', 'Message to the writer');
    case 'note':
      return t('內部備註（作者看不到）', 'Internal note (the writer does not see it)');
    case 'assigned': {
      if (e.body === null) return t('取消指派', 'Unassigned');
      const name = staff.get(Number(e.body))?.displayName ?? `#${e.body}`;
      return t(`指派給 ${name}`, `Assigned to ${name}`);
    }
    case 'email':
      return t('寄出 e-mail', 'E-mail sent');
    case 'reply':
      return t('作者回覆', 'Reply from the writer');
    case 'revised':
      return t('作者送出修改稿', 'The writer sent a revision');
    case 'withdrawn':
      return t('作者撤回投稿', 'Withdrawn by the writer');
    case 'expired':
      return t('逾期未回覆：已通知作者可改投他處', 'Past the due date: the writer was told they may offer it elsewhere');
    case 'published':
      return t('已刊出：已通知作者', 'Published: the writer was told');
    case 'purged':
      return t('個人資料已依保存期限刪除', 'Personal data deleted at the end of the retention period');
    default:
      return e.kind;
  }
}

export const WRITER_KINDS = new Set(['received', 'reply', 'revised', 'withdrawn']);
export const BODY_KINDS = new Set(['message', 'reply', 'note', 'revised']);

export function eventWho(t: Translate, e: DeskEvent, d: DeskSubmission, staff: ReadonlyMap<number, User>): string {
  if (e.userId !== null) return staff.get(e.userId)?.displayName ?? `#${e.userId}`;
  if (WRITER_KINDS.has(e.kind)) return d.penName ? t(`作者（${d.penName}）`, `Writer (${d.penName})`) : t('作者', 'Writer');
  return t('系統', 'System');
}

export function OverlapSection(props: { t: Translate; overlaps: readonly OverlapFinding[]; codes: ReadonlyMap<number, string> }) {
  const { t } = props;
  return (
    <section class="nr-card" id="overlaps">
      <h2>{t('重複比對', 'Overlap check')}</h2>
      {props.overlaps.length === 0 ? (
        <p class="nr-note">{t('與資料庫的文章和其他投稿沒有大量重複。', 'No large overlap with the archive or other submissions.')}</p>
      ) : (
        props.overlaps.map((o) => (
          <div class="nr-overlap">
            <h3>
              {o.kind === 'article' ? (
                <>
                  {t(`文章 #${o.id}`, `Article #${o.id}`)} <a href={paths.article(o.id)}>{t('網站上的頁面', 'On the site')}</a>{' '}
                  <a href={`/newsroom/articles/${o.id}`}>{t('在編輯器開啟', 'Open in the editor')}</a>
                </>
              ) : (
                <a href={`/newsroom/submissions/${o.id}`}>{t(`投稿 ${props.codes.get(o.id) ?? `#${o.id}`}`, `Submission ${props.codes.get(o.id) ?? `#${o.id}`}`)}</a>
              )}{' '}
              <span class={o.share >= OVERLAP_FLAG_SHARE ? 'nr-flag nr-flag--bad' : 'nr-flag'}>{t(`重複 ${sharePercent(o.share)}%`, `${sharePercent(o.share)}% overlap`)}</span>
            </h3>
            {o.passages.length > 0 ? (
              <table class="nr-overlap__passages">
                <thead>
                  <tr>
                    <th scope="col">{t('這份投稿', 'This submission')}</th>
                    <th scope="col">{o.kind === 'article' ? t('文章', 'The article') : t('另一份投稿', 'The other submission')}</th>
                  </tr>
                </thead>
                <tbody>
                  {o.passages.map((p) => (
                    <tr>
                      <td>{p.ours}</td>
                      <td>{p.theirs}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : null}
          </div>
        ))
      )}
    </section>
  );
}

export function VersionDiff(props: { t: Translate; d: DeskSubmission; compare: { from?: number; to?: number } }) {
  const { t, d } = props;
  const versions = d.versions;
  const latest = versions[versions.length - 1];
  if (!latest) return null;
  const pick = (n: number | undefined, fallback: DeskVersion) => versions.find((v) => v.version === n) ?? fallback;
  const to = pick(props.compare.to, latest);
  const from = pick(props.compare.from, versions.find((v) => v.version === to.version - 1) ?? versions[0]!);
  const choose = (name: 'from' | 'to', selected: number, label: string) => (
    <label>
      {label}
      <select name={name}>
        {versions.map((v) => (
          <option value={String(v.version)} selected={v.version === selected}>
            {t(`第 ${v.version} 版（${formatTaipeiDateTime(v.createdAt)}）`, `Version ${v.version} (${formatTaipeiDateTime(v.createdAt)})`)}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <section class="nr-card" id="diff">
      <h2>{t('作者的各版本', "The writer's versions")}</h2>
      <ul class="nr-versions">
        {versions.map((v) => (
          <li>
            {t(`第 ${v.version} 版`, `Version ${v.version}`)}　<span class="nr-note">{formatTaipeiDateTime(v.createdAt)}・{t(`${v.charCount.toLocaleString('zh-Hant-TW')} 字`, `${v.charCount.toLocaleString('en')} characters`)}</span>
            {v.note ? <p class="nr-version-note">{t('作者的修改說明：', "The writer's note: ")}{v.note}</p> : null}
          </li>
        ))}
      </ul>
      {versions.length > 1 ? (
        <>
          <form method="get" action={`/newsroom/submissions/${d.id}#diff`} class="nr-filters">
            {choose('from', from.version, t('比較', 'Compare'))}
            {choose('to', to.version, t('與', 'with'))}
            <button class="nr-button nr-button--quiet" type="submit">
              {t('比較', 'Compare')}
            </button>
          </form>
          <CharDiff
            t={t}
            before={submissionVersionText(from)}
            after={submissionVersionText(to)}
            beforeLabel={t(`第 ${from.version} 版`, `Version ${from.version}`)}
            afterLabel={t(`第 ${to.version} 版`, `Version ${to.version}`)}
          />
        </>
      ) : (
        <p class="nr-note">{t('作者只送過一個版本；請作者修改後，這裡可以逐字比較各版本。', 'The writer has sent one version; after a revision you can compare versions here character by character.')}</p>
      )}
    </section>
  );
}

