import type { z } from 'zod';

/**
 * HTML form posts, the way every form of the product answers them (the newsroom, 我要投稿, 我要申訴): the body
 * (application/x-www-form-urlencoded via @fastify/formbody, or multipart fields) is checked against the form's
 * zod schema; on failure the page is shown again with what was typed and a zh-Hant message beside each field,
 * so nothing a writer typed is lost. Route schemas validate params and query strings; a form body is read here
 * because its failure is a page, not an error.
 */
export type FormValues = Readonly<Record<string, string>>;
export type FieldErrors = Readonly<Record<string, string>>;

export interface FormState {
  readonly values: FormValues;
  /** Field name → message; '' holds a problem of the form as a whole. */
  readonly errors: FieldErrors;
}

export type FormResult<T> = { ok: true; data: T; state: FormState } | { ok: false; state: FormState };

export const emptyForm: FormState = { values: {}, errors: {} };

/** The typed text, field by field (a field sent twice keeps its first value; nothing that is not text). */
export function formValues(body: unknown): FormValues {
  const values: Record<string, string> = {};
  if (body === null || typeof body !== 'object') return values;
  for (const [name, raw] of Object.entries(body as Record<string, unknown>)) {
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (typeof value === 'string') values[name] = value;
  }
  return values;
}

export function readForm<S extends z.ZodType>(schema: S, body: unknown): FormResult<z.output<S>> {
  const values = formValues(body);
  const parsed = schema.safeParse(values);
  if (parsed.success) return { ok: true, data: parsed.data, state: { values, errors: {} } };
  const errors: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const field = typeof issue.path[0] === 'string' ? issue.path[0] : '';
    errors[field] ??= issue.message;
  }
  return { ok: false, state: { values, errors } };
}
