/** Time comes from an injected clock so tests are deterministic. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export function fixedClock(iso: string): Clock & { set(iso: string): void; advance(ms: number): void } {
  let t = new Date(iso).getTime();
  return {
    now: () => new Date(t),
    set: (next: string) => {
      t = new Date(next).getTime();
    },
    advance: (ms: number) => {
      t += ms;
    },
  };
}

// Taiwan has kept UTC+8 without daylight saving since 1979, so the offset is a constant, not a lookup.
const TAIPEI_OFFSET_MS = 8 * 60 * 60 * 1000;

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** "2026-01-08T00:00:00+08:00" — the form feeds, JSON-LD and the API use. */
export function toTaipeiIso(utcIso: string): string {
  const d = new Date(new Date(utcIso).getTime() + TAIPEI_OFFSET_MS);
  return (
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` +
    `T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}+08:00`
  );
}

/** "2026年01月08日 00:00" as ETtoday prints it. */
export function formatTaipeiDateTime(utcIso: string): string {
  const d = new Date(new Date(utcIso).getTime() + TAIPEI_OFFSET_MS);
  return `${d.getUTCFullYear()}年${pad(d.getUTCMonth() + 1)}月${pad(d.getUTCDate())}日 ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** "2026/01/08" for compact lists. */
export function formatTaipeiDate(utcIso: string): string {
  const d = new Date(new Date(utcIso).getTime() + TAIPEI_OFFSET_MS);
  return `${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}`;
}

/** A calendar date (YYYY-MM-DD) at 00:00 in Taipei, as a UTC ISO string. */
export function taipeiMidnightUtc(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new RangeError(`not a date: ${date}`);
  const utc = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) - TAIPEI_OFFSET_MS;
  const d = new Date(utc);
  if (Number.isNaN(utc) || toTaipeiIso(d.toISOString()).slice(0, 10) !== date) throw new RangeError(`not a date: ${date}`);
  return d.toISOString();
}

/**
 * Parses a user-given time: full ISO 8601 with an offset, or a local Taipei time "YYYY-MM-DD[ HH:mm[:ss]]".
 * Returns a UTC ISO string or null when it cannot be read.
 */
export function parseTaipeiTime(input: string): string | null {
  const s = input.trim();
  const local = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(s);
  if (local) {
    const [, y, mo, da, h = '0', mi = '0', se = '0'] = local;
    const utc = Date.UTC(Number(y), Number(mo) - 1, Number(da), Number(h), Number(mi), Number(se)) - TAIPEI_OFFSET_MS;
    const back = new Date(utc + TAIPEI_OFFSET_MS);
    if (back.getUTCMonth() + 1 !== Number(mo) || back.getUTCDate() !== Number(da) || Number(h) > 23 || Number(mi) > 59 || Number(se) > 59) {
      return null;
    }
    return new Date(utc).toISOString();
  }
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(s)) {
    const t = Date.parse(s);
    return Number.isNaN(t) ? null : new Date(t).toISOString();
  }
  return null;
}

export function httpDate(utcIso: string): string {
  return new Date(utcIso).toUTCString();
}
