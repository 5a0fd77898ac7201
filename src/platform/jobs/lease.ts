import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Db } from '../db/database.js';

/**
 * A lease is a row saying "holder H may do the work called NAME until EXPIRES_AT". It is how several app
 * instances (cluster workers, servers behind a load balancer, all on one database) agree that exactly one of
 * them runs a periodic job, with no coordinator but the database they already share:
 *
 * - acquiring and renewing are the same single statement (an upsert whose update only happens when the row is
 *   ours or has expired), so two processes can never both get it, on SQLite (writes are serialised) as on
 *   PostgreSQL (ON CONFLICT DO UPDATE locks the row and re-checks the condition on its latest version);
 * - a holder that dies without releasing (kill -9, a lost machine) stops renewing, and the lease is taken over
 *   once it expires; a clean shutdown releases it, so another instance takes over at its next tick;
 * - times come from the app's Clock and are ISO-8601 UTC text (compared as text, like every timestamp here), so
 *   instances' clocks must agree to well within the lease's length (NTP does that). A holder paused past its
 *   expiry (a long GC, a frozen VM) may still finish a run it had begun while another starts: a lease keeps the
 *   work to one instance in the normal case, the work itself must still be safe to repeat or race (the
 *   scheduled-publishing job flips each article with a conditional update, so a race publishes nothing twice).
 */
export interface JobLeasesTable {
  name: string;
  holder: string;
  expires_at: string;
}

/** Names this process in the table: host and pid for the operator reading it, random bytes so a reused pid is another holder. */
export function newHolderId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
}

/**
 * Takes the lease NAME for HOLDER until now + ttlMs, or extends it when HOLDER has it already. True when HOLDER
 * holds it afterwards; false when another holder's lease has not expired yet.
 */
export async function acquireLease(db: Db, name: string, holder: string, ttlMs: number, now: Date): Promise<boolean> {
  const nowIso = now.toISOString();
  const row = await db.kysely
    .insertInto('job_leases')
    .values({ name, holder, expires_at: new Date(now.getTime() + ttlMs).toISOString() })
    .onConflict((oc) =>
      oc
        .column('name')
        .doUpdateSet((eb) => ({ holder: eb.ref('excluded.holder'), expires_at: eb.ref('excluded.expires_at') }))
        .where((eb) => eb.or([eb('job_leases.holder', '=', holder), eb('job_leases.expires_at', '<=', nowIso)])),
    )
    .returning('holder')
    .executeTakeFirst();
  return row?.holder === holder;
}

/** Gives the lease up (only if HOLDER still has it), so another instance need not wait for it to expire. */
export async function releaseLease(db: Db, name: string, holder: string): Promise<void> {
  await db.kysely.deleteFrom('job_leases').where('name', '=', name).where('holder', '=', holder).execute();
}

/** Who holds NAME and until when, or null: for tests and operators. */
export async function leaseHolder(db: Db, name: string): Promise<{ holder: string; expiresAt: string } | null> {
  const row = await db.kysely.selectFrom('job_leases').select(['holder', 'expires_at']).where('name', '=', name).executeTakeFirst();
  return row ? { holder: row.holder, expiresAt: row.expires_at } : null;
}
