import type { Db } from '../../../platform/db/database.js';
import type { Clock } from '../../../platform/time.js';
import { NameVariants, shippedNameGroups, type NameGroup } from '../../zh/index.js';

interface NamesDeps {
  readonly db: Db;
  readonly clock: Clock;
}

// The shipped table plus editors' additions; reread at most every few seconds so an addition made by
// `opdesk names add` in another process shows up without a restart.
let namesCache: { at: number; db: Db; names: NameVariants } | null = null;
const NAMES_TTL_MS = 5000;

export async function nameVariants(db: Db): Promise<NameVariants> {
  if (namesCache && namesCache.db === db && Date.now() - namesCache.at < NAMES_TTL_MS) return namesCache.names;
  const extra = await db.kysely.selectFrom('name_variants').select(['form', 'taiwan']).orderBy('form').execute();
  const groups: NameGroup[] = [...shippedNameGroups(), ...extra.map((e) => ({ taiwan: e.taiwan, variants: [e.form], kind: 'editor' }))];
  const names = new NameVariants(groups);
  namesCache = { at: Date.now(), db, names };
  return names;
}

export function forgetNameVariants(): void {
  namesCache = null;
}

export interface NameVariantRow {
  form: string;
  taiwan: string;
}

export async function addNameVariant(deps: NamesDeps, form: string, taiwan: string): Promise<void> {
  await deps.db.kysely
    .insertInto('name_variants')
    .values({ form: form.trim(), taiwan: taiwan.trim(), created_at: deps.clock.now().toISOString() })
    .onConflict((oc) => oc.column('form').doUpdateSet({ taiwan: taiwan.trim() }))
    .execute();
  forgetNameVariants();
}

export async function removeNameVariant(deps: { readonly db: Db }, form: string): Promise<boolean> {
  const r = await deps.db.kysely.deleteFrom('name_variants').where('form', '=', form.trim()).executeTakeFirst();
  forgetNameVariants();
  return Number(r.numDeletedRows) > 0;
}

export async function listNameVariants(deps: { readonly db: Db }): Promise<{ shipped: NameGroup[]; editors: NameVariantRow[] }> {
  const editors = await deps.db.kysely.selectFrom('name_variants').select(['form', 'taiwan']).orderBy('taiwan').orderBy('form').execute();
  return { shipped: shippedNameGroups(), editors };
}
