import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { type Action, listUsers, may, type User } from '../../modules/accounts/index.js';
import type { Transition } from '../../modules/articles/index.js';
import { AppError } from '../../platform/errors.js';
import { idText } from '../../platform/http/validation.js';
import type { NewsroomDeps } from './newsroom.context.js';

/** What the article screens (list and editor, preview, revisions) share: who is asking, and how to answer. */
export const idParams = z.object({ id: idText('文章編號必須是正整數') });

export const user = (request: FastifyRequest): User => {
  const u = request.staff?.user;
  if (!u) throw new AppError('signed_out', 401, 'no session');
  return u;
};
export const requireAction = (u: User, action: Action) => {
  if (!may(u.role, action)) throw new AppError('forbidden', 403, `${u.role} may not ${action}`);
};
export const actorOf = (request: FastifyRequest) => ({ userId: request.staff?.user.id ?? null, ip: request.ip });
export const html = (reply: FastifyReply, status: number, body: string) => reply.code(status).header('content-type', 'text/html; charset=utf-8').send(body);

/** Display names of staff by id (for "saved by", presence, revisions). */
export async function staffNames(deps: NewsroomDeps, ids: ReadonlyArray<number | null>): Promise<Map<number, string>> {
  const users = await listUsers(deps);
  return new Map(users.filter((u) => ids.includes(u.id)).map((u) => [u.id, u.displayName]));
}

/** Which role may take each step (docs/ROLES.md). */
export const TRANSITION_ACTION: Readonly<Record<Transition, Action>> = {
  submit: 'article.submit_for_review',
  return: 'article.edit',
  schedule: 'article.schedule',
  unschedule: 'article.schedule',
  publish: 'article.publish',
  unlist: 'article.publish',
  relist: 'article.publish',
  unpublish: 'article.unpublish',
  retract: 'article.retract',
};
