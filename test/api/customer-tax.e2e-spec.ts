import { startTestApp, TestApp } from '../support/app';

/**
 * Taxes on plans and customers (issue #14, points 2 and 3): a plan's default rates (GST + PST), a customer's tax data
 * on the department (legal name, VAT ID, language, treatment, exemption reason, its own rates overriding the plan's)
 * and the contract's references on the association (buyer reference BT-10, purchase order BT-13). Bills do not use
 * them yet. Every expected value is written by hand.
 */
const fields = (body: { errors?: { field: string }[] }) => [...new Set((body.errors ?? []).map((e) => e.field))].sort();
const INSTANT = expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
const ID = expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
const address = { name: 'Stadt Musterhausen', line1: 'Rathausplatz 1', city: 'Musterhausen', postalCode: '12345', country: 'DE' };
const assoc = (departmentId: string, extra: Record<string, unknown> = {}) => ({
  departmentId,
  billingCycle: 'monthly',
  billStartDate: '2026-01-01',
  dueDays: 14,
  billingAddress: address,
  recipients: ['rechnung@musterhausen.test'],
  ...extra,
});
const plan = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  currency: 'CAD',
  billingType: 'per_hour',
  hourRateMinor: 9000,
  ...extra,
});

describe("taxes on plans and customers' tax data", () => {
  let t: TestApp;
  let admin: string;
  const rate: Record<'gst' | 'pst' | 'hst' | 'gst6' | 'salesTax' | 'archived', string> = {
    gst: '',
    pst: '',
    hst: '',
    gst6: '',
    salesTax: '',
    archived: '',
  };

  const createRate = async (body: Record<string, unknown>) => {
    const res = await t.request('POST', '/tax-rates', { token: admin, body });
    if (res.status !== 201) throw new Error(`tax rate: ${res.status} ${res.text}`);
    return res.body.id as string;
  };
  const department = (body: Record<string, unknown>) => t.request('POST', '/departments', { token: admin, body });

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.login();
    rate.gst = await createRate({ name: 'GST', ratePercent: 5, categoryCode: 'S' });
    rate.pst = await createRate({ name: 'PST', ratePercent: 7, categoryCode: 'S' });
    rate.hst = await createRate({ name: 'HST', ratePercent: 13, categoryCode: 'S' });
    rate.gst6 = await createRate({ name: 'gst', ratePercent: 6, categoryCode: 'S' });
    rate.salesTax = await createRate({ name: 'NY sales tax', ratePercent: 8.875, categoryCode: 'S' });
    rate.archived = await createRate({ name: 'Old VAT', ratePercent: 16, categoryCode: 'S' });
    expect((await t.request('DELETE', `/tax-rates/${rate.archived}`, { token: admin })).status).toBe(200);
  });
  afterAll(async () => t?.close());

  describe('plan default rates', () => {
    it('gives a plan GST + PST, in order, on create, view, list and patch, audited', async () => {
      const created = await t.request('POST', '/plans', {
        token: admin,
        body: plan('British Columbia', { taxRateIds: [rate.gst, rate.pst] }),
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ name: 'British Columbia', taxRateIds: [rate.gst, rate.pst], associations: [] });
      const id = created.body.id as string;
      expect((await t.request('GET', `/plans/${id}`, { token: admin })).body.taxRateIds).toEqual([rate.gst, rate.pst]);
      const listed = (await t.request('GET', '/plans?q=British', { token: admin })).body.items;
      expect(listed.map((p: { taxRateIds: string[] }) => p.taxRateIds)).toEqual([[rate.gst, rate.pst]]);

      // Order is kept as given; upper-case ids are the same ids.
      const swapped = await t.request('PATCH', `/plans/${id}`, { token: admin, body: { taxRateIds: [rate.pst.toUpperCase(), rate.gst] } });
      expect(swapped.status).toBe(200);
      expect(swapped.body.taxRateIds).toEqual([rate.pst, rate.gst]);
      const one = await t.request('PATCH', `/plans/${id}`, { token: admin, body: { taxRateIds: [rate.hst] } });
      expect(one.body.taxRateIds).toEqual([rate.hst]);
      // Another field alone leaves the rates as they are.
      expect((await t.request('PATCH', `/plans/${id}`, { token: admin, body: { hourRateMinor: 9500 } })).body.taxRateIds).toEqual([
        rate.hst,
      ]);
      const none = await t.request('PATCH', `/plans/${id}`, { token: admin, body: { taxRateIds: [] } });
      expect(none.body.taxRateIds).toEqual([]);

      const audit = await t.request('GET', `/audit-events?entityType=plan&entityId=${id}`, { token: admin });
      expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual([
        'plan.updated',
        'plan.updated',
        'plan.updated',
        'plan.updated',
        'plan.created',
      ]);
      expect(audit.body.items[4].after.taxRateIds).toEqual([rate.gst, rate.pst]);
      expect(audit.body.items[3]).toMatchObject({
        before: { taxRateIds: [rate.gst, rate.pst] },
        after: { taxRateIds: [rate.pst, rate.gst] },
      });
      expect(audit.body.items[0]).toMatchObject({ before: { taxRateIds: [rate.hst] }, after: { taxRateIds: [] } });
    });

    it('creates a plan without rates as before: taxRateIds []', async () => {
      const res = await t.request('POST', '/plans', { token: admin, body: plan('Untaxed') });
      expect(res.status).toBe(201);
      expect(res.body.taxRateIds).toEqual([]);
    });

    it.each([
      ['3 rates', () => [rate.gst, rate.pst, rate.hst], ['taxRateIds']],
      ['the same rate twice', () => [rate.gst, rate.gst], ['taxRateIds.1']],
      ['the same rate twice, once in upper case', () => [rate.gst, rate.gst.toUpperCase()], ['taxRateIds.1']],
      ['two rates with the same name (GST 5 % and gst 6 %)', () => [rate.gst, rate.gst6], ['taxRateIds.1']],
      ['an archived rate', () => [rate.gst, rate.archived], ['taxRateIds.1']],
      ['an unknown id', () => ['00000000-0000-4000-8000-000000000001'], ['taxRateIds.0']],
      ['not a UUID', () => ['GST'], ['taxRateIds']],
      ['not a list', () => rate.gst, ['taxRateIds']],
      ['null', () => null, ['taxRateIds']],
    ])('400 on a plan with %s, and nothing is created', async (label, ids, expected) => {
      const res = await t.request('POST', '/plans', { token: admin, body: plan(`Refused ${label}`, { taxRateIds: ids() }) });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(fields(res.body)).toEqual(expected);
      expect((await t.request('GET', `/plans?q=${encodeURIComponent(`Refused ${label}`)}`, { token: admin })).body.items).toEqual([]);
    });

    it('names the refused rate in the message, and leaves the plan as it was on a refused patch', async () => {
      const p = await t.request('POST', '/plans', { token: admin, body: plan('Kept', { taxRateIds: [rate.gst] }) });
      const archived = await t.request('PATCH', `/plans/${p.body.id}`, { token: admin, body: { taxRateIds: [rate.archived] } });
      expect(archived.status).toBe(400);
      expect(archived.body.errors).toEqual([{ field: 'taxRateIds.0', message: 'is the archived tax rate "Old VAT"' }]);
      const twice = await t.request('PATCH', `/plans/${p.body.id}`, { token: admin, body: { taxRateIds: [rate.gst, rate.gst6] } });
      expect(twice.body.errors).toEqual([{ field: 'taxRateIds.1', message: '"gst" is already a tax of the line' }]);
      expect((await t.request('GET', `/plans/${p.body.id}`, { token: admin })).body.taxRateIds).toEqual([rate.gst]);
    });
  });

  describe("a customer's tax data (the department)", () => {
    it('stores a reverse-charge customer with its legal name, normalized VAT ID and language', async () => {
      const res = await department({
        name: 'Wien office',
        legalName: ' Muster Handels GmbH ',
        vatId: 'atu 1358-5627',
        invoiceLanguage: 'de',
        taxTreatment: 'reverse_charge',
        exemptionReason: 'Steuerschuldnerschaft des Leistungsempfängers (Art. 196 MwStSystRL)',
      });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: ID,
        name: 'Wien office',
        externalId: null,
        legalName: 'Muster Handels GmbH',
        vatId: 'ATU13585627',
        invoiceLanguage: 'de',
        taxTreatment: 'reverse_charge',
        exemptionReason: 'Steuerschuldnerschaft des Leistungsempfängers (Art. 196 MwStSystRL)',
        taxRateIds: null,
        reviewDays: null,
        remindersEnabled: true,
        autoSend: true,
        einvoiceFormat: 'none',
        electronicAddress: null,
        attachSessionStatement: false,
        createdAt: INSTANT,
        updatedAt: INSTANT,
      });
      expect((await t.request('GET', `/departments/${res.body.id}`, { token: admin })).body).toEqual(res.body);
      const audit = await t.request('GET', `/audit-events?entityType=department&entityId=${res.body.id}`, { token: admin });
      expect(audit.body.items[0]).toMatchObject({
        action: 'department.created',
        after: { vatId: 'ATU13585627', taxTreatment: 'reverse_charge' },
      });

      // Clearing the VAT ID of a reverse-charge customer is refused; switching it to standard, with the reason cleared, is fine.
      const clear = await t.request('PATCH', `/departments/${res.body.id}`, { token: admin, body: { vatId: null } });
      expect(clear.status).toBe(400);
      expect(fields(clear.body)).toEqual(['vatId']);
      const keepsReason = await t.request('PATCH', `/departments/${res.body.id}`, { token: admin, body: { taxTreatment: 'standard' } });
      expect(keepsReason.status).toBe(400);
      expect(fields(keepsReason.body)).toEqual(['exemptionReason']);
      const standard = await t.request('PATCH', `/departments/${res.body.id}`, {
        token: admin,
        body: { taxTreatment: 'standard', exemptionReason: null, invoiceLanguage: null, legalName: '' },
      });
      expect(standard.status).toBe(200);
      expect(standard.body).toEqual({
        ...res.body,
        legalName: null,
        invoiceLanguage: null,
        taxTreatment: 'standard',
        exemptionReason: null,
        updatedAt: INSTANT,
      });
      const updated = await t.request('GET', `/audit-events?entityType=department&entityId=${res.body.id}`, { token: admin });
      expect(updated.body.items[0]).toMatchObject({
        action: 'department.updated',
        before: { taxTreatment: 'reverse_charge', invoiceLanguage: 'de' },
        after: { taxTreatment: 'standard', invoiceLanguage: null },
      });
    });

    it('defaults a customer without tax data to standard at its plan rates', async () => {
      const res = await department({ name: 'Plain' });
      expect(res.body).toEqual({
        id: ID,
        name: 'Plain',
        externalId: null,
        legalName: null,
        vatId: null,
        invoiceLanguage: null,
        taxTreatment: 'standard',
        exemptionReason: null,
        taxRateIds: null,
        reviewDays: null,
        remindersEnabled: true,
        autoSend: true,
        einvoiceFormat: 'none',
        electronicAddress: null,
        attachSessionStatement: false,
        createdAt: INSTANT,
        updatedAt: INSTANT,
      });
      const listed = (await t.request('GET', '/departments?q=Plain', { token: admin })).body.items;
      expect(listed).toEqual([res.body]);
    });

    it('takes exempt with its reason and export with or without one', async () => {
      const exempt = await department({ name: 'Clinic', taxTreatment: 'exempt', exemptionReason: 'Exempt under § 4 Nr. 14 UStG' });
      expect(exempt.status).toBe(201);
      expect(exempt.body).toMatchObject({ taxTreatment: 'exempt', exemptionReason: 'Exempt under § 4 Nr. 14 UStG', vatId: null });
      const swiss = await department({ name: 'Zürich office', taxTreatment: 'export', vatId: 'CHE-123.456.788 MWST' });
      expect(swiss.status).toBe(201);
      expect(swiss.body).toMatchObject({ taxTreatment: 'export', vatId: 'CHE123456788MWST', exemptionReason: null });
      const usCustomer = await department({ name: 'Boston office', taxTreatment: 'export' });
      expect(usCustomer.body).toMatchObject({ taxTreatment: 'export', vatId: null });
    });

    it.each([
      ['reverse charge without a VAT ID', { taxTreatment: 'reverse_charge' }, ['vatId']],
      ['reverse charge with a blank VAT ID', { taxTreatment: 'reverse_charge', vatId: '  ' }, ['vatId']],
      ['exempt without a reason', { taxTreatment: 'exempt' }, ['exemptionReason']],
      ['exempt with a blank reason', { taxTreatment: 'exempt', exemptionReason: ' ' }, ['exemptionReason']],
      ['a reason under the standard treatment', { exemptionReason: 'why not' }, ['exemptionReason']],
      ['a VAT ID with a wrong check digit', { vatId: 'DE123456789' }, ['vatId']],
      ['a VAT ID with an unknown prefix', { vatId: 'US123456789' }, ['vatId']],
      ['a VAT ID without a prefix', { vatId: '123456789' }, ['vatId']],
      ['a Greek VAT ID written with GR', { vatId: 'GR094259216' }, ['vatId']],
      ['an unknown language', { invoiceLanguage: 'pt' }, ['invoiceLanguage']],
      ['the treatment none (untaxed old bills only)', { taxTreatment: 'none' }, ['taxTreatment']],
      ['a null treatment', { taxTreatment: null }, ['taxTreatment']],
      ['a legal name of 201 characters', { legalName: 'x'.repeat(201) }, ['legalName']],
      ['a reason of 501 characters', { taxTreatment: 'exempt', exemptionReason: 'r'.repeat(501) }, ['exemptionReason']],
      ['3 own rates', { taxRateIds: ['a', 'b', 'c'] }, ['taxRateIds']],
      ['every tax rule at once', { taxTreatment: 'reverse_charge', vatId: 'XX1', invoiceLanguage: 'xx' }, ['invoiceLanguage', 'vatId']],
    ])('400 on a customer with %s, naming the field, and nothing is created', async (label, extra, expected) => {
      const name = `Refused ${label}`;
      const res = await department({ name, ...extra });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(fields(res.body)).toEqual(expected);
      expect((await t.request('GET', `/departments?q=${encodeURIComponent(name)}`, { token: admin })).body.items).toEqual([]);
    });

    it('explains a wrong VAT ID by its country', async () => {
      const res = await department({ name: 'Bad VAT', vatId: 'DE123456789' });
      expect(res.body.errors).toEqual([{ field: 'vatId', message: 'vatId has a wrong check digit for a VAT ID of Germany' }]);
      const unknown = await department({ name: 'Bad prefix', vatId: 'US123456789' });
      expect(unknown.body.errors).toEqual([
        {
          field: 'vatId',
          message: 'vatId: US is not a VAT ID prefix known here (the EU member states with EL for Greece, XI, GB, CH, NO)',
        },
      ]);
    });

    it("overrides the plan's rates: null uses the plan's, [] explicitly none, a list its own", async () => {
      const d = await department({ name: 'New York office', taxRateIds: [rate.salesTax] });
      expect(d.status).toBe(201);
      expect(d.body.taxRateIds).toEqual([rate.salesTax]);
      const id = d.body.id as string;
      const get = async () => (await t.request('GET', `/departments/${id}`, { token: admin })).body.taxRateIds as string[] | null;

      expect((await t.request('PATCH', `/departments/${id}`, { token: admin, body: { taxRateIds: [] } })).body.taxRateIds).toEqual([]);
      expect(await get()).toEqual([]);
      expect((await t.request('PATCH', `/departments/${id}`, { token: admin, body: { name: 'NY office' } })).body.taxRateIds).toEqual([]);
      expect((await t.request('PATCH', `/departments/${id}`, { token: admin, body: { taxRateIds: null } })).body.taxRateIds).toBeNull();
      expect(await get()).toBeNull();
      const both = await t.request('PATCH', `/departments/${id}`, { token: admin, body: { taxRateIds: [rate.gst, rate.pst] } });
      expect(both.body.taxRateIds).toEqual([rate.gst, rate.pst]);
      expect(await get()).toEqual([rate.gst, rate.pst]);
      const emptyOnCreate = await department({ name: 'Untaxed office', taxRateIds: [] });
      expect(emptyOnCreate.body.taxRateIds).toEqual([]);

      for (const [ids, field] of [
        [[rate.archived], 'taxRateIds.0'],
        [[rate.gst, rate.gst6], 'taxRateIds.1'],
        [[rate.pst, rate.pst], 'taxRateIds.1'],
        [['00000000-0000-4000-8000-000000000002'], 'taxRateIds.0'],
      ] as const) {
        const refused = await t.request('PATCH', `/departments/${id}`, { token: admin, body: { taxRateIds: ids } });
        expect(refused.status).toBe(400);
        expect(fields(refused.body)).toEqual([field]);
      }
      expect(await get()).toEqual([rate.gst, rate.pst]);
      const refusedCreate = await department({ name: 'Archived rates office', taxRateIds: [rate.archived] });
      expect(refusedCreate.status).toBe(400);
      expect(fields(refusedCreate.body)).toEqual(['taxRateIds.0']);
      expect((await t.request('GET', '/departments?q=Archived%20rates', { token: admin })).body.items).toEqual([]);

      const audit = await t.request('GET', `/audit-events?entityType=department&entityId=${id}`, { token: admin });
      expect(audit.body.items[0]).toMatchObject({ before: { taxRateIds: null }, after: { taxRateIds: [rate.gst, rate.pst] } });
    });

    it("refuses another organization's rate and keeps its departments apart", async () => {
      const other = await t.createOrganization('Elsewhere');
      const theirs = await t.request('POST', '/tax-rates', {
        token: other.token,
        body: { name: 'TVA', ratePercent: 20, categoryCode: 'S' },
      });
      const res = await department({ name: 'Borrower', taxRateIds: [theirs.body.id] });
      expect(res.status).toBe(400);
      expect(fields(res.body)).toEqual(['taxRateIds.0']);
      const theirDept = await t.request('POST', '/departments', { token: other.token, body: { name: 'Theirs', taxTreatment: 'export' } });
      expect((await t.request('PATCH', `/departments/${theirDept.body.id}`, { token: admin, body: { vatId: 'ATU13585627' } })).status).toBe(
        404,
      );
    });
  });

  describe("the contract's references (the association)", () => {
    it('round-trips buyerReference and purchaseOrder on create, view, list and patch', async () => {
      const d1 = (await department({ name: 'Musterhausen' })).body.id as string;
      const d2 = (await department({ name: 'Musterdorf' })).body.id as string;
      const p = await t.request('POST', '/plans', {
        token: admin,
        body: plan('Public sector', {
          currency: 'EUR',
          associations: [assoc(d1, { buyerReference: ' 04011000-12345-34 ', purchaseOrder: 'PO-4711' }), assoc(d2)],
        }),
      });
      expect(p.status).toBe(201);
      const [a1, a2] = p.body.associations as { id: string; buyerReference: string | null; purchaseOrder: string | null }[];
      expect(a1).toMatchObject({ buyerReference: '04011000-12345-34', purchaseOrder: 'PO-4711' });
      expect(a2).toMatchObject({ buyerReference: null, purchaseOrder: null });
      expect((await t.request('GET', `/associations/${a1.id}`, { token: admin })).body).toEqual(a1);

      const patched = await t.request('PATCH', `/associations/${a1.id}`, {
        token: admin,
        body: { purchaseOrder: 'PO-4712', buyerReference: '' },
      });
      expect(patched.status).toBe(200);
      expect(patched.body).toMatchObject({ buyerReference: null, purchaseOrder: 'PO-4712' });
      const cleared = await t.request('PATCH', `/associations/${a1.id}`, { token: admin, body: { purchaseOrder: null } });
      expect(cleared.body).toMatchObject({ buyerReference: null, purchaseOrder: null });
      const listed = (await t.request('GET', `/associations?departmentId=${d1}`, { token: admin })).body.items;
      expect(listed).toEqual([cleared.body]);

      const d3 = (await department({ name: 'Musterstadt' })).body.id as string;
      const later = await t.request('POST', `/plans/${p.body.id}/associations`, {
        token: admin,
        body: assoc(d3, { buyerReference: '991-01234-56', purchaseOrder: 'Bestellung 2026/17' }),
      });
      expect(later.status).toBe(201);
      expect(later.body).toMatchObject({ buyerReference: '991-01234-56', purchaseOrder: 'Bestellung 2026/17' });

      const audit = await t.request('GET', `/audit-events?entityType=association&entityId=${a1.id}`, { token: admin });
      expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual([
        'association.updated',
        'association.updated',
        'association.created',
      ]);
      expect(audit.body.items[1]).toMatchObject({
        before: { buyerReference: '04011000-12345-34', purchaseOrder: 'PO-4711' },
        after: { buyerReference: null, purchaseOrder: 'PO-4712' },
      });
    });

    it.each([
      ['a buyer reference of 201 characters', { buyerReference: 'b'.repeat(201) }, 'buyerReference'],
      ['a purchase order of 201 characters', { purchaseOrder: 'p'.repeat(201) }, 'purchaseOrder'],
      ['a buyer reference with a line break', { buyerReference: 'a\nb' }, 'buyerReference'],
      ['a numeric purchase order', { purchaseOrder: 4711 }, 'purchaseOrder'],
    ])('400 on an association with %s', async (label, extra, field) => {
      const d = (await department({ name: `Assoc ${label}` })).body.id as string;
      const res = await t.request('POST', '/plans', { token: admin, body: plan(`Plan ${label}`, { associations: [assoc(d, extra)] }) });
      expect(res.status).toBe(400);
      expect(fields(res.body)).toEqual([`associations.0.${field}`]);
    });
  });

  it('lets viewers read the tax data and refuses every write (403)', async () => {
    const viewer = await t.createUser('viewer');
    const d = (await department({ name: 'Viewed', taxTreatment: 'export' })).body.id as string;
    const p = (await t.request('POST', '/plans', { token: admin, body: plan('Viewed plan', { taxRateIds: [rate.gst] }) })).body;
    expect((await t.request('GET', `/departments/${d}`, { token: viewer })).body.taxTreatment).toBe('export');
    expect((await t.request('GET', `/plans/${p.id}`, { token: viewer })).body.taxRateIds).toEqual([rate.gst]);
    for (const [method, path, body] of [
      ['POST', '/departments', { name: 'By viewer', taxTreatment: 'export' }],
      ['PATCH', `/departments/${d}`, { taxRateIds: [rate.pst] }],
      ['POST', '/plans', plan('By viewer', { taxRateIds: [rate.gst] })],
      ['PATCH', `/plans/${p.id}`, { taxRateIds: [] }],
      ['PATCH', `/associations/${'00000000-0000-4000-8000-000000000000'}`, { purchaseOrder: 'PO-1' }],
      ['POST', '/tax-rates', { name: 'By viewer', ratePercent: 1, categoryCode: 'S' }],
    ] as const) {
      const res = await t.request(method, path, { token: viewer, body });
      expect(`${method} ${path}: ${res.status}`).toBe(`${method} ${path}: 403`);
    }
    expect((await t.request('GET', `/plans/${p.id}`, { token: admin })).body.taxRateIds).toEqual([rate.gst]);
  });
});
