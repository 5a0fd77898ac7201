// SHIM: replaced by the real mail platform (helper h-mail). Same signatures.
import type { Db } from '../db/database.js';
import type { Clock } from '../time.js';
export interface OutgoingMail { to: string; ref?: string; zh: { subject: string; text: string }; en?: { subject: string; text: string } }
export async function queueMail(_deps: { readonly db: Db; readonly clock: Clock }, _message: OutgoingMail): Promise<number> { return 0; }
export async function forgetMail(_deps: { readonly db: Db }, _ref: string): Promise<number> { return 0; }
