/**
 * The dashboard shows what a billing run could not do: customers whose bill could not be computed (every other
 * customer billed, the failure named with its attempts) and sessions no association covers, linking to the
 * sessions page filtered on them. Real Chromium against the whole API.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { openConsole, pageHelpers, SHOTS, tid } from '../support/browser';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startTestApp, TestApp } from '../support/app';

jest.setTimeout(120_000);

const address = { name: 'Customer', line1: '1 Road', city: 'Town', country: 'US' };
const assoc = (departmentId: string) => ({
  departmentId,
  billingCycle: 'monthly',
  billStartDate: '2026-01-01',
  dueDays: 10,
  billingAddress: address,
  recipients: ['ap@x.test'],
  timeZone: 'UTC',
});

describe('console: billing failures and uncovered sessions on the dashboard', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let h: ReturnType<typeof pageHelpers>;
  const tmp = mkdtempSync(join(tmpdir(), 'rb-console-dash-e2e-'));
  let browserErrors: string[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    const admin = await t.login();
    const call = (method: string, path: string, body?: unknown) => t.request(method, path, { token: admin, body });
    const key = (await call('POST', '/api-keys', { name: 'k', scopes: ['usage:write'] })).body.key;
    const big = (await call('POST', '/departments', { name: 'Huge Corp' })).body.id;
    const small = (await call('POST', '/departments', { name: 'Small Shop' })).body.id;
    const lonely = (await call('POST', '/departments', { name: 'Nobody Yet' })).body.id;
    await call('POST', '/plans', {
      name: 'Max rate',
      currency: 'USD',
      billingType: 'per_hour',
      hourRateMinor: 100_000_000_000,
      associations: [assoc(big)],
    });
    await call('POST', '/plans', {
      name: 'Normal',
      currency: 'USD',
      billingType: 'per_session',
      sessionRateMinor: 1000,
      associations: [assoc(small)],
    });
    // 540 seven-day sessions at 10^11 per hour: beyond 2^53 minor units, the bill can not be made.
    const week = 7 * 24 * 3600_000;
    const sessions = Array.from({ length: 540 }, (_, i) => {
      const start = Date.parse(`2026-01-0${1 + (i % 9)}T00:00:00Z`);
      return {
        externalId: `big-${i}`,
        departmentId: big,
        type: 'attended',
        startedAt: new Date(start).toISOString(),
        endedAt: new Date(start + week).toISOString(),
      };
    });
    sessions.push(
      { externalId: 'small-1', departmentId: small, type: 'attended', startedAt: '2026-01-10T10:00:00Z', endedAt: '2026-01-10T10:30:00Z' },
      {
        externalId: 'lonely-1',
        departmentId: lonely,
        type: 'attended',
        startedAt: '2026-01-10T10:00:00Z',
        endedAt: '2026-01-10T10:30:00Z',
      },
      {
        externalId: 'lonely-2',
        departmentId: lonely,
        type: 'attended',
        startedAt: '2026-01-11T10:00:00Z',
        endedAt: '2026-01-11T10:30:00Z',
      },
    );
    for (let i = 0; i < sessions.length; i += 200) {
      expect((await t.request('POST', '/sessions/batch', { token: key, body: { sessions: sessions.slice(i, i + 200) } })).status).toBe(200);
    }
    const run = await call('POST', '/billing-runs', { asOf: '2026-02-01T00:00:00Z' });
    expect([run.body.billsCreated, run.body.failures.length]).toEqual([1, 1]);

    ({ browser, page, h, errors: browserErrors } = await openConsole(t.baseUrl, join(tmp, 'profile'), ADMIN_EMAIL, ADMIN_PASSWORD));
  });

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await t?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('names the customer that could not be billed, and counts and links the uncovered sessions', async () => {
    await h.visible(tid('dashboard-billing-failures'));
    const failure = await h.textOf(tid('dashboard-billing-failure'));
    expect(failure).toContain('Huge Corp');
    expect(failure).toContain('Max rate');
    expect(failure).toContain('AMOUNT_OUT_OF_RANGE, 1 attempt');
    expect(await h.textOf(tid('dashboard-uncovered'))).toContain('2 sessions started when no association covered');
    await page.screenshot({ path: join(SHOTS, 'dashboard-billing-failures.png'), fullPage: true });

    // "Run billing now" retries it: a second attempt, still named.
    await h.click(tid('run-billing'));
    await h.waitText(tid('billing-run-failures'), '1 could not be billed');
    await h.waitText(tid('dashboard-billing-failure'), '2 attempts');

    await h.click(`${tid('dashboard-uncovered')} a`);
    await h.waitPath('/sessions');
    await h.waitCount(tid('session-row'), 2);
    expect(await page.$eval(tid('sessions-filter-coverage'), (el) => (el as HTMLSelectElement).value)).toBe('uncovered');
    expect(await page.$$eval(tid('session-uncovered'), (els) => els.map((e) => e.textContent?.trim()))).toEqual([
      'Never: no association',
      'Never: no association',
    ]);
    // Back to all sessions: the covered ones show without the label.
    await page.select(tid('sessions-filter-coverage'), '');
    await h.waitCount(tid('session-row'), 50);
    expect(browserErrors).toEqual([]);
  });
});
