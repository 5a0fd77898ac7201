import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { MAX_ROW_ID } from '../db/database.js';

/**
 * One way to validate input: every route declares zod schemas for its params, query string and body, Fastify
 * checks them before the handler runs (fastify-type-provider-zod, so the handler's types come from the same
 * schemas, and the OpenAPI document can later be generated from them), and each surface turns a failure into
 * its own answer — a zh-Hant error page, a JSON error, a form shown again with the message beside the field.
 *
 * Messages in schemas are the zh-Hant text users read. A failure's stable code is `invalid_<field>`, unless the
 * schema names another one with `coded()`.
 */

/** A zod issue option that also carries the stable error code the API reports. */
export function coded(errorCode: string, message: string): { message: string; params: { errorCode: string } } {
  return { message, params: { errorCode } };
}

/** A query parameter given once: `?limit=1&limit=2` is a mistake, not a list. */
export function oneValue<T extends z.ZodType>(schema: T) {
  return z
    .unknown()
    .superRefine((value, ctx) => {
      if (Array.isArray(value)) ctx.addIssue({ code: 'custom', ...coded('invalid_query', '每個查詢參數只能出現一次') });
    })
    .pipe(schema);
}

/** A positive whole number in a URL (an id), at most MAX_ROW_ID (database.ts). */
export function idText(message: string) {
  return z
    .string()
    .regex(/^[1-9]\d{0,9}$/, message)
    .transform(Number)
    .refine((n) => n <= MAX_ROW_ID, message);
}

/** Reader-typed text that is stored or looked up: no control characters (a NUL cannot even be stored on PostgreSQL). */
export function plainText(message: string, maxChars: number) {
  return z
    .string()
    .refine((s) => !/\p{Cc}/u.test(s), message)
    .refine((s) => [...s].length <= maxChars, message);
}

export interface InputProblem {
  /** Which part of the request was wrong. */
  readonly part: 'params' | 'querystring' | 'body' | 'headers';
  /** The parameter or form field, '' for the part as a whole. */
  readonly field: string;
  readonly code: string;
  readonly message: string;
}

/** The problems of a request whose route schema failed, or null when `err` is anything else. */
export function inputProblems(err: unknown): InputProblem[] | null {
  if (!hasZodFastifySchemaValidationErrors(err)) return null;
  const context = (err as { validationContext?: string }).validationContext;
  const part = context === 'params' || context === 'body' || context === 'headers' ? context : 'querystring';
  return err.validation.map((v) => {
    const field = v.instancePath.split('/')[1] ?? '';
    const named = (v.params as { params?: { errorCode?: unknown } } | undefined)?.params?.errorCode;
    return { part, field, code: typeof named === 'string' ? named : `invalid_${field || 'request'}`, message: v.message ?? '' };
  });
}
