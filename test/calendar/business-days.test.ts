import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addBusinessDays,
  type BusinessCalendar,
  businessCalendar,
  businessDaysBetween,
  dayOffReason,
  isBusinessDay,
  makeBusinessCalendar,
  taipeiDateOf,
} from '../../src/modules/calendar/index.js';
import { getEditorialSettings } from '../../src/modules/settings/index.js';
import type { NewsroomVisitor } from '../support/newsroom-visitor.js';
import { signedInAs } from '../support/newsroom-staff.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';

/** Due dates for 我要投稿: business days in Taipei, Taiwan's public holidays, make-up Saturdays and an admin's typhoon days. */
let t: TestApp;
let admin: NewsroomVisitor;
let shipped: BusinessCalendar;

beforeAll(async () => {
  t = await buildTestApp({ NEWSROOM_LOGIN_ATTEMPTS_PER_MINUTE: '1000' });
  admin = await signedInAs(t, 'admin', '系統管理員');
  shipped = makeBusinessCalendar();
});
afterAll(async () => t.close());

const deps = () => ({ ...t.deps, config: t.config });
/** A moment written as Taipei local time. */
const taipei = (local: string) => new Date(`${local}+08:00`);
/** The end of a Taipei day, as a due date is given. */
const endOf = (date: string) => taipei(`${date}T23:59:59.999`);

/** Every field the settings screen shows, with what it holds now — so a test posts exactly what a person would. */
function formOf(html: string): Record<string, string> {
  const fields: Record<string, string> = {};
  const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
  for (const m of html.matchAll(/<input ([^>]*)\/?>/g)) {
    const attrs = m[1] ?? '';
    const name = /name="([^"]+)"/.exec(attrs)?.[1];
    if (!name || name === '_csrf') continue;
    if (/type="checkbox"/.test(attrs)) {
      if (/ checked/.test(attrs)) fields[name] = 'on';
      continue;
    }
    fields[name] = unescape(/value="([^"]*)"/.exec(attrs)?.[1] ?? '');
  }
  for (const m of html.matchAll(/<textarea [^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/textarea>/g)) fields[m[1] ?? ''] = unescape(m[2] ?? '');
  return fields;
}

describe('business days', () => {
  it('skip the weekend: a piece received on Friday evening with 3 days is due on Wednesday at 23:59:59.999 in Taipei', () => {
    const due = addBusinessDays(shipped, taipei('2026-03-06T20:15'), 3);
    expect(due.toISOString()).toBe('2026-03-11T15:59:59.999Z');
    expect(due).toEqual(endOf('2026-03-11'));
    // The hour does not matter: the day of receipt never counts, even a working morning.
    expect(addBusinessDays(shipped, taipei('2026-03-06T08:00'), 3)).toEqual(endOf('2026-03-11'));
    expect(addBusinessDays(shipped, taipei('2026-03-07T11:00'), 1)).toEqual(endOf('2026-03-09'));
    expect(isBusinessDay(shipped, '2026-03-07')).toBe(false);
    expect(dayOffReason(shipped, '2026-03-08')).toBe('週末');
    expect(dayOffReason(shipped, '2026-03-09')).toBeNull();
  });

  it('count in Taipei time, not UTC: 00:30 on Friday in Taipei is still Thursday in UTC', () => {
    expect(taipeiDateOf(new Date('2026-03-05T16:30:00Z'))).toBe('2026-03-06');
    expect(addBusinessDays(shipped, new Date('2026-03-05T15:59:59Z'), 3)).toEqual(endOf('2026-03-10')); // Thursday 23:59:59
    expect(addBusinessDays(shipped, new Date('2026-03-05T16:00:00Z'), 3)).toEqual(endOf('2026-03-11')); // Friday 00:00
    expect(isBusinessDay(shipped, new Date('2026-03-06T16:30:00Z'))).toBe(false); // Saturday 00:30 in Taipei
  });

  it('skip the Lunar New Year of 2026: 小年夜 to 初三 and the observed day after it', () => {
    for (const day of ['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20']) expect(isBusinessDay(shipped, day), day).toBe(false);
    expect(dayOffReason(shipped, '2026-02-17')).toBe('春節');
    expect(dayOffReason(shipped, '2026-02-20')).toBe('補假（小年夜）');
    // Received on the last working Friday before the holiday: the week off and two weekends pass first.
    expect(addBusinessDays(shipped, taipei('2026-02-13T18:00'), 3)).toEqual(endOf('2026-02-25'));
    expect(businessDaysBetween(shipped, taipei('2026-02-13T18:00'), taipei('2026-02-25T09:00'))).toBe(3);
  });

  it('count a make-up Saturday (補行上班) as a working day', () => {
    expect(dayOffReason(shipped, '2025-01-27')).toBe('調整放假（小年夜）');
    expect(isBusinessDay(shipped, '2025-02-08')).toBe(true);
    expect(isBusinessDay(shipped, '2025-02-15')).toBe(false);
    // Friday 2025-02-07: Saturday the 8th is the first day, then Monday and Tuesday.
    expect(addBusinessDays(shipped, taipei('2025-02-07T17:00'), 3)).toEqual(endOf('2025-02-11'));
    expect(addBusinessDays(makeBusinessCalendar([]), taipei('2025-02-07T17:00'), 1)).toEqual(endOf('2025-02-08'));
    // A typhoon on a make-up Saturday still closes the office.
    const storm = makeBusinessCalendar([{ date: '2025-02-08', name: '颱風假' }]);
    expect(isBusinessDay(storm, '2025-02-08')).toBe(false);
    expect(addBusinessDays(storm, taipei('2025-02-07T17:00'), 3)).toEqual(endOf('2025-02-12'));
  });

  it("know the holidays added in 2025 (教師節, 光復節, 行憲紀念日, 勞動節 for all) and their observed days", () => {
    for (const [day, name] of [
      ['2025-09-29', '補假（教師節）'],
      ['2025-10-24', '補假（臺灣光復節）'],
      ['2025-12-25', '行憲紀念日'],
      ['2026-05-01', '勞動節'],
      ['2026-09-28', '孔子誕辰紀念日／教師節'],
      ['2026-10-26', '補假（臺灣光復節）'],
      ['2027-04-30', '補假（勞動節）'],
    ]) {
      expect(isBusinessDay(shipped, day as string), day).toBe(false);
      expect(dayOffReason(shipped, day as string)).toBe(name);
    }
    expect(shipped.shippedYears).toEqual([2025, 2026, 2027]);
  });

  it('cross the year boundary, and beyond the shipped years know the weekends', () => {
    // 2026-12-31 is a Thursday; 2027-01-01 is 開國紀念日.
    expect(addBusinessDays(shipped, taipei('2026-12-31T21:00'), 3)).toEqual(endOf('2027-01-06'));
    // 2027-12-24 is the observed day of 行憲紀念日, 2027-12-31 that of 2028's 開國紀念日 (a Saturday).
    expect(addBusinessDays(shipped, taipei('2027-12-23T10:00'), 3)).toEqual(endOf('2027-12-29'));
    expect(addBusinessDays(shipped, taipei('2027-12-30T10:00'), 1)).toEqual(endOf('2028-01-03'));
    expect(businessDaysBetween(shipped, taipei('2026-12-30T10:00'), taipei('2027-01-05T10:00'))).toBe(3);
  });

  it('answer 0 days with the end of the same day, count backwards, and refuse a bad number of days', () => {
    expect(addBusinessDays(shipped, taipei('2026-03-07T10:00'), 0)).toEqual(endOf('2026-03-07'));
    expect(businessDaysBetween(shipped, taipei('2026-03-11T10:00'), taipei('2026-03-06T10:00'))).toBe(-3);
    expect(businessDaysBetween(shipped, taipei('2026-03-06T08:00'), taipei('2026-03-06T22:00'))).toBe(0);
    for (let n = 0; n <= 30; n++) {
      const from = taipei('2026-02-10T12:00');
      expect(businessDaysBetween(shipped, from, addBusinessDays(shipped, from, n)), String(n)).toBe(n);
    }
    expect(() => addBusinessDays(shipped, taipei('2026-03-06T10:00'), -1)).toThrow(RangeError);
    expect(() => addBusinessDays(shipped, taipei('2026-03-06T10:00'), 1.5)).toThrow(RangeError);
    expect(() => addBusinessDays(shipped, new Date('nonsense'), 1)).toThrow(RangeError);
    expect(() => isBusinessDay(shipped, '2026-02-30')).toThrow(RangeError);
  });

  it('skip a typhoon day an admin adds on the settings screen, on the next due date', async () => {
    const received = taipei('2026-09-24T15:00'); // Thursday; 9/25 中秋節, 9/28 教師節
    const before = await businessCalendar(deps());
    expect(await businessCalendar(deps())).toBe(before); // kept: no rebuild per due date
    expect(addBusinessDays(before, received, 3)).toEqual(endOf('2026-10-01'));

    const page = await admin.get('/newsroom/settings');
    expect(page.statusCode).toBe(200);
    const bad = await admin.post('/newsroom/settings', { ...formOf(page.body), extraHolidays: '2026-09-29 颱風假\n2026-09-31 公司假' });
    expect(bad.statusCode).toBe(422);
    expect(/<p class="field__error" id="error-extraHolidays">([^<]*)<\/p>/.exec(bad.body)?.[1]).toBe('第 2 行「2026-09-31 公司假」：2026-09-31 不是存在的日期');
    expect(await businessCalendar(deps())).toBe(before);

    const saved = await admin.post('/newsroom/settings', { ...formOf(page.body), extraHolidays: '2026-09-29 颱風假' });
    expect(saved.statusCode, saved.body).toBe(303);
    expect((await getEditorialSettings(deps())).extraHolidays).toEqual([{ date: '2026-09-29', name: '颱風假' }]);
    const after = await businessCalendar(deps());
    expect(after).not.toBe(before);
    expect(dayOffReason(after, '2026-09-29')).toBe('颱風假');
    expect(addBusinessDays(after, received, 3)).toEqual(endOf('2026-10-02'));
    expect(await businessCalendar(deps())).toBe(after);
    // Without a change feed (the CLI, another process) the calendar is read from the database each time.
    expect(addBusinessDays(await businessCalendar({ db: t.db, config: t.config }), received, 3)).toEqual(endOf('2026-10-02'));

    const cleared = await admin.post('/newsroom/settings', { ...formOf((await admin.get('/newsroom/settings')).body), extraHolidays: '' });
    expect(cleared.statusCode).toBe(303);
    expect(addBusinessDays(await businessCalendar(deps()), received, 3)).toEqual(endOf('2026-10-01'));
  });
});
