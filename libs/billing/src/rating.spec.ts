import fc from 'fast-check';
import { roundHalfUp } from './money';
import { billableSeconds, BillLine, PlanSnapshot, rateBill, rateDevices, ratePerHour, ratePerSession, usageRaterFor } from './rating';

const plan = (overrides: Partial<PlanSnapshot> = {}): PlanSnapshot => ({
  currency: 'USD',
  billingType: 'per_hour',
  sessionRateMinor: 2500,
  hourRateMinor: 1000,
  unattendedDeviceRateMinor: 300,
  billingIncrementMinutes: 0,
  minimumBillableMinutes: 0,
  ...overrides,
});
const min = (m: number) => m * 60;
const line = (lines: BillLine[], kind: BillLine['kind']) => lines.find((l) => l.kind === kind);

describe('billableSeconds', () => {
  it.each([
    // [duration, increment, minimum, billable]
    [0, 1, 0, 0],
    [1, 1, 0, 60],
    [59, 1, 0, 60],
    [60, 1, 0, 60],
    [61, 1, 0, 120],
    [1, 6, 0, 360],
    [360, 6, 0, 360],
    [361, 6, 0, 720],
    [1, 15, 0, 900],
    [900, 15, 0, 900],
    [901, 15, 0, 1800],
    [min(20), 15, 0, min(30)],
    [1, 30, 0, 1800],
    [1801, 30, 0, 3600],
    [min(45), 30, 0, min(60)],
    [1, 60, 0, 3600],
    [3600, 60, 0, 3600],
    [3601, 60, 0, 7200],
    [0, 0, 0, 0],
    [61, 0, 0, 61],
    [3599, 0, 0, 3599],
    [0, 0, 5, 300],
    [10, 1, 5, 300],
    [301, 1, 5, 360],
    [299, 15, 5, 900],
    [min(4), 6, 10, min(12)],
    [min(11), 0, 10, min(11)],
  ])('duration %i s, increment %i min, minimum %i min → %i s', (duration, increment, minimum, expected) => {
    expect(billableSeconds(duration, { billingIncrementMinutes: increment, minimumBillableMinutes: minimum })).toBe(expected);
  });

  it.each([-1, 1.5, NaN, Infinity])('rejects duration %p', (duration) =>
    expect(() => billableSeconds(duration, plan())).toThrow(RangeError),
  );

  it('rejects bad plan minutes', () => {
    expect(() => billableSeconds(1, { billingIncrementMinutes: -1, minimumBillableMinutes: 0 })).toThrow(RangeError);
    expect(() => billableSeconds(1, { billingIncrementMinutes: 1, minimumBillableMinutes: 0.5 })).toThrow(RangeError);
  });

  it('is the smallest multiple of the increment that covers duration and minimum', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10 * 86400 }),
        fc.constantFrom(0, 1, 6, 15, 30, 60),
        fc.integer({ min: 0, max: 120 }),
        (duration, increment, minimum) => {
          const billable = billableSeconds(duration, { billingIncrementMinutes: increment, minimumBillableMinutes: minimum });
          const floor = Math.max(duration, minimum * 60);
          expect(Number.isSafeInteger(billable)).toBe(true);
          expect(billable).toBeGreaterThanOrEqual(floor);
          if (increment > 0) {
            expect(billable % (increment * 60)).toBe(0);
            expect(billable - floor).toBeLessThan(increment * 60);
          } else {
            expect(billable).toBe(floor);
          }
          expect(
            billableSeconds(duration + 1, { billingIncrementMinutes: increment, minimumBillableMinutes: minimum }),
          ).toBeGreaterThanOrEqual(billable);
        },
      ),
    );
  });
});

describe('usage raters (one per pricing rule)', () => {
  it('the factory picks the rater of the billing type', () => {
    expect(usageRaterFor('per_session')).toBe(ratePerSession);
    expect(usageRaterFor('per_hour')).toBe(ratePerHour);
    expect(() => usageRaterFor('per_byte' as never)).toThrow(RangeError);
  });

  it('per session counts sessions whatever their length', () => {
    expect(ratePerSession(plan(), [1, 7200, 0])).toEqual({ quantity: 3, unit: 'session', unitAmountMinor: 2500, amountMinor: 7500 });
  });

  it('per hour rounds once per line: 3 sessions of 20 min at 1000/h cost 1000, not 3 × 333', () => {
    expect(ratePerHour(plan(), [min(20), min(20), min(20)])).toEqual({
      quantity: 1,
      unit: 'hour',
      unitAmountMinor: 1000,
      amountMinor: 1000,
    });
  });

  it('per hour rounds half away from zero and shows hours to 4 decimals', () => {
    expect(ratePerHour(plan({ hourRateMinor: 1 }), [1800]).amountMinor).toBe(1); // 0.5 → 1
    expect(ratePerHour(plan({ hourRateMinor: 1 }), [1799]).amountMinor).toBe(0);
    expect(ratePerHour(plan({ hourRateMinor: 1000 }), [min(1)])).toMatchObject({ quantity: 0.0167, amountMinor: 17 });
    expect(ratePerHour(plan({ hourRateMinor: 1000 }), [1])).toMatchObject({ quantity: 0.0003, amountMinor: 0 });
    expect(ratePerHour(plan({ billingIncrementMinutes: 15 }), [min(20), min(20), min(20)])).toMatchObject({
      quantity: 1.5,
      amountMinor: 1500,
    });
  });
});

describe('rateBill', () => {
  it('per_session: a sessions line of count × session rate, the hour rate ignored', () => {
    const bill = rateBill({
      plan: plan({ billingType: 'per_session' }),
      sessionDurations: [60, 3600, 5],
      lateSessionDurations: [],
      deviceCount: 0,
    });
    expect(bill).toEqual({
      lines: [{ kind: 'sessions', description: 'Remote sessions', quantity: 3, unit: 'session', unitAmountMinor: 2500, amountMinor: 7500 }],
      subtotalMinor: 7500,
    });
  });

  it('per_hour: an hours line, the session rate ignored', () => {
    const bill = rateBill({ plan: plan(), sessionDurations: [min(20), min(20), min(20)], lateSessionDurations: [], deviceCount: 0 });
    expect(bill.lines).toEqual([
      { kind: 'hours', description: 'Session hours', quantity: 1, unit: 'hour', unitAmountMinor: 1000, amountMinor: 1000 },
    ]);
    expect(bill.subtotalMinor).toBe(1000);
  });

  it('keeps a usage line of 0 when nothing was used, so a bill of 0 shows what was counted', () => {
    expect(rateBill({ plan: plan(), sessionDurations: [], lateSessionDurations: [], deviceCount: 0 })).toEqual({
      lines: [{ kind: 'hours', description: 'Session hours', quantity: 0, unit: 'hour', unitAmountMinor: 1000, amountMinor: 0 }],
      subtotalMinor: 0,
    });
    const sessions = rateBill({
      plan: plan({ billingType: 'per_session' }),
      sessionDurations: [],
      lateSessionDurations: [],
      deviceCount: 0,
    });
    expect(sessions.lines.map((l) => [l.kind, l.quantity, l.amountMinor])).toEqual([['sessions', 0, 0]]);
  });

  it('adds a devices line when devices were active', () => {
    const bill = rateBill({ plan: plan(), sessionDurations: [3600], lateSessionDurations: [], deviceCount: 4 });
    expect(line(bill.lines, 'devices')).toEqual({
      kind: 'devices',
      description: 'Unattended devices',
      quantity: 4,
      unit: 'device',
      unitAmountMinor: 300,
      amountMinor: 1200,
    });
    expect(bill.subtotalMinor).toBe(2200);
    expect(rateDevices(0, plan())).toBeNull();
  });

  it('rates late sessions on their own line, like the usage line and rounded once', () => {
    const hourly = rateBill({
      plan: plan(),
      sessionDurations: [min(20)],
      lateSessionDurations: [min(20), min(20), min(20)],
      deviceCount: 1,
    });
    expect(hourly.lines.map((l) => l.kind)).toEqual(['hours', 'devices', 'late_usage']);
    expect(line(hourly.lines, 'late_usage')).toEqual({
      kind: 'late_usage',
      description: 'Late usage from earlier periods',
      quantity: 1,
      unit: 'hour',
      unitAmountMinor: 1000,
      amountMinor: 1000,
    });
    expect(line(hourly.lines, 'hours')?.amountMinor).toBe(333);
    expect(hourly.subtotalMinor).toBe(333 + 300 + 1000);
    const perSession = rateBill({
      plan: plan({ billingType: 'per_session' }),
      sessionDurations: [],
      lateSessionDurations: [5, 6],
      deviceCount: 0,
    });
    expect(line(perSession.lines, 'late_usage')).toMatchObject({ quantity: 2, unit: 'session', amountMinor: 5000 });
  });

  it('works in zero- and three-decimal currencies alike (amounts are minor units)', () => {
    const yen = rateBill({
      plan: plan({ currency: 'JPY', hourRateMinor: 5000 }),
      sessionDurations: [min(90)],
      lateSessionDurations: [],
      deviceCount: 0,
    });
    expect(yen.subtotalMinor).toBe(7500);
    const dinar = rateBill({
      plan: plan({ currency: 'BHD', hourRateMinor: 12345 }),
      sessionDurations: [min(10)],
      lateSessionDurations: [],
      deviceCount: 0,
    });
    expect(dinar.subtotalMinor).toBe(2058); // 12345 / 6 = 2057.5 → 2058
  });

  it('rejects bad plans, durations, counts and unsafe results', () => {
    const input = { plan: plan(), sessionDurations: [60], lateSessionDurations: [], deviceCount: 0 };
    expect(() => rateBill({ ...input, plan: plan({ currency: 'XAU' }) })).toThrow(RangeError);
    expect(() => rateBill({ ...input, plan: plan({ billingType: 'flat' as never }) })).toThrow(RangeError);
    expect(() => rateBill({ ...input, plan: plan({ hourRateMinor: -1 }) })).toThrow(RangeError);
    expect(() => rateBill({ ...input, plan: plan({ sessionRateMinor: 0.5 }) })).toThrow(RangeError);
    expect(() => rateBill({ ...input, sessionDurations: [-1] })).toThrow(RangeError);
    expect(() => rateBill({ ...input, plan: plan({ billingType: 'per_session' }), sessionDurations: [1.5] })).toThrow(RangeError);
    expect(() => rateBill({ ...input, lateSessionDurations: [NaN] })).toThrow(RangeError);
    expect(() => rateBill({ ...input, deviceCount: -1 })).toThrow(RangeError);
    expect(() => rateBill({ ...input, deviceCount: 2, plan: plan({ unattendedDeviceRateMinor: Number.MAX_SAFE_INTEGER }) })).toThrow(
      RangeError,
    );
  });
});

describe('rateBill properties', () => {
  const plans = fc.record({
    currency: fc.constantFrom('USD', 'JPY', 'BHD', 'CLF', 'EUR'),
    billingType: fc.constantFrom('per_session' as const, 'per_hour' as const),
    sessionRateMinor: fc.integer({ min: 0, max: 1_000_000 }),
    hourRateMinor: fc.integer({ min: 0, max: 1_000_000 }),
    unattendedDeviceRateMinor: fc.integer({ min: 0, max: 1_000_000 }),
    billingIncrementMinutes: fc.constantFrom(0, 1, 6, 15, 30, 60),
    minimumBillableMinutes: fc.constantFrom(0, 1, 5, 15),
  });
  const durations = fc.array(fc.integer({ min: 0, max: 12 * 3600 }), { maxLength: 40 });

  it('subtotal is the sum of the lines; amounts are non-negative integers; line kinds follow the rules', () => {
    fc.assert(
      fc.property(plans, durations, durations, fc.integer({ min: 0, max: 500 }), (p, current, late, devices) => {
        const bill = rateBill({ plan: p, sessionDurations: current, lateSessionDurations: late, deviceCount: devices });
        expect(bill.subtotalMinor).toBe(bill.lines.reduce((sum, l) => sum + l.amountMinor, 0));
        for (const l of bill.lines) {
          expect(Number.isSafeInteger(l.amountMinor)).toBe(true);
          expect(l.amountMinor).toBeGreaterThanOrEqual(0);
        }
        expect(bill.lines[0].kind).toBe(p.billingType === 'per_hour' ? 'hours' : 'sessions');
        expect(line(bill.lines, 'devices') !== undefined).toBe(devices > 0);
        expect(line(bill.lines, 'late_usage') !== undefined).toBe(late.length > 0);
      }),
    );
  });

  it('per hour is the exact rational amount of the summed billable seconds, rounded half-up once', () => {
    fc.assert(
      fc.property(plans, durations, (p, current) => {
        const hourly = { ...p, billingType: 'per_hour' as const };
        const seconds = current.reduce((sum, d) => sum + billableSeconds(d, hourly), 0);
        const { amountMinor } = ratePerHour(hourly, current);
        expect(BigInt(amountMinor)).toBe(roundHalfUp(BigInt(seconds) * BigInt(p.hourRateMinor), 3600n));
        // Never more than the sum of per-session ceilings, never less than the sum of floors.
        const ceilings = current.reduce((sum, d) => sum + Math.ceil((billableSeconds(d, hourly) * p.hourRateMinor) / 3600), 0);
        const floors = current.reduce((sum, d) => sum + Math.floor((billableSeconds(d, hourly) * p.hourRateMinor) / 3600), 0);
        expect(amountMinor).toBeLessThanOrEqual(ceilings);
        expect(amountMinor).toBeGreaterThanOrEqual(floors);
      }),
    );
  });
});
