import { listUsers, may, type User } from '../../modules/accounts/index.js';
import { type DisplayStatus, STATUS_LABELS, type SubmissionsDeps } from '../../modules/submissions/index.js';
import { submissionLinks } from '../urls.js';
import type { NewsroomDeps } from './newsroom.context.js';
import type { Translate } from './newsroom.i18n.js';

/** What the submission desk's screens share: the module's deps, the words for states, who can be assigned. */

export function submissionsDeps(deps: NewsroomDeps): SubmissionsDeps {
  return { db: deps.db, clock: deps.clock, log: deps.log, changes: deps.changes, config: deps.config, links: submissionLinks(deps.config.baseUrl) };
}

export function submissionStatusLabel(t: Translate, status: DisplayStatus): string {
  const label = STATUS_LABELS[status];
  return t(label.zh, label.en);
}

/** "3 小時前": how long a piece has waited, in the desk's rough units. */
export function ageText(t: Translate, fromIso: string, now: Date): string {
  const minutes = Math.max(0, Math.floor((now.getTime() - Date.parse(fromIso)) / 60_000));
  if (minutes < 60) return t(`${minutes} 分鐘前`, `${minutes} min ago`);
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return t(`${hours} 小時前`, `${hours} h ago`);
  const days = Math.floor(hours / 24);
  return t(`${days} 天前`, `${days} days ago`);
}

/** Share of the text found elsewhere, as a whole percentage (a share of 0.004 is still "1%": it was found). */
export function sharePercent(share: number): number {
  return share <= 0 ? 0 : Math.max(1, Math.round(share * 100));
}

/** From this share on, a piece is flagged as largely repeating another text. */
export const OVERLAP_FLAG_SHARE = 0.3;

/** Everyone, by id, for names in lists and logs (disabled accounts included: they still did what the log says). */
export async function staffById(deps: NewsroomDeps): Promise<Map<number, User>> {
  return new Map((await listUsers(deps)).map((u) => [u.id, u]));
}

/** Who a piece can be given to: active accounts whose role handles submissions. */
export function assignable(staff: ReadonlyMap<number, User>): User[] {
  return [...staff.values()].filter((u) => !u.disabled && may(u.role, 'submissions.handle')).sort((a, b) => a.displayName.localeCompare(b.displayName, 'zh-Hant-TW'));
}
