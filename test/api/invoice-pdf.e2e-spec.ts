import { png } from '../../libs/invoicing/src/invoice-fixtures.helper-spec';
import { extractPdfTexts, normalizeSpace } from '../../libs/invoicing/src/pdf-text.helper-spec';
import { startTestApp, TestApp } from '../support/app';

/**
 * Bills' PDFs (issue #14, "Done when", the PDF half): a German MSP (EUR, 19 %) bills a German customer, an Austrian
 * business customer (reverse charge) and a Swiss customer (export, in French); a US MSP bills a New York sales tax.
 * Each PDF, read back as text, shows what point 5 lists, in the customer's language, from the bill's own snapshot
 * of the seller (a later edit of the profile or the logo changes only the preview). Figures by hand beside each.
 */
const s = (externalId: string, departmentId: string, startedAt: string, minutes: number) => ({
  externalId,
  departmentId,
  type: 'attended',
  startedAt,
  endedAt: new Date(Date.parse(startedAt) + minutes * 60_000).toISOString(),
});
const assoc = (departmentId: string, billingAddress: Record<string, string>, extra: Record<string, unknown> = {}) => ({
  departmentId,
  billingCycle: 'monthly',
  billStartDate: '2026-01-01',
  dueDays: 14,
  timeZone: 'UTC',
  billingAddress,
  recipients: ['ap@customer.test'],
  ...extra,
});
const hourPlan = (name: string, currency: string, hourRateMinor: number, extra: Record<string, unknown>) => ({
  name,
  currency,
  billingType: 'per_hour',
  hourRateMinor,
  billingIncrementMinutes: 1,
  minimumBillableMinutes: 0,
  ...extra,
});
const hasImage = (pdf: Buffer) => pdf.toString('latin1').includes('/Subtype /Image');

describe('invoice PDFs of taxed bills, in the customer language', () => {
  let t: TestApp;
  let de: string;
  let us: string;
  let ca: string;
  const bills: Record<'berlin' | 'wien' | 'zurich' | 'nyc' | 'vancouver', string> = {
    berlin: '',
    wien: '',
    zurich: '',
    nyc: '',
    vancouver: '',
  };

  const created = async (token: string, path: string, body: unknown): Promise<string> => {
    const res = await t.request('POST', path, { token, body });
    if (res.status !== 201) throw new Error(`${path}: ${res.status} ${res.text}`);
    return res.body.id as string;
  };
  const push = async (token: string, sessions: unknown[]) => {
    const key = (await t.request('POST', '/api-keys', { token, body: { name: 'sessions', scopes: ['usage:write'] } })).body.key;
    expect((await t.request('POST', '/sessions/batch', { token: key, body: { sessions } })).body.accepted).toBe(sessions.length);
  };
  const billOf = async (token: string, departmentId: string) => {
    const items = (await t.request('GET', `/bills?departmentId=${departmentId}`, { token })).body.items;
    expect(items).toHaveLength(1);
    return items[0].id as string;
  };
  const download = async (token: string, path: string): Promise<Buffer> => {
    const res = await fetch(`${t.api}${path}`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    return Buffer.from(await res.arrayBuffer());
  };
  const texts = async (pdfs: Buffer[]) => (await extractPdfTexts(pdfs)).map((x) => normalizeSpace(x.text));
  const expectAll = (text: string, parts: string[]) => expect(parts.filter((p) => !text.includes(p))).toEqual([]);

  beforeAll(async () => {
    t = await startTestApp();
    de = await t.login();
    expect(
      (
        await t.request('PATCH', '/organization', {
          token: de,
          body: {
            legalName: 'Muster IT-Service GmbH',
            vatId: 'DE136695976',
            taxNumber: '27/123/45678',
            companyRegistration: 'Amtsgericht Charlottenburg HRB 123456',
            address: { line1: 'Hauptstraße 5', postalCode: '10115', city: 'Berlin', country: 'DE' },
            contactEmail: 'rechnung@muster.test',
            phone: '+49 30 1234567',
            website: 'https://muster.test',
            accountHolder: 'Muster IT-Service GmbH',
            iban: 'DE89370400440532013000',
            bic: 'COBADEFFXXX',
            paymentInstructions: 'Verwendungszweck: Rechnungsnummer',
            paymentTerms: 'Zahlbar innerhalb von 14 Tagen ohne Abzug.',
            invoiceFooter: 'Geschäftsführer: Max Muster',
            invoiceLanguage: 'de',
          },
        })
      ).status,
    ).toBe(200);
    const logo = await fetch(`${t.api}/organization/logo`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${de}`, 'content-type': 'image/png' },
      body: new Uint8Array(png(90, 30)),
    });
    expect(logo.status).toBe(200);
    const vat = await created(de, '/tax-rates', { name: 'USt', ratePercent: 19, categoryCode: 'S' });
    const berlin = await created(de, '/departments', { name: 'Kunde Berlin', legalName: 'Kunde Berlin GmbH', vatId: 'DE811569869' });
    const wien = await created(de, '/departments', {
      name: 'Kunde Wien',
      legalName: 'Wiener Kunde GmbH',
      vatId: 'ATU13585627',
      taxTreatment: 'reverse_charge',
    });
    const zurich = await created(de, '/departments', { name: 'Kunde Zürich', taxTreatment: 'export', invoiceLanguage: 'fr' });
    await created(
      de,
      '/plans',
      hourPlan('Support DE', 'EUR', 9000, {
        taxRateIds: [vat],
        associations: [
          assoc(
            berlin,
            { name: 'Buchhaltung', line1: 'Friedrichstraße 10', postalCode: '10117', city: 'Berlin', country: 'DE' },
            { buyerReference: '04011000-12345-67', purchaseOrder: 'PO-4711' },
          ),
          assoc(wien, { name: 'Kreditoren', line1: 'Ring 1', postalCode: '1010', city: 'Wien', country: 'AT' }),
          assoc(zurich, { name: 'Comptabilité', line1: 'Bahnhofstrasse 1', postalCode: '8001', city: 'Zürich', country: 'CH' }),
        ],
      }),
    );
    await push(de, [
      s('b1', berlin, '2026-01-05T09:00:00Z', 90),
      s('b2', berlin, '2026-01-06T09:00:00Z', 45),
      s('w1', wien, '2026-01-07T09:00:00Z', 60),
      s('z1', zurich, '2026-01-08T09:00:00Z', 30),
    ]);
    expect((await t.request('POST', '/billing-runs', { token: de, body: { asOf: '2026-02-01T00:00:00Z' } })).body.billsCreated).toBe(3);
    bills.berlin = await billOf(de, berlin);
    bills.wien = await billOf(de, wien);
    bills.zurich = await billOf(de, zurich);

    us = (await t.createOrganization('Acme IT')).token;
    expect(
      (
        await t.request('PATCH', '/organization', {
          token: us,
          body: {
            legalName: 'Acme IT Inc.',
            taxNumber: 'EIN 12-3456789',
            address: { line1: '1 Market St', postalCode: '94105', city: 'San Francisco', region: 'CA', country: 'US' },
            paymentInstructions: 'ACH or check to Acme IT Inc.',
          },
        })
      ).status,
    ).toBe(200);
    const ny = await created(us, '/tax-rates', { name: 'NY sales tax', ratePercent: 8.875, categoryCode: 'S' });
    const nyc = await created(us, '/departments', { name: 'NYC office', legalName: 'Globex LLC', taxRateIds: [ny] });
    await created(
      us,
      '/plans',
      hourPlan('Support US', 'USD', 15000, {
        associations: [
          assoc(nyc, {
            name: 'Accounts Payable',
            line1: '350 Fifth Avenue',
            postalCode: '10118',
            city: 'New York',
            region: 'NY',
            country: 'US',
          }),
        ],
      }),
    );
    await push(us, [s('n1', nyc, '2026-01-12T15:00:00Z', 120)]);
    expect((await t.request('POST', '/billing-runs', { token: us, body: { asOf: '2026-02-01T00:00:00Z' } })).body.billsCreated).toBe(1);
    bills.nyc = await billOf(us, nyc);

    // A Canadian MSP: GST + PST on the plan, a customer who reads Spanish (the seller's own texts stay as entered).
    ca = (await t.createOrganization('Maple IT')).token;
    expect(
      (
        await t.request('PATCH', '/organization', {
          token: ca,
          body: {
            legalName: 'Maple IT Ltd.',
            taxNumber: 'GST/HST 123456789 RT0001',
            address: { line1: '200 Granville St', postalCode: 'V6C 1S4', city: 'Vancouver', region: 'BC', country: 'CA' },
          },
        })
      ).status,
    ).toBe(200);
    const gst = await created(ca, '/tax-rates', { name: 'GST', ratePercent: 5, categoryCode: 'S' });
    const pst = await created(ca, '/tax-rates', { name: 'PST', ratePercent: 7, categoryCode: 'S' });
    const van = await created(ca, '/departments', { name: 'Vancouver', legalName: 'Cascadia Foods Inc.', invoiceLanguage: 'es' });
    await created(
      ca,
      '/plans',
      hourPlan('Support BC', 'CAD', 12000, {
        taxRateIds: [gst, pst],
        associations: [
          assoc(van, {
            name: 'Payables',
            line1: '1055 W Georgia St',
            postalCode: 'V6E 3P3',
            city: 'Vancouver',
            region: 'BC',
            country: 'CA',
          }),
        ],
      }),
    );
    await push(ca, [s('v1', van, '2026-01-20T18:00:00Z', 100)]);
    expect((await t.request('POST', '/billing-runs', { token: ca, body: { asOf: '2026-02-01T00:00:00Z' } })).body.billsCreated).toBe(1);
    bills.vancouver = await billOf(ca, van);
  });
  afterAll(async () => t?.close());

  it('prints a GST + PST bill in Spanish: each tax on the net, the totals', async () => {
    const [text] = await texts([await download(ca, `/bills/${bills.vancouver}/pdf`)]);
    // 100 min × 120.00 = 200.00; GST 5 % = 10.00; PST 7 % = 14.00 (never on the GST); gross 224.00.
    expectAll(text, [
      'Maple IT Ltd. 200 Granville St Vancouver, BC V6C 1S4 Canadá Factura',
      'N.º de identificación fiscal GST/HST 123456789 RT0001',
      'FACTURAR A Cascadia Foods Inc. Payables 1055 W Georgia St Vancouver, BC V6E 3P3 Canadá',
      'Fecha de emisión 31 ene 2026',
      'Horas de sesión 1,6667 horas 120,00 CAD 200,00 CAD',
      'GST 5 % 200,00 CAD 10,00 CAD PST 7 % 200,00 CAD 14,00 CAD',
      'Total neto 200,00 CAD Impuestos 24,00 CAD Total (impuestos incluidos) 224,00 CAD',
      'Saldo pendiente 224,00 CAD',
    ]);
  });

  it('prints every item of each bill, in the customer language', async () => {
    const pdfs = [
      await download(de, `/bills/${bills.berlin}/pdf`),
      await download(de, `/bills/${bills.wien}/pdf`),
      await download(de, `/bills/${bills.zurich}/pdf`),
      await download(us, `/bills/${bills.nyc}/pdf`),
    ];
    const [berlin, wien, zurich, nyc] = await texts(pdfs);
    const germanSeller = [
      'Muster IT-Service GmbH',
      'Hauptstraße 5 10115 Berlin Deutschland',
      'USt-IdNr. DE136695976',
      'Steuernummer 27/123/45678',
      'Handelsregister Amtsgericht Charlottenburg HRB 123456',
      'E-Mail rechnung@muster.test',
      'Telefon +49 30 1234567',
      'Web https://muster.test',
      'Kontoinhaber Muster IT-Service GmbH',
      'IBAN DE89 3704 0044 0532 0130 00',
      'BIC COBADEFFXXX',
      'Zahlungshinweise Verwendungszweck: Rechnungsnummer',
      'Zahlungsbedingungen Zahlbar innerhalb von 14 Tagen ohne Abzug.',
      'Geschäftsführer: Max Muster',
    ];
    const germanDates = ['Rechnungsdatum 31.01.2026', 'Fällig am 14.02.2026', 'Leistungszeitraum 01.01.2026 – 31.01.2026'];
    // 90 + 45 min = 2.25 h × 90.00 = 202.50; 19 % = 38.475 → 38.48; gross 240.98.
    expectAll(berlin, [
      ...germanSeller,
      ...germanDates,
      'Rechnung',
      'RECHNUNGSEMPFÄNGER Kunde Berlin GmbH Buchhaltung Friedrichstraße 10 10117 Berlin Deutschland USt-IdNr. DE811569869',
      'Kunde Kunde Berlin',
      'Käuferreferenz 04011000-12345-67',
      'Bestellnummer PO-4711',
      'Sitzungsstunden 2,25 Stunden 90,00 € 202,50 €',
      'USt 19 % 202,50 € 38,48 €',
      'Summe netto 202,50 €',
      'Steuer 38,48 €',
      'Gesamtbetrag brutto 240,98 €',
      'Bezahlt 0,00 €',
      'Offener Betrag 240,98 €',
    ]);
    // 60 min × 90.00 = 90.00, no tax.
    expectAll(wien, [
      ...germanSeller,
      ...germanDates,
      'RECHNUNGSEMPFÄNGER Wiener Kunde GmbH Kreditoren Ring 1 1010 Wien Österreich USt-IdNr. ATU13585627',
      'Sitzungsstunden 1 Stunde 90,00 € 90,00 €',
      'Reverse Charge 0 % 90,00 € 0,00 €',
      'Gesamtbetrag brutto 90,00 €',
      'Steuerschuldnerschaft des Leistungsempfängers (Reverse Charge): Die Steuer schuldet der Leistungsempfänger (Artikel 196 der Richtlinie 2006/112/EG des Rates).',
    ]);
    // 30 min × 90.00 = 45.00, zero-rated export; French takes the singular below 2 ("0,5 heure").
    expectAll(zurich, [
      'Facture',
      'Muster IT-Service GmbH',
      'Hauptstraße 5 10115 Berlin Allemagne',
      'N° TVA DE136695976',
      'FACTURÉ À Comptabilité Bahnhofstrasse 1 8001 Zürich Suisse', // no legal name: the billing name is the buyer
      'Client Kunde Zürich',
      "Date d'émission 31 janv. 2026",
      "Date d'échéance 14 févr. 2026",
      'Période de prestation 1 janv. 2026 – 31 janv. 2026',
      'Heures de session 0,5 heure 90,00 € 45,00 €',
      'Exportation 0 % 45,00 € 0,00 €',
      'Total HT 45,00 €',
      'Total TTC 45,00 €',
      'Reste à payer 45,00 €',
      "Exportation hors de l'UE / du territoire de TVA — exonérée (taux zéro).",
      'IBAN DE89 3704 0044 0532 0130 00',
      'Conditions de paiement Zahlbar innerhalb von 14 Tagen ohne Abzug.',
    ]);
    // 120 min × 150.00 = 300.00; 8.875 % = 26.625 → 26.63; gross 326.63.
    expectAll(nyc, [
      'Invoice',
      'Acme IT Inc.',
      '1 Market St San Francisco, CA 94105 United States',
      'Tax number EIN 12-3456789',
      'BILL TO Globex LLC Accounts Payable 350 Fifth Avenue New York, NY 10118 United States',
      'Issue date Jan 31, 2026',
      'Due date Feb 14, 2026',
      'Service period Jan 1, 2026 – Jan 31, 2026',
      'Session hours 2 hours $150.00 $300.00',
      'NY sales tax 8.875 % $300.00 $26.63',
      'Net total $300.00',
      'Tax $26.63',
      'Total $326.63',
      'Balance due $326.63',
      'How to pay ACH or check to Acme IT Inc.',
    ]);
    expect(pdfs.map(hasImage)).toEqual([true, true, true, false]); // the German seller's logo, the US seller has none
  });

  it('prints a bill from its own seller snapshot: a later edit of the profile or the logo shows in the preview only', async () => {
    expect((await t.request('PATCH', '/organization', { token: de, body: { legalName: 'Neuer Name GmbH' } })).status).toBe(200);
    expect((await fetch(`${t.api}/organization/logo`, { method: 'DELETE', headers: { authorization: `Bearer ${de}` } })).status).toBe(204);
    const pdfs = [await download(de, `/bills/${bills.berlin}/pdf`), await download(de, '/organization/invoice-preview')];
    const [bill, preview] = await texts(pdfs);
    expect(bill).toContain('Muster IT-Service GmbH Hauptstraße 5');
    expect(bill).not.toContain('Neuer Name GmbH');
    expect(preview).toContain('Neuer Name GmbH Hauptstraße 5');
    expect(pdfs.map(hasImage)).toEqual([true, false]);
  });
});
