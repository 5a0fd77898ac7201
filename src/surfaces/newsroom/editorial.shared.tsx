import type { FastifyReply, FastifyRequest } from 'fastify';
import { type Action, type Actor, may, type User } from '../../modules/accounts/index.js';
import { AppError } from '../../platform/errors.js';
import type { FormState } from '../../platform/http/forms.js';
import { TextField } from '../../platform/html/form.js';
import type { Translate } from './newsroom.i18n.js';

/** The signed-in user, if their role may do `action` (policy.ts); otherwise the newsroom's 403 page. */
export function staffWho(request: FastifyRequest, action: Action): User {
  const user = request.staff?.user ?? null;
  if (!user) throw new AppError('signed_out', 401, 'no session');
  if (!may(user.role, action)) throw new AppError('forbidden', 403, `${action} is not for ${user.role}`);
  return user;
}

export const actorOf = (request: FastifyRequest): Actor => ({ userId: request.staff?.user.id ?? null, ip: request.ip });

export const sendHtml = (reply: FastifyReply, status: number, body: string) => reply.code(status).header('content-type', 'text/html; charset=utf-8').send(body);

/**
 * Service errors are keyed by their path in the input (`chromeLinks.2.url`); form fields by name (`linkUrl2`).
 * `rows` maps a list's name to its row field prefixes, by part (`{ label: 'linkLabel', url: 'linkUrl' }`).
 */
export function fieldErrors(errors: Record<string, string>, rows: Record<string, Readonly<Record<string, string>>> = {}): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, message] of Object.entries(errors)) {
    const [head, index, part] = path.split('.');
    const prefix = head && part !== undefined ? rows[head]?.[part] : undefined;
    const name = prefix !== undefined && index !== undefined ? `${prefix}${index}` : (head ?? '');
    out[name] ??= message;
  }
  return out;
}

/** Rows of (label, url) fields as a list, in order. */
export function readRows(values: Readonly<Record<string, string>>, labelPrefix: string, urlPrefix: string, count: number) {
  return Array.from({ length: count }, (_, i) => ({ label: values[`${labelPrefix}${i}`] ?? '', url: values[`${urlPrefix}${i}`] ?? '' }));
}

export function rowValues(rows: ReadonlyArray<{ label: string; url: string }>, labelPrefix: string, urlPrefix: string): Record<string, string> {
  const out: Record<string, string> = {};
  rows.forEach((r, i) => {
    out[`${labelPrefix}${i}`] = r.label;
    out[`${urlPrefix}${i}`] = r.url;
  });
  return out;
}

/** Link rows: label and address side by side; an empty row adds nothing, clearing a row removes its link. */
export function LinkRows(props: { form: FormState; t: Translate; count: number; labelPrefix: string; urlPrefix: string; legend: string; hint: string }) {
  const { form, t } = props;
  return (
    <fieldset class="nr-group">
      <legend>{props.legend}</legend>
      <p class="field__hint">{props.hint}</p>
      <ol class="nr-linkrows">
        {Array.from({ length: props.count }, (_, i) => (
          <li class="nr-linkrow">
            <TextField form={form} name={`${props.labelPrefix}${i}`} label={t(`第 ${i + 1} 個連結：文字`, `Link ${i + 1}: text`)} maxLength={40} />
            <TextField form={form} name={`${props.urlPrefix}${i}`} label={t(`第 ${i + 1} 個連結：網址`, `Link ${i + 1}: address`)} maxLength={500} />
          </li>
        ))}
      </ol>
    </fieldset>
  );
}

export function CheckboxField(props: { form: FormState; name: string; label: string; hint?: string }) {
  const checked = props.form.values[props.name] === 'on';
  return (
    <div class="field field--check">
      <label for={`field-${props.name}`}>
        <input id={`field-${props.name}`} type="checkbox" name={props.name} value="on" checked={checked} aria-describedby={props.hint ? `hint-${props.name}` : undefined} />{' '}
        {props.label}
      </label>
      {props.hint ? (
        <p class="field__hint" id={`hint-${props.name}`}>
          {props.hint}
        </p>
      ) : null}
    </div>
  );
}


/** A small page query: ?q= (text) and ?page= (1…9999), lenient — a bad page is the first. */
export function listQuery(query: unknown): { q: string; page: number } {
  const raw = (query ?? {}) as Record<string, unknown>;
  const q = typeof raw.q === 'string' ? raw.q.replace(/[\p{Cc}]/gu, '').slice(0, 60) : '';
  const page = typeof raw.page === 'string' && /^[1-9]\d{0,3}$/.test(raw.page) ? Number(raw.page) : 1;
  return { q, page };
}

/** A numeric id from a path; anything else is the newsroom's 404. */
export function pathId(params: unknown): number {
  const raw = (params as Record<string, unknown> | null)?.id;
  if (typeof raw !== 'string' || !/^[1-9]\d{0,9}$/.test(raw) || Number(raw) > 2147483647) throw new AppError('page_not_found', 404, 'not an id');
  return Number(raw);
}

/** How many link rows to show: every row that holds something (whatever its place), then one or two empty ones. */
export function rowsToShow(values: Readonly<Record<string, string>>, labelPrefix: string, urlPrefix: string, max: number, spare: number): number {
  const rows = readRows(values, labelPrefix, urlPrefix, max);
  let last = -1;
  rows.forEach((r, i) => {
    if (r.label !== '' || r.url !== '') last = i;
  });
  return Math.min(max, Math.max(spare + 1, last + 1 + spare));
}
