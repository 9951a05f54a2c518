/**
 * Calendar days and IANA time zones.
 *
 * Rules:
 * - Calendar days are 'YYYY-MM-DD' strings (proleptic Gregorian, years 0001–9999); instants are `Date`s.
 * - A time zone is an IANA name; raw offsets are refused because they carry no DST rules.
 * - The first instant of a local day is local midnight, or, where a DST change skips midnight
 *   (America/Santiago, America/Havana, Asia/Beirut…), the instant the clocks jump (01:00).
 */
import { IANAZone } from 'luxon';

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
 * True for a valid IANA zone name ('Europe/Berlin', 'UTC', 'Etc/GMT+2'). Rejects the empty
 * string, 'local'/'system' and raw offsets ('+02:00', 'UTC+2'): an association's zone must
 * carry its DST rules.
 */
export function isTimeZone(name: string): boolean {
  if (typeof name !== 'string' || !/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(name)) return false;
  if (/^(local|system)$/i.test(name) || /^(utc|gmt)[+-]/i.test(name)) return false;
  if (VALID_ZONES.has(name)) return true;
  const valid = IANAZone.isValidZone(name); // builds an Intl.DateTimeFormat: slow, so remember the answer
  if (valid && VALID_ZONES.size < 10_000) VALID_ZONES.add(name);
  return valid;
}

const VALID_ZONES = new Set<string>();

function zoneOf(name: string): IANAZone {
  if (!isTimeZone(name)) throw new RangeError(`Not an IANA time zone: ${String(name)}`);
  return IANAZone.create(name);
}

/** Epoch milliseconds of a valid `Date`; throws `RangeError` for anything else. */
export function instantMs(instant: Date, name = 'instant'): number {
  const ms = instant instanceof Date ? instant.getTime() : NaN;
  if (Number.isNaN(ms)) throw new RangeError(`${name} must be a valid Date`);
  return ms;
}

function wallMs(zone: IANAZone, ms: number): number {
  return ms + zone.offset(ms) * 60_000;
}

/** The local calendar day of `instant` in `timeZone`. */
export function localDate(instant: Date, timeZone: string): string {
  return formatEpochMs(wallMs(zoneOf(timeZone), instantMs(instant)));
}

/** The local calendar day in `timeZone` at `now` (the clock is a parameter). */
export function todayIn(timeZone: string, now: Date): string {
  return localDate(now, timeZone);
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
  const isMidnightWith = (offset: number) => zone.offset(midnight - offset * 60_000) === offset;
  const guess = zone.offset(midnight);
  const second = zone.offset(midnight - guess * 60_000);
  const found = [guess, second].find(isMidnightWith);
  if (found !== undefined) {
    // Midnight may happen twice: the offset in force a little earlier may give an earlier one.
    const earlier = zone.offset(midnight - found * 60_000 - MAX_REPEAT_MS);
    const offset = earlier > found && isMidnightWith(earlier) ? earlier : found;
    return midnight - offset * 60_000;
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
