import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { formatTaipeiDateTime, parseTaipeiTime, taipeiMidnightUtc, toTaipeiIso } from '../../src/platform/time.js';

describe('configuration', () => {
  it('has working defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 3000, host: 'localhost', baseUrl: 'http://localhost:3000', databaseUrl: 'sqlite:./data/opdesk.sqlite' });
    expect(Object.isFrozen(c.site)).toBe(true);
  });

  it('names every bad value in one error', () => {
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', BASE_URL: 'ftp://x', CACHE_MAX_MB: '-1' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const message = (err as Error).message;
      for (const key of ['PORT', 'DATABASE_URL', 'BASE_URL', 'CACHE_MAX_MB']) expect(message).toContain(key);
    }
  });

  it('reads the scheduler interval in milliseconds and says what a good value looks like', () => {
    expect(loadConfig({}).scheduler.intervalMs).toBe(5000);
    expect(loadConfig({ SCHEDULER_INTERVAL_MS: '250' }).scheduler.intervalMs).toBe(250);
    for (const bad of ['0', '9', '5s', '-5000', '1.5', '', '3600001', '5e3']) {
      expect(() => loadConfig({ SCHEDULER_INTERVAL_MS: bad }), bad).toThrow(
        'SCHEDULER_INTERVAL_MS: use a whole number of milliseconds from 10 to 3600000 (one hour), e.g. 5000',
      );
    }
  });
});

describe('Asia/Taipei time', () => {
  it('formats and converts', () => {
    expect(taipeiMidnightUtc('2026-01-08')).toBe('2026-01-07T16:00:00.000Z');
    expect(toTaipeiIso('2026-01-07T16:00:00.000Z')).toBe('2026-01-08T00:00:00+08:00');
    expect(formatTaipeiDateTime('2026-07-09T02:15:00.000Z')).toBe('2026年07月09日 10:15');
    expect(() => taipeiMidnightUtc('2026-02-30')).toThrow();
  });

  it('reads local and ISO times and refuses nonsense', () => {
    expect(parseTaipeiTime('2026-01-08 09:30')).toBe('2026-01-08T01:30:00.000Z');
    expect(parseTaipeiTime('2026-01-08')).toBe('2026-01-07T16:00:00.000Z');
    expect(parseTaipeiTime('2026-01-08T09:30:00+09:00')).toBe('2026-01-08T00:30:00.000Z');
    for (const bad of ['2026-13-01', '2026-02-30 10:00', '2026-01-08 25:00', 'tomorrow', '']) expect(parseTaipeiTime(bad), bad).toBeNull();
  });
});
