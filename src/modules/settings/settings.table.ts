/** One editorial setting: `value` is JSON; a key that is absent means its default. */
export interface EditorialSettingsTable {
  key: string;
  value: string;
  updated_at: string;
  updated_by: number | null;
}
