import pino, { type Logger } from 'pino';

export type { Logger };

export function createLogger(options: { level: string; pretty?: boolean; name?: string }): Logger {
  return pino({
    level: options.level,
    name: options.name ?? 'opdesk',
    // Private data never belongs in logs; these paths cover the request shapes later surfaces add.
    redact: ['req.headers.cookie', 'req.headers.authorization', '*.email', '*.phone'],
  });
}
