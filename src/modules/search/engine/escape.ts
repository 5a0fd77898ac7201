/**
 * The only two ways search text reaches an engine's query language. Every token a reader's words become is
 * quoted by one of these, so nothing typed is ever read as FTS5 or tsquery syntax, and there is one place to
 * audit.
 */

/** An FTS5 string: double quotes, inner quotes doubled. Inside it, FTS5 operators and column filters are text. */
export function fts5String(s: string): string {
  return `"${s.replace(/"/g, '""')}"`;
}

/**
 * A lexeme inside a tsvector or tsquery literal: single quotes, with backslashes and quotes escaped as
 * PostgreSQL's literal reader expects (it reads the text itself, no parser or locale involved).
 */
export function tsLexeme(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}
