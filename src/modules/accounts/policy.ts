import type { Role } from './user.js';

/**
 * Who may do what in the newsroom: the one table (docs/ROLES.md shows it). Pure; screens and services both ask
 * `may(role, action)`, so a button that is shown can also be used and one that is hidden cannot.
 */
export const ACTIONS = {
  'newsroom.enter': ['admin', 'chief_editor', 'editor', 'copy_editor', 'complaint_officer'],
  'article.write': ['admin', 'chief_editor', 'editor'],
  'article.edit': ['admin', 'chief_editor', 'editor', 'copy_editor'],
  'article.submit_for_review': ['admin', 'chief_editor', 'editor'],
  'article.schedule': ['admin', 'chief_editor', 'editor'],
  'article.publish': ['admin', 'chief_editor'],
  'article.unpublish': ['admin', 'chief_editor'],
  'article.retract': ['admin', 'chief_editor'],
  'article.correct': ['admin', 'chief_editor'],
  'authors.manage': ['admin', 'chief_editor', 'editor'],
  'taxonomy.manage': ['admin', 'chief_editor', 'editor'],
  'names.manage': ['admin', 'chief_editor', 'editor'],
  // Uploading images and editing the library's caption, credit, rights and alt: whoever may edit articles.
  'media.manage': ['admin', 'chief_editor', 'editor', 'copy_editor'],
  // 我要投稿's desk: reading submissions (with the writers' contact details), answering and deciding them.
  'submissions.handle': ['admin', 'chief_editor', 'editor'],
  'settings.manage': ['admin', 'chief_editor'],
  'complaints.handle': ['admin', 'chief_editor', 'complaint_officer'],
  'users.manage': ['admin'],
  'audit.view': ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Action = keyof typeof ACTIONS;

export function may(role: Role, action: Action): boolean {
  return (ACTIONS[action] as readonly Role[]).includes(role);
}

/** Roles whose accounts must use two-step verification (TOTP) to log in. */
export const TWO_STEP_REQUIRED: readonly Role[] = ['admin', 'chief_editor'];
