import { startTestApp, TestApp } from '../support/app';

/**
 * Bill list filters and list fields: `from`/`to` days are the bill's local days (defect 6), the
 * `partly_paid` status, the list items' `lineSummary`; and charges on bills that are paid only because
 * their balance is 0 (defect 8). Every expected amount and instant below is computed by hand.
 */
const address = { name: 'Customer', line1: '1 Road', city: 'Town', country: 'US' };
const assoc = (departmentId: string, timeZone: string) => ({
  departmentId,
  billingCycle: 'monthly',
  billStartDate: '2026-01-01',
  dueDays: 10,
  billingAddress: address,
  recipients: ['ap@customer.test'],
  timeZone,
});
const session = (externalId: string, departmentId: string, startedAt: string, minutes: number) => ({
  externalId,
  departmentId,
  type: 'attended',
  startedAt,
  endedAt: new Date(Date.parse(startedAt) + minutes * 60_000).toISOString(),
});

describe('bill list: local-day period filters, partly paid, line summary; charges on zero bills', () => {
  let t: TestApp;
  let admin: string;
  const d: Record<string, string> = {};
  /** bill[dept][month] = the bill of that department whose period is that local month ('01' or '02'). */
  const bill: Record<string, Record<string, any>> = {};

  const list = async (query: string) => {
    const res = await t.request('GET', `/bills?limit=500&${query}`, { token: admin });
    expect(res.status).toBe(200);
    return res.body.items as any[];
  };
  const numbers = (items: { number: string }[]) => items.map((b) => b.number).sort();
  const adjust = (id: string, body: Record<string, unknown>) =>
    t.request('POST', `/bills/${id}/adjustments`, { token: admin, body: { reason: 'test', ...body } });

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.login();
    const zones = { U: 'UTC', B: 'Europe/Berlin', L: 'America/Los_Angeles', K: 'Pacific/Kiritimati' };
    for (const name of Object.keys(zones))
      d[name] = (await t.request('POST', '/departments', { token: admin, body: { name: `Dept ${name}` } })).body.id;
    const perSession = await t.request('POST', '/plans', {
      token: admin,
      body: {
        name: 'Per session',
        currency: 'USD',
        billingType: 'per_session',
        sessionRateMinor: 1250,
        unattendedDeviceRateMinor: 300,
        associations: [assoc(d.U, zones.U), assoc(d.L, zones.L), assoc(d.K, zones.K)],
      },
    });
    expect(perSession.status).toBe(201);
    const perHour = await t.request('POST', '/plans', {
      token: admin,
      body: {
        name: 'Per hour',
        currency: 'EUR',
        billingType: 'per_hour',
        hourRateMinor: 6000,
        billingIncrementMinutes: 15,
        associations: [assoc(d.B, zones.B)],
      },
    });
    expect(perHour.status).toBe(201);
    const key = (await t.request('POST', '/api-keys', { token: admin, body: { name: 'k', scopes: ['usage:write'] } })).body.key;
    const sessions = [
      // U, January: 3 sessions; February: 1.
      session('u1', d.U, '2026-01-05T10:00:00Z', 30),
      session('u2', d.U, '2026-01-20T10:00:00Z', 30),
      session('u3', d.U, '2026-01-31T23:00:00Z', 5),
      session('u4', d.U, '2026-02-10T10:00:00Z', 10),
      // B (Berlin), January: 20 min → 30, 50 min → 60 (15-minute increments) = 1.5 h. February: 2026-01-31T23:30Z is Feb 1 there.
      session('b1', d.B, '2026-01-10T09:00:00Z', 20),
      session('b2', d.B, '2026-01-11T09:00:00Z', 50),
      session('b3', d.B, '2026-01-31T23:30:00Z', 5),
      // L (Los Angeles), January: 1 session (2026-02-01T03:00Z is still Jan 31 there).
      session('l1', d.L, '2026-02-01T03:00:00Z', 10),
      // K (Kiritimati, UTC+14): no usage at all: zero bills.
    ];
    expect((await t.request('POST', '/sessions/batch', { token: key, body: { sessions } })).body.accepted).toBe(sessions.length);
    await t.request('POST', '/devices/batch', {
      token: key,
      body: {
        devices: [
          { externalId: 'dv1', departmentId: d.U, name: 'Kiosk', enrolledAt: '2025-12-01T00:00:00Z' },
          { externalId: 'dv2', departmentId: d.U, name: 'Till', enrolledAt: '2025-12-01T00:00:00Z', removedAt: '2026-02-10T00:00:00Z' },
        ],
      },
    });
    // Every zone's February has closed by then (LA's ends 2026-03-01T08:00Z); no March period has.
    const run = await t.request('POST', '/billing-runs', { token: admin, body: { asOf: '2026-03-02T12:00:00Z' } });
    expect(run.body.billsCreated).toBe(8);
    for (const [name, id] of Object.entries(d)) {
      bill[name] = {};
      for (const b of await list(`departmentId=${id}`)) bill[name][b.issueDate.slice(5, 7)] = b;
    }
  });
  afterAll(async () => t?.close());

  it('stores each period from the first instant of its local day (the fixture the filters rely on)', () => {
    expect([bill.U['01'].periodStart, bill.U['02'].periodStart]).toEqual(['2026-01-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z']);
    expect([bill.B['01'].periodStart, bill.B['02'].periodStart]).toEqual(['2025-12-31T23:00:00.000Z', '2026-01-31T23:00:00.000Z']);
    expect([bill.L['01'].periodStart, bill.L['02'].periodStart]).toEqual(['2026-01-01T08:00:00.000Z', '2026-02-01T08:00:00.000Z']);
    expect([bill.K['01'].periodStart, bill.K['02'].periodStart]).toEqual(['2025-12-31T10:00:00.000Z', '2026-01-31T10:00:00.000Z']);
  });

  it("from/to days select bills by their period's first local day: January is January in every zone", async () => {
    const january = ['U', 'B', 'L', 'K'].map((n) => bill[n]['01'].number).sort();
    const february = ['U', 'B', 'L', 'K'].map((n) => bill[n]['02'].number).sort();
    expect(numbers(await list('from=2026-01-01&to=2026-02-01'))).toEqual(january);
    expect(numbers(await list('from=2026-02-01&to=2026-03-01'))).toEqual(february);
    expect(numbers(await list('from=2026-02-01'))).toEqual(february);
    expect(numbers(await list('to=2026-02-01'))).toEqual(january);
    // One day either side: Berlin's February bill is not "from 2026-01-31", Los Angeles' January bill is not "to 2026-01-01".
    expect(numbers(await list('from=2026-01-31&to=2026-02-01'))).toEqual([]);
    expect(numbers(await list(`to=2026-01-02&departmentId=${d.L}`))).toEqual([bill.L['01'].number]);
    expect(numbers(await list(`to=2026-01-01&departmentId=${d.L}`))).toEqual([]);
  });

  it("keeps instants exact: an instant bound compares with the period's first instant", async () => {
    expect(numbers(await list('from=2026-01-31T23:00:00Z&to=2026-02-01T00:00:00Z'))).toEqual([bill.B['02'].number]);
    expect(numbers(await list('from=2026-02-01T00:00:00%2B01:00&to=2026-02-01T08:00:00Z'))).toEqual(
      [bill.B['02'].number, bill.U['02'].number].sort(),
    );
    expect((await t.request('GET', '/bills?from=2026-02-30', { token: admin })).body.errors[0].field).toBe('from');
    expect((await t.request('GET', '/bills?to=soon', { token: admin })).body.errors[0].field).toBe('to');
  });

  it('exports CSV with the same day filter', async () => {
    const res = await fetch(`${t.api}/bills/export.csv?from=2026-01-01&to=2026-02-01`, { headers: { authorization: `Bearer ${admin}` } });
    expect(res.status).toBe(200);
    const rows = (await res.text())
      .trim()
      .split('\r\n')
      .slice(1)
      .map((line) => line.split(','));
    expect(rows.map((r) => r[0]).sort()).toEqual(['U', 'B', 'L', 'K'].map((n) => bill[n]['01'].number).sort());
    expect(rows.find((r) => r[0] === bill.B['01'].number)![5]).toBe('2025-12-31T23:00:00.000Z');
  });

  it('lists what each bill charged for (lineSummary), in line order', async () => {
    // U January: 3 sessions × 12.50 + 2 devices × 3.00 = 43.50.
    expect(bill.U['01']).toMatchObject({
      totalMinor: 4350,
      lineSummary: [
        { kind: 'sessions', quantity: 3, unit: 'session' },
        { kind: 'devices', quantity: 2, unit: 'device' },
      ],
    });
    // B January: 1.5 h × 60.00 = 90.00.
    expect(bill.B['01']).toMatchObject({ totalMinor: 9000, lineSummary: [{ kind: 'hours', quantity: 1.5, unit: 'hour' }] });
    expect(bill.K['01']).toMatchObject({
      totalMinor: 0,
      status: 'paid',
      lineSummary: [{ kind: 'sessions', quantity: 0, unit: 'session' }],
    });
  });

  it('takes a charge on a zero bill: paid only because nothing was due, it becomes unpaid with the charge as balance', async () => {
    const zero = bill.K['01'];
    const res = await adjust(zero.id, { type: 'charge', amountMinor: 500 });
    expect(res.status).toBe(201);
    // Issued: the charge is a supplementary invoice of 5.00; the zero invoice stays 0.
    expect(res.body).toMatchObject({
      status: 'unpaid',
      subtotalMinor: 0,
      adjustmentsMinor: 0,
      totalMinor: 0,
      supplementaryMinor: 500,
      paidMinor: 0,
      balanceMinor: 500,
    });
    const events = (await t.request('GET', `/audit-events?entityType=bill&entityId=${zero.id}`, { token: admin })).body.items;
    expect(events[0]).toMatchObject({ action: 'supplementary_invoice.issued', after: { totalMinor: 500, cause: 'adjustment' } });
  });

  it('takes a charge on a bill discounted to 0, and still refuses a discount below 0', async () => {
    const one = bill.L['01']; // 1 session × 12.50
    expect(one.totalMinor).toBe(1250);
    expect((await adjust(one.id, { type: 'discount', amountMinor: 1250 })).body).toMatchObject({
      status: 'paid',
      totalMinor: 1250,
      creditedMinor: 1250,
      balanceMinor: 0,
      paidMinor: 0,
    });
    const below = await adjust(one.id, { type: 'discount', amountMinor: 1 });
    expect(below.status).toBe(409);
    expect(below.body.code).toBe('DISCOUNT_EXCEEDS_TOTAL');
    const charge = await adjust(one.id, { type: 'charge', amountMinor: 300 });
    expect(charge.status).toBe(201);
    expect(charge.body).toMatchObject({ status: 'unpaid', totalMinor: 1250, supplementaryMinor: 300, balanceMinor: 300, paidMinor: 0 });
  });

  it('still refuses adjustments on a bill paid by a payment (409 BILL_PAID) until the payment is reversed', async () => {
    const feb = bill.U['02']; // 1 session × 12.50 + 2 devices × 3.00 (the till, removed on Feb 10, still counts) = 18.50
    expect(feb.totalMinor).toBe(1850);
    const paid = await t.request('POST', `/bills/${feb.id}/payments`, { token: admin, body: {} });
    expect(paid.body).toMatchObject({ status: 'paid', paidMinor: 1850, balanceMinor: 0 });
    const res = await adjust(feb.id, { type: 'charge', amountMinor: 100 });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('BILL_PAID');
    await t.request('POST', `/bills/${feb.id}/payments/${paid.body.payments[0].id}/reverse`, { token: admin, body: { reason: 'bounced' } });
    expect((await adjust(feb.id, { type: 'charge', amountMinor: 100 })).body).toMatchObject({ status: 'unpaid', balanceMinor: 1950 });
  });

  it('filters partly paid bills (unpaid with payments), which stay in unpaid and overdue too', async () => {
    const jan = bill.U['01'];
    const res = await t.request('POST', `/bills/${jan.id}/payments`, { token: admin, body: { amountMinor: 1000 } });
    expect(res.body).toMatchObject({ status: 'unpaid', paidMinor: 1000, balanceMinor: 3350 });
    const partly = await list('status=partly_paid');
    expect(partly.map((b) => b.number)).toEqual([jan.number]);
    expect(partly[0]).toMatchObject({ status: 'unpaid', paidMinor: 1000, balanceMinor: 3350 });
    // The clock is today (after every due date in 2026-03): every unpaid bill is overdue.
    expect(numbers(await list('status=unpaid'))).toContain(jan.number);
    expect(numbers(await list('status=overdue'))).toContain(jan.number);
    expect(numbers(await list('status=paid'))).not.toContain(jan.number);
    expect(numbers(await list(`status=partly_paid&departmentId=${d.B}`))).toEqual([]);
    const csv = await (
      await fetch(`${t.api}/bills/export.csv?status=partly_paid`, { headers: { authorization: `Bearer ${admin}` } })
    ).text();
    expect(
      csv
        .trim()
        .split('\r\n')
        .slice(1)
        .map((l) => l.split(',')[0]),
    ).toEqual([jan.number]);
    expect((await t.request('GET', '/bills?status=partly', { token: admin })).body.errors[0].field).toBe('status');
  });
});
