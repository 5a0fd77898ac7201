import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyFormbody from '@fastify/formbody';
import fastifyMultipart from '@fastify/multipart';
import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyRequest } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { type SessionStage, TWO_STEP_REQUIRED, type User, userForSession } from '../../modules/accounts/index.js';
import { AppError } from '../../platform/errors.js';
import { pageSecurityHeaders } from '../../platform/http/security-headers.js';
import type { Surface } from '../../platform/http/surface.js';
import { registerAuthRoutes } from './auth.routes.js';
import { registerArticleRoutes } from './articles.routes.js';
import { registerDeskRoutes } from './desk.routes.js';
import { registerEditorialRoutes } from './editorial.routes.js';
import { registerImportRoutes } from './import.routes.js';
import { registerMediaRoutes } from './media.routes.js';
import { registerSubmissionRoutes } from './submissions.routes.js';
import { installNewsroomErrors } from './newsroom.errors.js';
import { cssBody, EDITOR_JS, editorJsBody, NEWSROOM_CSS, type NewsroomDeps, SESSION_COOKIE, SUBMISSIONS_JS, submissionsJsBody } from './newsroom.context.js';
import { LANG_COOKIE } from './newsroom.i18n.js';
import { multipartOptions } from './newsroom.uploads.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in staff member behind the session cookie, if any. */
    staff: { user: User; stage: SessionStage; token: string } | null;
  }
  interface FastifyContextConfig {
    /** Reachable without a session (the login screens). */
    newsroomPublic?: boolean;
    /** Reachable while the account still has to change its password or set up two-step verification. */
    newsroomSetup?: boolean;
  }
}

/** What a signed-in account must do before anything else: a new password, then (for some roles) two-step. */
function pendingSetup(user: User): '/newsroom/password' | '/newsroom/two-step' | null {
  if (user.mustChangePassword) return '/newsroom/password';
  if (TWO_STEP_REQUIRED.includes(user.role) && !user.twoStepEnabled) return '/newsroom/two-step';
  return null;
}

/**
 * The editors' back office (#8 grows it): a surface with a session, so it is never answered from the page
 * cache — every request runs these hooks. Responses are private and never stored.
 */
export const newsroomSurface: Surface = {
  name: 'newsroom',
  prefix: '/newsroom',
  publicCache: false,
  plugin: async (app, appDeps) => {
    const deps: NewsroomDeps = { ...appDeps, secureCookies: appDeps.config.baseUrl.startsWith('https://') };
    const limits = appDeps.config.newsroomSession;
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(serializerCompiler);
    await app.register(fastifyCookie);
    await app.register(fastifyFormbody, { bodyLimit: 64 * 1024 });
    // Multipart forms (uploads) with explicit limits; their _csrf field is checked like any form's.
    await app.register(fastifyMultipart, multipartOptions);
    await app.register(fastifyCsrf, { cookieKey: 'opdesk_csrf', cookieOpts: { path: '/newsroom', httpOnly: true, sameSite: 'strict', secure: deps.secureCookies } });
    await app.register(fastifyRateLimit, { global: false });
    installNewsroomErrors(app, deps);

    app.decorateRequest('staff', null);
    const headers = { ...pageSecurityHeaders(appDeps.config.baseUrl), 'x-frame-options': 'DENY', 'cache-control': 'no-store', 'referrer-policy': 'same-origin' };
    app.addHook('onSend', async (_request, reply) => {
      // Private pages: never stored anywhere (the stylesheet sets its own cache-control).
      for (const [name, value] of Object.entries(headers)) if (value !== undefined && !reply.hasHeader(name)) reply.header(name, value);
    });

    app.addHook('onRequest', async (request: FastifyRequest) => {
      const token = request.cookies[SESSION_COOKIE];
      if (!token) return;
      const found = await userForSession(deps, token, limits);
      request.staff = found ? { ...found, token } : null;
    });

    // Who may reach what: anonymous visitors only the login screens; a half-finished login only the code step;
    // an account with setup pending only that setup. Everything else needs an active session.
    app.addHook('preHandler', async (request, reply) => {
      const config = request.routeOptions.config;
      if (config.newsroomPublic) return;
      const staff = request.staff;
      if (!staff || staff.stage !== 'active') {
        if (request.method === 'GET') return reply.redirect(`/newsroom/login?next=${encodeURIComponent(request.url)}`, 303);
        throw new AppError('signed_out', 401, 'no active session');
      }
      const setup = pendingSetup(staff.user);
      if (setup && !config.newsroomSetup) return reply.redirect(setup, 303);
    });
    // After the guard: a forged post from another site is refused even for a signed-in editor.
    app.addHook('preHandler', (request, reply, done) => {
      if (request.method === 'POST') app.csrfProtection(request, reply, done);
      else done();
    });

    app.get('/static/:file', { config: { newsroomPublic: true } }, async (request, reply) => {
      const immutable = 'public, max-age=31536000, immutable';
      if (request.url === NEWSROOM_CSS) return reply.header('content-type', 'text/css; charset=utf-8').header('cache-control', immutable).send(cssBody);
      if (request.url === EDITOR_JS) return reply.header('content-type', 'text/javascript; charset=utf-8').header('cache-control', immutable).send(editorJsBody);
      if (request.url === SUBMISSIONS_JS) return reply.header('content-type', 'text/javascript; charset=utf-8').header('cache-control', immutable).send(submissionsJsBody);
      return reply.callNotFound();
    });

    // The language switch: a year-long preference cookie, then back to the screen it was pressed on.
    app.post('/lang', { config: { newsroomPublic: true } }, async (request, reply) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      const lang = body.lang === 'en' ? 'en' : 'zh-Hant';
      const back = typeof body.back === 'string' && /^\/newsroom\/(?![\/\\])/.test(body.back) ? body.back : '/newsroom/';
      reply.setCookie(LANG_COOKIE, lang, { path: '/newsroom', httpOnly: true, sameSite: 'lax', secure: deps.secureCookies, maxAge: 365 * 86400 });
      return reply.redirect(back, 303);
    });

    await registerAuthRoutes(app, deps);
    await registerDeskRoutes(app, deps);
    await registerArticleRoutes(app, deps);
    await registerEditorialRoutes(app, deps);
    await registerMediaRoutes(app, deps);
    await registerImportRoutes(app, deps);
    await registerSubmissionRoutes(app, deps);
  },
};
