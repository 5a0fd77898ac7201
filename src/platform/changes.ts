import type { Generated } from 'kysely';
import type { Db, Executor } from './db/database.js';
import type { Logger } from './logger.js';

/**
 * Content changes as topics ("article:3100001", "author:1001", "list"). A writer records them in the same
 * transaction as the change; every server process polls the log and drops what its caches hold for those
 * topics. That reaches other processes (the CLI importing while the site runs, several instances) without
 * needing Redis, at the cost of one indexed query per poll interval.
 */
export interface ChangeLogTable {
  id: Generated<number>;
  topic: string;
  created_at: string;
}

export async function recordChange(ex: Executor, topics: readonly string[], at: string): Promise<void> {
  if (topics.length === 0) return;
  await ex
    .insertInto('change_log')
    .values([...new Set(topics)].map((topic) => ({ topic, created_at: at })))
    .execute();
}

export type ChangeListener = (topics: ReadonlySet<string>) => void;

export class ChangeFeed {
  private lastId = 0;
  private timer: NodeJS.Timeout | null = null;
  private readonly listeners = new Set<ChangeListener>();
  private polling: Promise<void> | null = null;

  constructor(
    private readonly db: Db,
    private readonly log: Logger,
  ) {}

  subscribe(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Tell this process's listeners at once; other processes learn it from the log on their next poll. */
  announce(topics: readonly string[]): void {
    if (topics.length === 0) return;
    const set = new Set(topics);
    for (const l of this.listeners) l(set);
  }

  async start(intervalMs: number): Promise<void> {
    const row = await this.db.kysely.selectFrom('change_log').select((eb) => eb.fn.max('id').as('max')).executeTakeFirst();
    this.lastId = Number(row?.max ?? 0);
    if (intervalMs <= 0) return;
    this.timer = setInterval(() => void this.poll(), intervalMs);
    this.timer.unref();
  }

  /** One poll; concurrent calls share it. Public so tests and the CLI can force a catch-up. */
  poll(): Promise<void> {
    this.polling ??= this.pollOnce().finally(() => {
      this.polling = null;
    });
    return this.polling;
  }

  private async pollOnce(): Promise<void> {
    try {
      const rows = await this.db.kysely
        .selectFrom('change_log')
        .select(['id', 'topic'])
        .where('id', '>', this.lastId)
        .orderBy('id')
        .limit(5000)
        .execute();
      if (rows.length === 0) return;
      this.lastId = rows[rows.length - 1]?.id ?? this.lastId;
      this.announce(rows.map((r) => r.topic));
    } catch (err) {
      this.log.warn({ err }, 'change log poll failed; will retry');
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
