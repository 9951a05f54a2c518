/**
 * Days and times in the console: `@app/billing` computes and formats them (one calendar for API, invoices and
 * console); this file binds them to the browser's locale and time zone.
 */
import {
  addDays,
  formatDateTime,
  formatDay as formatCalendarDay,
  instantAt,
  isTimeZone,
  localDate,
  localDateTime,
  periodDays,
  startOfDay,
} from '@app/billing';
import { browserLocale } from './money';

let cachedZone: string | undefined;

/** The browser's IANA time zone ('UTC' when it reports none that Intl knows). */
export function browserTimeZone(): string {
  if (cachedZone) return cachedZone;
  const zone = new Intl.DateTimeFormat().resolvedOptions().timeZone;
  return (cachedZone = zone && isTimeZone(zone) ? zone : 'UTC');
}

/** `timeZone` when Intl knows it, else the browser's (an unknown name must not break a page). */
export function zoneOrBrowser(timeZone: string | null | undefined): string {
  return timeZone && isTimeZone(timeZone) ? timeZone : browserTimeZone();
}

function instant(iso: string | null | undefined): Date | null {
  const date = iso ? new Date(iso) : null;
  return date && !Number.isNaN(date.getTime()) ? date : null;
}

/** Calendar day `YYYY-MM-DD` shown in the browser's locale, as it is (no time-zone shift). */
export function formatDay(day: string | null | undefined): string {
  if (!day) return '—';
  const m = /^\d{4}-\d{2}-\d{2}/.exec(day);
  try {
    return m ? formatCalendarDay(m[0], browserLocale()) : day;
  } catch {
    return day; // not a calendar day (2026-02-30): shown as sent
  }
}

/** An instant shown as a date and time in the browser's locale and time zone. */
export function formatInstant(iso: string | null | undefined): string {
  const date = instant(iso);
  return date ? formatDateTime(date, browserTimeZone(), browserLocale()) : iso || '—';
}

/** An instant shown as its local day in the browser's time zone. */
export function formatInstantDay(iso: string | null | undefined): string {
  const date = instant(iso);
  return date ? formatDay(localDate(date, browserTimeZone())) : iso || '—';
}

/**
 * A bill period `[periodStart, periodEnd)` as days: the end is exclusive, so the last day shown is
 * the day before `periodEnd` (one millisecond earlier). Days are those of `timeZone` (the bill's
 * association zone, in which the period was cut) when given, else the browser's. A bill of one instant (a prepaid
 * block's invoice: start = end = its purchase) shows that day alone.
 */
export function formatPeriod(periodStart: string, periodEnd: string, timeZone?: string): string {
  const start = instant(periodStart);
  const end = instant(periodEnd);
  if (!start || !end) return `${periodStart} – ${periodEnd}`;
  if (end.getTime() <= start.getTime()) return formatDay(localDate(start, zoneOrBrowser(timeZone)));
  const days = periodDays(start, end, zoneOrBrowser(timeZone));
  return `${formatDay(days.first)} – ${formatDay(days.last)}`;
}

/** Session length in h:mm:ss from two instants. */
export function formatDuration(startedAt: string, endedAt: string): string {
  const seconds = Math.max(0, Math.round((new Date(endedAt).getTime() - new Date(startedAt).getTime()) / 1000));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
}

/** Today as `YYYY-MM-DD` in the browser's time zone. */
export function todayIso(): string {
  return localDate(new Date(), browserTimeZone());
}

/** The day after a `YYYY-MM-DD` day (calendar math, no time zone involved). */
export function nextDay(day: string): string {
  return addDays(day, 1);
}

/** The first instant of a `YYYY-MM-DD` day in the browser's time zone, as an ISO instant (for filters on instants). */
export function localMidnight(day: string): string {
  return startOfDay(day, browserTimeZone()).toISOString();
}

/** `<input type="datetime-local">` value (the browser's zone) → ISO instant (UTC `Z`); undefined when not a time. */
export function localDateTimeToIso(value: string | null | undefined): string | undefined {
  try {
    return value ? instantAt(value, browserTimeZone()).toISOString() : undefined;
  } catch {
    return undefined;
  }
}

/** Now as a `datetime-local` input value. */
export function nowLocalDateTime(): string {
  return localDateTime(new Date(), browserTimeZone()).slice(0, 16);
}

/** Humane labels for enum values (`half_yearly` → "Half yearly", `per_hour` → "Per hour"). */
export function humanize(value: string | null | undefined): string {
  if (!value) return '';
  const text = value.replace(/_/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}
