/**
 * Read-back of real PDFs (Chromium, as in pdf-renderer.spec.ts): every item an invoice legally needs (issue #14,
 * point 5) is in the PDF's text, in German, French and English. The expected texts are written by hand; the
 * figures are worked out in invoice-fixtures.helper-spec.ts.
 */
import { englishExportInvoice, frenchReverseChargeInvoice, germanCreditNote, germanStandardInvoice } from './invoice-fixtures.helper-spec';
import { renderInvoiceHtml } from './invoice-html';
import { BrowserPdfRenderer } from './pdf-renderer';
import { extractPdfTexts, normalizeSpace } from './pdf-text.helper-spec';
import { sampleInvoiceDocument } from './sample-invoice';

/** Items of point 5, in each language, as they must read in the PDF (headings are upper-cased by the stylesheet). */
const EXPECTED: Record<'de' | 'fr' | 'en', string[]> = {
  de: [
    // seller: legal name, address (postal code before city, country by name), tax IDs, registration, contact
    'Muster IT-Service GmbH',
    'Hauptstraße 5 3. OG 10115 Berlin Deutschland',
    'USt-IdNr. DE136695976',
    'Steuernummer 27/123/45678',
    'Handelsregister Amtsgericht Charlottenburg HRB 123456',
    'E-Mail rechnung@muster.example',
    'Telefon +49 30 1234567',
    'Web https://muster.example',
    // buyer: legal name, address, VAT ID, buyer reference, purchase order
    'RECHNUNGSEMPFÄNGER Beispiel AG Beispiel AG Kreditorenbuchhaltung Friedrichstraße 10 10117 Berlin Deutschland USt-IdNr. DE811569869',
    'Käuferreferenz 04011000-12345-67',
    'Bestellnummer PO-2026-118',
    // number, issue date, service period, due date
    'Rechnungsnummer INV-000042',
    'Rechnungsdatum 30.11.2026',
    'Leistungszeitraum 01.11.2026 – 30.11.2026',
    'Fällig am 14.12.2026',
    // lines: quantity and unit in words, unit price, net
    'Sitzungsstunden 4 Stunden 95,00 € 380,00 €',
    'Unbeaufsichtigte Geräte 1 Gerät 15,00 € 15,00 €',
    'Nachträgliche Nutzung aus früheren Zeiträumen 2,5 Stunden 95,00 € 237,50 €',
    // tax breakdown; net, tax, gross; paid, balance
    'MwSt. 19 % 569,25 € 108,16 €',
    'Summe netto 569,25 €',
    'Steuer 108,16 €',
    'Gesamtbetrag brutto 677,41 €',
    'Bezahlt 200,00 €',
    'Offener Betrag 477,41 €',
    // payment details and terms
    'Kontoinhaber Muster IT-Service GmbH',
    'IBAN DE89 3704 0044 0532 0130 00',
    'BIC COBADEFFXXX',
    'Zahlungshinweise Bitte die Rechnungsnummer als Verwendungszweck angeben.',
    'Zahlungsbedingungen Zahlbar innerhalb von 14 Tagen ohne Abzug.',
    // footer
    'Geschäftsführer: Max Muster · Sitz: Berlin',
  ],
  fr: [
    'Muster IT-Service GmbH',
    'Hauptstraße 5 3. OG 10115 Berlin Allemagne',
    'N° TVA DE136695976',
    'N° fiscal 27/123/45678',
    'Immatriculation Amtsgericht Charlottenburg HRB 123456',
    'E-mail rechnung@muster.example',
    'Téléphone +49 30 1234567',
    'Site web https://muster.example',
    'FACTURÉ À Exemple SARL Service fournisseurs 12 rue de la Paix 75002 Paris France N° TVA FR40303265045',
    "Référence de l'acheteur REF-FR-9",
    'Bon de commande BC-4471',
    'Numéro de facture INV-000042',
    "Date d'émission 30 nov. 2026",
    'Période de prestation 1 nov. 2026 – 30 nov. 2026',
    "Date d'échéance 14 déc. 2026",
    'Heures de session 4 heures 95,00 € 380,00 €',
    'Appareils sans surveillance 1 appareil 15,00 € 15,00 €',
    'Utilisation tardive de périodes antérieures 2,5 heures 95,00 € 237,50 €',
    'Autoliquidation 0 % 569,25 € 0,00 €',
    'Total HT 569,25 €',
    'Total taxes 0,00 €',
    'Total TTC 569,25 €',
    'Payé 200,00 €',
    'Reste à payer 369,25 €',
    'Autoliquidation : TVA due par le preneur (article 196 de la directive 2006/112/CE du Conseil).',
    'Titulaire du compte Muster IT-Service GmbH',
    'IBAN DE89 3704 0044 0532 0130 00',
    'BIC COBADEFFXXX',
    'Instructions de paiement Bitte die Rechnungsnummer als Verwendungszweck angeben.',
    'Conditions de paiement Zahlbar innerhalb von 14 Tagen ohne Abzug.',
    'Geschäftsführer: Max Muster · Sitz: Berlin',
  ],
  en: [
    'Muster IT-Service GmbH',
    'Hauptstraße 5 3. OG 10115 Berlin Germany',
    'VAT ID DE136695976',
    'Tax number 27/123/45678',
    'Company registration Amtsgericht Charlottenburg HRB 123456',
    'E-mail rechnung@muster.example',
    'Phone +49 30 1234567',
    'Website https://muster.example',
    'BILL TO Globex Corporation Accounts Payable 1 Industrial Way Building 4 Springfield, OR 97403 United States',
    'Buyer reference GLX-REF-1',
    'Purchase order PO 7781',
    'Invoice number INV-000042',
    'Issue date Nov 30, 2026',
    'Service period Nov 1, 2026 – Nov 30, 2026',
    'Due date Dec 14, 2026',
    'Session hours 4 hours €95.00 €380.00',
    'Unattended devices 1 device €15.00 €15.00',
    'Late usage from earlier periods 2.5 hours €95.00 €237.50',
    'Export 0 % €569.25 €0.00',
    'Net total €569.25',
    'Tax €0.00',
    'Total €569.25',
    'Paid €200.00',
    'Balance due €369.25',
    'Export outside the EU/VAT area — zero-rated.',
    'Account holder Muster IT-Service GmbH',
    'IBAN DE89 3704 0044 0532 0130 00',
    'BIC COBADEFFXXX',
    'How to pay Bitte die Rechnungsnummer als Verwendungszweck angeben.',
    'Payment terms Zahlbar innerhalb von 14 Tagen ohne Abzug.',
    'Geschäftsführer: Max Muster · Sitz: Berlin',
  ],
};

/** The PDF has an image XObject (Chromium writes the dictionaries uncompressed). */
const hasImage = (pdf: Buffer) => pdf.toString('latin1').includes('/Subtype /Image');

describe('invoice PDFs carry what an invoice legally needs, in the customer language', () => {
  const renderer = new BrowserPdfRenderer({ concurrency: 2 });
  afterAll(() => renderer.close());

  const docs = { de: germanStandardInvoice(), fr: frenchReverseChargeInvoice(), en: englishExportInvoice() };
  let pdfs: Record<keyof typeof docs, Buffer>;
  let texts: Record<keyof typeof docs, string>;

  beforeAll(async () => {
    const languages = Object.keys(docs) as (keyof typeof docs)[];
    const rendered = await Promise.all(languages.map((l) => renderer.render(renderInvoiceHtml(docs[l]))));
    const extracted = await extractPdfTexts(rendered);
    pdfs = Object.fromEntries(languages.map((l, i) => [l, rendered[i]])) as typeof pdfs;
    texts = Object.fromEntries(languages.map((l, i) => [l, normalizeSpace(extracted[i].text)])) as typeof texts;
  });

  it.each(['de', 'fr', 'en'] as const)('%s: every item is in the PDF text', (language) => {
    const missing = EXPECTED[language].filter((item) => !texts[language].includes(item));
    expect(missing).toEqual([]);
  });

  it('embeds the logo (as an image in the PDF), and prints none without one', async () => {
    expect(hasImage(pdfs.de)).toBe(true);
    expect(hasImage(await renderer.render(renderInvoiceHtml(sampleInvoiceDocument())))).toBe(false);
  });

  it('prints no English in the German PDF but the seller and customer texts', () => {
    for (const english of ['Invoice', 'Due date', 'Session hours', 'hours', 'Total', 'Balance', 'Reverse charge']) {
      expect(texts.de).not.toContain(english);
    }
  });
});

describe('a credit note PDF (German: Rechnungskorrektur)', () => {
  const renderer = new BrowserPdfRenderer({ concurrency: 1 });
  afterAll(() => renderer.close());
  let text: string;

  beforeAll(async () => {
    const [extracted] = await extractPdfTexts([await renderer.render(renderInvoiceHtml(germanCreditNote()))]);
    text = normalizeSpace(extracted.text);
  });

  it('is titled as such and carries its number and date, the invoice it corrects, the line and the amount credited', () => {
    const expected = [
      'Rechnungskorrektur',
      'CN-000001',
      'Belegnummer CN-000001',
      'Belegdatum 05.12.2026',
      'Korrigiert die Rechnung INV-000042 vom 30.11.2026',
      'Leistungszeitraum 01.11.2026 – 30.11.2026',
      'Discount: goodwill for the outage 1 Stück 100,00 € 100,00 €',
      'MwSt. 19 % 100,00 € 19,00 €',
      'Summe netto 100,00 €',
      'Korrekturbetrag brutto 119,00 €',
      'Der Betrag von 119,00 € wird Ihnen gutgeschrieben. Es ist keine Zahlung fällig.',
    ];
    expect(expected.filter((item) => !text.includes(item))).toEqual([]);
  });

  it('has no due date, payment details, paid or balance', () => {
    for (const absent of ['Fällig am', '14.12.2026', 'IBAN', 'Kontoinhaber', 'Bezahlt', 'Offener Betrag', 'Bitte zahlen', 'Gutschrift']) {
      expect(text).not.toContain(absent);
    }
  });
});
