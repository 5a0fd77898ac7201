export { ACTIONS, type Action, may, TWO_STEP_REQUIRED } from './policy.js';
export { isRole, type Role, ROLE_LABELS, ROLES, type User } from './user.js';
export {
  AccountProblem,
  type AccountsDeps,
  type Actor,
  type AuditEntry,
  LOCK_AFTER_FAILURES,
  type LoginOutcome,
  SYSTEM_ACTOR,
  type SessionLimits,
  audit,
  changePassword,
  checkPassword,
  createUser,
  disableUser,
  endAllSessions,
  endSession,
  listAudit,
  listUsers,
  resetPassword,
  startSession,
  userForSession,
} from './accounts.service.js';
