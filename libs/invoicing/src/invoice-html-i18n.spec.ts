/**
 * What an invoice legally needs (issue #14, point 5), in the customer's language: every expected text is written
 * out by hand here (the figures of the fixtures are worked out in invoice-fixtures.helper-spec.ts).
 */
import { visibleText } from './html-text.helper-spec';
import {
  englishExportInvoice,
  exemptInvoice,
  frenchReverseChargeInvoice,
  GERMAN_SELLER,
  germanStandardInvoice,
  LOGO_PNG,
  png,
} from './invoice-fixtures.helper-spec';
import { renderInvoiceHtml } from './invoice-html';
import { invoicePreviewDocument, sampleInvoiceDocument } from './sample-invoice';

const expectAll = (text: string, expected: string[]) => {
  for (const part of expected) expect(text).toContain(part);
};

describe('the invoice in German: domestic customer, 19 % VAT', () => {
  const html = renderInvoiceHtml(germanStandardInvoice());
  const text = visibleText(html);

  it('names the seller: legal name, address, tax IDs, registration and contact', () => {
    expectAll(text, [
      'Muster IT-Service GmbH Hauptstraße 5 3. OG 10115 Berlin Deutschland',
      'USt-IdNr. DE136695976',
      'Steuernummer 27/123/45678',
      'Handelsregister Amtsgericht Charlottenburg HRB 123456',
      'E-Mail rechnung@muster.example',
      'Telefon +49 30 1234567',
      'Web https://muster.example',
    ]);
    expect(text).not.toContain('Muster IT '); // the organization's name gives way to the legal name
  });

  it('embeds the logo as a data: URI', () => {
    expect(html).toContain(`<img class="logo" src="data:image/png;base64,${LOGO_PNG.toString('base64')}" alt="">`);
  });

  it('names the buyer: legal name, billing address, VAT ID, buyer reference and purchase order', () => {
    expectAll(text, [
      'Rechnungsempfänger Beispiel AG Beispiel AG Kreditorenbuchhaltung Friedrichstraße 10 10117 Berlin Deutschland USt-IdNr. DE811569869',
      'Kunde Buchhaltung',
      'Käuferreferenz 04011000-12345-67',
      'Bestellnummer PO-2026-118',
    ]);
  });

  it('has number, issue date, due date and service period in the German format', () => {
    expectAll(text, [
      'Rechnung INV-000042 Offen',
      'Rechnungsnummer INV-000042',
      'Rechnungsdatum 30.11.2026',
      'Fällig am 14.12.2026',
      'Leistungszeitraum 01.11.2026 – 30.11.2026',
    ]);
  });

  it('prints each line by its kind, with the quantity and its unit in words, unit price and net amount', () => {
    expectAll(text, [
      'Beschreibung Menge Einzelpreis Nettobetrag',
      'Sitzungsstunden 4 Stunden 95,00 € 380,00 €',
      'Unbeaufsichtigte Geräte 1 Gerät 15,00 € 15,00 €',
      'Nachträgliche Nutzung aus früheren Zeiträumen 2,5 Stunden 95,00 € 237,50 €',
      'Rabatt (10 %) Treuerabatt -63,25 €',
    ]);
    expect(text).not.toContain('Session hours');
  });

  it('has the tax breakdown and the net, tax and gross totals, paid and balance', () => {
    expectAll(text, [
      'Steueraufstellung Steuer Satz Bemessungsgrundlage Steuerbetrag MwSt. 19 % 569,25 € 108,16 €',
      'Zwischensumme 632,50 € Zuschläge und Rabatte -63,25 € Summe netto 569,25 € Steuer 108,16 € Gesamtbetrag brutto 677,41 € Bezahlt 200,00 € Offener Betrag 477,41 €',
    ]);
  });

  it('has the payment details, the payment terms, the footer and the status sentence', () => {
    expectAll(text, [
      'Zahlungsinformationen Kontoinhaber Muster IT-Service GmbH IBAN DE89 3704 0044 0532 0130 00 BIC COBADEFFXXX',
      'Zahlungshinweise Bitte die Rechnungsnummer als Verwendungszweck angeben.',
      'Zahlungsbedingungen Zahlbar innerhalb von 14 Tagen ohne Abzug.',
      'Bitte zahlen Sie 477,41 € bis zum 14.12.2026.',
      'Geschäftsführer: Max Muster · Sitz: Berlin',
      'Datumsangaben sind Kalendertage in der Zeitzone Europe/Berlin. Beträge in EUR.',
    ]);
  });

  it('has no treatment note under standard taxation', () => {
    expect(text).not.toContain('Reverse Charge');
    expect(text).not.toContain('Steuerbefreiung');
    expect(text).not.toContain('Ausfuhr');
  });
});

describe('the invoice in French: business customer in another member state, reverse charge', () => {
  const text = visibleText(renderInvoiceHtml(frenchReverseChargeInvoice()));

  it('has seller, buyer, dates and references in French', () => {
    expectAll(text, [
      'Facture INV-000042 Non payée',
      'Muster IT-Service GmbH Hauptstraße 5 3. OG 10115 Berlin Allemagne',
      'N° TVA DE136695976',
      'N° fiscal 27/123/45678',
      'Immatriculation Amtsgericht Charlottenburg HRB 123456',
      'Téléphone +49 30 1234567',
      'Site web https://muster.example',
      'Facturé à Exemple SARL Service fournisseurs 12 rue de la Paix 75002 Paris France N° TVA FR40303265045',
      "Date d'émission 30 nov. 2026",
      "Date d'échéance 14 déc. 2026",
      'Période de prestation 1 nov. 2026 – 30 nov. 2026',
      "Référence de l'acheteur REF-FR-9",
      'Bon de commande BC-4471',
    ]);
  });

  it('has the lines, the 0 % group, the totals and the reverse-charge note', () => {
    expectAll(text, [
      'Heures de session 4 heures 95,00 € 380,00 €',
      'Appareils sans surveillance 1 appareil 15,00 € 15,00 €',
      'Utilisation tardive de périodes antérieures 2,5 heures 95,00 € 237,50 €',
      'Récapitulatif des taxes Taxe Taux Base HT Montant de la taxe Autoliquidation 0 % 569,25 € 0,00 €',
      'Total HT 569,25 € Total taxes 0,00 € Total TTC 569,25 € Payé 200,00 € Reste à payer 369,25 €',
      'Autoliquidation : TVA due par le preneur (article 196 de la directive 2006/112/CE du Conseil).',
    ]);
    expect(text).not.toContain('Reverse charge');
  });

  it("keeps the seller's own texts as entered, and words the rest in French", () => {
    expectAll(text, [
      'Modalités de paiement Titulaire du compte Muster IT-Service GmbH IBAN DE89 3704 0044 0532 0130 00 BIC COBADEFFXXX',
      'Instructions de paiement Bitte die Rechnungsnummer als Verwendungszweck angeben.',
      'Conditions de paiement Zahlbar innerhalb von 14 Tagen ohne Abzug.',
      'Remise (10 %) Treuerabatt',
      'Merci de régler 369,25 € au plus tard le 14 déc. 2026.',
      'Geschäftsführer: Max Muster · Sitz: Berlin',
    ]);
  });
});

describe('the invoice in English: customer outside the EU, export', () => {
  const text = visibleText(renderInvoiceHtml(englishExportInvoice()));

  it('has seller, buyer (in the US order), dates and references', () => {
    expectAll(text, [
      'Muster IT-Service GmbH Hauptstraße 5 3. OG 10115 Berlin Germany',
      'VAT ID DE136695976',
      'Tax number 27/123/45678',
      'Company registration Amtsgericht Charlottenburg HRB 123456',
      'Bill to Globex Corporation Accounts Payable 1 Industrial Way Building 4 Springfield, OR 97403 United States Invoice number',
      'Issue date Nov 30, 2026',
      'Due date Dec 14, 2026',
      'Service period Nov 1, 2026 – Nov 30, 2026',
      'Buyer reference GLX-REF-1',
      'Purchase order PO 7781',
    ]);
  });

  it('has the lines, the 0 % group, the totals and the export note', () => {
    expectAll(text, [
      'Session hours 4 hours €95.00 €380.00',
      'Unattended devices 1 device €15.00 €15.00',
      'Late usage from earlier periods 2.5 hours €95.00 €237.50',
      'Tax breakdown Tax Rate Taxable amount Tax amount Export 0 % €569.25 €0.00',
      'Net total €569.25 Tax €0.00 Total €569.25 Paid €200.00 Balance due €369.25',
      'Export outside the EU/VAT area — zero-rated.',
      'Payment details Account holder Muster IT-Service GmbH IBAN DE89 3704 0044 0532 0130 00 BIC COBADEFFXXX',
    ]);
  });
});

describe('exempt customers, with their reason, in Spanish, Dutch and Italian', () => {
  it.each([
    ['es', 'Exento 0 % 569,25 € 0,00 €', 'Exención de IVA: Art. 20 LIVA', 'Horas de sesión 4 horas 95,00 € 380,00 €'],
    ['nl', 'Vrijgesteld 0 % € 569,25 € 0,00', 'Vrijgesteld van btw: Art. 20 LIVA', 'Sessie-uren 4 uur € 95,00 € 380,00'],
    ['it', 'Esente 0 % 569,25 € 0,00 €', 'Esente IVA: Art. 20 LIVA', 'Ore di sessione 4 ore 95,00 € 380,00 €'],
  ] as const)('%s', (language, group, note, line) => {
    const text = visibleText(renderInvoiceHtml(exemptInvoice(language, 'Art. 20 LIVA')));
    expectAll(text, [group, note, line]);
    expect(text.split('Art. 20 LIVA')).toHaveLength(2); // the reason once: in the note, not again under the group
  });
});

describe('untaxed bills and the watermarks', () => {
  it('prints an untaxed bill as before: no breakdown, no net or tax row, but the seller and buyer details', () => {
    const doc = { ...germanStandardInvoice(), taxTreatment: 'none' as const, taxes: [] };
    const text = visibleText(renderInvoiceHtml(doc));
    expect(text).not.toContain('Steueraufstellung');
    expect(text).not.toContain('Summe netto');
    expect(text).not.toContain('brutto');
    expectAll(text, [
      'Beschreibung Menge Einzelpreis Betrag',
      'Zwischensumme 632,50 € Zuschläge und Rabatte -63,25 € Gesamtbetrag',
      'USt-IdNr. DE136695976',
      'USt-IdNr. DE811569869',
      'IBAN DE89 3704 0044 0532 0130 00',
    ]);
  });

  it('puts VOID (in the language) across a void bill, and SAMPLE across a preview', () => {
    const voided = renderInvoiceHtml({ ...germanStandardInvoice(), bill: { ...germanStandardInvoice().bill, status: 'void' } });
    expect(voided).toContain('<div class="watermark watermark-void" style="font-size: 68pt" aria-hidden="true">STORNIERT</div>');
    expect(visibleText(voided)).toContain('Offener Betrag (storniert)');
    const preview = renderInvoiceHtml(invoicePreviewDocument(GERMAN_SELLER, 'fr'), { sample: true });
    expect(preview).toContain('<div class="watermark watermark-sample" style="font-size: 77pt" aria-hidden="true">SPÉCIMEN</div>');
    expect(renderInvoiceHtml(sampleInvoiceDocument())).not.toContain('class="watermark');
  });

  it('marks a draft (under review, not issued yet) with DRAFT and its badge', () => {
    const draft = renderInvoiceHtml({ ...englishExportInvoice(), bill: { ...englishExportInvoice().bill, status: 'draft' as never } });
    expect(draft).toContain('<div class="watermark watermark-draft" style="font-size: 110pt" aria-hidden="true">DRAFT</div>');
    expect(draft).toContain('<div class="badge badge-draft">Draft</div>');
  });
});

describe('the preview document', () => {
  it("is the sample bill with the seller's profile, one 20 % group and the currency of the seller's country", () => {
    const text = visibleText(renderInvoiceHtml(invoicePreviewDocument(GERMAN_SELLER, 'de'), { sample: true }));
    expectAll(text, [
      'Muster IT-Service GmbH Hauptstraße 5',
      'USt-IdNr. DE136695976',
      'USt. 20 % 830,50 € 166,10 €',
      'Summe netto 830,50 € Steuer 166,10 € Gesamtbetrag brutto 996,60 € Bezahlt 500,00 € Offener Betrag 496,60 €',
      'IBAN DE89 3704 0044 0532 0130 00',
    ]);
  });
});

describe('the logo', () => {
  const withLogo = (logo: unknown) => renderInvoiceHtml({ ...germanStandardInvoice(), seller: { ...GERMAN_SELLER, logo } as never });

  it('embeds a JPEG as image/jpeg', () => {
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46]).toString('base64');
    expect(withLogo({ contentType: 'image/jpeg', dataBase64: jpeg })).toContain(`src="data:image/jpeg;base64,${jpeg}"`);
  });

  it('leaves out anything that is not a PNG or a JPEG of its declared type', () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>').toString('base64');
    for (const logo of [
      { contentType: 'image/svg+xml', dataBase64: svg },
      { contentType: 'image/png', dataBase64: svg },
      { contentType: 'image/jpeg', dataBase64: png(2, 2).toString('base64') },
      { contentType: 'image/png', dataBase64: `${png(2, 2).toString('base64')}"><script>` },
      { contentType: 'image/png', dataBase64: 'https://example.com/logo.png' },
    ]) {
      expect(withLogo(logo)).not.toMatch(/<img|src=/);
    }
  });
});
