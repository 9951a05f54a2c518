/**
 * The legal notes of the treatments that do not charge the rates, and the name of their one tax group, in each
 * invoice language. The group's name comes from the API in English ("Reverse charge", "Exempt", "Export"); it is
 * printed from its treatment and category code instead. Under `standard` every group keeps the seller's own name
 * ("VAT", "GST", "MwSt."): that is the seller's text.
 *
 * Wordings: the reverse-charge note names Article 196 of Council Directive 2006/112/EC (the VAT Directive) in the
 * Directive's own wording of each language, after the term national law asks for ("Steuerschuldnerschaft des
 * Leistungsempfängers", § 14a UStG; "Autoliquidation", CGI art. 242 nonies A; "Inversión del sujeto pasivo";
 * "Btw verlegd"; "Inversione contabile"). The exemption note carries the customer's reason (EN 16931 BT-120) as
 * entered; English says "tax" rather than "VAT", since US and Canadian sellers write in English too.
 */
import type { TaxCategoryCode, TaxNote, TaxTreatment } from '@app/billing';
import type { InvoiceLanguage } from './languages';

interface TaxTexts {
  /** the one group of the treatment */
  groupName: Record<TaxNote, string>;
  reverseCharge: string;
  /** `reason` is the customer's own text */
  exempt(reason: string | null): string;
  export: string;
}

const TAX_TEXTS: Readonly<Record<InvoiceLanguage, TaxTexts>> = {
  en: {
    groupName: { reverse_charge: 'Reverse charge', exempt: 'Exempt', export: 'Export' },
    reverseCharge: 'Reverse charge: VAT to be accounted for by the recipient (Article 196, Council Directive 2006/112/EC).',
    exempt: (reason) => (reason ? `Tax exemption: ${reason}` : 'Exempt from tax.'),
    export: 'Export outside the EU/VAT area — zero-rated.',
  },
  de: {
    groupName: { reverse_charge: 'Reverse Charge', exempt: 'Steuerfrei', export: 'Ausfuhr' },
    reverseCharge:
      'Steuerschuldnerschaft des Leistungsempfängers (Reverse Charge): Die Steuer schuldet der Leistungsempfänger (Artikel 196 der Richtlinie 2006/112/EG des Rates).',
    exempt: (reason) => (reason ? `Steuerbefreiung: ${reason}` : 'Steuerfrei.'),
    export: 'Ausfuhr außerhalb der EU bzw. des Mehrwertsteuergebiets — steuerfrei (Nullsatz).',
  },
  fr: {
    groupName: { reverse_charge: 'Autoliquidation', exempt: 'Exonéré', export: 'Exportation' },
    reverseCharge: 'Autoliquidation : TVA due par le preneur (article 196 de la directive 2006/112/CE du Conseil).',
    exempt: (reason) => (reason ? `Exonération de TVA : ${reason}` : 'Exonéré de TVA.'),
    export: "Exportation hors de l'UE / du territoire de TVA — exonérée (taux zéro).",
  },
  es: {
    groupName: { reverse_charge: 'Inversión del sujeto pasivo', exempt: 'Exento', export: 'Exportación' },
    reverseCharge: 'Inversión del sujeto pasivo: IVA a cargo del destinatario (artículo 196 de la Directiva 2006/112/CE del Consejo).',
    exempt: (reason) => (reason ? `Exención de IVA: ${reason}` : 'Exento de IVA.'),
    export: 'Exportación fuera de la UE / del territorio del IVA — tipo cero.',
  },
  nl: {
    groupName: { reverse_charge: 'Btw verlegd', exempt: 'Vrijgesteld', export: 'Export' },
    reverseCharge: 'Btw verlegd: de btw wordt voldaan door de afnemer (artikel 196 van Richtlijn 2006/112/EG van de Raad).',
    exempt: (reason) => (reason ? `Vrijgesteld van btw: ${reason}` : 'Vrijgesteld van btw.'),
    export: 'Export buiten de EU / het btw-gebied — nultarief.',
  },
  it: {
    groupName: { reverse_charge: 'Inversione contabile', exempt: 'Esente', export: 'Esportazione' },
    reverseCharge: 'Inversione contabile: IVA dovuta dal destinatario (articolo 196 della direttiva 2006/112/CE del Consiglio).',
    exempt: (reason) => (reason ? `Esente IVA: ${reason}` : 'Esente IVA.'),
    export: "Esportazione al di fuori dell'UE / del territorio IVA — operazione non imponibile (aliquota zero).",
  },
};

/** The category of the one group each of these treatments makes (`@app/billing` taxes.ts). */
const NOTE_CATEGORY: Readonly<Record<TaxNote, TaxCategoryCode>> = { reverse_charge: 'AE', exempt: 'E', export: 'G' };

/** The treatment's note, when it has one (`none` and `standard` have none). */
export function taxNoteOf(treatment: TaxTreatment): TaxNote | null {
  return treatment === 'reverse_charge' || treatment === 'exempt' || treatment === 'export' ? treatment : null;
}

/** The note printed under the breakdown; `reason` is the customer's exemption reason (printed within the exempt note). */
export function taxNote(note: TaxNote, language: InvoiceLanguage, reason: string | null): string {
  const texts = TAX_TEXTS[language];
  switch (note) {
    case 'reverse_charge':
      return texts.reverseCharge;
    case 'exempt':
      return texts.exempt(reason);
    case 'export':
      return texts.export;
  }
}

/** A group's name as printed: the treatment's own group in `language`, any other group by the seller's name for it. */
export function taxGroupName(group: { name: string; categoryCode: string }, treatment: TaxTreatment, language: InvoiceLanguage): string {
  const note = taxNoteOf(treatment);
  return note && group.categoryCode === NOTE_CATEGORY[note] ? TAX_TEXTS[language].groupName[note] : group.name;
}
