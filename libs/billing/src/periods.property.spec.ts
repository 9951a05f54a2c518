import fc from 'fast-check';
import { IANAZone } from 'luxon';
import { addDays, localDate, startOfDay } from './calendar';
import { BILLING_CYCLES, BillingCycle, closedPeriods, periodAt } from './periods';

/** Zones with unusual rules: midnight DST changes, 30/45-minute offsets, skipped days, Ramadan DST. */
const ZONES = [
  'UTC',
  'Europe/Berlin',
  'Europe/London',
  'America/New_York',
  'America/Santiago',
  'America/Havana',
  'Asia/Beirut',
  'Asia/Gaza',
  'America/Asuncion',
  'Atlantic/Azores',
  'America/Scoresbysund',
  'Africa/Casablanca',
  'Australia/Lord_Howe',
  'Pacific/Chatham',
  'Asia/Kathmandu',
  'Asia/Kolkata',
  'America/St_Johns',
  'Asia/Tehran',
  'Pacific/Apia',
  'Pacific/Kiritimati',
  'Australia/Sydney',
  'America/Sao_Paulo',
  'Africa/Cairo',
  'America/Godthab',
];
const MONTHS_PER_CYCLE: Record<BillingCycle, number> = { weekly: 0, monthly: 1, quarterly: 3, half_yearly: 6, yearly: 12 };

const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Anchors from 1990 to 2060, with the 28th-31st well represented. */
const anchor = fc
  .record({
    year: fc.integer({ min: 1990, max: 2060 }),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.oneof(fc.integer({ min: 1, max: 31 }), fc.integer({ min: 28, max: 31 })),
  })
  .map(({ year, month, day }) => `${year}-${pad(month)}-${pad(Math.min(day, daysIn(year, month)))}`);
const cycle = fc.constantFrom(...BILLING_CYCLES);
const zone = fc.constantFrom(...ZONES);
const index = fc.integer({ min: -5, max: 120 });

const offsetAt = (name: string, ms: number) => IANAZone.create(name).offset(ms);
const wallClock = (name: string, ms: number) => new Date(ms + offsetAt(name, ms) * 60_000).toISOString().slice(11, 23);

describe('period properties (random zones, anchors, cycles over many years)', () => {
  it('periods are contiguous, strictly increasing and cover their local days', () => {
    fc.assert(
      fc.property(cycle, anchor, zone, index, (c, a, z, i) => {
        const period = periodAt(c, a, z, i);
        const next = periodAt(c, a, z, i + 1);
        expect(period.index).toBe(i);
        expect(period.end.getTime()).toBe(next.start.getTime());
        expect(period.start.getTime()).toBeLessThan(period.end.getTime());
        expect(period.startDate <= period.lastDate).toBe(true);
        expect(period.lastDate).toBe(addDays(next.startDate, -1));
      }),
      { numRuns: 300 },
    );
  });

  it('a period starts at the first instant of its local day (midnight, or the end of a DST gap)', () => {
    fc.assert(
      fc.property(cycle, anchor, zone, index, (c, a, z, i) => {
        const { start, startDate } = periodAt(c, a, z, i);
        const ms = start.getTime();
        expect(localDate(new Date(ms - 1), z) < startDate).toBe(true);
        expect(localDate(start, z) >= startDate).toBe(true);
        const clock = wallClock(z, ms);
        const gap = offsetAt(z, ms - 1) !== offsetAt(z, ms);
        expect(clock === '00:00:00.000' || gap).toBe(true);
        // Only a day skipped whole (Kiritimati 1994-12-31, Apia 2011-12-30) starts on a later day.
        const day = localDate(start, z);
        expect(day === startDate || (gap && day > startDate)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('boundaries follow the anchor: same weekday, or the anchor day clamped to the month end', () => {
    fc.assert(
      fc.property(cycle, anchor, index, (c, a, i) => {
        const { startDate } = periodAt(c, a, 'UTC', i);
        const months = MONTHS_PER_CYCLE[c];
        if (months === 0) {
          expect(startDate).toBe(addDays(a, 7 * i));
          return;
        }
        const [ay, am, ad] = a.split('-').map(Number);
        const [y, m, d] = startDate.split('-').map(Number);
        expect(y * 12 + m - (ay * 12 + am)).toBe(i * months);
        expect(d).toBe(Math.min(ad, daysIn(y, m)));
      }),
      { numRuns: 500 },
    );
  });

  it('a period lasts its number of calendar days, give or take DST hours (zones that never skipped a day)', () => {
    const zones = ZONES.filter((z) => z !== 'Pacific/Apia' && z !== 'Pacific/Kiritimati');
    fc.assert(
      fc.property(cycle, anchor, fc.constantFrom(...zones), index, (c, a, z, i) => {
        const period = periodAt(c, a, z, i);
        const utc = periodAt(c, a, 'UTC', i);
        const drift = Math.abs(period.end.getTime() - period.start.getTime() - (utc.end.getTime() - utc.start.getTime()));
        expect(drift).toBeLessThanOrEqual(2 * 3_600_000);
        expect(period.startDate).toBe(utc.startDate);
        expect(period.lastDate).toBe(utc.lastDate);
      }),
      { numRuns: 300 },
    );
  });

  it('closedPeriods returns exactly the closed, not-ended periods in order, each once', () => {
    const input = fc.record({
      cycle: fc.constantFrom<BillingCycle>('weekly', 'monthly', 'quarterly'),
      billStartDate: anchor.filter((a) => a >= '2015-01-01' && a < '2030-01-01'),
      timeZone: zone,
      asOfOffsetDays: fc.integer({ min: -30, max: 900 }),
      fromIndex: fc.integer({ min: 0, max: 10 }),
      endedAfterDays: fc.option(fc.integer({ min: -10, max: 900 }), { nil: null }),
    });
    fc.assert(
      fc.property(input, (p) => {
        const anchorMs = Date.parse(`${p.billStartDate}T00:00:00Z`);
        const asOf = new Date(anchorMs + p.asOfOffsetDays * 86_400_000);
        const endedAt = p.endedAfterDays === null ? null : new Date(anchorMs + p.endedAfterDays * 86_400_000);
        const periods = closedPeriods({ ...p, asOf, endedAt });
        periods.forEach((period, k) => {
          expect(period.index).toBe(p.fromIndex + k);
          expect(period.end.getTime()).toBeLessThanOrEqual(asOf.getTime());
          if (endedAt) expect(period.start.getTime()).toBeLessThan(endedAt.getTime());
        });
        const next = periodAt(p.cycle, p.billStartDate, p.timeZone, p.fromIndex + periods.length);
        const nextIsBillable = next.end <= asOf && (endedAt === null || next.start < endedAt);
        expect(nextIsBillable).toBe(false);
        // Billing again later, from the next index, never repeats or skips a period.
        const later = closedPeriods({ ...p, asOf: new Date(asOf.getTime() + 400 * 86_400_000), endedAt });
        expect(later.slice(0, periods.length)).toEqual(periods);
      }),
      { numRuns: 150 },
    );
  });

  it('every day of 2021-2028, in zones whose DST changes touch midnight, starts at its first instant', () => {
    const midnightZones = [
      'America/Santiago',
      'America/Havana',
      'Asia/Beirut',
      'America/Asuncion',
      'Asia/Gaza',
      'Atlantic/Azores',
      'America/Scoresbysund',
      'Africa/Cairo',
      'Europe/Berlin',
      'America/New_York',
    ];
    const failures: string[] = [];
    let gaps = 0;
    for (const z of midnightZones) {
      let previous = startOfDay('2020-12-31', z).getTime();
      for (let date = '2021-01-01'; date < '2029-01-01'; date = addDays(date, 1)) {
        const ms = startOfDay(date, z).getTime();
        const inGap = wallClock(z, ms) !== '00:00:00.000';
        if (inGap) gaps += 1;
        const ok =
          ms > previous &&
          localDate(new Date(ms - 1), z) < date &&
          localDate(new Date(ms), z) === date &&
          (!inGap || offsetAt(z, ms - 1) < offsetAt(z, ms));
        if (!ok) failures.push(`${z} ${date}`);
        previous = ms;
      }
    }
    expect(failures).toEqual([]);
    expect(gaps).toBeGreaterThan(20); // Santiago, Havana, Beirut, Asuncion, Gaza… skip midnight
  });
});
