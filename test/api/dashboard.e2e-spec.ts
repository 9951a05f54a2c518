import { isInteger, isSafeNumber, parse } from 'lossless-json';
import { startTestApp, TestApp } from '../support/app';

/**
 * The dashboard's sums are exact at any size: summed as numeric in SQL, carried as BigInt, written as JSON
 * integers with all their digits (values within 2^53 as usual). They used to go through Number() (digits lost
 * past 2^53) and ::bigint ("bigint out of range" past 2^63, a failed request).
 */
const address = { name: 'Customer', line1: '1 Road', city: 'Town', country: 'US' };
const assoc = (departmentId: string) => ({
  departmentId,
  billingCycle: 'monthly',
  billStartDate: '2026-01-01',
  dueDays: 10,
  billingAddress: address,
  recipients: ['ap@customer.test'],
  timeZone: 'UTC',
});
/** JSON with every digit: integers beyond the safe range as bigint (as the console reads the dashboard). */
const parseExact = (text: string) => parse(text, null, (v: string) => (isInteger(v) && !isSafeNumber(v) ? BigInt(v) : Number(v))) as any;

describe('dashboard sums beyond 2^53', () => {
  let t: TestApp;
  let month: string;
  /** Bills issued 30 days ago, due the next day: overdue, and in the dashboard's last 12 months. */
  let issued: string;
  let due: string;

  /** One plan in `currency` with an association per department, one January bill each (of 0) by a billing run. */
  const billsFor = async (token: string, currency: string, count: number): Promise<string[]> => {
    const departments: string[] = [];
    for (let i = 0; i < count; i++)
      departments.push((await t.request('POST', '/departments', { token, body: { name: `Big ${currency} ${i}` } })).body.id);
    const plan = await t.request('POST', '/plans', {
      token,
      body: { name: `Big ${currency}`, currency, billingType: 'per_session', sessionRateMinor: 1, associations: departments.map(assoc) },
    });
    expect(plan.status).toBe(201);
    expect((await t.request('POST', '/billing-runs', { token, body: { asOf: '2026-02-01T00:00:00Z' } })).body.billsCreated).toBe(count);
    return departments;
  };
  /** Amounts no real usage reaches, written straight into this test's own database. */
  const setBill = (departmentId: string, totalMinor: string, paidMinor: string) =>
    t.dataSource.query(
      `UPDATE bills SET status = 'unpaid', subtotal_minor = $2::bigint, total_minor = $2::bigint, paid_minor = $3::bigint,
              balance_minor = $2::bigint - $3::bigint, issue_date = $4::date, due_date = $5::date WHERE department_id = $1`,
      [departmentId, totalMinor, paidMinor, issued, due],
    );
  const dashboard = async (token: string) => {
    const res = await fetch(`${t.api}/dashboard`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const text = await res.text();
    return { text, body: parseExact(text) };
  };

  beforeAll(async () => {
    t = await startTestApp();
    issued = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
    due = new Date(Date.now() - 29 * 86_400_000).toISOString().slice(0, 10);
    month = issued.slice(0, 7);
  });
  afterAll(() => t.close());

  it('answers sums past 2^53 with all their digits, per currency and per month', async () => {
    const admin = await t.login();
    const [a, b] = await billsFor(admin, 'USD', 2);
    await setBill(a, '9007199254740993', '0'); // 2^53 + 1
    await setBill(b, '9007199254740996', '3'); // 2^53 + 4, 3 paid
    const { text, body } = await dashboard(admin);
    // By hand: billed 9007199254740993 + 9007199254740996 = 18014398509481989 (as a double: …988);
    // outstanding (9007199254740993 - 0) + (9007199254740996 - 3) = 18014398509481986 (as a double: …984).
    const usd = {
      currency: 'USD',
      billedMinor: 18014398509481989n,
      collectedMinor: 3,
      outstandingMinor: 18014398509481986n,
      overdueMinor: 18014398509481986n,
      bills: 2,
    };
    expect(body.currencies).toEqual([usd]);
    expect(body.months).toEqual([{ month, currency: 'USD', billedMinor: 18014398509481989n, collectedMinor: 3 }]);
    expect(body.nextBillingRunAt).toBeNull();
    // The text itself: plain JSON integers (no strings, no exponent); small ones as JSON.stringify writes them.
    expect(text).toContain('"billedMinor":18014398509481989,');
    expect(text).toContain('"outstandingMinor":18014398509481986,');
    expect(text).toContain('"collectedMinor":3,');
    expect(text).not.toMatch(/"\d+"|e\+/);
    // Cross-check with BigInt over the stored balances.
    const stored: { balance_minor: string }[] = await t.dataSource.query(
      `SELECT balance_minor::text FROM bills WHERE department_id = ANY($1)`,
      [[a, b]],
    );
    expect(stored.reduce((sum, r) => sum + BigInt(r.balance_minor), 0n)).toBe(usd.outstandingMinor);
  });

  it('answers sums past 2^63 (the largest bigint) too', async () => {
    const other = await t.createOrganization('Huge');
    const departments = await billsFor(other.token, 'EUR', 3);
    for (const d of departments) await setBill(d, '4000000000000000001', '0');
    const { text, body } = await dashboard(other.token);
    // By hand: 3 × 4000000000000000001 = 12000000000000000003 > 9223372036854775807.
    const huge = 12000000000000000003n;
    expect(body.currencies).toEqual([
      { currency: 'EUR', billedMinor: huge, collectedMinor: 0, outstandingMinor: huge, overdueMinor: huge, bills: 3 },
    ]);
    expect(body.months).toEqual([{ month, currency: 'EUR', billedMinor: huge, collectedMinor: 0 }]);
    expect(text).toContain('"overdueMinor":12000000000000000003,');
  });
});
