import { startTestApp, TestApp } from '../support/app';

/**
 * The organization's tax rates (issue #14, point 3): CRUD, archive, the 400s of libs/billing's validateTaxRate naming
 * each field, tenancy, the conflicts with the plans and customers that use a rate, and who may write. Every expected
 * value is written by hand.
 */
const fields = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((e) => e.field).sort();
const INSTANT = expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
const ID = expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
const plan = (name: string, taxRateIds?: string[]) => ({
  name,
  currency: 'EUR',
  billingType: 'per_session',
  sessionRateMinor: 1000,
  ...(taxRateIds ? { taxRateIds } : {}),
});

describe('tax rates', () => {
  let t: TestApp;
  let admin: string;

  const post = async (body: Record<string, unknown>, token = admin) => t.request('POST', '/tax-rates', { token, body });
  const names = async (query = '') =>
    ((await t.request('GET', `/tax-rates${query}`, { token: admin })).body.items as { name: string; ratePercent: number }[]).map(
      (r) => `${r.name} ${r.ratePercent}`,
    );

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.login();
  });
  afterAll(async () => t?.close());

  it('creates, reads, lists, edits and archives a rate, and audits each change', async () => {
    const created = await post({ name: ' VAT ', ratePercent: 19, categoryCode: 'S' });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: ID,
      name: 'VAT', // trimmed
      ratePercent: 19,
      categoryCode: 'S',
      exemptionReason: null,
      archivedAt: null,
      createdAt: INSTANT,
      updatedAt: INSTANT,
    });
    const id = created.body.id as string;
    expect((await t.request('GET', `/tax-rates/${id}`, { token: admin })).body).toEqual(created.body);

    const exempt = await post({
      name: 'Exempt',
      ratePercent: 0,
      categoryCode: 'E',
      exemptionReason: ' Art. 132(1)(c) Directive 2006/112/EC ',
    });
    expect(exempt.status).toBe(201);
    expect(exempt.body).toMatchObject({ ratePercent: 0, categoryCode: 'E', exemptionReason: 'Art. 132(1)(c) Directive 2006/112/EC' });
    // Four decimals survive the round trip through numeric(7, 4) exactly; 100 % is the top.
    const quebec = await post({ name: 'QST', ratePercent: 9.975, categoryCode: 'S' });
    expect(quebec.body.ratePercent).toBe(9.975);
    const third = await post({ name: 'Odd', ratePercent: 33.3333, categoryCode: 'S' });
    expect(third.body.ratePercent).toBe(33.3333);
    expect((await post({ name: 'Everything', ratePercent: 100, categoryCode: 'S' })).body.ratePercent).toBe(100);
    expect((await post({ name: 'Outside', ratePercent: 0, categoryCode: 'O' })).body).toMatchObject({
      categoryCode: 'O',
      exemptionReason: null,
    });
    expect((await post({ name: 'Reverse', ratePercent: 0, categoryCode: 'AE', exemptionReason: 'Reverse charge' })).status).toBe(201);

    // By name, case-insensitively.
    expect(await names()).toEqual(['Everything 100', 'Exempt 0', 'Odd 33.3333', 'Outside 0', 'QST 9.975', 'Reverse 0', 'VAT 19']);

    // A statutory change: the same rate, a new percent (bills made afterwards use it), and a new name.
    const lowered = await t.request('PATCH', `/tax-rates/${id}`, { token: admin, body: { ratePercent: 16 } });
    expect(lowered.status).toBe(200);
    expect(lowered.body).toEqual({ ...created.body, ratePercent: 16, updatedAt: INSTANT });
    const renamed = await t.request('PATCH', `/tax-rates/${id}`, { token: admin, body: { name: 'MwSt.' } });
    expect(renamed.body).toMatchObject({ name: 'MwSt.', ratePercent: 16, categoryCode: 'S' });
    // The rate as a whole stays valid: E alone on a 16 % rate needs a 0 % and a reason.
    const toExempt = await t.request('PATCH', `/tax-rates/${id}`, { token: admin, body: { categoryCode: 'E' } });
    expect(toExempt.status).toBe(400);
    expect(fields(toExempt.body)).toEqual(['exemptionReason', 'ratePercent']);
    const clearReason = await t.request('PATCH', `/tax-rates/${exempt.body.id}`, { token: admin, body: { exemptionReason: null } });
    expect(clearReason.status).toBe(400);
    expect(fields(clearReason.body)).toEqual(['exemptionReason']);

    // No two live rates with the same name (case-insensitively), category and percent.
    const twin = await post({ name: 'mwst.', ratePercent: 16.0, categoryCode: 'S' });
    expect(twin.status).toBe(409);
    expect(twin.body.code).toBe('TAX_RATE_EXISTS');
    expect((await post({ name: 'MwSt.', ratePercent: 7, categoryCode: 'S' })).status).toBe(201);
    const renamedOntoTwin = await t.request('PATCH', `/tax-rates/${quebec.body.id}`, {
      token: admin,
      body: { name: 'MWST.', ratePercent: 16 },
    });
    expect(renamedOntoTwin.status).toBe(409);
    expect(renamedOntoTwin.body.code).toBe('TAX_RATE_EXISTS');

    // Archive: kept, hidden from the list unless asked, idempotent, no longer edited.
    const archived = await t.request('DELETE', `/tax-rates/${id}`, { token: admin });
    expect(archived.status).toBe(200);
    expect(archived.body).toEqual({ ...renamed.body, archivedAt: INSTANT, updatedAt: INSTANT });
    expect(await names()).not.toContain('MwSt. 16');
    expect(await names('?includeArchived=true')).toContain('MwSt. 16');
    expect(await names('?includeArchived=false')).not.toContain('MwSt. 16');
    expect((await t.request('GET', `/tax-rates/${id}`, { token: admin })).body.archivedAt).toBe(archived.body.archivedAt);
    const again = await t.request('DELETE', `/tax-rates/${id}`, { token: admin });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(archived.body);
    const edit = await t.request('PATCH', `/tax-rates/${id}`, { token: admin, body: { name: 'Revived' } });
    expect(edit.status).toBe(409);
    expect(edit.body.code).toBe('TAX_RATE_ARCHIVED');
    // Its identity is free again for a live rate.
    expect((await post({ name: 'MwSt.', ratePercent: 16, categoryCode: 'S' })).status).toBe(201);

    const audit = await t.request('GET', `/audit-events?entityType=tax_rate&entityId=${id}`, { token: admin });
    expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual([
      'tax_rate.archived',
      'tax_rate.updated',
      'tax_rate.updated',
      'tax_rate.created',
    ]);
    expect(audit.body.items[2]).toMatchObject({ before: { ratePercent: 19 }, after: { ratePercent: 16 } });
    expect(audit.body.items[0]).toMatchObject({ before: { archivedAt: null }, after: { archivedAt: archived.body.archivedAt } });
  });

  it.each([
    ['5 decimals', { name: 'A', ratePercent: 19.12345, categoryCode: 'S' }, ['ratePercent']],
    ['more than 100 %', { name: 'A', ratePercent: 100.5, categoryCode: 'S' }, ['ratePercent']],
    ['a negative percent', { name: 'A', ratePercent: -1, categoryCode: 'S' }, ['ratePercent']],
    ['a tiny percent written with an exponent', { name: 'A', ratePercent: 1e-7, categoryCode: 'S' }, ['ratePercent']],
    ['a percent as a string', { name: 'A', ratePercent: '19', categoryCode: 'S' }, ['ratePercent']],
    ['category X', { name: 'A', ratePercent: 19, categoryCode: 'X' }, ['categoryCode']],
    ['a lowercase category', { name: 'A', ratePercent: 19, categoryCode: 's' }, ['categoryCode']],
    ['S at 0 %', { name: 'A', ratePercent: 0, categoryCode: 'S' }, ['ratePercent']],
    ['Z above 0 %', { name: 'A', ratePercent: 5, categoryCode: 'Z' }, ['ratePercent']],
    ['E without a reason', { name: 'A', ratePercent: 0, categoryCode: 'E' }, ['exemptionReason']],
    ['E with a blank reason', { name: 'A', ratePercent: 0, categoryCode: 'E', exemptionReason: '   ' }, ['exemptionReason']],
    ['S with a reason', { name: 'A', ratePercent: 19, categoryCode: 'S', exemptionReason: 'why' }, ['exemptionReason']],
    ['Z with a reason', { name: 'A', ratePercent: 0, categoryCode: 'Z', exemptionReason: 'why' }, ['exemptionReason']],
    ['a blank name', { name: '   ', ratePercent: 19, categoryCode: 'S' }, ['name']],
    ['a name of 101 characters', { name: 'x'.repeat(101), ratePercent: 19, categoryCode: 'S' }, ['name']],
    ['a name with a line break', { name: 'V\nAT', ratePercent: 19, categoryCode: 'S' }, ['name']],
    ['no name', { ratePercent: 19, categoryCode: 'S' }, ['name']],
    ['no percent and no category', { name: 'A' }, ['categoryCode', 'ratePercent']],
    ['a reason of 501 characters', { name: 'A', ratePercent: 0, categoryCode: 'E', exemptionReason: 'r'.repeat(501) }, ['exemptionReason']],
    ['an unknown field', { name: 'A', ratePercent: 19, categoryCode: 'S', country: 'DE' }, ['country']],
    ['every field wrong at once', { name: '', ratePercent: -1, categoryCode: 'X' }, ['categoryCode', 'name', 'ratePercent']],
  ])('400 on a rate with %s, naming the field', async (_label, body, expected) => {
    const before = await names('?includeArchived=true');
    const res = await post(body);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect([...new Set(fields(res.body))]).toEqual(expected);
    expect(await names('?includeArchived=true')).toEqual(before);
  });

  it('400 on a bad list query', async () => {
    const res = await t.request('GET', '/tax-rates?includeArchived=yes', { token: admin });
    expect(res.status).toBe(400);
    expect(fields(res.body)).toEqual(['includeArchived']);
  });

  it('pages by name with a cursor', async () => {
    const { token } = await t.createOrganization('Pager');
    for (const [name, ratePercent] of [
      ['C', 3],
      ['a', 1],
      ['B', 2],
    ] as const) {
      expect((await post({ name, ratePercent, categoryCode: 'S' }, token)).status).toBe(201);
    }
    const first = await t.request('GET', '/tax-rates?limit=2', { token });
    expect(first.body.items.map((r: { name: string }) => r.name)).toEqual(['a', 'B']);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await t.request('GET', `/tax-rates?limit=2&cursor=${first.body.nextCursor}`, { token });
    expect(second.body).toEqual({ items: [expect.objectContaining({ name: 'C', ratePercent: 3 })], nextCursor: null });
  });

  it("keeps tenants apart: another organization's rate is a 404 by path and a 400 in a body", async () => {
    const other = await t.createOrganization('Elsewhere');
    const theirs = await post({ name: 'Their VAT', ratePercent: 20, categoryCode: 'S' }, other.token);
    expect(theirs.status).toBe(201);
    const id = theirs.body.id as string;
    expect((await t.request('GET', `/tax-rates/${id}`, { token: admin })).status).toBe(404);
    expect((await t.request('PATCH', `/tax-rates/${id}`, { token: admin, body: { name: 'Mine now' } })).status).toBe(404);
    expect((await t.request('DELETE', `/tax-rates/${id}`, { token: admin })).status).toBe(404);
    for (const bad of ['00000000-0000-4000-8000-000000000000', 'not-an-id']) {
      expect((await t.request('GET', `/tax-rates/${bad}`, { token: admin })).status).toBe(404);
    }
    expect(await names('?includeArchived=true')).not.toContain('Their VAT 20');
    const onPlan = await t.request('POST', '/plans', { token: admin, body: plan('Borrowing', [id]) });
    expect(onPlan.status).toBe(400);
    expect(fields(onPlan.body)).toEqual(['taxRateIds.0']);
    // Untouched in its own organization.
    expect((await t.request('GET', `/tax-rates/${id}`, { token: other.token })).body).toEqual(theirs.body);
  });

  it('refuses to archive a rate a live plan or a customer uses (409), and archives it once none does', async () => {
    const rate = (await post({ name: 'Sales tax', ratePercent: 8.875, categoryCode: 'S' })).body.id as string;
    const p = await t.request('POST', '/plans', { token: admin, body: plan('Taxed plan', [rate]) });
    expect(p.status).toBe(201);
    const d = await t.request('POST', '/departments', { token: admin, body: { name: 'NYC office', taxRateIds: [rate] } });
    expect(d.status).toBe(201);

    const inUse = await t.request('DELETE', `/tax-rates/${rate}`, { token: admin });
    expect(inUse.status).toBe(409);
    expect(inUse.body.code).toBe('TAX_RATE_IN_USE');
    expect(inUse.body.message).toContain('2 plan(s) or customer(s)');
    expect(inUse.body.message).toContain('plan "Taxed plan"');
    expect(inUse.body.message).toContain('customer "NYC office"');

    await t.request('PATCH', `/plans/${p.body.id}`, { token: admin, body: { taxRateIds: [] } });
    const stillCustomer = await t.request('DELETE', `/tax-rates/${rate}`, { token: admin });
    expect(stillCustomer.status).toBe(409);
    expect(stillCustomer.body.message).toContain('1 plan(s) or customer(s) (customer "NYC office")');
    await t.request('PATCH', `/departments/${d.body.id}`, { token: admin, body: { taxRateIds: null } });
    expect((await t.request('DELETE', `/tax-rates/${rate}`, { token: admin })).status).toBe(200);

    // A deleted plan does not hold a rate: it is never edited again (its rows stay for its last bills).
    const other = (await post({ name: 'County tax', ratePercent: 1, categoryCode: 'S' })).body.id as string;
    const gone = await t.request('POST', '/plans', { token: admin, body: plan('Deleted plan', [other]) });
    expect((await t.request('DELETE', `/plans/${gone.body.id}`, { token: admin })).status).toBe(204);
    expect((await t.request('DELETE', `/tax-rates/${other}`, { token: admin })).status).toBe(200);
  });

  it('refuses a new name that another rate of the same plan or customer has (409), allows it otherwise', async () => {
    const gst = (await post({ name: 'GST', ratePercent: 5, categoryCode: 'S' })).body.id as string;
    const pst = (await post({ name: 'PST', ratePercent: 7, categoryCode: 'S' })).body.id as string;
    const p = await t.request('POST', '/plans', { token: admin, body: plan('Canada', [gst, pst]) });
    expect(p.body.taxRateIds).toEqual([gst, pst]);
    const clash = await t.request('PATCH', `/tax-rates/${pst}`, { token: admin, body: { name: ' gst ' } });
    expect(clash.status).toBe(409);
    expect(clash.body.code).toBe('TAX_RATE_NAME_CONFLICT');
    expect(clash.body.message).toContain('plan "Canada"');
    expect((await t.request('GET', `/tax-rates/${pst}`, { token: admin })).body.name).toBe('PST');
    // Renaming to a name no rate beside it has, or only changing the case, is fine.
    expect((await t.request('PATCH', `/tax-rates/${pst}`, { token: admin, body: { name: 'pst' } })).status).toBe(200);
    expect((await t.request('PATCH', `/tax-rates/${pst}`, { token: admin, body: { name: 'QST' } })).body.name).toBe('QST');
  });

  it('lets viewers and plans:read keys read, and only admins and billing write', async () => {
    const rate = (await post({ name: 'Readable', ratePercent: 10, categoryCode: 'S' })).body.id as string;
    const viewer = await t.createUser('viewer');
    const key = (await t.request('POST', '/api-keys', { token: admin, body: { name: 'reader', scopes: ['plans:read'] } })).body
      .key as string;
    for (const token of [viewer, key]) {
      expect((await t.request('GET', '/tax-rates', { token })).status).toBe(200);
      expect((await t.request('GET', `/tax-rates/${rate}`, { token })).status).toBe(200);
      expect((await post({ name: 'No', ratePercent: 1, categoryCode: 'S' }, token)).status).toBe(403);
      expect((await t.request('PATCH', `/tax-rates/${rate}`, { token, body: { name: 'No' } })).status).toBe(403);
      expect((await t.request('DELETE', `/tax-rates/${rate}`, { token })).status).toBe(403);
    }
    expect((await t.request('GET', `/tax-rates/${rate}`, { token: admin })).body).toMatchObject({ name: 'Readable', archivedAt: null });
    const billing = await t.createUser('billing');
    expect((await post({ name: 'By billing', ratePercent: 1, categoryCode: 'S' }, billing)).status).toBe(201);
    expect((await t.request('GET', '/tax-rates')).status).toBe(401);
  });
});
