import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { User } from '../../modules/accounts/index.js';
import type { AppDeps } from '../../platform/http/surface.js';
import { langOf, type NewsroomLang, translator, type Translate } from './newsroom.i18n.js';

export const SESSION_COOKIE = 'opdesk_session';

// src/surfaces/newsroom and dist/surfaces/newsroom are both three levels below the project root.
export const cssBody = readFileSync(fileURLToPath(new URL('../../../assets/newsroom/newsroom.css', import.meta.url)));
export const NEWSROOM_CSS = `/newsroom/static/newsroom.${createHash('sha256').update(cssBody).digest('hex').slice(0, 10)}.css`;
/** The editor's enhancements (live counts, who else is here, unsaved-changes guard); the editor works without it. */
export const editorJsBody = readFileSync(fileURLToPath(new URL('../../../assets/newsroom/editor.js', import.meta.url)));
export const EDITOR_JS = `/newsroom/static/editor.${createHash('sha256').update(editorJsBody).digest('hex').slice(0, 10)}.js`;
/** The submission desk's one enhancement: choosing a decline template fills the reason at once. */
export const submissionsJsBody = readFileSync(fileURLToPath(new URL('../../../assets/newsroom/submissions.js', import.meta.url)));
export const SUBMISSIONS_JS = `/newsroom/static/submissions.${createHash('sha256').update(submissionsJsBody).digest('hex').slice(0, 10)}.js`;

export interface NewsroomDeps extends AppDeps {
  readonly secureCookies: boolean;
}

/**
 * Sets the session cookie: HttpOnly, SameSite=Lax, Secure on https, only sent to /newsroom. Its lifetime is a
 * Max-Age (relative), not an Expires date, so a visitor whose clock is wrong still keeps it as long as the
 * server does.
 */
export function setSessionCookie(reply: FastifyReply, deps: NewsroomDeps, token: string, expiresAt: string): void {
  const maxAge = Math.max(1, Math.floor((Date.parse(expiresAt) - deps.clock.now().getTime()) / 1000));
  reply.setCookie(SESSION_COOKIE, token, { path: '/newsroom', httpOnly: true, sameSite: 'lax', secure: deps.secureCookies, maxAge });
}

export function clearSessionCookie(reply: FastifyReply, deps: NewsroomDeps): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/newsroom', httpOnly: true, sameSite: 'lax', secure: deps.secureCookies });
}


/** What every newsroom screen needs to draw its frame: stylesheet, who is signed in, the form token, the language. */
export interface NewsroomPage {
  /** Fingerprinted stylesheet path. */
  readonly css: string;
  /** The signed-in staff member, or null on the login screens. */
  readonly user: User | null;
  /** The CSRF token for this response's forms. */
  readonly csrf: string;
  readonly lang: NewsroomLang;
  readonly t: Translate;
  /** The path being shown, so the language switch can come back to it. */
  readonly path: string;
}

const tokens = new WeakMap<FastifyReply, string>();

/**
 * One CSRF token per response: on a first visit each generateCsrf() call makes a new secret and only the last
 * one's cookie survives, so every form of a page must carry the same token.
 */
export function csrfFor(reply: FastifyReply): string {
  let token = tokens.get(reply);
  if (token === undefined) {
    token = reply.generateCsrf();
    tokens.set(reply, token);
  }
  return token;
}

export function pageFor(request: FastifyRequest, reply: FastifyReply, options: { signedOut?: boolean } = {}): NewsroomPage {
  const lang = langOf(request);
  const user = options.signedOut || request.staff?.stage !== 'active' ? null : (request.staff?.user ?? null);
  return { css: NEWSROOM_CSS, user, csrf: csrfFor(reply), lang, t: translator(lang), path: request.url };
}
