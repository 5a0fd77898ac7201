import { taipeiMidnightUtc, toTaipeiIso } from '../../platform/time.js';

/**
 * Which days the desk works, by Taipei calendar date (YYYY-MM-DD): Monday to Friday, less the days off, plus the
 * Saturdays worked in exchange for a day moved off (補行上班). A day off wins over a make-up workday, so a typhoon
 * day that falls on a make-up Saturday is still off.
 */
export interface BusinessCalendar {
  /** Years the shipped public-holiday file covers; beyond them only weekends and extra holidays are known. */
  readonly shippedYears: readonly number[];
  /** Every listed day off, weekend or not, and its name (國慶日, 補假（國慶日）, 颱風假 …). */
  readonly daysOff: ReadonlyMap<string, string>;
  /** Saturdays and Sundays that are worked, and their name (補行上班 …). */
  readonly makeUpWorkdays: ReadonlyMap<string, string>;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The Taipei calendar date a moment falls on. */
export function taipeiDateOf(moment: Date): string {
  if (Number.isNaN(moment.getTime())) throw new RangeError('not a moment: Invalid Date');
  return toTaipeiIso(moment.toISOString()).slice(0, 10);
}

function dayOf(date: Date | string): string {
  if (typeof date !== 'string') return taipeiDateOf(date);
  taipeiMidnightUtc(date); // throws RangeError for anything but a real YYYY-MM-DD
  return date;
}

// Calendar dates are stepped as UTC dates: no time zone or daylight saving can make a day 23 or 25 hours.
function shift(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

function isWeekend(date: string): boolean {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday === 0 || weekday === 6;
}

function worked(calendar: BusinessCalendar, date: string): boolean {
  if (calendar.daysOff.has(date)) return false;
  return !isWeekend(date) || calendar.makeUpWorkdays.has(date);
}

/** Whether the desk works that day: a Date is taken on its Taipei date; a string is a YYYY-MM-DD Taipei date. */
export function isBusinessDay(calendar: BusinessCalendar, date: Date | string): boolean {
  return worked(calendar, dayOf(date));
}

/** Why a day is off: the holiday's name, 週末 for a plain weekend, or null on a business day. */
export function dayOffReason(calendar: BusinessCalendar, date: Date | string): string | null {
  const day = dayOf(date);
  const named = calendar.daysOff.get(day);
  if (named !== undefined) return named;
  return worked(calendar, day) ? null : '週末';
}

/**
 * The due moment `days` business days after `from`: the end (23:59:59.999 +08:00) of the N-th business day after
 * the Taipei day `from` falls on. The day of `from` itself never counts, whatever the hour or the kind of day, so a
 * piece received on Friday at 08:00 or at 22:00 with 3 days is due on Wednesday at midnight; weekends, holidays,
 * observed days and extra holidays are skipped and make-up Saturdays count. 0 days is the end of `from`'s day.
 */
export function addBusinessDays(calendar: BusinessCalendar, from: Date, days: number): Date {
  if (!Number.isInteger(days) || days < 0) throw new RangeError(`business days must be a whole number of at least 0, not ${days}`);
  let day = taipeiDateOf(from);
  for (let counted = 0; counted < days; ) {
    day = shift(day, 1);
    if (worked(calendar, day)) counted++;
  }
  return new Date(Date.parse(taipeiMidnightUtc(shift(day, 1))) - 1);
}

/**
 * How many business days lie after `from`'s Taipei day up to and including `to`'s — the inverse of addBusinessDays
 * (`businessDaysBetween(c, from, addBusinessDays(c, from, n)) === n`). When `to` is on an earlier day the count is
 * negative: the business days after `to`'s day up to and including `from`'s, with a minus sign.
 */
export function businessDaysBetween(calendar: BusinessCalendar, from: Date, to: Date): number {
  const start = taipeiDateOf(from);
  const end = taipeiDateOf(to);
  if (end < start) return -businessDaysBetween(calendar, to, from);
  let count = 0;
  for (let day = shift(start, 1); day <= end; day = shift(day, 1)) if (worked(calendar, day)) count++;
  return count;
}
