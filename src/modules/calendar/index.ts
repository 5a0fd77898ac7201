import { type ExtraHoliday, getEditorialSettings, type SettingsDeps } from '../settings/index.js';
import type { BusinessCalendar } from './business-days.js';
import { shippedCalendar } from './shipped.js';

export { addBusinessDays, type BusinessCalendar, businessDaysBetween, dayOffReason, isBusinessDay, taipeiDateOf } from './business-days.js';

/** The shipped calendar (Taiwan's public holidays, observed days and make-up workdays) plus an admin's extra days off. */
export function makeBusinessCalendar(extraHolidays: readonly ExtraHoliday[] = []): BusinessCalendar {
  const shipped = shippedCalendar();
  const daysOff = new Map<string, string>();
  const makeUpWorkdays = new Map<string, string>();
  for (const day of shipped.days) (day.kind === 'holiday' ? daysOff : makeUpWorkdays).set(day.date, day.name);
  for (const extra of extraHolidays) daysOff.set(extra.date, extra.name);
  return { shippedYears: [...shipped.years], daysOff, makeUpWorkdays };
}

// The settings are kept per process until a change drops them, and their extraHolidays array with them: keyed on
// that array, a calendar is built once per settings change, not once per due date.
const built = new WeakMap<readonly ExtraHoliday[], BusinessCalendar>();

/** The business-day calendar in force: the shipped file and the editorial setting 額外放假日 (extraHolidays). */
export async function businessCalendar(deps: SettingsDeps): Promise<BusinessCalendar> {
  const { extraHolidays } = await getEditorialSettings(deps);
  let calendar = built.get(extraHolidays);
  if (!calendar) {
    calendar = makeBusinessCalendar(extraHolidays);
    built.set(extraHolidays, calendar);
  }
  return calendar;
}
