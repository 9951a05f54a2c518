/**
 * The association lifecycle at its edges (README, "The association lifecycle"): every defect of issue #12
 * that lives in the billing run, associations and devices, each in its own organization so the amounts and
 * counts are that organization's alone. Every expected amount is computed by hand in the comments.
 */
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
const session = (externalId: string, departmentId: string, startedAt: string, minutes: number) => ({
  externalId,
  departmentId,
  type: 'attended',
  startedAt,
  endedAt: new Date(Date.parse(startedAt) + minutes * 60_000).toISOString(),
});

describe('association lifecycle: exactly once at the edges', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t?.close());

  /** A fresh organization with an admin and a usage key. */
  async function org(name: string) {
    const o = await t.createOrganization(name);
    const key = (await t.request('POST', '/api-keys', { token: o.token, body: { name: 'k', scopes: ['usage:write'] } })).body.key as string;
    const call = (method: string, path: string, body?: unknown) => t.request(method, path, { token: o.token, body });
    const department = async (n: string) => (await call('POST', '/departments', { name: n })).body.id as string;
    const plan = async (body: Record<string, unknown>) => {
      const res = await call('POST', '/plans', { unattendedDeviceRateMinor: 0, ...body });
      expect(res.status).toBe(201);
      return res.body as { id: string; associations: { id: string }[] };
    };
    const sessions = async (list: unknown[]) => {
      const res = await t.request('POST', '/sessions/batch', { token: key, body: { sessions: list } });
      expect(res.status).toBe(200);
      return res.body;
    };
    const run = async (asOf: string) => {
      const res = await call('POST', '/billing-runs', { asOf });
      expect(res.status).toBe(201);
      return res.body as { id: string; billsCreated: number; associationsScanned: number; failures: any[] };
    };
    const bills = async (query = '') => {
      const res = await call('GET', `/bills?limit=500&${query}`);
      expect(res.status).toBe(200);
      return (res.body.items as any[]).sort((a, b) => a.periodStart.localeCompare(b.periodStart) || a.number.localeCompare(b.number));
    };
    const detail = async (id: string) => (await call('GET', `/bills/${id}`)).body;
    return { ...o, key, call, department, plan, sessions, run, bills, detail };
  }

  describe('defect 1: one bill that can not be computed', () => {
    it('is isolated: every other customer is billed, the failure is recorded and shown, and the next run retries it', async () => {
      const o = await org('Overflow');
      const big = await o.department('Big');
      const small = await o.department('Small');
      // 10^11 minor units per hour is the highest rate a plan takes.
      const huge = await o.plan({
        name: 'Max',
        currency: 'USD',
        billingType: 'per_hour',
        hourRateMinor: 100_000_000_000,
        associations: [assoc(big)],
      });
      await o.plan({ name: 'Normal', currency: 'USD', billingType: 'per_session', sessionRateMinor: 1250, associations: [assoc(small)] });
      // 540 sessions of 7 days (the longest a session may be): 540 × 168 h × 10^11 = 9.072 × 10^15 > 2^53 - 1.
      const week = 7 * 24 * 60;
      const list = Array.from({ length: 540 }, (_, i) => session(`big-${i}`, big, `2026-01-0${1 + (i % 9)}T00:00:00Z`, week));
      for (let i = 0; i < list.length; i += 200) await o.sessions(list.slice(i, i + 200));
      await o.sessions([session('small-1', small, '2026-01-10T10:00:00Z', 30)]);

      const first = await o.run('2026-02-01T00:00:00Z');
      expect(first.billsCreated).toBe(1);
      expect(first.associationsScanned).toBe(2);
      expect(first.failures).toEqual([
        expect.objectContaining({
          associationId: huge.associations[0].id,
          departmentName: 'Big',
          planName: 'Max',
          periodStart: '2026-01-01T00:00:00.000Z',
          code: 'AMOUNT_OUT_OF_RANGE',
        }),
      ]);
      const smallBills = await o.bills(`departmentId=${small}`);
      expect(smallBills.map((b) => b.totalMinor)).toEqual([1250]);
      expect(await o.bills(`departmentId=${big}`)).toEqual([]);
      // No session of the failing bill was marked billed.
      const unbilled = await t.dataSource.query('SELECT count(*)::int AS n FROM sessions WHERE department_id = $1 AND bill_id IS NULL', [
        big,
      ]);
      expect(unbilled[0].n).toBe(540);

      // Admins see it: open failures and the run history.
      const open = (await o.call('GET', '/billing-runs/failures')).body.items;
      expect(open).toEqual([
        expect.objectContaining({
          associationId: huge.associations[0].id,
          code: 'AMOUNT_OUT_OF_RANGE',
          attempts: 1,
          departmentName: 'Big',
        }),
      ]);
      const dashboard = (await o.call('GET', '/dashboard')).body;
      expect(dashboard.billingFailures).toEqual([
        expect.objectContaining({ associationId: huge.associations[0].id, code: 'AMOUNT_OUT_OF_RANGE', planName: 'Max' }),
      ]);
      const history = (await o.call('GET', '/billing-runs')).body.items;
      expect(history[0]).toEqual(expect.objectContaining({ id: first.id, trigger: 'api', billsCreated: 1, associationsScanned: 2 }));
      expect(history[0].failures.map((f: any) => f.code)).toEqual(['AMOUNT_OUT_OF_RANGE']);

      // The next run retries it (and fails again: nothing changed), without billing the other customer twice.
      const second = await o.run('2026-02-01T00:00:00Z');
      expect(second.billsCreated).toBe(0);
      expect(second.failures.map((f) => f.code)).toEqual(['AMOUNT_OUT_OF_RANGE']);
      expect((await o.call('GET', '/billing-runs/failures')).body.items[0].attempts).toBe(2);

      // Once the rate is fixed, the next run bills it: 90,720 h × 1,000 = 90,720,000, and the failure is gone.
      expect((await o.call('PATCH', `/plans/${huge.id}`, { hourRateMinor: 1000 })).status).toBe(200);
      const third = await o.run('2026-02-01T00:00:00Z');
      expect(third.billsCreated).toBe(1);
      expect(third.failures).toEqual([]);
      const bigBills = await o.bills(`departmentId=${big}`);
      expect(bigBills.map((b) => b.totalMinor)).toEqual([90_720_000]);
      expect((await o.call('GET', '/billing-runs/failures')).body.items).toEqual([]);
      expect((await o.call('GET', '/dashboard')).body.billingFailures).toEqual([]);
      expect((await o.call('GET', '/billing-runs?limit=2')).body.items.map((r: any) => r.id)).toEqual([third.id, second.id]);
    });

    it('counts associations, not passes: a long catch-up over several batches scans one association', async () => {
      const o = await org('Catchup');
      const d = await o.department('Weekly');
      await o.plan({
        name: 'W',
        currency: 'EUR',
        billingType: 'per_session',
        sessionRateMinor: 100,
        associations: [assoc(d, { billingCycle: 'weekly', billStartDate: '2024-01-01' })],
      });
      // 2024-01-01 + 150 weeks = 2026-11-16: 150 closed periods, more than the 100 a pass bills.
      const r = await o.run('2026-11-16T00:00:00Z');
      expect(r.billsCreated).toBe(150);
      expect(r.associationsScanned).toBe(1);
    });
  });

  describe('defect 2: no edit moves a start before the previous end', () => {
    it('refuses billStartDate and timeZone patches that reach back into the previous association', async () => {
      const o = await org('Patch');
      const d = await o.department('D');
      const p = await o.plan({
        name: 'P',
        currency: 'USD',
        billingType: 'per_session',
        sessionRateMinor: 100,
        associations: [assoc(d, { billStartDate: '2026-09-01' })],
      });
      const a = p.associations[0].id;
      expect((await o.call('DELETE', `/associations/${a}`, { endedAt: '2026-12-01T00:00:00Z' })).status).toBe(200);
      const early = await o.call('POST', `/plans/${p.id}/associations`, assoc(d, { billStartDate: '2026-11-01' }));
      expect(early.status).toBe(409);
      expect(early.body.code).toBe('ASSOCIATION_STARTS_BEFORE_PREVIOUS_END');
      const b = await o.call('POST', `/plans/${p.id}/associations`, assoc(d, { billStartDate: '2026-12-02' }));
      expect(b.status).toBe(201);

      const back = await o.call('PATCH', `/associations/${b.body.id}`, { billStartDate: '2026-09-01' });
      expect(back.status).toBe(409);
      expect(back.body.code).toBe('ASSOCIATION_STARTS_BEFORE_PREVIOUS_END');
      expect(back.body.errors).toEqual([expect.objectContaining({ field: 'billStartDate' })]);
      // 2026-12-01 in Kiritimati (UTC+14) starts at 2026-11-30T10:00Z, before A's end.
      const zone = await o.call('PATCH', `/associations/${b.body.id}`, { billStartDate: '2026-12-01', timeZone: 'Pacific/Kiritimati' });
      expect(zone.status).toBe(409);
      expect(zone.body.code).toBe('ASSOCIATION_STARTS_BEFORE_PREVIOUS_END');
      // Exactly at A's end is fine.
      const ok = await o.call('PATCH', `/associations/${b.body.id}`, { billStartDate: '2026-12-01' });
      expect(ok.status).toBe(200);
      expect(ok.body.startsAt).toBe('2026-12-01T00:00:00.000Z');
      // B bills nothing of September to November: its first period is December.
      const r = await o.run('2026-12-01T12:00:00Z');
      expect(r.billsCreated).toBe(3); // A: Sep, Oct, Nov
      expect((await o.bills()).map((x) => [x.associationId, x.periodStart])).toEqual([
        [a, '2026-09-01T00:00:00.000Z'],
        [a, '2026-10-01T00:00:00.000Z'],
        [a, '2026-11-01T00:00:00.000Z'],
      ]);
    });
  });

  describe('defects 3 and 4: re-associating inside the last period, and late usage of an ended association', () => {
    it('bills the short last period up to the end with a prorated device fee, and late sessions on a late-usage bill of their own', async () => {
      const o = await org('Reassociate');
      const d = await o.department('D');
      const other = await o.department('Other');
      const monthly = await o.plan({
        name: 'Monthly',
        currency: 'USD',
        billingType: 'per_session',
        sessionRateMinor: 1000,
        unattendedDeviceRateMinor: 3100,
        associations: [assoc(d)],
      });
      const a = monthly.associations[0].id;
      await t.request('POST', '/devices/batch', {
        token: o.key,
        body: { devices: [{ externalId: 'dev-1', departmentId: d, name: 'Kiosk', enrolledAt: '2025-12-01T00:00:00Z' }] },
      });
      await o.sessions([
        session('s1', d, '2026-01-05T10:00:00Z', 30),
        session('s2', d, '2026-01-15T11:00:00Z', 30), // before A's end at 12:00
        session('s3', d, '2026-01-15T13:00:00Z', 30), // after A's end, before B: nobody's
        session('s4', d, '2026-01-20T10:00:00Z', 30), // B's first week
      ]);
      const end = await o.call('DELETE', `/associations/${a}`, { endedAt: '2026-01-15T12:00:00Z' });
      expect(end.status).toBe(200);
      expect(end.body).toEqual(expect.objectContaining({ status: 'ended', endedAt: '2026-01-15T12:00:00.000Z' }));
      const weekly = await o.plan({
        name: 'Weekly',
        currency: 'USD',
        billingType: 'per_session',
        sessionRateMinor: 500,
        unattendedDeviceRateMinor: 700,
        associations: [assoc(d, { billingCycle: 'weekly', billStartDate: '2026-01-16' })],
      });
      const b = weekly.associations[0].id;

      const r = await o.run('2026-02-01T00:00:00Z');
      expect(r.billsCreated).toBe(3);
      const [january, week1, week2] = await o.bills();
      // A's January: [Jan 1, Jan 15 12:00): s1 + s2 = 2 × 1000; the device for 14.5 of 31 days: 3100 × 14.5 / 31 = 1450.
      expect(january).toEqual(
        expect.objectContaining({
          associationId: a,
          kind: 'period',
          periodStart: '2026-01-01T00:00:00.000Z',
          periodEnd: '2026-01-15T12:00:00.000Z',
          totalMinor: 3450,
        }),
      );
      const jan = await o.detail(january.id);
      expect(jan.lines.map((l: any) => [l.kind, l.quantity, l.amountMinor])).toEqual([
        ['sessions', 2, 2000],
        ['devices', 1, 1450],
      ]);
      expect(jan.lines[1].description).toContain('prorated');
      // B's weeks: [Jan 16, 23) has s4 and the device: 500 + 700; [Jan 23, 30) only the device: 700.
      expect([week1.associationId, week1.totalMinor, week2.associationId, week2.totalMinor]).toEqual([b, 1200, b, 700]);

      // s3 is covered by no association: never billed, but listed.
      const uncovered = (await o.call('GET', `/sessions?coverage=uncovered&departmentId=${d}`)).body.items;
      expect(uncovered.map((s: any) => [s.externalId, s.covered])).toEqual([['s3', false]]);
      const covered = (await o.call('GET', `/sessions?coverage=covered&departmentId=${d}`)).body.items.map((s: any) => s.externalId).sort();
      expect(covered).toEqual(['s1', 's2', 's4']);
      expect((await o.call('GET', '/sessions?coverage=sometimes')).status).toBe(400);
      expect((await o.call('GET', '/dashboard')).body.uncoveredSessions).toBe(1);

      // Defect 4: a session inside A's time arrives after A's final bill, and one of B's after B's first week was billed.
      await o.sessions([session('late-a', d, '2026-01-10T09:00:00Z', 30), session('late-b', d, '2026-01-21T09:00:00Z', 30)]);
      await o.sessions([session('other-1', other, '2026-01-10T09:00:00Z', 30)]); // a department with no association
      const r2 = await o.run('2026-02-02T00:00:00Z');
      expect(r2.billsCreated).toBe(1);
      const late = (await o.bills(`departmentId=${d}`)).filter((x) => x.kind === 'late_usage');
      // A's own late-usage bill, on A's plan snapshot: 1 session × 1000, issued on the run's day.
      expect(late).toEqual([
        expect.objectContaining({
          associationId: a,
          totalMinor: 1000,
          periodStart: '2026-01-01T00:00:00.000Z',
          periodEnd: '2026-01-15T12:00:00.000Z',
          issueDate: '2026-02-02',
          dueDate: '2026-02-12',
        }),
      ]);
      expect((await o.detail(late[0].id)).lines.map((l: any) => [l.kind, l.quantity, l.amountMinor])).toEqual([['late_usage', 1, 1000]]);
      // Nothing more to take: a second run makes no bill.
      expect((await o.run('2026-02-02T00:00:00Z')).billsCreated).toBe(0);
      // B's late session goes on B's next bill: [Jan 30, Feb 6): device 700 + late 500.
      await o.run('2026-02-06T00:00:00Z');
      const b3 = (await o.bills(`departmentId=${d}`)).find((x) => x.periodStart === '2026-01-30T00:00:00.000Z');
      expect(b3.totalMinor).toBe(1200);
      // Every session of the department but s3 is billed exactly once, on a bill of the association that covers it.
      const rows = await t.dataSource.query(
        `SELECT s.external_id, b.association_id FROM sessions s LEFT JOIN bills b ON b.organization_id = s.organization_id AND b.id = s.bill_id
          WHERE s.department_id = $1 ORDER BY s.external_id`,
        [d],
      );
      expect(rows.map((x: any) => [x.external_id, x.association_id])).toEqual([
        ['late-a', a],
        ['late-b', b],
        ['s1', a],
        ['s2', a],
        ['s3', null],
        ['s4', b],
      ]);
    });
  });

  describe('defect 7: device enrolment history', () => {
    it('never bills a device enrolled and removed at the same instant, and re-enrolling keeps the months it was away', async () => {
      const o = await org('Devices');
      const d = await o.department('D');
      await o.plan({
        name: 'Dev',
        currency: 'USD',
        billingType: 'per_session',
        sessionRateMinor: 0,
        unattendedDeviceRateMinor: 100,
        associations: [assoc(d)],
      });
      await t.request('POST', '/devices/batch', {
        token: o.key,
        body: {
          devices: [
            {
              externalId: 'instant',
              departmentId: d,
              name: 'Blink',
              enrolledAt: '2026-01-10T00:00:00Z',
              removedAt: '2026-01-10T00:00:00Z',
            },
            { externalId: 'away', departmentId: d, name: 'Traveller', enrolledAt: '2026-01-01T00:00:00Z' },
          ],
        },
      });
      const list = (await o.call('GET', `/devices?departmentId=${d}`)).body.items;
      const away = list.find((x: any) => x.externalId === 'away');
      expect((await o.call('PATCH', `/devices/${away.id}`, { removedAt: '2026-01-31T12:00:00Z' })).status).toBe(200);
      const back = await o.call('PATCH', `/devices/${away.id}`, { removedAt: null, enrolledAt: '2026-04-01T00:00:00Z' });
      expect(back.status).toBe(200);
      expect(back.body.enrolments).toEqual([
        { enrolledAt: '2026-01-01T00:00:00.000Z', removedAt: '2026-01-31T12:00:00.000Z' },
        { enrolledAt: '2026-04-01T00:00:00.000Z', removedAt: null },
      ]);
      expect(back.body.status).toBe('active');
      // Re-enrolling before the removal it follows is refused, naming the field.
      const removedAgain = await o.call('PATCH', `/devices/${away.id}`, { removedAt: '2026-05-01T00:00:00Z' });
      expect(removedAgain.status).toBe(200);
      const tooEarly = await o.call('PATCH', `/devices/${away.id}`, { removedAt: null, enrolledAt: '2026-04-15T00:00:00Z' });
      expect(tooEarly.status).toBe(400);
      expect(tooEarly.body.errors[0].field).toBe('enrolledAt');

      await o.run('2026-06-01T00:00:00Z');
      // Jan: 'away' only (the instant device never counts) = 100; Feb, Mar: none; Apr: back = 100; May: removed on May 1 00:00 = none.
      expect((await o.bills()).map((b) => [b.periodStart.slice(0, 7), b.totalMinor])).toEqual([
        ['2026-01', 100],
        ['2026-02', 0],
        ['2026-03', 0],
        ['2026-04', 100],
        ['2026-05', 0],
      ]);
    });
  });

  describe('defect 10c: ending at a date', () => {
    it('honours endedAt (past or scheduled), never before the last billed period, and refuses moving an end', async () => {
      const o = await org('Ending');
      const d = await o.department('D');
      const p = await o.plan({
        name: 'E',
        currency: 'USD',
        billingType: 'per_session',
        sessionRateMinor: 100,
        associations: [assoc(d, { billStartDate: '2026-06-01' })],
      });
      const a = p.associations[0].id;
      await o.run('2026-09-01T00:00:00Z'); // June, July, August billed
      const before = await o.call('DELETE', `/associations/${a}`, { endedAt: '2026-08-15T00:00:00Z' });
      expect(before.status).toBe(409);
      expect(before.body.code).toBe('ASSOCIATION_END_BEFORE_BILLED_PERIOD');
      expect(before.body.errors[0]).toEqual(
        expect.objectContaining({ field: 'endedAt', message: expect.stringContaining('2026-09-01T00:00:00.000Z') }),
      );
      expect((await o.call('DELETE', `/associations/${a}`, { endedAt: 'soon' })).status).toBe(400);

      // Scheduled: still active until then, and the department's next association may start at its end.
      const scheduled = await o.call('DELETE', `/associations/${a}`, { endedAt: '2027-03-01T00:00:00Z' });
      expect(scheduled.status).toBe(200);
      expect(scheduled.body).toEqual(
        expect.objectContaining({ status: 'active', endedAt: '2027-03-01T00:00:00.000Z', billedThrough: '2026-09-01T00:00:00.000Z' }),
      );
      expect((await o.call('GET', `/associations?status=active&departmentId=${d}`)).body.items.map((x: any) => x.id)).toEqual([a]);
      const moved = await o.call('DELETE', `/associations/${a}`, { endedAt: '2027-04-01T00:00:00Z' });
      expect(moved.status).toBe(409);
      expect(moved.body.code).toBe('ASSOCIATION_ENDED');
      expect((await o.call('DELETE', `/associations/${a}`)).status).toBe(200); // no date: a no-op on an ended one
      const next = await o.call('POST', `/plans/${p.id}/associations`, assoc(d, { billStartDate: '2027-02-15' }));
      expect(next.body.code).toBe('ASSOCIATION_STARTS_BEFORE_PREVIOUS_END');
      expect((await o.call('POST', `/plans/${p.id}/associations`, assoc(d, { billStartDate: '2027-03-01' }))).status).toBe(201);
    });
  });
});
