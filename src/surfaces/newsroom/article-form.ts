import { z } from 'zod';
import { type ArticleContent, type BylineInput, DEFAULT_LEAD_LABEL, type EditableArticle } from '../../modules/articles/index.js';
import { bodyFromText, textFromBody } from '../../modules/importer/index.js';
import { tagNameProblem } from '../../modules/taxonomy/index.js';
import type { FormState, FormValues } from '../../platform/http/forms.js';
import { formValues } from '../../platform/http/forms.js';
import type { Translate } from './newsroom.i18n.js';
import { KINDS } from './newsroom.labels.js';

/**
 * The editor's form ⇄ an article's content. Bylines are lines of 「姓名／簡介」 and tags are separated by 、 or
 * commas, so the whole editor is text fields: every input method works in it, and it works without JavaScript.
 */
export const MAX_BODY_CHARS = 200_000;

export function formOf(a: Pick<EditableArticle, keyof ArticleContent> & { revision: number }): FormValues {
  return {
    kind: a.kind,
    title: a.title,
    subtitle: a.subtitle ?? '',
    leadLabel: a.leadLabel,
    lead: a.lead ?? '',
    body: textFromBody(a.body),
    bylines: a.bylines.map((b) => (b.bioLine ? `${b.name}／${b.bioLine}` : b.name)).join('\n'),
    sectionId: String(a.sectionId),
    tags: a.tags.join('、'),
    showDisclaimer: a.showDisclaimer ? '1' : '',
    disclaimerOverride: a.disclaimerOverride ?? '',
    ogTitle: a.ogTitle ?? '',
    ogDescription: a.ogDescription ?? '',
    ogImageId: a.ogImageId === null ? '' : String(a.ogImageId),
    sourceNote: a.sourceNote ?? '',
    baseRevision: String(a.revision),
  };
}

const optionalText = (max: number, message: string) =>
  z
    .string()
    .max(max, message)
    .transform((s) => s.trim())
    .transform((s) => (s === '' ? null : s));

function schemaFor(t: Translate, sectionIds: ReadonlySet<number>) {
  return z.object({
    kind: z.string().refine((k) => KINDS.some(([key]) => key === k), t('請選擇類型', 'Choose a kind')),
    title: z.string().transform((s) => s.trim()).pipe(z.string().max(200, t('標題最多 200 字', 'The title can have at most 200 characters'))),
    subtitle: optionalText(200, t('副標最多 200 字', 'The subtitle can have at most 200 characters')),
    leadLabel: z
      .string()
      .max(40, t('導言標籤最多 40 字', 'The lead label can have at most 40 characters'))
      .transform((s) => s.trim() || DEFAULT_LEAD_LABEL),
    lead: optionalText(2000, t('導言最多 2,000 字', 'The lead can have at most 2,000 characters')),
    body: z.string().max(MAX_BODY_CHARS, t('內文太長（上限 200,000 字元）', 'The body is too long (200,000 characters at most)')),
    bylines: z.string().max(4000, t('作者欄太長', 'The bylines are too long')),
    sectionId: z
      .string()
      .regex(/^\d{1,9}$/, t('請選擇分類', 'Choose a section'))
      .transform(Number)
      .refine((id) => sectionIds.has(id), t('沒有這個分類', 'No such section')),
    tags: z.string().max(1000, t('標籤太多', 'Too many tags')),
    showDisclaimer: z.string().optional(),
    disclaimerOverride: optionalText(300, t('免責聲明最多 300 字', 'The disclaimer can have at most 300 characters')),
    ogTitle: optionalText(200, t('社群標題最多 200 字', 'The social title can have at most 200 characters')),
    ogDescription: optionalText(500, t('社群描述最多 500 字', 'The social description can have at most 500 characters')),
    ogImageId: z
      .string()
      .trim()
      .regex(/^(?:[1-9]\d{0,8})?$/, t('請填圖片編號（數字），或留白', 'Give an image number, or leave it empty'))
      .transform((s) => (s === '' ? null : Number(s))),
    sourceNote: optionalText(500, t('來源說明最多 500 字', 'The source note can have at most 500 characters')),
  });
}

function parseBylines(text: string, t: Translate, current: readonly BylineInput[]): { bylines: BylineInput[] } | { error: string } {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
  if (lines.length > 10) return { error: t('作者最多 10 位', 'At most 10 bylines') };
  const bylines: BylineInput[] = [];
  for (const line of lines) {
    const clean = line.replace(/^●/, '');
    const slash = clean.search(/[／/]/);
    const name = (slash < 0 ? clean : clean.slice(0, slash)).trim();
    const bio = slash < 0 ? '' : clean.slice(slash + 1).trim();
    if (name === '') return { error: t(`「${line}」沒有姓名：每行寫「姓名／簡介」`, `"${line}" has no name: write one "Name／bio" per line`) };
    if ([...name].length > 40) return { error: t(`姓名「${name}」太長（最多 40 字）`, `The name "${name}" is too long (40 characters at most)`) };
    if ([...bio].length > 200) return { error: t(`「${name}」的簡介太長（最多 200 字）`, `The bio of "${name}" is too long (200 characters at most)`) };
    // Keep the profile a byline already points at when its name is unchanged (two people may share a name).
    const same = current.find((c) => c.name === name && c.authorId !== undefined);
    bylines.push({ ...(same?.authorId !== undefined ? { authorId: same.authorId } : {}), name, bioLine: bio === '' ? null : bio, role: same?.role ?? '作者' });
  }
  return { bylines };
}

function parseTags(text: string, t: Translate): { tags: string[] } | { error: string } {
  const names = [...new Set(text.split(/[、,，\n]/).map((s) => s.trim()).filter((s) => s !== ''))];
  if (names.length > 20) return { error: t('標籤最多 20 個', 'At most 20 tags') };
  for (const name of names) {
    const problem = tagNameProblem(name);
    // The problem already names the tag (「…」); the summary adds the field's label. Naming it again read 標籤：標籤「…」：標籤「…」.
    if (problem) return { error: t(problem, `Tag "${name}": ${problem}`) };
  }
  return { tags: names };
}

export type ContentFromForm =
  | { ok: true; content: ArticleContent; bylineHintUsed: boolean; state: FormState }
  | { ok: false; state: FormState };

/** Reads the editor's post; on any problem, the messages by field and what was typed, and nothing else. */
export function contentFromForm(body: unknown, t: Translate, sectionIds: ReadonlySet<number>, current: EditableArticle | null): ContentFromForm {
  const values = formValues(body);
  // A field the form did not send is empty, except the subtitle, which this editor does not show: it is kept.
  const defaults = { title: '', leadLabel: '', lead: '', body: '', bylines: '', tags: '', disclaimerOverride: '', ogTitle: '', ogDescription: '', ogImageId: '', sourceNote: '' };
  const parsed = schemaFor(t, sectionIds).safeParse({ ...defaults, subtitle: current?.subtitle ?? '', ...values, kind: values.kind ?? 'op-ed' });
  const errors: Record<string, string> = {};
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = typeof issue.path[0] === 'string' ? issue.path[0] : '';
      errors[field] ??= issue.message;
    }
    return { ok: false, state: { values, errors } };
  }
  const f = parsed.data;
  const bylines = parseBylines(f.bylines, t, current?.bylines ?? []);
  if ('error' in bylines) errors.bylines = bylines.error;
  const tags = parseTags(f.tags, t);
  if ('error' in tags) errors.tags = tags.error;
  const { body: articleBody, bylineHint } = bodyFromText(f.body, { lead: f.lead, previous: current?.body ?? null });
  if (!('bylines' in bylines) || !('tags' in tags)) return { ok: false, state: { values, errors } };
  // 「●Name／bio」 typed in the body fills an empty byline field (as a pasted page would have it).
  const useHint = bylines.bylines.length === 0 && bylineHint !== null && bylineHint.name !== '';
  const content: ArticleContent = {
    kind: f.kind,
    title: f.title,
    subtitle: f.subtitle,
    leadLabel: f.leadLabel,
    lead: f.lead,
    body: articleBody,
    bylines: useHint && bylineHint ? [{ name: bylineHint.name, bioLine: bylineHint.bio, role: '作者' }] : bylines.bylines,
    sectionId: f.sectionId,
    tags: tags.tags,
    showDisclaimer: f.showDisclaimer === '1',
    disclaimerOverride: f.disclaimerOverride,
    ogTitle: f.ogTitle,
    ogDescription: f.ogDescription,
    ogImageId: f.ogImageId,
    sourceNote: f.sourceNote,
  };
  return { ok: true, content, bylineHintUsed: useHint, state: { values, errors: {} } };
}
