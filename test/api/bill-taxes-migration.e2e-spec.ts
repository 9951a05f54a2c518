import { BillTaxes1764800000000 } from '../../apps/api/src/database/migrations/1764800000000-BillTaxes';
import { startTestApp, TestApp } from '../support/app';

/**
 * Bills made before taxes (issue #14: "existing bills migrate as untaxed"): the BillTaxes migration is undone and
 * run again on a database that holds a bill, as on an installation upgraded from the version before it. The bill
 * keeps its figures, becomes untaxed ('none'), in the organization's language, with the seller as it was (its name).
 */
describe('migration of bills made before taxes', () => {
  let t: TestApp;
  let admin: string;
  afterAll(async () => t?.close());

  it('an existing bill becomes untaxed with its total unchanged and a seller snapshot of its organization', async () => {
    t = await startTestApp();
    admin = await t.login();
    const dept = (await t.request('POST', '/departments', { token: admin, body: { name: 'Old customer' } })).body.id;
    const plan = await t.request('POST', '/plans', {
      token: admin,
      body: {
        name: 'Old plan',
        currency: 'EUR',
        billingType: 'per_session',
        sessionRateMinor: 2500,
        unattendedDeviceRateMinor: 0,
        associations: [
          {
            departmentId: dept,
            billingCycle: 'monthly',
            billStartDate: '2026-01-01',
            dueDays: 14,
            timeZone: 'UTC',
            billingAddress: { name: 'Old', line1: 'Street 1', city: 'Berlin', country: 'DE' },
            recipients: ['ap@old.test'],
          },
        ],
      },
    });
    expect(plan.status).toBe(201);
    const key = (await t.request('POST', '/api-keys', { token: admin, body: { name: 'k', scopes: ['usage:write'] } })).body.key;
    const session = await t.request('POST', '/sessions', {
      token: key,
      body: { externalId: 'o1', departmentId: dept, type: 'attended', startedAt: '2026-01-05T10:00:00Z', endedAt: '2026-01-05T10:30:00Z' },
    });
    expect(session.status).toBe(201);
    expect((await t.request('POST', '/billing-runs', { token: admin, body: { asOf: '2026-02-01T00:00:00Z' } })).body.billsCreated).toBe(1);
    const id = (await t.request('GET', '/bills', { token: admin })).body.items[0].id;

    const migration = new BillTaxes1764800000000();
    const runner = t.dataSource.createQueryRunner();
    try {
      await migration.down(runner);
      await runner.query(`UPDATE organizations SET name = 'Old Org GmbH', invoice_language = 'de'`);
      await migration.up(runner);
    } finally {
      await runner.release();
    }

    const bill = (await t.request('GET', `/bills/${id}`, { token: admin })).body;
    // One session at 25.00: the total is what it was; no tax.
    expect(bill).toMatchObject({
      subtotalMinor: 2500,
      netMinor: 2500,
      taxMinor: 0,
      totalMinor: 2500,
      balanceMinor: 2500,
      taxTreatment: 'none',
      taxes: [],
      taxRates: [],
      language: 'de',
      buyer: { name: 'Old customer', legalName: null, vatId: null, buyerReference: null, purchaseOrder: null },
      seller: { name: 'Old Org GmbH', legalName: null, vatId: null, address: null, iban: null, logo: null },
    });
  });
});
