/**
 * Rate rules in the console (issue #18), in a real (headless) Chromium against the whole API:
 *  1. the plan form's "Rate rules": business hours by the "Mon–Fri 08:00–18:00" preset, after hours ×1.5, a weekend rate
 *     of its own (€100.00/h), Bavarian public holidays, graduated tiers (0–10 h at €80.00, then €70.00) and a €500.00
 *     minimum commitment; the API stores them as sent; the plan page says them in words and lists rate version 1;
 *  2. January billed through the API: the bill tops the usage up to the commitment and names its rate version;
 *  3. an edit of the hour rate with an effective day: one inside billed January is refused (409 EFFECTIVE_DATE_BILLED,
 *     shown above the buttons and under the field); 16 Feb 2026 is saved as rate version 2, newest first in the list;
 *  4. February billed: its page says it was rated with version 1 until Feb 16, 2026 and version 2 from then;
 *  5. the customer's "Own business hours" (Mon 07:00–18:00, Tue–Thu 08:00–18:00, Austrian holidays), read back via the
 *     API and shown on its row;
 *  6. a new plan whose second tier band ends below the first (and an unknown holiday region): the API's 400 lands under
 *     those two fields, and nothing is stored.
 * Every amount is computed by hand in the comments. The dates are fixed days of early 2026 (all in the past): 1 Jan 2026
 * is a Thursday. Every wait is explicit (≤ 15 s); screenshots go to docs/screenshots/rate-rules-*.png.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { openConsole, pageHelpers, SHOTS, STEP, tid } from '../support/browser';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startTestApp, TestApp } from '../support/app';

jest.setTimeout(180_000);

const PLAN = 'Rated support';
const MON_FRI_8_18 = [1, 2, 3, 4, 5].map((day) => ({ day, start: '08:00', end: '18:00' }));
const RULES_TEXT =
  'Business hours Mon–Fri 08:00–18:00 · after hours ×1.5 · weekend at €100.00/h · holidays DE-BY · ' +
  'graduated tiers: 0–10 h at €80.00, over 10 h at €70.00 · minimum €500.00 a period';

const session = (externalId: string, departmentId: string, startedAt: string, endedAt: string) => ({
  externalId,
  departmentId,
  type: 'attended',
  startedAt,
  endedAt,
});

type Line = { kind: string; amountMinor: number; description: string };

describe('console: rate rules', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let h: ReturnType<typeof pageHelpers>;
  let token: string;
  let key: string;
  let departmentId: string;
  let planId: string;
  let associationId: string;
  const tmp = mkdtempSync(join(tmpdir(), 'rb-console-rate-rules-e2e-'));
  let browserErrors: string[] = [];

  const url = (path: string) => `${t.baseUrl}${path}`;
  const get = async (path: string) => {
    const res = await t.request('GET', path, { token });
    expect(res.status).toBe(200);
    return res.body;
  };
  const run = async (asOf: string) => {
    const res = await t.request('POST', '/billing-runs', { token, body: { asOf } });
    expect(res.status).toBe(201);
    expect(res.body.failures).toEqual([]);
    return res.body as { billsCreated: number };
  };
  const push = async (...sessions: ReturnType<typeof session>[]) => {
    const res = await t.request('POST', '/sessions/batch', { token: key, body: { sessions } });
    expect(res.body.accepted).toBe(sessions.length);
  };
  const billOf = async (periodStart: string) => {
    const items = (await get(`/bills?departmentId=${departmentId}&limit=100`)).items as { id: string; periodStart: string }[];
    const bill = items.find((b) => b.periodStart === periodStart);
    expect(bill).toBeDefined();
    return get(`/bills/${bill!.id}`);
  };
  /** Texts with Chromium's narrow no-break spaces (dates, times) as plain spaces. */
  const texts = (sel: string) =>
    page.$$eval(sel, (els) => els.map((el) => (el.textContent ?? '').replace(/[\s\u202f\u00a0]+/g, ' ').trim()));
  const textOf = async (sel: string) => (await texts(sel))[0] ?? '';
  /** Waits for `needle` in an element of `sel`; on a time-out, says what the elements read instead. */
  const waitText = async (sel: string, needle: string) => {
    try {
      await page.waitForFunction(
        (s, n) =>
          Array.from(document.querySelectorAll(s)).some((el) => (el.textContent ?? '').replace(/[\s\u202f\u00a0]+/g, ' ').includes(n)),
        { timeout: STEP },
        sel,
        needle,
      );
    } catch (err) {
      throw new Error(`${sel} never read "${needle}"; it reads ${JSON.stringify(await texts(sel))} (${String(err)})`);
    }
  };
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
  const shot = (name: string) => page.screenshot({ path: join(SHOTS, `rate-rules-${name}.png`) as `${string}.png` });
  /** The page scrolls inside the layout: a taller viewport shows all of it. */
  const tallShot = async (name: string, height: number) => {
    await page.setViewport({ width: 1280, height });
    await shot(name);
    await page.setViewport({ width: 1280, height: 800 });
  };
  const chooseEur = async () => {
    await h.type(tid('plan-currency'), 'EUR');
    await h.click(tid('plan-currency-option-EUR'));
    await waitValue(tid('plan-currency'), 'EUR');
  };

  beforeAll(async () => {
    t = await startTestApp({ MAIL_DIR: join(tmp, 'mail') });
    token = await t.login();
    key = (await t.request('POST', '/api-keys', { token, body: { name: 'usage', scopes: ['usage:write'] } })).body.key;
    // No review window: every bill is issued when it is made.
    const department = await t.request('POST', '/departments', { token, body: { name: 'Initech', reviewDays: 0 } });
    expect(department.status).toBe(201);
    departmentId = department.body.id;
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

  it('1. the plan form sets the rate rules; the API stores them; the plan page says them in words and lists version 1', async () => {
    await page.goto(url('/plans/new'), { waitUntil: 'load' });
    await h.type(tid('plan-name'), PLAN);
    await chooseEur();
    await h.click(`${tid('plan-billing-type-per_hour')} input`);
    await h.type(tid('plan-hour-rate'), '90.00');

    // Business hours: none at first; the preset gives Monday to Friday, 08:00–18:00.
    expect(await page.$(tid('plan-rules-calendar-preset'))).toBeNull();
    await h.click(`${tid('plan-rules-calendar-has-hours')} input`);
    await h.click(tid('plan-rules-calendar-preset'));
    await waitValue(tid('plan-rules-calendar-end-4'), '18:00');
    expect(await page.$eval(tid('plan-rules-calendar-day-4'), (el) => (el as HTMLSelectElement).value)).toBe('5');
    // Saturday and Sunday are the weekend unless changed.
    for (const [day, checked] of [
      [5, false],
      [6, true],
      [7, true],
    ] as const) {
      expect(await page.$eval(`${tid(`plan-rules-calendar-weekend-${day}`)} input`, (el) => (el as HTMLInputElement).checked)).toBe(
        checked,
      );
    }
    await h.type(tid('plan-rules-calendar-holiday-country'), 'de');
    await h.type(tid('plan-rules-calendar-holiday-region'), 'BY');

    await page.select(tid('plan-rules-after-hours-mode'), 'multiplier');
    await h.type(tid('plan-rules-after-hours-multiplier'), '1.5');
    await page.select(tid('plan-rules-weekend-mode'), 'rate');
    await h.type(tid('plan-rules-weekend-rate'), '100.00');
    // Holidays: the business (band) rate, as the mode says by default.
    expect(await page.$(tid('plan-rules-holiday-multiplier'))).toBeNull();

    // Graduated tiers start with a band up to 10 h and the open-ended rest.
    await page.select(tid('plan-rules-tier-mode'), 'graduated');
    await waitValue(tid('plan-rules-tier-up-to-0'), '10');
    expect(await textOf(tid('plan-rules-tier-open-1'))).toBe('Over 10 h');
    expect(await page.$(tid('plan-rules-tier-up-to-1'))).toBeNull();
    await h.type(tid('plan-rules-tier-rate-0'), '80.00');
    await h.type(tid('plan-rules-tier-rate-1'), '70.00');
    await h.type(tid('plan-rules-minimum-commitment'), '500.00');
    await waitText(tid('plan-rules-summary'), `Saved as: ${RULES_TEXT}.`);
    await tallShot('plan-form', 2000);

    await h.click(tid('plan-save'));
    await waitText(tid('plan-title'), PLAN);
    const plans = (await get('/plans')).items as { id: string; name: string }[];
    planId = plans.find((p) => p.name === PLAN)!.id;
    await h.waitPath(`/plans/${planId}`);

    // What the form sent, as the API stored it: €90.00 = 9000 cents, and so on; the country upper-cased.
    const plan = await get(`/plans/${planId}`);
    expect(plan).toMatchObject({
      currency: 'EUR',
      billingType: 'per_hour',
      hourRateMinor: 9000,
      businessHours: MON_FRI_8_18,
      weekendDays: [6, 7],
      holidayCountry: 'DE',
      holidayRegion: 'BY',
      holidayDates: [],
      afterHoursMultiplier: '1.5',
      afterHoursRateMinor: null,
      weekendMultiplier: null,
      weekendRateMinor: 10000,
      holidayMultiplier: null,
      holidayRateMinor: null,
      tierMode: 'graduated',
      tiers: [
        { upTo: 10, rateMinor: 8000 },
        { upTo: null, rateMinor: 7000 },
      ],
      unattendedRateMinor: null,
      minimumCommitmentMinor: 50000,
      retainer: null,
      rateVersion: 1,
      rateEffectiveFrom: null,
    });
    expect(plan.rateVersions).toHaveLength(1);

    await waitText(tid('plan-rate-rules'), RULES_TEXT);
    await h.waitCount(tid('rate-version-row'), 1);
    expect(await textOf(tid('rate-version-number'))).toBe('1');
    expect(await textOf(tid('rate-version-effective'))).toBe('From the start');
    expect(await textOf(tid('rate-version-rate'))).toBe('€90.00/h');
    expect(await textOf(tid('rate-version-rules'))).toBe(RULES_TEXT);
    await h.dismissSnackBar();
    await tallShot('plan-view', 1100);
  });

  it('2. January billed: the usage is topped up to the commitment, and the bill names rate version 1', async () => {
    const assoc = await t.request('POST', `/plans/${planId}/associations`, {
      token,
      body: {
        departmentId,
        billingCycle: 'monthly',
        billStartDate: '2026-01-01',
        dueDays: 14,
        timeZone: 'UTC',
        billingAddress: { name: 'Initech GmbH', line1: 'Ring 1', city: 'München', postalCode: '80331', country: 'DE' },
        recipients: ['ap@initech.test'],
      },
    });
    expect(assoc.status).toBe(201);
    associationId = assoc.body.id;
    await push(
      session('jan-business', departmentId, '2026-01-13T09:00:00Z', '2026-01-13T12:00:00Z'), // Tuesday, 3 h of business hours
      session('jan-evening', departmentId, '2026-01-13T19:00:00Z', '2026-01-13T20:00:00Z'), // Tuesday, 1 h after hours
      session('jan-saturday', departmentId, '2026-01-17T10:00:00Z', '2026-01-17T11:00:00Z'), // Saturday, 1 h of weekend
    );
    expect((await run('2026-02-02T00:00:00Z')).billsCreated).toBe(1);
    const jan = await billOf('2026-01-01T00:00:00.000Z');
    // 5 h in all, inside the first band (0–10 h at €80.00): business 3 h × €80.00 = €240.00; after hours 1 h × €80.00 ×
    // 1.5 = €120.00; weekend 1 h at its own €100.00 = €100.00. Usage €460.00 < €500.00: a €40.00 top-up. Total €500.00.
    const lines = jan.lines as Line[];
    expect(lines.filter((l) => l.kind !== 'commitment').reduce((sum, l) => sum + l.amountMinor, 0)).toBe(46000);
    expect(lines.filter((l) => l.kind === 'commitment').map((l) => l.amountMinor)).toEqual([4000]);
    expect(lines[lines.length - 1]!.kind).toBe('commitment');
    expect(jan.subtotalMinor).toBe(50000);
    expect(jan.rateVersions).toEqual([{ version: 1, from: '2026-01-01T00:00:00.000Z', until: '2026-02-01T00:00:00.000Z' }]);

    await page.goto(url(`/bills/${jan.id}`), { waitUntil: 'load' });
    await waitText(tid('bill-rate-versions'), 'Version 1');
    expect(await textOf(tid('bill-rate-versions'))).toBe('Version 1');
    await waitText(tid('bill-subtotal-label'), 'minimum commitment');
  });

  it('3. the hour rate changes with an effective day: a billed one is refused, 16 Feb 2026 makes version 2', async () => {
    await page.goto(url(`/plans/${planId}/edit`), { waitUntil: 'load' });
    await waitValue(tid('plan-hour-rate'), '90.00');
    // The stored rules are back in the form, as they were saved.
    await waitValue(tid('plan-rules-tier-up-to-0'), '10');
    await waitText(tid('plan-rules-summary'), `Saved as: ${RULES_TEXT}.`);
    // Nothing changed yet: no effective day to give.
    expect(await page.$(tid('plan-effective-from'))).toBeNull();
    await h.type(tid('plan-hour-rate'), '95.00');
    await h.visible(tid('plan-effective-from'));

    // 20 Jan 2026 is inside January, billed in test 2.
    await h.setValue(tid('plan-effective-from'), '2026-01-20');
    await h.click(tid('plan-save'));
    await h.visible(tid('rate-change-dialog'));
    expect(await texts(tid('rate-change-item'))).toEqual(['Hour rate: €90.00 → €95.00']);
    expect(await textOf(tid('rate-change-affects'))).toContain(
      "Usage from Jan 20, 2026 (in each customer's time zone) is billed at the new rates",
    );
    await h.click(tid('rate-change-confirm'));
    await h.visible(tid('plan-save-error'));
    expect(await textOf(tid('plan-save-error'))).toContain('Initech is billed until');
    await waitErrorUnder('plan-effective-from', 'Already billed for a customer');
    expect((await get(`/plans/${planId}`)).rateVersion).toBe(1);
    await h.dismissSnackBar();

    await h.setValue(tid('plan-effective-from'), '2026-02-16');
    expect(await errorUnder('plan-effective-from')).toBe('');
    await h.click(tid('plan-save'));
    await h.visible(tid('rate-change-dialog'));
    expect(await textOf(tid('rate-change-affects'))).toContain('Usage from Feb 16, 2026');
    await shot('rate-change-dated');
    await h.click(tid('rate-change-confirm'));
    await h.waitPath(`/plans/${planId}`);
    expect(await get(`/plans/${planId}`)).toMatchObject({ rateVersion: 2, rateEffectiveFrom: '2026-02-16', hourRateMinor: 9500 });

    // Newest first: version 2 from Feb 16, 2026 at €95.00/h, then version 1 from the start at €90.00/h; the rules unchanged.
    await h.waitCount(tid('rate-version-row'), 2);
    expect(await texts(tid('rate-version-number'))).toEqual(['2', '1']);
    expect(await texts(tid('rate-version-effective'))).toEqual(['From Feb 16, 2026', 'From the start']);
    expect(await texts(tid('rate-version-rate'))).toEqual(['€95.00/h', '€90.00/h']);
    expect(await texts(tid('rate-version-rules'))).toEqual([RULES_TEXT, RULES_TEXT]);
    await h.dismissSnackBar();
  });

  it('4. February billed: its page says version 1 until Feb 16, 2026 and version 2 from then', async () => {
    await push(
      session('feb-v1', departmentId, '2026-02-10T09:00:00Z', '2026-02-10T11:00:00Z'), // Tuesday, before the change
      session('feb-v2', departmentId, '2026-02-17T09:00:00Z', '2026-02-17T11:00:00Z'), // Tuesday, after it
    );
    expect((await run('2026-03-02T00:00:00Z')).billsCreated).toBe(1);
    const feb = await billOf('2026-02-01T00:00:00.000Z');
    expect(feb.rateVersions).toEqual([
      { version: 1, from: '2026-02-01T00:00:00.000Z', until: '2026-02-16T00:00:00.000Z' },
      { version: 2, from: '2026-02-16T00:00:00.000Z', until: '2026-03-01T00:00:00.000Z' },
    ]);
    // One part per version, the tiers counting on: 2 h + 2 h inside the first band at €80.00 = €160.00 + €160.00 (the new
    // hour rate is not used: the bands price every hour). The commitment is each version's €500.00 for its share of
    // February (15/28 and 13/28 of it), €500.00 in all: a €500.00 − €320.00 = €180.00 top-up.
    expect((feb.lines as Line[]).map((l) => [l.kind, l.amountMinor])).toEqual([
      ['hours', 16000],
      ['hours', 16000],
      ['commitment', 18000],
    ]);
    expect(feb.subtotalMinor).toBe(50000);
    await page.goto(url(`/bills/${feb.id}`), { waitUntil: 'load' });
    await waitText(tid('bill-rate-versions'), 'Version 1');
    expect(await textOf(tid('bill-rate-versions'))).toBe('Version 1 until Feb 16, 2026, version 2 from Feb 16, 2026');
    await tallShot('bill', 1100);
  });

  it("5. the customer's own business hours and holidays, read back via the API and shown on its row", async () => {
    const row = `${tid('association-row')}[data-association-id="${associationId}"]`;
    await page.goto(url(`/plans/${planId}`), { waitUntil: 'load' });
    await h.visible(row);
    expect(await page.$(`${row} ${tid('association-own-hours')}`)).toBeNull();
    await h.click(`${row} ${tid('association-edit')}`);
    await h.visible(tid('association-hours-plan-text'));
    expect(await textOf(tid('association-hours-plan-text'))).toBe("The plan's: Business hours Mon–Fri 08:00–18:00 · holidays DE-BY.");

    // Own business hours start from the plan's: Monday from 07:00, no Friday, Austria's public holidays.
    await h.click(`${tid('association-own-hours-toggle')} button`);
    await waitValue(tid('association-calendar-start-0'), '08:00');
    await h.type(tid('association-calendar-start-0'), '07:00');
    await h.click(tid('association-calendar-remove-4'));
    await h.hidden(tid('association-calendar-day-4'));
    await h.type(tid('association-calendar-holiday-country'), 'AT');
    await h.setValue(tid('association-calendar-holiday-region'), '');
    await waitText(tid('association-calendar-summary'), 'Saved as: Business hours Mon 07:00–18:00, Tue–Thu 08:00–18:00 · holidays AT.');
    await page.$eval('mat-dialog-container .mat-mdc-dialog-content', (el) => el.scrollTo(0, el.scrollHeight));
    await h.settle();
    await shot('association-own-hours');
    await h.click(tid('association-edit-save'));
    await h.hidden(tid('association-edit-save'));
    await waitText(`${row} ${tid('association-own-hours')}`, 'Own business hours Mon 07:00–18:00, Tue–Thu 08:00–18:00 · holidays AT');

    expect(await get(`/associations/${associationId}`)).toMatchObject({
      businessHoursOverride: true,
      businessHours: [{ day: 1, start: '07:00', end: '18:00' }, ...MON_FRI_8_18.slice(1, 4)],
      weekendDays: [6, 7],
      holidayCountry: 'AT',
      holidayRegion: null,
      holidayDates: [],
    });
    // The plan's own calendar is untouched.
    expect((await get(`/plans/${planId}`)).businessHours).toEqual(MON_FRI_8_18);
    await h.dismissSnackBar();
  });

  it("6. a tier band ending below the one before and an unknown holiday region: the API's 400 under those fields", async () => {
    await page.goto(url('/plans/new'), { waitUntil: 'load' });
    await h.type(tid('plan-name'), 'Bad tiers');
    await chooseEur();
    await h.click(`${tid('plan-billing-type-per_hour')} input`);
    await h.type(tid('plan-hour-rate'), '90.00');
    await h.type(tid('plan-rules-calendar-holiday-country'), 'DE');
    await h.type(tid('plan-rules-calendar-holiday-region'), 'XX');
    await page.select(tid('plan-rules-tier-mode'), 'graduated');
    await waitValue(tid('plan-rules-tier-up-to-0'), '10');
    await h.type(tid('plan-rules-tier-rate-0'), '80.00');
    // "Add band" inserts before the open-ended rest: up to 5 h, after a band up to 10 h.
    await h.click(tid('plan-rules-tier-add'));
    await h.visible(tid('plan-rules-tier-up-to-1'));
    await h.type(tid('plan-rules-tier-up-to-1'), '5');
    await h.type(tid('plan-rules-tier-rate-1'), '75.00');
    await h.type(tid('plan-rules-tier-rate-2'), '70.00');
    expect(await textOf(tid('plan-rules-tier-open-2'))).toBe('Over 5 h');
    await h.click(tid('plan-save'));

    // Only the API knows that the bands must increase: its 400 names tiers.1.upTo, under the second band's end.
    await waitErrorUnder('plan-rules-tier-up-to-1', 'tiers.1.upTo must be above 10');
    expect(await errorUnder('plan-rules-tier-up-to-0')).toBe('');
    await page.waitForFunction(
      (s) => (document.querySelector(s)?.closest('mat-form-field')?.querySelector('mat-error')?.textContent ?? '').trim() !== '',
      { timeout: STEP },
      tid('plan-rules-calendar-holiday-region'),
    );
    expect(await errorUnder('plan-rules-calendar-holiday-country')).toBe('');
    await tallShot('tier-error', 2000);
    expect(((await get('/plans')).items as { name: string }[]).map((p) => p.name)).toEqual([PLAN]);

    // Fixed: saved, with the three bands.
    await h.type(tid('plan-rules-tier-up-to-1'), '20');
    await h.setValue(tid('plan-rules-calendar-holiday-region'), '');
    await h.click(tid('plan-save'));
    await waitText(tid('plan-title'), 'Bad tiers');
    const saved = ((await get('/plans')).items as { name: string; tiers: unknown; holidayRegion: string | null }[]).find(
      (p) => p.name === 'Bad tiers',
    )!;
    expect(saved.tiers).toEqual([
      { upTo: 10, rateMinor: 8000 },
      { upTo: 20, rateMinor: 7500 },
      { upTo: null, rateMinor: 7000 },
    ]);
    expect(saved.holidayRegion).toBeNull();
    await waitText(tid('plan-rate-rules'), 'Graduated tiers: 0–10 h at €80.00, 10–20 h at €75.00, over 20 h at €70.00');
  });
});
