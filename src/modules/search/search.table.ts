/** PostgreSQL only; on SQLite the index is the FTS5 table search_fts, reached with raw SQL. */
export interface SearchDocumentsTable {
  article_id: number;
  document: string;
  indexed_at: string;
}

/** An editor's addition: `form` is searched as if it were `taiwan`. */
export interface NameVariantsTable {
  form: string;
  taiwan: string;
  created_at: string;
}
