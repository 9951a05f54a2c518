import { BusinessSchedule } from './business-hours';
import { formatMoney } from './money';
import { commitmentTopUp, RatedSession, RateRules, RateRulesInput, rateWithRules, RatingPlan, UsageLine } from './rate-rules';

/**
 * Every expected value below is worked out by hand in the comments (instants in UTC, local readings beside them).
 * Rates: €80.00/h = 8000 minor units; after hours ×1.5 → €120.00/h, weekend ×2 → €160.00/h.
 */
const H = 3600;
const utc = (s: string) => new Date(`${s}Z`);
/** A session from two UTC readings; its stored duration is the clock's unless given. */
const session = (start: string, end: string, type: RatedSession['type'] = 'attended', durationSeconds?: number): RatedSession => ({
  startedAt: utc(start),
  endedAt: utc(end),
  durationSeconds: durationSeconds ?? Math.floor((utc(end).getTime() - utc(start).getTime()) / 1000),
  type,
});

const perHour: RatingPlan = {
  currency: 'EUR',
  billingType: 'per_hour',
  hourRateMinor: 8000,
  sessionRateMinor: 0,
  billingIncrementMinutes: 0,
  minimumBillableMinutes: 0,
};
const perSession: RatingPlan = { ...perHour, billingType: 'per_session', hourRateMinor: 0, sessionRateMinor: 1500 };

const weekdays = (intervals: { start: string; end: string }[]) => ({
  1: intervals,
  2: intervals,
  3: intervals,
  4: intervals,
  5: intervals,
});
/** Mon–Fri 08:00–18:00 in Berlin, weekend Sat/Sun. */
const berlin: BusinessSchedule = { timeZone: 'Europe/Berlin', hours: weekdays([{ start: '08:00', end: '18:00' }]) };
/** Every day 08:00–18:00, no weekend (a seven-day desk): the DST nights below fall on Sundays. */
const everyDay = (timeZone: string): BusinessSchedule => {
  const day = [{ start: '08:00', end: '18:00' }];
  return { timeZone, weekendDays: [], hours: { 1: day, 2: day, 3: day, 4: day, 5: day, 6: day, 7: day } };
};
const surcharges = (schedule: BusinessSchedule, holidays: string[] = []): NonNullable<RateRules['classes']> => ({
  schedule,
  holidays: new Set(holidays),
  rates: { after_hours: { multiplier: '1.5' }, weekend: { multiplier: '2' }, holiday: { rateMinor: 20000 } },
});
const eur = (minor: number) => formatMoney(minor, 'EUR');

function rate(sessions: RatedSession[], rules: RateRules, more: Partial<RateRulesInput> = {}) {
  return rateWithRules({ plan: perHour, rules, sessions, formatMoney: eur, ...more });
}
/** [class, type, band, units, unitAmountMinor, amountMinor] of each line. */
const rows = (lines: UsageLine[]) => lines.map((l) => [l.class, l.sessionType, l.band, l.units, l.unitAmountMinor, l.amountMinor]);

describe('rateWithRules: classes (Europe/Berlin, Mon–Fri 08:00–18:00)', () => {
  it('Friday 17:00 → Saturday 01:00: business, after hours ×1.5, weekend ×2', () => {
    // 2026-06-12 is a Friday (CEST, UTC+2). 17:00 = 15:00Z, 18:00 = 16:00Z, Saturday 00:00 = 22:00Z, 01:00 = 23:00Z.
    // business 1 h × 80 = 80.00; after hours 6 h × 120 = 720.00; weekend 1 h × 160 = 160.00.
    const r = rate([session('2026-06-12T15:00:00', '2026-06-12T23:00:00')], { classes: surcharges(berlin) });
    expect(r.lines).toEqual([
      {
        kind: 'hours',
        description: 'Session hours — business hours: 1 h 0 min',
        quantity: 1,
        unit: 'hour',
        unitAmountMinor: 8000,
        amountMinor: 8000,
        class: 'business',
        sessionType: 'attended',
        units: 3600,
        baseRateMinor: 8000,
        multiplier: null,
        band: null,
      },
      {
        kind: 'hours',
        description: 'Session hours — after hours (×1.5): 6 h 0 min',
        quantity: 6,
        unit: 'hour',
        unitAmountMinor: 12000,
        amountMinor: 72000,
        class: 'after_hours',
        sessionType: 'attended',
        units: 21600,
        baseRateMinor: 8000,
        multiplier: '1.5',
        band: null,
      },
      {
        kind: 'hours',
        description: 'Session hours — weekend (×2): 1 h 0 min',
        quantity: 1,
        unit: 'hour',
        unitAmountMinor: 16000,
        amountMinor: 16000,
        class: 'weekend',
        sessionType: 'attended',
        units: 3600,
        baseRateMinor: 8000,
        multiplier: '2',
        band: null,
      },
    ]);
    expect(r.units).toBe(8 * H);
    expect(r.byClass).toEqual({ business: 3600, after_hours: 21600, weekend: 3600, holiday: 0 });
    expect(r.commitment).toEqual({ topUpMinor: 0, line: null });
  });

  it('a holiday on a Saturday is holiday (fixed €200.00/h), not weekend', () => {
    // 2026-10-03 is a Saturday. 10:00–12:00 CEST = 08:00Z–10:00Z: 2 h × 200 = 400.00 (as weekend: 2 h × 160 = 320.00).
    const s = [session('2026-10-03T08:00:00', '2026-10-03T10:00:00')];
    expect(rate(s, { classes: surcharges(berlin, ['2026-10-03']) }).lines.map((l) => [l.description, l.amountMinor])).toEqual([
      ['Session hours — holiday (€200.00/h): 2 h 0 min', 40000],
    ]);
    expect(rate(s, { classes: surcharges(berlin) }).lines.map((l) => [l.description, l.amountMinor])).toEqual([
      ['Session hours — weekend (×2): 2 h 0 min', 32000],
    ]);
  });

  it('a class left out of rates bills at the business rate on the business line, but counts as its own class', () => {
    // Friday 17:00–19:00 CEST = 15:00Z–17:00Z: 1 h business + 1 h after hours, both at 80.00: one line of 2 h = 160.00.
    const classes = { ...surcharges(berlin), rates: { weekend: { multiplier: '2' } } };
    const r = rate([session('2026-06-12T15:00:00', '2026-06-12T17:00:00')], { classes });
    expect(rows(r.lines)).toEqual([['business', 'attended', null, 7200, 8000, 16000]]);
    expect(r.byClass).toEqual({ business: 3600, after_hours: 3600, weekend: 0, holiday: 0 });
  });

  it('without classes everything is business, not split, and the line names no class', () => {
    const r = rate([session('2026-06-12T15:00:00', '2026-06-12T23:00:00')], {});
    expect(r.lines.map((l) => [l.description, l.amountMinor])).toEqual([['Session hours: 8 h 0 min', 64000]]);
    expect(r.byClass).toEqual({ business: 8 * H, after_hours: 0, weekend: 0, holiday: 0 });
  });

  it('attended and unattended are lines of their own, attended first, whatever the input order', () => {
    // Friday 18:00–19:00 CEST unattended (16:00Z–17:00Z), 16:00–17:00 attended (14:00Z–15:00Z); no unattended rate.
    const r = rate(
      [session('2026-06-12T16:00:00', '2026-06-12T17:00:00', 'unattended'), session('2026-06-12T14:00:00', '2026-06-12T15:00:00')],
      {
        classes: surcharges(berlin),
      },
    );
    expect(r.lines.map((l) => [l.description, l.amountMinor])).toEqual([
      ['Session hours — business hours: 1 h 0 min', 8000],
      ['Session hours — after hours (×1.5), unattended: 1 h 0 min', 12000],
    ]);
  });
});

describe('rateWithRules: DST nights, where the after-hours part is 1 h shorter or longer than the wall clock says', () => {
  const amounts = (r: ReturnType<typeof rate>) => r.lines.map((l) => [l.class, l.units, l.amountMinor]);

  it('Europe/Berlin 2026-03-29 (spring forward): Saturday 20:00 CET → Sunday 10:00 CEST', () => {
    // 20:00 CET = 19:00Z; Sunday 08:00 CEST = 06:00Z; 10:00 CEST = 08:00Z. The wall clock says 12 h after hours
    // (20:00–08:00), the clock skips 02:00–03:00: 11 h = 39600 s × 120 = 1320.00; business 2 h × 80 = 160.00.
    const r = rate([session('2026-03-28T19:00:00', '2026-03-29T08:00:00')], { classes: surcharges(everyDay('Europe/Berlin')) });
    expect(amounts(r)).toEqual([
      ['business', 7200, 16000],
      ['after_hours', 39600, 132000],
    ]);
  });

  it('Europe/Berlin 2026-10-25 (fall back): Saturday 20:00 CEST → Sunday 10:00 CET', () => {
    // 20:00 CEST = 18:00Z; Sunday 08:00 CET = 07:00Z; 10:00 CET = 09:00Z. 02:00–03:00 happens twice: 13 h after hours
    // = 46800 s × 120 = 1560.00; business 2 h = 160.00.
    const r = rate([session('2026-10-24T18:00:00', '2026-10-25T09:00:00')], { classes: surcharges(everyDay('Europe/Berlin')) });
    expect(amounts(r)).toEqual([
      ['business', 7200, 16000],
      ['after_hours', 46800, 156000],
    ]);
  });

  it('America/New_York 2026-03-08 (spring forward): Saturday 20:00 EST → Sunday 10:00 EDT', () => {
    // 20:00 EST (UTC−5) = 2026-03-08T01:00Z; 08:00 EDT (UTC−4) = 12:00Z; 10:00 EDT = 14:00Z: 11 h after hours, 2 h business.
    const r = rate([session('2026-03-08T01:00:00', '2026-03-08T14:00:00')], { classes: surcharges(everyDay('America/New_York')) });
    expect(amounts(r)).toEqual([
      ['business', 7200, 16000],
      ['after_hours', 39600, 132000],
    ]);
  });

  it('America/New_York 2026-11-01 (fall back): Saturday 20:00 EDT → Sunday 10:00 EST', () => {
    // 20:00 EDT = 2026-11-01T00:00Z; 08:00 EST = 13:00Z; 10:00 EST = 15:00Z: 13 h after hours, 2 h business.
    const r = rate([session('2026-11-01T00:00:00', '2026-11-01T15:00:00')], { classes: surcharges(everyDay('America/New_York')) });
    expect(amounts(r)).toEqual([
      ['business', 7200, 16000],
      ['after_hours', 46800, 156000],
    ]);
  });
});

describe('rateWithRules: minimum and increment go to the class the session ends in', () => {
  const classes = surcharges(berlin);

  it('7 minutes 17:55–18:02 with a 15-minute increment: 5 min business, 2 + 8 = 10 min after hours', () => {
    // 2026-06-12 17:55 CEST = 15:55Z, 18:02 = 16:02Z. 420 s → 900 s billable. business 300 s × 8000 / 3600 = 666.67 → 667;
    // after hours 600 s × 12000 / 3600 = 2000.
    const r = rate(
      [session('2026-06-12T15:55:00', '2026-06-12T16:02:00')],
      { classes },
      { plan: { ...perHour, billingIncrementMinutes: 15 } },
    );
    expect(rows(r.lines)).toEqual([
      ['business', 'attended', null, 300, 8000, 667],
      ['after_hours', 'attended', null, 600, 12000, 2000],
    ]);
    expect(r.lines.map((l) => l.description)).toEqual([
      'Session hours — business hours: 5 min',
      'Session hours — after hours (×1.5): 10 min',
    ]);
    expect(r.byClass).toEqual({ business: 300, after_hours: 600, weekend: 0, holiday: 0 });
  });

  it('a 10-minute minimum on 17:58–18:01: 2 min business, 1 + 7 = 8 min after hours', () => {
    // 180 s → 600 s. business 120 s; after hours 60 + 420 = 480 s.
    const r = rate(
      [session('2026-06-12T15:58:00', '2026-06-12T16:01:00')],
      { classes },
      { plan: { ...perHour, minimumBillableMinutes: 10 } },
    );
    expect(r.byClass).toEqual({ business: 120, after_hours: 480, weekend: 0, holiday: 0 });
  });

  it('a 0-second session raised to a 5-minute minimum is in the class of its instant', () => {
    // Friday 18:30 CEST = 16:30Z: after hours, 300 s × 12000 / 3600 = 1000.
    const r = rate(
      [session('2026-06-12T16:30:00', '2026-06-12T16:30:00')],
      { classes },
      { plan: { ...perHour, minimumBillableMinutes: 5 } },
    );
    expect(rows(r.lines)).toEqual([['after_hours', 'attended', null, 300, 12000, 1000]]);
  });

  it('a stored duration longer than the clock: the difference goes to the end class', () => {
    // 17:50–18:10 CEST = 15:50Z–16:10Z: pieces 600 s + 600 s; stored 1260 s: after hours 600 + 60 = 660 s.
    const r = rate([session('2026-06-12T15:50:00', '2026-06-12T16:10:00', 'attended', 1260)], { classes });
    expect(r.byClass).toEqual({ business: 600, after_hours: 660, weekend: 0, holiday: 0 });
  });

  it('a stored duration shorter than the clock: the excess comes off the end (last piece first)', () => {
    // Same session, stored 500 s: business 500 s, after hours 0 (no line).
    const r = rate([session('2026-06-12T15:50:00', '2026-06-12T16:10:00', 'attended', 500)], { classes });
    expect(r.byClass).toEqual({ business: 500, after_hours: 0, weekend: 0, holiday: 0 });
    expect(rows(r.lines)).toEqual([['business', 'attended', null, 500, 8000, 1111]]); // 500 × 8000 / 3600 = 1111.1
  });
});

describe('rateWithRules: tiers', () => {
  // 0–10 h at 80.00, 10–20 h at 70.00, over 20 h at 60.00.
  const bands = [
    { upTo: 10 * H, rateMinor: 8000 },
    { upTo: 20 * H, rateMinor: 7000 },
    { upTo: null, rateMinor: 6000 },
  ];
  const graduated: RateRules = { tiers: { mode: 'graduated', bands } };
  const volume: RateRules = { tiers: { mode: 'volume', bands } };
  // Monday 2026-06-08, one after the other.
  const eight = session('2026-06-08T00:00:00', '2026-06-08T08:00:00');
  const four = session('2026-06-08T09:00:00', '2026-06-08T13:00:00');
  const ten = session('2026-06-08T14:00:00', '2026-06-09T00:00:00');

  it('graduated: 8 h, 4 h (straddles 10 h), 10 h (straddles 20 h) → 10 h at 80, 10 h at 70, 2 h at 60', () => {
    // 0–8 h; 8–12 h = 2 h band 0 + 2 h band 1; 12–22 h = 8 h band 1 + 2 h band 2. 800.00 + 700.00 + 120.00.
    const r = rate([ten, eight, four], graduated);
    expect(r.lines.map((l) => [l.description, l.units, l.amountMinor])).toEqual([
      ['Session hours, 0–10 h at €80.00/h: 10 h 0 min', 36000, 80000],
      ['Session hours, 10–20 h at €70.00/h: 10 h 0 min', 36000, 70000],
      ['Session hours, over 20 h at €60.00/h: 2 h 0 min', 7200, 12000],
    ]);
    expect(r.units).toBe(22 * H);
  });

  it('graduated: a piece straddling the edge is split to the second', () => {
    // unitsBefore 35999: 2 s → 1 s at 80.00/h (8000 / 3600 = 2.2 → 2) and 1 s at 70.00/h (1.9 → 2).
    const r = rate([session('2026-06-08T09:00:00', '2026-06-08T09:00:02')], graduated, { unitsBefore: 35999 });
    expect(rows(r.lines)).toEqual([
      ['business', 'attended', 0, 1, 8000, 2],
      ['business', 'attended', 1, 1, 7000, 2],
    ]);
    expect(r.units).toBe(2);
  });

  it('graduated with unitsBefore (a rate version changed mid-period): 9 h already counted, 2 h → 1 h at 80, 1 h at 70', () => {
    const r = rate([session('2026-06-08T09:00:00', '2026-06-08T11:00:00')], graduated, { unitsBefore: 9 * H });
    expect(rows(r.lines)).toEqual([
      ['business', 'attended', 0, 3600, 8000, 8000],
      ['business', 'attended', 1, 3600, 7000, 7000],
    ]);
  });

  it('volume: a total exactly at a band edge stays in that band; one second more moves every unit', () => {
    // 10 h exactly → all at 80.00: 800.00. 10 h 0 min 1 s → all at 70.00: 36001 × 7000 / 3600 = 70001.94 → 70002.
    expect(rows(rate([session('2026-06-08T08:00:00', '2026-06-08T18:00:00')], volume).lines)).toEqual([
      ['business', 'attended', 0, 36000, 8000, 80000],
    ]);
    const r = rate([session('2026-06-08T08:00:00', '2026-06-08T18:00:01')], volume);
    expect(r.lines.map((l) => [l.description, l.amountMinor])).toEqual([
      ['Session hours, volume tier 10–20 h at €70.00/h: 10 h 0 min 1 s', 70002],
    ]);
  });

  it('volume with unitsBefore and unitsAfter: the band of the whole period', () => {
    // 30000 s before + 6000 s = 36000 → band 0: 6000 × 8000 / 3600 = 13333.3 → 13333.
    const s = [session('2026-06-08T08:00:00', '2026-06-08T09:40:00')];
    expect(rate(s, volume, { unitsBefore: 30000 }).lines.map((l) => [l.band, l.amountMinor])).toEqual([[0, 13333]]);
    // One more second after this part (a later rate version): 36001 → band 1: 6000 × 7000 / 3600 = 11666.7 → 11667.
    expect(rate(s, volume, { unitsBefore: 30000, unitsAfter: 1 }).lines.map((l) => [l.band, l.amountMinor])).toEqual([[1, 11667]]);
  });

  it('tiers with multipliers on top: Friday 07:00–19:00 CEST', () => {
    // 05:00Z–17:00Z: after hours 07–08 (positions 0–1 h, band 0), business 08–18 (1–11 h: 9 h band 0, 1 h band 1),
    // after hours 18–19 (11–12 h, band 1). business: 9 × 80 = 720.00, 1 × 70 = 70.00; after hours ×1.5:
    // 1 × 120 = 120.00, 1 × 105 = 105.00.
    const r = rate([session('2026-06-12T05:00:00', '2026-06-12T17:00:00')], { ...graduated, classes: surcharges(berlin) });
    expect(r.lines.map((l) => [l.description, l.unitAmountMinor, l.amountMinor])).toEqual([
      ['Session hours — business hours, 0–10 h at €80.00/h: 9 h 0 min', 8000, 72000],
      ['Session hours — business hours, 10–20 h at €70.00/h: 1 h 0 min', 7000, 7000],
      ['Session hours — after hours (×1.5), 0–10 h at €80.00/h: 1 h 0 min', 12000, 12000],
      ['Session hours — after hours (×1.5), 10–20 h at €70.00/h: 1 h 0 min', 10500, 10500],
    ]);
  });

  it('a fixed class rate replaces the tier but its units still count toward the tiers', () => {
    // Saturday 2026-10-03 (holiday) 10:00–19:00 CEST = 08:00Z–17:00Z: 9 h at 200.00 = 1800.00, positions 0–9 h;
    // then Monday 2026-10-05 08:00–11:00 CEST = 06:00Z–09:00Z: positions 9–12 h: 1 h at 80, 2 h at 70 = 220.00.
    const r = rate([session('2026-10-05T06:00:00', '2026-10-05T09:00:00'), session('2026-10-03T08:00:00', '2026-10-03T17:00:00')], {
      ...graduated,
      classes: surcharges(berlin, ['2026-10-03']),
    });
    expect(rows(r.lines)).toEqual([
      ['business', 'attended', 0, 3600, 8000, 8000],
      ['business', 'attended', 1, 7200, 7000, 14000],
      ['holiday', 'attended', null, 32400, 20000, 180000],
    ]);
  });

  it('unattended rate with tiers: unattended units count toward the tiers but are priced at the unattended rate', () => {
    // attended 8 h (0–8 h, band 0: 640.00), unattended 4 h (8–12 h at 30.00: 120.00), attended 4 h (12–16 h, band 1: 280.00).
    const s = [
      session('2026-06-08T00:00:00', '2026-06-08T08:00:00'),
      session('2026-06-08T09:00:00', '2026-06-08T13:00:00', 'unattended'),
      session('2026-06-08T14:00:00', '2026-06-08T18:00:00'),
    ];
    const r = rate(s, { ...graduated, unattendedRateMinor: 3000 });
    expect(r.lines.map((l) => [l.description, l.amountMinor])).toEqual([
      ['Session hours, 0–10 h at €80.00/h: 8 h 0 min', 64000],
      ['Session hours, 10–20 h at €70.00/h: 4 h 0 min', 28000],
      ['Session hours, unattended at €30.00/h: 4 h 0 min', 12000],
    ]);
    // Without an unattended rate they are priced by the tiers, on lines of their own: 8–10 h band 0, 10–12 h band 1.
    expect(rows(rate(s, graduated).lines)).toEqual([
      ['business', 'attended', 0, 8 * H, 8000, 64000],
      ['business', 'attended', 1, 4 * H, 7000, 28000],
      ['business', 'unattended', 0, 2 * H, 8000, 16000],
      ['business', 'unattended', 1, 2 * H, 7000, 14000],
    ]);
  });

  it('an unattended rate with a multiplier: weekend ×2 of €30.00/h', () => {
    // Saturday 2026-06-13 10:00–11:00 CEST = 08:00Z–09:00Z: 1 h × 60.00.
    const r = rate([session('2026-06-13T08:00:00', '2026-06-13T09:00:00', 'unattended')], {
      classes: surcharges(berlin),
      unattendedRateMinor: 3000,
    });
    expect(r.lines.map((l) => [l.description, l.unitAmountMinor, l.amountMinor])).toEqual([
      ['Session hours — weekend (×2), unattended at €30.00/h: 1 h 0 min', 6000, 6000],
    ]);
  });
});

describe('rateWithRules: per_session', () => {
  const classes: NonNullable<RateRules['classes']> = {
    schedule: berlin,
    holidays: new Set(['2026-10-03']),
    rates: { after_hours: { multiplier: '1.5' }, weekend: { multiplier: '2' }, holiday: { rateMinor: 2500 } },
  };
  const rateSessions = (sessions: RatedSession[], rules: RateRules, more: Partial<RateRulesInput> = {}) =>
    rateWithRules({ plan: perSession, rules, sessions, formatMoney: eur, ...more });

  it('a session is one unit in the class of its start', () => {
    // Friday 2026-06-12: 17:59 CEST (15:59Z, business) running into the evening; 18:00 (16:00Z, after hours: 18:00 is
    // not business) and 20:00 (18:00Z); Saturday 2026-06-13 10:00 (08:00Z) weekend; Saturday 2026-10-03 (holiday).
    // business 15.00; after hours 2 × 22.50 = 45.00; weekend 30.00; holiday 25.00.
    const r = rateSessions(
      [
        session('2026-06-12T15:59:00', '2026-06-12T17:30:00'),
        session('2026-06-12T16:00:00', '2026-06-12T16:05:00'),
        session('2026-06-12T18:00:00', '2026-06-12T18:05:00'),
        session('2026-06-13T08:00:00', '2026-06-13T09:00:00'),
        session('2026-10-03T08:00:00', '2026-10-03T09:00:00'),
      ],
      { classes },
    );
    expect(r.lines.map((l) => [l.kind, l.unit, l.description, l.quantity, l.unitAmountMinor, l.amountMinor])).toEqual([
      ['sessions', 'session', 'Remote sessions — business hours: 1 session', 1, 1500, 1500],
      ['sessions', 'session', 'Remote sessions — after hours (×1.5): 2 sessions', 2, 2250, 4500],
      ['sessions', 'session', 'Remote sessions — weekend (×2): 1 session', 1, 3000, 3000],
      ['sessions', 'session', 'Remote sessions — holiday (€25.00 per session): 1 session', 1, 2500, 2500],
    ]);
    expect(r.units).toBe(5);
    expect(r.byClass).toEqual({ business: 1, after_hours: 2, weekend: 1, holiday: 1 });
  });

  it('rounds once per line: 3 after-hours sessions at 10.01 × 1.5 = 15.015 each cost 45.05, not 3 × 15.02', () => {
    // 3 × 1001 × 1.5 = 4504.5 → 4505; the unit amount shown is 1501.5 → 1502.
    const evening = (h: number) => session(`2026-06-12T${h}:00:00`, `2026-06-12T${h}:10:00`);
    const r = rateSessions([evening(17), evening(18), evening(19)], { classes }, { plan: { ...perSession, sessionRateMinor: 1001 } });
    expect(rows(r.lines)).toEqual([['after_hours', 'attended', null, 3, 1502, 4505]]);
  });

  it('graduated tiers in sessions: bands 1–2 and 3 and up', () => {
    // 3 sessions on Monday 2026-06-08: 2 × 15.00 + 1 × 10.00.
    const tiers = {
      mode: 'graduated' as const,
      bands: [
        { upTo: 2, rateMinor: 1500 },
        { upTo: null, rateMinor: 1000 },
      ],
    };
    const s = ['08', '09', '10'].map((h) => session(`2026-06-08T${h}:00:00`, `2026-06-08T${h}:30:00`));
    expect(rateSessions(s, { tiers }).lines.map((l) => [l.description, l.amountMinor])).toEqual([
      ['Remote sessions, sessions 1–2 at €15.00 per session: 2 sessions', 3000],
      ['Remote sessions, sessions 3 and up at €10.00 per session: 1 session', 1000],
    ]);
    // volume: 3 sessions reach the last band: 3 × 10.00.
    expect(rateSessions(s, { tiers: { ...tiers, mode: 'volume' } }).lines.map((l) => l.amountMinor)).toEqual([3000]);
  });
});

describe('rateWithRules: minimum commitment', () => {
  const twoHours = [session('2026-06-08T08:00:00', '2026-06-08T10:00:00')]; // 160.00

  it('tops up to the commitment, returned apart from the lines', () => {
    // 500.00 − 160.00 = 340.00.
    const r = rate(twoHours, { minimumCommitmentMinor: 50000 });
    expect(r.lines.map((l) => l.amountMinor)).toEqual([16000]);
    expect(r.commitment).toEqual({
      topUpMinor: 34000,
      line: { description: 'Minimum commitment (€500.00 a period): top-up', amountMinor: 34000 },
    });
  });

  it('prorated on a short period', () => {
    // 15 of 30 days: 250.00 − 160.00 = 90.00.
    const r = rate(twoHours, { minimumCommitmentMinor: 50000 }, { proration: { coveredSeconds: 15 * 86400, periodSeconds: 30 * 86400 } });
    expect(r.commitment).toEqual({
      topUpMinor: 9000,
      line: { description: 'Minimum commitment (€500.00 a period, €250.00 for the part of the period covered): top-up', amountMinor: 9000 },
    });
    // 10 of 30 days: 50000 / 3 = 16666.7 → 16667; 166.67 − 160.00 = 6.67.
    expect(
      rate(twoHours, { minimumCommitmentMinor: 50000 }, { proration: { coveredSeconds: 10 * 86400, periodSeconds: 30 * 86400 } }).commitment
        .topUpMinor,
    ).toBe(667);
  });

  it('no top-up when usage reaches the commitment, or without one', () => {
    expect(rate(twoHours, { minimumCommitmentMinor: 16000 }).commitment).toEqual({ topUpMinor: 0, line: null });
    expect(rate(twoHours, { minimumCommitmentMinor: null }).commitment).toEqual({ topUpMinor: 0, line: null });
    // No sessions: no line at all, the whole commitment is the top-up.
    const empty = rate([], { minimumCommitmentMinor: 50000 });
    expect(empty.lines).toEqual([]);
    expect(empty.commitment.topUpMinor).toBe(50000);
  });

  it('commitmentTopUp for a period rated in parts', () => {
    expect(commitmentTopUp(30000, 50000, null, eur)).toEqual({
      topUpMinor: 20000,
      line: { description: 'Minimum commitment (€500.00 a period): top-up', amountMinor: 20000 },
    });
  });
});

describe('rateWithRules: JPY (no decimals)', () => {
  it('Tokyo, Friday 17:53–18:10:20 at ¥1,000/h, after hours ×1.5, commitment ¥5,000', () => {
    // Asia/Tokyo is UTC+9: 17:53 JST = 08:53Z, 18:00 = 09:00Z, 18:10:20 = 09:10:20Z. business 420 s × 1000 / 3600 = 116.7
    // → 117; after hours 620 s × 1500 / 3600 = 258.3 → 258. Top-up 5000 − 375 = 4625.
    const tokyo: BusinessSchedule = { timeZone: 'Asia/Tokyo', hours: weekdays([{ start: '09:00', end: '18:00' }]) };
    const yen = (minor: number) => formatMoney(minor, 'JPY');
    const r = rateWithRules({
      plan: { ...perHour, currency: 'JPY', hourRateMinor: 1000 },
      rules: {
        classes: { schedule: tokyo, holidays: new Set(), rates: { after_hours: { multiplier: '1.5' } } },
        minimumCommitmentMinor: 5000,
      },
      sessions: [session('2026-06-12T08:53:00', '2026-06-12T09:10:20')],
      formatMoney: yen,
    });
    expect(rows(r.lines)).toEqual([
      ['business', 'attended', null, 420, 1000, 117],
      ['after_hours', 'attended', null, 620, 1500, 258],
    ]);
    expect(r.commitment.line).toEqual({ description: 'Minimum commitment (¥5,000 a period): top-up', amountMinor: 4625 });
  });
});

describe('rateWithRules: input checks name the field', () => {
  const ok = [session('2026-06-08T08:00:00', '2026-06-08T09:00:00')];
  it.each<[string, () => unknown, RegExp]>([
    ['plan rate', () => rate(ok, {}, { plan: { ...perHour, hourRateMinor: -1 } }), /^plan\.hourRateMinor/],
    ['currency', () => rate(ok, {}, { plan: { ...perHour, currency: 'XYZ' } }), /^plan\.currency/],
    ['duration', () => rate([{ ...ok[0], durationSeconds: 1.5 }], {}), /^sessions\[0\]\.durationSeconds/],
    ['end before start', () => rate([session('2026-06-08T09:00:00', '2026-06-08T08:00:00', 'attended', 0)], {}), /^sessions\[0\]\.endedAt/],
    ['type', () => rate([{ ...ok[0], type: 'other' as 'attended' }], {}), /^sessions\[0\]\.type/],
    ['unitsBefore', () => rate(ok, {}, { unitsBefore: -1 }), /^unitsBefore/],
    [
      'band order',
      () =>
        rate(ok, {
          tiers: {
            mode: 'graduated',
            bands: [
              { upTo: 10, rateMinor: 1 },
              { upTo: 10, rateMinor: 1 },
              { upTo: null, rateMinor: 1 },
            ],
          },
        }),
      /^rules\.tiers\.bands\[1\]\.upTo/,
    ],
    ['last band', () => rate(ok, { tiers: { mode: 'volume', bands: [{ upTo: 10, rateMinor: 1 }] } }), /^rules\.tiers\.bands\[0\]\.upTo/],
    ['mode', () => rate(ok, { tiers: { mode: 'flat' as 'volume', bands: [{ upTo: null, rateMinor: 1 }] } }), /^rules\.tiers\.mode/],
    [
      'multiplier decimals',
      () => rate(ok, { classes: { ...surcharges(berlin), rates: { weekend: { multiplier: '1.23456' } } } }),
      /^rules\.classes\.rates\.weekend\.multiplier/,
    ],
    [
      'multiplier 0',
      () => rate(ok, { classes: { ...surcharges(berlin), rates: { weekend: { multiplier: '0.0' } } } }),
      /^rules\.classes\.rates\.weekend\.multiplier/,
    ],
    [
      'business rate',
      () => rate(ok, { classes: { ...surcharges(berlin), rates: { business: { multiplier: '2' } } as never } }),
      /^rules\.classes\.rates\.business/,
    ],
    [
      'both rates',
      () => rate(ok, { classes: { ...surcharges(berlin), rates: { holiday: { multiplier: '2', rateMinor: 5 } as never } } }),
      /^rules\.classes\.rates\.holiday/,
    ],
    [
      'schedule',
      () => rate(ok, { classes: { ...surcharges(berlin), schedule: { timeZone: 'Mars/Base', hours: {} } } }),
      /^rules\.classes\.schedule: timeZone/,
    ],
    ['unattended rate', () => rate(ok, { unattendedRateMinor: 1.5 }), /^rules\.unattendedRateMinor/],
    ['commitment', () => rate(ok, { minimumCommitmentMinor: -5 }), /^rules\.minimumCommitmentMinor/],
  ])('%s', (_name, run, message) => {
    expect(run).toThrow(RangeError);
    expect(run).toThrow(message);
  });
});
