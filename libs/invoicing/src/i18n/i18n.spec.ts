import { countryName } from './countries';
import { EMAIL_TEXTS } from './email';
import { LABELS } from './labels';
import { INVOICE_LANGUAGES, invoiceLanguage, invoiceLocale } from './languages';
import { lineDescription } from './lines';
import { taxGroupName, taxNote, taxNoteOf } from './tax-notes';
import { formatQuantity, quantityWithUnit, unitWord } from './units';

describe('invoice languages and their locales', () => {
  it('has six languages, each with its locale', () => {
    expect(INVOICE_LANGUAGES).toEqual(['en', 'de', 'fr', 'es', 'nl', 'it']);
    expect(INVOICE_LANGUAGES.map(invoiceLocale)).toEqual(['en-US', 'de-DE', 'fr-FR', 'es-ES', 'nl-NL', 'it-IT']);
  });

  it('reads anything else as English', () => {
    expect(invoiceLanguage('pt')).toBe('en');
    expect(invoiceLanguage(undefined)).toBe('en');
    expect(invoiceLocale('xx')).toBe('en-US');
  });
});

describe('labels', () => {
  it('gives every label in every language, none empty', () => {
    const keys = Object.keys(LABELS.en).sort();
    for (const language of INVOICE_LANGUAGES) {
      expect(Object.keys(LABELS[language]).sort()).toEqual(keys);
      for (const [key, value] of Object.entries(LABELS[language])) {
        if (typeof value === 'string') expect(`${language}.${key}: ${value.trim()}`).not.toBe(`${language}.${key}: `);
      }
    }
  });

  it.each([
    ['en', 'Invoice', 'Issue date', 'Service period', 'Due date', 'VAT ID', 'Net total', 'Total', 'Balance due'],
    [
      'de',
      'Rechnung',
      'Rechnungsdatum',
      'Leistungszeitraum',
      'Fällig am',
      'USt-IdNr.',
      'Summe netto',
      'Gesamtbetrag brutto',
      'Offener Betrag',
    ],
    ['fr', 'Facture', "Date d'émission", 'Période de prestation', "Date d'échéance", 'N° TVA', 'Total HT', 'Total TTC', 'Reste à payer'],
    [
      'es',
      'Factura',
      'Fecha de emisión',
      'Periodo de servicio',
      'Fecha de vencimiento',
      'NIF-IVA',
      'Total neto',
      'Total (impuestos incluidos)',
      'Saldo pendiente',
    ],
    [
      'nl',
      'Factuur',
      'Factuurdatum',
      'Leveringsperiode',
      'Vervaldatum',
      'Btw-nummer',
      'Totaal excl. btw',
      'Totaal incl. btw',
      'Openstaand bedrag',
    ],
    [
      'it',
      'Fattura',
      'Data di emissione',
      'Periodo di fornitura',
      'Data di scadenza',
      'Partita IVA',
      'Totale imponibile',
      'Totale documento',
      'Saldo da pagare',
    ],
  ] as const)('%s: %s, %s, %s, %s, %s, %s, %s, %s', (language, invoice, issue, period, due, vat, net, gross, balance) => {
    const t = LABELS[language];
    expect([t.invoice, t.issueDate, t.servicePeriod, t.dueDate, t.vatId, t.netTotal, t.grossTotal, t.balanceDue]).toEqual([
      invoice,
      issue,
      period,
      due,
      vat,
      net,
      gross,
      balance,
    ]);
  });

  /** Every path to a text (a string, or what a function returns for sample values) with that text. */
  function leaves(value: unknown, path = ''): Array<[string, string]> {
    if (typeof value === 'string') return [[path, value]];
    if (typeof value === 'function') {
      const out: unknown = (value as (...args: unknown[]) => unknown)('A1', 'B2');
      return typeof out === 'string' ? [[`${path}()`, out]] : leaves(out, `${path}()`);
    }
    if (value && typeof value === 'object') {
      return Object.entries(value).flatMap(([key, v]) => leaves(v, path ? `${path}.${key}` : key));
    }
    return [[path, String(value)]];
  }

  it.each([
    [
      'LABELS',
      LABELS,
      ['corrections.credit_note.title', 'corrections.supplementary_invoice.reference', 'credited.gross', 'closing.credited()'],
    ],
    ['EMAIL_TEXTS', EMAIL_TEXTS, ['corrections.credit_note.subject()', 'corrections.supplementary_invoice.intro().2', 'state.corrects()']],
  ] as const)('%s: every language has every text (nested ones, of corrections too), none empty', (_name, dictionary, required) => {
    const paths = leaves(dictionary.en).map(([path]) => path);
    expect(paths).toEqual(expect.arrayContaining([...required]));
    for (const language of INVOICE_LANGUAGES) {
      const texts = leaves(dictionary[language]);
      expect(texts.map(([path]) => path)).toEqual(paths);
      for (const [path, text] of texts) expect(`${language}.${path}: ${text.trim()}`).not.toMatch(/: $/);
    }
  });

  it.each([
    ['en', 'Credit note', 'Credit note number', 'Supplementary invoice', 'Invoice number', 'Total credited'],
    ['de', 'Rechnungskorrektur', 'Belegnummer', 'Nachtragsrechnung', 'Rechnungsnummer', 'Korrekturbetrag brutto'],
    ['fr', 'Avoir', "Numéro d'avoir", 'Facture rectificative', 'Numéro de facture', "Total TTC de l'avoir"],
    [
      'es',
      'Factura rectificativa (abono)',
      'Número de factura',
      'Factura rectificativa (complementaria)',
      'Número de factura',
      'Total abonado (impuestos incluidos)',
    ],
    ['nl', 'Creditnota', 'Creditnotanummer', 'Aanvullende factuur', 'Factuurnummer', 'Totaal gecrediteerd incl. btw'],
    ['it', 'Nota di credito', 'Numero nota di credito', 'Nota di debito', 'Numero nota di debito', 'Totale nota di credito'],
  ] as const)(
    '%s: a credit note is a "%s" (%s), a supplementary invoice a "%s" (%s), credited: %s',
    (language, cn, cnNo, si, siNo, gross) => {
      const t = LABELS[language];
      expect([t.corrections.credit_note.title, t.corrections.credit_note.number]).toEqual([cn, cnNo]);
      expect([t.corrections.supplementary_invoice.title, t.corrections.supplementary_invoice.number]).toEqual([si, siNo]);
      expect(t.credited.gross).toBe(gross);
    },
  );

  it('never calls a seller\'s credit note a "Gutschrift" in German (that is self-billing, § 14 Abs. 2 UStG)', () => {
    for (const [, text] of [...leaves(LABELS.de), ...leaves(EMAIL_TEXTS.de)]) expect(text).not.toMatch(/gutschrift/i);
  });

  it('names the corrected invoice with its number and date', () => {
    expect(LABELS.en.precedingInvoice('INV-000012', 'Nov 1, 2026')).toBe('INV-000012 of Nov 1, 2026');
    expect(LABELS.de.precedingInvoice('INV-000012', '01.11.2026')).toBe('INV-000012 vom 01.11.2026');
    expect(LABELS.fr.precedingInvoice('INV-000012', '1 nov. 2026')).toBe('n° INV-000012 du 1 nov. 2026');
    expect(EMAIL_TEXTS.en.corrections.credit_note.intro({ number: 'INV-000012', date: 'Nov 1, 2026' })).toEqual([
      'Please find attached credit note ',
      ' from ',
      ', correcting invoice INV-000012 of Nov 1, 2026.',
    ]);
    expect(EMAIL_TEXTS.de.corrections.credit_note.subject('CN-000001', 'Muster', EMAIL_TEXTS.de.state.corrects('INV-000012'))).toBe(
      'Rechnungskorrektur CN-000001 von Muster — zur Rechnung INV-000012',
    );
    expect(EMAIL_TEXTS.en.corrections.credit_note.subject('CN-000001', 'Acme', null)).toBe('Credit note CN-000001 from Acme');
  });

  it('words the closing sentence with the amount and the day', () => {
    expect(LABELS.en.closing.payBy('$1.00', 'Dec 15, 2026')).toBe('Please pay $1.00 by Dec 15, 2026.');
    expect(LABELS.de.closing.payBy('1,00 €', '15.12.2026')).toBe('Bitte zahlen Sie 1,00 € bis zum 15.12.2026.');
    expect(LABELS.fr.closing.overdue('1,00 €', '15 déc. 2026')).toBe(
      'Le paiement de 1,00 € était dû le 15 déc. 2026. Merci de régler au plus vite.',
    );
    expect(LABELS.it.closing.payBy('1,00 €', '15 dic 2026')).toBe('Si prega di pagare 1,00 € entro il 15 dic 2026.');
  });

  it('has e-mail texts in every language', () => {
    expect(EMAIL_TEXTS.de.subject('INV-1', 'Muster', EMAIL_TEXTS.de.state.due('14.12.2026'))).toBe(
      'Rechnung INV-1 von Muster — fällig am 14.12.2026',
    );
    expect(EMAIL_TEXTS.nl.greeting('Globex')).toBe('Beste Globex,');
    expect(EMAIL_TEXTS.es.state.overdue('14 dic 2026')).toBe('vencida desde el 14 dic 2026');
  });
});

describe('quantities with the unit in words', () => {
  it.each([
    ['en', 4, 'hour', '4 hours'],
    ['en', 1, 'hour', '1 hour'],
    ['en', 2.5, 'hour', '2.5 hours'],
    ['en', 0.75, 'hour', '0.75 hours'],
    ['en', 1, 'session', '1 session'],
    ['en', 12, 'session', '12 sessions'],
    ['en', 0, 'device', '0 devices'],
    ['en', 1234, 'session', '1,234 sessions'],
    ['de', 4, 'hour', '4 Stunden'],
    ['de', 1, 'hour', '1 Stunde'],
    ['de', 2.5, 'hour', '2,5 Stunden'],
    ['de', 1, 'device', '1 Gerät'],
    ['de', 3, 'device', '3 Geräte'],
    ['de', 1, 'session', '1 Sitzung'],
    ['fr', 4, 'hour', '4 heures'],
    ['fr', 1, 'hour', '1 heure'],
    ['fr', 1.5, 'hour', '1,5 heure'], // French takes the singular below 2
    ['fr', 2, 'device', '2 appareils'],
    ['es', 1, 'session', '1 sesión'],
    ['es', 3, 'session', '3 sesiones'],
    ['es', 2.5, 'hour', '2,5 horas'],
    ['nl', 4, 'hour', '4 uur'],
    ['nl', 1, 'device', '1 apparaat'],
    ['nl', 2, 'device', '2 apparaten'],
    ['it', 1, 'hour', '1 ora'],
    ['it', 4, 'hour', '4 ore'],
    ['it', 2, 'session', '2 sessioni'],
    ['en', 1, 'item', '1 item'],
    ['en', 2, 'item', '2 items'],
    ['de', 1, 'item', '1 Stück'],
    ['de', 3, 'item', '3 Stück'],
    ['fr', 1, 'item', '1 unité'],
    ['fr', 2, 'item', '2 unités'],
    ['es', 1, 'item', '1 unidad'],
    ['es', 2, 'item', '2 unidades'],
    ['nl', 1, 'item', '1 stuk'],
    ['nl', 2, 'item', '2 stuks'],
    ['it', 1, 'item', '1 unità'],
    ['it', 2, 'item', '2 unità'],
  ] as const)('%s: %d %s is "%s"', (language, quantity, unit, expected) => {
    expect(quantityWithUnit(quantity, unit, language).replace(/[\u00a0\u202f]/g, ' ')).toBe(expected);
  });

  it('chooses the form for the number as printed (6 decimals)', () => {
    expect(formatQuantity(1.0000001, 'en-US')).toBe('1');
    expect(unitWord('hour', 1.0000001, 'en')).toBe('hour');
  });

  it('prints a unit it does not know as given', () => {
    expect(quantityWithUnit(3, 'licence', 'de')).toBe('3 licence');
  });
});

describe('line descriptions by kind', () => {
  const line = (kind: string, description = 'English text') => ({ kind, description });

  it.each([
    ['en', ['Remote sessions', 'Session hours', 'Unattended devices', 'Late usage from earlier periods']],
    ['de', ['Fernwartungssitzungen', 'Sitzungsstunden', 'Unbeaufsichtigte Geräte', 'Nachträgliche Nutzung aus früheren Zeiträumen']],
    ['fr', ['Sessions à distance', 'Heures de session', 'Appareils sans surveillance', 'Utilisation tardive de périodes antérieures']],
    ['es', ['Sesiones remotas', 'Horas de sesión', 'Dispositivos desatendidos', 'Uso tardío de periodos anteriores']],
    ['nl', ['Sessies op afstand', 'Sessie-uren', 'Onbeheerde apparaten', 'Nagekomen gebruik uit eerdere periodes']],
    ['it', ['Sessioni remote', 'Ore di sessione', 'Dispositivi non presidiati', 'Utilizzo tardivo di periodi precedenti']],
  ] as const)('%s', (language, expected) => {
    const locale = invoiceLocale(language);
    expect(['sessions', 'hours', 'devices', 'late_usage'].map((kind) => lineDescription(line(kind), language, locale))).toEqual(expected);
  });

  it("keeps a short period's proration, in the language's number format", () => {
    const prorated = line('devices', 'Unattended devices, prorated to 46.7742 % of the period');
    expect(lineDescription(prorated, 'en', 'en-US')).toBe('Unattended devices, prorated to 46.7742 % of the period');
    expect(lineDescription(prorated, 'de', 'de-DE')).toBe('Unbeaufsichtigte Geräte, anteilig 46,7742 % des Zeitraums');
    expect(lineDescription(prorated, 'fr', 'fr-FR')).toBe('Appareils sans surveillance, au prorata de 46,7742 % de la période');
  });

  it.each(['en', 'de', 'fr', 'es', 'nl', 'it'] as const)("prints a correction's description as given (%s)", (language) => {
    const correction = line('correction', 'Discount: goodwill for the outage');
    expect(lineDescription(correction, language, invoiceLocale(language))).toBe('Discount: goodwill for the outage');
  });

  it('prints the description of a kind it does not know', () => {
    expect(lineDescription(line('retainer', 'Monthly retainer'), 'de', 'de-DE')).toBe('Monthly retainer');
  });
});

describe('tax notes and group names', () => {
  it('has a note for reverse charge, exempt and export only', () => {
    expect(['none', 'standard', 'reverse_charge', 'exempt', 'export'].map((t) => taxNoteOf(t as never))).toEqual([
      null,
      null,
      'reverse_charge',
      'exempt',
      'export',
    ]);
  });

  it.each([
    ['en', 'Reverse charge: VAT to be accounted for by the recipient (Article 196, Council Directive 2006/112/EC).'],
    [
      'de',
      'Steuerschuldnerschaft des Leistungsempfängers (Reverse Charge): Die Steuer schuldet der Leistungsempfänger (Artikel 196 der Richtlinie 2006/112/EG des Rates).',
    ],
    ['fr', 'Autoliquidation : TVA due par le preneur (article 196 de la directive 2006/112/CE du Conseil).'],
    ['es', 'Inversión del sujeto pasivo: IVA a cargo del destinatario (artículo 196 de la Directiva 2006/112/CE del Consejo).'],
    ['nl', 'Btw verlegd: de btw wordt voldaan door de afnemer (artikel 196 van Richtlijn 2006/112/EG van de Raad).'],
    ['it', 'Inversione contabile: IVA dovuta dal destinatario (articolo 196 della direttiva 2006/112/CE del Consiglio).'],
  ] as const)('reverse charge in %s', (language, expected) => {
    expect(taxNote('reverse_charge', language, null)).toBe(expected);
  });

  it.each([
    ['en', 'Tax exemption: § 4 Nr. 21 UStG', 'Export outside the EU/VAT area — zero-rated.'],
    ['de', 'Steuerbefreiung: § 4 Nr. 21 UStG', 'Ausfuhr außerhalb der EU bzw. des Mehrwertsteuergebiets — steuerfrei (Nullsatz).'],
    ['fr', 'Exonération de TVA : § 4 Nr. 21 UStG', "Exportation hors de l'UE / du territoire de TVA — exonérée (taux zéro)."],
    ['es', 'Exención de IVA: § 4 Nr. 21 UStG', 'Exportación fuera de la UE / del territorio del IVA — tipo cero.'],
    ['nl', 'Vrijgesteld van btw: § 4 Nr. 21 UStG', 'Export buiten de EU / het btw-gebied — nultarief.'],
    [
      'it',
      'Esente IVA: § 4 Nr. 21 UStG',
      "Esportazione al di fuori dell'UE / del territorio IVA — operazione non imponibile (aliquota zero).",
    ],
  ] as const)('exemption (with the reason as entered) and export in %s', (language, exempt, exported) => {
    expect(taxNote('exempt', language, '§ 4 Nr. 21 UStG')).toBe(exempt);
    expect(taxNote('export', language, null)).toBe(exported);
  });

  it("names the treatment's own group in the language, and keeps the seller's names under standard", () => {
    expect(taxGroupName({ name: 'Reverse charge', categoryCode: 'AE' }, 'reverse_charge', 'de')).toBe('Reverse Charge');
    expect(taxGroupName({ name: 'Reverse charge', categoryCode: 'AE' }, 'reverse_charge', 'fr')).toBe('Autoliquidation');
    expect(taxGroupName({ name: 'Exempt', categoryCode: 'E' }, 'exempt', 'it')).toBe('Esente');
    expect(taxGroupName({ name: 'Export', categoryCode: 'G' }, 'export', 'es')).toBe('Exportación');
    expect(taxGroupName({ name: 'MwSt.', categoryCode: 'S' }, 'standard', 'fr')).toBe('MwSt.');
    expect(taxGroupName({ name: 'Exempt (medical)', categoryCode: 'E' }, 'standard', 'de')).toBe('Exempt (medical)');
  });
});

describe('country names', () => {
  it.each([
    ['en-US', ['Germany', 'United States', 'Switzerland', 'Austria']],
    ['de-DE', ['Deutschland', 'Vereinigte Staaten', 'Schweiz', 'Österreich']],
    ['fr-FR', ['Allemagne', 'États-Unis', 'Suisse', 'Autriche']],
    ['es-ES', ['Alemania', 'Estados Unidos', 'Suiza', 'Austria']],
    ['nl-NL', ['Duitsland', 'Verenigde Staten', 'Zwitserland', 'Oostenrijk']],
    ['it-IT', ['Germania', 'Stati Uniti', 'Svizzera', 'Austria']],
  ] as const)('%s', (locale, expected) => {
    expect(['DE', 'US', 'ch', 'AT'].map((code) => countryName(code, locale))).toEqual(expected);
  });

  it('prints anything that is not a known code as given', () => {
    expect(countryName('United States', 'de-DE')).toBe('United States');
    expect(countryName('ZZ', 'de-DE')).toBe('ZZ');
    expect(countryName('QQ', 'fr-FR')).toBe('QQ');
  });
});
