/**
 * The pages of the admin console that console.e2e-spec.ts does not walk, in a real (headless) Chromium
 * against the whole API on a free port:
 * keyboard log-in → Departments (create, rename) → Billing Plans (associate later, edit a rate,
 * delete refused with 409 then allowed after ending the association) → Sessions (department filter,
 * CSV import with a refused line) → Devices (enroll, mark removed) → Dashboard "Run billing now" →
 * Settings (viewer user, API key shown once then revoked) → the viewer sees no write action.
 * Every wait is explicit (≤ 15 s); screenshots (1280x800) go to docs/screenshots/.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, ElementHandle, Page } from 'puppeteer-core';
import { launchBrowser, newPage, pageHelpers, SHOTS, STEP, tid } from '../support/browser';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startTestApp, TestApp } from '../support/app';

const DEPT_NEW = 'Acme';
const DEPT_RENAMED = 'Acme Corporation';
const DEPT_OTHER = 'Globex';
const PLAN_LATER = 'Associate later';
const PLAN_KEPT = 'Kept plan';
const VIEWER_EMAIL = 'viewer@example.com';
const VIEWER_PASSWORD = 'viewer-pass-123';
const KEY_NAME = 'Support platform';

jest.setTimeout(120_000);

describe('admin console pages in the browser', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let h: ReturnType<typeof pageHelpers>;
  let token: string;
  let acmeId: string;
  let globexId: string;
  let keptPlanId: string;
  let viewerContext: BrowserContext | undefined;
  const tmp = mkdtempSync(join(tmpdir(), 'rb-console-pages-e2e-'));
  const browserErrors: string[] = [];

  const url = (path: string) => `${t.baseUrl}${path}`;
  const shot = (p: Page, name: string) => p.screenshot({ path: join(SHOTS, `${name}.png`) as `${string}.png` });

  beforeAll(async () => {
    t = await startTestApp({ MAIL_DIR: join(tmp, 'mail') });
    token = await t.login();
    browser = await launchBrowser(join(tmp, 'profile'));
    page = await newPage(browser, browserErrors);
    h = pageHelpers(page);
  });

  afterAll(async () => {
    await viewerContext?.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await t?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('logs in with the keyboard only: Tab to the fields, Enter submits', async () => {
    await page.goto(url('/login'), { waitUntil: 'load' });
    await h.visible(tid('login-email'));
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null);
    // Tab from the top of the document until the e-mail field has the focus (no mouse, no element.focus()).
    for (let i = 0; i < 5 && (await focused()) !== 'login-email'; i++) await page.keyboard.press('Tab');
    expect(await focused()).toBe('login-email');
    await page.keyboard.type(ADMIN_EMAIL);
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('login-password');
    await page.keyboard.type(ADMIN_PASSWORD);
    await page.keyboard.press('Enter');
    await h.waitPath('/dashboard');
    await h.visible(tid('org-name'));
    expect(await h.textOf(tid('org-name'))).toBe('Test Org');
  });

  it('Departments: creates a department through the dialog and renames it', async () => {
    await page.goto(url('/departments'), { waitUntil: 'load' });
    await h.visible(tid('departments-empty'));
    await h.click(tid('department-new'));
    await h.type(tid('department-name'), DEPT_NEW);
    await h.type(tid('department-external-id'), 'acme-ext');
    await h.click(tid('department-save'));
    await h.hidden(tid('department-save'));
    const created = `${tid('department-row')}[data-department-name="${DEPT_NEW}"]`;
    await h.visible(created);
    acmeId = (await page.$eval(created, (el) => el.getAttribute('data-department-id')))!;
    expect(acmeId).toBeTruthy();

    await h.click(`${created} ${tid('department-edit')}`);
    await page.waitForFunction(
      (s, v) => (document.querySelector(s) as HTMLInputElement | null)?.value === v,
      { timeout: STEP },
      tid('department-name'),
      DEPT_NEW,
    ); // prefilled with the current name
    await h.type(tid('department-name'), DEPT_RENAMED);
    await h.click(tid('department-save'));
    await h.hidden(tid('department-save'));
    const renamed = `${tid('department-row')}[data-department-id="${acmeId}"][data-department-name="${DEPT_RENAMED}"]`;
    await h.visible(renamed);
    expect(await h.textOf(renamed)).toContain('acme-ext');
    await h.dismissSnackBar();
    await shot(page, 'departments');

    const stored = (await t.request('GET', `/departments/${acmeId}`, { token })).body;
    expect(stored).toMatchObject({ name: DEPT_RENAMED, externalId: 'acme-ext' });
  });

  it('Billing Plans: associates customers later on an existing plan through the dialog', async () => {
    const other = await t.request('POST', '/departments', { token, body: { name: DEPT_OTHER } });
    expect(other.status).toBe(201);
    globexId = other.body.id;
    // A plan kept to the end (it bills Globex), and one without customers that the UI associates, edits and deletes.
    const kept = await t.request('POST', '/plans', {
      token,
      body: {
        name: PLAN_KEPT,
        currency: 'USD',
        billingType: 'per_session',
        sessionRateMinor: 1000,
        associations: [
          {
            departmentId: globexId,
            billingCycle: 'monthly',
            billStartDate: '2026-01-01',
            dueDays: 30,
            billingAddress: { name: 'Globex', line1: '1 Cypress Creek', city: 'Springfield', country: 'US' },
            recipients: ['ap@globex.test'],
          },
        ],
      },
    });
    expect(kept.status).toBe(201);
    keptPlanId = kept.body.id;
    const later = await t.request('POST', '/plans', {
      token,
      body: { name: PLAN_LATER, currency: 'USD', billingType: 'per_session', sessionRateMinor: 1250 },
    });
    expect(later.status).toBe(201);

    await page.goto(url('/plans'), { waitUntil: 'load' });
    const row = `${tid('plan-row')}[data-plan-name="${PLAN_LATER}"]`;
    await h.visible(row);
    expect(await h.textOf(`${row} ${tid('plan-customers')}`)).toBe('0');
    await h.click(`${row} ${tid('plan-menu')}`);
    await h.click(`.mat-mdc-menu-panel ${tid('plan-menu-associate')}`);
    await page.waitForSelector(`mat-dialog-container ${tid('assoc-department-0')} option[value="${acmeId}"]`, { timeout: STEP });
    await page.select(tid('assoc-department-0'), acmeId);
    await page.select(tid('assoc-cycle-0'), 'monthly');
    await h.setValue(tid('assoc-start-date-0'), '2026-01-01');
    await h.setValue(tid('assoc-due-days-0'), '15');
    await h.type(tid('assoc-address-name-0'), 'Acme Billing');
    await h.type(tid('assoc-address-line1-0'), '1 Road Runner Way');
    await h.type(tid('assoc-address-city-0'), 'Phoenix');
    await h.type(tid('assoc-address-country-0'), 'us');
    await h.type(tid('assoc-recipients-0'), 'billing@acme.test');
    await page.keyboard.press('Enter');
    await h.visible(tid('assoc-recipients-0-chip'));
    await h.click(tid('associate-dialog-save'));
    await h.hidden('mat-dialog-container');
    await page.waitForFunction(
      (s) => document.querySelector(s)?.textContent?.trim() === '1',
      { timeout: STEP },
      `${row} ${tid('plan-customers')}`,
    );

    const assocs = (await t.request('GET', `/associations?departmentId=${acmeId}`, { token })).body.items as any[];
    expect(assocs).toHaveLength(1);
    expect(assocs[0]).toMatchObject({
      planId: later.body.id,
      billingCycle: 'monthly',
      billStartDate: '2026-01-01',
      dueDays: 15,
      recipients: ['billing@acme.test'],
      billingAddress: expect.objectContaining({ name: 'Acme Billing', city: 'Phoenix', country: 'US' }),
    });
  });

  it("Billing Plans: edits a plan's rate and shows it in the list", async () => {
    const row = `${tid('plan-row')}[data-plan-name="${PLAN_LATER}"]`;
    await h.dismissSnackBar();
    await h.click(`${row} ${tid('plan-menu')}`);
    await h.click(`.mat-mdc-menu-panel ${tid('plan-menu-edit')}`);
    // The form is filled from the stored plan before it is edited.
    await page.waitForFunction(
      (s) => (document.querySelector(s) as HTMLInputElement | null)?.value === '12.50',
      { timeout: STEP },
      tid('plan-session-rate'),
    );
    await h.type(tid('plan-session-rate'), '20.00');
    await h.click(tid('plan-save'));
    // Acme is on the plan: the new rate is confirmed first (plans-ux.e2e-spec.ts tests that dialog).
    await h.waitText(tid('rate-change-item'), '$12.50 → $20.00');
    await h.click(tid('rate-change-confirm'));
    await h.waitText(tid('plan-title'), PLAN_LATER); // back on the plan's page
    await h.waitText(tid('plan-details'), '20.00');

    await page.goto(url('/plans'), { waitUntil: 'load' });
    await h.visible(row);
    expect(await h.textOf(row)).toContain('Session: $20.00');
    await shot(page, 'plans-edited');
    const plan = (await t.request('GET', '/plans', { token })).body.items.find((p: any) => p.name === PLAN_LATER);
    expect(plan).toMatchObject({ sessionRateMinor: 2000, billingType: 'per_session', currency: 'USD' });
  });

  it('Billing Plans: delete is explained (409) while customers remain, and succeeds after ending the association', async () => {
    const row = `${tid('plan-row')}[data-plan-name="${PLAN_LATER}"]`;
    const planId = (await page.$eval(row, (el) => el.getAttribute('data-plan-id')))!;
    const refused = page.waitForResponse((r) => r.url().endsWith(`/api/v1/plans/${planId}`) && r.request().method() === 'DELETE', {
      timeout: STEP,
    });
    await h.click(`${row} ${tid('plan-menu')}`);
    await h.click(`.mat-mdc-menu-panel ${tid('plan-menu-delete')}`);
    await h.confirm();
    expect((await refused).status()).toBe(409);
    await h.waitText(
      '.mat-mdc-snack-bar-container',
      `"${PLAN_LATER}" still has customers. End their associations on the plan's page first`,
    );
    await h.visible(row); // still listed

    // The snack bar's action leads to the plan's page.
    await h.click('.mat-mdc-snack-bar-container button');
    await h.waitPath(`/plans/${planId}`);
    await h.visible(tid('association-row'));
    expect(await h.textOf(tid('association-status'))).toBe('active');
    await h.click(tid('association-end'));
    await h.click(tid('end-confirm')); // "End now", the dialog's default
    await h.hidden(tid('end-dialog'));
    await h.waitText(tid('association-status'), 'Ended');
    expect(await page.$(tid('association-end'))).toBeNull();
    await h.dismissSnackBar();

    const deleted = page.waitForResponse((r) => r.url().endsWith(`/api/v1/plans/${planId}`) && r.request().method() === 'DELETE', {
      timeout: STEP,
    });
    await h.click(tid('plan-delete'));
    await h.confirm();
    expect((await deleted).status()).toBeLessThan(300);
    await h.waitPath('/plans');
    await h.visible(`${tid('plan-row')}[data-plan-name="${PLAN_KEPT}"]`);
    await h.hidden(row);
    expect((await t.request('GET', `/plans/${planId}`, { token })).status).toBe(404);
  });

  it('Sessions: lists sessions pushed through the API and filters them by department', async () => {
    const at = (day: string, h0: number, min: number) => ({
      startedAt: `2026-01-${day}T${h0}:00:00Z`,
      endedAt: `2026-01-${day}T${h0}:${min}:00Z`,
    });
    const sessions = [
      { externalId: 'g1', departmentId: globexId, type: 'attended', technician: 'Ann', ...at('05', 10, 30) },
      { externalId: 'g2', departmentId: globexId, type: 'attended', technician: 'Ann', ...at('12', 11, 45) },
      { externalId: 'g3', departmentId: globexId, type: 'unattended', ...at('19', 12, 15) },
      { externalId: 'a1', departmentId: acmeId, type: 'attended', technician: 'Bo', ...at('06', 10, 20) },
      { externalId: 'a2', departmentId: acmeId, type: 'attended', technician: 'Bo', ...at('07', 10, 25) },
    ];
    const batch = await t.request('POST', '/sessions/batch', { token, body: { sessions } });
    expect(batch.body.accepted).toBe(5);

    await page.goto(url('/sessions'), { waitUntil: 'load' });
    await h.waitCount(tid('session-row'), 5);
    await page.waitForSelector(`${tid('sessions-filter-department')} option[value="${globexId}"]`, { timeout: STEP });
    await page.select(tid('sessions-filter-department'), globexId);
    await h.waitCount(tid('session-row'), 3);
    const rows = await page.$$eval(tid('session-row'), (els) => els.map((el) => el.textContent ?? ''));
    for (const text of rows) {
      expect(text).toContain(DEPT_OTHER);
      expect(text).not.toContain(DEPT_RENAMED);
    }
    expect(rows.join(' ')).toEqual(expect.stringContaining('g1'));
    await page.select(tid('sessions-filter-department'), acmeId);
    await h.waitCount(tid('session-row'), 2);
    expect(await page.$$eval(tid('session-row'), (els) => els.every((el) => (el.textContent ?? '').includes('Acme Corporation')))).toBe(
      true,
    );
  });

  it('Sessions: imports a CSV through the file input (2 accepted, the bad line refused with its number)', async () => {
    await page.select(tid('sessions-filter-department'), globexId);
    await h.waitCount(tid('session-row'), 3);
    const csv = join(tmp, 'sessions.csv');
    writeFileSync(
      csv,
      [
        'externalId,departmentId,departmentExternalId,technician,type,startedAt,endedAt',
        `csv-1,${globexId},,Cleo,attended,2026-02-03T09:00:00Z,2026-02-03T09:30:00Z`,
        `csv-2,,acme-ext,Cleo,unattended,2026-02-04T09:00:00Z,2026-02-04T10:00:00Z`,
        `csv-3,${globexId},,Cleo,sometimes,2026-02-05T09:00:00Z,2026-02-05T09:30:00Z`,
        '',
      ].join('\n'),
    );
    const input = (await page.waitForSelector(tid('sessions-import-file'), { timeout: STEP })) as ElementHandle<HTMLInputElement>;
    await input.uploadFile(csv);
    await h.visible(tid('sessions-import-result'));
    expect(await h.textOf(tid('import-accepted'))).toBe('2');
    expect(await h.textOf(tid('import-duplicates'))).toBe('0');
    expect(await h.textOf(tid('import-refused'))).toBe('1');
    const refused = await page.$$eval(`${tid('refused-row')} td`, (tds) => tds.map((td) => (td.textContent ?? '').trim()));
    expect(refused[0]).toBe('4'); // header is line 1
    expect(refused[1]).toBe('type');
    expect(refused[2]).toContain('attended or unattended');
    await h.waitCount(tid('session-row'), 4); // the Globex list reloaded with csv-1
    await h.dismissSnackBar();
    await shot(page, 'sessions-import');

    const stored = (await t.request('GET', `/sessions?departmentId=${acmeId}&limit=50`, { token })).body.items as any[];
    expect(stored.map((s) => s.externalId).sort()).toEqual(['a1', 'a2', 'csv-2']);
  });

  it('Devices: enrolls a device through the dialog and marks it removed', async () => {
    await page.goto(url('/devices'), { waitUntil: 'load' });
    await h.visible(tid('devices-empty'));
    await h.click(`${tid('device-new')}:not([disabled])`);
    await h.type(tid('device-name'), 'Kiosk 7');
    await h.type(tid('device-external-id'), 'dev-007');
    await page.waitForSelector(`${tid('device-department')} option[value="${globexId}"]`, { timeout: STEP });
    await page.select(tid('device-department'), globexId);
    expect(await page.$eval(tid('device-enrolled-at'), (el) => (el as HTMLInputElement).value)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d/);
    await h.click(tid('device-save'));
    await h.hidden(tid('device-save'));
    await h.waitCount(tid('device-row'), 1);
    const row = tid('device-row');
    expect(await h.textOf(row)).toContain('dev-007');
    expect(await h.textOf(row)).toContain(DEPT_OTHER);
    expect(await h.textOf(`${row} ${tid('device-status')}`)).toBe('active');

    await h.dismissSnackBar();
    await h.click(`${row} ${tid('device-remove')}`);
    await h.click(tid('device-date-save')); // removed now, the time the dialog proposes
    await h.hidden(tid('device-date-save'));
    await h.waitText(`${row} ${tid('device-status')}`, 'removed');
    expect(await page.$(`${row} ${tid('device-remove')}`)).toBeNull();
    await h.dismissSnackBar();
    await shot(page, 'devices');

    const devices = (await t.request('GET', '/devices', { token })).body.items as any[];
    expect(devices).toEqual([
      expect.objectContaining({ name: 'Kiosk 7', externalId: 'dev-007', departmentId: globexId, removedAt: expect.any(String) }),
    ]);
  });

  it('Dashboard: "Run billing now" shows the result of the run', async () => {
    await page.goto(url('/dashboard'), { waitUntil: 'load' });
    await h.visible(tid('dashboard-empty'));
    await h.click(tid('run-billing'));
    await h.visible(tid('billing-run-result'));
    const text = await h.textOf(tid('billing-run-result'));
    const created = Number(/(\d+) bills? created/.exec(text)?.[1]);
    const bills = (await t.request('GET', '/bills?limit=100', { token })).body.items as any[];
    expect(created).toBeGreaterThan(0); // Globex is billed monthly since January 2026
    expect(created).toBe(bills.length);
    // One customer (Globex on the kept plan) was due; Acme's plan is gone.
    expect(text).toMatch(new RegExp(`^${created} bills? created, \\d+ customers? checked · See bills$`));
    await h.dismissSnackBar();
    await shot(page, 'dashboard-billing-run');
  });

  it('Settings: creates a user with role viewer', async () => {
    await page.goto(url('/settings/users'), { waitUntil: 'load' });
    await h.visible(`${tid('user-row')}[data-user-email="${ADMIN_EMAIL}"]`);
    await h.click(tid('user-new'));
    await h.type(tid('user-name'), 'Vera Viewer');
    await h.type(tid('user-email'), VIEWER_EMAIL);
    await page.select(tid('user-role'), 'viewer');
    await h.type(tid('user-password'), VIEWER_PASSWORD);
    await h.click(tid('user-save'));
    await h.hidden(tid('user-save'));
    const row = `${tid('user-row')}[data-user-email="${VIEWER_EMAIL}"]`;
    await h.visible(row);
    expect(await page.$eval(`${row} ${tid('user-role-select')}`, (el) => (el as HTMLSelectElement).value)).toBe('viewer');
    const users = (await t.request('GET', '/users', { token })).body.items as any[];
    expect(users.find((u) => u.email === VIEWER_EMAIL)).toMatchObject({ name: 'Vera Viewer', role: 'viewer', active: true });
  });

  it('Settings: creates an API key (usage:write) shown once, then revokes it', async () => {
    await page.goto(url('/settings/api-keys'), { waitUntil: 'load' });
    await h.click(tid('api-key-new'));
    await h.type(tid('api-key-name'), KEY_NAME);
    await h.click(`${tid('api-key-scope-usage:write')} input`);
    await h.click(tid('api-key-create'));
    await h.visible(tid('api-key-value'));
    const key = await page.$eval(tid('api-key-value'), (el) => (el as HTMLInputElement).value);
    expect(key.startsWith('rb_')).toBe(true);
    // The key works for what it was given.
    const pushed = await t.request('POST', '/sessions/batch', {
      token: key,
      body: {
        sessions: [
          {
            externalId: 'k1',
            departmentId: globexId,
            type: 'attended',
            startedAt: '2026-03-02T10:00:00Z',
            endedAt: '2026-03-02T10:10:00Z',
          },
        ],
      },
    });
    expect(pushed.body.accepted).toBe(1);
    await shot(page, 'api-key-shown');
    await h.click(tid('api-key-done'));
    await h.hidden(tid('api-key-value'));

    const row = `${tid('api-key-row')}[data-api-key-name="${KEY_NAME}"]`;
    await h.visible(row);
    expect(await h.textOf(row)).toContain('usage:write');
    expect(await h.textOf(row)).not.toContain(key); // shown once: the list has only the prefix
    await h.click(`${row} ${tid('api-key-revoke')}`);
    await h.confirm();
    await h.visible(`${row} .chip-revoked`);
    expect(await page.$(`${row} ${tid('api-key-revoke')}`)).toBeNull();

    const refused = await t.request('POST', '/sessions/batch', { token: key, body: { sessions: [] } });
    expect(refused.status).toBe(401);
  });

  it('Viewer: logs in in a fresh context and sees no write action', async () => {
    // The admin sees Confirm Payment on an unpaid bill: the same menu is checked for the viewer below.
    const bills = (await t.request('GET', '/bills?limit=100', { token })).body.items as any[];
    const unpaid = bills.find((b) => b.status === 'unpaid' && b.balanceMinor > 0);
    expect(unpaid).toBeDefined();
    const billMenu = `${tid('bill-row')}[data-bill-id="${unpaid.id}"] ${tid('bill-menu')}`;
    await page.goto(url('/bills'), { waitUntil: 'load' });
    await h.click(billMenu);
    await h.visible(`.mat-mdc-menu-panel ${tid('bill-menu-pay')}`);
    await page.keyboard.press('Escape');
    await h.hidden('.mat-mdc-menu-panel');

    viewerContext = await browser.createBrowserContext();
    const vp = await newPage(viewerContext, browserErrors);
    const v = pageHelpers(vp);
    await vp.goto(url('/'), { waitUntil: 'load' });
    await v.type(tid('login-email'), VIEWER_EMAIL); // a fresh context: not logged in as the admin
    await v.type(tid('login-password'), VIEWER_PASSWORD);
    await v.click(tid('login-submit'));
    await v.waitPath('/dashboard');
    await v.visible(tid('dashboard-totals-USD')); // the page has loaded its data
    expect(await vp.$(tid('run-billing'))).toBeNull();

    await vp.goto(url('/plans'), { waitUntil: 'load' });
    const planRow = `${tid('plan-row')}[data-plan-id="${keptPlanId}"]`;
    await v.visible(planRow);
    expect(await vp.$(tid('plan-new'))).toBeNull();
    expect(await vp.$(tid('get-started'))).toBeNull();
    await v.click(`${planRow} ${tid('plan-menu')}`);
    await v.visible(`.mat-mdc-menu-panel ${tid('plan-menu-view')}`);
    for (const item of ['plan-menu-associate', 'plan-menu-edit', 'plan-menu-delete']) expect(await vp.$(tid(item))).toBeNull();
    await v.click(`.mat-mdc-menu-panel ${tid('plan-menu-view')}`);
    await v.visible(tid('association-row'));
    for (const item of ['plan-associate', 'plan-edit', 'plan-delete', 'association-end']) expect(await vp.$(tid(item))).toBeNull();

    await vp.goto(url('/bills'), { waitUntil: 'load' });
    await v.click(billMenu);
    await v.visible(`.mat-mdc-menu-panel ${tid('bill-menu-download')}`);
    for (const item of ['bill-menu-pay', 'bill-menu-adjust', 'bill-menu-email', 'bill-menu-void']) expect(await vp.$(tid(item))).toBeNull();
    await vp.keyboard.press('Escape');
    await v.hidden('.mat-mdc-menu-panel');
    await shot(vp, 'viewer-bills');

    await vp.goto(url('/departments'), { waitUntil: 'load' });
    await v.visible(`${tid('department-row')}[data-department-id="${acmeId}"]`);
    expect(await vp.$(tid('department-new'))).toBeNull();
    expect(await vp.$(tid('department-edit'))).toBeNull();

    await vp.goto(url('/sessions'), { waitUntil: 'load' });
    await v.visible(tid('session-row'));
    expect(await vp.$(tid('sessions-import'))).toBeNull();
    expect(await vp.$(tid('sessions-import-file'))).toBeNull();

    await vp.goto(url('/devices'), { waitUntil: 'load' });
    await v.visible(tid('device-row'));
    expect(await vp.$(tid('device-new'))).toBeNull();

    await vp.goto(url('/settings'), { waitUntil: 'load' });
    await v.visible(tid('settings-tab-organization'));
    expect(await vp.$(tid('settings-tab-users'))).toBeNull();
    expect(await vp.$(tid('settings-tab-api-keys'))).toBeNull();

    // The admin's tab was not logged out by the viewer's log-in (separate contexts).
    await page.goto(url('/dashboard'), { waitUntil: 'load' });
    await h.visible(tid('run-billing'));
    expect(browserErrors).toEqual([]);
  });
});
