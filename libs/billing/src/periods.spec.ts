import { billDates, BILLING_CYCLES, BillingCycle, boundaryDate, closedPeriods, isBillingCycle, periodAt, periodIndexAt } from './periods';

const iso = (s: string) => new Date(s);
const hours = (p: { start: Date; end: Date }) => (p.end.getTime() - p.start.getTime()) / 3_600_000;
const dates = (cycle: BillingCycle, anchor: string, count: number) =>
  Array.from({ length: count }, (_, i) => boundaryDate(cycle, anchor, i));

describe('cycles', () => {
  it('knows its cycles', () => {
    expect(BILLING_CYCLES).toEqual(['weekly', 'monthly', 'quarterly', 'half_yearly', 'yearly']);
    expect(isBillingCycle('monthly')).toBe(true);
    expect(isBillingCycle('daily')).toBe(false);
  });
});

describe('period boundaries', () => {
  it('clamps month ends and returns to the anchor day (monthly from 2024-01-31)', () => {
    expect(dates('monthly', '2024-01-31', 6)).toEqual(['2024-01-31', '2024-02-29', '2024-03-31', '2024-04-30', '2024-05-31', '2024-06-30']);
    expect(boundaryDate('monthly', '2024-01-31', 13)).toBe('2025-02-28');
    expect(periodAt('monthly', '2024-01-31', 'UTC', 0).lastDate).toBe('2024-02-28');
    expect(periodAt('monthly', '2024-01-31', 'UTC', 1).lastDate).toBe('2024-03-30');
  });

  it('quarterly from 2025-11-30', () =>
    expect(dates('quarterly', '2025-11-30', 5)).toEqual(['2025-11-30', '2026-02-28', '2026-05-30', '2026-08-30', '2026-11-30']));

  it('half-yearly from 2024-08-31', () =>
    expect(dates('half_yearly', '2024-08-31', 4)).toEqual(['2024-08-31', '2025-02-28', '2025-08-31', '2026-02-28']));

  it('yearly from 2024-02-29', () =>
    expect(dates('yearly', '2024-02-29', 5)).toEqual(['2024-02-29', '2025-02-28', '2026-02-28', '2027-02-28', '2028-02-29']));

  it('weekly steps seven days, across months and years', () =>
    expect(dates('weekly', '2025-12-25', 3)).toEqual(['2025-12-25', '2026-01-01', '2026-01-08']));

  it('negative indexes are the virtual periods before the anchor', () => {
    expect(boundaryDate('monthly', '2024-03-31', -1)).toBe('2024-02-29');
    expect(boundaryDate('weekly', '2026-01-08', -1)).toBe('2026-01-01');
    expect(periodAt('monthly', '2024-03-31', 'UTC', -1).lastDate).toBe('2024-03-30');
  });

  it('rejects bad input', () => {
    expect(() => periodAt('daily' as BillingCycle, '2026-01-01', 'UTC', 0)).toThrow(RangeError);
    expect(() => periodAt('monthly', '2026-02-30', 'UTC', 0)).toThrow(RangeError);
    expect(() => periodAt('monthly', '2026-01-01', '+02:00', 0)).toThrow(RangeError);
    expect(() => periodAt('monthly', '2026-01-01', 'UTC', 0.5)).toThrow(RangeError);
    expect(() => periodAt('yearly', '2026-01-01', 'UTC', 8000)).toThrow(RangeError);
  });
});

describe('periods across DST', () => {
  it('weekly in Berlin: the spring week is 167 h, the autumn week 169 h, boundaries at local midnight', () => {
    const spring = periodAt('weekly', '2026-03-23', 'Europe/Berlin', 0);
    expect(spring).toEqual({
      index: 0,
      start: iso('2026-03-22T23:00:00Z'),
      end: iso('2026-03-29T22:00:00Z'),
      startDate: '2026-03-23',
      lastDate: '2026-03-29',
    });
    expect(hours(spring)).toBe(167);
    const autumn = periodAt('weekly', '2026-03-23', 'Europe/Berlin', 30);
    expect(autumn.startDate).toBe('2026-10-19');
    expect(hours(autumn)).toBe(169);
    expect(autumn.end).toEqual(iso('2026-10-25T23:00:00Z'));
  });

  it('monthly in New York: boundaries stay at local midnight', () => {
    const march = periodAt('monthly', '2026-01-01', 'America/New_York', 2);
    expect(march.start).toEqual(iso('2026-03-01T05:00:00Z'));
    expect(march.end).toEqual(iso('2026-04-01T04:00:00Z'));
    expect(hours(march)).toBe(31 * 24 - 1);
    const november = periodAt('monthly', '2026-01-01', 'America/New_York', 10);
    expect(november.start).toEqual(iso('2026-11-01T04:00:00Z'));
    expect(november.end).toEqual(iso('2026-12-01T05:00:00Z'));
    expect(hours(november)).toBe(30 * 24 + 1);
  });

  it('weekly in Santiago: the period starting on the DST day starts at 01:00', () => {
    const before = periodAt('weekly', '2026-08-30', 'America/Santiago', 0);
    const after = periodAt('weekly', '2026-08-30', 'America/Santiago', 1);
    expect(before.end).toEqual(iso('2026-09-06T04:00:00Z'));
    expect(after.start).toEqual(before.end);
    expect(before.lastDate).toBe('2026-09-05');
    expect(hours(before)).toBe(7 * 24);
    expect(hours(after)).toBe(7 * 24 - 1);
  });
});

describe('a day skipped whole', () => {
  it('shortens its period by a day (Pacific/Kiritimati jumped from -10 to +14 over 1994-12-31)', () => {
    const week = periodAt('weekly', '1994-12-26', 'Pacific/Kiritimati', 0);
    expect(week).toMatchObject({ startDate: '1994-12-26', lastDate: '1995-01-01' });
    expect(hours(week)).toBe(6 * 24);
    expect(periodAt('weekly', '1994-12-26', 'Pacific/Kiritimati', 1).start).toEqual(week.end);
  });
});

describe('closedPeriods', () => {
  const base = { cycle: 'monthly' as const, billStartDate: '2026-01-15', timeZone: 'America/New_York' };
  const end0 = iso('2026-02-15T05:00:00Z');

  it('a period closes at the exact instant of its end', () => {
    expect(closedPeriods({ ...base, asOf: new Date(end0.getTime() - 1) })).toEqual([]);
    expect(closedPeriods({ ...base, asOf: end0 }).map((p) => p.index)).toEqual([0]);
  });

  it('returns every missed period, oldest first, from fromIndex', () => {
    const asOf = iso('2026-04-20T00:00:00Z'); // three cycles missed
    expect(closedPeriods({ ...base, asOf }).map((p) => p.startDate)).toEqual(['2026-01-15', '2026-02-15', '2026-03-15']);
    expect(closedPeriods({ ...base, asOf, fromIndex: 2 }).map((p) => p.index)).toEqual([2]);
    expect(closedPeriods({ ...base, asOf, fromIndex: 3 })).toEqual([]);
    expect(closedPeriods({ ...base, asOf, maxPeriods: 2 }).map((p) => p.index)).toEqual([0, 1]);
  });

  it('an ended association gets no period that starts at or after its end', () => {
    const asOf = iso('2027-01-01T00:00:00Z');
    const start2 = periodAt(base.cycle, base.billStartDate, base.timeZone, 2).start;
    const ids = (endedAt: Date) => closedPeriods({ ...base, asOf, endedAt }).map((p) => p.index);
    expect(ids(start2)).toEqual([0, 1]);
    expect(ids(new Date(start2.getTime() + 1))).toEqual([0, 1, 2]);
    expect(ids(iso('2026-01-01T00:00:00Z'))).toEqual([]);
    // The period in which it ended is billed only once it has closed.
    const midPeriod2 = iso('2026-03-20T00:00:00Z');
    expect(closedPeriods({ ...base, asOf: iso('2026-04-01T00:00:00Z'), endedAt: midPeriod2 }).map((p) => p.index)).toEqual([0, 1]);
    expect(closedPeriods({ ...base, asOf: iso('2026-04-15T04:00:00Z'), endedAt: midPeriod2 }).map((p) => p.index)).toEqual([0, 1, 2]);
    expect(closedPeriods({ ...base, asOf, endedAt: null }).length).toBe(11);
  });

  it('caps absurd ranges and rejects bad arguments', () => {
    const weekly = { ...base, cycle: 'weekly' as const, billStartDate: '1990-01-01', asOf: iso('2100-01-01T00:00:00Z') };
    expect(closedPeriods(weekly)).toHaveLength(1000);
    expect(closedPeriods({ ...weekly, maxPeriods: 3 }).map((p) => p.index)).toEqual([0, 1, 2]);
    expect(() => closedPeriods({ ...weekly, maxPeriods: 0 })).toThrow(RangeError);
    expect(() => closedPeriods({ ...weekly, fromIndex: -1 })).toThrow(RangeError);
    expect(() => closedPeriods({ ...weekly, asOf: new Date(NaN) })).toThrow(RangeError);
    expect(() => closedPeriods({ ...weekly, endedAt: new Date(NaN) })).toThrow(RangeError);
  });
});

describe('billDates', () => {
  it('issues on the last local day, due dueDays later', () => {
    const period = periodAt('monthly', '2026-01-31', 'UTC', 0);
    expect(billDates(period, 14)).toEqual({ issueDate: '2026-02-27', dueDate: '2026-03-13' });
    expect(billDates(period, 0)).toEqual({ issueDate: '2026-02-27', dueDate: '2026-02-27' });
    expect(() => billDates(period, -1)).toThrow(RangeError);
    expect(() => billDates(period, 1.5)).toThrow(RangeError);
  });
});

describe('periodIndexAt', () => {
  it('finds the period holding an instant, clamped to the first and last of those asked about', () => {
    // Monthly from 2026-01-31 in Europe/Berlin: period 1 starts 2026-02-28 00:00 local (23:00Z the day before).
    expect(periodIndexAt('monthly', '2026-01-31', 'Europe/Berlin', new Date('2026-02-27T22:59:59Z'), 6)).toBe(0);
    expect(periodIndexAt('monthly', '2026-01-31', 'Europe/Berlin', new Date('2026-02-27T23:00:00Z'), 6)).toBe(1);
    // Period 2 starts 2026-03-31 00:00 CEST (22:00Z on the 30th, after the clocks went forward).
    expect(periodIndexAt('monthly', '2026-01-31', 'Europe/Berlin', new Date('2026-03-30T22:00:00Z'), 6)).toBe(2);
    expect(periodIndexAt('weekly', '2026-01-05', 'UTC', new Date('2026-01-01T00:00:00Z'), 6)).toBe(0);
    expect(periodIndexAt('weekly', '2026-01-05', 'UTC', new Date('2026-03-01T00:00:00Z'), 6)).toBe(5);
    expect(periodIndexAt('weekly', '2026-01-05', 'UTC', new Date('2026-01-26T00:00:00Z'), 6)).toBe(3);
  });
});
