/** Newsroom roles, in the glossary's words (shared/design/newsroom-glossary.md). */
export const ROLES = ['admin', 'chief_editor', 'editor', 'copy_editor', 'complaint_officer'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Readonly<Record<Role, { zh: string; en: string }>> = {
  admin: { zh: '系統管理員', en: 'Admin' },
  chief_editor: { zh: '總編輯', en: 'Chief editor' },
  editor: { zh: '編輯', en: 'Editor' },
  copy_editor: { zh: '校對', en: 'Copy editor' },
  complaint_officer: { zh: '申訴專員', en: 'Complaint officer' },
};

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** A staff member as the rest of the system sees them: no password hash, no TOTP secret. */
export interface User {
  id: number;
  email: string;
  displayName: string;
  role: Role;
  mustChangePassword: boolean;
  twoStepEnabled: boolean;
  disabled: boolean;
  lockedUntil: string | null;
  createdAt: string;
}
