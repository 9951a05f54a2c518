/**
 * Taxes in the console (issue #14, point 6), in a real (headless) Chromium against the whole API on a free port:
 *  1. Settings > Tax rates: a rate the API refuses (0 % in category S, an exempt rate without its reason) shows the
 *     400 under its field; a duplicate reads as a sentence (409 TAX_RATE_EXISTS); saved rates are listed with their
 *     category's name, and read back through the API;
 *  2. a plan's default rate is chosen in the plan form (the rate-change confirmation names it), shown on the plan;
 *     a rate in use is not archived (409 TAX_RATE_IN_USE names the plan);
 *  3. a customer's tax data: reverse charge asks for the VAT ID, the API's check of it shows under the field, the
 *     rate override is "Plan's rates" / "No tax" / "These rates"; an association's buyer reference and purchase order;
 *  4. the bill page shows net, tax and gross and the tax breakdown, the reverse-charge note; the bills list labels
 *     its total gross, and so does the dashboard;
 *  5. Settings > Organization previews the invoice PDF in a chosen language, with the bearer token.
 * Every wait is explicit (≤ 15 s).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, HTTPRequest, HTTPResponse, Page } from 'puppeteer-core';
import { openConsole, pageHelpers, SHOTS, STEP, tid } from '../support/browser';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startTestApp, TestApp } from '../support/app';

jest.setTimeout(180_000);

const address = (name: string, country: string) => ({ name, line1: 'Ring 1', city: 'Wien', postalCode: '1010', country });
const session = (externalId: string, departmentId: string, day: number) => ({
  externalId,
  departmentId,
  type: 'attended',
  startedAt: `2026-01-${String(day).padStart(2, '0')}T10:00:00Z`,
  endedAt: `2026-01-${String(day).padStart(2, '0')}T10:30:00Z`,
});

describe('console: tax rates, plans and customers with taxes, the taxed bill', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let h: ReturnType<typeof pageHelpers>;
  let token: string;
  let initechId: string; // Austrian business customer: reverse charge
  let globexId: string; // domestic customer: standard, its own rate
  let goldId: string;
  let vatId: string;
  const tmp = mkdtempSync(join(tmpdir(), 'rb-console-taxes-e2e-'));
  let browserErrors: string[] = [];

  const url = (path: string) => `${t.baseUrl}${path}`;
  const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`) as `${string}.png` });
  const get = async (path: string) => (await t.request('GET', path, { token })).body;
  /** The text of the mat-error in the same form field as the element `id`. */
  const errorUnder = (id: string) =>
    page.$eval(tid(id), (el) => (el.closest('mat-form-field')?.querySelector('mat-error')?.textContent ?? '').trim());
  const waitErrorUnder = (id: string, needle: string) =>
    page.waitForFunction(
      (s, n) =>
        ((document.querySelector(s)?.closest('mat-form-field')?.querySelector('mat-error')?.textContent ?? '') as string).includes(n),
      { timeout: STEP },
      tid(id),
      needle,
    );
  const waitOption = (select: string, value: string) => page.waitForSelector(`${tid(select)} option[value="${value}"]`, { timeout: STEP });
  const radio = (id: string) => h.click(`${tid(id)} input`);
  const cells = (row: string, cell: string) => page.$$eval(`${row} ${tid(cell)}`, (els) => els.map((el) => (el.textContent ?? '').trim()));

  beforeAll(async () => {
    t = await startTestApp({ MAIL_DIR: join(tmp, 'mail') });
    token = await t.login();
    // The seller's VAT ID is printed under reverse charge (and required to bill it).
    expect((await t.request('PATCH', '/organization', { token, body: { vatId: 'DE136695976', invoiceLanguage: 'en' } })).status).toBe(200);
    initechId = (await t.request('POST', '/departments', { token, body: { name: 'Initech' } })).body.id;
    globexId = (await t.request('POST', '/departments', { token, body: { name: 'Globex' } })).body.id;
    const gold = await t.request('POST', '/plans', {
      token,
      body: {
        name: 'Gold',
        currency: 'EUR',
        billingType: 'per_session',
        sessionRateMinor: 5000,
        associations: [
          {
            departmentId: initechId,
            billingCycle: 'monthly',
            billStartDate: '2026-01-01',
            dueDays: 14,
            timeZone: 'UTC',
            billingAddress: address('Initech GmbH', 'AT'),
            recipients: ['ap@initech.test'],
          },
          {
            departmentId: globexId,
            billingCycle: 'monthly',
            billStartDate: '2026-01-01',
            dueDays: 14,
            timeZone: 'UTC',
            billingAddress: { ...address('Globex AG', 'DE'), city: 'Berlin', postalCode: '10115' },
            recipients: ['ap@globex.test'],
          },
        ],
      },
    });
    expect(gold.status).toBe(201);
    goldId = gold.body.id;
    ({ browser, page, h, errors: browserErrors } = await openConsole(t.baseUrl, join(tmp, 'profile'), ADMIN_EMAIL, ADMIN_PASSWORD));
  });

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await t?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  afterEach(() => {
    expect(browserErrors).toEqual([]);
  });

  it('1. Settings > Tax rates: the API refuses 0 % for S under the rate field; a saved rate is listed and stored', async () => {
    await page.goto(url('/settings/organization'), { waitUntil: 'load' });
    await h.click(tid('settings-tab-tax-rates'));
    await h.waitPath('/settings/tax-rates');
    await h.waitText(tid('tax-rates-empty'), 'No tax rates');

    await h.click(tid('tax-rate-new'));
    await h.type(tid('tax-rate-name'), 'VAT');
    await h.type(tid('tax-rate-percent'), '0');
    expect(await page.$eval(tid('tax-rate-category'), (el) => (el as HTMLSelectElement).value)).toBe('S');
    // S and Z carry no exemption reason: the field is not offered.
    expect(await page.$(tid('tax-rate-reason'))).toBeNull();
    await h.click(tid('tax-rate-save'));
    await waitErrorUnder('tax-rate-percent', 'must be above 0');
    expect(await errorUnder('tax-rate-percent')).toBe('must be above 0 for a standard-rated (S) tax');
    expect(await errorUnder('tax-rate-name')).toBe('');
    expect((await get('/tax-rates')).items).toEqual([]);
    await shot('tax-rate-refused');

    await h.type(tid('tax-rate-percent'), '19');
    await h.click(tid('tax-rate-save'));
    await h.hidden(tid('tax-rate-save'));
    const row = `${tid('tax-rate-row')}[data-tax-rate-name="VAT"]`;
    await h.visible(row);
    expect(await cells(row, 'tax-rate-percent-cell')).toEqual(['19 %']);
    expect(await cells(row, 'tax-rate-category-cell')).toEqual(['S Standard rate']);
    const stored = (await get('/tax-rates')).items as any[];
    expect(stored).toEqual([
      expect.objectContaining({ name: 'VAT', ratePercent: 19, categoryCode: 'S', exemptionReason: null, archivedAt: null }),
    ]);
    vatId = stored[0].id;
    await h.dismissSnackBar();

    // The same rate again: 409 TAX_RATE_EXISTS, as a sentence; nothing stored.
    await h.click(tid('tax-rate-new'));
    await h.type(tid('tax-rate-name'), 'vat');
    await h.type(tid('tax-rate-percent'), '19');
    await h.click(tid('tax-rate-save'));
    await h.waitText(tid('tax-rate-error'), 'already exists');
    expect(await h.textOf(tid('tax-rate-error'))).toContain('S Standard rate');
    await h.click(tid('tax-rate-cancel'));
    await h.hidden(tid('tax-rate-cancel'));

    // An exempt rate needs its legal reason (asked before sending), then it is stored with it.
    await h.click(tid('tax-rate-new'));
    await h.type(tid('tax-rate-name'), 'Medical');
    await h.type(tid('tax-rate-percent'), '0');
    await page.select(tid('tax-rate-category'), 'E');
    await h.visible(tid('tax-rate-reason'));
    await h.click(tid('tax-rate-save'));
    await waitErrorUnder('tax-rate-reason', 'Required');
    await h.type(tid('tax-rate-reason'), 'Exempt under Art. 132(1)(c) Directive 2006/112/EC');
    await h.click(tid('tax-rate-save'));
    await h.hidden(tid('tax-rate-save'));
    await h.visible(`${tid('tax-rate-row')}[data-tax-rate-name="Medical"]`);
    expect((await get('/tax-rates')).items).toEqual([
      expect.objectContaining({
        name: 'Medical',
        ratePercent: 0,
        categoryCode: 'E',
        exemptionReason: 'Exempt under Art. 132(1)(c) Directive 2006/112/EC',
      }),
      expect.objectContaining({ name: 'VAT' }),
    ]);
    await h.dismissSnackBar();
    await shot('settings-tax-rates');
  });

  it("2. a plan's default rate is chosen in the plan form, confirmed, stored and shown; a rate in use is not archived", async () => {
    await page.goto(url(`/plans/${goldId}/edit`), { waitUntil: 'load' });
    await waitOption('plan-tax-rate-0', vatId);
    // An exempt rate of its own name is offered too; the archived ones are not (none yet).
    expect(await page.$$eval(`${tid('plan-tax-rate-0')} option`, (os) => os.map((o) => (o.textContent ?? '').trim()))).toEqual([
      'No tax',
      'Medical 0 % (E Exempt)',
      'VAT 19 % (S Standard rate)',
    ]);
    await page.select(tid('plan-tax-rate-0'), vatId);
    // The second choice no longer offers the first one.
    await page.waitForFunction(
      (s, id) => !document.querySelector(`${s} option[value="${id}"]`),
      { timeout: STEP },
      tid('plan-tax-rate-1'),
      vatId,
    );
    await h.click(tid('plan-save'));
    // The plan has customers: the change is confirmed first, and names the rate.
    await h.visible(tid('rate-change-dialog'));
    expect(await page.$$eval(tid('rate-change-item'), (els) => els.map((el) => (el.textContent ?? '').trim()))).toEqual([
      'Default tax rates: none → VAT 19 %',
    ]);
    await h.click(tid('rate-change-confirm'));
    await h.waitPath(`/plans/${goldId}`);
    await h.waitText(tid('plan-tax-rates'), 'VAT 19 % (S Standard rate)');
    expect((await get(`/plans/${goldId}`)).taxRateIds).toEqual([vatId]);
    // The history names the rate, never its id.
    await h.waitText(tid('plan-history-sentence'), 'the tax rates from none to VAT 19 %');
    expect(await h.textOf(tid('plan-history-table'))).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/i);
    await h.dismissSnackBar();

    await page.goto(url('/plans'), { waitUntil: 'load' });
    await h.waitText(`${tid('plan-row')}[data-plan-name="Gold"] ${tid('plan-taxes')}`, 'VAT 19 %');

    // Archiving the rate Gold uses: refused, and the page says who uses it.
    await page.goto(url('/settings/tax-rates'), { waitUntil: 'load' });
    await h.click(`${tid('tax-rate-row')}[data-tax-rate-name="VAT"] ${tid('tax-rate-archive')}`);
    await h.confirm();
    await h.waitText(tid('tax-rates-error'), 'can not be archived');
    expect(await h.textOf(tid('tax-rates-error'))).toContain('plan "Gold"');
    expect((await get(`/tax-rates/${vatId}`)).archivedAt).toBeNull();

    // The unused exempt rate is archived, and listed again only with "Show archived".
    await h.click(`${tid('tax-rate-row')}[data-tax-rate-name="Medical"] ${tid('tax-rate-archive')}`);
    await h.confirm();
    await h.waitCount(tid('tax-rate-row'), 1);
    await h.click(`${tid('tax-rates-show-archived')} input`);
    await h.waitCount(tid('tax-rate-row'), 2);
    await h.waitText(`${tid('tax-rate-row')}[data-tax-rate-name="Medical"] ${tid('tax-rate-status')}`, 'archived');
    expect(await page.$(`${tid('tax-rate-row')}[data-tax-rate-name="Medical"] ${tid('tax-rate-edit')}`)).toBeNull();
    await h.dismissSnackBar();
  });

  it("3. a customer's treatment, VAT ID and rate override; an association's buyer reference and purchase order", async () => {
    await page.goto(url('/departments'), { waitUntil: 'load' });
    const initech = `${tid('department-row')}[data-department-id="${initechId}"]`;
    await h.waitText(`${initech} ${tid('department-tax-rates')}`, "Plan's rates");
    await h.click(`${initech} ${tid('department-edit')}`);
    await h.visible(tid('department-form'));
    expect(await page.$(tid('department-exemption-reason'))).toBeNull(); // standard: no reason
    await radio('department-treatment-reverse_charge');
    // Reverse charge needs the customer's VAT ID, and offers a legal note.
    await h.visible(tid('department-exemption-reason'));
    await h.click(tid('department-save'));
    await waitErrorUnder('department-vat-id', 'Required');
    expect((await get(`/departments/${initechId}`)).taxTreatment).toBe('standard');
    // A VAT ID with a wrong check digit: the API's 400 under the field.
    await h.type(tid('department-vat-id'), 'ATU13585626');
    await h.type(tid('department-legal-name'), 'Initech Software GmbH');
    await page.select(tid('department-invoice-language'), 'de');
    await radio('department-rates-none');
    await h.click(tid('department-save'));
    await page.waitForFunction(
      (s) => {
        const text = document.querySelector(s)?.closest('mat-form-field')?.querySelector('mat-error')?.textContent ?? '';
        return text.trim() !== '' && !text.includes('Required');
      },
      { timeout: STEP },
      tid('department-vat-id'),
    );
    expect(await errorUnder('department-vat-id')).toMatch(/vatId|VAT|check/i);
    expect((await get(`/departments/${initechId}`)).vatId).toBeNull();
    await h.type(tid('department-vat-id'), 'ATU 1358 5627');
    await h.click(tid('department-save'));
    await h.hidden(tid('department-save'));
    await h.waitText(`${initech} ${tid('department-tax')}`, 'Reverse charge');
    expect(await h.textOf(`${initech} ${tid('department-tax')}`)).toContain('ATU13585627');
    expect(await h.textOf(`${initech} ${tid('department-tax-rates')}`)).toBe('No tax');
    expect(await get(`/departments/${initechId}`)).toMatchObject({
      legalName: 'Initech Software GmbH',
      vatId: 'ATU13585627',
      invoiceLanguage: 'de',
      taxTreatment: 'reverse_charge',
      exemptionReason: null,
      taxRateIds: [],
    });
    await h.dismissSnackBar();

    // Globex: standard, with its own rate ("These rates: VAT").
    const globex = `${tid('department-row')}[data-department-id="${globexId}"]`;
    await h.click(`${globex} ${tid('department-edit')}`);
    await h.visible(tid('department-form'));
    await radio('department-rates-custom');
    await waitOption('department-tax-rate-0', vatId);
    // The archived exempt rate is not offered.
    expect(await page.$$eval(`${tid('department-tax-rate-0')} option`, (os) => os.map((o) => (o.textContent ?? '').trim()))).toEqual([
      'Choose a rate',
      'VAT 19 % (S Standard rate)',
    ]);
    await h.click(tid('department-save'));
    await waitErrorUnder('department-tax-rate-0', 'Choose a rate');
    await page.select(tid('department-tax-rate-0'), vatId);
    await shot('department-tax-data');
    await h.click(tid('department-save'));
    await h.hidden(tid('department-save'));
    await h.waitText(`${globex} ${tid('department-tax-rates')}`, 'VAT 19 %');
    expect(await get(`/departments/${globexId}`)).toMatchObject({ taxTreatment: 'standard', taxRateIds: [vatId], invoiceLanguage: null });
    await h.dismissSnackBar();

    // Initech's association: buyer reference and purchase order, from the plan page.
    await page.goto(url(`/plans/${goldId}`), { waitUntil: 'load' });
    const row = `${tid('association-row')}[data-association-id="${(await get(`/associations?departmentId=${initechId}`)).items[0].id}"]`;
    await h.click(`${row} ${tid('association-edit')}`);
    await h.type(tid('assoc-buyer-reference-0'), '04011000-1234512345-06');
    await h.type(tid('assoc-purchase-order-0'), 'PO-2026-17');
    await h.click(tid('association-edit-save'));
    await h.hidden(tid('association-edit-save'));
    await h.waitText(`${row} ${tid('association-purchase-order')}`, 'PO-2026-17');
    expect((await get(`/associations?departmentId=${initechId}`)).items[0]).toMatchObject({
      buyerReference: '04011000-1234512345-06',
      purchaseOrder: 'PO-2026-17',
    });
    // Emptied, they are cleared.
    await h.click(`${row} ${tid('association-edit')}`);
    await h.type(tid('assoc-purchase-order-0'), ' ');
    await h.click(tid('association-edit-save'));
    await h.hidden(tid('association-edit-save'));
    await page.waitForFunction((s) => !document.querySelector(s), { timeout: STEP }, `${row} ${tid('association-purchase-order')}`);
    expect((await get(`/associations?departmentId=${initechId}`)).items[0]).toMatchObject({
      buyerReference: '04011000-1234512345-06',
      purchaseOrder: null,
    });
    await h.dismissSnackBar();
  });

  it('4. the bill page shows net, tax, gross and the breakdown; the reverse-charge note; the list and the dashboard say gross', async () => {
    // Two sessions each in January at €50.00: Globex net €100.00, VAT 19 % €19.00, gross €119.00; Initech reverse charge: €100.00.
    const sessions = [session('g1', globexId, 5), session('g2', globexId, 6), session('i1', initechId, 7), session('i2', initechId, 8)];
    expect((await t.request('POST', '/sessions/batch', { token, body: { sessions } })).body.accepted).toBe(4);
    const run = await t.request('POST', '/billing-runs', { token, body: { asOf: '2026-02-02T00:00:00Z' } });
    expect(run.body).toMatchObject({ billsCreated: 2, failures: [] });
    const bills = (await get('/bills')).items as any[];
    const globexBill = bills.find((b) => b.department.id === globexId);
    const initechBill = bills.find((b) => b.department.id === initechId);
    expect(globexBill).toMatchObject({ netMinor: 10000, taxMinor: 1900, totalMinor: 11900, taxTreatment: 'standard' });
    expect(initechBill).toMatchObject({ netMinor: 10000, taxMinor: 0, totalMinor: 10000, taxTreatment: 'reverse_charge' });

    await page.goto(url('/bills'), { waitUntil: 'load' });
    await h.waitText(tid('bills-table'), 'Total (gross)');
    const listRow = `${tid('bill-row')}[data-bill-id="${globexBill.id}"]`;
    await h.waitText(`${listRow} ${tid('bill-total')}`, '119.00');
    expect(await h.textOf(`${listRow} ${tid('bill-tax-included')}`)).toContain('19.00');

    await page.goto(url(`/bills/${globexBill.id}`), { waitUntil: 'load' });
    await h.waitText(tid('bill-total'), '119.00');
    expect(await h.textOf(tid('bill-net'))).toContain('100.00');
    expect(await h.textOf(tid('bill-tax'))).toContain('19.00');
    expect(await h.textOf(tid('bill-totals'))).toContain('Total (gross)');
    expect(await h.textOf(tid('bill-tax-treatment'))).toBe('Standard');
    const rows = await page.$$eval(`${tid('bill-tax-row')}`, (trs) =>
      trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => (td.textContent ?? '').trim())),
    );
    expect(rows).toEqual([['VAT', 'S Standard rate', '19 %', '€100.00', '€19.00']]);
    expect(await h.textOf(tid('bill-tax-total'))).toBe('€19.00');
    expect(await page.$(tid('bill-tax-note'))).toBeNull();
    // The page scrolls inside the layout: the viewport grows for the breakdown to be in the picture.
    await page.setViewport({ width: 1280, height: 1100 });
    await shot('bill-tax-breakdown');
    await page.setViewport({ width: 1280, height: 800 });

    await page.goto(url(`/bills/${initechBill.id}`), { waitUntil: 'load' });
    await h.waitText(tid('bill-tax-note'), 'Reverse charge');
    expect(await h.textOf(tid('bill-tax-note'))).toContain('ATU13585627');
    expect(await h.textOf(tid('bill-tax-treatment'))).toBe('Reverse charge');
    const reverse = await page.$$eval(`${tid('bill-tax-row')}`, (trs) =>
      trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => (td.textContent ?? '').trim())),
    );
    expect(reverse).toEqual([['Reverse charge', 'AE Reverse charge', '0 %', '€100.00', '€0.00']]);
    expect(await h.textOf(tid('bill-total'))).toContain('100.00');

    await page.goto(url('/dashboard'), { waitUntil: 'load' });
    await h.waitText(`${tid('dashboard-totals-EUR')} ${tid('dashboard-gross-note')}`, 'Gross amounts, incl. tax');
    expect(await h.textOf(tid('dashboard-totals-EUR'))).toContain('219.00'); // billed: 119.00 + 100.00
  });

  it('5. Settings > Organization previews the invoice PDF in the chosen language, with the bearer token', async () => {
    await page.goto(url('/settings/organization'), { waitUntil: 'load' });
    await h.visible(tid('organization-preview-button'));
    await page.waitForFunction(
      (s) => (document.querySelector(s) as HTMLSelectElement | null)?.value === 'en',
      { timeout: STEP },
      tid('organization-preview-language'),
    );
    expect(
      await page.$$eval(`${tid('organization-preview-language')} option`, (os) => os.map((o) => (o as HTMLOptionElement).value)),
    ).toEqual(['en', 'de', 'fr', 'es', 'nl', 'it']);
    await page.select(tid('organization-preview-language'), 'fr');
    const cdp = await page.createCDPSession();
    await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: tmp });
    const sent = new Promise<HTTPRequest>((resolve) => {
      const onRequest = (r: HTTPRequest) => {
        if (r.url().includes('/organization/invoice-preview')) {
          page.off('request', onRequest);
          resolve(r);
        }
      };
      page.on('request', onRequest);
    });
    const answered = page.waitForResponse((r: HTTPResponse) => r.url().includes('/organization/invoice-preview'), { timeout: STEP });
    await h.click(tid('organization-preview-button'));
    const request = await sent;
    expect(new URL(request.url()).pathname).toBe('/api/v1/organization/invoice-preview');
    expect(new URL(request.url()).searchParams.get('language')).toBe('fr');
    expect(request.headers()['authorization']).toMatch(/^Bearer \S+$/);
    const response = await answered;
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toContain('application/pdf');
    const bytes = await response.buffer();
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await page.waitForFunction(
      (s) => !(document.querySelector(s) as HTMLButtonElement | null)?.disabled,
      { timeout: STEP },
      tid('organization-preview-button'),
    );
    expect(await page.$('.mat-mdc-snack-bar-container.snack-error')).toBeNull();
  });
});
