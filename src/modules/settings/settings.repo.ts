import type { Executor } from '../../platform/db/database.js';

export async function readSettingRows(ex: Executor): Promise<Array<{ key: string; value: string }>> {
  return ex.selectFrom('editorial_settings').select(['key', 'value']).execute();
}

export async function writeSetting(ex: Executor, key: string, value: string, at: string, by: number | null): Promise<void> {
  await ex
    .insertInto('editorial_settings')
    .values({ key, value, updated_at: at, updated_by: by })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: at, updated_by: by }))
    .execute();
}
