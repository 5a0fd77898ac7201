import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';

/**
 * Pages are preact components rendered to strings: every text child and attribute is escaped by the
 * renderer. The only raw output in the whole site is jsonForScript below, used by <JsonLd>.
 */
export function renderDocument(page: VNode): string {
  return `<!DOCTYPE html>${renderToString(page)}`;
}

/**
 * JSON safe to place inside <script type="application/ld+json">: "<" ">" "&" and the two JavaScript line
 * separators are written as \u escapes, so no stored text can close the script element or open a comment.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
