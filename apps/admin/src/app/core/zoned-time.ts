/**
 * Wall-clock times in a named IANA zone (an association's billing zone): a `datetime-local` value read in
 * that zone, and instants shown in it. The zone math is `@app/billing`'s; an unknown zone name falls back
 * to the browser's, so it never breaks a page.
 */
import { formatDateTime, instantAt, localDate, localDateTime, startOfDay } from '@app/billing';
import { formatDay, zoneOrBrowser } from './format';
import { browserLocale } from './money';

/**
 * `YYYY-MM-DDTHH:mm` (a `datetime-local` value) as the instant it names in `timeZone`; null when not a time.
 * In a gap (spring forward) the time moved on by the gap; a time that happens twice is the earlier.
 */
export function zonedLocalToInstant(value: string | null | undefined, timeZone: string | null | undefined): Date | null {
  try {
    return value ? instantAt(value, zoneOrBrowser(timeZone)) : null;
  } catch {
    return null;
  }
}

/** An instant as a `datetime-local` value (`YYYY-MM-DDTHH:mm`) in `timeZone`. */
export function instantToZonedLocal(instant: string | Date, timeZone: string | null | undefined): string {
  return localDateTime(typeof instant === 'string' ? new Date(instant) : instant, zoneOrBrowser(timeZone)).slice(0, 16);
}

/**
 * An instant in `timeZone` for people: the day alone when it is that day's first instant (`Mar 1, 2027`),
 * else day and time (`Jan 15, 2026, 12:00 PM`).
 */
export function formatZoned(instant: string | null | undefined, timeZone: string | null | undefined): string {
  if (!instant) return '—';
  const date = new Date(instant);
  if (Number.isNaN(date.getTime())) return instant;
  const zone = zoneOrBrowser(timeZone);
  const day = localDate(date, zone);
  return startOfDay(day, zone).getTime() === date.getTime() ? formatDay(day) : formatDateTime(date, zone, browserLocale());
}
