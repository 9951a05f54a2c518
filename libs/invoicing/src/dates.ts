/**
 * Date helpers for printed documents. Bills carry instants (period bounds, payment times) and local
 * calendar dates (issue and due date); a document shows calendar days in the association's zone.
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const partsFormatters = new Map<string, Intl.DateTimeFormat>();

/** The local calendar date (`YYYY-MM-DD`) of an instant in an IANA time zone. */
export function localDateOf(instant: string | Date, timeZone: string): string {
  const date = typeof instant === 'string' ? new Date(instant) : instant;
  if (Number.isNaN(date.getTime())) throw new RangeError(`not a valid instant: ${String(instant)}`);
  let dtf = partsFormatters.get(timeZone);
  if (!dtf) {
    dtf = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hourCycle: 'h23',
    });
    partsFormatters.set(timeZone, dtf);
  }
  const parts = dtf.formatToParts(date);
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year').padStart(4, '0')}-${get('month')}-${get('day')}`;
}

/**
 * The local days a half-open period [start, end) covers: the first day and the last day (the day
 * of the instant just before `end`). A monthly period 2026-11-01T00:00+01:00 … 2026-12-01T00:00+01:00
 * in Europe/Berlin is 2026-11-01 … 2026-11-30.
 */
export function periodLocalDays(periodStart: string, periodEnd: string, timeZone: string): { first: string; last: string } {
  const end = new Date(periodEnd);
  if (Number.isNaN(end.getTime())) throw new RangeError(`not a valid instant: ${periodEnd}`);
  return {
    first: localDateOf(periodStart, timeZone),
    last: localDateOf(new Date(end.getTime() - 1), timeZone),
  };
}

const displayFormatters = new Map<string, Intl.DateTimeFormat>();

/** `2026-12-15` -> `Dec 15, 2026` (en-US) / `15.12.2026` (de-DE). The calendar date is kept as is. */
export function formatCalendarDate(isoDate: string, locale = 'en-US'): string {
  const m = ISO_DATE.exec(isoDate);
  if (!m) throw new RangeError(`not a YYYY-MM-DD date: ${isoDate}`);
  let dtf = displayFormatters.get(locale);
  if (!dtf) {
    dtf = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
    displayFormatters.set(locale, dtf);
  }
  const date = new Date(0);
  date.setUTCFullYear(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return dtf.format(date);
}
