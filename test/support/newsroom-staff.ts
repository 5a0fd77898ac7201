import { type NewsroomVisitor, staffVisitor } from './newsroom-visitor.js';
import type { TestApp } from './test-app.js';

export const STAFF_ROLES = ['admin', 'chief_editor', 'editor', 'copy_editor', 'complaint_officer'] as const;

/** A colleague signed in as a person would be on day one (see staffVisitor). */
export async function signedInAs(t: TestApp, role: string, name = `${role} 帳號`): Promise<NewsroomVisitor> {
  return (await staffVisitor(t, role, name)).v;
}

/** Switches a visitor's newsroom to English, as the header's button does. */
export async function inEnglish(v: NewsroomVisitor): Promise<void> {
  await v.get('/newsroom/');
  await v.post('/newsroom/lang', { lang: 'en', back: '/newsroom/' });
}
