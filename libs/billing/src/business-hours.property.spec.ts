import fc from 'fast-check';
import { DateTime } from 'luxon';
import { BusinessInterval, BusinessSchedule, classify, splitByClass } from './business-hours';
import { addDays, localDate } from './calendar';
import { durationSeconds } from './usage';

const ZONES = ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe', 'Pacific/Chatham'];
const DAY_MS = 86_400_000;
const FROM = Date.UTC(2026, 0, 1);
const TO = Date.UTC(2028, 0, 1);
/** DST change days of the zones above in 2026–2027 (Berlin, New York, Lord Howe's 30-minute change, Chatham). */
const DST_DAYS = [
  '2026-03-29',
  '2026-10-25',
  '2027-03-28',
  '2027-10-31',
  '2026-03-08',
  '2026-11-01',
  '2027-03-14',
  '2027-11-07',
  '2026-04-05',
  '2026-10-04',
  '2027-04-04',
  '2027-10-03',
  '2026-09-27',
  '2027-09-26',
].map((day) => Date.parse(`${day}T00:00:00Z`));

const pad = (n: number) => String(n).padStart(2, '0');
const reading = (minutes: number) => `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;

/** Start instants over 2026–2027, half of them within two days of a DST change. */
const startMs = fc.oneof(
  fc.integer({ min: FROM, max: TO - 1 }),
  fc.tuple(fc.constantFrom(...DST_DAYS), fc.integer({ min: -2 * DAY_MS, max: 2 * DAY_MS })).map(([day, shift]) => day + shift),
);
/** Durations up to 7 days, with 0 and sub-second sessions well represented. */
const durationMs = fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 2500 }), fc.integer({ min: 0, max: 7 * DAY_MS }));
/** A day's intervals: sorted distinct minute points (whole and half hours mostly, to meet DST changes), paired up. */
const dayHours = fc
  .uniqueArray(
    fc.oneof(
      fc.integer({ min: 0, max: 48 }).map((half) => half * 30),
      fc.integer({ min: 0, max: 1440 }),
    ),
    { maxLength: 6 },
  )
  .map((points) => {
    const sorted = [...points].sort((a, b) => a - b);
    const intervals: BusinessInterval[] = [];
    for (let i = 0; i + 1 < sorted.length; i += 2) intervals.push({ start: reading(sorted[i]), end: reading(sorted[i + 1]) });
    return intervals;
  });
const schedule = fc
  .record({
    timeZone: fc.constantFrom(...ZONES),
    weekendDays: fc.option(fc.subarray([1, 2, 3, 4, 5, 6, 7]), { nil: undefined }),
    days: fc.array(dayHours, { minLength: 7, maxLength: 7 }),
  })
  .map(({ timeZone, weekendDays, days }): BusinessSchedule => ({
    timeZone,
    ...(weekendDays === undefined ? {} : { weekendDays }),
    hours: Object.fromEntries(days.map((intervals, i) => [i + 1, intervals])),
  }));
/** Holidays as day offsets from the session's first local day. */
const holidayOffsets = fc.uniqueArray(fc.integer({ min: -1, max: 8 }), { maxLength: 4 });

/** An independent model of the class (luxon's clock), for days without an offset change. */
function modelClass(ms: number, s: BusinessSchedule, holidays: ReadonlySet<string>): string | undefined {
  const wall = DateTime.fromMillis(ms, { zone: s.timeZone });
  const date = wall.toISODate() ?? '';
  if (holidays.has(date)) return 'holiday';
  if ((s.weekendDays ?? [6, 7]).includes(wall.weekday)) return 'weekend';
  const dayStart = wall.startOf('day');
  if (dayStart.offset !== dayStart.plus({ days: 1 }).minus({ milliseconds: 1 }).offset) return undefined; // a DST day
  const minutes = wall.hour * 60 + wall.minute;
  const intervals = s.hours[wall.weekday as 1] ?? [];
  const toMinutes = (r: string) => Number(r.slice(0, 2)) * 60 + Number(r.slice(3));
  return intervals.some((i) => toMinutes(i.start) <= minutes && minutes < toMinutes(i.end)) ? 'business' : 'after_hours';
}

describe('splitByClass properties (random sessions, schedules, holidays and zones, 2026–2027)', () => {
  it('pieces cover the session contiguously, alternate classes, add up to its whole seconds and agree with classify', () => {
    fc.assert(
      fc.property(
        startMs,
        durationMs,
        schedule,
        holidayOffsets,
        fc.double({ min: 0, max: 1, noNaN: true }),
        (from, length, s, offsets, u) => {
          const start = new Date(from);
          const end = new Date(from + length);
          const firstDay = localDate(start, s.timeZone);
          const holidays = new Set(offsets.map((offset) => addDays(firstDay, offset)));
          const pieces = splitByClass(start, end, s, holidays);

          if (length === 0) {
            expect(pieces).toEqual([]);
            return;
          }
          expect(pieces[0].start.getTime()).toBe(from);
          expect(pieces[pieces.length - 1].end.getTime()).toBe(from + length);
          let seconds = 0;
          pieces.forEach((piece, i) => {
            expect(piece.start.getTime()).toBeLessThan(piece.end.getTime());
            if (i > 0) {
              expect(piece.start.getTime()).toBe(pieces[i - 1].end.getTime());
              expect(piece.class).not.toBe(pieces[i - 1].class);
            }
            expect(Number.isSafeInteger(piece.seconds) && piece.seconds >= 0).toBe(true);
            // a piece holds the seconds that start in it, so never more than its length rounded up
            expect(piece.seconds).toBeLessThanOrEqual(Math.ceil((piece.end.getTime() - piece.start.getTime()) / 1000));
            expect(classify(piece.start, s, holidays)).toBe(piece.class);
            expect(classify(new Date(piece.end.getTime() - 1), s, holidays)).toBe(piece.class);
            seconds += piece.seconds;
          });
          expect(seconds).toBe(durationSeconds(start, end));

          // A random instant of the session: its piece's class, and the model's where the model knows.
          const at = from + Math.min(length - 1, Math.floor(u * length));
          const piece = pieces.find((p) => p.start.getTime() <= at && at < p.end.getTime());
          expect(piece?.class).toBe(classify(new Date(at), s, holidays));
          const model = modelClass(at, s, holidays);
          if (model !== undefined) expect(piece?.class).toBe(model);
        },
      ),
      { numRuns: 300 },
    );
  });
});
