// SHIM: replaced by the real calendar module (helper h-calendar). Same signatures.
export interface BusinessCalendar { readonly holidays: ReadonlySet<string> }
export async function businessCalendar(_deps: unknown): Promise<BusinessCalendar> { return { holidays: new Set() }; }
export function addBusinessDays(_c: BusinessCalendar, from: Date, days: number): Date {
  const d = new Date(from.getTime());
  let n = 0;
  while (n < days) { d.setUTCDate(d.getUTCDate() + 1); if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6) n++; }
  return d;
}
