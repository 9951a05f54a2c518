/**
 * Calendar days and IANA time zones, with `Intl` only (no library: the console bundles this too).
 *
 * Rules:
 * - Calendar days are 'YYYY-MM-DD' strings (proleptic Gregorian, years 0001–9999); instants are `Date`s.
 * - A time zone is an IANA name; raw offsets are refused because they carry no DST rules.
 * - The first instant of a local day is local midnight, or, where a DST change skips midnight
 *   (America/Santiago, America/Havana, Asia/Beirut…), the instant the clocks jump (01:00).
 * - Days and times are shown with `Intl.DateTimeFormat` (`formatDay`, `formatDateTime`, `formatMonth`).
 */

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Number of days in a month (1-12) of a year. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** True when `s` is a real calendar day written 'YYYY-MM-DD' (2026-02-30 is not). */
export function isCalendarDate(s: string): boolean {
  const match = typeof s === 'string' ? DATE_PATTERN.exec(s) : null;
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number);
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** The parts of a calendar day; throws `RangeError` unless `s` is a real 'YYYY-MM-DD' day. */
export function parseDate(s: string): { year: number; month: number; day: number } {
  if (!isCalendarDate(s)) throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${String(s)}`);
  const [year, month, day] = s.split('-').map(Number);
  return { year, month, day };
}

/** Days from 1970-01-01 to the given day (proleptic Gregorian; right for years below 100 too). */
function daysSinceEpoch(year: number, month: number, day: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return Math.round(date.getTime() / DAY_MS);
}

/** The UTC calendar day of an epoch millisecond; throws outside years 0001-9999. */
function formatEpochMs(ms: number): string {
  const date = new Date(ms);
  const year = date.getUTCFullYear();
  if (!(year >= 1 && year <= 9999)) throw new RangeError(`Date out of range (years 0001-9999): ${ms}`);
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  return `${pad(year, 4)}-${pad(date.getUTCMonth() + 1, 2)}-${pad(date.getUTCDate(), 2)}`;
}

/**
 * True for a valid IANA zone name ('Europe/Berlin', 'UTC', 'Etc/GMT+2') that `Intl` knows. Rejects the
 * empty string, 'local'/'system' and raw offsets ('+02:00', 'UTC+2'): an association's zone must carry
 * its DST rules. (The API accepts a zone only when PostgreSQL knows it too: `isValidTimeZone`.)
 */
export function isTimeZone(name: string): boolean {
  if (typeof name !== 'string' || !/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(name)) return false;
  if (/^(local|system)$/i.test(name) || /^(utc|gmt)[+-]/i.test(name)) return false;
  return zoneFormat(name) !== null;
}

/**
 * Per zone name, the `Intl.DateTimeFormat` that reads a wall clock there, or null when `Intl` does not know
 * the zone. Building one is slow, so each is kept (bounded).
 */
const ZONE_FORMATS = new Map<string, Intl.DateTimeFormat | null>();

function zoneFormat(name: string): Intl.DateTimeFormat | null {
  let format = ZONE_FORMATS.get(name);
  if (format === undefined) {
    try {
      format = new Intl.DateTimeFormat('en-US', {
        timeZone: name,
        hourCycle: 'h23',
        era: 'short',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      format = null; // RangeError: not a zone Intl knows
    }
    if (ZONE_FORMATS.size >= 10_000) ZONE_FORMATS.clear();
    ZONE_FORMATS.set(name, format);
  }
  return format;
}

function zoneOf(name: string): Intl.DateTimeFormat {
  const format = isTimeZone(name) ? zoneFormat(name) : null;
  if (!format) throw new RangeError(`Not an IANA time zone: ${String(name)}`);
  return format;
}

/** Epoch milliseconds of a valid `Date`; throws `RangeError` for anything else. */
export function instantMs(instant: Date, name = 'instant'): number {
  const ms = instant instanceof Date ? instant.getTime() : NaN;
  if (Number.isNaN(ms)) throw new RangeError(`${name} must be a valid Date`);
  return ms;
}

/** The wall clock of `zone` at epoch ms `ms`, whole seconds, read as if it were UTC (epoch ms). */
function wallSecondMs(zone: Intl.DateTimeFormat, ms: number): number {
  const parts: Record<string, string> = {};
  for (const part of zone.formatToParts(ms)) parts[part.type] = part.value;
  let year = Number(parts['year']);
  if (parts['era'] === 'BC' || parts['era'] === 'B') year = 1 - year;
  const date = new Date(0);
  date.setUTCFullYear(year, Number(parts['month']) - 1, Number(parts['day']));
  date.setUTCHours(Number(parts['hour']) % 24, Number(parts['minute']), Number(parts['second']), 0);
  return date.getTime();
}

/** Minutes east of UTC in force in `zone` at epoch ms `ms` (fractional for old local mean times). */
function offsetMinutes(zone: Intl.DateTimeFormat, ms: number): number {
  return (wallSecondMs(zone, ms) - (ms - (((ms % 1000) + 1000) % 1000))) / 60_000;
}

function wallMs(zone: Intl.DateTimeFormat, ms: number): number {
  return ms + offsetMinutes(zone, ms) * 60_000;
}

/** The UTC offset in force in `timeZone` at `instant`, in minutes east of UTC (Europe/Berlin in July: 120). */
export function utcOffsetMinutes(instant: Date, timeZone: string): number {
  return offsetMinutes(zoneOf(timeZone), instantMs(instant));
}

/** The local calendar day of `instant` in `timeZone`. */
export function localDate(instant: Date, timeZone: string): string {
  return formatEpochMs(wallMs(zoneOf(timeZone), instantMs(instant)));
}

/** `date` plus `days` calendar days (negative to go back); `days` must be a safe integer. */
export function addDays(date: string, days: number): string {
  const { year, month, day } = parseDate(date);
  if (!Number.isSafeInteger(days)) throw new RangeError(`days must be a safe integer, got ${days}`);
  return formatEpochMs((daysSinceEpoch(year, month, day) + days) * DAY_MS);
}

/** Days from 1970-01-01 to `date` (negative before). */
export function epochDay(date: string): number {
  const { year, month, day } = parseDate(date);
  return daysSinceEpoch(year, month, day);
}

/** The calendar day of year/month/day parts, the day clamped to the month's last day (2025, 2, 31 → '2025-02-28'). */
export function clampedDate(year: number, month: number, day: number): string {
  if (!Number.isInteger(year) || year < 1 || year > 9999 || !Number.isInteger(month) || month < 1 || month > 12) {
    throw new RangeError(`Date out of range: ${year}-${month}`);
  }
  return formatEpochMs(daysSinceEpoch(year, month, Math.min(day, daysInMonth(year, month))) * DAY_MS);
}

/** Longest fall-back looked for when midnight may happen twice. */
const MAX_REPEAT_MS = 3 * HOUR_MS;

/**
 * The first instant of local day `date` in `timeZone`: local 00:00 (the earlier one if midnight
 * happens twice), or the instant the clocks jump forward when a DST gap swallows midnight.
 */
export function startOfDay(date: string, timeZone: string): Date {
  const key = `${timeZone} ${date}`;
  let ms = DAY_STARTS.get(key);
  if (ms === undefined) {
    ms = computeStartOfDay(date, timeZone);
    if (DAY_STARTS.size >= DAY_STARTS_LIMIT) DAY_STARTS.clear();
    DAY_STARTS.set(key, ms);
  }
  return new Date(ms);
}

/** Memo of startOfDay (a pure function; zone rules do not change while a process runs). */
const DAY_STARTS = new Map<string, number>();
const DAY_STARTS_LIMIT = 20_000;

function computeStartOfDay(date: string, timeZone: string): number {
  const { year, month, day } = parseDate(date);
  const zone = zoneOf(timeZone);
  const midnight = daysSinceEpoch(year, month, day) * DAY_MS; // local midnight, read as if it were UTC
  // An instant is local midnight when the offset in force at it is the one used to reach it.
  const offset = (ms: number) => offsetMinutes(zone, ms);
  const isMidnightWith = (minutes: number) => offset(midnight - minutes * 60_000) === minutes;
  const guess = offset(midnight);
  const second = offset(midnight - guess * 60_000);
  const found = [guess, second].find(isMidnightWith);
  if (found !== undefined) {
    // Midnight may happen twice: the offset in force a little earlier may give an earlier one.
    const earlier = offset(midnight - found * 60_000 - MAX_REPEAT_MS);
    return midnight - (earlier > found && isMidnightWith(earlier) ? earlier : found) * 60_000;
  }
  // Midnight is in a gap: the day starts at the transition, the first instant whose wall clock
  // reads at least local midnight. Binary search between the two offsets' readings of midnight.
  let lo = midnight - Math.max(guess, second) * 60_000; // wall clock still before midnight
  let hi = midnight - Math.min(guess, second) * 60_000; // wall clock already past midnight
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (wallMs(zone, mid) >= midnight) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** The local days a half-open period [start, end) covers in `timeZone`: its first day and its last (the day of end − 1 ms). */
export function periodDays(start: Date, end: Date, timeZone: string): { first: string; last: string } {
  return { first: localDate(start, timeZone), last: localDate(new Date(instantMs(end, 'end') - 1), timeZone) };
}

const DATE_TIME_PATTERN = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/** The wall clock of `instant` in `timeZone` as 'YYYY-MM-DDTHH:mm:ss' (a `datetime-local` value with seconds). */
export function localDateTime(instant: Date, timeZone: string): string {
  const wall = new Date(wallMs(zoneOf(timeZone), instantMs(instant)));
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${formatEpochMs(wall.getTime())}T${pad(wall.getUTCHours())}:${pad(wall.getUTCMinutes())}:${pad(wall.getUTCSeconds())}`;
}

/**
 * The instant a wall-clock reading 'YYYY-MM-DDTHH:mm[:ss]' names in `timeZone`. Where the reading happens
 * twice (clocks fall back) the earlier one; where it never happens (clocks spring forward) the reading
 * moved on by the gap (Europe/Berlin 2026-03-29T02:30 → 03:30 CEST, 01:30Z). Throws `RangeError` on
 * anything else.
 */
export function instantAt(localDateTime: string, timeZone: string): Date {
  const match = typeof localDateTime === 'string' ? DATE_TIME_PATTERN.exec(localDateTime) : null;
  const [hours, minutes, seconds] = match ? [match[2], match[3], match[4] ?? '0'].map(Number) : [];
  if (!match || hours > 23 || minutes > 59 || seconds > 59) throw new RangeError(`Not a local date and time: ${String(localDateTime)}`);
  const zone = zoneOf(timeZone);
  const wall = epochDay(match[1]) * DAY_MS + ((hours * 60 + minutes) * 60 + seconds) * 1000;
  // The offsets in force around the reading (no zone changes its offset twice within two days).
  const offsets = [...new Set([wall - DAY_MS, wall, wall + DAY_MS].map((ms) => offsetMinutes(zone, ms)))];
  const instants = offsets.map((offset) => wall - offset * 60_000).filter((ms) => wallMs(zone, ms) === wall);
  return new Date(instants.length ? Math.min(...instants) : wall - Math.min(...offsets) * 60_000);
}

const DAY_FORMATS = new Map<string, Intl.DateTimeFormat>();

function dateFormat(key: string, locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  let format = DAY_FORMATS.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, options);
    if (DAY_FORMATS.size >= 500) DAY_FORMATS.clear();
    DAY_FORMATS.set(key, format);
  }
  return format;
}

/**
 * A calendar day for people, as it is (no zone shift): '2026-12-15' → 'Dec 15, 2026' (en-US), '15.12.2026'
 * (de-DE). Every day the app shows (bills, invoices, e-mails, the console) is written by this.
 */
export function formatDay(day: string, locale = 'en-US'): string {
  const { year, month, day: dayOfMonth } = parseDate(day);
  const noon = daysSinceEpoch(year, month, dayOfMonth) * DAY_MS + 12 * HOUR_MS;
  return dateFormat(`day ${locale}`, locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(noon);
}

/** An instant as day and time in `timeZone` for people: 'Jan 15, 2026, 12:00 PM' (en-US). */
export function formatDateTime(instant: Date, timeZone: string, locale = 'en-US'): string {
  zoneOf(timeZone);
  const format = dateFormat(`time ${locale} ${timeZone}`, locale, { dateStyle: 'medium', timeStyle: 'short', timeZone });
  return format.format(instantMs(instant));
}

/** A month 'YYYY-MM' for people, short: '2026-03' → 'Mar 26' (en-US). */
export function formatMonth(month: string, locale = 'en-US'): string {
  const { year, month: monthOfYear } = parseDate(`${month}-01`);
  const mid = daysSinceEpoch(year, monthOfYear, 15) * DAY_MS;
  return dateFormat(`month ${locale}`, locale, { month: 'short', year: '2-digit', timeZone: 'UTC' }).format(mid);
}
