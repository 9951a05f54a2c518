import { startTestApp, TestApp } from '../support/app';

const address = { name: 'ACME Accounting', line1: '1 Main St', city: 'Berlin', country: 'DE' };
const assoc = (departmentId: string, extra: Record<string, unknown> = {}) => ({
  departmentId,
  billingCycle: 'monthly',
  billStartDate: '2026-01-01',
  dueDays: 14,
  billingAddress: address,
  recipients: ['ap@acme.test'],
  ...extra,
});
const fields = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((e) => e.field);

describe('billing plans and associations', () => {
  let t: TestApp;
  let admin: string;
  const dep: string[] = [];

  beforeAll(async () => {
    t = await startTestApp({ ORG_TIME_ZONE: 'Europe/Berlin' });
    admin = await t.login();
    for (let i = 0; i < 6; i++) {
      dep.push((await t.request('POST', '/departments', { token: admin, body: { name: `Dept ${i}` } })).body.id);
    }
  });
  afterAll(async () => t?.close());

  it('walks the seed: create with two customers now, one later, edit, end one, fail to delete, audit trail', async () => {
    const created = await t.request('POST', '/plans', {
      token: admin,
      body: {
        name: 'Standard Support',
        currency: 'USD',
        billingType: 'per_session',
        sessionRateMinor: 1250,
        unattendedDeviceRateMinor: 300,
        associations: [assoc(dep[0]), assoc(dep[1], { billingCycle: 'quarterly', timeZone: 'America/New_York' })],
      },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'Standard Support',
      currency: 'USD',
      billingType: 'per_session',
      sessionRateMinor: 1250,
      hourRateMinor: null,
      unattendedDeviceRateMinor: 300,
      billingIncrementMinutes: 1,
      minimumBillableMinutes: 0,
      activeAssociationsCount: 2,
    });
    expect(created.body.associations).toHaveLength(2);
    expect(created.body.associations[0]).toMatchObject({
      timeZone: 'Europe/Berlin',
      status: 'active',
      department: { id: dep[0], name: 'Dept 0' },
    });
    expect(created.body.associations[1].timeZone).toBe('America/New_York');
    const planId = created.body.id;

    const later = await t.request('POST', `/plans/${planId}/associations`, {
      token: admin,
      body: assoc(dep[2], { billingCycle: 'weekly' }),
    });
    expect(later.status).toBe(201);

    const edited = await t.request('PATCH', `/plans/${planId}`, { token: admin, body: { sessionRateMinor: 1500 } });
    expect(edited.status).toBe(200);
    expect(edited.body.sessionRateMinor).toBe(1500);

    const ended = await t.request('DELETE', `/associations/${later.body.id}`, { token: admin });
    expect(ended.status).toBe(200);
    expect(ended.body.status).toBe('ended');

    const view = await t.request('GET', `/plans/${planId}`, { token: admin });
    expect(view.body.activeAssociationsCount).toBe(2);
    expect(view.body.associations.map((a: { status: string }) => a.status).sort()).toEqual(['active', 'active', 'ended']);

    const del = await t.request('DELETE', `/plans/${planId}`, { token: admin });
    expect(del.status).toBe(409);
    expect(del.body.code).toBe('PLAN_HAS_ACTIVE_ASSOCIATIONS');

    const planAudit = await t.request('GET', `/audit-events?entityType=plan&entityId=${planId}`, { token: admin });
    expect(planAudit.body.items.map((e: { action: string }) => e.action)).toEqual(['plan.updated', 'plan.created']);
    expect(planAudit.body.items[0].before.sessionRateMinor).toBe(1250);
    expect(planAudit.body.items[0].after.sessionRateMinor).toBe(1500);
    const assocAudit = await t.request('GET', `/audit-events?entityType=association&entityId=${later.body.id}`, { token: admin });
    expect(assocAudit.body.items.map((e: { action: string }) => e.action)).toEqual(['association.ended', 'association.created']);

    const byDept = await t.request('GET', `/associations?departmentId=${dep[0]}`, { token: admin });
    expect(byDept.body.items).toHaveLength(1);
    const forPlan = await t.request('GET', `/plans/${planId}/associations?status=active`, { token: admin });
    expect(forPlan.body.items).toHaveLength(2);
  });

  it('keeps one active association per department (409) and lets an ended one be replaced from its end on', async () => {
    const p1 = await t.request('POST', '/plans', {
      token: admin,
      body: { name: 'Hourly', currency: 'EUR', billingType: 'per_hour', hourRateMinor: 6000, billingIncrementMinutes: 15 },
    });
    expect(p1.status).toBe(201);
    const a = await t.request('POST', `/plans/${p1.body.id}/associations`, { token: admin, body: assoc(dep[3]) });
    expect(a.status).toBe(201);
    const again = await t.request('POST', `/plans/${p1.body.id}/associations`, { token: admin, body: assoc(dep[3]) });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('DEPARTMENT_ALREADY_ASSOCIATED');
    await t.request('DELETE', `/associations/${a.body.id}`, { token: admin });
    const early = await t.request('POST', `/plans/${p1.body.id}/associations`, {
      token: admin,
      body: assoc(dep[3], { billStartDate: '2026-01-01' }),
    });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('ASSOCIATION_STARTS_BEFORE_PREVIOUS_END');
    const next = await t.request('POST', `/plans/${p1.body.id}/associations`, {
      token: admin,
      body: assoc(dep[3], { billStartDate: '2199-01-01' }),
    });
    expect(next.status).toBe(201);
  });

  it('creates a plan and its associations all or nothing', async () => {
    const bad = await t.request('POST', '/plans', {
      token: admin,
      body: {
        name: 'Atomic',
        currency: 'USD',
        billingType: 'per_session',
        sessionRateMinor: 100,
        associations: [assoc(dep[4]), assoc(dep[0])],
      },
    });
    expect(bad.status).toBe(409);
    expect(bad.body.code).toBe('DEPARTMENT_ALREADY_ASSOCIATED');
    const list = await t.request('GET', '/plans?q=Atomic', { token: admin });
    expect(list.body.items).toHaveLength(0);
    const free = await t.request('GET', `/associations?departmentId=${dep[4]}`, { token: admin });
    expect(free.body.items).toHaveLength(0);
  });

  it('refuses a duplicate name case-insensitively', async () => {
    await t.request('POST', '/plans', {
      token: admin,
      body: { name: 'Gold', currency: 'JPY', billingType: 'per_session', sessionRateMinor: 1200 },
    });
    const dup = await t.request('POST', '/plans', {
      token: admin,
      body: { name: ' gold ', currency: 'JPY', billingType: 'per_session', sessionRateMinor: 1 },
    });
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('PLAN_NAME_TAKEN');
  });

  it.each([
    ['missing name', { currency: 'USD', billingType: 'per_session', sessionRateMinor: 1 }, 'name'],
    ['lowercase currency', { name: 'x1', currency: 'usd', billingType: 'per_session', sessionRateMinor: 1 }, 'currency'],
    ['unknown currency', { name: 'x2', currency: 'ABC', billingType: 'per_session', sessionRateMinor: 1 }, 'currency'],
    ['unknown billing type', { name: 'x3', currency: 'USD', billingType: 'per_minute', sessionRateMinor: 1 }, 'billingType'],
    ['rate of the type missing', { name: 'x4', currency: 'USD', billingType: 'per_hour', sessionRateMinor: 1 }, 'hourRateMinor'],
    ['negative rate', { name: 'x5', currency: 'USD', billingType: 'per_session', sessionRateMinor: -1 }, 'sessionRateMinor'],
    ['fractional rate', { name: 'x6', currency: 'USD', billingType: 'per_session', sessionRateMinor: 12.5 }, 'sessionRateMinor'],
    ['huge rate', { name: 'x7', currency: 'USD', billingType: 'per_session', sessionRateMinor: 1e15 }, 'sessionRateMinor'],
    ['string rate', { name: 'x8', currency: 'USD', billingType: 'per_session', sessionRateMinor: '100' }, 'sessionRateMinor'],
    [
      'bad increment',
      { name: 'x9', currency: 'USD', billingType: 'per_hour', hourRateMinor: 1, billingIncrementMinutes: 7 },
      'billingIncrementMinutes',
    ],
    [
      'bad minimum',
      { name: 'x10', currency: 'USD', billingType: 'per_hour', hourRateMinor: 1, minimumBillableMinutes: 1441 },
      'minimumBillableMinutes',
    ],
    [
      'negative device rate',
      { name: 'x11', currency: 'USD', billingType: 'per_hour', hourRateMinor: 1, unattendedDeviceRateMinor: -5 },
      'unattendedDeviceRateMinor',
    ],
    ['unknown field', { name: 'x12', currency: 'USD', billingType: 'per_hour', hourRateMinor: 1, color: 'red' }, 'color'],
  ])('400 on a plan with %s', async (_label, body, field) => {
    const res = await t.request('POST', '/plans', { token: admin, body });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(fields(res.body)).toContain(field);
  });

  it.each([
    ['unknown department', { departmentId: '00000000-0000-4000-8000-000000000001' }, 'associations.0.departmentId'],
    ['bad cycle', { billingCycle: 'daily' }, 'associations.0.billingCycle'],
    ['impossible start date', { billStartDate: '2026-02-30' }, 'associations.0.billStartDate'],
    ['due days out of range', { dueDays: 366 }, 'associations.0.dueDays'],
    ['bad country', { billingAddress: { ...address, country: 'Germany' } }, 'associations.0.billingAddress.country'],
    ['address without line1', { billingAddress: { name: 'x', city: 'y', country: 'DE' } }, 'associations.0.billingAddress.line1'],
    ['no recipients', { recipients: [] }, 'associations.0.recipients'],
    ['eleven recipients', { recipients: Array.from({ length: 11 }, (_, i) => `r${i}@x.test`) }, 'associations.0.recipients'],
    ['bad recipient', { recipients: ['not-an-email'] }, 'associations.0.recipients'],
    ['repeated recipient', { recipients: ['a@x.test', 'A@x.test'] }, 'associations.0.recipients'],
    ['bad time zone', { timeZone: 'Mars/Olympus' }, 'associations.0.timeZone'],
  ])('400 on an association with %s, naming the field', async (_label, extra, field) => {
    const res = await t.request('POST', '/plans', {
      token: admin,
      body: {
        name: `Plan ${field}${_label}`,
        currency: 'USD',
        billingType: 'per_session',
        sessionRateMinor: 1,
        associations: [assoc(dep[5], extra)],
      },
    });
    expect(res.status).toBe(400);
    expect(fields(res.body)).toContain(field);
  });

  it('answers 404 for unknown, malformed and foreign ids', async () => {
    const other = await t.createOrganization('Elsewhere');
    const theirs = await t.request('POST', '/plans', {
      token: other.token,
      body: { name: 'Theirs', currency: 'USD', billingType: 'per_session', sessionRateMinor: 1 },
    });
    for (const id of [theirs.body.id, '00000000-0000-4000-8000-000000000000', 'nope']) {
      expect((await t.request('GET', `/plans/${id}`, { token: admin })).status).toBe(404);
      expect((await t.request('PATCH', `/plans/${id}`, { token: admin, body: { name: 'x' } })).status).toBe(404);
      expect((await t.request('DELETE', `/plans/${id}`, { token: admin })).status).toBe(404);
      expect((await t.request('POST', `/plans/${id}/associations`, { token: admin, body: assoc(dep[5]) })).status).toBe(404);
      expect((await t.request('PATCH', `/associations/${id}`, { token: admin, body: { dueDays: 1 } })).status).toBe(404);
    }
    const theirDept = await t.request('POST', '/departments', { token: other.token, body: { name: 'Their dept' } });
    const mine = await t.request('POST', '/plans', {
      token: admin,
      body: { name: 'Mine', currency: 'USD', billingType: 'per_session', sessionRateMinor: 1 },
    });
    const cross = await t.request('POST', `/plans/${mine.body.id}/associations`, { token: admin, body: assoc(theirDept.body.id) });
    expect(cross.status).toBe(400);
    expect(fields(cross.body)).toContain('departmentId');
  });

  it('lets viewers read only', async () => {
    const viewer = await t.createUser('viewer');
    expect((await t.request('GET', '/plans', { token: viewer })).status).toBe(200);
    expect(
      (
        await t.request('POST', '/plans', {
          token: viewer,
          body: { name: 'v', currency: 'USD', billingType: 'per_session', sessionRateMinor: 1 },
        })
      ).status,
    ).toBe(403);
    const billing = await t.createUser('billing');
    expect(
      (
        await t.request('POST', '/plans', {
          token: billing,
          body: { name: 'by billing', currency: 'USD', billingType: 'per_session', sessionRateMinor: 1 },
        })
      ).status,
    ).toBe(201);
  });

  it('deletes a plan with no customers and no bills; edits revalidate the rate of a changed type', async () => {
    const p = await t.request('POST', '/plans', {
      token: admin,
      body: { name: 'Temp', currency: 'BHD', billingType: 'per_session', sessionRateMinor: 1500 },
    });
    const switchType = await t.request('PATCH', `/plans/${p.body.id}`, { token: admin, body: { billingType: 'per_hour' } });
    expect(switchType.status).toBe(400);
    expect(fields(switchType.body)).toContain('hourRateMinor');
    const ok = await t.request('PATCH', `/plans/${p.body.id}`, { token: admin, body: { billingType: 'per_hour', hourRateMinor: 25000 } });
    expect(ok.status).toBe(200);
    expect((await t.request('DELETE', `/plans/${p.body.id}`, { token: admin })).status).toBe(204);
    expect((await t.request('GET', `/plans/${p.body.id}`, { token: admin })).status).toBe(404);
    const audit = await t.request('GET', `/audit-events?entityType=plan&entityId=${p.body.id}`, { token: admin });
    expect(audit.body.items[0].action).toBe('plan.deleted');
  });

  it('still bills the closed periods of a deleted plan’s ended customers (nothing is lost)', async () => {
    const d = (await t.request('POST', '/departments', { token: admin, body: { name: 'Leaving' } })).body.id;
    const p = await t.request('POST', '/plans', {
      token: admin,
      body: { name: 'Short-lived', currency: 'USD', billingType: 'per_session', sessionRateMinor: 700, associations: [assoc(d)] },
    });
    await t.request('POST', '/sessions', {
      token: admin,
      body: {
        externalId: 'leaving-1',
        departmentId: d,
        type: 'attended',
        startedAt: '2026-01-10T10:00:00Z',
        endedAt: '2026-01-10T11:00:00Z',
      },
    });
    await t.request('DELETE', `/associations/${p.body.associations[0].id}`, { token: admin });
    expect((await t.request('DELETE', `/plans/${p.body.id}`, { token: admin })).status).toBe(204);
    await t.request('POST', '/billing-runs', { token: admin, body: { asOf: '2026-02-01T00:00:00Z' } });
    const bills = (await t.request('GET', `/bills?departmentId=${d}`, { token: admin })).body.items;
    expect(bills).toHaveLength(1);
    expect(bills[0]).toMatchObject({ totalMinor: 700, plan: { name: 'Short-lived' } });
  });

  it('edits an association: address and recipients any time, cycle until the first bill', async () => {
    const p = await t.request('POST', '/plans', {
      token: admin,
      body: { name: 'Editable', currency: 'USD', billingType: 'per_session', sessionRateMinor: 1, associations: [assoc(dep[5])] },
    });
    const id = p.body.associations[0].id;
    const res = await t.request('PATCH', `/associations/${id}`, {
      token: admin,
      body: { billingCycle: 'yearly', dueDays: 30, recipients: ['new@acme.test'] },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ billingCycle: 'yearly', dueDays: 30, recipients: ['new@acme.test'] });
    const bad = await t.request('PATCH', `/associations/${id}`, { token: admin, body: { timeZone: 'Nowhere/City' } });
    expect(bad.status).toBe(400);
    expect(fields(bad.body)).toContain('timeZone');
  });
});
