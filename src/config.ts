import { availableParallelism } from 'node:os';
import { z } from 'zod';
import type { MailSettings } from './platform/mail/index.js';

/**
 * The one place that reads process.env. Every behaviour switch is an explicit key here
 * (never NODE_ENV), validated once at start-up, then frozen and passed down.
 */

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'])
  .transform((v) => ['true', '1', 'yes', 'on'].includes(v));

const httpUrl = z.string().url().refine((v) => /^https?:\/\//.test(v), { message: 'must start with http:// or https://' });

const optionalUrl = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? null : v.trim()))
  .refine((v) => v === null || /^https?:\/\/\S+$/.test(v), { message: 'must be an http(s) URL or empty' });

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('localhost'),
  BASE_URL: httpUrl.optional(),
  DATABASE_URL: z
    .string()
    .default('sqlite:./data/opdesk.sqlite')
    .refine((v) => /^(sqlite:|postgres:\/\/|postgresql:\/\/)/.test(v), {
      message: 'use sqlite:PATH (or sqlite::memory:) or postgres://user@host:port/db',
    }),
  MEDIA_DIR: z.string().min(1).default('./data/media'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_PRETTY: bool.default(false),
  TRUST_PROXY: bool.default(false),

  SITE_NAME: z.string().min(1).max(60).default('Opinion Desk 雲論'),
  SITE_SECTION_NAME: z.string().min(1).max(20).default('雲論'),
  SITE_DESCRIPTION: z.string().max(300).default('評論、投書與專欄：讓不同的觀點被看見。'),
  SITE_PUBLISHER: z.string().min(1).max(100).default('Opinion Desk'),
  OPINION_DISCLAIMER: z.string().max(300).default('本文言論為作者個人意見，不代表本站立場。'),
  APP_URL: optionalUrl,
  FANPAGE_URL: optionalUrl,
  SUBMIT_URL: optionalUrl,
  COMPLAINT_URL: optionalUrl,

  DEMO_CONTENT: bool.default(true),
  PAGE_SIZE: z.coerce.number().int().min(1).max(100).default(20),
  CACHE_MAX_MB: z.coerce.number().min(0).max(4096).default(64),
  PAGE_MAX_AGE: z.coerce.number().int().min(0).max(86400).default(60),
  PAGE_STALE_WHILE_REVALIDATE: z.coerce.number().int().min(0).max(604800).default(300),
  SIDEBAR_MAX_AGE: z.coerce.number().int().min(0).max(86400).default(300),
  CHANGE_POLL_MS: z.coerce.number().int().min(0).max(600000).default(1000),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).max(600000).default(10000),
  NEWSROOM_SESSION_IDLE_MINUTES: z.coerce.number().int().min(5).max(24 * 60).default(120),
  NEWSROOM_LOGIN_ATTEMPTS_PER_MINUTE: z.coerce.number().int().min(1).max(10000).default(30),
  NEWSROOM_SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(12),
  // 我要投稿: sends one address may make an hour (then a 429 page), and the fewest seconds between showing the
  // form and sending it (a person cannot fill it faster; a script can).
  CONTRIBUTE_PER_HOUR: z.coerce.number().int().min(1).max(10000).default(5),
  CONTRIBUTE_MIN_FILL_SECONDS: z.coerce.number().int().min(0).max(3600).default(5),
  HEADERS_TIMEOUT_MS: z.coerce.number().int().min(100).max(120000).default(10000),
  WEB_CONCURRENCY: z
    .string()
    .default('1')
    .refine((v) => v === 'auto' || /^([1-9]|[1-5]\d|6[0-4])$/.test(v), { message: 'use a number of processes from 1 to 64, or auto (one per CPU)' })
    .transform((v) => (v === 'auto' ? Math.max(1, availableParallelism()) : Number(v))),
  // Search worker threads per server process (SQLite; 0 = search on the main thread), and how many searches may
  // wait for one before more are refused with 503 + Retry-After.
  SEARCH_WORKERS: z
    .string()
    .default('auto')
    .refine((v) => v === 'auto' || /^([0-9]|1[0-6])$/.test(v), { message: 'use a number of threads from 0 to 16, or auto' }),
  SEARCH_QUEUE: z.coerce.number().int().min(0).max(10000).default(512),
  SEARCH_MAX_WAIT_MS: z.coerce.number().int().min(0).max(60000).default(5000),
  // How often the scheduled-publishing job looks for articles whose time has come (one instance runs it).
  SCHEDULER_INTERVAL_MS: z
    .string()
    .default('5000')
    .refine((v) => /^\d{1,7}$/.test(v) && Number(v) >= 10 && Number(v) <= 3_600_000, {
      message: 'use a whole number of milliseconds from 10 to 3600000 (one hour), e.g. 5000',
    })
    .transform(Number),

  // E-mail (platform/mail). Without SMTP_URL every message is written to MAIL_OUTBOX_DIR as an .eml file, so a
  // development server needs no mail server.
  SMTP_URL: z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? null : v.trim()))
    .refine((v) => v === null || /^smtps?:\/\/[^\s/]+/.test(v), {
      message: 'use smtp://user:pass@host:587 (STARTTLS when the server offers it) or smtps://user:pass@host:465, or leave it empty for the outbox',
    }),
  MAIL_FROM: z
    .string()
    .default('Opinion Desk <no-reply@localhost>')
    .refine((v) => /^[^<>]*<[^<>\s@]+@[^<>\s@]+>$|^[^<>\s@]+@[^<>\s@]+$/.test(v.trim()), {
      message: 'use an address, e.g. no-reply@example.tw or "Opinion Desk <no-reply@example.tw>"',
    }),
  MAIL_OUTBOX_DIR: z.string().min(1).default('./data/outbox'),
  MAIL_INTERVAL_MS: z
    .string()
    .default('10000')
    .refine((v) => /^\d{1,7}$/.test(v) && Number(v) >= 10 && Number(v) <= 3_600_000, {
      message: 'use a whole number of milliseconds from 10 to 3600000 (one hour), e.g. 10000',
    })
    .transform(Number),
  MAIL_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(10),
  MAIL_RETENTION_DAYS: z.coerce.number().int().min(0).max(3650).default(30),
});

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly baseUrl: string;
  readonly databaseUrl: string;
  readonly mediaDir: string;
  readonly logLevel: string;
  readonly logPretty: boolean;
  readonly trustProxy: boolean;
  readonly site: SiteSettings;
  readonly demoContent: boolean;
  readonly pageSize: number;
  readonly cache: {
    readonly maxBytes: number;
    readonly maxAge: number;
    readonly staleWhileRevalidate: number;
    /** How long an article page may show a stale "latest articles" list after something new is published. */
    readonly sidebarMaxAgeMs: number;
    readonly changePollMs: number;
  };
  readonly shutdownTimeoutMs: number;
  /** Newsroom sessions end after this long unused, and this long after login whatever happens. */
  readonly newsroomSession: { readonly idleMs: number; readonly absoluteMs: number };
  /** Login and code attempts one address may make per minute (an office behind one address shares it). */
  readonly newsroomLoginPerMinute: number;
  /** 我要投稿's anti-abuse: sends per address an hour, and the least time between showing the form and sending it. */
  readonly contribute: { readonly perHour: number; readonly minFillMs: number };
  /** A connection that has not sent its request headers by then is closed. */
  readonly headersTimeoutMs: number;
  /** Server processes sharing the port (node:cluster); each keeps its own page cache. */
  readonly workers: number;
  readonly search: {
    /** Worker threads per process that run searches (SQLite); 0: on the main thread. */
    readonly workers: number;
    /** Searches that may wait for a free worker; beyond that, or past maxWaitMs, 503 + Retry-After. */
    readonly queue: number;
    readonly maxWaitMs: number;
  };
  /** Scheduled publishing: how often the job looks for articles whose time has come (platform/jobs, app/jobs.ts). */
  readonly scheduler: { readonly intervalMs: number };
  /** Outgoing e-mail: where it goes, from whom, how often the queue is sent and retried (platform/mail). */
  readonly mail: MailSettings;
}

export interface SiteSettings {
  readonly name: string;
  readonly sectionName: string;
  readonly description: string;
  readonly publisher: string;
  readonly disclaimer: string;
  readonly appUrl: string | null;
  readonly fanpageUrl: string | null;
  readonly submitUrl: string | null;
  readonly complaintUrl: string | null;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`設定錯誤（invalid configuration）:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  const displayHost = e.HOST === '0.0.0.0' || e.HOST === '::' ? 'localhost' : e.HOST;
  const baseUrl = (e.BASE_URL ?? `http://${displayHost}:${e.PORT}`).replace(/\/+$/, '');
  return deepFreeze({
    port: e.PORT,
    host: e.HOST,
    baseUrl,
    databaseUrl: e.DATABASE_URL,
    mediaDir: e.MEDIA_DIR,
    logLevel: e.LOG_LEVEL,
    logPretty: e.LOG_PRETTY,
    trustProxy: e.TRUST_PROXY,
    site: {
      name: e.SITE_NAME,
      sectionName: e.SITE_SECTION_NAME,
      description: e.SITE_DESCRIPTION,
      publisher: e.SITE_PUBLISHER,
      disclaimer: e.OPINION_DISCLAIMER,
      appUrl: e.APP_URL,
      fanpageUrl: e.FANPAGE_URL,
      submitUrl: e.SUBMIT_URL,
      complaintUrl: e.COMPLAINT_URL,
    },
    demoContent: e.DEMO_CONTENT,
    pageSize: e.PAGE_SIZE,
    cache: {
      maxBytes: Math.round(e.CACHE_MAX_MB * 1024 * 1024),
      maxAge: e.PAGE_MAX_AGE,
      staleWhileRevalidate: e.PAGE_STALE_WHILE_REVALIDATE,
      sidebarMaxAgeMs: e.SIDEBAR_MAX_AGE * 1000,
      changePollMs: e.CHANGE_POLL_MS,
    },
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    headersTimeoutMs: e.HEADERS_TIMEOUT_MS,
    newsroomLoginPerMinute: e.NEWSROOM_LOGIN_ATTEMPTS_PER_MINUTE,
    newsroomSession: { idleMs: e.NEWSROOM_SESSION_IDLE_MINUTES * 60_000, absoluteMs: e.NEWSROOM_SESSION_MAX_HOURS * 3_600_000 },
    contribute: { perHour: e.CONTRIBUTE_PER_HOUR, minFillMs: e.CONTRIBUTE_MIN_FILL_SECONDS * 1000 },
    workers: e.WEB_CONCURRENCY,
    search: {
      // auto: the cores left after the serving processes' own, 1 to 4 per process.
      workers: e.SEARCH_WORKERS === 'auto' ? Math.max(1, Math.min(4, Math.floor(availableParallelism() / e.WEB_CONCURRENCY) - 1)) : Number(e.SEARCH_WORKERS),
      queue: e.SEARCH_QUEUE,
      maxWaitMs: e.SEARCH_MAX_WAIT_MS,
    },
    scheduler: { intervalMs: e.SCHEDULER_INTERVAL_MS },
    mail: {
      smtpUrl: e.SMTP_URL,
      from: e.MAIL_FROM.trim(),
      outboxDir: e.MAIL_OUTBOX_DIR,
      intervalMs: e.MAIL_INTERVAL_MS,
      maxAttempts: e.MAIL_MAX_ATTEMPTS,
      retentionMs: e.MAIL_RETENTION_DAYS * 86_400_000,
    },
  });
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
