import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** One row of assets/calendar/tw-public-holidays.json. */
export interface ShippedDay {
  date: string;
  kind: 'holiday' | 'workday';
  name: string;
}

export interface ShippedCalendar {
  years: number[];
  days: ShippedDay[];
}

// src/modules/calendar and dist/modules/calendar are both three levels below the project root.
const dataFile = fileURLToPath(new URL('../../../assets/calendar/tw-public-holidays.json', import.meta.url));

const fileSchema = z.object({
  years: z.array(z.number().int()),
  days: z.array(z.object({ date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), kind: z.enum(['holiday', 'workday']), name: z.string().min(1) })),
});

let loaded: ShippedCalendar | null = null;

/** The shipped file, read and checked once per process; a broken file fails the first due date loudly. */
export function shippedCalendar(): ShippedCalendar {
  loaded ??= fileSchema.parse(JSON.parse(readFileSync(dataFile, 'utf8')));
  return loaded;
}
