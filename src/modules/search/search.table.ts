/** PostgreSQL only; on SQLite the index is the FTS5 table search_fts and its shards search_fts_<n>, reached with raw SQL. */
export interface SearchDocumentsTable {
  article_id: number;
  document: string;
  indexed_at: string;
}

/** SQLite only: the newest articles' FTS5 shards that exist (shard n holds article ids n×10,000 … n×10,000 + 9,999). */
export interface SearchShardsTable {
  shard: number;
  /** 1 once the shard is ranked on its own statistics (see providers.ts). */
  warm: number;
}

/** Bookkeeping of the index itself; `rebuild` present = the index must be rebuilt from the articles. */
export interface SearchStateTable {
  key: string;
  value: string;
}

/** An editor's addition: `form` is searched as if it were `taiwan`. */
export interface NameVariantsTable {
  form: string;
  taiwan: string;
  created_at: string;
}
