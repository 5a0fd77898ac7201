/**
 * When the disk, not the data, is the problem — full, read-only, missing, not ours — the message says so in
 * zh-Hant with the path and what to do, instead of a driver's words ("cannot rollback - no transaction is
 * active", "unable to open database file"). The original error stays attached as `cause` for the log.
 */
export type StorageProblem = 'disk_full' | 'read_only' | 'cannot_open' | 'permission_denied';

export class StorageError extends Error {
  constructor(
    readonly problem: StorageProblem,
    message: string,
    options: { cause: unknown },
  ) {
    super(message, options);
    this.name = 'StorageError';
  }
}

function codeOf(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
}

/** `err` as a StorageError about `location` (a file path or a database description), or null if it is something else. */
export function storageError(err: unknown, location: string): StorageError | null {
  if (err instanceof StorageError) return err;
  const code = codeOf(err);
  const detail = err instanceof Error ? `${code ? `${code}: ` : ''}${err.message}` : String(err);
  const make = (problem: StorageProblem, text: string) => new StorageError(problem, `${text}（${detail}）`, { cause: err });
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === '53100') {
    return make('disk_full', `磁碟空間已滿，無法寫入 ${location}。這次的變更沒有寫入；請釋出空間或擴充磁碟後再試。`);
  }
  if (code.startsWith('SQLITE_READONLY') || code === 'EROFS' || code === '25006') {
    return make('read_only', `資料庫是唯讀的：${location}。請確認檔案與所在資料夾可寫入，且檔案系統不是以唯讀方式掛載。`);
  }
  if (code === 'EACCES' || code === 'EPERM' || code === 'SQLITE_PERM' || code === 'SQLITE_AUTH' || code === '42501') {
    return make('permission_denied', `沒有權限使用 ${location}。請讓執行 Opinion Desk 的帳號可以讀寫這個檔案與它所在的資料夾。`);
  }
  // EEXIST: mkdir of the database's folder met a file of that name.
  if (code.startsWith('SQLITE_CANTOPEN') || code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR' || code === 'EEXIST') {
    return make('cannot_open', `無法開啟資料庫 ${location}：路徑不存在、不是資料夾，或指向一個資料夾。請檢查 DATABASE_URL。`);
  }
  return null;
}
