import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestApp, TestApp } from '../support/app';
import { freePort, MAIN_JS, startServer, waitForHealthy } from '../support/process';

/**
 * One time-zone rule (libs/billing isValidTimeZone): a zone is valid when luxon (Intl) and PostgreSQL both know
 * it. US/Pacific-New (retired from tzdata; Intl still knows it) and SystemV/AST4 (not in PostgreSQL's zone
 * database) used to be stored, and then every bill query with `AT TIME ZONE` failed for the organization.
 * EST5EDT (in both) used to be accepted on associations but refused as ORG_TIME_ZONE.
 */
const address = { name: 'Customer', line1: '1 Road', city: 'Town', country: 'US' };
const assoc = (departmentId: string, extra: Record<string, unknown> = {}) => ({
  departmentId,
  billingCycle: 'monthly',
  billStartDate: '2026-01-01',
  dueDays: 10,
  billingAddress: address,
  recipients: ['ap@customer.test'],
  ...extra,
});
const fields = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((e) => e.field);
const UNKNOWN_TO_POSTGRES = ['US/Pacific-New', 'SystemV/AST4'];

describe('time zones: luxon and PostgreSQL must both know the zone', () => {
  let t: TestApp;
  let admin: string;
  let plan: string;
  const department = async (name: string) => (await t.request('POST', '/departments', { token: admin, body: { name } })).body.id as string;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.login();
    plan = (
      await t.request('POST', '/plans', {
        token: admin,
        body: { name: 'Zones', currency: 'USD', billingType: 'per_session', sessionRateMinor: 1000 },
      })
    ).body.id;
  });
  afterAll(() => t.close());

  it.each(UNKNOWN_TO_POSTGRES)('refuses %s with a 400 naming timeZone on association create, plan create and patch', async (zone) => {
    const dep = await department(`Refused ${zone}`);
    const create = await t.request('POST', `/plans/${plan}/associations`, { token: admin, body: assoc(dep, { timeZone: zone }) });
    expect(create.status).toBe(400);
    expect(fields(create.body)).toEqual(['timeZone']);

    const withPlan = await t.request('POST', '/plans', {
      token: admin,
      body: {
        name: `Plan ${zone}`,
        currency: 'USD',
        billingType: 'per_session',
        sessionRateMinor: 1,
        associations: [assoc(dep, { timeZone: zone })],
      },
    });
    expect(withPlan.status).toBe(400);
    expect(fields(withPlan.body)).toEqual(['associations.0.timeZone']);

    const ok = await t.request('POST', `/plans/${plan}/associations`, { token: admin, body: assoc(dep, { timeZone: 'UTC' }) });
    expect(ok.status).toBe(201);
    const patch = await t.request('PATCH', `/associations/${ok.body.id}`, { token: admin, body: { timeZone: zone } });
    expect(patch.status).toBe(400);
    expect(fields(patch.body)).toEqual(['timeZone']);
    const stored = await t.dataSource.query(`SELECT time_zone FROM associations WHERE department_id = $1`, [dep]);
    expect(stored).toEqual([{ time_zone: 'UTC' }]);
  });

  it('accepts EST5EDT on create and patch, and its bills list, export, show on the dashboard and take payments and voids', async () => {
    const [created, patched] = [await department('EST5EDT created'), await department('EST5EDT patched')];
    const a = await t.request('POST', `/plans/${plan}/associations`, { token: admin, body: assoc(created, { timeZone: 'EST5EDT' }) });
    expect(a.status).toBe(201);
    expect(a.body.timeZone).toBe('EST5EDT');
    const b = await t.request('POST', `/plans/${plan}/associations`, { token: admin, body: assoc(patched, { timeZone: 'UTC' }) });
    const patch = await t.request('PATCH', `/associations/${b.body.id}`, { token: admin, body: { timeZone: 'EST5EDT' } });
    expect(patch.status).toBe(200);
    expect(patch.body.timeZone).toBe('EST5EDT');

    const run = await t.request('POST', '/billing-runs', { token: admin, body: { asOf: '2026-02-15T00:00:00Z' } });
    expect(run.status).toBe(201);
    const list = await t.request('GET', `/bills?departmentId=${created}`, { token: admin });
    expect(list.status).toBe(200);
    // January 2026 in EST5EDT (UTC-5 in winter): from 2026-01-01T05:00Z to 2026-02-01T05:00Z, issued on its last
    // local day, due 10 days later; overdue since (today is after 2026-02-10).
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0]).toMatchObject({
      periodStart: '2026-01-01T05:00:00.000Z',
      periodEnd: '2026-02-01T05:00:00.000Z',
      issueDate: '2026-01-31',
      dueDate: '2026-02-10',
      status: 'paid',
      totalMinor: 0, // no sessions: a bill of 0, paid at issue
    });
    const [other] = (await t.request('GET', `/bills?departmentId=${patched}`, { token: admin })).body.items;
    expect(other.periodStart).toBe('2026-01-01T05:00:00.000Z');
    expect((await t.request('GET', '/bills?status=overdue', { token: admin })).status).toBe(200);
    expect((await t.request('GET', '/dashboard', { token: admin })).status).toBe(200);
    const csv = await fetch(`${t.api}/bills/export.csv?departmentId=${created}`, { headers: { authorization: `Bearer ${admin}` } });
    expect(csv.status).toBe(200);
    expect((await csv.text()).trim().split('\r\n')).toHaveLength(2);

    // A bill with a balance: charge, pay, reverse, void (each reads the bill with its overdue flag).
    const bill = other.id as string;
    const charge = await t.request('POST', `/bills/${bill}/adjustments`, {
      token: admin,
      body: { type: 'charge', amountMinor: 500, reason: 'setup' },
    });
    expect(charge.status).toBe(201);
    const detail = await t.request('GET', `/bills/${bill}`, { token: admin });
    expect(detail.body).toMatchObject({ status: 'unpaid', overdue: true, balanceMinor: 500 });
    const pay = await t.request('POST', `/bills/${bill}/payments`, { token: admin, body: {} });
    expect(pay.status).toBe(201);
    const paymentId = (await t.request('GET', `/bills/${bill}`, { token: admin })).body.payments[0].id;
    expect(
      (await t.request('POST', `/bills/${bill}/payments/${paymentId}/reverse`, { token: admin, body: { reason: 'bounced' } })).status,
    ).toBe(201);
    const voided = await t.request('POST', `/bills/${bill}/void`, { token: admin, body: { reason: 'test' } });
    expect(voided.status).toBe(201);
    expect(voided.body.status).toBe('void');
  });
});

describe('ORG_TIME_ZONE follows the same rule', () => {
  it('starts an app with ORG_TIME_ZONE=EST5EDT, which new associations default to', async () => {
    const t = await startTestApp({ ORG_TIME_ZONE: 'EST5EDT' });
    try {
      const admin = await t.login();
      expect((await t.request('GET', '/auth/me', { token: admin })).body.organization.timeZone).toBe('EST5EDT');
      const dep = (await t.request('POST', '/departments', { token: admin, body: { name: 'Default zone' } })).body.id;
      const plan = await t.request('POST', '/plans', {
        token: admin,
        body: { name: 'Default', currency: 'USD', billingType: 'per_session', sessionRateMinor: 1, associations: [assoc(dep)] },
      });
      expect(plan.status).toBe(201);
      expect(plan.body.associations[0].timeZone).toBe('EST5EDT');
    } finally {
      await t.close();
    }
  });

  it.each(UNKNOWN_TO_POSTGRES)('refuses ORG_TIME_ZONE=%s once connected to PostgreSQL, naming the variable', async (zone) => {
    await expect(startTestApp({ ORG_TIME_ZONE: zone })).rejects.toThrow(
      /ORG_TIME_ZONE must be an IANA time zone that PostgreSQL knows too.*got "/,
    );
  });

  describe('the built server', () => {
    let dataDir: string;
    beforeAll(() => {
      if (!existsSync(MAIN_JS)) throw new Error(`${MAIN_JS} is missing: run npm run build first (npm test does)`);
      dataDir = mkdtempSync(join(tmpdir(), 'rb-zones-'));
      chmodSync(dataDir, 0o755);
    });
    afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

    it('exits with code 78 naming ORG_TIME_ZONE for US/Pacific-New, and starts with EST5EDT on the same data', async () => {
      const refused = startServer({
        PORT: String(await freePort()),
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        ORG_TIME_ZONE: 'US/Pacific-New',
      });
      const timeout = new Promise<string>((r) => setTimeout(() => r('still running after 60 s'), 60_000).unref());
      const code = await Promise.race([refused.exited, timeout]);
      if (typeof code === 'string') {
        refused.child.kill('SIGTERM'); // it started (the defect): stop it, and its PostgreSQL, before failing
        await refused.exited;
      }
      expect(code).toBe(78);
      expect(refused.output()).toContain('ORG_TIME_ZONE must be an IANA time zone that PostgreSQL knows too');
      expect(existsSync(join(dataDir, 'pg', 'postmaster.pid'))).toBe(false); // PostgreSQL was stopped

      const port = await freePort();
      const server = startServer({ PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, ORG_TIME_ZONE: 'EST5EDT' });
      try {
        await waitForHealthy(`http://127.0.0.1:${port}`, server);
        const api = `http://127.0.0.1:${port}/api/v1`;
        const login = await fetch(`${api}/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: 'admin@example.com', password: 'change-me-now' }),
        });
        const { accessToken } = (await login.json()) as { accessToken: string };
        const me = (await (await fetch(`${api}/auth/me`, { headers: { authorization: `Bearer ${accessToken}` } })).json()) as {
          organization: { timeZone: string };
        };
        expect(me.organization.timeZone).toBe('EST5EDT');
      } finally {
        server.child.kill('SIGTERM');
        expect(await server.exited).toBe(0);
      }
    }, 120_000);
  });
});
