import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { VNode } from 'preact';
import { z } from 'zod';
import { getEditorialSettings } from '../../modules/settings/index.js';
import {
  messageSchema,
  receiveSubmission,
  replyFromWriter,
  reviseSubmission,
  revisionFormSchema,
  SubmissionImagesRejected,
  SubmissionRefused,
  type SubmissionsDeps,
  submissionFormSchema,
  submissionImage,
  trackSubmission,
  type TrackingView,
  withdrawSubmission,
} from '../../modules/submissions/index.js';
import { NotFound } from '../../platform/errors.js';
import { renderDocument } from '../../platform/html/render.js';
import { emptyForm, type FormState, type FormValues, formValues, readForm } from '../../platform/http/forms.js';
import type { AppDeps } from '../../platform/http/surface.js';
import { idText } from '../../platform/http/validation.js';
import { MessagePage, type SiteAssets, siteContext } from '../site/index.js';
import { paths } from '../urls.js';
import { ContributePage, HONEYPOT } from './contribute.page.js';
import type { HeldImages } from './held-images.js';
import { holdForRetry, type ImageSlot, incoming, problemsBySlot, readSlots, releaseHeld, slotProblems } from './image-slots.js';
import { type Done, TrackingPage, trackingPaths, WithdrawPage } from './tracking.page.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** This route takes the pictures of a 我要投稿 form; on any other route a file part is read and thrown away. */
    contributeUploads?: boolean;
  }
}

export interface ContributeDeps extends AppDeps {
  readonly assets: SiteAssets;
  readonly held: HeldImages;
  readonly submissions: SubmissionsDeps;
}

/** Thrown by the rate limiter (@fastify/rate-limit's errorResponseBuilder); answered with the form, filled in. */
export class TooManySends extends Error {
  readonly statusCode = 429;
  constructor(readonly retryAfterS: number) {
    super('too many sends');
    this.name = 'TooManySends';
  }
}

const HOUR_MS = 60 * 60 * 1000;
const POSTS_PER_RECEIVED = 4;

export const TOO_FAST = '送出得比一般填寫快很多，請再檢查一次內容，確認無誤後再按一次「送出投稿」。';

/** The page order of the form's fields, so the error summary reads top to bottom like the form. */
const FIELD_ORDER = ['realName', 'email', 'phone', 'address', 'occupation', 'penName', 'bioLine', 'title', 'lead', 'body', 'conflicts'];
const DECLARATIONS = ['declareOriginal', 'declareExclusive', 'declareLicence', 'consent'];

function inPageOrder(errors: Record<string, string>): Record<string, string> {
  const first = FIELD_ORDER.filter((k) => errors[k]);
  const last = DECLARATIONS.filter((k) => errors[k]);
  const middle = Object.keys(errors).filter((k) => !first.includes(k) && !last.includes(k));
  return Object.fromEntries([...first, ...middle, ...last].map((k) => [k, errors[k] as string]));
}

const tokenParams = z.object({ token: z.string().max(100) });
const imageParams = z.object({ token: z.string().max(100), imageId: idText('not an image id') });
const trackingQuery = z.object({
  sent: z.unknown().optional(),
  done: z.unknown().optional(),
});

const DONE: readonly Done[] = ['reply', 'revised', 'withdrawn'];

export async function registerContributeRoutes(fastify: FastifyInstance, deps: ContributeDeps): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { clock, held } = deps;
  const scripts = [deps.assets.contributeJsPath];
  const limitsOf = async () => {
    const s = await getEditorialSettings(deps);
    return { settings: s, limits: { minChars: s.submissionMinChars, maxChars: s.submissionMaxChars } };
  };
  const html = (reply: FastifyReply, status: number, page: VNode) => reply.code(status).header('content-type', 'text/html; charset=utf-8').send(renderDocument(page));

  /** The form, empty or as the writer sent it, with the messages beside the fields. */
  const formPage = async (
    reply: FastifyReply,
    status: number,
    view: { form: FormState; slots: readonly ImageSlot[] | null; issuedAt: number; notice?: string },
  ) => {
    const [ctx, settings] = await Promise.all([siteContext(deps), getEditorialSettings(deps)]);
    return html(reply, status, <ContributePage ctx={ctx} settings={settings} form={view.form} slots={view.slots} issuedAt={view.issuedAt} notice={view.notice} scripts={scripts} />);
  };

  app.get('/', { prefixTrailingSlash: 'no-slash' }, async (_request, reply) => formPage(reply, 200, { form: emptyForm, slots: null, issuedAt: clock.now().getTime() }));
  app.get('/', { prefixTrailingSlash: 'slash' }, async (_request, reply) => reply.redirect(paths.contribute(), 301));

  // Two limits per address. Pieces received: CONTRIBUTE_PER_HOUR, counted only when a piece is kept, so a writer
  // who fixes a few mistakes is never locked out. Every post, whatever its fate: a few times that, because each
  // one costs the server a read of the upload and a check of its pictures.
  const receivedLimit = app.createRateLimit({ max: deps.config.contribute.perHour, timeWindow: HOUR_MS });
  app.post(
    '/',
    {
      prefixTrailingSlash: 'no-slash',
      config: {
        contributeUploads: true,
        rateLimit: { max: deps.config.contribute.perHour * POSTS_PER_RECEIVED, timeWindow: HOUR_MS },
      },
    },
    async (request, reply) => {
      const { settings, limits } = await limitsOf();
      const values = formValues(request.body);
      if ((values[HONEYPOT] ?? '') !== '') {
        // A field no person sees was filled: answer as if all went well, keep nothing.
        deps.log.info('contribute: hidden field filled, nothing stored');
        return reply.redirect(`${paths.submissionTracking(randomBytes(32).toString('base64url'))}?sent=1`, 303);
      }
      const read = await readSlots(request.body, values, 'image', settings.submissionMaxImages, held);
      const slots = read.slots;
      const now = clock.now().getTime();
      const issuedAt = /^\d{1,15}$/.test(values.issuedAt ?? '') ? Number(values.issuedAt) : Number.NaN;
      // A missing or future issue time is a script's too.
      const tooFast = !(now - issuedAt >= deps.config.contribute.minFillMs) || issuedAt > now;
      const parsed = readForm(submissionFormSchema(limits), request.body);
      const errors: Record<string, string> = { ...parsed.state.errors, ...slotProblems('image', slots), ...read.errors };
      const back = async (status: number, notice?: string, extra: Record<string, string> = {}, shown: FormValues = values) => {
        const all = inPageOrder({ ...errors, ...extra });
        await holdForRetry('image', slots, all, held);
        return formPage(reply, status, { form: { values: shown, errors: all }, slots, issuedAt: tooFast ? now : issuedAt, ...(notice ? { notice } : {}) });
      };
      if (tooFast) return back(422, TOO_FAST);
      if (!parsed.ok || Object.keys(errors).length > 0) return back(422);
      const { images, slotOf } = incoming(slots);
      const quota = await receivedLimit(request, { increment: false });
      if (!quota.isAllowed && quota.remaining === 0) throw new TooManySends(Math.max(1, quota.ttlInSeconds));
      try {
        const received = await receiveSubmission(deps.submissions, parsed.data, images);
        await receivedLimit(request);
        await releaseHeld(slots, held);
        return reply.redirect(`${paths.submissionTracking(received.token)}?sent=1`, 303);
      } catch (error) {
        if (error instanceof SubmissionImagesRejected) return back(422, undefined, problemsBySlot('image', error.problems, slotOf));
        // The notice changed while the form was open: the consent must be given again, to the version in force.
        if (error instanceof SubmissionRefused) return back(409, undefined, { consent: error.zh }, { ...values, consent: '' });
        throw error;
      }
    },
  );

  // —— The writer's private pages: the token in the path is the only key ——

  const view = async (token: string): Promise<TrackingView> => {
    const found = await trackSubmission(deps.submissions, token);
    if (!found) throw new NotFound('submission_not_found');
    return found;
  };

  const revisionDefaults = (v: TrackingView): FormState => ({
    values: { title: v.latest?.title ?? v.title, lead: v.latest?.lead ?? '', body: v.latest?.body ?? '' },
    errors: {},
  });

  const trackingPage = async (
    reply: FastifyReply,
    status: number,
    token: string,
    v: TrackingView,
    options: { done?: Done | null; reply?: FormState; revision?: FormState; revisionSlots?: readonly ImageSlot[] | null; notice?: string } = {},
  ) => {
    const ctx = await siteContext(deps);
    return html(
      reply,
      status,
      <TrackingPage
        ctx={ctx}
        view={v}
        token={token}
        done={options.done ?? null}
        reply={options.reply ?? emptyForm}
        revision={options.revision ?? revisionDefaults(v)}
        revisionSlots={options.revisionSlots ?? null}
        notice={options.notice}
        scripts={scripts}
      />,
    );
  };

  // Tracking URLs carry the writer's key: requests to them are not logged (Fastify logs every URL at info).
  const quiet = { logLevel: 'warn' as const };

  app.get('/track/:token', { ...quiet, schema: { params: tokenParams, querystring: trackingQuery } }, async (request, reply) => {
    const { token } = request.params;
    const v = await view(token);
    const done = request.query.sent === '1' ? 'sent' : DONE.find((d) => d === request.query.done) ?? null;
    return trackingPage(reply, 200, token, v, { done });
  });

  app.get('/track/:token/images/:imageId', { ...quiet, schema: { params: imageParams } }, async (request, reply) => {
    const { token, imageId } = request.params;
    const v = await view(token);
    // Only the pictures of this submission's current version, whatever id is asked for.
    if (!v.images.some((i) => i.id === imageId)) throw new NotFound('image_not_found');
    const image = await submissionImage(deps.submissions, v.id, imageId);
    if (!image) throw new NotFound('image_not_found');
    return reply
      .header('content-type', image.mime)
      .header('content-security-policy', "default-src 'none'")
      .header('content-disposition', 'inline')
      .send(image.data);
  });

  const refusedNotice = async (reply: FastifyReply, token: string, error: SubmissionRefused) => {
    if (error.code === 'not_found') throw new NotFound('submission_not_found');
    return trackingPage(reply, 409, token, await view(token), { notice: error.zh });
  };

  app.post('/track/:token/reply', { ...quiet, schema: { params: tokenParams } }, async (request, reply) => {
    const { token } = request.params;
    const form = readForm(messageSchema(undefined, { zh: '回覆', en: 'a reply' }), request.body);
    if (!form.ok) return trackingPage(reply, 422, token, await view(token), { reply: form.state });
    try {
      await replyFromWriter(deps.submissions, token, form.data.message);
    } catch (error) {
      if (error instanceof SubmissionRefused) return refusedNotice(reply, token, error);
      throw error;
    }
    return reply.redirect(`${trackingPaths.page(token)}?done=reply#messages-title`, 303);
  });

  app.get('/track/:token/withdraw', { ...quiet, schema: { params: tokenParams } }, async (request, reply) => {
    const { token } = request.params;
    const v = await view(token);
    if (!v.mayWithdraw) return reply.redirect(trackingPaths.page(token), 303);
    return html(reply, 200, <WithdrawPage ctx={await siteContext(deps)} view={v} token={token} />);
  });

  app.post('/track/:token/withdraw', { ...quiet, schema: { params: tokenParams } }, async (request, reply) => {
    const { token } = request.params;
    // Only the confirmation page's button withdraws; anything else is asked again.
    if (formValues(request.body).confirm !== 'yes') return reply.redirect(trackingPaths.withdraw(token), 303);
    try {
      await withdrawSubmission(deps.submissions, token);
    } catch (error) {
      if (error instanceof SubmissionRefused) return refusedNotice(reply, token, error);
      throw error;
    }
    return reply.redirect(`${trackingPaths.page(token)}?done=withdrawn`, 303);
  });

  app.post('/track/:token/revise', { ...quiet, schema: { params: tokenParams }, config: { contributeUploads: true } }, async (request, reply) => {
    const { token } = request.params;
    const v = await view(token);
    const { limits } = await limitsOf();
    const values = formValues(request.body);
    const read = await readSlots(request.body, values, 'revImage', v.limits.maxImages, held);
    if (!v.mayRevise) {
      await releaseHeld(read.slots, held);
      return trackingPage(reply, 409, token, v, { notice: '編輯部目前沒有請您修改這份投稿。' });
    }
    const parsed = readForm(revisionFormSchema(limits), request.body);
    const errors: Record<string, string> = { ...parsed.state.errors, ...slotProblems('revImage', read.slots), ...read.errors };
    const back = async (status: number, extra: Record<string, string> = {}) => {
      const all = { ...errors, ...extra };
      await holdForRetry('revImage', read.slots, all, held);
      return trackingPage(reply, status, token, v, { revision: { values, errors: all }, revisionSlots: read.slots });
    };
    if (!parsed.ok || Object.keys(errors).length > 0) return back(422);
    const { images, slotOf } = incoming(read.slots);
    try {
      await reviseSubmission(deps.submissions, token, parsed.data, images.length > 0 ? images : 'keep');
    } catch (error) {
      if (error instanceof SubmissionImagesRejected) return back(422, problemsBySlot('revImage', error.problems, slotOf));
      if (error instanceof SubmissionRefused) return refusedNotice(reply, token, error);
      throw error;
    }
    await releaseHeld(read.slots, held);
    return reply.redirect(`${trackingPaths.page(token)}?done=revised`, 303);
  });
}

/** The form as the writer sent it, for an answer that is not the form's own (too many sends, a failure). */
export async function formAgain(request: FastifyRequest, reply: FastifyReply, deps: ContributeDeps, status: number, notice: string): Promise<FastifyReply> {
  const [ctx, settings] = await Promise.all([siteContext(deps), getEditorialSettings(deps)]);
  const values = formValues(request.body);
  const issuedAt = /^\d{1,15}$/.test(values.issuedAt ?? '') ? Number(values.issuedAt) : deps.clock.now().getTime();
  return reply
    .code(status)
    .header('content-type', 'text/html; charset=utf-8')
    .send(renderDocument(<ContributePage ctx={ctx} settings={settings} form={{ values, errors: {} }} slots={null} issuedAt={issuedAt} notice={notice} scripts={[deps.assets.contributeJsPath]} />));
}

/** An error page in the site's layout. */
export async function messagePage(deps: ContributeDeps, m: { title: string; message: string; status: number; desktopPath: string }): Promise<string> {
  const ctx = await siteContext(deps);
  return renderDocument(<MessagePage ctx={ctx} mobile={false} title={m.title} message={m.message} code={String(m.status)} desktopPath={m.desktopPath} />);
}
