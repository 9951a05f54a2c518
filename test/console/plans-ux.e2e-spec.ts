/**
 * "A first day without surprises" (issue #12), console side, in a real (headless) Chromium against the
 * whole API on a free port:
 *  1. a rate change on a plan with customers says what it affects and asks first (cancel keeps, confirm saves);
 *  2. a customer's billing address, recipients and due days are edited from the plan page (cycle, start
 *     date and time zone read-only once billed) and read back through the API;
 *  3. the audit trail (bill page, plan history) reads as sentences with names, never UUIDs;
 *  4. no form field's label overlaps its prefix/suffix, the API-key scopes or the field above it.
 * Every wait is explicit (≤ 15 s); screenshots (1280x800) go to docs/screenshots/.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { openConsole, pageHelpers, SHOTS, STEP, tid } from '../support/browser';
import { startTestApp, TestApp } from '../support/app';

const ADA_EMAIL = 'ada@example.com';
const ADA_PASSWORD = 'ada-password-1';
const ADA = 'Ada Admin';
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const address = (name: string) => ({ name, line1: '1 Main Street', city: 'Austin', region: 'TX', postalCode: '78701', country: 'US' });

jest.setTimeout(120_000);

interface Box {
  left: number;
  right: number;
  top: number;
  bottom: number;
  width: number;
  height: number;
}
const intersects = (a: Box, b: Box) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

describe('console: plans, associations, audit and labels without surprises', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let h: ReturnType<typeof pageHelpers>;
  let ada: string; // Ada's token
  let initechId: string;
  let globexId: string;
  let goldId: string;
  let silverId: string;
  let bronzeId: string;
  let billId: string;
  const tmp = mkdtempSync(join(tmpdir(), 'rb-plans-ux-e2e-'));
  let browserErrors: string[] = [];

  const url = (path: string) => `${t.baseUrl}${path}`;
  const shot = (name: string, fullPage = false) => page.screenshot({ path: join(SHOTS, `${name}.png`) as `${string}.png`, fullPage });
  const inputValue = (sel: string) => page.$eval(sel, (el) => (el as HTMLInputElement).value);
  const waitValue = (sel: string, value: string) =>
    page.waitForFunction((s, v) => (document.querySelector(s) as HTMLInputElement | null)?.value === v, { timeout: STEP }, sel, value);
  const plan = async (id: string) => (await t.request('GET', `/plans/${id}`, { token: ada })).body;
  const associationOf = async (departmentId: string) =>
    ((await t.request('GET', `/associations?departmentId=${departmentId}`, { token: ada })).body.items as any[])[0];

  /**
   * Every form field under `scope` that has a text/icon prefix or suffix: its label's and affixes' boxes.
   * Only visible labels count (an empty label is not drawn).
   */
  const affixBoxes = (scope: string) =>
    page.$$eval(`${scope} .mat-mdc-form-field`, (fields) =>
      fields
        .map((f) => {
          const box = (el: Element | null) => {
            if (!el) return null;
            const r = el.getBoundingClientRect();
            return r.width > 0 && r.height > 0
              ? { left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width, height: r.height }
              : null;
          };
          const label = f.querySelector('.mdc-floating-label');
          const affixes = Array.from(
            f.querySelectorAll(
              '.mat-mdc-form-field-text-prefix, .mat-mdc-form-field-text-suffix, .mat-mdc-form-field-icon-prefix, .mat-mdc-form-field-icon-suffix',
            ),
          )
            .map(box)
            .filter((b) => b !== null);
          return { label: (label?.textContent ?? '').trim(), labelBox: box(label), affixes };
        })
        .filter((f) => f.affixes.length > 0),
    );
  /**
   * Each visible floating label against every other field of `scope`: its box, hint, error and affixes.
   * A label on the border or the hint of the field above (stacked fields, grids) is a collision.
   */
  const labelCollisions = (scope: string) =>
    page.$$eval(`${scope} .mat-mdc-form-field`, (fields) => {
      const visible = (r: DOMRect) => r.width > 0 && r.height > 0;
      const hit = (a: DOMRect, b: DOMRect) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
      const name = (f: Element) => (f.querySelector('.mdc-floating-label')?.textContent ?? '').trim();
      const out = { checked: 0, collisions: [] as string[] };
      fields.forEach((f, i) => {
        const label = f.querySelector('.mdc-floating-label');
        if (!label || !visible(label.getBoundingClientRect())) return;
        out.checked++;
        const box = label.getBoundingClientRect();
        fields.forEach((other, j) => {
          if (i === j) return;
          const parts = [
            other.querySelector('.mat-mdc-text-field-wrapper'),
            ...Array.from(
              other.querySelectorAll(
                '.mat-mdc-form-field-hint, .mat-mdc-form-field-error, .mat-mdc-form-field-text-suffix, .mat-mdc-form-field-text-prefix',
              ),
            ),
          ];
          for (const part of parts) {
            if (part && visible(part.getBoundingClientRect()) && hit(box, part.getBoundingClientRect())) {
              out.collisions.push(`"${name(f)}" on ${part.className.split(' ')[0]} of "${name(other)}"`);
            }
          }
        });
      });
      return out;
    });
  const expectNoAffixOverlap = async (scope: string, expectedFields: number) => {
    const fields = await affixBoxes(scope);
    expect(fields.length).toBeGreaterThanOrEqual(expectedFields); // the check is not vacuous
    for (const f of fields) {
      expect(f.labelBox).not.toBeNull();
      for (const a of f.affixes)
        expect({ label: f.label, overlaps: intersects(f.labelBox!, a!) }).toEqual({ label: f.label, overlaps: false });
    }
  };
  const expectLabelsClear = async (scope: string, expectedLabels: number) => {
    const { checked, collisions } = await labelCollisions(scope);
    expect(checked).toBeGreaterThanOrEqual(expectedLabels);
    expect(collisions).toEqual([]);
  };
  /** A screenshot of a long page: the page scrolls inside the layout, so the viewport grows for it. */
  const tallShot = async (name: string, height: number) => {
    await page.setViewport({ width: 1280, height });
    await shot(name);
    await page.setViewport({ width: 1280, height: 800 });
  };

  beforeAll(async () => {
    t = await startTestApp({ MAIL_DIR: join(tmp, 'mail') });
    const root = await t.login();
    const user = await t.request('POST', '/users', {
      token: root,
      body: { email: ADA_EMAIL, name: ADA, role: 'admin', password: ADA_PASSWORD },
    });
    expect(user.status).toBe(201);
    ada = await t.login(ADA_EMAIL, ADA_PASSWORD);

    initechId = (await t.request('POST', '/departments', { token: ada, body: { name: 'Initech' } })).body.id;
    globexId = (await t.request('POST', '/departments', { token: ada, body: { name: 'Globex' } })).body.id;
    const gold = await t.request('POST', '/plans', {
      token: ada,
      body: {
        name: 'Gold',
        currency: 'USD',
        billingType: 'per_hour',
        hourRateMinor: 1000,
        unattendedDeviceRateMinor: 500,
        associations: [
          {
            departmentId: initechId,
            billingCycle: 'monthly',
            billStartDate: '2026-01-01',
            dueDays: 30,
            billingAddress: address('Initech'),
            recipients: ['ap@initech.test'],
          },
        ],
      },
    });
    expect(gold.status).toBe(201);
    goldId = gold.body.id;
    // Silver's customer starts later than the billing run below: not billed, everything still editable.
    const silver = await t.request('POST', '/plans', {
      token: ada,
      body: {
        name: 'Silver',
        currency: 'EUR',
        billingType: 'per_session',
        sessionRateMinor: 2500,
        associations: [
          {
            departmentId: globexId,
            billingCycle: 'monthly',
            billStartDate: '2026-03-01',
            dueDays: 14,
            billingAddress: { ...address('Globex'), country: 'DE' },
            recipients: ['ap@globex.test'],
          },
        ],
      },
    });
    expect(silver.status).toBe(201);
    silverId = silver.body.id;
    bronzeId = (
      await t.request('POST', '/plans', {
        token: ada,
        body: { name: 'Bronze', currency: 'USD', billingType: 'per_session', sessionRateMinor: 500 },
      })
    ).body.id;

    // Ten hours in January, billed at $10.00 an hour: INV-000001 for $100.00.
    const sessions = Array.from({ length: 10 }, (_, i) => ({
      externalId: `jan-${i}`,
      departmentId: initechId,
      type: 'attended',
      startedAt: `2026-01-${String(i + 5).padStart(2, '0')}T10:00:00Z`,
      endedAt: `2026-01-${String(i + 5).padStart(2, '0')}T11:00:00Z`,
    }));
    expect((await t.request('POST', '/sessions/batch', { token: ada, body: { sessions } })).body.accepted).toBe(10);
    const run = await t.request('POST', '/billing-runs', { token: ada, body: { asOf: '2026-02-02T00:00:00Z' } });
    expect(run.body.billsCreated).toBe(1);
    const bills = (await t.request('GET', '/bills', { token: ada })).body.items as any[];
    billId = bills[0].id;
    expect(bills[0]).toMatchObject({ totalMinor: 10000, status: 'unpaid' });

    ({ browser, page, h, errors: browserErrors } = await openConsole(t.baseUrl, join(tmp, 'profile'), ADA_EMAIL, ADA_PASSWORD));
  });

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await t?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  afterEach(() => {
    expect(browserErrors).toEqual([]);
  });

  it('1. a rate change on a plan with customers says what it affects; cancel keeps the old rate, confirm saves', async () => {
    await page.goto(url(`/plans/${goldId}/edit`), { waitUntil: 'load' });
    await waitValue(tid('plan-hour-rate'), '10.00');
    await h.type(tid('plan-hour-rate'), '12.00');
    await h.click(tid('plan-save'));
    await h.visible(tid('rate-change-dialog'));
    const items = await page.$$eval(tid('rate-change-item'), (els) => els.map((el) => (el.textContent ?? '').trim()));
    expect(items).toEqual(['Hour rate: $10.00 → $12.00']);
    const affects = await h.textOf(tid('rate-change-affects'));
    expect(affects).toContain('Initech is on this plan');
    expect(affects).toContain('Periods not billed yet, including the current one, are billed at the new rates when they close');
    expect(await h.textOf(tid('rate-change-dialog'))).toContain('Bills already made keep the rates they were issued with');
    await shot('plan-rate-change-confirm');

    // Cancel: back on the form with nothing saved.
    await h.click(tid('rate-change-cancel'));
    await h.hidden(tid('rate-change-dialog'));
    expect(new URL(page.url()).pathname).toBe(`/plans/${goldId}/edit`);
    expect((await plan(goldId)).hourRateMinor).toBe(1000);

    // Confirm: saved, and the bill already made keeps its $10.00 rate.
    await h.click(tid('plan-save'));
    await h.click(tid('rate-change-confirm'));
    await h.waitPath(`/plans/${goldId}`);
    await h.waitText(tid('plan-details'), '$12.00');
    expect((await plan(goldId)).hourRateMinor).toBe(1200);
    const bill = (await t.request('GET', `/bills/${billId}`, { token: ada })).body;
    expect(bill.lines.find((l: any) => l.kind === 'hours')).toMatchObject({ unitAmountMinor: 1000, amountMinor: 10000 });

    // A plan without customers changes nobody's bill: saved without asking.
    await page.goto(url(`/plans/${bronzeId}/edit`), { waitUntil: 'load' });
    await waitValue(tid('plan-session-rate'), '5.00');
    await h.type(tid('plan-session-rate'), '6.00');
    await h.click(tid('plan-save'));
    await h.waitPath(`/plans/${bronzeId}`);
    expect(await page.$(tid('rate-change-dialog'))).toBeNull();
    expect((await plan(bronzeId)).sessionRateMinor).toBe(600);
    await h.dismissSnackBar();
  });

  it('1b. the currency is editable on a plan without customers and fixed on one with customers (API: PLAN_CURRENCY_LOCKED)', async () => {
    await page.goto(url(`/plans/${bronzeId}/edit`), { waitUntil: 'load' });
    await waitValue(tid('plan-session-rate'), '6.00');
    expect(await page.$eval(tid('plan-currency'), (el) => (el as HTMLInputElement).disabled)).toBe(false);
    await page.goto(url(`/plans/${goldId}/edit`), { waitUntil: 'load' });
    await page.waitForFunction(
      (s) => (document.querySelector(s) as HTMLInputElement | null)?.disabled === true,
      { timeout: STEP },
      tid('plan-currency'),
    );
    await h.waitText('mat-hint', 'Fixed: the plan has customers');
  });

  it("2. edits a billed customer's address, recipients and due days (cycle, start, zone read-only), read back through the API", async () => {
    await page.goto(url(`/plans/${goldId}`), { waitUntil: 'load' });
    await h.click(`${tid('association-row')} ${tid('association-edit')}`);
    await h.visible(tid('association-frozen-note'));
    for (const field of ['assoc-cycle-0', 'assoc-start-date-0', 'assoc-timezone-0', 'assoc-department-0']) {
      expect(await page.$eval(tid(field), (el) => (el as HTMLInputElement).disabled)).toBe(true);
    }
    for (const field of ['assoc-due-days-0', 'assoc-address-line1-0', 'assoc-recipients-0']) {
      expect(await page.$eval(tid(field), (el) => (el as HTMLInputElement).disabled)).toBe(false);
    }
    expect(await inputValue(tid('assoc-address-line1-0'))).toBe('1 Main Street');
    await h.setValue(tid('assoc-due-days-0'), '15');
    await h.type(tid('assoc-address-line1-0'), '42 Innovation Way');
    await h.type(tid('assoc-address-line2-0'), 'Suite 300');
    await h.type(tid('assoc-address-city-0'), 'Dallas');
    await h.type(tid('assoc-recipients-0'), 'billing@initech.test');
    await page.keyboard.press('Enter');
    await h.waitCount(tid('assoc-recipients-0-chip'), 2);
    await h.click(`${tid('assoc-recipients-0-chip')} button[aria-label="Remove ap@initech.test"]`);
    await h.waitCount(tid('assoc-recipients-0-chip'), 1);
    await expectLabelsClear('mat-dialog-container', 12);
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.$eval('mat-dialog-container .mat-mdc-dialog-content', (el) => {
      el.scrollTop = 0;
    });
    await page.waitForFunction(() => document.querySelector('mat-dialog-container .mat-mdc-dialog-content')!.scrollTop === 0, {
      timeout: STEP,
    });
    await shot('association-edit-billed');
    await h.click(tid('association-edit-save'));
    await h.hidden(tid('association-edit-save'));
    await h.waitText(tid('association-row'), '42 Innovation Way');

    const initech = await associationOf(initechId);
    expect(initech).toMatchObject({
      dueDays: 15,
      recipients: ['billing@initech.test'],
      billingCycle: 'monthly',
      billStartDate: '2026-01-01',
      billed: true,
      billingAddress: { ...address('Initech'), line1: '42 Innovation Way', line2: 'Suite 300', city: 'Dallas' },
    });
    await h.dismissSnackBar();

    // Not billed yet: the cycle can still change.
    await page.goto(url(`/plans/${silverId}`), { waitUntil: 'load' });
    await h.click(`${tid('association-row')} ${tid('association-edit')}`);
    await h.visible(tid('association-edit-save'));
    expect(await page.$(tid('association-frozen-note'))).toBeNull();
    expect(await page.$eval(tid('assoc-cycle-0'), (el) => (el as HTMLSelectElement).disabled)).toBe(false);
    await page.select(tid('assoc-cycle-0'), 'quarterly');
    await h.setValue(tid('assoc-due-days-0'), '21');
    await h.click(tid('association-edit-save'));
    await h.hidden(tid('association-edit-save'));
    await h.waitText(tid('association-row'), 'Quarterly');
    expect(await associationOf(globexId)).toMatchObject({
      billingCycle: 'quarterly',
      dueDays: 21,
      billed: false,
      recipients: ['ap@globex.test'],
    });
    await h.dismissSnackBar();
  });

  it('3. the audit trail reads as sentences with names (people, API keys, plans), not UUIDs; unknown actions too', async () => {
    // Ada gives a discount and confirms a payment; a service adds a charge with its API key.
    expect(
      (await t.request('POST', `/bills/${billId}/adjustments`, { token: ada, body: { type: 'discount', percent: 10, reason: 'loyalty' } }))
        .status,
    ).toBeLessThan(300);
    const key = await t.request('POST', '/api-keys', { token: ada, body: { name: 'importer', scopes: ['bills:write'] } });
    expect(
      (
        await t.request('POST', `/bills/${billId}/adjustments`, {
          token: key.body.key,
          body: { type: 'charge', amountMinor: 250, reason: 'setup' },
        })
      ).status,
    ).toBeLessThan(300);
    expect(
      (
        await t.request('POST', `/bills/${billId}/payments`, {
          token: ada,
          body: { amountMinor: 1200, method: 'bank_transfer', reference: 'WIRE-7' },
        })
      ).status,
    ).toBeLessThan(300);
    // An action this console does not know yet, with ids and odd values in it, still reads as a sentence.
    await t.dataSource.query(
      `INSERT INTO audit_events (organization_id, id, occurred_at, actor_type, actor_id, actor_name, action, entity_type, entity_id, before, after)
       SELECT organization_id, $1, now(), 'user', $2, $3, 'bill.reminder_scheduled', 'bill', $4, NULL, $5::jsonb FROM bills WHERE id = $4`,
      [
        randomUUID(),
        (await t.request('GET', '/auth/me', { token: ada })).body.id,
        ADA_EMAIL,
        billId,
        JSON.stringify({ reminderId: randomUUID(), sendOn: '2026-03-05', attempts: [1, 2], nested: { deep: true } }),
      ],
    );

    await page.goto(url(`/bills/${billId}`), { waitUntil: 'load' });
    await h.waitCount(tid('bill-audit-row'), 4);
    const sentences = await page.$$eval(tid('bill-audit-sentence'), (els) => els.map((el) => (el.textContent ?? '').trim()));
    // INV-000001 is issued: the discount issued a credit note, the charge a supplementary invoice (the next invoice number).
    expect(sentences).toEqual([
      'Ada Admin recorded "reminder scheduled" on bill \'INV-000001\'.',
      'Ada Admin confirmed a payment of $12.00 by bank transfer (reference WIRE-7); balance now $80.50.',
      "API key 'importer' issued supplementary invoice INV-000002 of $2.50 for a charge on bill INV-000001 (reason: setup).",
      'Ada Admin issued credit note CN-000001 of $10.00 for a 10% discount on bill INV-000001 (reason: loyalty).',
    ]);
    // The documents' authors are named the same way.
    const authors = await page.$$eval(tid('correction-author'), (cells) => cells.map((c) => (c.textContent ?? '').trim()));
    expect(authors).toEqual([ADA, "API key 'importer'"]);
    const trail = await h.textOf(tid('bill-audit-table'));
    expect(trail).not.toMatch(UUID);
    expect(trail).toContain("Send on: '2026-03-05'"); // the unknown event's fields, in words
    expect(trail).toContain('Attempts: 1, 2');
    await page.$eval(tid('bill-audit-table'), (el) => el.scrollIntoView());
    await tallShot('bill-audit-sentences', 1500);

    await page.goto(url(`/plans/${goldId}`), { waitUntil: 'load' });
    await h.waitText(tid('plan-history-table'), 'rate per hour');
    const history = await page.$$eval(tid('plan-history-sentence'), (els) => els.map((el) => (el.textContent ?? '').trim()));
    expect(history).toEqual(
      expect.arrayContaining([
        "Ada Admin changed plan 'Gold': the rate per hour from $10.00 to $12.00.",
        expect.stringMatching(
          /^Ada Admin changed Initech's billing on plan 'Gold': the due days from 30 days to 15 days, the billing address to '.*42 Innovation Way.*' and the invoice recipients from ap@initech\.test to billing@initech\.test\.$/,
        ),
        "Ada Admin put Initech on plan 'Gold', billed monthly from Jan 1, 2026.",
        "Ada Admin created plan 'Gold' ($10.00 per hour).",
      ]),
    );
    expect(await h.textOf(tid('plan-history-table'))).not.toMatch(UUID);
    await tallShot('plan-history', 1150);
  });

  it('4. labels never overlap prefixes/suffixes, the API-key scopes or the field above', async () => {
    // Plan form, empty (labels at rest would sit on the suffix) and filled.
    await page.goto(url('/plans/new'), { waitUntil: 'load' });
    await h.visible(tid('plan-device-rate'));
    await expectNoAffixOverlap('form[aria-label="Billing plan"]', 4);
    await h.click(`${tid('associate-now')} input`);
    await h.visible(tid('assoc-address-name-0'));
    await expectLabelsClear('form[aria-label="Billing plan"]', 20);
    await shot('plan-form-labels-empty');
    await page.goto(url(`/plans/${goldId}/edit`), { waitUntil: 'load' });
    await waitValue(tid('plan-device-rate'), '5.00');
    await expectNoAffixOverlap('form[aria-label="Billing plan"]', 4);
    // The device cost field: label above its box, currency suffix inside it.
    const device = (await affixBoxes('form[aria-label="Billing plan"]')).find((f) => f.label.startsWith('Unattended device cost'))!;
    expect(device.labelBox!.bottom).toBeLessThanOrEqual(device.affixes[0]!.top);

    // Bill dialogs with a currency or % suffix, and their stacked fields.
    await page.goto(url('/bills'), { waitUntil: 'load' });
    await h.click(`${tid('bill-row')} ${tid('bill-menu')}`);
    await h.click(`.mat-mdc-menu-panel ${tid('bill-menu-pay')}`);
    await h.visible(tid('payment-amount'));
    await expectNoAffixOverlap('mat-dialog-container', 1);
    await expectLabelsClear('mat-dialog-container', 4);
    await page.keyboard.press('Escape');
    await h.hidden('mat-dialog-container');
    await h.click(`${tid('bill-row')} ${tid('bill-menu')}`);
    await h.click(`.mat-mdc-menu-panel ${tid('bill-menu-adjust')}`);
    await h.visible(tid('adjustment-amount'));
    await expectNoAffixOverlap('mat-dialog-container', 1);
    await h.click(`${tid('adjustment-mode-percent')} input`);
    await h.visible(tid('adjustment-percent'));
    await expectNoAffixOverlap('mat-dialog-container', 1);
    await expectLabelsClear('mat-dialog-container', 2);
    await page.keyboard.press('Escape');
    await h.hidden('mat-dialog-container');

    // New device: four stacked fields, no label on the border of the field above.
    await page.goto(url('/devices'), { waitUntil: 'load' });
    await h.click(`${tid('device-new')}:not([disabled])`);
    await h.visible(tid('device-name'));
    await expectLabelsClear('mat-dialog-container', 4);
    await shot('device-dialog-labels');
    await page.keyboard.press('Escape');
    await h.hidden('mat-dialog-container');

    // New API key: each scope apart from what it allows.
    await page.goto(url('/settings/api-keys'), { waitUntil: 'load' });
    await h.click(tid('api-key-new'));
    await h.visible(tid('api-key-name'));
    const scopes = await page.$$eval(`mat-dialog-container ${tid('api-key-scope-code')}`, (codes) =>
      codes.map((code) => {
        const hint = code.parentElement!.querySelector('[data-testid="api-key-scope-hint"]')!;
        const a = code.getBoundingClientRect();
        const b = hint.getBoundingClientRect();
        return {
          scope: code.textContent,
          gap: b.top >= a.bottom ? Infinity : b.left - a.right,
          a: { left: a.left, right: a.right, top: a.top, bottom: a.bottom },
          b: { left: b.left, right: b.right, top: b.top, bottom: b.bottom },
        };
      }),
    );
    expect(scopes).toHaveLength(5);
    for (const s of scopes) {
      expect(intersects(s.a as Box, s.b as Box)).toBe(false);
      expect(s.gap).toBeGreaterThanOrEqual(8);
    }
    await expectLabelsClear('mat-dialog-container', 1);
    await shot('api-key-dialog-scopes');
    await page.keyboard.press('Escape');
    await h.hidden('mat-dialog-container');
  });
});
