import { type ChangeFeed, recordChange } from '../../platform/changes.js';
import { type Db, inTransaction } from '../../platform/db/database.js';
import type { Clock } from '../../platform/time.js';
import { type Actor, audit, may, type Role } from '../accounts/index.js';
import { topics } from '../topics/index.js';
import { readSettingRows, writeSetting } from './settings.repo.js';
import { type ChromeLink, type EditorialSettings, editorialSettingsSchema, READING_SPEED, SETTING_KEYS, type Words } from './settings.js';
import { DEFAULT_DECLINE_TEMPLATES, DEFAULT_SUBMISSION_TERMS, DEFAULT_SUBMISSION_TERMS_VERSION } from './submission-defaults.js';

export {
  type ChromeLink,
  type DeclineTemplate,
  type EditorialSettings,
  type EditorialSettingsInput,
  type ExtraHoliday,
  chromeUrlProblem,
  editorialSettingsSchema,
  isCalendarDate,
  MAX_CHROME_LINKS,
  MAX_DECLINE_TEMPLATES,
  MAX_EXTRA_HOLIDAYS,
  READING_SPEED,
  SUBMISSION_LIMITS,
  type Words,
} from './settings.js';

/** What the defaults come from: the environment's site settings, as they were before settings were stored. */
interface DefaultsSource {
  readonly site: { readonly disclaimer: string; readonly sectionName: string; readonly appUrl: string | null; readonly fanpageUrl: string | null };
}

export interface SettingsDeps {
  readonly db: Db;
  readonly config: DefaultsSource;
  /** With a change feed, the settings are kept in memory and dropped when any instance changes them. */
  readonly changes?: ChangeFeed;
}

/** Until an editor saves the settings, they are what the environment said (OPINION_DISCLAIMER, APP_URL, FANPAGE_URL). */
export function defaultEditorialSettings(config: DefaultsSource): EditorialSettings {
  const links: ChromeLink[] = [];
  if (config.site.appUrl) links.push({ label: 'App', url: config.site.appUrl });
  if (config.site.fanpageUrl) links.push({ label: `${config.site.sectionName}粉絲團`, url: config.site.fanpageUrl });
  return {
    disclaimer: config.site.disclaimer,
    chromeLinks: links,
    readingCharsPerMinute: READING_SPEED.default,
    editorsMaySchedule: true,
    submissionGuidelines: '',
    submissionMinChars: 800,
    submissionMaxChars: 3000,
    submissionMaxImages: 3,
    submissionAnswerDays: 3,
    submissionTellDeclined: true,
    submissionRetentionDays: 90,
    submissionTermsVersion: DEFAULT_SUBMISSION_TERMS_VERSION,
    submissionTerms: DEFAULT_SUBMISSION_TERMS,
    submissionDeclineTemplates: DEFAULT_DECLINE_TEMPLATES.map((d) => ({ ...d })),
    extraHolidays: [],
  };
}

// Built once: making a zod schema costs more than the query.
let storedSchema: ReturnType<typeof editorialSettingsSchema> | null = null;

async function readSettings(deps: SettingsDeps): Promise<EditorialSettings> {
  const settings = defaultEditorialSettings(deps.config);
  const stored = new Map((await readSettingRows(deps.db.kysely)).map((r) => [r.key, r.value]));
  // Each stored value passes the same schema as a save; one that no longer does (an older rule) keeps its default.
  const shape = (storedSchema ??= editorialSettingsSchema()).shape;
  const out: Record<string, unknown> = { ...settings };
  for (const key of SETTING_KEYS) {
    const raw = stored.get(key);
    if (raw === undefined) continue;
    try {
      const parsed = shape[key].safeParse(JSON.parse(raw));
      if (parsed.success) out[key] = parsed.data;
    } catch {
      // Not JSON: keep the default.
    }
  }
  const read = out as unknown as EditorialSettings;
  // Saved together they always agree; a stored pair that no longer does (a narrower rule since) falls back as a pair.
  if (read.submissionMinChars >= read.submissionMaxChars) {
    read.submissionMinChars = settings.submissionMinChars;
    read.submissionMaxChars = settings.submissionMaxChars;
  }
  return read;
}

// Per change feed (one per process): the settings in memory, dropped when the feed hears the 'site' topic — from
// this process at once, from other instances on their next poll, in the same announcement that drops the pages.
const cached = new WeakMap<ChangeFeed, { value: Promise<EditorialSettings> | null }>();

/**
 * The editorial settings every page uses. Read once per process and kept until a change is announced; without a
 * change feed (the CLI), or inside a transaction, read from the database each time.
 */
export async function getEditorialSettings(deps: SettingsDeps): Promise<EditorialSettings> {
  const feed = deps.changes;
  if (!feed || deps.db.kysely.isTransaction) return readSettings(deps);
  let slot = cached.get(feed);
  if (!slot) {
    const made: { value: Promise<EditorialSettings> | null } = { value: null };
    feed.subscribe((changed) => {
      if (changed.has(topics.site)) made.value = null;
    });
    cached.set(feed, made);
    slot = made;
  }
  if (!slot.value) {
    const reading = readSettings(deps);
    slot.value = reading;
    // A failed read is not kept: the next page tries again.
    reading.catch(() => {
      if (slot.value === reading) slot.value = null;
    });
  }
  return slot.value;
}

export type SaveSettingsResult = { ok: true; changed: string[] } | { ok: false; errors: Record<string, string> };

/**
 * Validates and stores the settings in one transaction with the change topic (every cached public page shows
 * them) and an audit entry naming what changed. A key the input leaves out keeps its current value, so code that
 * knew fewer settings (an older caller, a script) cannot wipe the newer ones. Bad input changes nothing.
 */
export async function saveEditorialSettings(
  deps: SettingsDeps & { readonly clock: Clock },
  input: unknown,
  actor: Actor,
  t?: Words,
): Promise<SaveSettingsResult> {
  const at = deps.clock.now().toISOString();
  const words = t ?? ((zh: string) => zh);
  const outcome = await inTransaction(deps, async (tx): Promise<SaveSettingsResult> => {
    const current = await readSettings(tx);
    const given = typeof input === 'object' && input !== null && !Array.isArray(input) ? (input as Record<string, unknown>) : null;
    const merged = given ? { ...current, ...Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)) } : input;
    const parsed = editorialSettingsSchema(t).safeParse(merged);
    if (!parsed.success) {
      const errors: Record<string, string> = {};
      for (const issue of parsed.error.issues) errors[issue.path.join('.')] ??= issue.message;
      return { ok: false, errors };
    }
    const next: EditorialSettings = parsed.data;
    // Each writer's consent names a version: the same version must always mean the same text.
    if (next.submissionTerms !== current.submissionTerms && next.submissionTermsVersion === current.submissionTermsVersion) {
      return {
        ok: false,
        errors: {
          submissionTermsVersion: words(
            '條款內容已修改，請一併更新條款版本（例：改成今天的日期），才分得清每位投稿人同意的是哪一版',
            'The terms changed: give them a new version (e.g. today’s date), so each writer’s consent still names the text they saw',
          ),
        },
      };
    }
    const keys = SETTING_KEYS.filter((k) => JSON.stringify(current[k]) !== JSON.stringify(next[k]));
    if (keys.length === 0) return { ok: true, changed: keys };
    for (const key of keys) await writeSetting(tx.db.kysely, key, JSON.stringify(next[key]), at, actor.userId);
    await recordChange(tx.db.kysely, [topics.site], at);
    await audit(tx, actor, 'settings.update', 'editorial-settings', Object.fromEntries(keys.map((k) => [k, { from: current[k], to: next[k] }])));
    return { ok: true, changed: keys };
  });
  if (outcome.ok && outcome.changed.length > 0) deps.changes?.announce([topics.site]);
  return outcome;
}

/**
 * Whether this role may schedule a piece now: the role table allows it, and for editors only while the
 * 「編輯可自行排程」 setting is on (the glossary's "schedule if allowed").
 */
export async function maySchedule(deps: SettingsDeps, role: Role): Promise<boolean> {
  if (!may(role, 'article.schedule')) return false;
  if (role !== 'editor') return true;
  return (await getEditorialSettings(deps)).editorsMaySchedule;
}
