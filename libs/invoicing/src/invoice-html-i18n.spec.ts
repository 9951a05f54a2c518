/**
 * What an invoice legally needs (issue #14, point 5), in the customer's language: every expected text is written
 * out by hand here (the figures of the fixtures are worked out in invoice-fixtures.helper-spec.ts).
 */
import { visibleText } from './html-text.helper-spec';
import {
  englishCreditNote,
  englishExportInvoice,
  englishSupplementaryInvoice,
  exemptInvoice,
  frenchReverseChargeInvoice,
  GERMAN_SELLER,
  germanCreditNote,
  germanStandardInvoice,
  germanSupplementaryInvoice,
  LOGO_PNG,
  png,
} from './invoice-fixtures.helper-spec';
import type { InvoiceDocument, InvoiceLanguage } from './invoice-document';
import { renderInvoiceHtml } from './invoice-html';
import { documentTypeOf } from './invoice-parties';
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

describe('a credit note in German (Rechnungskorrektur, not "Gutschrift": that is self-billing in German VAT law)', () => {
  const html = renderInvoiceHtml(germanCreditNote());
  const text = visibleText(html);

  it('is titled as a Rechnungskorrektur, page title included, and shows no payment status', () => {
    expect(html).toContain('<title>Rechnungskorrektur CN-000001 — Muster IT-Service GmbH</title>');
    expect(html).toContain('<h1>Rechnungskorrektur</h1>');
    expect(text).toContain('Rechnungskorrektur CN-000001 USt-IdNr. DE136695976');
    expect(html).not.toContain('class="badge');
    expect(text).not.toMatch(/gutschrift/i);
  });

  it('has its own number and date, the invoice it corrects with its date, and the original service period', () => {
    expectAll(text, [
      'Belegnummer CN-000001 Belegdatum 05.12.2026 Korrigiert die Rechnung INV-000042 vom 30.11.2026 Leistungszeitraum 01.11.2026 – 30.11.2026',
    ]);
  });

  it('prints the correction line as given, with 1 Stück', () => {
    expect(text).toContain('Beschreibung Menge Einzelpreis Nettobetrag Discount: goodwill for the outage 1 Stück 100,00 € 100,00 €');
  });

  it('has the tax breakdown and the amount credited, and no due date, payment details, paid or balance', () => {
    expectAll(text, [
      'MwSt. 19 % 100,00 € 19,00 €',
      'Summe netto 100,00 € Steuer 19,00 € Korrekturbetrag brutto 119,00 € Der Betrag von 119,00 € wird Ihnen gutgeschrieben. Es ist keine Zahlung fällig.',
    ]);
    for (const absent of [
      'Fällig am',
      '14.12.2026',
      'Bezahlt',
      'Offener Betrag',
      'Zahlungsinformationen',
      'IBAN',
      'Zahlungsbedingungen',
      'Bitte zahlen',
    ]) {
      expect(text).not.toContain(absent);
    }
    expect(html).not.toContain('class="payment-details"');
    expect(html).not.toContain('class="balance"');
  });

  it('keeps the VOID watermark of a void credit note, with its own closing sentence', () => {
    const doc = germanCreditNote();
    const voided = renderInvoiceHtml({ ...doc, bill: { ...doc.bill, status: 'void' } });
    expect(voided).toContain('<div class="watermark watermark-void" style="font-size: 68pt" aria-hidden="true">STORNIERT</div>');
    expect(voided).toContain('<div class="badge badge-void">Storniert</div>');
    expect(visibleText(voided)).toContain('Diese Rechnungskorrektur wurde storniert.');
  });
});

describe('a credit note in English', () => {
  const html = renderInvoiceHtml(englishCreditNote());
  const text = visibleText(html);

  it('is titled "Credit note", names the invoice it corrects, and prints "Total credited"', () => {
    expect(html).toContain('<title>Credit note CN-000001 — Muster IT-Service GmbH</title>');
    expectAll(text, [
      'Credit note CN-000001 VAT ID DE136695976',
      'Credit note number CN-000001 Issue date Dec 5, 2026 Corrects invoice INV-000042 of Nov 30, 2026 Service period Nov 1, 2026 – Nov 30, 2026',
      'Cancellation of invoice INV-000042 1 item €369.25 €369.25',
      'Export 0 % €369.25 €0.00',
      'Net total €369.25 Tax €0.00 Total credited €369.25 Export outside the EU/VAT area — zero-rated.',
      '€369.25 is credited to you. No payment is due.',
    ]);
    for (const absent of ['Due date', 'Dec 14, 2026', 'Paid', 'Balance', 'Payment details', 'IBAN', 'Please pay', 'Unpaid']) {
      expect(text).not.toContain(absent);
    }
  });

  it('prints no reference line when the corrected invoice is not given', () => {
    const out = visibleText(renderInvoiceHtml({ ...englishCreditNote(), precedingInvoice: null }));
    expect(out).toContain('Credit note number CN-000001 Issue date Dec 5, 2026 Service period');
    expect(out).not.toContain('Corrects invoice');
  });
});

describe('a supplementary invoice (prints like an invoice, plus the invoice it supplements)', () => {
  it('in German: Nachtragsrechnung, with due date, payment details, paid and balance', () => {
    const html = renderInvoiceHtml(germanSupplementaryInvoice());
    const text = visibleText(html);
    expect(html).toContain('<title>Nachtragsrechnung INV-000043 — Muster IT-Service GmbH</title>');
    expectAll(text, [
      'Nachtragsrechnung INV-000043 Offen',
      'Rechnungsnummer INV-000043 Rechnungsdatum 05.12.2026 Nachtrag zur Rechnung INV-000042 vom 30.11.2026 Fällig am 19.12.2026 Leistungszeitraum 01.11.2026 – 30.11.2026',
      'Charge: weekend call-out 1 Stück 50,00 € 50,00 €',
      'Summe netto 50,00 € Steuer 9,50 € Gesamtbetrag brutto 59,50 € Bezahlt 0,00 € Offener Betrag 59,50 €',
      'Zahlungsinformationen Kontoinhaber Muster IT-Service GmbH IBAN DE89 3704 0044 0532 0130 00 BIC COBADEFFXXX',
      'Bitte zahlen Sie 59,50 € bis zum 19.12.2026.',
    ]);
  });

  it('in English: Supplementary invoice, with due date, payment details and balance', () => {
    const html = renderInvoiceHtml(englishSupplementaryInvoice());
    const text = visibleText(html);
    expect(html).toContain('<title>Supplementary invoice INV-000043 — Muster IT-Service GmbH</title>');
    expectAll(text, [
      'Supplementary invoice INV-000043 Unpaid',
      'Invoice number INV-000043 Issue date Dec 5, 2026 Supplementary to invoice INV-000042 of Nov 30, 2026 Due date Dec 19, 2026',
      'Charge: weekend call-out 1 item €50.00 €50.00',
      'Net total €50.00 Tax €0.00 Total €50.00 Paid €0.00 Balance due €50.00',
      'Payment details Account holder Muster IT-Service GmbH',
      'Please pay €50.00 by Dec 19, 2026.',
    ]);
  });
});

describe('corrections in every language', () => {
  const inLanguage = (doc: InvoiceDocument, language: InvoiceLanguage) => visibleText(renderInvoiceHtml({ ...doc, language }));

  it.each([
    ['en', 'Credit note', 'Corrects invoice INV-000042 of Nov 30, 2026', '1 item', 'Total credited €119.00'],
    ['de', 'Rechnungskorrektur', 'Korrigiert die Rechnung INV-000042 vom 30.11.2026', '1 Stück', 'Korrekturbetrag brutto 119,00 €'],
    ['fr', 'Avoir', 'Rectifie la facture n° INV-000042 du 30 nov. 2026', '1 unité', "Total TTC de l'avoir 119,00 €"],
    [
      'es',
      'Factura rectificativa (abono)',
      'Rectifica la factura n.º INV-000042 de fecha 30 nov 2026',
      '1 unidad',
      'Total abonado (impuestos incluidos) 119,00 €',
    ],
    ['nl', 'Creditnota', 'Correctie op factuur INV-000042 van 30 nov 2026', '1 stuk', 'Totaal gecrediteerd incl. btw € 119,00'],
    ['it', 'Nota di credito', 'Rettifica la fattura n. INV-000042 del 30 nov 2026', '1 unità', 'Totale nota di credito 119,00 €'],
  ] as const)('%s: the credit note is a "%s"', (language, title, reference, quantity, total) => {
    const text = inLanguage(germanCreditNote(), language);
    expect(text).toContain(`${title} CN-000001`);
    expect(text).toContain(reference);
    expect(text).toContain(`Discount: goodwill for the outage ${quantity}`);
    expect(text).toContain(total);
  });

  it.each([
    ['en', 'Supplementary invoice', 'Supplementary to invoice INV-000042 of Nov 30, 2026'],
    ['de', 'Nachtragsrechnung', 'Nachtrag zur Rechnung INV-000042 vom 30.11.2026'],
    ['fr', 'Facture rectificative', 'Complète la facture n° INV-000042 du 30 nov. 2026'],
    ['es', 'Factura rectificativa (complementaria)', 'Complementa la factura n.º INV-000042 de fecha 30 nov 2026'],
    ['nl', 'Aanvullende factuur', 'Aanvulling op factuur INV-000042 van 30 nov 2026'],
    ['it', 'Nota di debito', 'Integra la fattura n. INV-000042 del 30 nov 2026'],
  ] as const)('%s: the supplementary invoice is a "%s"', (language, title, reference) => {
    const text = inLanguage(germanSupplementaryInvoice(), language);
    expect(text).toContain(`${title} INV-000043`);
    expect(text).toContain(reference);
  });
});

describe('the document type', () => {
  it('prints an invoice exactly as before when it says it is one (and ignores a preceding invoice on it)', () => {
    const doc = germanStandardInvoice();
    const same = { ...doc, documentType: 'invoice' as const, precedingInvoice: { number: 'INV-000001', issueDate: '2026-10-31' } };
    expect(renderInvoiceHtml(same)).toBe(renderInvoiceHtml(doc));
  });

  it('refuses a type it does not know rather than print a correction as an invoice', () => {
    expect(documentTypeOf({})).toBe('invoice');
    expect(documentTypeOf({ documentType: 'credit_note' })).toBe('credit_note');
    expect(() => renderInvoiceHtml({ ...germanCreditNote(), documentType: 'creditnote' as never })).toThrow(TypeError);
  });
});
