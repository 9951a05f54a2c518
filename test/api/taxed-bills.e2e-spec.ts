import { startTestApp, TestApp } from '../support/app';

/**
 * Taxed bills (issue #14, "Done when", the API half): a German MSP (EUR, 19 %) bills a German customer, an Austrian
 * business customer (reverse charge) and a Swiss customer (export, 0 %); a US MSP bills with a New York sales tax on
 * one customer and nothing on another; a Canadian MSP bills GST + PST. Each bill snapshots its seller, buyer and
 * rates. Every expected figure is computed by hand in the comment next to it.
 */
const s = (externalId: string, departmentId: string, startedAt: string, minutes: number) => ({
  externalId,
  departmentId,
  type: 'attended',
  startedAt,
  endedAt: new Date(Date.parse(startedAt) + minutes * 60_000).toISOString(),
});
const address = (country: string, city: string) => ({ name: `Accounts ${city}`, line1: 'Street 1', city, postalCode: '1010', country });
const assoc = (departmentId: string, country: string, city: string, extra: Record<string, unknown> = {}) => ({
  departmentId,
  billingCycle: 'monthly',
  billStartDate: '2026-01-01',
  dueDays: 14,
  timeZone: 'UTC',
  billingAddress: address(country, city),
  recipients: [`ap@${city.toLowerCase().replace(/[^a-z]/g, '')}.test`],
  ...extra,
});
const hourPlan = (name: string, currency: string, hourRateMinor: number, extra: Record<string, unknown> = {}) => ({
  name,
  currency,
  billingType: 'per_hour',
  hourRateMinor,
  billingIncrementMinutes: 1,
  minimumBillableMinutes: 0,
  ...extra,
});

interface Org {
  token: string;
  key: string;
}

describe('taxed bills: Germany, Austria (reverse charge), Switzerland (export), the US, Canada', () => {
  let t: TestApp;
  const de = {} as Org & { vat: string; berlin: string; wien: string; zurich: string };
  const us = {} as Org & { ny: string; nyc: string; nj: string; eu: string };
  const ca = {} as Org & { vancouver: string };

  const req = (org: Org, method: string, path: string, body?: unknown) => t.request(method, path, { token: org.token, body });
  const created = async (org: Org, path: string, body: unknown): Promise<string> => {
    const res = await req(org, 'POST', path, body);
    if (res.status !== 201) throw new Error(`${path}: ${res.status} ${res.text}`);
    return res.body.id as string;
  };
  const run = async (org: Org, asOf = '2026-02-01T00:00:00Z') => {
    const res = await req(org, 'POST', '/billing-runs', { asOf });
    expect(res.status).toBe(201);
    return res.body;
  };
  const billOf = async (org: Org, departmentId: string) => {
    const list = await req(org, 'GET', `/bills?departmentId=${departmentId}`);
    expect(list.body.items).toHaveLength(1);
    return (await req(org, 'GET', `/bills/${list.body.items[0].id}`)).body;
  };
  const apiKey = async (org: Org) =>
    (await req(org, 'POST', '/api-keys', { name: 'sessions', scopes: ['usage:write'] })).body.key as string;
  const push = async (org: Org, sessions: unknown[]) => {
    const res = await t.request('POST', '/sessions/batch', { token: org.key, body: { sessions } });
    expect(res.body.accepted).toBe(sessions.length);
  };

  beforeAll(async () => {
    t = await startTestApp();

    // The German MSP: the first organization.
    de.token = await t.login();
    de.key = await apiKey(de);
    const profile = await req(de, 'PATCH', '/organization', {
      legalName: 'Muster IT GmbH',
      vatId: 'DE136695976',
      address: { line1: 'Hauptstraße 1', postalCode: '10115', city: 'Berlin', country: 'DE' },
      iban: 'DE89 3704 0044 0532 0130 00',
      bic: 'COBADEFFXXX',
      paymentTerms: 'Zahlbar innerhalb von 14 Tagen ohne Abzug.',
      invoiceLanguage: 'de',
    });
    expect(profile.status).toBe(200);
    de.vat = await created(de, '/tax-rates', { name: 'USt', ratePercent: 19, categoryCode: 'S' });
    de.berlin = await created(de, '/departments', { name: 'Kunde Berlin', legalName: 'Kunde Berlin GmbH' });
    de.wien = await created(de, '/departments', {
      name: 'Kunde Wien',
      legalName: 'Wiener Kunde GmbH',
      vatId: 'ATU13585627',
      taxTreatment: 'reverse_charge',
    });
    de.zurich = await created(de, '/departments', { name: 'Kunde Zürich', taxTreatment: 'export', invoiceLanguage: 'fr' });
    await created(
      de,
      '/plans',
      hourPlan('Support DE', 'EUR', 9000, {
        taxRateIds: [de.vat],
        associations: [
          assoc(de.berlin, 'DE', 'Berlin', { buyerReference: '04011000-12345-67', purchaseOrder: 'PO-4711' }),
          assoc(de.wien, 'AT', 'Wien'),
          assoc(de.zurich, 'CH', 'Zürich'),
        ],
      }),
    );
    await push(de, [
      s('b1', de.berlin, '2026-01-05T09:00:00Z', 90),
      s('b2', de.berlin, '2026-01-06T09:00:00Z', 45),
      s('w1', de.wien, '2026-01-07T09:00:00Z', 60),
      s('z1', de.zurich, '2026-01-08T09:00:00Z', 30),
    ]);

    // The US MSP: sales tax is a rate per customer (NYC); NJ has none; an EU client set to reverse charge while the
    // seller has no VAT ID can not be billed.
    const usOrg = await t.createOrganization('Acme IT');
    us.token = usOrg.token;
    us.key = await apiKey(us);
    us.ny = await created(us, '/tax-rates', { name: 'NY sales tax', ratePercent: 8.875, categoryCode: 'S' });
    us.nyc = await created(us, '/departments', { name: 'NYC office', taxRateIds: [us.ny] });
    us.nj = await created(us, '/departments', { name: 'NJ office' });
    us.eu = await created(us, '/departments', { name: 'EU client', vatId: 'ATU13585627', taxTreatment: 'reverse_charge' });
    await created(
      us,
      '/plans',
      hourPlan('Support US', 'USD', 15000, {
        associations: [assoc(us.nyc, 'US', 'New York'), assoc(us.nj, 'US', 'Newark'), assoc(us.eu, 'AT', 'Wien')],
      }),
    );
    await push(us, [
      s('n1', us.nyc, '2026-01-12T15:00:00Z', 120),
      s('j1', us.nj, '2026-01-13T15:00:00Z', 60),
      s('e1', us.eu, '2026-01-14T15:00:00Z', 60),
    ]);

    // The Canadian MSP: GST + PST on the plan.
    const caOrg = await t.createOrganization('Maple IT');
    ca.token = caOrg.token;
    ca.key = await apiKey(ca);
    const gst = await created(ca, '/tax-rates', { name: 'GST', ratePercent: 5, categoryCode: 'S' });
    const pst = await created(ca, '/tax-rates', { name: 'PST', ratePercent: 7, categoryCode: 'S' });
    ca.vancouver = await created(ca, '/departments', { name: 'Vancouver' });
    await created(
      ca,
      '/plans',
      hourPlan('Support BC', 'CAD', 12000, { taxRateIds: [gst, pst], associations: [assoc(ca.vancouver, 'CA', 'Vancouver')] }),
    );
    await push(ca, [s('v1', ca.vancouver, '2026-01-20T18:00:00Z', 100)]);
  });
  afterAll(async () => t?.close());

  describe('the German MSP', () => {
    beforeAll(async () => {
      expect((await run(de)).billsCreated).toBe(3);
    });

    it('a domestic customer pays 19 % on the net, with seller, buyer and references snapshotted', async () => {
      const bill = await billOf(de, de.berlin);
      // 90 + 45 min = 2.25 h × 90.00 = 202.50; 19 % = 38.475 → 38.48; gross 240.98.
      expect(bill).toMatchObject({
        subtotalMinor: 20250,
        netMinor: 20250,
        taxMinor: 3848,
        totalMinor: 24098,
        balanceMinor: 24098,
        taxTreatment: 'standard',
        taxes: [{ name: 'USt', categoryCode: 'S', ratePercent: 19, baseMinor: 20250, amountMinor: 3848, exemptionReason: null }],
        taxRates: [{ name: 'USt', categoryCode: 'S', ratePercent: 19, exemptionReason: null }],
        taxExemptionReason: null,
        language: 'de',
        buyer: {
          name: 'Kunde Berlin',
          legalName: 'Kunde Berlin GmbH',
          vatId: null,
          buyerReference: '04011000-12345-67',
          purchaseOrder: 'PO-4711',
        },
        seller: {
          name: 'Test Org',
          legalName: 'Muster IT GmbH',
          vatId: 'DE136695976',
          address: { line1: 'Hauptstraße 1', line2: null, postalCode: '10115', city: 'Berlin', region: null, country: 'DE' },
          iban: 'DE89370400440532013000',
          bic: 'COBADEFFXXX',
          paymentTerms: 'Zahlbar innerhalb von 14 Tagen ohne Abzug.',
          logo: null,
        },
      });
      const listed = (await req(de, 'GET', `/bills?departmentId=${de.berlin}`)).body.items[0];
      expect(listed).toMatchObject({ netMinor: 20250, taxMinor: 3848, totalMinor: 24098, taxTreatment: 'standard' });
    });

    it('an Austrian business customer: reverse charge, one 0 % group with its base', async () => {
      const bill = await billOf(de, de.wien);
      // 60 min × 90.00 = 90.00, no tax.
      expect(bill).toMatchObject({
        netMinor: 9000,
        taxMinor: 0,
        totalMinor: 9000,
        taxTreatment: 'reverse_charge',
        taxes: [{ name: 'Reverse charge', categoryCode: 'AE', ratePercent: 0, baseMinor: 9000, amountMinor: 0, exemptionReason: null }],
        language: 'de',
        buyer: { name: 'Kunde Wien', legalName: 'Wiener Kunde GmbH', vatId: 'ATU13585627', buyerReference: null, purchaseOrder: null },
      });
    });

    it('a Swiss customer: export, zero-rated, in French', async () => {
      const bill = await billOf(de, de.zurich);
      // 30 min × 90.00 = 45.00.
      expect(bill).toMatchObject({
        netMinor: 4500,
        taxMinor: 0,
        totalMinor: 4500,
        taxTreatment: 'export',
        taxes: [{ name: 'Export', categoryCode: 'G', ratePercent: 0, baseMinor: 4500, amountMinor: 0 }],
        language: 'fr',
      });
    });

    it('later edits of the profile and the rate never change the bill; adjustments are taxed at its own rate', async () => {
      const before = await billOf(de, de.berlin);
      expect((await req(de, 'PATCH', '/organization', { legalName: 'Neuer Name GmbH', vatId: null })).status).toBe(200);
      expect((await req(de, 'PATCH', `/tax-rates/${de.vat}`, { ratePercent: 16 })).status).toBe(200);
      const after = await billOf(de, de.berlin);
      expect(after.seller).toEqual(before.seller);
      expect(after.taxes).toEqual(before.taxes);

      // The bill is issued: 202.50 + 19 % (38.475 → 38.48) = 240.98 stays. A 10 % discount is a credit note of
      // 20.25 net at the bill's 19 % (not 16 %): 3.8475 → 3.85, gross 24.10; due 216.88.
      const discounted = await req(de, 'POST', `/bills/${after.id}/adjustments`, { type: 'discount', percent: 10, reason: 'Treue' });
      expect(discounted.status).toBe(201);
      expect(discounted.body).toMatchObject({
        netMinor: 20250,
        taxMinor: 3848,
        totalMinor: 24098,
        creditedMinor: 2410,
        balanceMinor: 21688,
      });
      expect(discounted.body.corrections[0]).toMatchObject({
        type: 'credit_note',
        netMinor: 2025,
        taxMinor: 385,
        totalMinor: 2410,
        taxes: [{ name: 'USt', ratePercent: 19, baseMinor: 2025, amountMinor: 385 }],
      });
      // + a charge of 10.00: a supplementary invoice, 19 % = 1.90, gross 11.90; due 228.78.
      const charged = await req(de, 'POST', `/bills/${after.id}/adjustments`, { type: 'charge', amountMinor: 1000, reason: 'Anfahrt' });
      expect(charged.body).toMatchObject({ totalMinor: 24098, supplementaryMinor: 1190, balanceMinor: 22878 });
      expect(charged.body.corrections[1]).toMatchObject({ type: 'supplementary_invoice', netMinor: 1000, taxMinor: 190, totalMinor: 1190 });
      // A payment counts against the gross: one cent more than 228.78 is refused, 228.78 settles the bill.
      expect((await req(de, 'POST', `/bills/${after.id}/payments`, { amountMinor: 22879 })).status).toBe(409);
      const paid = await req(de, 'POST', `/bills/${after.id}/payments`, { amountMinor: 22878 });
      expect(paid.body).toMatchObject({ status: 'paid', paidMinor: 22878, balanceMinor: 0 });
    });

    it('the CSV export carries net, tax and the treatment', async () => {
      const res = await t.request('GET', '/bills/export.csv', { token: de.token });
      const [header, ...rows] = res.text.trim().split('\r\n');
      expect(header).toBe(
        'number,status,overdue,department,plan,periodStart,periodEnd,issueDate,dueDate,currency,subtotal,adjustments,net,tax,total,credited,supplementary,paid,balance,taxTreatment',
      );
      const byDepartment = new Map(rows.map((r) => [r.split(',')[3], r.split(',').slice(10)]));
      // The invoice's own figures, then its credit notes and supplementary invoices (gross), paid and balance.
      expect(byDepartment.get('Kunde Berlin')).toEqual([
        '202.50',
        '0.00',
        '202.50',
        '38.48',
        '240.98',
        '24.10',
        '11.90',
        '228.78',
        '0.00',
        'standard',
      ]);
      expect(byDepartment.get('Kunde Wien')).toEqual([
        '90.00',
        '0.00',
        '90.00',
        '0.00',
        '90.00',
        '0.00',
        '0.00',
        '0.00',
        '90.00',
        'reverse_charge',
      ]);
    });
  });

  describe('the US MSP', () => {
    let result: { billsCreated: number; failures: { associationId: string; code: string; departmentName: string }[] };
    beforeAll(async () => {
      result = await run(us);
    });

    it('a customer with a state sales tax pays it; a customer without any rate is untaxed', async () => {
      // 120 min × 150.00 = 300.00; 8.875 % = 26.625 → 26.63; gross 326.63.
      expect(await billOf(us, us.nyc)).toMatchObject({
        netMinor: 30000,
        taxMinor: 2663,
        totalMinor: 32663,
        taxTreatment: 'standard',
        taxes: [{ name: 'NY sales tax', categoryCode: 'S', ratePercent: 8.875, baseMinor: 30000, amountMinor: 2663 }],
        language: 'en',
      });
      expect(await billOf(us, us.nj)).toMatchObject({ netMinor: 15000, taxMinor: 0, totalMinor: 15000, taxTreatment: 'none', taxes: [] });
    });

    it('reverse charge without the seller VAT ID is that customer failure alone, retried until it is fixed', async () => {
      expect(result.billsCreated).toBe(2);
      expect(result.failures).toEqual([expect.objectContaining({ code: 'TAX_SETUP_INCOMPLETE', departmentName: 'EU client' })]);
      expect((await req(us, 'PATCH', `/departments/${us.eu}`, { taxTreatment: 'export' })).status).toBe(200);
      const again = await run(us);
      expect(again).toMatchObject({ billsCreated: 1, failures: [] });
      expect(await billOf(us, us.eu)).toMatchObject({ netMinor: 15000, taxMinor: 0, totalMinor: 15000, taxTreatment: 'export' });
    });
  });

  it('the Canadian MSP: GST and PST, each on the net', async () => {
    expect((await run(ca)).billsCreated).toBe(1);
    // 100 min × 120.00 = 200.00; GST 5 % = 10.00; PST 7 % = 14.00 (never on the GST); gross 224.00.
    expect(await billOf(ca, ca.vancouver)).toMatchObject({
      netMinor: 20000,
      taxMinor: 2400,
      totalMinor: 22400,
      taxes: [
        { name: 'GST', categoryCode: 'S', ratePercent: 5, baseMinor: 20000, amountMinor: 1000 },
        { name: 'PST', categoryCode: 'S', ratePercent: 7, baseMinor: 20000, amountMinor: 1400 },
      ],
    });
  });
});
