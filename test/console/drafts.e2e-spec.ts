/**
 * Drafts to review in the console (issue #15, points 1 and 5), in a real (headless) Chromium against the whole API:
 *  1. Settings › Organization: the review window (a value out of 0..90 is refused under the field, 45 is saved);
 *     a customer's own window in the department dialog (0: issued at once; empty: the organization's);
 *  2. a billing run (through the API) leaves six drafts and issues the customer with its own 0 days; the dashboard
 *     counts them and links to the drafts, the bills list names them "Draft";
 *  3. a draft's page: its review ("Draft — issued automatically on …"), Add Charges and Download Bill work, Confirm
 *     Payment, Email Invoice and Void are disabled with the reason; Approve issues it (numbered, in the audit trail);
 *  4. Refresh takes a late session into a draft; Discard (with a reason) deletes one and releases its sessions;
 *  5. bulk approve: two drafts approved, a third, issued meanwhile by someone else, is named with its reason.
 * Each result is read back through the API. Every wait is explicit (≤ 15 s).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { openConsole, pageHelpers, SHOTS, STEP, tid } from '../support/browser';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startTestApp, TestApp } from '../support/app';

jest.setTimeout(180_000);

const CUSTOMERS = ['Initech', 'Globex', 'Hooli', 'Acme', 'Umbrella', 'Stark', 'Wayne'] as const;
type Customer = (typeof CUSTOMERS)[number];

/** Last month (UTC): its period is closed by a run now; a 45-day window keeps its drafts under review for weeks. */
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

describe('console: drafts to review', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let h: ReturnType<typeof pageHelpers>;
  let token: string;
  const dept = {} as Record<Customer, string>;
  const bill = {} as Record<Customer, string>;
  const tmp = mkdtempSync(join(tmpdir(), 'rb-console-drafts-e2e-'));
  let browserErrors: string[] = [];

  const url = (path: string) => `${t.baseUrl}${path}`;
  const get = async (path: string) => (await t.request('GET', path, { token })).body;
  const draftRow = (c: Customer) => `${tid('draft-row')}[data-department-name="${c}"]`;
  const errorUnder = (id: string) =>
    page.$eval(tid(id), (el) => (el.closest('mat-form-field')?.querySelector('mat-error')?.textContent ?? '').trim());
  const waitValue = (id: string, value: string) =>
    page.waitForFunction((s, v) => (document.querySelector(s) as HTMLInputElement | null)?.value === v, { timeout: STEP }, tid(id), value);

  beforeAll(async () => {
    t = await startTestApp();
    token = await t.login();
    for (const name of CUSTOMERS) dept[name] = (await t.request('POST', '/departments', { token, body: { name } })).body.id;
    const plan = await t.request('POST', '/plans', {
      token,
      body: {
        name: 'Support',
        currency: 'EUR',
        billingType: 'per_session',
        sessionRateMinor: 1000,
        associations: CUSTOMERS.map((name) => ({
          departmentId: dept[name],
          billingCycle: 'monthly',
          billStartDate: lastMonthStart,
          dueDays: 14,
          timeZone: 'UTC',
          billingAddress: { name: `${name} Ltd`, line1: 'Main Street 1', city: 'Berlin', postalCode: '10115', country: 'DE' },
          recipients: [`ap@${name.toLowerCase()}.test`],
        })),
      },
    });
    expect(plan.status).toBe(201);
    // Two sessions each: 2 × 10.00 = 20.00 per bill.
    const sessions = CUSTOMERS.flatMap((name, i) => [session(`${name}-1`, dept[name], 3 + i), session(`${name}-2`, dept[name], 10 + i)]);
    expect((await t.request('POST', '/sessions/batch', { token, body: { sessions } })).body.accepted).toBe(14);
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

  it('1. sets the review window (0..90 days) in Settings › Organization, and a customer’s own in its dialog', async () => {
    await page.goto(url('/settings/organization'), { waitUntil: 'load' });
    await waitValue('organization-review-days', '0');
    expect(await h.textOf(tid('organization-review-days-hint'))).toContain('issued as soon as its period closes');
    await h.type(tid('organization-review-days'), '91');
    await h.click(tid('organization-save'));
    await h.waitText(tid('organization-review-days-error'), 'Must be at most 90');
    expect(await errorUnder('organization-review-days')).toBe('Must be at most 90');
    expect((await get('/organization')).reviewDays).toBe(0);

    await h.type(tid('organization-review-days'), '45');
    await h.waitText(tid('organization-review-days-hint'), 'stays a draft for 45 days');
    await h.click(tid('organization-save'));
    await h.waitText('.mat-mdc-snack-bar-container', 'Organization saved');
    expect((await get('/organization')).reviewDays).toBe(45);
    await h.dismissSnackBar();

    // Wayne's bills are issued at once (its own 0 days); the others keep the organization's (null).
    await page.goto(url('/departments'), { waitUntil: 'load' });
    const wayne = `${tid('department-row')}[data-department-id="${dept.Wayne}"]`;
    await h.waitText(`${wayne} ${tid('department-review-days-text')}`, "Review: the organization's (45 days)");
    await h.click(`${wayne} ${tid('department-edit')}`);
    await h.visible(tid('department-review-days'));
    expect(await h.textOf(tid('department-review-days-hint'))).toContain("Empty: the organization's window (45 days)");
    await h.type(tid('department-review-days'), '0');
    await h.waitText(tid('department-review-days-hint'), 'issued as soon as their period closes');
    await h.click(tid('department-save'));
    await h.hidden(tid('department-save'));
    await h.waitText(`${wayne} ${tid('department-review-days-text')}`, 'Review: none (issued when made)');
    expect((await get(`/departments/${dept.Wayne}`)).reviewDays).toBe(0);
    expect((await get(`/departments/${dept.Initech}`)).reviewDays).toBeNull();
    await h.dismissSnackBar();
  });

  it('2. a billing run leaves six drafts: the dashboard counts them and links to them; the bills list names them "Draft"', async () => {
    const run = await t.request('POST', '/billing-runs', { token, body: {} });
    expect(run.status).toBe(201);
    expect(run.body).toMatchObject({ billsCreated: 7, draftsIssued: 0 });
    for (const name of CUSTOMERS) bill[name] = (await get(`/bills?departmentId=${dept[name]}`)).items[0].id;
    expect(await get(`/bills/${bill.Wayne}`)).toMatchObject({ status: 'unpaid', number: 'INV-000001', reviewUntil: null });
    expect(await get(`/bills/${bill.Initech}`)).toMatchObject({ status: 'draft', number: null, totalMinor: 2000 });

    await page.goto(url('/dashboard'), { waitUntil: 'load' });
    await h.waitText(tid('dashboard-drafts-count'), '6');
    await h.click(tid('dashboard-drafts-link'));
    await h.waitPath('/bills/drafts');
    await h.waitCount(tid('draft-row'), 6);
    expect(await h.textOf(`${draftRow('Globex')} ${tid('draft-total')}`)).toContain('20.00');
    // Scheduled: the period's last day + 45 days; issued automatically from the end of that day (UTC).
    const globex = await get(`/bills/${bill.Globex}`);
    expect(globex.reviewUntil).toBe(new Date(Date.parse(`${globex.issueDate}T00:00:00Z`) + 86_400_000).toISOString());
    expect(await h.textOf(`${draftRow('Globex')} ${tid('draft-issue-date')}`)).not.toBe('');
    await page.screenshot({ path: join(SHOTS, 'drafts-to-review.png'), fullPage: true });

    await page.goto(url('/bills'), { waitUntil: 'load' });
    const initech = `${tid('bill-row')}[data-bill-id="${bill.Initech}"]`;
    await h.visible(initech);
    expect(await h.textOf(`${initech} ${tid('bill-number')}`)).toBe('Draft');
    expect(await page.$eval(`${initech} ${tid('bill-status-chip')}`, (el) => el.getAttribute('data-status'))).toBe('draft');
    expect(await h.textOf(`${tid('bill-row')}[data-bill-id="${bill.Wayne}"] ${tid('bill-number')}`)).toBe('INV-000001');
    await page.select(tid('bills-filter-status'), 'draft');
    await h.waitCount(tid('bill-row'), 6);
  });

  it('3. a draft’s page: its review, Add Charges and Download Bill; no payment, e-mail or void; Approve issues it', async () => {
    await page.goto(url(`/bills/${bill.Initech}`), { waitUntil: 'load' });
    await h.waitText(tid('bill-review-headline'), 'Draft — issued automatically on ');
    expect(await h.textOf(`${tid('bill-title')} .bill-number`)).toBe('Draft');
    for (const id of ['bill-pay-disabled', 'bill-email-disabled', 'bill-void-disabled']) {
      expect([id, await page.$eval(tid(id), (el) => (el as HTMLButtonElement).disabled)]).toEqual([id, true]);
    }
    expect(await h.textOf(tid('bill-draft-refused'))).toContain('approve the draft first');
    for (const id of ['bill-pay', 'bill-email', 'bill-void']) expect(await page.$(tid(id))).toBeNull();

    // The PDF of a draft downloads (it carries a DRAFT watermark).
    const pdf = page.waitForResponse((r) => r.url().endsWith(`/api/v1/bills/${bill.Initech}/pdf`), { timeout: STEP });
    await h.click(tid('bill-download'));
    expect([(await pdf).status(), (await pdf).headers()['content-type']]).toEqual([200, 'application/pdf']);

    // Add Charges works on a draft as on an issued bill: 20.00 + 5.00.
    await h.click(tid('bill-adjust'));
    await h.type(tid('adjustment-amount'), '5.00');
    await h.type(tid('adjustment-reason'), 'Setup');
    await h.click(tid('adjustment-confirm'));
    await h.hidden(tid('adjustment-confirm'));
    await h.waitText(tid('bill-total'), '25.00');
    expect(await get(`/bills/${bill.Initech}`)).toMatchObject({ status: 'draft', totalMinor: 2500 });
    await h.dismissSnackBar();

    await h.click(tid('bill-approve'));
    await h.confirm();
    await h.waitText(`${tid('bill-title')} .bill-number`, 'Bill INV-000002');
    const issued = await get(`/bills/${bill.Initech}`);
    expect(issued).toMatchObject({ status: 'unpaid', number: 'INV-000002', reviewUntil: null, totalMinor: 2500 });
    expect(issued.issueDate).toBe(new Date().toISOString().slice(0, 10)); // approved: dated today (UTC)
    expect(await page.$(tid('bill-review-status'))).toBeNull();
    await h.visible(tid('bill-pay'));
    await h.visible(tid('bill-email'));
    await h.waitText(tid('bill-audit-sentence'), 'approved the draft: issued as INV-000002');
    expect(await h.textOf(tid('bill-audit-table'))).toContain('added a charge of');
    await h.dismissSnackBar();
  });

  it('4. Refresh takes a late session into a draft; Discard with a reason deletes one and releases its sessions', async () => {
    expect((await t.request('POST', '/sessions', { token, body: session('Globex-late', dept.Globex, 20) })).status).toBe(201);
    await page.goto(url('/bills/drafts'), { waitUntil: 'load' });
    await h.waitCount(tid('draft-row'), 5);
    await h.click(`${draftRow('Globex')} ${tid('draft-refresh')}`);
    await h.waitText(`${draftRow('Globex')} ${tid('draft-total')}`, '30.00');
    await h.waitText('.mat-mdc-snack-bar-container', 'Draft refreshed: total');
    const refreshed = await get(`/bills/${bill.Globex}`);
    expect(refreshed).toMatchObject({ status: 'draft', number: null, subtotalMinor: 3000 });
    expect(refreshed.lines).toEqual([expect.objectContaining({ kind: 'sessions', quantity: 3 })]);
    await h.dismissSnackBar();

    await h.click(`${draftRow('Hooli')} ${tid('draft-discard')}`);
    await h.click(tid('confirm-dialog-confirm')); // no reason yet: asked for
    await h.waitText('mat-dialog-container mat-error', 'Required');
    await h.type(tid('confirm-dialog-reason'), 'Billed by hand this month');
    await h.confirm();
    await h.waitCount(tid('draft-row'), 4);
    await h.waitText('.mat-mdc-snack-bar-container', '2 sessions go to the customer');
    expect((await t.request('GET', `/bills/${bill.Hooli}`, { token })).status).toBe(404);
    const audit = (await get(`/audit-events?entityType=bill&entityId=${bill.Hooli}`)).items as any[];
    expect(audit).toEqual([
      expect.objectContaining({ action: 'bill.discarded', after: { reason: 'Billed by hand this month', sessionsReleased: 2 } }),
    ]);
    await h.dismissSnackBar();
  });

  it('5. bulk approve: two issued, a third issued meanwhile is named with its reason', async () => {
    await page.goto(url('/bills/drafts'), { waitUntil: 'load' });
    await h.waitCount(tid('draft-row'), 4);
    for (const c of ['Acme', 'Umbrella', 'Stark'] as const) await h.click(`${draftRow(c)} ${tid('draft-select')} input`);
    await h.waitText(tid('drafts-approve-selected'), 'Approve selected (3)');
    // Someone else approves Stark while the page still lists it.
    expect((await t.request('POST', `/bills/${bill.Stark}/approve`, { token })).body.number).toBe('INV-000003');

    await h.click(tid('drafts-approve-selected'));
    await h.confirm();
    await h.visible(tid('drafts-bulk-result'));
    const summary = await h.textOf(tid('drafts-bulk-summary'));
    expect(summary).toMatch(/^2 drafts approved and issued: INV-00000[45], INV-00000[45]\. 1 could not be approved:$/);
    expect(await page.$$eval(tid('drafts-bulk-failure'), (els) => els.map((el) => (el.textContent ?? '').trim()))).toEqual([
      expect.stringMatching(/^Stark, .+: It is no longer a draft: it was issued meanwhile\.$/),
    ]);
    const [acme, umbrella] = [await get(`/bills/${bill.Acme}`), await get(`/bills/${bill.Umbrella}`)];
    expect([acme.status, umbrella.status]).toEqual(['unpaid', 'unpaid']);
    expect([acme.number, umbrella.number].sort()).toEqual(['INV-000004', 'INV-000005']);
    // Left to review: Globex alone.
    await h.waitCount(tid('draft-row'), 1);
    await h.visible(draftRow('Globex'));
    expect((await get('/bills?status=draft')).items.map((b: any) => b.id)).toEqual([bill.Globex]);
    expect((await get('/dashboard')).draftsToReview).toBe(1);
    await h.dismissSnackBar();
  });
});
