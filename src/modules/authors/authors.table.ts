import type { Generated } from 'kysely';

export interface AuthorsTable {
  id: Generated<number>;
  name: string;
  kind: string;
  bio: string | null;
  long_bio: string | null;
  created_at: string;
  updated_at: string;
}
