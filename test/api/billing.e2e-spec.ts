import { startTestApp, TestApp } from '../support/app';

const address = { name: 'Customer', line1: '1 Road', city: 'Town', country: 'US' };
const assoc = (departmentId: string, extra: Record<string, unknown> = {}) => ({
  departmentId,
  billingCycle: 'monthly',
  billStartDate: '2026-01-01',
  dueDays: 10,
  billingAddress: address,
  recipients: ['ap@customer.test'],
  timeZone: 'UTC',
  ...extra,
});
const s = (externalId: string, departmentId: string, startedAt: string, minutes: number) => ({
  externalId,
  departmentId,
  type: 'attended',
  startedAt,
  endedAt: new Date(Date.parse(startedAt) + minutes * 60_000).toISOString(),
});

describe('bill generation: billing runs, rating, bills API', () => {
  let t: TestApp;
  let admin: string;
  const d: Record<string, string> = {};
  let sessionPlan: string;

  const run = async (asOf: string) => {
    const res = await t.request('POST', '/billing-runs', { token: admin, body: { asOf } });
    expect(res.status).toBe(201);
    return res.body as { billsCreated: number; associationsScanned: number };
  };
  const bills = async (query: string) => {
    const res = await t.request('GET', `/bills?limit=500&${query}`, { token: admin });
    expect(res.status).toBe(200);
    return res.body.items as any[];
  };
  const detail = async (id: string) => (await t.request('GET', `/bills/${id}`, { token: admin })).body;

  beforeAll(async () => {
    t = await startTestApp({ LOG_LEVEL: process.env.RB_TEST_LOG ?? 'silent' });
    admin = await t.login();
    for (const name of ['A', 'B', 'C', 'W', 'E'])
      d[name] = (await t.request('POST', '/departments', { token: admin, body: { name: `Dept ${name}` } })).body.id;
    const p1 = await t.request('POST', '/plans', {
      token: admin,
      body: {
        name: 'Per session',
        currency: 'USD',
        billingType: 'per_session',
        sessionRateMinor: 1250,
        unattendedDeviceRateMinor: 300,
        associations: [assoc(d.A), assoc(d.W, { billingCycle: 'weekly', billStartDate: '2026-03-02' }), assoc(d.E)],
      },
    });
    sessionPlan = p1.body.id;
    await t.request('POST', '/plans', {
      token: admin,
      body: {
        name: 'Per hour',
        currency: 'EUR',
        billingType: 'per_hour',
        hourRateMinor: 6000,
        billingIncrementMinutes: 15,
        associations: [assoc(d.B, { timeZone: 'Europe/Berlin' })],
      },
    });
    await t.request('POST', '/plans', {
      token: admin,
      body: {
        name: 'Yen',
        currency: 'JPY',
        billingType: 'per_session',
        sessionRateMinor: 1200,
        associations: [assoc(d.C, { billingCycle: 'quarterly' })],
      },
    });
    const key = (await t.request('POST', '/api-keys', { token: admin, body: { name: 'k', scopes: ['usage:write'] } })).body.key;
    const sessions = [
      s('a1', d.A, '2026-01-05T10:00:00Z', 30),
      s('a2', d.A, '2026-01-20T10:00:00Z', 30),
      s('a3', d.A, '2026-01-31T23:59:59Z', 5),
      s('a4', d.A, '2026-02-01T00:00:00Z', 10),
      s('a5', d.A, '2026-02-27T10:00:00Z', 10),
      s('a0', d.A, '2025-12-31T23:00:00Z', 10), // before the bill start date: never billed
      // Berlin: 2026-01-31T23:30Z is already February there.
      s('b1', d.B, '2026-01-10T09:00:00Z', 20),
      s('b2', d.B, '2026-01-11T09:00:00Z', 50),
      s('b3', d.B, '2026-01-31T23:30:00Z', 5),
      s('c1', d.C, '2026-02-01T09:00:00Z', 5),
      s('c2', d.C, '2026-03-31T09:00:00Z', 5),
      s('w1', d.W, '2026-03-03T09:00:00Z', 5),
      s('w2', d.W, '2026-03-20T09:00:00Z', 5),
      s('e1', d.E, '2026-01-10T09:00:00Z', 5),
      s('e2', d.E, '2026-03-10T09:00:00Z', 5),
    ];
    expect((await t.request('POST', '/sessions/batch', { token: key, body: { sessions } })).body.accepted).toBe(sessions.length);
    await t.request('POST', '/devices/batch', {
      token: key,
      body: {
        devices: [
          { externalId: 'dv1', departmentId: d.A, name: 'Kiosk', enrolledAt: '2025-12-01T00:00:00Z' },
          { externalId: 'dv2', departmentId: d.A, name: 'Till', enrolledAt: '2025-12-01T00:00:00Z', removedAt: '2026-02-10T00:00:00Z' },
          { externalId: 'dv3', departmentId: d.A, name: 'Later', enrolledAt: '2026-04-01T00:00:00Z' },
        ],
      },
    });
    // Department E's association ended mid-February: February is billed, March is not.
    await t.dataSource.query(`UPDATE associations SET ended_at = '2026-02-15T00:00:00Z' WHERE department_id = $1`, [d.E]);
  });
  afterAll(async () => t?.close());

  it('bills every closed period of every association in one run, with the right amounts, numbered without gaps', async () => {
    const r = await run('2026-04-01T00:00:00Z');
    // A: Jan, Feb, Mar; B: Jan, Feb (March ends 2026-03-31T22:00Z, April 1 local, so it closed too: 3); C: Q1; W: 4 weeks; E: Jan, Feb.
    expect(r.billsCreated).toBe(3 + 3 + 1 + 4 + 2);
    const all = await bills('');
    expect(all).toHaveLength(13);
    const numbers = all.map((b) => b.number).sort();
    expect(numbers).toEqual(Array.from({ length: 13 }, (_, i) => `INV-${String(i + 1).padStart(6, '0')}`));

    const a = (await bills(`departmentId=${d.A}`)).sort((x, y) => x.periodStart.localeCompare(y.periodStart));
    expect(a.map((b) => [b.periodStart, b.periodEnd, b.issueDate, b.dueDate, b.totalMinor])).toEqual([
      ['2026-01-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z', '2026-01-31', '2026-02-10', 3 * 1250 + 2 * 300],
      ['2026-02-01T00:00:00.000Z', '2026-03-01T00:00:00.000Z', '2026-02-28', '2026-03-10', 2 * 1250 + 2 * 300],
      ['2026-03-01T00:00:00.000Z', '2026-04-01T00:00:00.000Z', '2026-03-31', '2026-04-10', 300],
    ]);
    const jan = await detail(a[0].id);
    expect(jan).toMatchObject({
      currency: 'USD',
      status: 'unpaid',
      department: { name: 'Dept A' },
      plan: { name: 'Per session' },
      billingAddress: address,
    });
    expect(jan.lines).toEqual([
      { kind: 'sessions', description: expect.any(String), quantity: 3, unit: 'session', unitAmountMinor: 1250, amountMinor: 3750 },
      { kind: 'devices', description: expect.any(String), quantity: 2, unit: 'device', unitAmountMinor: 300, amountMinor: 600 },
    ]);
    expect(jan).toMatchObject({ subtotalMinor: 4350, adjustmentsMinor: 0, totalMinor: 4350, paidMinor: 0, balanceMinor: 4350 });

    const b = (await bills(`departmentId=${d.B}`)).sort((x, y) => x.periodStart.localeCompare(y.periodStart));
    expect(b[0].periodStart).toBe('2025-12-31T23:00:00.000Z'); // local midnight in Berlin
    const bJan = await detail(b[0].id);
    expect(bJan.lines[0]).toMatchObject({ kind: 'hours', quantity: 1.5, unit: 'hour', unitAmountMinor: 6000, amountMinor: 9000 });
    const bFeb = await detail(b[1].id);
    expect(bFeb.lines[0]).toMatchObject({ kind: 'hours', quantity: 0.25, amountMinor: 1500 });

    const c = await bills(`departmentId=${d.C}`);
    expect(c).toHaveLength(1);
    expect(c[0]).toMatchObject({ currency: 'JPY', totalMinor: 2400, issueDate: '2026-03-31' });
    expect((await bills(`departmentId=${d.W}`)).map((x) => x.totalMinor).sort()).toEqual([0, 0, 1250, 1250]);
    expect(await bills(`departmentId=${d.E}`)).toHaveLength(2);
  });

  it('makes a zero bill paid at once, so history has no holes', async () => {
    const zero = (await bills(`departmentId=${d.W}`)).filter((x) => x.totalMinor === 0);
    expect(zero.every((x) => x.status === 'paid')).toBe(true);
    expect((await detail(zero[0].id)).lines).toEqual([expect.objectContaining({ kind: 'sessions', quantity: 0, amountMinor: 0 })]);
  });

  it('creates nothing on a second run for the same time', async () => {
    expect((await run('2026-04-01T00:00:00Z')).billsCreated).toBe(0);
    expect(await bills('')).toHaveLength(13);
  });

  it('never bills a session twice, nor one before the bill start date', async () => {
    const rows = await t.dataSource.query(`SELECT external_id, bill_id FROM sessions ORDER BY external_id`);
    const billed = rows.filter((r: { bill_id: string | null }) => r.bill_id);
    expect(rows.find((r: { external_id: string }) => r.external_id === 'a0').bill_id).toBeNull();
    expect(rows.find((r: { external_id: string }) => r.external_id === 'e2').bill_id).toBeNull();
    expect(billed).toHaveLength(rows.length - 2);
  });

  it('bills a late session once, on the next bill, as late usage', async () => {
    const key = (await t.request('POST', '/api-keys', { token: admin, body: { name: 'late', scopes: ['usage:write'] } })).body.key;
    await t.request('POST', '/sessions', { token: key, body: s('late-1', d.A, '2026-02-15T10:00:00Z', 30) });
    expect((await run('2026-05-01T00:00:00Z')).billsCreated).toBeGreaterThan(0);
    const april = (await bills(`departmentId=${d.A}&from=2026-04-01&to=2026-04-02`))[0];
    const aprilDetail = await detail(april.id);
    expect(aprilDetail.lines).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'late_usage', quantity: 1, unitAmountMinor: 1250, amountMinor: 1250 })]),
    );
    expect(await run('2026-05-01T00:00:00Z')).toMatchObject({ billsCreated: 0 });
    const late = await t.dataSource.query(`SELECT bill_id FROM sessions WHERE external_id = 'late-1'`);
    expect(late[0].bill_id).toBe(april.id);
  });

  it('keeps issued bills as they were when the plan changes', async () => {
    const jan = (await bills(`departmentId=${d.A}&from=2026-01-01&to=2026-01-02`))[0];
    expect((await t.request('PATCH', `/plans/${sessionPlan}`, { token: admin, body: { sessionRateMinor: 9999 } })).status).toBe(200);
    const after = await detail(jan.id);
    expect(after.lines[0].unitAmountMinor).toBe(1250);
    expect(after.totalMinor).toBe(4350);
    expect(after.planSnapshot.sessionRateMinor).toBe(1250);
  });

  it('freezes cycle, start date and time zone once an association has a bill', async () => {
    const a = (await t.request('GET', `/associations?departmentId=${d.A}`, { token: admin })).body.items[0];
    expect(a.billed).toBe(true);
    const res = await t.request('PATCH', `/associations/${a.id}`, { token: admin, body: { billingCycle: 'weekly' } });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('ASSOCIATION_ALREADY_BILLED');
    expect((await t.request('PATCH', `/associations/${a.id}`, { token: admin, body: { dueDays: 20 } })).status).toBe(200);
  });

  it('lets two runs race without duplicates or gaps in numbers', async () => {
    for (let i = 0; i < 30; i++) {
      const dep = (await t.request('POST', '/departments', { token: admin, body: { name: `Race ${i}` } })).body.id;
      await t.request('POST', `/plans/${sessionPlan}/associations`, {
        token: admin,
        body: assoc(dep, { billingCycle: 'weekly', billStartDate: '2026-01-05' }),
      });
    }
    const [r1, r2] = await Promise.all([run('2026-06-01T00:00:00Z'), run('2026-06-01T00:00:00Z')]);
    const total = r1.billsCreated + r2.billsCreated;
    expect(total).toBeGreaterThan(30 * 20);
    const dupes = await t.dataSource.query(`SELECT association_id, period_start, count(*) FROM bills GROUP BY 1, 2 HAVING count(*) > 1`);
    expect(dupes).toEqual([]);
    const seq = await t.dataSource.query(`SELECT min(sequence)::int AS lo, max(sequence)::int AS hi, count(*)::int AS n FROM bills`);
    expect(seq[0].lo).toBe(1);
    expect(seq[0].hi).toBe(seq[0].n);
  });

  it('filters by status, plan and period, pages with a cursor, and exports CSV', async () => {
    const paid = await bills('status=paid');
    expect(paid.length).toBeGreaterThan(0);
    expect(paid.every((b) => b.status === 'paid')).toBe(true);
    const overdue = await bills('status=overdue');
    expect(overdue.length).toBeGreaterThan(0);
    expect(overdue.every((b) => b.overdue && b.status === 'unpaid')).toBe(true);
    expect((await bills('status=unpaid')).length).toBeGreaterThanOrEqual(overdue.length);
    const perHour = (await t.request('GET', '/plans?q=Per%20hour', { token: admin })).body.items[0].id;
    expect((await bills(`planId=${perHour}`)).every((b) => b.plan.id === perHour)).toBe(true);

    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { id: string }[]; nextCursor: string | null } } = await t.request(
        'GET',
        `/bills?limit=37${cursor ? `&cursor=${cursor}` : ''}`,
        { token: admin },
      );
      ids.push(...page.body.items.map((b) => b.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    const count = await t.dataSource.query(`SELECT count(*)::int AS n FROM bills`);
    expect(ids).toHaveLength(count[0].n);
    expect(new Set(ids).size).toBe(ids.length);

    const csv = await fetch(`${t.api}/bills/export.csv?departmentId=${d.A}`, { headers: { authorization: `Bearer ${admin}` } });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0]).toContain('number,status,overdue,department');
    expect(lines).toHaveLength(1 + (await bills(`departmentId=${d.A}`)).length);
    expect(lines[1]).toContain('USD');
  });

  it('keeps CSV exports safe from formula injection', async () => {
    const dep = (await t.request('POST', '/departments', { token: admin, body: { name: '=HYPERLINK("http://evil")' } })).body.id;
    await t.request('POST', `/plans/${sessionPlan}/associations`, { token: admin, body: assoc(dep, { billStartDate: '2026-01-01' }) });
    await run('2026-02-01T00:00:00Z');
    const csv = await (
      await fetch(`${t.api}/bills/export.csv?departmentId=${dep}`, { headers: { authorization: `Bearer ${admin}` } })
    ).text();
    expect(csv).toContain(`"'=HYPERLINK(""http://evil"")"`);
  });

  it('summarizes billed, collected, outstanding and overdue amounts per currency and month', async () => {
    const res = await t.request('GET', '/dashboard', { token: admin });
    expect(res.status).toBe(200);
    const usd = res.body.currencies.find((c: { currency: string }) => c.currency === 'USD');
    const sum = await t.dataSource.query(
      `SELECT sum(total_minor)::int AS billed, sum(balance_minor) FILTER (WHERE status = 'unpaid')::int AS outstanding FROM bills WHERE currency = 'USD'`,
    );
    expect(usd).toMatchObject({ billedMinor: sum[0].billed, collectedMinor: 0, outstandingMinor: sum[0].outstanding });
    expect(usd.overdueMinor).toBeGreaterThan(0);
    expect(res.body.months.length).toBeGreaterThan(0);
    expect(res.body).toHaveProperty('nextBillingRunAt', null);
  });

  it('refuses a billing run in the future and bad filters', async () => {
    const future = await t.request('POST', '/billing-runs', { token: admin, body: { asOf: '2999-01-01T00:00:00Z' } });
    expect(future.status).toBe(400);
    expect(future.body.errors[0].field).toBe('asOf');
    expect((await t.request('GET', '/bills?status=late', { token: admin })).status).toBe(400);
    expect((await t.request('GET', '/bills?from=soon', { token: admin })).status).toBe(400);
    const viewer = await t.createUser('viewer');
    expect((await t.request('POST', '/billing-runs', { token: viewer, body: {} })).status).toBe(403);
    expect((await t.request('GET', '/bills', { token: viewer })).status).toBe(200);
  });
});

describe('the billing cron', () => {
  it('closes due cycles on its own, on schedule, through the same service', async () => {
    const t = await startTestApp({ BILLING_CRON_ENABLED: 'true', BILLING_CRON: '* * * * * *' });
    try {
      const admin = await t.login();
      const dep = (await t.request('POST', '/departments', { token: admin, body: { name: 'Cron' } })).body.id;
      await t.request('POST', '/plans', {
        token: admin,
        body: {
          name: 'Cron plan',
          currency: 'USD',
          billingType: 'per_session',
          sessionRateMinor: 100,
          associations: [assoc(dep, { billStartDate: '2026-09-01' })],
        },
      });
      const deadline = Date.now() + 15_000;
      let items: { periodStart: string }[] = [];
      while (Date.now() < deadline && items.length === 0) {
        await new Promise((r) => setTimeout(r, 250));
        items = (await t.request('GET', '/bills', { token: admin })).body.items;
      }
      // Every month from September up to the last closed one (today is after 2026-10-01).
      expect(items.length).toBeGreaterThanOrEqual(1);
      expect(items.map((b) => b.periodStart)).toContain('2026-09-01T00:00:00.000Z');
      const dash = await t.request('GET', '/dashboard', { token: admin });
      expect(Date.parse(dash.body.nextBillingRunAt)).toBeGreaterThan(Date.now() - 1000);
    } finally {
      await t.close();
    }
  });
});
