/**
 * Business hours (issue #18): a remote-support session split into rate classes by the customer's business hours,
 * exact to the second, in the customer's time zone (DST included). Pure: the caller passes the schedule and the
 * holidays (the organization's own dates plus a public-holiday library's, as local 'YYYY-MM-DD' days).
 *
 * Rules:
 * - Classes: 'business' | 'after_hours' | 'weekend' | 'holiday'. An instant belongs to the local date it falls on in
 *   the schedule's zone (`localDate`). Precedence: a holiday date is 'holiday' all day; else a weekend day is
 *   'weekend' all day; else an instant inside one of that weekday's business intervals is 'business'; else
 *   'after_hours'. Business intervals given for a weekend day are ignored (weekend wins), those of a holiday too.
 * - A schedule is `{ timeZone, weekendDays?, hours }`: `weekendDays` are ISO weekdays (1 = Monday … 7 = Sunday,
 *   default [6, 7], [] for none, no repeats); `hours[isoWeekday]` is a list of local wall-clock intervals
 *   { start: 'HH:mm', end: 'HH:mm' } (00:00–23:59, and end may be '24:00'), start < end, sorted, not overlapping
 *   (one may start where the one before ends). A weekday without hours is after hours all day; `hours: {}` makes
 *   everything after hours, weekend or holiday. `checkSchedule` gives the first problem, naming the field, the day
 *   and the interval; the other functions throw it as a `RangeError`.
 * - Wall clock to instants: a local day is [startOfDay(date), startOfDay(next date)) (23 or 25 hours on a DST night,
 *   so '00:00'–'24:00' covers exactly the day's instants). '00:00' is the day's first instant, '24:00' the next day's
 *   first instant; any other reading is `instantAt(date + 'T' + reading)`: a reading that never happens (spring
 *   forward) moves on by the gap, a reading that happens twice (fall back) is the earlier one. So on
 *   Europe/Berlin 2026-03-29 '02:30' is 03:30 CEST (01:30Z), and on 2026-10-25 '02:30' is 02:30 CEST (00:30Z): the
 *   repeated 02:00–03:00 CET after it is on the far side of that boundary. The business instants of a day are the
 *   union of its mapped intervals [instantAt(start), instantAt(end)); an interval whose start maps to an instant not
 *   before its end's (both readings around a gap: '02:30'–'03:15' on Berlin's spring night is 03:30–03:15 CEST) is
 *   empty that day, and intervals that overlap once mapped ('01:00'–'02:30' and '03:00'–'04:00' that night) join.
 * - `splitByClass(start, end)` cuts the session [start, end) at every class boundary (to the millisecond) and merges
 *   consecutive pieces of the same class (across midnight too). The pieces are contiguous and cover [start, end)
 *   exactly; adjacent pieces have different classes. start = end gives [] (no instant); `classOfStart` is the class of
 *   a session's start instant, a 0-second session's class included. end < start throws.
 * - Seconds: the session's whole seconds are `durationSeconds(start, end)` = N (partial seconds dropped). Second k
 *   (k = 0 … N − 1) is [start + k s, start + (k + 1) s) and counts in the piece holding its first instant; the trailing
 *   partial second is not counted. A piece [a, b) gets min(N, ⌈(b − start) / 1 s⌉) − min(N, ⌈(a − start) / 1 s⌉), so
 *   the pieces' seconds add up to N exactly; a piece shorter than a second may get 0 (it is kept: it covers instants).
 * - Speed: one walk over the local days the session touches (any length); each (zone, date, reading) instant is
 *   memoised (bounded), like `startOfDay`; so are a day's classes per (schedule object, holidays object, date), a
 *   schedule's check (per object) and the last day found per zone (consecutive sessions rarely change day): ~5 µs a
 *   session rated with classes and tiers, from ~12. A schedule or holiday set must therefore not be changed once used:
 *   build a new one (the API builds one per customer per run).
 */
import { addDays, epochDay, instantAt, instantMs, isTimeZone, localDate, startOfDay } from './calendar';
import { durationSeconds } from './usage';

export type RateClass = 'business' | 'after_hours' | 'weekend' | 'holiday';

/** The rate classes, in the order totals are shown. */
export const RATE_CLASSES: readonly RateClass[] = ['business', 'after_hours', 'weekend', 'holiday'];

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** A local wall-clock interval of a day, 'HH:mm' to 'HH:mm' (end may be '24:00'). */
export interface BusinessInterval {
  start: string;
  end: string;
}

/** A customer's business hours. */
export interface BusinessSchedule {
  /** IANA zone the hours are read in */
  timeZone: string;
  /** ISO weekdays that are weekend (default [6, 7]) */
  weekendDays?: readonly number[];
  /** business intervals per ISO weekday, sorted, not overlapping; a weekday without any is after hours */
  hours: Partial<Record<IsoWeekday, readonly BusinessInterval[]>>;
}

/** One piece of a session: [start, end) of one class, and the whole seconds it counts. */
export interface ClassPiece {
  class: RateClass;
  seconds: number;
  start: Date;
  end: Date;
}

const DEFAULT_WEEKEND: readonly number[] = [6, 7];
const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const START_PATTERN = /^([01]\d|2[0-3]):[0-5]\d$/;
const END_PATTERN = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const minutesOf = (reading: string) => Number(reading.slice(0, 2)) * 60 + Number(reading.slice(3, 5));
const show = (value: unknown) => (typeof value === 'string' ? JSON.stringify(value) : String(value));

/**
 * The first problem of a schedule as a message that starts with the field ('timeZone', 'weekendDays[1]',
 * 'hours.3[0].end'…), or null when it is fine.
 */
export function checkSchedule(schedule: unknown): string | null {
  if (!isRecord(schedule)) return 'schedule must be an object { timeZone, weekendDays, hours }';
  const { timeZone, weekendDays, hours } = schedule;
  if (typeof timeZone !== 'string' || !isTimeZone(timeZone)) return `timeZone: not an IANA time zone: ${show(timeZone)}`;
  if (weekendDays !== undefined) {
    if (!Array.isArray(weekendDays)) return 'weekendDays must be an array of ISO weekdays (1 = Monday … 7 = Sunday)';
    for (let i = 0; i < weekendDays.length; i++) {
      const value: unknown = weekendDays[i];
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 7) {
        return `weekendDays[${i}]: not an ISO weekday (1 = Monday … 7 = Sunday): ${show(value)}`;
      }
      if (weekendDays.indexOf(value) < i) return `weekendDays[${i}]: ${WEEKDAY_NAMES[value - 1]} (${value}) is listed twice`;
    }
  }
  if (!isRecord(hours)) return 'hours must be an object keyed by ISO weekday (1 = Monday … 7 = Sunday)';
  for (const key of Object.keys(hours)) {
    if (!/^[1-7]$/.test(key)) return `hours.${key}: not an ISO weekday (1 = Monday … 7 = Sunday)`;
    const intervals = hours[key];
    const day = WEEKDAY_NAMES[Number(key) - 1];
    if (intervals === undefined) continue;
    if (!Array.isArray(intervals)) return `hours.${key} (${day}) must be an array of { start, end } intervals`;
    for (let i = 0; i < intervals.length; i++) {
      const field = `hours.${key}[${i}]`;
      const interval: unknown = intervals[i];
      if (!isRecord(interval)) return `${field} (${day}) must be an interval { start: 'HH:mm', end: 'HH:mm' }`;
      const { start, end } = interval;
      if (typeof start !== 'string' || !START_PATTERN.test(start)) {
        return `${field}.start (${day}): not a local time 'HH:mm' from 00:00 to 23:59: ${show(start)}`;
      }
      if (typeof end !== 'string' || !END_PATTERN.test(end)) {
        return `${field}.end (${day}): not a local time 'HH:mm' from 00:00 to 24:00: ${show(end)}`;
      }
      if (minutesOf(start) >= minutesOf(end)) return `${field} (${day} ${start}–${end}): start must be before end`;
      if (i > 0) {
        const previous = intervals[i - 1] as BusinessInterval;
        if (minutesOf(start) < minutesOf(previous.end)) {
          return (
            `${field} (${day} ${start}–${end}) overlaps or comes before hours.${key}[${i - 1}] (${day} ` +
            `${previous.start}–${previous.end}): a day's intervals must be sorted and must not overlap`
          );
        }
      }
    }
  }
  return null;
}

/** Schedules already checked (a billing run rates every session of a customer with the same schedule object). */
const CHECKED = new WeakSet<object>();

function assertSchedule(schedule: BusinessSchedule): void {
  if (typeof schedule === 'object' && schedule !== null && CHECKED.has(schedule)) return;
  const problem = checkSchedule(schedule);
  if (problem !== null) throw new RangeError(`Invalid business hours: ${problem}`);
  CHECKED.add(schedule);
}

function assertHolidays(holidays: ReadonlySet<string>): void {
  if (typeof (holidays as { has?: unknown } | null)?.has !== 'function') {
    throw new RangeError("holidays must be a set of local dates 'YYYY-MM-DD'");
  }
}

/** ISO weekday of a calendar day (1970-01-01 was a Thursday). */
function isoWeekday(date: string): number {
  return ((((epochDay(date) + 3) % 7) + 7) % 7) + 1;
}

/** Memo of the instant of (zone, date, reading): `instantAt` costs several `Intl` calls. */
const READINGS = new Map<string, number>();
const READINGS_LIMIT = 20_000;

function readingMs(date: string, reading: string, timeZone: string): number {
  const key = `${timeZone} ${date}T${reading}`;
  let ms = READINGS.get(key);
  if (ms === undefined) {
    if (reading === '00:00') ms = startOfDay(date, timeZone).getTime();
    else if (reading === '24:00') ms = startOfDay(addDays(date, 1), timeZone).getTime();
    else ms = instantAt(`${date}T${reading}`, timeZone).getTime();
    if (READINGS.size >= READINGS_LIMIT) READINGS.clear();
    READINGS.set(key, ms);
  }
  return ms;
}

interface Segment {
  class: RateClass;
  start: number;
  end: number;
}

/**
 * Memo of daySegments per (schedule object, holidays object, date). Schedules are checked once and treated as
 * immutable afterwards (callers build one per customer and do not change it); each inner map is bounded.
 */
const SEGMENTS = new WeakMap<object, WeakMap<object, Map<string, Segment[]>>>();
const SEGMENTS_LIMIT = 4_000;

/** The classes of local day `date`: contiguous segments covering [startOfDay(date), startOfDay(next date)). */
function daySegments(date: string, schedule: BusinessSchedule, holidays: ReadonlySet<string>): Segment[] {
  let byHolidays = SEGMENTS.get(schedule);
  if (!byHolidays) SEGMENTS.set(schedule, (byHolidays = new WeakMap<object, Map<string, Segment[]>>()));
  let byDate = byHolidays.get(holidays);
  if (!byDate) byHolidays.set(holidays, (byDate = new Map<string, Segment[]>()));
  let segments = byDate.get(date);
  if (!segments) {
    segments = computeDaySegments(date, schedule, holidays);
    if (byDate.size >= SEGMENTS_LIMIT) byDate.clear();
    byDate.set(date, segments);
  }
  return segments;
}

function computeDaySegments(date: string, schedule: BusinessSchedule, holidays: ReadonlySet<string>): Segment[] {
  const { timeZone } = schedule;
  const dayStart = readingMs(date, '00:00', timeZone);
  const dayEnd = readingMs(date, '24:00', timeZone);
  if (dayEnd <= dayStart) return []; // a day skipped whole (Pacific/Apia 2011-12-30)
  const weekday = isoWeekday(date);
  if (holidays.has(date)) return [{ class: 'holiday', start: dayStart, end: dayEnd }];
  if ((schedule.weekendDays ?? DEFAULT_WEEKEND).includes(weekday)) return [{ class: 'weekend', start: dayStart, end: dayEnd }];
  const spans = (schedule.hours[weekday as IsoWeekday] ?? [])
    .map(({ start, end }) => ({
      start: Math.max(dayStart, readingMs(date, start, timeZone)),
      end: Math.min(dayEnd, readingMs(date, end, timeZone)),
    }))
    .filter((span) => span.start < span.end)
    .sort((a, b) => a.start - b.start);
  const segments: Segment[] = [];
  let cursor = dayStart;
  for (const span of spans) {
    if (span.start > cursor) segments.push({ class: 'after_hours', start: cursor, end: span.start });
    const last = segments[segments.length - 1];
    if (last?.class === 'business' && last.end >= span.start) last.end = Math.max(last.end, span.end);
    else segments.push({ class: 'business', start: Math.max(cursor, span.start), end: span.end });
    cursor = Math.max(cursor, span.end);
  }
  if (cursor < dayEnd) segments.push({ class: 'after_hours', start: cursor, end: dayEnd });
  return segments;
}

/** The day dayOf found last, per zone: consecutive sessions of one customer mostly fall on the same or the next day. */
const LAST_DAY = new Map<string, string>();

/** The local date whose day [startOfDay, next startOfDay) holds epoch ms `ms`. */
function dayOf(ms: number, timeZone: string): string {
  const last = LAST_DAY.get(timeZone);
  if (last !== undefined) {
    for (const date of [last, addDays(last, 1)]) {
      if (readingMs(date, '00:00', timeZone) <= ms && ms < readingMs(date, '24:00', timeZone)) {
        LAST_DAY.set(timeZone, date);
        return date;
      }
    }
  }
  let date = localDate(new Date(ms), timeZone);
  // localDate and startOfDay read the same Intl clock, so these loops only guard against a disagreement.
  while (readingMs(date, '00:00', timeZone) > ms) date = addDays(date, -1);
  while (readingMs(date, '24:00', timeZone) <= ms) date = addDays(date, 1);
  if (LAST_DAY.size > 1_000) LAST_DAY.clear();
  LAST_DAY.set(timeZone, date);
  return date;
}

/** The rate class of `instant` under `schedule` and `holidays`. */
export function classify(instant: Date, schedule: BusinessSchedule, holidays: ReadonlySet<string>): RateClass {
  assertSchedule(schedule);
  assertHolidays(holidays);
  const ms = instantMs(instant);
  const segments = daySegments(dayOf(ms, schedule.timeZone), schedule, holidays);
  return segments.find((segment) => segment.start <= ms && ms < segment.end)?.class ?? 'after_hours';
}

/** The rate class of a session: the class of its start instant (what a per-session plan charges, 0 seconds included). */
export function classOfStart(start: Date, schedule: BusinessSchedule, holidays: ReadonlySet<string>): RateClass {
  return classify(start, schedule, holidays);
}

/**
 * The session [start, end) cut at every class boundary, consecutive pieces of one class merged; the pieces' seconds
 * add up to `durationSeconds(start, end)` (rules in the header). start = end gives [].
 */
export function splitByClass(start: Date, end: Date, schedule: BusinessSchedule, holidays: ReadonlySet<string>): ClassPiece[] {
  assertSchedule(schedule);
  assertHolidays(holidays);
  const from = instantMs(start, 'start');
  const to = instantMs(end, 'end');
  const total = durationSeconds(start, end); // throws when end < start
  if (from === to) return [];
  const pieces: Segment[] = [];
  let date = dayOf(from, schedule.timeZone);
  let cursor = from;
  while (cursor < to) {
    for (const segment of daySegments(date, schedule, holidays)) {
      const a = Math.max(segment.start, cursor);
      const b = Math.min(segment.end, to);
      if (a >= b) continue;
      const last = pieces[pieces.length - 1];
      if (last?.class === segment.class) last.end = b;
      else pieces.push({ class: segment.class, start: a, end: b });
      cursor = b;
    }
    date = addDays(date, 1);
  }
  const secondsTo = (ms: number) => Math.min(total, Math.ceil((ms - from) / 1000));
  return pieces.map((piece) => ({
    class: piece.class,
    seconds: secondsTo(piece.end) - secondsTo(piece.start),
    start: new Date(piece.start),
    end: new Date(piece.end),
  }));
}

/** Seconds per rate class of some pieces (every class present, 0 when none). */
export function secondsByClass(pieces: readonly Pick<ClassPiece, 'class' | 'seconds'>[]): Record<RateClass, number> {
  const totals: Record<RateClass, number> = { business: 0, after_hours: 0, weekend: 0, holiday: 0 };
  for (const piece of pieces) totals[piece.class] += piece.seconds;
  return totals;
}
