import fc from 'fast-check';
import { checkEnd, coveredEnd, covers, prorationOf, startsAfterPrevious } from './lifecycle';
import { prorate, rateBill, rateDevices, rateLateUsageBill } from './rating';

const at = (s: string) => new Date(s);
const january = { start: at('2026-01-01T00:00:00Z'), end: at('2026-02-01T00:00:00Z') };
const plan = {
  currency: 'USD',
  billingType: 'per_session' as const,
  sessionRateMinor: 1000,
  hourRateMinor: 0,
  unattendedDeviceRateMinor: 3100,
  billingIncrementMinutes: 0,
  minimumBillableMinutes: 0,
};

describe('association intervals', () => {
  it('covers [startsAt, endedAt): the start is inside, the end is not', () => {
    const a = { startsAt: at('2026-01-01T00:00:00Z'), endedAt: at('2026-01-15T12:00:00Z') };
    expect(covers(a, at('2026-01-01T00:00:00Z'))).toBe(true);
    expect(covers(a, at('2026-01-15T11:59:59.999Z'))).toBe(true);
    expect(covers(a, at('2026-01-15T12:00:00Z'))).toBe(false);
    expect(covers(a, at('2025-12-31T23:59:59Z'))).toBe(false);
    expect(covers({ startsAt: a.startsAt, endedAt: null }, at('2099-01-01T00:00:00Z'))).toBe(true);
  });

  it('cuts the last period short at the end and prorates by the seconds covered', () => {
    expect(coveredEnd(january, null)).toBe(january.end);
    expect(coveredEnd(january, at('2026-03-01T00:00:00Z'))).toBe(january.end);
    expect(coveredEnd(january, at('2026-01-15T12:00:00Z'))).toEqual(at('2026-01-15T12:00:00Z'));
    expect(prorationOf(january, null)).toBeNull();
    expect(prorationOf(january, january.end)).toBeNull();
    // 14.5 days of 31: 1,252,800 of 2,678,400 seconds.
    expect(prorationOf(january, at('2026-01-15T12:00:00Z'))).toEqual({ coveredSeconds: 1_252_800, periodSeconds: 2_678_400 });
  });

  it('checks an end against the start and the last billed period', () => {
    const startsAt = at('2026-01-01T00:00:00Z');
    expect(checkEnd({ startsAt, billedThrough: null, endedAt: at('2025-12-31T00:00:00Z') })).toBe('END_BEFORE_START');
    expect(checkEnd({ startsAt, billedThrough: null, endedAt: startsAt })).toBeNull();
    expect(checkEnd({ startsAt, billedThrough: at('2026-03-01T00:00:00Z'), endedAt: at('2026-02-15T00:00:00Z') })).toBe(
      'END_BEFORE_BILLED_PERIOD',
    );
    expect(checkEnd({ startsAt, billedThrough: at('2026-03-01T00:00:00Z'), endedAt: at('2026-03-01T00:00:00Z') })).toBeNull();
    expect(startsAfterPrevious(at('2026-01-01T00:00:00Z'), null)).toBe(true);
    expect(startsAfterPrevious(at('2026-01-01T00:00:00Z'), at('2026-01-01T00:00:00Z'))).toBe(true);
    expect(startsAfterPrevious(at('2025-12-31T23:00:00Z'), at('2026-01-01T00:00:00Z'))).toBe(false);
  });
});

describe('prorated fixed charges', () => {
  it('prorates the device line once, half away from zero', () => {
    // 3100 × 14.5 / 31 = 1450 exactly; 1 device at 1000 for 1 of 3 seconds = 333.33 → 333; for 2 of 3 = 666.67 → 667.
    expect(rateDevices(1, plan, { coveredSeconds: 1_252_800, periodSeconds: 2_678_400 })!.amountMinor).toBe(1450);
    expect(prorate(1000, { coveredSeconds: 1, periodSeconds: 3 })).toBe(333);
    expect(prorate(1000, { coveredSeconds: 2, periodSeconds: 3 })).toBe(667);
    expect(prorate(1, { coveredSeconds: 1, periodSeconds: 2 })).toBe(1);
    expect(prorate(1000, null)).toBe(1000);
    // 3 devices at 3100: rounded once on the line (9300 × 1/7 = 1328.57 → 1329), not per device (3 × 443 = 1329 by chance; 5 × 443 = 2215 vs 2214).
    expect(rateDevices(5, plan, { coveredSeconds: 1, periodSeconds: 7 })!.amountMinor).toBe(2214);
    expect(rateDevices(1, plan, { coveredSeconds: 1_252_800, periodSeconds: 2_678_400 })!.description).toBe(
      'Unattended devices, prorated to 46.7742 % of the period',
    );
    expect(rateDevices(1, plan)!.description).toBe('Unattended devices');
  });

  it('never prorates usage, and refuses a proration outside 0..full', () => {
    const bill = rateBill({
      plan,
      sessionDurations: [60, 60],
      lateSessionDurations: [],
      deviceCount: 1,
      proration: { coveredSeconds: 1, periodSeconds: 2 },
    });
    expect(bill.lines.map((l) => [l.kind, l.amountMinor])).toEqual([
      ['sessions', 2000],
      ['devices', 1550],
    ]);
    expect(() => prorate(100, { coveredSeconds: 3, periodSeconds: 2 })).toThrow(RangeError);
    expect(() => prorate(100, { coveredSeconds: 1, periodSeconds: 0 })).toThrow(RangeError);
  });

  it('a proration is never more than the full charge and never negative', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 12 }), fc.integer({ min: 1, max: 40 * 86_400 }), fc.nat(), (amount, full, c) => {
        const covered = c % (full + 1);
        const p = prorate(amount, { coveredSeconds: covered, periodSeconds: full });
        expect(p).toBeGreaterThanOrEqual(0);
        expect(p).toBeLessThanOrEqual(amount);
        // Within half a minor unit of the exact value amount × covered / full.
        expect(Math.abs(p * full - amount * covered)).toBeLessThanOrEqual(full / 2);
      }),
    );
  });

  it('rates a late-usage bill as one late_usage line on the plan snapshot', () => {
    expect(rateLateUsageBill(plan, [60, 120, 0]).lines).toEqual([
      {
        kind: 'late_usage',
        description: 'Late usage from earlier periods',
        quantity: 3,
        unit: 'session',
        unitAmountMinor: 1000,
        amountMinor: 3000,
      },
    ]);
  });
});
