/**
 * The admin console in a real (headless) Chromium against the whole API on a free port.
 * Walks the seed's story: log in → plan with one customer (UI) → sessions + billing run (API) →
 * Bills: 10% discount (a credit note: the issued invoice stays), payment, PDF download, e-mail (UI, three-dot
 * menu) → checks through the API.
 * Screenshots (1280x800) of the main pages go to docs/screenshots/.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { launchBrowser, newPage, pageHelpers, SHOTS, STEP, tid } from '../support/browser';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startTestApp, TestApp } from '../support/app';

const RECIPIENT = 'ap@initech.test';
const PLAN_NAME = 'Standard support';

jest.setTimeout(120_000);

type H = ReturnType<typeof pageHelpers>;

describe('admin console in the browser', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let token: string;
  let departmentId: string;
  let billId: string;
  const tmp = mkdtempSync(join(tmpdir(), 'rb-console-e2e-'));
  const downloads = join(tmp, 'downloads');
  const browserErrors: string[] = [];

  const url = (path: string) => `${t.baseUrl}${path}`;
  const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`) as `${string}.png` });
  let visible: H['visible'], hidden: H['hidden'], click: H['click'], type: H['type'], setValue: H['setValue'];
  let textOf: H['textOf'], waitText: H['waitText'], dismissSnackBar: H['dismissSnackBar'];
  /** Opens the three-dot menu of the (only) bill row and clicks one of its items. */
  const billMenu = async (item: string) => {
    await click(`${tid('bill-row')} ${tid('bill-menu')}`);
    await click(`.mat-mdc-menu-panel ${tid(item)}`);
  };

  beforeAll(async () => {
    mkdirSync(downloads, { recursive: true });
    t = await startTestApp({ OUTBOX_CRON: '* * * * * *', MAIL_DIR: join(tmp, 'mail') });
    token = await t.login();
    browser = await launchBrowser(join(tmp, 'profile'));
    page = await newPage(browser, browserErrors);
    ({ visible, hidden, click, type, setValue, textOf, waitText, dismissSnackBar } = pageHelpers(page));
    const cdp = await page.createCDPSession();
    await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads });
  });

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await t?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('shows the login page and refuses a wrong password', async () => {
    await page.goto(url('/'), { waitUntil: 'load' });
    await visible(tid('login-email')); // the guard sends a guest to /login
    expect(page.url()).toContain('/login');
    await shot('login');
    await type(tid('login-email'), ADMIN_EMAIL);
    await type(tid('login-password'), 'not-the-password');
    await click(tid('login-submit'));
    await visible(tid('login-error'));
    expect(await textOf(tid('login-error'))).toBe('Wrong e-mail or password.');
    expect(page.url()).toContain('/login');
  });

  it('logs in through the login page', async () => {
    await type(tid('login-password'), ADMIN_PASSWORD);
    await click(tid('login-submit'));
    await page.waitForFunction(() => location.pathname === '/dashboard', { timeout: STEP });
    await visible(tid('org-name'));
    expect(await textOf(tid('org-name'))).toBe('Test Org');
  });

  it('creates a billing plan with one customer associated now, listed under Billing Plans', async () => {
    const dep = await t.request('POST', '/departments', { token, body: { name: 'Initech' } });
    expect(dep.status).toBe(201);
    departmentId = dep.body.id;

    await page.goto(url('/plans/new'), { waitUntil: 'load' });
    await type(tid('plan-name'), PLAN_NAME);
    await click(`${tid('plan-billing-type-per_session')} input`);
    await type(tid('plan-session-rate'), '12.50');
    await click(`${tid('associate-now')} input`);
    // The department list is loaded with the form.
    await page.waitForSelector(`${tid('assoc-department-0')} option[value="${departmentId}"]`, { timeout: STEP });
    await page.select(tid('assoc-department-0'), departmentId);
    await page.select(tid('assoc-cycle-0'), 'monthly');
    await setValue(tid('assoc-start-date-0'), '2026-01-01');
    await setValue(tid('assoc-due-days-0'), '30');
    await type(tid('assoc-address-name-0'), 'Initech Billing');
    await type(tid('assoc-address-line1-0'), '4120 Freidrich Ln');
    await type(tid('assoc-address-city-0'), 'Austin');
    await type(tid('assoc-address-region-0'), 'TX');
    await type(tid('assoc-address-postal-code-0'), '78744');
    await type(tid('assoc-address-country-0'), 'US');
    await type(tid('assoc-recipients-0'), RECIPIENT);
    await page.keyboard.press('Enter');
    await visible(tid('assoc-recipients-0-chip'));
    expect(await textOf(tid('assoc-recipients-0-chip'))).toContain(RECIPIENT);

    await click(tid('plan-save'));
    await waitText(tid('plan-title'), PLAN_NAME); // the new plan's page, loaded
    await visible(tid('association-row'));

    await page.goto(url('/plans'), { waitUntil: 'load' });
    const row = `${tid('plan-row')}[data-plan-name="${PLAN_NAME}"]`;
    await visible(row);
    expect(await textOf(`${row} ${tid('plan-customers')}`)).toBe('1');
    await shot('plans-list');

    // What the form sent, as the API stored it.
    const plans = (await t.request('GET', '/plans', { token })).body.items as any[];
    const plan = plans.find((p) => p.name === PLAN_NAME);
    expect(plan).toMatchObject({ currency: 'USD', billingType: 'per_session', sessionRateMinor: 1250 });
    const assocs = (await t.request('GET', `/associations?departmentId=${departmentId}`, { token })).body.items as any[];
    expect(assocs).toHaveLength(1);
    expect(assocs[0]).toMatchObject({
      planId: plan.id,
      billingCycle: 'monthly',
      billStartDate: '2026-01-01',
      dueDays: 30,
      recipients: [RECIPIENT],
      billingAddress: expect.objectContaining({ name: 'Initech Billing', city: 'Austin', country: 'US' }),
    });
  });

  it('bills January after sessions arrive and a billing run (API)', async () => {
    const key = (await t.request('POST', '/api-keys', { token, body: { name: 'rmm', scopes: ['usage:write'] } })).body.key;
    const sessions = ['05', '12', '19', '26'].map((day, i) => ({
      externalId: `s${i}`,
      departmentId,
      type: 'attended',
      startedAt: `2026-01-${day}T10:00:00Z`,
      endedAt: `2026-01-${day}T10:45:00Z`,
    }));
    const batch = await t.request('POST', '/sessions/batch', { token: key, body: { sessions } });
    expect(batch.body.accepted).toBe(4);
    const run = await t.request('POST', '/billing-runs', { token, body: { asOf: '2026-02-01T00:00:00Z' } });
    expect(run.status).toBe(201);
    expect(run.body.billsCreated).toBe(1);
    const bills = (await t.request('GET', '/bills', { token })).body.items as any[];
    expect(bills).toHaveLength(1);
    expect(bills[0]).toMatchObject({ number: 'INV-000001', totalMinor: 5000, status: 'unpaid' });
    billId = bills[0].id;
  });

  it('shows the bill in Bills, takes a 10% discount and a payment from the three-dot menu', async () => {
    await page.goto(url('/bills'), { waitUntil: 'load' });
    const row = `${tid('bill-row')}[data-bill-id="${billId}"]`;
    await visible(row);
    expect(await textOf(`${row} ${tid('bill-number')}`)).toBe('INV-000001');
    // Unpaid, or overdue when the machine's clock is past the due date (2026-03-02).
    expect(['unpaid', 'overdue']).toContain(await page.$eval(`${row} ${tid('bill-status-chip')}`, (el) => el.getAttribute('data-status')));
    expect(await textOf(`${row} ${tid('bill-total')}`)).toContain('50.00');
    await shot('bills-list');

    // Add Charges → 10% discount.
    await billMenu('bill-menu-adjust');
    await click(`${tid('adjustment-type-discount')} input`);
    await click(`${tid('adjustment-mode-percent')} input`);
    await type(tid('adjustment-percent'), '10');
    await waitText(tid('adjustment-preview'), '5.00');
    await type(tid('adjustment-reason'), 'Loyalty discount');
    // INV-000001 is issued: it stays as it is, and the discount issues a credit note (untaxed: $5.00).
    await waitText(
      tid('adjustment-correction-note'),
      'This discount issues a credit note (numbered CN-…) for $5.00, and lowers the balance to $45.00.',
    );
    await click(tid('adjustment-confirm'));
    await hidden(tid('adjustment-confirm'));
    await waitText(`${row} ${tid('bill-balance')}`, '45.00'); // the list reloaded
    expect(await textOf(`${row} ${tid('bill-total')}`)).toContain('50.00');

    // Confirm Payment: the amount is prefilled with the balance.
    await billMenu('bill-menu-pay');
    await visible(tid('payment-amount'));
    expect(await page.$eval(tid('payment-amount'), (el) => (el as HTMLInputElement).value)).toBe('45.00');
    await type(tid('payment-reference'), 'WIRE-42');
    await click(tid('payment-confirm'));
    await hidden(tid('payment-confirm'));
    await page.waitForSelector(`${row} ${tid('bill-status-chip')}[data-status="paid"]`, { timeout: STEP });

    const bill = (await t.request('GET', `/bills/${billId}`, { token })).body;
    expect(bill).toMatchObject({
      status: 'paid',
      subtotalMinor: 5000,
      adjustmentsMinor: 0,
      totalMinor: 5000,
      creditedMinor: 500,
      paidMinor: 4500,
      balanceMinor: 0,
    });
    expect(bill.adjustments).toEqual([]);
    expect(bill.corrections).toEqual([
      expect.objectContaining({ type: 'credit_note', number: 'CN-000001', percent: 10, netMinor: 500, totalMinor: 500 }),
    ]);
    expect(bill.payments).toEqual([expect.objectContaining({ amountMinor: 4500, reference: 'WIRE-42' })]);
  });

  it('downloads the PDF from the menu', async () => {
    const row = `${tid('bill-row')}[data-bill-id="${billId}"]`;
    await visible(row);
    const response = page.waitForResponse((r) => r.url().endsWith(`/api/v1/bills/${billId}/pdf`), { timeout: STEP });
    await billMenu('bill-menu-download');
    const res = await response;
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toBe('application/pdf');
    // The browser saved it under the bill's number.
    const file = join(downloads, 'INV-000001.pdf');
    const deadline = Date.now() + STEP;
    while (!existsSync(file) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(readdirSync(downloads)).toContain('INV-000001.pdf');
    expect(readFileSync(file).subarray(0, 4).toString()).toBe('%PDF');
  });

  it('e-mails the invoice from the menu to the prefilled recipient', async () => {
    await billMenu('bill-menu-email');
    await visible(tid('email-to-chip'));
    expect(await textOf(tid('email-to-chip'))).toContain(RECIPIENT);
    await type(tid('email-message'), 'Thank you for your business.');
    await click(tid('email-send'));
    await hidden(tid('email-send'));

    const emails = (await t.request('GET', `/bills/${billId}/emails`, { token })).body.items as any[];
    expect(emails).toHaveLength(1);
    expect(emails[0]).toMatchObject({ to: [RECIPIENT] });
    expect(['queued', 'sending', 'sent']).toContain(emails[0].status);
  });

  it('shows the paid bill on its page and the totals on the dashboard', async () => {
    await click(`${tid('bill-row')}[data-bill-id="${billId}"] ${tid('bill-number')}`);
    await visible(tid('bill-title'));
    await page.waitForSelector(`${tid('bill-title')} ${tid('bill-status-chip')}[data-status="paid"]`, { timeout: STEP });
    expect(await textOf(tid('bill-customer'))).toBe('Initech');
    expect(await textOf(tid('bill-subtotal'))).toContain('50.00');
    expect(await textOf(tid('bill-total'))).toContain('50.00'); // the invoice as issued
    expect(await textOf(tid('bill-credited'))).toContain('5.00');
    expect(await textOf(tid('bill-balance'))).toContain('0.00');
    await visible(`${tid('bill-correction-row')}[data-correction-number="CN-000001"]`);
    await visible(tid('bill-payment-row'));
    await visible(tid('bill-email-row'));
    await dismissSnackBar();
    await shot('bill-detail');

    await page.goto(url('/dashboard'), { waitUntil: 'load' });
    await visible(tid('dashboard-totals-USD'));
    await shot('dashboard');
    expect(browserErrors).toEqual([]);
  });

  // Angular's production build used to load styles.css as <link media="print" onload="this.media='all'">;
  // the API's CSP blocks that inline handler, so angular.json turns inlineCritical off.
  // Regression: the production build once inlined critical CSS with an onload handler that the CSP blocks.
  it('applies the global stylesheet (status chip styled)', async () => {
    const media = await page.$$eval('link[rel="stylesheet"]', (links) => links.map((l) => (l as HTMLLinkElement).media));
    expect(media).not.toContain('print');
    await page.goto(url('/bills'), { waitUntil: 'load' });
    await visible(tid('bill-status-chip'));
    const radius = await page.$eval(tid('bill-status-chip'), (el) => getComputedStyle(el).borderRadius);
    expect(radius).toBe('12px');
  });
});
