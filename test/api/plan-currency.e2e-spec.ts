import { startTestApp, TestApp } from '../support/app';

/**
 * A plan's rates are minor units of its currency: once a customer was on the plan (its bills, its next bills),
 * changing the currency would reread the same numbers in another currency. Refused with 409 PLAN_CURRENCY_LOCKED.
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

describe('a plan currency is locked once the plan has customers', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.login();
  });
  afterAll(() => t.close());

  it('changes while nobody is associated; 409 once associated, and still after the association ended', async () => {
    const plan = (
      await t.request('POST', '/plans', {
        token: admin,
        body: { name: 'Movable', currency: 'USD', billingType: 'per_session', sessionRateMinor: 1250 },
      })
    ).body.id;
    const free = await t.request('PATCH', `/plans/${plan}`, { token: admin, body: { currency: 'EUR' } });
    expect(free.status).toBe(200);
    expect(free.body.currency).toBe('EUR');

    const dep = (await t.request('POST', '/departments', { token: admin, body: { name: 'Customer' } })).body.id;
    const association = await t.request('POST', `/plans/${plan}/associations`, { token: admin, body: assoc(dep) });
    expect(association.status).toBe(201);
    const locked = await t.request('PATCH', `/plans/${plan}`, { token: admin, body: { currency: 'JPY' } });
    expect(locked.status).toBe(409);
    expect(locked.body.code).toBe('PLAN_CURRENCY_LOCKED');
    // The same currency, and the other fields, stay editable; nothing of the refused patch was written.
    const same = await t.request('PATCH', `/plans/${plan}`, { token: admin, body: { currency: 'EUR', sessionRateMinor: 1300 } });
    expect(same.status).toBe(200);
    expect(same.body).toMatchObject({ currency: 'EUR', sessionRateMinor: 1300 });
    const mixed = await t.request('PATCH', `/plans/${plan}`, { token: admin, body: { currency: 'USD', sessionRateMinor: 5 } });
    expect(mixed.status).toBe(409);
    expect((await t.request('GET', `/plans/${plan}`, { token: admin })).body).toMatchObject({ currency: 'EUR', sessionRateMinor: 1300 });

    expect((await t.request('DELETE', `/associations/${association.body.id}`, { token: admin })).status).toBeLessThan(300);
    expect((await t.request('GET', `/plans/${plan}`, { token: admin })).body.activeAssociationsCount).toBe(0);
    const ended = await t.request('PATCH', `/plans/${plan}`, { token: admin, body: { currency: 'USD' } });
    expect(ended.status).toBe(409);
    expect(ended.body.code).toBe('PLAN_CURRENCY_LOCKED');
    expect((await t.request('GET', `/plans/${plan}`, { token: admin })).body.currency).toBe('EUR');
  });
});
