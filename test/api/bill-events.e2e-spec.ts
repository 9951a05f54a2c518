import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { startTestApp, TestApp } from '../support/app';

/**
 * Billing emits its webhook events (issue #15, point 4, wired): a billing run's drafts and issued bills, a draft
 * approved, a payment recorded (and the bill paid), the payment reversed, a bill voided — each delivered once to a
 * real receiver on 127.0.0.1, signed (verified by the official `standardwebhooks` package), carrying the bill as the
 * API shows it. An organization without endpoints gets no event rows at all.
 */
describe('webhook events of bills', () => {
  let t: TestApp;
  let admin: string;
  let secret: string;
  const received: { type: string; data: Record<string, any>; headers: http.IncomingHttpHeaders; body: string }[] = [];
  let server: http.Server;

  const post = (path: string, body: unknown = {}) => t.request('POST', path, { token: admin, body });
  const types = () => received.map((r) => `${r.type} ${r.data.department?.name ?? r.data.id}`);
  const until = async (n: number) => {
    const end = Date.now() + 20_000;
    while (received.length < n && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
    expect(received.length).toBe(n);
  };

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        const parsed = JSON.parse(body) as { type: string; data: Record<string, any> };
        received.push({ ...parsed, headers: req.headers, body });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    t = await startTestApp({
      WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'true',
      WEBHOOK_ALLOW_HTTP: 'true',
      WEBHOOK_CRON: '* * * * * *',
    });
    admin = await t.login();
    const endpoint = await post('/webhooks', {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
      eventTypes: ['bill.drafted', 'bill.issued', 'bill.paid', 'bill.overdue', 'bill.voided', 'payment.recorded', 'payment.reversed'],
    });
    expect(endpoint.status).toBe(201);
    secret = endpoint.body.secret;
    const dept = async (name: string, reviewDays: number) => (await post('/departments', { name, reviewDays })).body.id as string;
    const reviewed = await dept('Reviewed', 3);
    const direct = await dept('Direct', 0);
    const assoc = (departmentId: string) => ({
      departmentId,
      billingCycle: 'monthly',
      billStartDate: '2026-01-01',
      dueDays: 14,
      timeZone: 'UTC',
      billingAddress: { name: 'X', line1: 'Street 1', city: 'Berlin', country: 'DE' },
      recipients: ['ap@x.test'],
    });
    const plan = await post('/plans', {
      name: 'P',
      currency: 'EUR',
      billingType: 'per_session',
      sessionRateMinor: 1000,
      associations: [assoc(reviewed), assoc(direct)],
    });
    expect(plan.status).toBe(201);
    const key = (await post('/api-keys', { name: 'k', scopes: ['usage:write'] })).body.key;
    const session = (externalId: string, departmentId: string) => ({
      externalId,
      departmentId,
      type: 'attended',
      startedAt: '2026-01-10T10:00:00Z',
      endedAt: '2026-01-10T10:30:00Z',
    });
    await t.request('POST', '/sessions/batch', { token: key, body: { sessions: [session('r1', reviewed), session('d1', direct)] } });
  });
  afterAll(async () => {
    await t?.close();
    server?.closeAllConnections();
    await new Promise<void>((resolve) => server?.close(() => resolve()));
  });

  it('a run: the reviewed customer’s bill drafted, the other issued; approval issues the draft', async () => {
    await post('/billing-runs', { asOf: '2026-02-01T00:00:00Z' });
    await until(2);
    expect(types().sort()).toEqual(['bill.drafted Reviewed', 'bill.issued Direct']);
    const drafted = received.find((r) => r.type === 'bill.drafted')!;
    expect(drafted.data).toMatchObject({ status: 'draft', number: null, totalMinor: 1000, issueDate: '2026-02-03' });
    await post(`/bills/${drafted.data.id}/approve`);
    await until(3);
    expect(received[2]).toMatchObject({ type: 'bill.issued', data: { id: drafted.data.id, status: 'unpaid', number: 'INV-000002' } });
  });

  it('a payment: recorded and the bill paid; reversed; then the bill voided', async () => {
    const id = received.find((r) => r.type === 'bill.issued' && r.data.department.name === 'Direct')!.data.id as string;
    const paid = await post(`/bills/${id}/payments`, {});
    await until(5);
    expect(
      received
        .slice(3)
        .map((r) => r.type)
        .sort(),
    ).toEqual(['bill.paid', 'payment.recorded']);
    const recorded = received.find((r) => r.type === 'payment.recorded')!;
    expect(recorded.data).toMatchObject({
      id,
      status: 'paid',
      balanceMinor: 0,
      payments: [{ id: paid.body.payments[0].id, amountMinor: 1000 }],
    });
    await post(`/bills/${id}/payments/${paid.body.payments[0].id}/reverse`, { reason: 'Bounced' });
    await until(6);
    expect(received[5]).toMatchObject({ type: 'payment.reversed', data: { id, status: 'unpaid', payments: [{ reversed: true }] } });
    await post(`/bills/${id}/void`, { reason: 'Duplicate' });
    await until(7);
    expect(received[6]).toMatchObject({ type: 'bill.voided', data: { id, status: 'void' } });
  });

  it('a run after the due date: bill.overdue once for the unpaid bill, not again on the next run', async () => {
    // The approved draft (INV-000002) is unpaid. Approved after its window had ended (2026-02-04T00:00Z), it is dated
    // its scheduled day 2026-02-03 and due 14 days later, 2026-02-17: a run as of 2026-02-18 sees it overdue; the
    // voided bill is not.
    const draft = received.find((r) => r.type === 'bill.drafted')!.data.id as string;
    await post('/billing-runs', { asOf: '2026-02-18T00:00:00Z' });
    await until(8);
    expect(received[7]).toMatchObject({ type: 'bill.overdue', data: { id: draft, status: 'unpaid', overdue: true } });
    await post('/billing-runs', { asOf: '2026-02-19T00:00:00Z' });
    await new Promise((r) => setTimeout(r, 2500));
    expect(received.filter((r) => r.type === 'bill.overdue')).toHaveLength(1);
  });

  it('every event is signed, each arrived once, and an organization without endpoints writes no event', async () => {
    for (const r of received) expect(() => new Webhook(secret).verify(r.body, r.headers as Record<string, string>)).not.toThrow();
    expect(new Set(received.map((r) => r.headers['webhook-id'])).size).toBe(received.length);
    const other = await t.createOrganization('Quiet');
    const before = Number((await t.dataSource.query(`SELECT count(*) AS n FROM webhook_events`))[0].n);
    const dept = (await t.request('POST', '/departments', { token: other.token, body: { name: 'Q' } })).body.id;
    await t.request('POST', '/plans', {
      token: other.token,
      body: {
        name: 'Q',
        currency: 'EUR',
        billingType: 'per_session',
        sessionRateMinor: 100,
        associations: [
          {
            departmentId: dept,
            billingCycle: 'monthly',
            billStartDate: '2026-01-01',
            dueDays: 0,
            timeZone: 'UTC',
            billingAddress: { name: 'Q', line1: 'S', city: 'C', country: 'DE' },
            recipients: ['q@q.test'],
          },
        ],
      },
    });
    expect(
      (await t.request('POST', '/billing-runs', { token: other.token, body: { asOf: '2026-02-01T00:00:00Z' } })).body.billsCreated,
    ).toBe(1);
    expect(Number((await t.dataSource.query(`SELECT count(*) AS n FROM webhook_events`))[0].n)).toBe(before);
  });
});
