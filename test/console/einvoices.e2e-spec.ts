/**
 * E-invoices in the console (issue #16, points 3 and 4), in a real (headless) Chromium against the whole API:
 *  1. Settings › Organization: the seller's electronic address (EAS 0088, a GLN) and its contact e-mail and phone are
 *     entered and saved, and shown again after a reload;
 *  2. the department dialog: format Peppol BIS Billing 3.0, an electronic address the API refuses (a GLN with a wrong
 *     check digit: its 400 shows under the field, nothing is saved), then a valid one, and the session statement; the
 *     list shows them;
 *  3. a draft of that customer, whose plan association has no buyer reference, shows the warning box "This bill cannot
 *     become a Peppol BIS Billing 3.0 (UBL) e-invoice yet:" with BUYER_REFERENCE_MISSING and where to fix it; the
 *     buyer reference set through the API and the draft refreshed, the box is gone;
 *  4. the draft approved (INV-000001), its e-invoice downloads from the bills list's three-dot menu and from the bill
 *     page: Peppol UBL (XML with the number and cbc:EndpointID, named INV-000001-peppol.xml), Factur-X (a PDF);
 *  5. a format the bill cannot be (XRechnung CII: the seller has no IBAN) is refused with the API's message and its
 *     problems in the snack bar; a credit note's e-invoice downloads from the corrections on the bill page.
 * Every wait is explicit (≤ 15 s); screenshots go to docs/screenshots/.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, HTTPResponse, Page } from 'puppeteer-core';
import { checkElectronicAddress } from '../../libs/invoicing/src';
import { openConsole, pageHelpers, SHOTS, STEP, tid } from '../support/browser';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startTestApp, TestApp } from '../support/app';

jest.setTimeout(180_000);

/** Last month (UTC): a run now closes its period; the customer's 45-day window keeps its bill a draft for weeks. */
const now = new Date();
const lastMonthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString().slice(0, 10);
const lastMonthDay = (day: number) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, day, 10)).toISOString();
const session = (externalId: string, departmentId: string, day: number) => ({
  externalId,
  departmentId,
  type: 'attended',
  startedAt: lastMonthDay(day),
  endedAt: new Date(Date.parse(lastMonthDay(day)) + 30 * 60_000).toISOString(),
});

const SELLER_GLN = '4000001123452';
const BUYER_GLN = '4035811991021';
/** BUYER_GLN with its check digit changed. */
const WRONG_GLN = '4035811991022';
const PEPPOL = 'Peppol BIS Billing 3.0 (UBL)';

describe('console: e-invoices', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let h: ReturnType<typeof pageHelpers>;
  let token: string;
  let departmentId: string;
  let associationId: string;
  let billId: string;
  const tmp = mkdtempSync(join(tmpdir(), 'rb-console-einvoices-e2e-'));
  let browserErrors: string[] = [];

  const url = (path: string) => `${t.baseUrl}${path}`;
  const get = async (path: string) => (await t.request('GET', path, { token })).body;
  const errorUnder = (id: string) =>
    page.$eval(tid(id), (el) => (el.closest('mat-form-field')?.querySelector('mat-error')?.textContent ?? '').trim());
  const valueOf = (id: string) => page.$eval(tid(id), (el) => (el as HTMLInputElement | HTMLSelectElement).value);
  const waitValue = (id: string, value: string) =>
    page.waitForFunction((s, v) => (document.querySelector(s) as HTMLInputElement | null)?.value === v, { timeout: STEP }, tid(id), value);
  const departmentRow = () => `${tid('department-row')}[data-department-id="${departmentId}"]`;
  const billRow = () => `${tid('bill-row')}[data-bill-id="${billId}"]`;
  /** The response of the download `click` starts (a path under /api/v1, any query). */
  const download = async (path: string, click: () => Promise<void>): Promise<HTTPResponse> => {
    const response = page.waitForResponse((r) => new URL(r.url()).pathname === `/api/v1${path}`, { timeout: STEP });
    await click();
    return response;
  };
  /** Opens the three-dot menu's "Download e-invoice" submenu of the bill's row. */
  const openListSubmenu = async () => {
    await h.click(`${billRow()} ${tid('bill-menu')}`);
    await h.click(`.mat-mdc-menu-panel ${tid('bill-menu-einvoice')}`);
    await h.visible(`.mat-mdc-menu-panel ${tid('bill-menu-einvoice-peppol')}`);
  };
  const closeMenus = async () => {
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await h.hidden('.mat-mdc-menu-panel');
  };

  beforeAll(async () => {
    t = await startTestApp({ MAIL_DIR: join(tmp, 'mail') });
    token = await t.login();
    // What every format needs of the seller beyond this test's fields: its address and VAT ID (BR-08, BR-CO-26, BR-S-02).
    const org = await t.request('PATCH', '/organization', {
      token,
      body: {
        legalName: 'Initrode Services GmbH',
        vatId: 'DE136695976',
        address: { line1: 'Leopoldstraße 12', line2: null, postalCode: '80802', city: 'München', region: null, country: 'DE' },
      },
    });
    expect(org.status).toBe(200);
    const vat = await t.request('POST', '/tax-rates', { token, body: { name: 'VAT', ratePercent: 19, categoryCode: 'S' } });
    expect(vat.status).toBe(201);
    const department = await t.request('POST', '/departments', { token, body: { name: 'Initech', reviewDays: 45 } });
    expect(department.status).toBe(201);
    expect(department.body).toMatchObject({ einvoiceFormat: 'none', electronicAddress: null, attachSessionStatement: false });
    departmentId = department.body.id;
    const plan = await t.request('POST', '/plans', {
      token,
      body: {
        name: 'Support',
        currency: 'EUR',
        billingType: 'per_session',
        sessionRateMinor: 5000,
        taxRateIds: [vat.body.id],
        associations: [
          {
            departmentId,
            billingCycle: 'monthly',
            billStartDate: lastMonthStart,
            dueDays: 14,
            timeZone: 'UTC',
            billingAddress: { name: 'Initech GmbH', line1: 'Ring 1', city: 'Berlin', postalCode: '10115', country: 'DE' },
            recipients: ['ap@initech.test'],
          },
        ],
      },
    });
    expect(plan.status).toBe(201);
    associationId = plan.body.associations[0].id;
    const sessions = [session('s1', departmentId, 5), session('s2', departmentId, 6)];
    expect((await t.request('POST', '/sessions/batch', { token, body: { sessions } })).body.accepted).toBe(2);
    const run = await t.request('POST', '/billing-runs', { token, body: {} });
    expect(run.body).toMatchObject({ failures: [] });
    const bill = (await get('/bills')).items[0];
    expect(bill).toMatchObject({ number: null, status: 'draft', totalMinor: 11900, einvoiceFormat: 'none' });
    billId = bill.id;
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

  it("1. Settings › Organization: the seller's electronic address and contact are saved", async () => {
    await page.goto(url('/settings/organization'), { waitUntil: 'load' });
    await waitValue('organization-vat-id', 'DE136695976');
    expect(await valueOf('organization-electronic-address-scheme')).toBe('');
    await page.select(tid('organization-electronic-address-scheme'), '0088');
    await h.type(tid('organization-electronic-address-id'), SELLER_GLN);
    await h.type(tid('organization-contact-email'), 'billing@initrode.test');
    await h.type(tid('organization-phone'), '+49 89 1234567');
    await h.click(tid('organization-save'));
    await h.waitText('.mat-mdc-snack-bar-container', 'Organization saved');
    expect(await get('/organization')).toMatchObject({
      electronicAddress: { scheme: '0088', id: SELLER_GLN },
      contactEmail: 'billing@initrode.test',
      phone: '+49 89 1234567',
      vatId: 'DE136695976',
    });
    await h.dismissSnackBar();

    await page.reload({ waitUntil: 'load' });
    await waitValue('organization-electronic-address-id', SELLER_GLN);
    expect(await valueOf('organization-electronic-address-scheme')).toBe('0088');
    // The scheme list names each code.
    expect(await h.textOf(`${tid('organization-electronic-address-scheme')} option[value="0088"]`)).toBe(
      '0088 · GS1 Global Location Number (GLN)',
    );
    expect(await h.textOf(`${tid('organization-electronic-address-scheme')} option[value="0204"]`)).toContain('Leitweg-ID');
  });

  it("2. the customer's format and electronic address: a wrong check digit is refused under the field, then saved", async () => {
    await page.goto(url('/departments'), { waitUntil: 'load' });
    await h.waitText(`${departmentRow()} ${tid('department-einvoice-text')}`, 'E-invoice: none (PDF only)');
    await h.click(`${departmentRow()} ${tid('department-edit')}`);
    await h.visible(tid('department-form'));
    expect(await valueOf('department-einvoice-format')).toBe('none');
    const options = await page.$$eval(`${tid('department-einvoice-format')} option`, (els) => els.map((e) => (e.textContent ?? '').trim()));
    expect(options).toEqual(['None (PDF only)', PEPPOL, 'XRechnung 3.0 (UBL)', 'XRechnung 3.0 (CII)', 'Factur-X / ZUGFeRD (EN 16931)']);
    await page.select(tid('department-einvoice-format'), 'peppol');
    await h.waitText(tid('department-einvoice-format-hint'), "Needs the customer's electronic address");

    // A scheme without an identifier: said here, nothing sent.
    await page.select(tid('department-electronic-address-scheme'), '0088');
    await h.click(tid('department-save'));
    await h.waitText(tid('department-electronic-address-id-error'), 'Required');

    // A GLN whose check digit is wrong: the API's 400 under the field, nothing saved.
    await h.type(tid('department-electronic-address-id'), WRONG_GLN);
    await h.click(tid('department-save'));
    const refusal = checkElectronicAddress({ scheme: '0088', id: WRONG_GLN }).error!;
    expect(refusal).toContain('check digit');
    await h.waitText(tid('department-electronic-address-id-error'), refusal);
    expect(await errorUnder('department-electronic-address-id')).toBe(refusal);
    expect(await errorUnder('department-electronic-address-scheme')).toBe('');
    expect(await get(`/departments/${departmentId}`)).toMatchObject({ einvoiceFormat: 'none', electronicAddress: null });
    await page.screenshot({ path: join(SHOTS, 'department-electronic-address-refused.png') });

    // Corrected (the printed spaces of the number are the API's to drop), with the session statement: saved.
    await h.type(tid('department-electronic-address-id'), BUYER_GLN);
    await h.click(`${tid('department-attach-session-statement')} input`);
    await h.click(tid('department-save'));
    await h.hidden(tid('department-save'));
    await h.waitText(`${departmentRow()} ${tid('department-einvoice-text')}`, `E-invoice: ${PEPPOL}, with the session statement`);
    expect(await h.textOf(`${departmentRow()} ${tid('department-electronic-address-text')}`)).toBe(`Electronic address 0088:${BUYER_GLN}`);
    expect(await get(`/departments/${departmentId}`)).toMatchObject({
      einvoiceFormat: 'peppol',
      electronicAddress: { scheme: '0088', id: BUYER_GLN },
      attachSessionStatement: true,
      reviewDays: 45,
    });
    await h.dismissSnackBar();

    // The dialog shows what is stored.
    await h.click(`${departmentRow()} ${tid('department-edit')}`);
    await h.visible(tid('department-form'));
    expect(await valueOf('department-einvoice-format')).toBe('peppol');
    expect(await valueOf('department-electronic-address-scheme')).toBe('0088');
    expect(await valueOf('department-electronic-address-id')).toBe(BUYER_GLN);
    expect(await page.$eval(`${tid('department-attach-session-statement')} input`, (el) => (el as HTMLInputElement).checked)).toBe(true);
    await h.click(tid('department-cancel'));
    await h.hidden(tid('department-form'));
  });

  it('3. the draft warns that the association lacks a buyer reference; set, and the draft refreshed, the warning is gone', async () => {
    expect((await get(`/bills/${billId}`)).einvoiceFormat).toBe('peppol');
    expect(await get(`/bills/${billId}/einvoice/problems`)).toEqual({
      format: 'peppol',
      problems: [expect.objectContaining({ code: 'BUYER_REFERENCE_MISSING', field: 'association.buyerReference' })],
    });
    const problem = (await get(`/bills/${billId}/einvoice/problems`)).problems[0];

    // A draft has no e-invoice to download yet: the three-dot menu does not offer one.
    await page.goto(url('/bills'), { waitUntil: 'load' });
    await h.click(`${billRow()} ${tid('bill-menu')}`);
    await h.visible(`.mat-mdc-menu-panel ${tid('bill-menu-download')}`);
    expect(await page.$(`.mat-mdc-menu-panel ${tid('bill-menu-einvoice')}`)).toBeNull();
    await closeMenus();

    await page.goto(url(`/bills/${billId}`), { waitUntil: 'load' });
    await h.visible(tid('bill-einvoice-problems'));
    expect(await h.textOf(tid('bill-einvoice-problems-title'))).toBe(`This bill cannot become a ${PEPPOL} e-invoice yet:`);
    const items = await page.$$eval(tid('bill-einvoice-problem'), (els) =>
      els.map((e) => ({ code: e.getAttribute('data-code'), text: (e.textContent ?? '').replace(/\s+/g, ' ').trim() })),
    );
    expect(items).toEqual([
      { code: 'BUYER_REFERENCE_MISSING', text: `${problem.message} — fix in the customer's plan association, Billing Plans › Support` },
    ]);
    const fix = await page.$eval(`${tid('bill-einvoice-problem')} ${tid('einvoice-problem-fix')}`, (a) => a.getAttribute('href'));
    expect(fix).toBe(`/plans/${(await get(`/bills/${billId}`)).plan.id}`);
    expect(await page.$(tid('bill-einvoice'))).toBeNull(); // a draft: no download
    await page.screenshot({ path: join(SHOTS, 'bill-einvoice-problems.png') });

    const patched = await t.request('PATCH', `/associations/${associationId}`, { token, body: { buyerReference: 'PO-4711' } });
    expect(patched.status).toBe(200);
    // The draft still has the association's data of when it was made: its Refresh makes it again from today's.
    await h.click(tid('bill-refresh-draft'));
    await h.waitText('.mat-mdc-snack-bar-container', 'Draft refreshed');
    await h.hidden(tid('bill-einvoice-problems'));
    expect(await get(`/bills/${billId}/einvoice/problems`)).toEqual({ format: 'peppol', problems: [] });
    await h.dismissSnackBar();
  });

  it('4. approved, its e-invoice downloads from the three-dot menu and from the bill page (Peppol XML, Factur-X PDF)', async () => {
    await h.click(tid('bill-approve'));
    await h.confirm();
    await h.waitText('.mat-mdc-snack-bar-container', 'Issued as INV-000001');
    await h.waitText(tid('bill-title'), 'Bill INV-000001');
    await h.dismissSnackBar();
    expect(await page.$(tid('bill-einvoice-problems'))).toBeNull();

    // The three-dot menu: the customer's format first, marked; asked without ?format= (the API's default).
    await page.goto(url('/bills'), { waitUntil: 'load' });
    await openListSubmenu();
    const choices = await page.$$eval('.mat-mdc-menu-panel [data-testid^="bill-menu-einvoice-"]', (els) =>
      els.map((e) => (e.textContent ?? '').replace(/\s+/g, ' ').trim()),
    );
    expect(choices).toEqual([
      `${PEPPOL} · customer's format`,
      'XRechnung 3.0 (UBL)',
      'XRechnung 3.0 (CII)',
      'Factur-X / ZUGFeRD (EN 16931)',
    ]);
    await page.screenshot({ path: join(SHOTS, 'bills-einvoice-menu.png') });
    const fromList = await download(`/bills/${billId}/einvoice`, () => h.click(`.mat-mdc-menu-panel ${tid('bill-menu-einvoice-peppol')}`));
    expect(fromList.status()).toBe(200);
    expect(new URL(fromList.url()).search).toBe('');
    expect(fromList.headers()['content-type']).toContain('application/xml');
    expect(fromList.headers()['content-disposition']).toBe('attachment; filename="INV-000001-peppol.xml"');
    const xml = (await fromList.buffer()).toString('utf8');
    expect(xml.startsWith('<?xml')).toBe(true);
    expect(xml).toContain('<cbc:ID>INV-000001</cbc:ID>');
    expect(xml).toContain(`<cbc:EndpointID schemeID="0088">${SELLER_GLN}</cbc:EndpointID>`);
    expect(xml).toContain(`<cbc:EndpointID schemeID="0088">${BUYER_GLN}</cbc:EndpointID>`);
    expect(xml).toContain('PO-4711');

    // The bill page: the same XML (stored at the first download), and Factur-X, a PDF.
    await page.goto(url(`/bills/${billId}`), { waitUntil: 'load' });
    await h.click(tid('bill-einvoice'));
    const fromPage = await download(`/bills/${billId}/einvoice`, () => h.click(`.mat-mdc-menu-panel ${tid('bill-einvoice-peppol')}`));
    expect(fromPage.status()).toBe(200);
    expect((await fromPage.buffer()).toString('utf8')).toBe(xml);

    await h.click(tid('bill-einvoice'));
    const facturx = await download(`/bills/${billId}/einvoice`, () => h.click(`.mat-mdc-menu-panel ${tid('bill-einvoice-facturx')}`));
    expect(new URL(facturx.url()).searchParams.get('format')).toBe('facturx');
    expect(facturx.status()).toBe(200);
    expect(facturx.headers()['content-type']).toContain('application/pdf');
    expect(facturx.headers()['content-disposition']).toBe('attachment; filename="INV-000001-facturx.pdf"');
    expect((await facturx.buffer()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(await page.$('.mat-mdc-snack-bar-container')).toBeNull(); // no error said
  });

  it("5. a format the bill cannot be is refused with the API's message and problems; a credit note's e-invoice downloads", async () => {
    // XRechnung needs the seller's IBAN (BR-DE-1): there is none.
    await page.goto(url(`/bills/${billId}`), { waitUntil: 'load' });
    await h.click(tid('bill-einvoice'));
    const refused = await download(`/bills/${billId}/einvoice`, () => h.click(`.mat-mdc-menu-panel ${tid('bill-einvoice-xrechnung_cii')}`));
    expect(refused.status()).toBe(409);
    const body = (await t.request('GET', `/bills/${billId}/einvoice?format=xrechnung_cii`, { token })).body;
    expect(body).toMatchObject({ statusCode: 409, code: 'SELLER_IBAN_MISSING' });
    expect(body.problems.map((p: { code: string }) => p.code)).toEqual(['SELLER_IBAN_MISSING']);
    await h.waitText('.mat-mdc-snack-bar-container', 'No XRechnung 3.0 (CII) e-invoice for INV-000001: ');
    const said = await h.textOf('.mat-mdc-snack-bar-container');
    expect(said).toContain(body.message);
    expect(said).toContain(body.problems[0].message);
    await h.dismissSnackBar();

    // A credit note of the invoice: its e-invoice from the corrections on the bill page.
    const discount = await t.request('POST', `/bills/${billId}/adjustments`, {
      token,
      body: { type: 'discount', percent: 10, reason: 'Loyalty' },
    });
    expect(discount.status).toBe(201);
    const creditNote = (await get(`/bills/${billId}`)).corrections[0];
    expect(creditNote).toMatchObject({ type: 'credit_note', number: 'CN-000001' });
    await page.reload({ waitUntil: 'load' });
    const row = `${tid('bill-correction-row')}[data-correction-number="CN-000001"]`;
    await h.click(`${row} ${tid('correction-einvoice')}`);
    const cn = await download(`/corrections/${creditNote.id}/einvoice`, () =>
      h.click(`.mat-mdc-menu-panel ${tid('correction-einvoice-peppol')}`),
    );
    expect(cn.status()).toBe(200);
    expect(cn.headers()['content-type']).toContain('application/xml');
    const cnXml = (await cn.buffer()).toString('utf8');
    expect(cnXml).toContain('<cbc:ID>CN-000001</cbc:ID>');
    expect(cnXml).toContain('INV-000001'); // the preceding invoice (BG-3)
    expect(cnXml).toContain(`<cbc:EndpointID schemeID="0088">${BUYER_GLN}</cbc:EndpointID>`);
  });
});
