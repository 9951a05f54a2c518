import { startTestApp, TestApp } from '../support/app';

/**
 * Rate rules and rate versions (issue #18), the "done when" through the API, every figure by hand in the comment next
 * to it. Billing per started minute (increment 1, no minimum) unless said.
 *
 * Plan "After-hours support": €80/h; business hours Mon–Fri 08:00–18:00 in the customer's zone; after hours ×1.5
 * (€120/h), weekend ×2 (€160/h), holidays a fixed €200/h; public holidays of Germany plus the organization's own
 * 2026-10-16; unattended sessions €40/h before the multiplier.
 */
type Line = { kind: string; description: string; quantity: number; unitAmountMinor: number; amountMinor: number };
const amounts = (bill: { lines: Line[] }) => bill.lines.map((l) => [l.kind, l.amountMinor]);
const session = (externalId: string, departmentId: string, startedAt: string, endedAt: string, type = 'attended') => ({
  externalId,
  departmentId,
  type,
  startedAt,
  endedAt,
});
const assoc = (departmentId: string, timeZone: string, billStartDate: string, extra: Record<string, unknown> = {}) => ({
  departmentId,
  billingCycle: 'monthly',
  billStartDate,
  dueDays: 14,
  timeZone,
  billingAddress: { name: 'Customer', line1: 'Street 1', city: 'Berlin', postalCode: '10115', country: 'DE' },
  recipients: ['ap@customer.test'],
  ...extra,
});
const MON_FRI_8_18 = [1, 2, 3, 4, 5].map((day) => ({ day, start: '08:00', end: '18:00' }));
const AFTER_HOURS_PLAN = {
  name: 'After-hours support',
  currency: 'EUR',
  billingType: 'per_hour',
  hourRateMinor: 8000,
  businessHours: MON_FRI_8_18,
  holidayCountry: 'DE',
  holidayDates: ['2026-10-16'],
  afterHoursMultiplier: '1.5',
  weekendMultiplier: '2',
  holidayRateMinor: 20000,
  unattendedRateMinor: 4000,
};

describe('rate rules: classes, tiers, commitments and dated rate changes', () => {
  let t: TestApp;
  let admin: string;
  let key: string;

  const req = (method: string, path: string, body?: unknown) => t.request(method, path, { token: admin, body });
  const post = (path: string, body: unknown = {}) => req('POST', path, body);
  const get = async (path: string) => {
    const res = await req('GET', path);
    expect(res.status).toBe(200);
    return res.body;
  };
  const run = async (asOf: string) => {
    const res = await post('/billing-runs', { asOf });
    expect(res.status).toBe(201);
    expect(res.body.failures).toEqual([]);
  };
  const push = async (...sessions: ReturnType<typeof session>[]) => {
    const res = await t.request('POST', '/sessions/batch', { token: key, body: { sessions } });
    expect(res.body.accepted).toBe(sessions.length);
  };
  const department = async (name: string, extra: Record<string, unknown> = {}) =>
    (await post('/departments', { name, ...extra })).body.id as string;
  const billOf = async (dept: string, start: string) => {
    const items = (await get(`/bills?departmentId=${dept}&limit=100`)).items as { id: string; kind: string; periodStart: string }[];
    const bill = items.find((b) => b.kind === 'period' && b.periodStart === start);
    expect(bill).toBeDefined();
    return get(`/bills/${bill!.id}`);
  };
  const plan = async (body: Record<string, unknown>) => {
    const res = await post('/plans', body);
    expect(res.status).toBe(201);
    return res.body;
  };

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.login();
    key = (await post('/api-keys', { name: 'k', scopes: ['usage:write'] })).body.key;
  });
  afterAll(async () => t?.close());

  describe('classes (Europe/Berlin, America/New_York)', () => {
    let berlin: string;
    let newYork: string;
    let ownHours: string;
    let planId: string;

    beforeAll(async () => {
      berlin = await department('Berlin customer');
      newYork = await department('New York customer');
      ownHours = await department('Customer with its own hours');
      const created = await plan({
        ...AFTER_HOURS_PLAN,
        associations: [
          assoc(berlin, 'Europe/Berlin', '2026-10-01'),
          assoc(newYork, 'America/New_York', '2026-11-01'),
          // Its own hours: Monday to Saturday 07:00–19:00, only Sunday is weekend.
          assoc(ownHours, 'Europe/Berlin', '2026-10-01', {
            businessHours: [1, 2, 3, 4, 5, 6].map((day) => ({ day, start: '07:00', end: '19:00' })),
            weekendDays: [7],
          }),
        ],
      });
      planId = created.id;
      expect(created).toMatchObject({
        businessHours: MON_FRI_8_18,
        weekendDays: [6, 7],
        holidayCountry: 'DE',
        holidayRegion: null,
        holidayDates: ['2026-10-16'],
        afterHoursMultiplier: '1.5',
        afterHoursRateMinor: null,
        weekendMultiplier: '2',
        holidayRateMinor: 20000,
        unattendedRateMinor: 4000,
        tierMode: null,
        tiers: [],
        rateVersion: 1,
        rateEffectiveFrom: null,
      });
      expect(created.associations[2]).toMatchObject({ businessHoursOverride: true, weekendDays: [7], holidayCountry: 'DE' });
      expect(created.associations[0]).toMatchObject({ businessHoursOverride: false, businessHours: MON_FRI_8_18 });
      expect(created.rateVersions).toHaveLength(1);
    });

    it('Berlin, October: 18:00, midnight into a weekend, a holiday on a Saturday, an own holiday, the night the clocks go back', async () => {
      await push(
        // Thu 8 Oct 17:30–19:00 CEST: 30 min business (€40.00) + 1 h after hours (€120.00).
        session('ber-1', berlin, '2026-10-08T15:30:00Z', '2026-10-08T17:00:00Z'),
        // Fri 9 Oct 23:00 – Sat 01:30 CEST: 1 h after hours (€120.00) + 1 h 30 min weekend.
        session('ber-2', berlin, '2026-10-09T21:00:00Z', '2026-10-09T23:30:00Z'),
        // Sat 3 Oct (German Unity Day, a public holiday on a weekend) 10:00–11:00: holiday wins, €200.00.
        session('ber-3', berlin, '2026-10-03T08:00:00Z', '2026-10-03T09:00:00Z'),
        // Fri 16 Oct, the organization's own holiday, 10:00–11:00: €200.00.
        session('ber-4', berlin, '2026-10-16T08:00:00Z', '2026-10-16T09:00:00Z'),
        // Wed 14 Oct 20:00–21:00, unattended, after hours: €40 × 1.5 = €60.00.
        session('ber-5', berlin, '2026-10-14T18:00:00Z', '2026-10-14T19:00:00Z', 'unattended'),
        // Sun 25 Oct 00:30 CEST (24 Oct 22:30Z) to 03:30 CET (02:30Z): 4 real hours (02:00–03:00 happens twice), weekend.
        session('ber-dst', berlin, '2026-10-24T22:30:00Z', '2026-10-25T02:30:00Z'),
      );
      // The customer with its own hours: Thu 8 Oct 17:30–19:00 is all business for it (1 h 30 min × €80 = €120.00);
      // Sunday 11 Oct 10:00–10:30 is weekend (30 min × €160 = €80.00).
      await push(
        session('own-1', ownHours, '2026-10-08T15:30:00Z', '2026-10-08T17:00:00Z'),
        session('own-2', ownHours, '2026-10-11T08:00:00Z', '2026-10-11T08:30:00Z'),
      );
      await run('2026-11-02T00:00:00Z');
      const oct = await billOf(berlin, '2026-09-30T22:00:00.000Z');
      // Lines by class (business, after hours, weekend, holiday), attended before unattended. Weekend: 1 h 30 min +
      // 4 h = 5 h 30 min × €160 = €880.00; holiday 2 h × €200 = €400.00.
      expect(amounts(oct)).toEqual([
        ['hours', 4000],
        ['hours', 24000],
        ['hours', 6000],
        ['hours', 88000],
        ['hours', 40000],
      ]);
      expect(oct.lines.map((l: Line) => l.description)).toEqual([
        'Session hours — business hours: 30 min',
        'Session hours — after hours (×1.5): 2 h 0 min',
        'Session hours — after hours (×1.5), unattended at €40.00/h: 1 h 0 min',
        'Session hours — weekend (×2): 5 h 30 min',
        'Session hours — holiday (€200.00/h): 2 h 0 min',
      ]);
      expect(oct.subtotalMinor).toBe(4000 + 24000 + 6000 + 88000 + 40000);
      expect(oct.rateVersions).toEqual([{ version: 1, from: '2026-09-30T22:00:00.000Z', until: '2026-10-31T23:00:00.000Z' }]);
      const own = await billOf(ownHours, '2026-09-30T22:00:00.000Z');
      expect(amounts(own)).toEqual([
        ['hours', 12000],
        ['hours', 8000],
      ]);
    });

    it('New York, November: the night the clocks go back, and a session crossing 18:00', async () => {
      // Sunday 1 Nov 2026 00:30 EDT (04:30Z) to 03:00 EST (08:00Z): 3 h 30 min of weekend = 3.5 × €160 = €560.00.
      // Friday 6 Nov 17:00–19:00 EST (22:00Z–00:00Z): 1 h business €80.00 + 1 h after hours €120.00.
      await push(
        session('ny-dst', newYork, '2026-11-01T04:30:00Z', '2026-11-01T08:00:00Z'),
        session('ny-18', newYork, '2026-11-06T22:00:00Z', '2026-11-07T00:00:00Z'),
      );
      await run('2026-12-02T00:00:00Z');
      const nov = await billOf(newYork, '2026-11-01T04:00:00.000Z');
      expect(amounts(nov)).toEqual([
        ['hours', 8000],
        ['hours', 12000],
        ['hours', 56000],
      ]);
      expect(nov.lines.map((l: Line) => l.description)).toEqual([
        'Session hours — business hours: 1 h 0 min',
        'Session hours — after hours (×1.5): 1 h 0 min',
        'Session hours — weekend (×2): 3 h 30 min',
      ]);
      expect(nov.subtotalMinor).toBe(76000);
    });

    it('a customer can go back to the plan’s hours; its calendar fields are checked', async () => {
      const a = (await get(`/plans/${planId}`)).associations[2];
      const bad = await req('PATCH', `/associations/${a.id}`, {
        businessHours: [
          { day: 1, start: '09:00', end: '12:00' },
          { day: 1, start: '11:00', end: '13:00' },
        ],
      });
      expect(bad.status).toBe(400);
      expect(bad.body.errors[0].field).toBe('businessHours');
      const back = await req('PATCH', `/associations/${a.id}`, { businessHoursOverride: false });
      expect(back.status).toBe(200);
      expect(back.body).toMatchObject({ businessHoursOverride: false, businessHours: MON_FRI_8_18, weekendDays: [6, 7] });
      const mixed = await req('PATCH', `/associations/${a.id}`, { businessHoursOverride: false, weekendDays: [7] });
      expect(mixed.status).toBe(400);
      expect(mixed.body.errors[0].field).toBe('weekendDays');
    });

    it('prepaid hours are refused next to rate rules', async () => {
      const a = (await get(`/plans/${planId}`)).associations[0];
      const block = await post(`/associations/${a.id}/blocks`, { units: 36000, priceMinor: 50000 });
      expect(block.status).toBe(409);
      expect(block.body.code).toBe('RATE_RULES_WITH_PREPAID');
      const retainer = { included: 7200, feeMinor: 15000, rolloverCap: 0, rolloverPeriods: 0 };
      const own = await req('PATCH', `/associations/${a.id}`, { retainer });
      expect(own.status).toBe(409);
      expect(own.body.code).toBe('RATE_RULES_WITH_PREPAID');
      const both = await post('/plans', { ...AFTER_HOURS_PLAN, name: 'Both', retainer });
      expect(both.status).toBe(400);
      expect(both.body.errors.map((e: { field: string }) => e.field)).toContain('retainer');
      // A plan with a retainer, and one whose customer holds a block, refuse rules (and change nothing).
      const withRetainer = await plan({ name: 'Retainer plan', currency: 'EUR', billingType: 'per_hour', hourRateMinor: 8000, retainer });
      const r1 = await req('PATCH', `/plans/${withRetainer.id}`, { businessHours: MON_FRI_8_18, afterHoursMultiplier: '1.5' });
      expect([r1.status, r1.body.code]).toEqual([409, 'RATE_RULES_WITH_PREPAID']);
      const dept = await department('Block holder');
      const plain = await plan({
        name: 'Plain plan',
        currency: 'EUR',
        billingType: 'per_hour',
        hourRateMinor: 8000,
        associations: [assoc(dept, 'UTC', '2026-11-01')],
      });
      expect((await post(`/associations/${plain.associations[0].id}/blocks`, { units: 36000, priceMinor: 50000 })).status).toBe(201);
      const r2 = await req('PATCH', `/plans/${plain.id}`, { minimumCommitmentMinor: 10000 });
      expect([r2.status, r2.body.code]).toEqual([409, 'RATE_RULES_WITH_PREPAID']);
      expect(await get(`/plans/${plain.id}`)).toMatchObject({ minimumCommitmentMinor: null, rateVersion: 1 });
    });
  });

  describe('tiers across a rate change in mid-period', () => {
    // Sessions in January 2026 (UTC): 6 h on the 5th, 3 h on the 10th (before the change: 9 h), 4 h on the 20th and
    // 2 h on the 25th (after it: 6 h). Version 1: €100/h up to 10 h, then €80/h; version 2 from 16 Jan: €120/h up to
    // 10 h, then €90/h.
    const sessions = (dept: string, prefix: string) => [
      session(`${prefix}-1`, dept, '2026-01-05T09:00:00Z', '2026-01-05T15:00:00Z'),
      session(`${prefix}-2`, dept, '2026-01-10T09:00:00Z', '2026-01-10T12:00:00Z'),
      session(`${prefix}-3`, dept, '2026-01-20T09:00:00Z', '2026-01-20T13:00:00Z'),
      session(`${prefix}-4`, dept, '2026-01-25T09:00:00Z', '2026-01-25T11:00:00Z'),
    ];
    const tiered = async (mode: string, dept: string) => {
      const p = await plan({
        name: `Tiered ${mode}`,
        currency: 'EUR',
        billingType: 'per_hour',
        hourRateMinor: 10000,
        tierMode: mode,
        tiers: [
          { upTo: 10, rateMinor: 10000 },
          { upTo: null, rateMinor: 8000 },
        ],
        associations: [assoc(dept, 'UTC', '2026-01-01')],
      });
      const changed = await req('PATCH', `/plans/${p.id}`, {
        hourRateMinor: 12000,
        tiers: [
          { upTo: 10, rateMinor: 12000 },
          { upTo: null, rateMinor: 9000 },
        ],
        effectiveFrom: '2026-01-16',
      });
      expect(changed.status).toBe(200);
      expect(changed.body).toMatchObject({ rateVersion: 2, rateEffectiveFrom: '2026-01-16', hourRateMinor: 12000 });
      return p.id as string;
    };

    it('graduated: the bands count on across the change, each part at its own version', async () => {
      const dept = await department('Graduated customer');
      const planId = await tiered('graduated', dept);
      await push(...sessions(dept, 'grad'));
      await run('2026-02-02T00:00:00Z');
      const jan = await billOf(dept, '2026-01-01T00:00:00.000Z');
      // Part 1: 9 h in band 1 at €100 = €900.00. Part 2 starts at 9 h: 1 h left in band 1 at €120 = €120.00, then 5 h
      // at €90 = €450.00. Total €1,470.00.
      expect(amounts(jan)).toEqual([
        ['hours', 90000],
        ['hours', 12000],
        ['hours', 45000],
      ]);
      expect(jan.lines[0].description).toBe('From 1 Jan 2026: Session hours, 0–10 h at €100.00/h: 9 h 0 min');
      expect(jan.lines[2].description).toBe('From 16 Jan 2026: Session hours, over 10 h at €90.00/h: 5 h 0 min');
      expect(jan.subtotalMinor).toBe(147000);
      expect(jan.rateVersions).toEqual([
        { version: 1, from: '2026-01-01T00:00:00.000Z', until: '2026-01-16T00:00:00.000Z' },
        { version: 2, from: '2026-01-16T00:00:00.000Z', until: '2026-02-01T00:00:00.000Z' },
      ]);

      // A change dated inside the billed January is refused (nothing changes); an undated one applies from the next
      // bill, February's: 1 h 30 min in its first band at €150 = €225.00.
      const tiers3 = [
        { upTo: 10, rateMinor: 15000 },
        { upTo: null, rateMinor: 9000 },
      ];
      const late = await req('PATCH', `/plans/${planId}`, { hourRateMinor: 15000, tiers: tiers3, effectiveFrom: '2026-01-20' });
      expect(late.status).toBe(409);
      expect(late.body.code).toBe('EFFECTIVE_DATE_BILLED');
      expect((await get(`/plans/${planId}`)).rateVersion).toBe(2);
      const undated = await req('PATCH', `/plans/${planId}`, { hourRateMinor: 15000, tiers: tiers3 });
      expect(undated.body).toMatchObject({ rateVersion: 3, rateEffectiveFrom: null });
      await push(session('grad-feb', dept, '2026-02-03T09:00:00Z', '2026-02-03T10:30:00Z'));
      await run('2026-03-02T00:00:00Z');
      const feb = await billOf(dept, '2026-02-01T00:00:00.000Z');
      expect(feb.rateVersions).toEqual([{ version: 3, from: '2026-02-01T00:00:00.000Z', until: '2026-03-01T00:00:00.000Z' }]);
      expect(amounts(feb)).toEqual([['hours', 22500]]);
      // January's bill is as it was.
      expect((await billOf(dept, '2026-01-01T00:00:00.000Z')).subtotalMinor).toBe(147000);
      const versions = (await get(`/plans/${planId}`)).rateVersions;
      expect(
        versions.map((v: { version: number; effectiveFrom: string | null; hourRateMinor: number }) => [
          v.version,
          v.effectiveFrom,
          v.hourRateMinor,
        ]),
      ).toEqual([
        [3, null, 15000],
        [2, '2026-01-16', 12000],
        [1, null, 10000],
      ]);
    });

    it('volume: every unit at the band the period’s total (15 h) reaches, each part with its own version’s bands', async () => {
      const dept = await department('Volume customer');
      await tiered('volume', dept);
      await push(...sessions(dept, 'vol'));
      await run('2026-02-02T00:00:00Z');
      const jan = await billOf(dept, '2026-01-01T00:00:00.000Z');
      // 15 h > 10 h: band 2. Part 1: 9 h × €80 = €720.00; part 2: 6 h × €90 = €540.00.
      expect(amounts(jan)).toEqual([
        ['hours', 72000],
        ['hours', 54000],
      ]);
      expect(jan.subtotalMinor).toBe(126000);
    });
  });

  it('per session: a session takes the class of its start; unattended sessions at their own rate', async () => {
    const dept = await department('Per-session customer');
    await plan({
      name: 'Per session with classes',
      currency: 'EUR',
      billingType: 'per_session',
      sessionRateMinor: 2500,
      businessHours: MON_FRI_8_18,
      afterHoursMultiplier: '1.5',
      weekendRateMinor: 6000,
      unattendedRateMinor: 1000,
      associations: [assoc(dept, 'UTC', '2026-05-01')],
    });
    await push(
      // Fri 8 May 17:59–19:00 UTC starts in business hours: €25.00.
      session('ps-1', dept, '2026-05-08T17:59:00Z', '2026-05-08T19:00:00Z'),
      // Fri 8 May 23:59 – Sat 00:30 starts after hours: €25 × 1.5 = €37.50.
      session('ps-2', dept, '2026-05-08T23:59:00Z', '2026-05-09T00:30:00Z'),
      // Sat 9 May: the weekend's fixed €60.00, twice, one of them unattended (a fixed class rate replaces every base).
      session('ps-3', dept, '2026-05-09T10:00:00Z', '2026-05-09T10:10:00Z'),
      session('ps-4', dept, '2026-05-09T11:00:00Z', '2026-05-09T11:10:00Z', 'unattended'),
      // Tue 12 May 09:00, unattended, business hours: €10.00.
      session('ps-5', dept, '2026-05-12T09:00:00Z', '2026-05-12T09:05:00Z', 'unattended'),
    );
    await run('2026-06-02T00:00:00Z');
    const may = await billOf(dept, '2026-05-01T00:00:00.000Z');
    expect(may.lines.map((l: Line) => [l.kind, l.quantity, l.amountMinor])).toEqual([
      ['sessions', 1, 2500],
      ['sessions', 1, 1000],
      ['sessions', 1, 3750],
      ['sessions', 1, 6000],
      ['sessions', 1, 6000],
    ]);
    expect(may.subtotalMinor).toBe(2500 + 1000 + 3750 + 6000 + 6000);
  });

  it('a plan without rules changing its rate mid-period is billed per part; a prepaid plan uses the version at the period start', async () => {
    const plainDept = await department('Plain customer');
    const plain = await plan({
      name: 'Plain hourly',
      currency: 'EUR',
      billingType: 'per_hour',
      hourRateMinor: 10000,
      associations: [assoc(plainDept, 'UTC', '2026-04-01')],
    });
    const prepaidDept = await department('Prepaid customer');
    const prepaid = await plan({
      name: 'Prepaid hourly',
      currency: 'EUR',
      billingType: 'per_hour',
      hourRateMinor: 9000,
      retainer: { included: 3600, feeMinor: 5000, rolloverCap: 0, rolloverPeriods: 0 },
      associations: [assoc(prepaidDept, 'UTC', '2026-04-01')],
    });
    for (const [id, rate] of [
      [plain.id, 15000],
      [prepaid.id, 12000],
    ] as const) {
      const res = await req('PATCH', `/plans/${id}`, { hourRateMinor: rate, effectiveFrom: '2026-04-16' });
      expect(res.body).toMatchObject({ rateVersion: 2, rateEffectiveFrom: '2026-04-16' });
    }
    await push(
      // 2 h on 5 Apr (version 1, €100/h) and 1 h on 20 Apr (version 2, €150/h).
      session('pl-1', plainDept, '2026-04-05T09:00:00Z', '2026-04-05T11:00:00Z'),
      session('pl-2', plainDept, '2026-04-20T09:00:00Z', '2026-04-20T10:00:00Z'),
      // 1 h from the retainer on 5 Apr, 1 h overage on 20 Apr: at version 1's €90/h (the version at the period start).
      session('pp-1', prepaidDept, '2026-04-05T09:00:00Z', '2026-04-05T10:00:00Z'),
      session('pp-2', prepaidDept, '2026-04-20T09:00:00Z', '2026-04-20T10:00:00Z'),
    );
    await run('2026-05-02T00:00:00Z');
    const apr = await billOf(plainDept, '2026-04-01T00:00:00.000Z');
    expect(apr.lines.map((l: Line) => [l.description, l.amountMinor])).toEqual([
      ['From 1 Apr 2026: Session hours: 2 h 0 min', 20000],
      ['From 16 Apr 2026: Session hours: 1 h 0 min', 15000],
    ]);
    expect(apr.rateVersions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    const pre = await billOf(prepaidDept, '2026-04-01T00:00:00.000Z');
    expect(pre.lines.find((l: Line) => l.kind === 'overage')?.amountMinor).toBe(9000);
    expect(pre.rateVersions).toEqual([{ version: 1, from: '2026-04-01T00:00:00.000Z', until: '2026-05-01T00:00:00.000Z' }]);
  });

  it('a minimum commitment on a short last period is prorated and tops up the usage', async () => {
    const dept = await department('Committed customer');
    const p = await plan({
      name: 'Committed',
      currency: 'EUR',
      billingType: 'per_hour',
      hourRateMinor: 6000,
      minimumCommitmentMinor: 50000,
      associations: [assoc(dept, 'UTC', '2026-03-01')],
    });
    const ended = await req('DELETE', `/associations/${p.associations[0].id}`, { endedAt: '2026-03-11T00:00:00Z' });
    expect(ended.status).toBe(200);
    await push(session('c-1', dept, '2026-03-02T10:00:00Z', '2026-03-02T11:00:00Z'));
    await run('2026-04-02T00:00:00Z');
    const mar = await billOf(dept, '2026-03-01T00:00:00.000Z');
    // 10 of March's 31 days: €500.00 × 10 / 31 = €161.29 (161.290…); usage 1 h × €60 = €60.00; top-up €101.29.
    expect(amounts(mar)).toEqual([
      ['hours', 6000],
      ['commitment', 10129],
    ]);
    expect(mar.lines[1]).toMatchObject({ quantity: 1, unit: 'item' });
    expect(mar.lines[1].description).toBe('Minimum commitment (€161.29 for this period): top-up');
    expect(mar.subtotalMinor).toBe(16129);
  });

  it('refreshing a draft re-rates it to the same lines; a late session then joins it once', async () => {
    const dept = await department('Draft customer', { reviewDays: 30 });
    await plan({ ...AFTER_HOURS_PLAN, name: 'Drafts with classes', associations: [assoc(dept, 'Europe/Berlin', '2026-06-01')] });
    // Mon 8 Jun 2026 17:00–19:00 CEST: 1 h business €80.00 + 1 h after hours €120.00.
    await push(session('d-1', dept, '2026-06-08T15:00:00Z', '2026-06-08T17:00:00Z'));
    await run('2026-07-02T00:00:00Z');
    const draft = await billOf(dept, '2026-05-31T22:00:00.000Z');
    expect(draft.status).toBe('draft');
    expect(amounts(draft)).toEqual([
      ['hours', 8000],
      ['hours', 12000],
    ]);
    for (let i = 0; i < 2; i++) {
      const again = await post(`/bills/${draft.id}/refresh`);
      expect(again.status).toBe(201);
      expect(again.body.lines).toEqual(draft.lines);
      expect(again.body.subtotalMinor).toBe(20000);
    }
    // Sat 13 Jun 10:00–10:30, arriving late: weekend 30 min × €160 = €80.00.
    await push(session('d-2', dept, '2026-06-13T08:00:00Z', '2026-06-13T08:30:00Z'));
    const refreshed = await post(`/bills/${draft.id}/refresh`);
    expect(amounts(refreshed.body)).toEqual([
      ['hours', 8000],
      ['hours', 12000],
      ['hours', 8000],
    ]);
    const twice = await post(`/bills/${draft.id}/refresh`);
    expect(twice.body.lines).toEqual(refreshed.body.lines);
  });

  it('bad rules are 400s naming the field', async () => {
    const base = { name: 'Bad', currency: 'EUR', billingType: 'per_hour', hourRateMinor: 8000 };
    const cases: [Record<string, unknown>, string][] = [
      [{ businessHours: [{ day: 8, start: '08:00', end: '18:00' }] }, 'businessHours.0.day'],
      [{ businessHours: [{ day: 1, start: '18:00', end: '08:00' }] }, 'businessHours'],
      [{ businessHours: [{ day: 1, start: '8:00', end: '18:00' }] }, 'businessHours.0.start'],
      [{ weekendDays: [6, 6] }, 'weekendDays'],
      [{ holidayCountry: 'XX' }, 'holidayCountry'],
      [{ holidayCountry: 'DE', holidayRegion: 'ZZ' }, 'holidayRegion'],
      [{ holidayDates: ['2026-02-30'] }, 'holidayDates'],
      [{ afterHoursMultiplier: '1.5', afterHoursRateMinor: 100 }, 'afterHoursRateMinor'],
      [{ weekendMultiplier: '0' }, 'weekendMultiplier'],
      [{ weekendMultiplier: '1.55555' }, 'weekendMultiplier'],
      [{ tiers: [{ upTo: null, rateMinor: 1 }] }, 'tierMode'],
      [{ tierMode: 'graduated', tiers: [] }, 'tiers'],
      [
        {
          tierMode: 'graduated',
          tiers: [
            { upTo: 10, rateMinor: 1 },
            { upTo: 5, rateMinor: 1 },
            { upTo: null, rateMinor: 1 },
          ],
        },
        'tiers.1.upTo',
      ],
      [{ tierMode: 'volume', tiers: [{ upTo: 10, rateMinor: 1 }] }, 'tiers.0.upTo'],
      [{ minimumCommitmentMinor: -1 }, 'minimumCommitmentMinor'],
      [{ unattendedRateMinor: 1.5 }, 'unattendedRateMinor'],
    ];
    for (const [body, field] of cases) {
      const res = await post('/plans', { ...base, ...body });
      expect([JSON.stringify(body), res.status]).toEqual([JSON.stringify(body), 400]);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    const ok = await plan({ ...base, name: 'Fine' });
    const nothing = await req('PATCH', `/plans/${ok.id}`, { name: 'Fine again', effectiveFrom: '2027-01-01' });
    expect(nothing.status).toBe(400);
    expect(nothing.body.errors[0].field).toBe('effectiveFrom');
    const typed = await req('PATCH', `/plans/${ok.id}`, { billingType: 'per_session', sessionRateMinor: 100, effectiveFrom: '2027-01-01' });
    expect(typed.status).toBe(400);
    expect(typed.body.errors[0].field).toBe('effectiveFrom');
    expect((await get(`/plans/${ok.id}`)).rateVersions).toHaveLength(1);
  });
});
