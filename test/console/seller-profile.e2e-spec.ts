/**
 * Settings > Organization's seller profile in a real (headless) Chromium against the whole API: an admin fills the
 * legal identity, address, contact, payment details and invoice texts and saves them; a value the server refuses
 * (an IBAN with a wrong checksum, an unknown country) shows under its field; a logo is uploaded, previewed from the
 * stored bytes, refused when it is not an image, and removed.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import type { Browser, ElementHandle, Page } from 'puppeteer-core';
import { openConsole, pageHelpers, STEP, tid } from '../support/browser';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startTestApp, TestApp } from '../support/app';

jest.setTimeout(120_000);

/** A real 40 × 20 PNG of one colour. */
function png(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const head = Buffer.alloc(4);
    head.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([head, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => [0xcc, 0x33, 0x66]).flat())]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(Array.from({ length: height }, () => row)))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('console: Settings > Organization, the seller profile', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let h: ReturnType<typeof pageHelpers>;
  const tmp = mkdtempSync(join(tmpdir(), 'rb-console-seller-e2e-'));
  let browserErrors: string[] = [];
  const logo = png(40, 20);
  const profile = async () => (await t.request('GET', '/organization', { token: await t.login() })).body;
  /** The text of the mat-error in the same form field as the input `id`. */
  const errorUnder = (id: string) =>
    page.$eval(tid(id), (el) => (el.closest('mat-form-field')?.querySelector('mat-error')?.textContent ?? '').trim());

  const fileInput = async () => (await page.$(tid('organization-logo-input'))) as ElementHandle<HTMLInputElement>;

  beforeAll(async () => {
    t = await startTestApp({ MAIL_DIR: join(tmp, 'mail') });
    ({ browser, page, h, errors: browserErrors } = await openConsole(t.baseUrl, join(tmp, 'profile'), ADMIN_EMAIL, ADMIN_PASSWORD));
    writeFileSync(join(tmp, 'logo.png'), logo);
    writeFileSync(join(tmp, 'notes.png'), 'these are notes, not an image');
  });

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await t?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('fills and saves the whole profile', async () => {
    await page.goto(`${t.baseUrl}/settings/organization`, { waitUntil: 'load' });
    await h.visible(tid('organization-form'));
    await page.waitForFunction(
      (s) => (document.querySelector(s) as HTMLInputElement | null)?.value === 'Test Org',
      { timeout: STEP },
      tid('organization-name-input'),
    );
    await h.waitText(tid('organization-logo-none'), 'No logo');
    const fields: [string, string][] = [
      ['organization-legal-name', 'Initech Deutschland GmbH'],
      ['organization-vat-id', 'DE 136 695 976'],
      ['organization-tax-number', '143/123/45678'],
      ['organization-registration', 'Amtsgericht München HRB 123456'],
      ['organization-address-line1', 'Leopoldstraße 12'],
      ['organization-address-postal-code', '80802'],
      ['organization-address-city', 'München'],
      ['organization-address-region', 'Bayern'],
      ['organization-address-country', 'de'],
      ['organization-contact-email', 'billing@initech.test'],
      ['organization-phone', '+49 89 1234567'],
      ['organization-website', 'https://www.initech.test'],
      ['organization-account-holder', 'Initech Deutschland GmbH'],
      ['organization-iban', 'DE89 3704 0044 0532 0130 00'],
      ['organization-bic', 'COBADEFFXXX'],
      ['organization-payment-terms', 'Payable within 14 days without deduction.'],
      ['organization-invoice-footer', 'Geschäftsführer: Bill Lumbergh'],
    ];
    for (const [id, value] of fields) await h.type(tid(id), value);
    await page.select(tid('organization-invoice-language'), 'de');
    await h.click(tid('organization-save'));
    await h.waitText('.mat-mdc-snack-bar-container', 'Organization saved');

    expect(await profile()).toMatchObject({
      name: 'Test Org',
      legalName: 'Initech Deutschland GmbH',
      vatId: 'DE136695976',
      taxNumber: '143/123/45678',
      companyRegistration: 'Amtsgericht München HRB 123456',
      address: { line1: 'Leopoldstraße 12', line2: null, postalCode: '80802', city: 'München', region: 'Bayern', country: 'DE' },
      contactEmail: 'billing@initech.test',
      phone: '+49 89 1234567',
      website: 'https://www.initech.test',
      accountHolder: 'Initech Deutschland GmbH',
      iban: 'DE89370400440532013000',
      bic: 'COBADEFFXXX',
      paymentInstructions: null,
      paymentTerms: 'Payable within 14 days without deduction.',
      invoiceFooter: 'Geschäftsführer: Bill Lumbergh',
      invoiceLanguage: 'de',
      senderName: null,
      replyToEmail: null,
      logo: null,
    });
    // The form shows what was stored, normalized.
    await page.reload({ waitUntil: 'load' });
    await page.waitForFunction(
      (s) => (document.querySelector(s) as HTMLInputElement | null)?.value === 'DE89370400440532013000',
      { timeout: STEP },
      tid('organization-iban'),
    );
    expect(await page.$eval(tid('organization-vat-id'), (el) => (el as HTMLInputElement).value)).toBe('DE136695976');
    expect(await page.$eval(tid('organization-address-country'), (el) => (el as HTMLInputElement).value)).toBe('DE');
    expect(await page.$eval(tid('organization-invoice-language'), (el) => (el as HTMLSelectElement).value)).toBe('de');
  });

  it('shows what the server refuses under its field (IBAN checksum, country) and saves nothing', async () => {
    await h.dismissSnackBar();
    await h.type(tid('organization-iban'), 'DE89 3704 0044 0532 0130 01');
    await h.type(tid('organization-address-country'), 'XX');
    await h.click(tid('organization-save'));
    await h.waitText(tid('organization-iban-error'), 'iban has a wrong check digit (mod-97 checksum)');
    expect(await errorUnder('organization-iban')).toBe('iban has a wrong check digit (mod-97 checksum): check it for a typo');
    expect(await errorUnder('organization-address-country')).toBe('country must be an ISO 3166-1 alpha-2 code such as DE');
    expect(await errorUnder('organization-bic')).toBe('');
    const org = await profile();
    expect(org.iban).toBe('DE89370400440532013000');
    expect(org.address.country).toBe('DE');

    // Fixed, it saves (and only what changed is sent: the IBAN and the address).
    await h.type(tid('organization-iban'), 'DE02120300000000202051');
    await h.type(tid('organization-address-country'), 'DE');
    await h.click(tid('organization-save'));
    await h.waitText('.mat-mdc-snack-bar-container', 'Organization saved');
    expect(await profile()).toMatchObject({
      iban: 'DE02120300000000202051',
      address: { country: 'DE', city: 'München' },
      bic: 'COBADEFFXXX',
    });
  });

  it('uploads a logo and shows its preview from the stored bytes; refuses a file that is not an image', async () => {
    await h.dismissSnackBar();
    await fileInput().then((input) => input.uploadFile(join(tmp, 'logo.png')));
    await page.waitForFunction(
      (s) => {
        const img = document.querySelector(s) as HTMLImageElement | null;
        return !!img && img.complete && img.naturalWidth === 40 && img.naturalHeight === 20;
      },
      { timeout: STEP },
      tid('organization-logo-preview'),
    );
    expect(await page.$eval(tid('organization-logo-preview'), (el) => (el as HTMLImageElement).src.slice(0, 22))).toBe(
      'data:image/png;base64,',
    );
    await h.waitText(tid('organization-logo-facts'), `PNG · 40 × 20 px · ${logo.length} bytes`);
    expect((await profile()).logo).toMatchObject({ contentType: 'image/png', sizeBytes: logo.length, width: 40, height: 20 });
    const bytes = Buffer.from(
      await (await fetch(`${t.api}/organization/logo`, { headers: { authorization: `Bearer ${await t.login()}` } })).arrayBuffer(),
    );
    expect(bytes.equals(logo)).toBe(true);

    await h.dismissSnackBar();
    await fileInput().then((input) => input.uploadFile(join(tmp, 'notes.png')));
    await h.waitText(tid('organization-logo-error'), 'logo is not a PNG or JPEG image');
    expect((await profile()).logo).toMatchObject({ sizeBytes: logo.length }); // the stored logo stays
    expect(await page.$(tid('organization-logo-preview'))).not.toBeNull();
  });

  it('removes the logo', async () => {
    await h.click(tid('organization-logo-remove'));
    await h.waitText(tid('organization-logo-none'), 'No logo');
    expect((await profile()).logo).toBeNull();
    await page.reload({ waitUntil: 'load' });
    await h.waitText(tid('organization-logo-none'), 'No logo');
    expect(browserErrors).toEqual([]);
  });
});
