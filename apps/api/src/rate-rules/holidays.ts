import Holidays from 'date-holidays';

/**
 * Holiday calendars of the rate rules (issue #18): the public holidays of a country or one of its regions, from
 * `date-holidays` (kept up to date by its maintainers for ~200 countries, with regional holidays such as Bavaria's),
 * plus an organization's own dates. Only holidays of type `public` count (bank, school, optional and observance days
 * do not), as whole local days: the date of the holiday where it is observed, which is the customer's local date.
 */
export interface HolidayCalendar {
  /** ISO 3166-1 alpha-2, e.g. DE; null: no public holidays */
  country: string | null;
  /** the library's region code within the country, e.g. BY (Bavaria); null: the country's nationwide holidays only */
  region?: string | null;
  /** the organization's own holiday dates, 'YYYY-MM-DD' */
  ownDates?: readonly string[];
}

const YEARS = new Map<string, readonly string[]>();

/** Why a country and region are not a calendar the library knows; null when they are. */
export function checkHolidayCalendar(country: string | null, region?: string | null): string | null {
  if (country === null) return region ? 'a region needs its country' : null;
  const countries = new Holidays().getCountries() as Record<string, string> | undefined;
  if (!countries || !(country in countries)) return `${country} is not a country with a public-holiday calendar`;
  if (region) {
    const regions = new Holidays().getStates(country) as Record<string, string> | undefined;
    if (!regions || !(region in regions)) return `${region} is not a region of ${country} with a public-holiday calendar`;
  }
  return null;
}

function publicDates(country: string, region: string | null, year: number): readonly string[] {
  const key = `${country}/${region ?? ''}/${year}`;
  let dates = YEARS.get(key);
  if (!dates) {
    const calendar = region ? new Holidays(country, region) : new Holidays(country);
    dates = (calendar.getHolidays(year) || []).filter((h) => h.type === 'public').map((h) => h.date.slice(0, 10));
    YEARS.set(key, dates);
  }
  return dates;
}

/** Every holiday date of the calendar in the years [fromYear, toYear]. */
export function holidayDates(calendar: HolidayCalendar, fromYear: number, toYear: number): Set<string> {
  const out = new Set<string>(calendar.ownDates ?? []);
  if (calendar.country) {
    for (let year = fromYear; year <= toYear; year++)
      for (const d of publicDates(calendar.country, calendar.region ?? null, year)) out.add(d);
  }
  return out;
}
