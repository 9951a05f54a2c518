import { png } from '../../libs/invoicing/src/invoice-fixtures.helper-spec';
import { extractPdfTexts, normalizeSpace } from '../../libs/invoicing/src/pdf-text.helper-spec';
import { startTestApp, TestApp } from '../support/app';
import { ContractCheck, contractFor } from '../support/contract';

/**
 * GET /organization/invoice-preview (issue #14, point 6): a sample invoice with the organization's seller profile
 * and logo as they are now, in a language, as a PDF read back as text. The sample's figures (net 830.50, 20 %,
 * tax 166.10, gross 996.60, paid 500.00, balance 496.60) are libs/invoicing's sample-invoice.ts, worked out by hand there.
 */
describe('the invoice preview (GET /organization/invoice-preview)', () => {
  let t: TestApp;
  let admin: string;
  let contract: ContractCheck;

  /** A request whose answer is read as bytes, held to the served document like t.request's. */
  async function get(path: string, token?: string) {
    const url = new URL(`${t.api}${path}`);
    const res = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    const bytes = Buffer.from(await res.arrayBuffer());
    const contentType = res.headers.get('content-type') ?? '';
    const body: unknown = contentType.includes('json') ? JSON.parse(bytes.toString('utf8')) : bytes.toString('latin1');
    contract.check('GET', url.pathname, res.status, contentType, body);
    return { status: res.status, headers: res.headers, bytes, body: body as any };
  }

  /** The text of preview PDFs, in one pdf.js process. */
  async function previewTexts(...queries: string[]): Promise<{ text: string; pdf: Buffer }[]> {
    const pdfs: Buffer[] = [];
    for (const query of queries) {
      const res = await get(`/organization/invoice-preview${query}`, admin);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      expect(res.headers.get('content-disposition')).toBe('inline; filename="invoice-preview.pdf"');
      expect(res.headers.get('cache-control')).toBe('private, no-store');
      pdfs.push(res.bytes);
    }
    const texts = await extractPdfTexts(pdfs);
    return texts.map((x, i) => ({ text: normalizeSpace(x.text), pdf: pdfs[i] }));
  }

  const hasImage = (pdf: Buffer) => pdf.toString('latin1').includes('/Subtype /Image');
  const expectAll = (text: string, parts: string[]) => expect(parts.filter((p) => !text.includes(p))).toEqual([]);

  beforeAll(async () => {
    t = await startTestApp();
    contract = await contractFor(await (await fetch(`${t.baseUrl}/api/docs-json`)).json());
    admin = await t.login();
    const profile = await t.request('PATCH', '/organization', {
      token: admin,
      body: {
        legalName: 'Initech Deutschland GmbH',
        vatId: 'DE136695976',
        taxNumber: '143/123/45678',
        companyRegistration: 'Amtsgericht München HRB 123456',
        address: { line1: 'Leopoldstraße 12', postalCode: '80802', city: 'München', region: 'Bayern', country: 'DE' },
        contactEmail: 'billing@initech.test',
        phone: '+49 89 1234567',
        website: 'https://www.initech.test',
        accountHolder: 'Initech Deutschland GmbH',
        iban: 'DE89370400440532013000',
        bic: 'COBADEFFXXX',
        paymentInstructions: 'Verwendungszweck: Rechnungsnummer',
        paymentTerms: 'Zahlbar innerhalb von 14 Tagen.',
        invoiceFooter: 'Geschäftsführer: Bill Lumbergh',
        invoiceLanguage: 'de',
      },
    });
    expect(profile.status).toBe(200);
    const logo = await fetch(`${t.api}/organization/logo`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'image/png' },
      body: new Uint8Array(png(60, 20)),
    });
    expect(logo.status).toBe(200);
  });
  afterAll(async () => t?.close());

  it("prints the sample in the organization's language with its current seller profile and logo", async () => {
    const [{ text, pdf }] = await previewTexts('');
    expectAll(text, [
      'Rechnung',
      'MUSTER',
      'Initech Deutschland GmbH',
      'Leopoldstraße 12 80802 München Deutschland',
      'USt-IdNr. DE136695976',
      'Steuernummer 143/123/45678',
      'Handelsregister Amtsgericht München HRB 123456',
      'E-Mail billing@initech.test',
      'Telefon +49 89 1234567',
      'Web https://www.initech.test',
      'Sitzungsstunden 12,5 Stunden 60,00 € 750,00 €',
      'Unbeaufsichtigte Geräte 8 Geräte 12,50 € 100,00 €',
      'USt. 20 % 830,50 € 166,10 €',
      'Summe netto 830,50 €',
      'Gesamtbetrag brutto 996,60 €',
      'Offener Betrag 496,60 €',
      'Kontoinhaber Initech Deutschland GmbH',
      'IBAN DE89 3704 0044 0532 0130 00',
      'BIC COBADEFFXXX',
      'Zahlungshinweise Verwendungszweck: Rechnungsnummer',
      'Zahlungsbedingungen Zahlbar innerhalb von 14 Tagen.',
      'Geschäftsführer: Bill Lumbergh',
    ]);
    expect(hasImage(pdf)).toBe(true);
  });

  it('prints it in the language asked for', async () => {
    const [fr, en, it] = await previewTexts('?language=fr', '?language=en', '?language=it');
    expectAll(fr.text, [
      'Facture',
      'SPÉCIMEN',
      'Leopoldstraße 12 80802 München Allemagne',
      'N° TVA DE136695976',
      'Heures de session 12,5 heures 60,00 € 750,00 €',
      'TVA 20 % 830,50 € 166,10 €',
      'Total HT 830,50 €',
      'Total TTC 996,60 €',
      'Reste à payer 496,60 €',
      'Conditions de paiement Zahlbar innerhalb von 14 Tagen.',
    ]);
    expectAll(en.text, [
      'Invoice',
      'SAMPLE',
      'Leopoldstraße 12 80802 München Germany',
      'VAT ID DE136695976',
      'Session hours 12.5 hours €60.00 €750.00',
      'VAT 20 % €830.50 €166.10',
      'Net total €830.50',
      'Total €996.60',
      'Balance due €496.60',
    ]);
    expectAll(it.text, ['Fattura', 'Partita IVA DE136695976', 'Ore di sessione 12,5 ore', 'Totale documento 996,60 €', 'Germania']);
  });

  it('always shows the profile as it is now: a change or a removed logo shows at once', async () => {
    expect((await t.request('PATCH', '/organization', { token: admin, body: { legalName: 'Initech GmbH', vatId: null } })).status).toBe(
      200,
    );
    expect((await fetch(`${t.api}/organization/logo`, { method: 'DELETE', headers: { authorization: `Bearer ${admin}` } })).status).toBe(
      204,
    );
    const [{ text, pdf }] = await previewTexts('?language=de');
    expect(text).toContain('Initech GmbH Leopoldstraße 12');
    expect(text).not.toContain('DE136695976');
    expect(hasImage(pdf)).toBe(false);
  });

  it('answers 400 naming `language` for a language it does not write, and for a parameter it does not know', async () => {
    for (const query of ['?language=pt', '?language=DE', '?language=']) {
      const res = await get(`/organization/invoice-preview${query}`, admin);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({
        code: 'VALIDATION_FAILED',
        errors: [{ field: 'language', message: 'language must be one of en, de, fr, es, nl, it' }],
      });
    }
    const unknown = await get('/organization/invoice-preview?lang=de', admin);
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([{ field: 'lang', message: 'is not a known field' }]);
  });

  it('is for the people of the organization (organization:read), not for API keys', async () => {
    const viewer = await t.createUser('viewer');
    const billing = await t.createUser('billing');
    for (const token of [viewer, billing]) expect((await get('/organization/invoice-preview', token)).status).toBe(200);
    const key = (await t.request('POST', '/api-keys', { token: admin, body: { name: 'reader', scopes: ['bills:read'] } })).body.key;
    expect((await get('/organization/invoice-preview', key)).status).toBe(403);
    expect((await get('/organization/invoice-preview')).status).toBe(401);
  });

  it('stores nothing: no bill, no audit event, the profile unchanged', async () => {
    const before = (await t.request('GET', '/organization', { token: admin })).body;
    const audit = (await t.request('GET', '/audit-events?limit=100', { token: admin })).body.items.length;
    await previewTexts('?language=es');
    expect((await t.request('GET', '/organization', { token: admin })).body).toEqual(before);
    expect((await t.request('GET', '/audit-events?limit=100', { token: admin })).body.items).toHaveLength(audit);
    expect((await t.request('GET', '/bills', { token: admin })).body.items).toEqual([]);
  });
});
