/**
 * Corrections are documents (issue #15, point 2), console side, in a real (headless) Chromium against the whole API:
 * an issued invoice never changes, so on INV-000001 (2 sessions × €50.00, VAT 19 %: €100.00 + €19.00 = €119.00):
 *  1. Add Charges from the bills list's three-dot menu, a 10 % discount: before it is confirmed the dialog says it
 *     issues a credit note for €11.90 (€10.00 + €1.90 VAT) and lowers the balance to €107.10; confirmed, the bill
 *     page lists CN-000001 with its amounts as reductions, the invoice total stays €119.00, the balance is €107.10;
 *     its PDF downloads (application/pdf, %PDF-) and it is e-mailed (the e-mail names it); the audit trail says so;
 *  2. a €2.50 charge issues supplementary invoice INV-000002 for €2.98 (VAT €0.475 rounded half-up to €0.48);
 *     a discount above the balance is explained before, and refused with a clear message (409 DISCOUNT_EXCEEDS_TOTAL);
 *  3. Void says a credit note for the open amount (€110.08) cancels the bill, then lists it (CN-000002, cause void);
 *  4. the department's "Send invoices automatically when issued" (autoSend) is saved and shown.
 * Every amount is computed by hand here. Every wait is explicit (≤ 15 s); screenshots go to docs/screenshots/.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { formatDay } from '../../libs/billing/src';
import { openConsole, pageHelpers, SHOTS, STEP, tid } from '../support/browser';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startTestApp, TestApp } from '../support/app';

jest.setTimeout(180_000);

const session = (externalId: string, departmentId: string, day: number) => ({
  externalId,
  departmentId,
  type: 'attended',
  startedAt: `2026-01-${String(day).padStart(2, '0')}T10:00:00Z`,
  endedAt: `2026-01-${String(day).padStart(2, '0')}T10:30:00Z`,
});

describe('console: credit notes and supplementary invoices of an issued bill', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let h: ReturnType<typeof pageHelpers>;
  let token: string;
  let departmentId: string;
  let billId: string;
  const tmp = mkdtempSync(join(tmpdir(), 'rb-console-corrections-e2e-'));
  let browserErrors: string[] = [];

  const url = (path: string) => `${t.baseUrl}${path}`;
  const get = async (path: string) => (await t.request('GET', path, { token })).body;
  const correctionRow = (number: string) => `${tid('bill-correction-row')}[data-correction-number="${number}"]`;
  /** The texts of a correction row's cells, by their test id. */
  const correctionCells = async (number: string) => {
    const row = correctionRow(number);
    const cell = async (id: string) => (await h.textOf(`${row} ${tid(id)}`)).replace(/\s+/g, ' ');
    return {
      type: await cell('correction-type'),
      number: await cell('correction-number'),
      issued: await cell('correction-issue-date'),
      reason: await cell('correction-reason'),
      net: await cell('correction-net'),
      tax: await cell('correction-tax'),
      total: await cell('correction-total'),
    };
  };
  const note = () => h.textOf(tid('adjustment-correction-note'));

  beforeAll(async () => {
    t = await startTestApp({ MAIL_DIR: join(tmp, 'mail') });
    token = await t.login();
    const vat = await t.request('POST', '/tax-rates', { token, body: { name: 'VAT', ratePercent: 19, categoryCode: 'S' } });
    expect(vat.status).toBe(201);
    departmentId = (await t.request('POST', '/departments', { token, body: { name: 'Initech' } })).body.id;
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
            billStartDate: '2026-01-01',
            dueDays: 14,
            timeZone: 'UTC',
            billingAddress: { name: 'Initech GmbH', line1: 'Ring 1', city: 'Berlin', postalCode: '10115', country: 'DE' },
            recipients: ['ap@initech.test'],
          },
        ],
      },
    });
    expect(plan.status).toBe(201);
    const sessions = [session('s1', departmentId, 5), session('s2', departmentId, 6)];
    expect((await t.request('POST', '/sessions/batch', { token, body: { sessions } })).body.accepted).toBe(2);
    const run = await t.request('POST', '/billing-runs', { token, body: { asOf: '2026-02-02T00:00:00Z' } });
    expect(run.body).toMatchObject({ billsCreated: 1, failures: [] });
    const bill = (await get('/bills')).items[0];
    expect(bill).toMatchObject({ number: 'INV-000001', status: 'unpaid', subtotalMinor: 10000, taxMinor: 1900, totalMinor: 11900 });
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

  it('1. a 10 % discount on the issued bill is explained, then issued as credit note CN-000001; its PDF and e-mail', async () => {
    await page.goto(url('/bills'), { waitUntil: 'load' });
    const row = `${tid('bill-row')}[data-bill-id="${billId}"]`;
    await h.click(`${row} ${tid('bill-menu')}`);
    await h.click(`.mat-mdc-menu-panel ${tid('bill-menu-adjust')}`);
    // Before any value: the rule.
    await h.waitText(tid('adjustment-correction-note'), 'INV-000001 is issued and can not change.');
    expect(await note()).toContain('A discount issues a credit note (numbered CN-…), a charge a supplementary invoice (numbered INV-…)');
    await h.click(`${tid('adjustment-type-discount')} input`);
    await h.click(`${tid('adjustment-mode-percent')} input`);
    await h.type(tid('adjustment-percent'), '10');
    await h.type(tid('adjustment-reason'), 'Loyalty');
    // 10 % of the subtotal €100.00 = €10.00 net; VAT 19 % of it = €1.90; the credit note €11.90; €119.00 − €11.90 = €107.10.
    await h.waitText(tid('adjustment-correction-note'), 'This discount');
    expect(await note()).toBe(
      'INV-000001 is issued and can not change. This discount issues a credit note (numbered CN-…) for €11.90 ' +
        '(€10.00 + €1.90 VAT), and lowers the balance to €107.10.',
    );
    expect(await h.textOf(tid('adjustment-confirm'))).toBe('Issue credit note');
    await page.screenshot({ path: join(SHOTS, 'adjustment-credit-note-explained.png') });
    await h.click(tid('adjustment-confirm'));
    await h.hidden(tid('adjustment-confirm'));
    await h.waitText('.mat-mdc-snack-bar-container', 'Credit note CN-000001 issued for INV-000001');
    // The list: the invoice's total stays, its balance counts the credit note.
    await h.waitText(`${row} ${tid('bill-balance')}`, '€107.10');
    expect(await h.textOf(`${row} ${tid('bill-total')}`)).toBe('€119.00');
    expect(await h.textOf(`${row} ${tid('bill-corrections-note')}`)).toBe('−€11.90 credited');
    await h.dismissSnackBar();

    const stored = await get(`/bills/${billId}`);
    expect(stored).toMatchObject({
      status: 'unpaid',
      totalMinor: 11900,
      creditedMinor: 1190,
      supplementaryMinor: 0,
      balanceMinor: 10710,
      adjustments: [],
    });
    expect(stored.corrections).toEqual([
      expect.objectContaining({
        type: 'credit_note',
        number: 'CN-000001',
        cause: 'adjustment',
        reason: 'Loyalty',
        percent: 10,
        netMinor: 1000,
        taxMinor: 190,
        totalMinor: 1190,
      }),
    ]);
    const creditNote = stored.corrections[0];

    await page.goto(url(`/bills/${billId}`), { waitUntil: 'load' });
    await h.visible(correctionRow('CN-000001'));
    expect(await correctionCells('CN-000001')).toEqual({
      type: 'Credit note',
      number: 'CN-000001',
      issued: formatDay(creditNote.issueDate),
      reason: 'Loyalty',
      net: '-€10.00',
      tax: '-€1.90',
      total: '-€11.90',
    });
    expect(await h.textOf(`${correctionRow('CN-000001')} ${tid('correction-author')}`)).toBe('Administrator');
    expect(await h.textOf(tid('bill-total'))).toBe('€119.00');
    expect(await h.textOf(tid('bill-credited'))).toBe('€11.90');
    expect(await page.$(tid('bill-supplementary'))).toBeNull();
    expect(await h.textOf(tid('bill-balance'))).toBe('€107.10');
    expect(await h.textOf(tid('bill-totals'))).toContain('= Balance due');

    // Its PDF: the archived credit note, fetched with the token.
    const pdf = page.waitForResponse((r) => r.url().endsWith(`/api/v1/corrections/${creditNote.id}/pdf`), { timeout: STEP });
    await h.click(`${correctionRow('CN-000001')} ${tid('correction-download')}`);
    const response = await pdf;
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toContain('application/pdf');
    expect((await response.buffer()).subarray(0, 5).toString('latin1')).toBe('%PDF-');

    // E-mailed to the bill's recipients; the e-mails list names the document.
    await h.click(`${correctionRow('CN-000001')} ${tid('correction-email')}`);
    await h.waitText('mat-dialog-container h2', 'E-mail credit note · CN-000001');
    await h.visible(tid('email-to-chip'));
    expect(await h.textOf(tid('email-to-chip'))).toContain('ap@initech.test');
    await h.click(tid('email-send'));
    await h.hidden(tid('email-send'));
    await h.waitText('.mat-mdc-snack-bar-container', 'Credit note CN-000001 queued for e-mail');
    await h.waitText(tid('email-kind'), 'Credit note CN-000001');
    const emails = (await get(`/bills/${billId}/emails`)).items as any[];
    expect(emails).toEqual([expect.objectContaining({ correctionId: creditNote.id, to: ['ap@initech.test'] })]);
    await h.dismissSnackBar();

    // The audit trail says what was issued, and why.
    await h.waitText(
      tid('bill-audit-sentence'),
      'Administrator issued credit note CN-000001 of €11.90 (€10.00 + €1.90 tax) for a 10% discount on bill INV-000001 (reason: Loyalty).',
    );
  });

  it('2. a €2.50 charge issues supplementary invoice INV-000002; a discount above the balance is refused clearly', async () => {
    await page.goto(url(`/bills/${billId}`), { waitUntil: 'load' });
    await h.visible(correctionRow('CN-000001'));
    await h.click(tid('bill-adjust'));
    await h.visible(tid('adjustment-amount'));
    await h.type(tid('adjustment-amount'), '2.50');
    await h.type(tid('adjustment-reason'), 'Setup');
    // VAT 19 % of €2.50 = €0.475, rounded half-up: €0.48; €107.10 + €2.98 = €110.08.
    await h.waitText(tid('adjustment-correction-note'), 'This charge');
    expect(await note()).toBe(
      'INV-000001 is issued and can not change. This charge issues a supplementary invoice (numbered INV-…) for €2.98 ' +
        '(€2.50 + €0.48 VAT), and raises the balance to €110.08.',
    );
    expect(await h.textOf(tid('adjustment-confirm'))).toBe('Issue supplementary invoice');
    await h.click(tid('adjustment-confirm'));
    await h.hidden(tid('adjustment-confirm'));
    await h.visible(correctionRow('INV-000002'));
    const supplementary = (await get(`/bills/${billId}`)).corrections[1];
    expect(supplementary).toMatchObject({
      type: 'supplementary_invoice',
      number: 'INV-000002',
      netMinor: 250,
      taxMinor: 48,
      totalMinor: 298,
    });
    expect(await correctionCells('INV-000002')).toEqual({
      type: 'Supplementary invoice',
      number: 'INV-000002',
      issued: formatDay(supplementary.issueDate),
      reason: 'Setup',
      net: '€2.50',
      tax: '€0.48',
      total: '€2.98',
    });
    await h.waitText(tid('bill-balance'), '€110.08');
    expect(await h.textOf(tid('bill-total'))).toBe('€119.00');
    expect(await h.textOf(tid('bill-supplementary'))).toBe('€2.98');
    expect(await h.textOf(tid('bill-credited'))).toBe('€11.90');
    expect(await get(`/bills/${billId}`)).toMatchObject({
      totalMinor: 11900,
      supplementaryMinor: 298,
      creditedMinor: 1190,
      balanceMinor: 11008,
    });
    await h.dismissSnackBar();
    await page.setViewport({ width: 1280, height: 1300 });
    await page.screenshot({ path: join(SHOTS, 'bill-corrections.png') });
    await page.setViewport({ width: 1280, height: 800 });

    // €200.00 off: its credit note (€238.00) would exceed the €110.08 due. Said before, refused after.
    await h.click(tid('bill-adjust'));
    await h.click(`${tid('adjustment-type-discount')} input`);
    await h.type(tid('adjustment-amount'), '200');
    await h.type(tid('adjustment-reason'), 'Too much');
    await h.waitText(tid('adjustment-correction-note'), 'more than the balance due of €110.08');
    await h.click(tid('adjustment-confirm'));
    await h.waitText(tid('adjustment-error'), 'Not added: the credit note would be more than the balance due (€110.08).');
    await h.click(tid('adjustment-cancel'));
    await h.hidden(tid('adjustment-cancel'));
    expect((await get(`/bills/${billId}`)).corrections).toHaveLength(2);
  });

  it('3. Void says a credit note for the open amount cancels the bill, then lists it', async () => {
    await page.goto(url(`/bills/${billId}`), { waitUntil: 'load' });
    await h.visible(correctionRow('INV-000002'));
    await h.click(tid('bill-void'));
    await h.waitText(tid('confirm-dialog-message'), 'voiding it issues a credit note');
    expect(await h.textOf(tid('confirm-dialog-message'))).toContain(
      'INV-000001 is issued and can not change: voiding it issues a credit note (numbered CN-…) for the open amount of €110.08, which cancels it.',
    );
    await h.type(tid('confirm-dialog-reason'), 'Billed the wrong customer');
    await h.confirm();
    await h.waitText('.mat-mdc-snack-bar-container', 'INV-000001 is void: credit note CN-000002 cancels it');
    await page.waitForSelector(`${tid('bill-title')} ${tid('bill-status-chip')}[data-status="void"]`, { timeout: STEP });
    await h.visible(correctionRow('CN-000002'));
    // What was open: net €100.00 − €10.00 + €2.50 = €92.50, VAT €19.00 − €1.90 + €0.48 = €17.58.
    const cancelling = (await get(`/bills/${billId}`)).corrections[2];
    expect(await correctionCells('CN-000002')).toEqual({
      type: 'Credit note cancels the invoice',
      number: 'CN-000002',
      issued: formatDay(cancelling.issueDate),
      reason: 'Billed the wrong customer',
      net: '-€92.50',
      tax: '-€17.58',
      total: '-€110.08',
    });
    expect(await h.textOf(tid('bill-balance'))).toBe('€0.00');
    expect(await h.textOf(tid('bill-credited'))).toBe('€121.98');
    const voided = await get(`/bills/${billId}`);
    expect(voided).toMatchObject({ status: 'void', totalMinor: 11900, creditedMinor: 12198, supplementaryMinor: 298, balanceMinor: 0 });
    expect(voided.corrections[2]).toMatchObject({ type: 'credit_note', number: 'CN-000002', cause: 'void', totalMinor: 11008 });
    await h.waitText(
      tid('bill-audit-sentence'),
      'Administrator issued credit note CN-000002 of €110.08 (€92.50 + €17.58 tax), cancelling bill INV-000001.',
    );
    expect(await h.textOf(tid('bill-audit-table'))).toContain('Administrator voided bill INV-000001 (reason: Billed the wrong customer).');
    await h.dismissSnackBar();
  });

  it('4. the department’s "Send invoices automatically when issued" is saved and shown', async () => {
    expect((await get(`/departments/${departmentId}`)).autoSend).toBe(true); // new customers: on
    await page.goto(url('/departments'), { waitUntil: 'load' });
    const row = `${tid('department-row')}[data-department-id="${departmentId}"]`;
    await h.waitText(`${row} ${tid('department-auto-send-text')}`, 'Sent automatically when issued');
    await h.click(`${row} ${tid('department-edit')}`);
    await h.visible(tid('department-form'));
    expect(await page.$eval(`${tid('department-auto-send')} input`, (el) => (el as HTMLInputElement).checked)).toBe(true);
    await h.click(`${tid('department-auto-send')} input`);
    await h.waitText(tid('department-auto-send-hint'), 'Nothing is e-mailed on issue');
    await h.click(tid('department-save'));
    await h.hidden(tid('department-save'));
    await h.waitText(`${row} ${tid('department-auto-send-text')}`, 'Sent by hand');
    expect((await get(`/departments/${departmentId}`)).autoSend).toBe(false);
    await h.dismissSnackBar();

    // And on again.
    await h.click(`${row} ${tid('department-edit')}`);
    await h.visible(tid('department-form'));
    expect(await page.$eval(`${tid('department-auto-send')} input`, (el) => (el as HTMLInputElement).checked)).toBe(false);
    await h.click(`${tid('department-auto-send')} input`);
    await h.click(tid('department-save'));
    await h.hidden(tid('department-save'));
    await h.waitText(`${row} ${tid('department-auto-send-text')}`, 'Sent automatically when issued');
    expect((await get(`/departments/${departmentId}`)).autoSend).toBe(true);
  });
});
