import { startTestApp, TestApp } from '../support/app';

/** Another organization's ids answer 404 on every endpoint that takes an id in its path. */
describe('tenancy: a second organization sees none of the first one’s data', () => {
  let t: TestApp;
  const ids: Record<string, string> = {};
  let other: string;

  beforeAll(async () => {
    t = await startTestApp();
    const admin = await t.login();
    ids.department = (await t.request('POST', '/departments', { token: admin, body: { name: 'Mine' } })).body.id;
    const plan = await t.request('POST', '/plans', {
      token: admin,
      body: {
        name: 'Mine',
        currency: 'USD',
        billingType: 'per_session',
        sessionRateMinor: 100,
        associations: [
          {
            departmentId: ids.department,
            billingCycle: 'monthly',
            billStartDate: '2026-01-01',
            dueDays: 5,
            billingAddress: { name: 'a', line1: 'b', city: 'c', country: 'US' },
            recipients: ['x@y.test'],
          },
        ],
      },
    });
    ids.plan = plan.body.id;
    ids.association = plan.body.associations[0].id;
    ids.device = (
      await t.request('POST', '/devices', {
        token: admin,
        body: { externalId: 'd', departmentId: ids.department, name: 'n', enrolledAt: '2026-01-01T00:00:00Z' },
      })
    ).body.id;
    await t.request('POST', '/sessions', {
      token: admin,
      body: {
        externalId: 's',
        departmentId: ids.department,
        type: 'attended',
        startedAt: '2026-01-02T00:00:00Z',
        endedAt: '2026-01-02T01:00:00Z',
      },
    });
    await t.request('POST', '/billing-runs', { token: admin, body: { asOf: '2026-02-01T00:00:00Z' } });
    ids.bill = (await t.request('GET', '/bills', { token: admin })).body.items[0].id;
    ids.payment = (await t.request('POST', `/bills/${ids.bill}/payments`, { token: admin, body: { amountMinor: 10 } })).body.payments[0].id;
    ids.user = (await t.request('GET', '/auth/me', { token: admin })).body.id;
    ids.apiKey = (await t.request('POST', '/api-keys', { token: admin, body: { name: 'k', scopes: ['usage:write'] } })).body.id;
    other = (await t.createOrganization('Other')).token;
  });
  afterAll(async () => t?.close());

  it.each([
    ['GET', '/departments/:department'],
    ['PATCH', '/departments/:department'],
    ['GET', '/plans/:plan'],
    ['PATCH', '/plans/:plan'],
    ['DELETE', '/plans/:plan'],
    ['GET', '/plans/:plan/associations'],
    ['POST', '/plans/:plan/associations'],
    ['GET', '/associations/:association'],
    ['PATCH', '/associations/:association'],
    ['DELETE', '/associations/:association'],
    ['PATCH', '/devices/:device'],
    ['GET', '/bills/:bill'],
    ['GET', '/bills/:bill/pdf'],
    ['GET', '/bills/:bill/emails'],
    ['POST', '/bills/:bill/payments'],
    ['POST', '/bills/:bill/payments/:payment/reverse'],
    ['POST', '/bills/:bill/adjustments'],
    ['POST', '/bills/:bill/void'],
    ['POST', '/bills/:bill/email'],
    ['GET', '/users/:user'],
    ['PATCH', '/users/:user'],
    ['DELETE', '/api-keys/:apiKey'],
  ])('%s %s answers 404', async (method, pattern) => {
    const path = pattern.replace(/:(\w+)/g, (_, k: string) => ids[k]);
    const bodies: Record<string, unknown> = {
      '/plans/:plan/associations': {
        departmentId: ids.department,
        billingCycle: 'monthly',
        billStartDate: '2026-01-01',
        dueDays: 1,
        billingAddress: { name: 'a', line1: 'b', city: 'c', country: 'US' },
        recipients: ['x@y.test'],
      },
      '/bills/:bill/adjustments': { type: 'charge', amountMinor: 1, reason: 'x' },
      '/bills/:bill/void': { reason: 'x' },
      '/bills/:bill/payments/:payment/reverse': { reason: 'x' },
      '/devices/:device': { removedAt: null },
      '/plans/:plan': { name: 'stolen' },
      '/departments/:department': { name: 'stolen' },
      '/associations/:association': { dueDays: 1 },
      '/users/:user': { name: 'stolen' },
    };
    const res = await t.request(method, path, {
      token: other,
      body: method === 'GET' || method === 'DELETE' ? undefined : (bodies[pattern] ?? {}),
    });
    expect(res.status).toBe(404);
  });

  it('lists none of it', async () => {
    for (const path of [
      '/departments',
      '/plans',
      '/associations',
      '/sessions',
      '/devices',
      '/bills',
      '/audit-events',
      '/users',
      '/api-keys',
    ]) {
      const res = await t.request('GET', path, { token: other });
      const foreign = JSON.stringify(res.body.items);
      for (const id of Object.values(ids)) expect(foreign).not.toContain(id);
    }
  });
});
