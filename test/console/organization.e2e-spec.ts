/**
 * Settings > Organization in a real (headless) Chromium against the whole API: an admin renames the organization
 * and sets the sender name and Reply-To of its invoice e-mails; a value the server refuses shows under its field.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { openConsole, pageHelpers, SHOTS, STEP, tid } from '../support/browser';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startTestApp, TestApp } from '../support/app';

jest.setTimeout(120_000);

describe('console: Settings > Organization', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let h: ReturnType<typeof pageHelpers>;
  const tmp = mkdtempSync(join(tmpdir(), 'rb-console-org-e2e-'));
  let browserErrors: string[] = [];
  const url = (path: string) => `${t.baseUrl}${path}`;
  const valueOf = (sel: string) => page.$eval(sel, (el) => (el as HTMLInputElement).value);

  beforeAll(async () => {
    t = await startTestApp({ MAIL_DIR: join(tmp, 'mail'), MAIL_FROM: 'Remote Billing <billing@rb.test>', MAIL_REPLY_TO: 'help@rb.test' });
    ({ browser, page, h, errors: browserErrors } = await openConsole(t.baseUrl, join(tmp, 'profile'), ADMIN_EMAIL, ADMIN_PASSWORD));
  });

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await t?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('shows the organization with the server defaults as placeholders', async () => {
    await page.goto(url('/settings/organization'), { waitUntil: 'load' });
    await h.visible(tid('organization-form'));
    await page.waitForFunction(
      (s) => (document.querySelector(s) as HTMLInputElement | null)?.value === 'Test Org',
      { timeout: STEP },
      tid('organization-name-input'),
    );
    expect(await valueOf(tid('organization-sender-name'))).toBe('');
    expect(await page.$eval(tid('organization-sender-name'), (el) => (el as HTMLInputElement).placeholder)).toBe('Remote Billing');
    expect(await page.$eval(tid('organization-reply-to'), (el) => (el as HTMLInputElement).placeholder)).toBe('help@rb.test');
    await h.waitText(
      tid('organization-mail-preview'),
      'Invoices are sent from “Remote Billing” <billing@rb.test>, replies go to help@rb.test.',
    );
  });

  it('shows the field the server refuses under that field, and saves nothing', async () => {
    await h.type(tid('organization-reply-to'), 'accounts@initech'); // the browser's check lets it pass, the API's does not
    await h.click(tid('organization-save'));
    await h.waitText('mat-error', 'replyToEmail must be an email');
    expect((await t.request('GET', '/organization', { token: await t.login() })).body.replyToEmail).toBeNull();
  });

  it('saves name, sender name and Reply-To; the header, the preview and the API show them', async () => {
    await h.type(tid('organization-name-input'), 'Initech Support');
    await h.type(tid('organization-sender-name'), 'Initech Accounts');
    await h.type(tid('organization-reply-to'), 'accounts@initech.test');
    await h.waitText(
      tid('organization-mail-preview'),
      'Invoices are sent from “Initech Accounts” <billing@rb.test>, replies go to accounts@initech.test.',
    ); // the preview follows the typing
    await h.click(tid('organization-save'));
    await h.waitText('.mat-mdc-snack-bar-container', 'Organization saved');
    await h.waitText(tid('org-name'), 'Initech Support');
    const org = (await t.request('GET', '/organization', { token: await t.login() })).body;
    expect(org).toMatchObject({ name: 'Initech Support', senderName: 'Initech Accounts', replyToEmail: 'accounts@initech.test' });
    await page.screenshot({ path: join(SHOTS, 'settings-organization.png') as `${string}.png` });

    await page.reload({ waitUntil: 'load' });
    await page.waitForFunction(
      (s) => (document.querySelector(s) as HTMLInputElement | null)?.value === 'Initech Accounts',
      { timeout: STEP },
      tid('organization-sender-name'),
    );
    expect(await valueOf(tid('organization-reply-to'))).toBe('accounts@initech.test');
  });

  it('goes back to the defaults when the fields are emptied', async () => {
    await h.dismissSnackBar();
    await h.setValue(tid('organization-sender-name'), '');
    await h.setValue(tid('organization-reply-to'), '');
    await h.click(tid('organization-save'));
    await h.waitText('.mat-mdc-snack-bar-container', 'Organization saved');
    const org = (await t.request('GET', '/organization', { token: await t.login() })).body;
    expect(org).toMatchObject({ name: 'Initech Support', senderName: null, replyToEmail: null });
    await h.waitText(
      tid('organization-mail-preview'),
      'Invoices are sent from “Remote Billing” <billing@rb.test>, replies go to help@rb.test.',
    );
    expect(browserErrors).toEqual([]);
  });
});
