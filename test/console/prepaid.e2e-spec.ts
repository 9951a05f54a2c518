/**
 * Prepaid hours in the console (issue #17), in a real (headless) Chromium against the whole API:
 *  1. the plan form's "Retainer (prepaid hours)": 2 h 30 min included, fee €150.00, rollover cap 3 h for 1 period, on a
 *     plan with a customer (the rate-change dialog lists it); the API stores it in seconds; the plan page says it in words;
 *  2. the first period (two months ago) billed through the API with 1 h 30 min of usage: the customer's prepaid panel
 *     (from the plan page's "Prepaid hours") shows the retainer in words and the unused hour rolled over, with its expiry;
 *  3. "Buy block": 10 h for €800.00; an expiry before the purchase is refused by the API under the expiry field and
 *     nothing is stored; then a valid one: the dialog shows block B-000001 and its invoice INV-000002 (tagged
 *     "Prepaid block" in the bills list);
 *  4. last month's 4 h 15 min billed: the panel shows what is left, the block's remaining and expiry, and the ledger,
 *     newest first;
 *  5. the association dialog gives the customer its own retainer (3 h, fee €200.00, nothing rolls), then the plan's again.
 * Every expected value is computed by hand in the comments (H = 3600 s; per started minute, no minimum). Dates are
 * relative to today (UTC): a block may be dated at most a day ahead, so the periods are the two months before this one.
 * Every wait is explicit (≤ 15 s); screenshots go to docs/screenshots/prepaid-*.png.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { openConsole, pageHelpers, SHOTS, STEP, tid } from '../support/browser';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startTestApp, TestApp } from '../support/app';

jest.setTimeout(180_000);

const H = 3600;
const MIN = 60;
const now = new Date();
/** The first instant (UTC) of the month `k` months from this one. */
const monthStart = (k: number) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + k, 1));
const at = (k: number, day: number, hour: number) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + k, day, hour));
const isoDay = (d: Date) => d.toISOString().slice(0, 10);
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** A UTC midnight as the en-US console shows a day: "Mar 1, 2026". */
const shownDay = (d: Date) => `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()}`;

const P1 = monthStart(-2); // period 1: two months ago
const P2 = monthStart(-1); // period 2: last month
const THIS_MONTH = monthStart(0);
const EXPIRY = monthStart(2);
const RETAINER_TEXT = '2 h 30 min included per month, fee €150.00, unused hours roll over up to 3 h for 1 period';

const session = (externalId: string, departmentId: string, startedAt: Date, minutes: number) => ({
  externalId,
  departmentId,
  type: 'attended',
  startedAt: startedAt.toISOString(),
  endedAt: new Date(startedAt.getTime() + minutes * 60_000).toISOString(),
});

describe('console: prepaid hours', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let h: ReturnType<typeof pageHelpers>;
  let token: string;
  let key: string;
  let departmentId: string;
  let planId: string;
  let associationId: string;
  const tmp = mkdtempSync(join(tmpdir(), 'rb-console-prepaid-e2e-'));
  let browserErrors: string[] = [];

  const url = (path: string) => `${t.baseUrl}${path}`;
  const get = async (path: string) => {
    const res = await t.request('GET', path, { token });
    expect(res.status).toBe(200);
    return res.body;
  };
  const run = async (asOf: Date) => {
    const res = await t.request('POST', '/billing-runs', { token, body: { asOf: asOf.toISOString() } });
    expect(res.status).toBe(201);
    expect(res.body.failures).toEqual([]);
    return res.body as { billsCreated: number };
  };
  const push = async (...sessions: ReturnType<typeof session>[]) => {
    const res = await t.request('POST', '/sessions/batch', { token: key, body: { sessions } });
    expect(res.body.accepted).toBe(sessions.length);
  };
  /** Texts with Chromium's narrow no-break spaces (dates, times) as plain spaces. */
  const texts = (sel: string) =>
    page.$$eval(sel, (els) => els.map((el) => (el.textContent ?? '').replace(/[\s\u202f\u00a0]+/g, ' ').trim()));
  const textOf = async (sel: string) => (await texts(sel))[0] ?? '';
  const waitText = (sel: string, needle: string) =>
    page.waitForFunction(
      (s, n) =>
        Array.from(document.querySelectorAll(s)).some((el) => (el.textContent ?? '').replace(/[\s\u202f\u00a0]+/g, ' ').includes(n)),
      { timeout: STEP },
      sel,
      needle,
    );
  const waitValue = (sel: string, value: string) =>
    page.waitForFunction((s, v) => (document.querySelector(s) as HTMLInputElement | null)?.value === v, { timeout: STEP }, sel, value);
  const errorUnder = (id: string) =>
    page.$eval(tid(id), (el) => (el.closest('mat-form-field')?.querySelector('mat-error')?.textContent ?? '').trim());
  const waitErrorUnder = (id: string, needle: string) =>
    page.waitForFunction(
      (s, n) => (document.querySelector(s)?.closest('mat-form-field')?.querySelector('mat-error')?.textContent ?? '').includes(n),
      { timeout: STEP },
      tid(id),
      needle,
    );
  const shot = (name: string) => page.screenshot({ path: join(SHOTS, `prepaid-${name}.png`) as `${string}.png` });
  const openPanel = async () => {
    await page.goto(url(`/plans/${planId}`), { waitUntil: 'load' });
    await h.click(`${tid('association-row')}[data-association-id="${associationId}"] ${tid('association-prepaid')}`);
    await h.waitPath(`/plans/${planId}/customers/${associationId}/prepaid`);
    await h.visible(tid('prepaid-available'));
  };

  beforeAll(async () => {
    t = await startTestApp({ MAIL_DIR: join(tmp, 'mail') });
    token = await t.login();
    key = (await t.request('POST', '/api-keys', { token, body: { name: 'usage', scopes: ['usage:write'] } })).body.key;
    // No review window: every bill (the block's invoice too) is issued when it is made, numbered in order.
    const department = await t.request('POST', '/departments', { token, body: { name: 'Initech', reviewDays: 0 } });
    expect(department.status).toBe(201);
    departmentId = department.body.id;
    const plan = await t.request('POST', '/plans', {
      token,
      body: {
        name: 'Support',
        currency: 'EUR',
        billingType: 'per_hour',
        hourRateMinor: 9000,
        associations: [
          {
            departmentId,
            billingCycle: 'monthly',
            billStartDate: isoDay(P1),
            dueDays: 14,
            timeZone: 'UTC',
            billingAddress: { name: 'Initech GmbH', line1: 'Ring 1', city: 'Berlin', postalCode: '10115', country: 'DE' },
            recipients: ['ap@initech.test'],
          },
        ],
      },
    });
    expect(plan.status).toBe(201);
    expect(plan.body.retainer).toBeNull();
    planId = plan.body.id;
    associationId = plan.body.associations[0].id;
    ({ browser, page, h, errors: browserErrors } = await openConsole(t.baseUrl, join(tmp, 'profile'), ADMIN_EMAIL, ADMIN_PASSWORD));
    await page.emulateTimezone('UTC');
  });

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await t?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  afterEach(() => {
    expect(browserErrors).toEqual([]);
  });

  it('1. the plan form sets a retainer in hours and minutes; the API stores seconds; the plan page says it in words', async () => {
    await page.goto(url(`/plans/${planId}/edit`), { waitUntil: 'load' });
    await waitValue(tid('plan-hour-rate'), '90.00');
    await h.click(`${tid('plan-has-retainer')} input`);
    await h.type(tid('plan-retainer-included-hours'), '2');
    await h.type(tid('plan-retainer-included-minutes'), '30');
    await h.type(tid('plan-retainer-fee'), '150.00');
    await h.type(tid('plan-retainer-rollover-cap-hours'), '3');
    await h.type(tid('plan-retainer-rollover-periods'), '1');
    // A plan's retainer serves every billing cycle: "per period" until a customer's cycle names it.
    await waitText(
      tid('plan-retainer-summary'),
      'Saved as: 2 h 30 min included per period, fee €150.00, unused hours roll over up to 3 h for 1 period.',
    );
    await shot('plan-form');

    // Initech is on the plan: the change is confirmed first, and named.
    await h.click(tid('plan-save'));
    await h.visible(tid('rate-change-dialog'));
    expect(await texts(tid('rate-change-item'))).toEqual([
      'Retainer: none → 2 h 30 min included per period, fee €150.00, unused hours roll over up to 3 h for 1 period',
    ]);
    await h.click(tid('rate-change-confirm'));
    await h.waitPath(`/plans/${planId}`);
    // 2 h 30 min = 2 × 3600 + 30 × 60 = 9000 s; 3 h = 10800 s; €150.00 = 15000 cents; no overage rate: the plan's.
    expect((await get(`/plans/${planId}`)).retainer).toEqual({
      included: 2 * H + 30 * MIN, // 9000
      feeMinor: 15000,
      rolloverCap: 3 * H, // 10800
      rolloverPeriods: 1,
      overageRateMinor: null,
    });
    await waitText(tid('plan-retainer'), '2 h 30 min included per period, fee €150.00, unused hours roll over up to 3 h for 1 period');
    // Initech follows the plan's retainer: no note of its own on its row.
    expect(await page.$(tid('association-own-retainer'))).toBeNull();
    await shot('plan-view');
    expect(await get(`/associations/${associationId}`)).toMatchObject({ retainerOverride: false, retainer: { included: 9000 } });
    await h.dismissSnackBar();
  });

  it('2. period 1 billed with 1 h 30 min: the panel shows the retainer in words and the unused hour rolled over', async () => {
    await push(session('p1-a', departmentId, at(-2, 10, 9), 90));
    expect((await run(P2)).billsCreated).toBe(1); // INV-000001
    await openPanel();
    // The customer's cycle is monthly: "per month".
    expect(await textOf(tid('prepaid-retainer'))).toBe(RETAINER_TEXT);
    expect(await textOf(tid('prepaid-retainer-source'))).toContain("The plan's retainer.");
    // 2 h 30 min included − 1 h 30 min used = 1 h 0 min unused; under the 3 h cap it all rolls over, usable in period 2
    // only: it expires at the end of period 2, the start of this month.
    expect(await textOf(tid('prepaid-available'))).toBe('1 h 0 min');
    expect(await texts(tid('prepaid-rolled-row'))).toEqual([
      `1 h 0 min rolled over from period 1 (from ${shownDay(P1)}), expires ${shownDay(THIS_MONTH)}`,
    ]);
    await h.visible(tid('prepaid-blocks-empty'));
    await h.waitCount(tid('prepaid-ledger-row'), 4);
  });

  it('3. "Buy block": an expiry before the purchase is refused under its field; then B-000001 and its invoice', async () => {
    await h.click(tid('prepaid-buy-block'));
    await h.visible(tid('buy-block-hours'));
    expect(await page.$eval(tid('buy-block-low-balance'), (el) => (el as HTMLInputElement).value)).toBe('20');
    await h.type(tid('buy-block-hours'), '10');
    await h.type(tid('buy-block-price'), '800.00');
    await h.setValue(tid('buy-block-purchase-date'), isoDay(P2));
    // The day before the purchase: only the API knows the rule; its 400 lands under the expiry field.
    await h.setValue(tid('buy-block-expiry-date'), isoDay(new Date(P2.getTime() - 86_400_000)));
    await h.click(tid('buy-block-save'));
    await waitErrorUnder('buy-block-expiry-date', 'must be after purchasedAt');
    expect(await errorUnder('buy-block-price')).toBe('');
    await shot('buy-block-error');
    expect((await get(`/associations/${associationId}/balances`)).blocks).toEqual([]);

    await h.setValue(tid('buy-block-expiry-date'), isoDay(EXPIRY));
    await h.click(tid('buy-block-save'));
    await h.visible(tid('buy-block-done'));
    expect(await textOf(tid('buy-block-done'))).toContain(`Block B-000001 bought: 10 h 0 min for €800.00, expires ${shownDay(EXPIRY)}.`);
    // The second bill of the organization: period 1's was INV-000001.
    expect(await textOf(tid('buy-block-invoice'))).toBe('INV-000002');
    await shot('buy-block-done');
    // 10 h = 36000 s; €800.00 = 80000 cents; the days are the customer's (UTC) midnights.
    const [block] = (await get(`/associations/${associationId}/balances`)).blocks;
    expect(block).toMatchObject({
      number: 'B-000001',
      unit: 'seconds',
      units: 10 * H, // 36000
      remaining: 10 * H,
      priceMinor: 80000,
      currency: 'EUR',
      purchasedAt: P2.toISOString(),
      expiresAt: EXPIRY.toISOString(),
      requiresPayment: false,
      lowBalancePercent: 20,
      usable: true,
      bill: { number: 'INV-000002', status: 'unpaid' },
    });
    const invoiceId = block.bill.id as string;
    await h.click(tid('buy-block-close'));
    await h.hidden(tid('buy-block-close'));
    const row = `${tid('prepaid-block-row')}[data-block-number="B-000001"]`;
    await waitText(`${row} ${tid('block-left')}`, '10 h 0 min');
    expect(await textOf(`${row} ${tid('block-state')}`)).toBe('Usable');
    // Available: the rolled 1 h 0 min + the block's 10 h 0 min = 11 h 0 min.
    expect(await textOf(tid('prepaid-available'))).toBe('11 h 0 min');

    // The invoice is a bill like any other, tagged in the bills list; its page shows its one line.
    await h.click(`${row} ${tid('block-invoice')}`);
    await h.waitPath(`/bills/${invoiceId}`);
    await h.visible(tid('bill-kind-block'));
    await waitText(tid('bill-line-row'), 'Prepaid block B-000001: 10 h 0 min, expires ' + isoDay(EXPIRY));
    await page.goto(url('/bills'), { waitUntil: 'load' });
    await h.visible(`${tid('bill-row')}[data-bill-id="${invoiceId}"] ${tid('bill-kind-block')}`);
    expect(await textOf(`${tid('bill-row')}[data-bill-id="${invoiceId}"] ${tid('bill-kind-block')}`)).toBe('Prepaid block');
  });

  it('4. period 2 billed with 4 h 15 min: the panel shows what is left, the block and the ledger, newest first', async () => {
    // 2 h 0 min + 2 h 15 min = 255 min = 4 h 15 min = 15300 s.
    await push(session('p2-a', departmentId, at(-1, 5, 9), 120), session('p2-b', departmentId, at(-1, 12, 9), 135));
    expect((await run(THIS_MONTH)).billsCreated).toBe(1); // INV-000003
    // Drawn in order: period 2's retainer 2 h 30 min (none left), the 1 h 0 min rolled from period 1 (none left), then the
    // block 4 h 15 min − 2 h 30 min − 1 h 0 min = 45 min (10 h 0 min − 45 min = 9 h 15 min left). Nothing is left of the
    // retainer: nothing rolls, nothing lapses.
    const bills = (await get(`/bills?departmentId=${departmentId}`)).items as { id: string; number: string; kind: string }[];
    const p2 = await get(`/bills/${bills.find((b) => b.number === 'INV-000003')!.id}`);
    expect(p2.lines.map((l: { kind: string; description: string; amountMinor: number }) => [l.kind, l.description, l.amountMinor])).toEqual(
      [
        ['retainer', 'Retainer: 2 h 30 min included', 15000],
        ['prepaid', "2 h 30 min from this period's retainer (none left)", 0],
        ['prepaid', '1 h 0 min from hours rolled over from period 1 (none left)', 0],
        ['prepaid', '45 min from block B-000001 (9 h 15 min left)', 0],
      ],
    );

    await openPanel();
    // Available: nothing rolled + 9 h 15 min of the block.
    expect(await textOf(tid('prepaid-available'))).toBe('9 h 15 min');
    await h.visible(tid('prepaid-rolled-empty'));
    const row = `${tid('prepaid-block-row')}[data-block-number="B-000001"]`;
    expect(await textOf(`${row} ${tid('block-held')}`)).toBe('10 h 0 min');
    expect(await textOf(`${row} ${tid('block-left')}`)).toBe('9 h 15 min');
    expect(await textOf(`${row} ${tid('block-expires')}`)).toBe(shownDay(EXPIRY));
    expect(await textOf(`${row} ${tid('block-bought')}`)).toBe(shownDay(P2));
    expect(await textOf(`${row} ${tid('block-state')}`)).toBe('Usable');
    expect(await textOf(`${row} ${tid('block-invoice')}`)).toBe('INV-000002');

    // Newest first: period 2's bill (grant, then its draws in order), the block, period 1's bill (grant 2 h 30 min, draw
    // 1 h 30 min, the unused 1 h 0 min moved out of its retainer and into the rolled-over hours).
    await h.waitCount(tid('prepaid-ledger-row'), 9);
    expect(await texts(tid('ledger-entry'))).toEqual([
      'Draw · 45 min · block B-000001 · INV-000003',
      'Draw · 1 h 0 min · hours rolled over from period 1 · INV-000003',
      'Draw · 2 h 30 min · retainer of period 2 · INV-000003',
      'Grant · 2 h 30 min · retainer of period 2 · INV-000003',
      'Grant · 10 h 0 min · block B-000001 · INV-000002',
      'Rollover · 1 h 0 min · hours rolled over from period 1 · INV-000001',
      'Rollover · 1 h 0 min · retainer of period 1 · INV-000001',
      'Draw · 1 h 30 min · retainer of period 1 · INV-000001',
      'Grant · 2 h 30 min · retainer of period 1 · INV-000001',
    ]);
    expect(await texts(tid('ledger-change'))).toEqual([
      '−45 min',
      '−1 h 0 min',
      '−2 h 30 min',
      '+2 h 30 min',
      '+10 h 0 min',
      '+1 h 0 min',
      '−1 h 0 min',
      '−1 h 30 min',
      '+2 h 30 min',
    ]);
    // One page of 20: no older entries.
    expect(await page.$eval(tid('ledger-next'), (el) => (el as HTMLButtonElement).disabled)).toBe(true);
    // The page scrolls inside the layout: a taller viewport shows all of it.
    await page.setViewport({ width: 1280, height: 1400 });
    await shot('panel');
    await page.setViewport({ width: 1280, height: 800 });

    // The bills list says what period 2 charged for: the retainer and 2.5 + 1 + 0.75 = 4.25 h drawn from prepaid sources.
    await page.goto(url('/bills'), { waitUntil: 'load' });
    await waitText(`${tid('bill-row')}[data-bill-id="${p2.id}"]`, 'retainer · 4.25 h prepaid');
  });

  it("5. the association dialog: its own retainer, then the plan's again", async () => {
    const row = `${tid('association-row')}[data-association-id="${associationId}"]`;
    await page.goto(url(`/plans/${planId}`), { waitUntil: 'load' });
    await h.click(`${row} ${tid('association-edit')}`);
    await h.visible(tid('association-retainer-plan-text'));
    expect(await textOf(tid('association-retainer-plan-text'))).toBe(`The plan's: ${RETAINER_TEXT}.`);
    // "Own retainer" starts from the plan's values: 3 h instead of 2 h 30 min, €200.00, and 0 periods (nothing rolls).
    await h.click(`${tid('association-retainer-own')} input`);
    await waitValue(tid('association-retainer-included-minutes'), '30');
    await h.type(tid('association-retainer-included-hours'), '3');
    await h.type(tid('association-retainer-included-minutes'), '0');
    await h.type(tid('association-retainer-fee'), '200.00');
    await h.type(tid('association-retainer-rollover-periods'), '0');
    await waitText(tid('association-retainer-summary'), 'Saved as: 3 h included per month, fee €200.00, unused hours lapse.');
    await page.$eval('mat-dialog-container .mat-mdc-dialog-content', (el) => el.scrollTo(0, el.scrollHeight));
    await h.settle();
    await shot('association-own-retainer');
    await h.click(tid('association-edit-save'));
    await h.hidden(tid('association-edit-save'));
    await waitText(`${row} ${tid('association-own-retainer')}`, 'Own retainer: 3 h included per month, fee €200.00, unused hours lapse');
    // 3 h = 10800 s; the cap stays the plan's 3 h (10800 s), unused while nothing rolls.
    expect(await get(`/associations/${associationId}`)).toMatchObject({
      retainerOverride: true,
      retainer: { included: 10800, feeMinor: 20000, rolloverCap: 10800, rolloverPeriods: 0, overageRateMinor: null },
    });
    await h.dismissSnackBar();

    await h.click(`${row} ${tid('association-edit')}`);
    await h.visible(tid('association-retainer-own'));
    expect(await page.$eval(`${tid('association-retainer-own')} input`, (el) => (el as HTMLInputElement).checked)).toBe(true);
    await h.click(`${tid('association-retainer-plan')} input`);
    await h.visible(tid('association-retainer-plan-text'));
    await h.click(tid('association-edit-save'));
    await h.hidden(tid('association-edit-save'));
    await h.hidden(`${row} ${tid('association-own-retainer')}`);
    expect(await get(`/associations/${associationId}`)).toMatchObject({
      retainerOverride: false,
      retainer: { included: 9000, feeMinor: 15000 },
    });
  });
});
