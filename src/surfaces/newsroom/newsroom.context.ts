import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FastifyReply } from 'fastify';
import type { AppDeps } from '../../platform/http/surface.js';

export const SESSION_COOKIE = 'opdesk_session';

// src/surfaces/newsroom and dist/surfaces/newsroom are both three levels below the project root.
export const cssBody = readFileSync(fileURLToPath(new URL('../../../assets/newsroom/newsroom.css', import.meta.url)));
export const NEWSROOM_CSS = `/newsroom/static/newsroom.${createHash('sha256').update(cssBody).digest('hex').slice(0, 10)}.css`;

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

