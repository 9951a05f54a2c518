/**
 * The fixed texts of the invoice e-mail in each invoice language (the other labels of its summary are the invoice's
 * own, `labels.ts`). `intro` is in three parts around the invoice number and the organization's name, so the HTML
 * body can set the number in bold.
 */
import type { InvoiceLabels } from './labels';
import type { InvoiceLanguage } from './languages';

export interface InvoiceEmailTexts {
  greeting(name: string): string;
  /** the summary's period (the PDF's legal "service period") */
  billingPeriod: string;
  /** the status sentence under the summary */
  closing: InvoiceLabels['closing'];
  subject(number: string, seller: string, state: string): string;
  state: { paid: string; void: string; due(date: string): string; overdue(date: string): string };
  /** before the number, between number and seller, after the seller */
  intro: readonly [string, string, string];
  attached(fileName: string): string;
}

export const EMAIL_TEXTS: Readonly<Record<InvoiceLanguage, InvoiceEmailTexts>> = {
  en: {
    greeting: (name) => `Hello ${name},`,
    billingPeriod: 'Billing period',
    closing: {
      void: 'This invoice has been voided; no payment is due.',
      paid: 'This invoice is paid. Thank you.',
      payBy: (a, d) => `Please pay ${a} by ${d}.`,
      overdue: (a, d) => `The balance of ${a} was due on ${d}. Please pay as soon as possible.`,
    },
    subject: (number, seller, state) => `Invoice ${number} from ${seller} — ${state}`,
    state: { paid: 'paid', void: 'void', due: (d) => `due ${d}`, overdue: (d) => `overdue since ${d}` },
    intro: ['Please find attached invoice ', ' from ', '.'],
    attached: (file) => `The invoice is attached as ${file}.`,
  },
  de: {
    greeting: (name) => `Guten Tag ${name},`,
    billingPeriod: 'Abrechnungszeitraum',
    closing: {
      void: 'Diese Rechnung wurde storniert; es ist keine Zahlung fällig.',
      paid: 'Diese Rechnung ist bezahlt. Vielen Dank.',
      payBy: (a, d) => `Bitte zahlen Sie ${a} bis zum ${d}.`,
      overdue: (a, d) => `Der offene Betrag von ${a} war am ${d} fällig. Bitte zahlen Sie umgehend.`,
    },
    subject: (number, seller, state) => `Rechnung ${number} von ${seller} — ${state}`,
    state: { paid: 'bezahlt', void: 'storniert', due: (d) => `fällig am ${d}`, overdue: (d) => `überfällig seit ${d}` },
    intro: ['Anbei erhalten Sie die Rechnung ', ' von ', '.'],
    attached: (file) => `Die Rechnung ist als ${file} angehängt.`,
  },
  fr: {
    greeting: (name) => `Bonjour ${name},`,
    billingPeriod: 'Période de facturation',
    closing: {
      void: "Cette facture a été annulée ; aucun paiement n'est dû.",
      paid: 'Cette facture est réglée. Merci.',
      payBy: (a, d) => `Merci de régler ${a} au plus tard le ${d}.`,
      overdue: (a, d) => `Le solde de ${a} était dû le ${d}. Merci de régler au plus vite.`,
    },
    subject: (number, seller, state) => `Facture ${number} de ${seller} — ${state}`,
    state: { paid: 'payée', void: 'annulée', due: (d) => `échéance le ${d}`, overdue: (d) => `en retard depuis le ${d}` },
    intro: ['Veuillez trouver ci-joint la facture ', ' de ', '.'],
    attached: (file) => `La facture est jointe sous le nom ${file}.`,
  },
  es: {
    greeting: (name) => `Hola, ${name}:`,
    billingPeriod: 'Periodo de facturación',
    closing: {
      void: 'Esta factura ha sido anulada; no hay ningún pago pendiente.',
      paid: 'Esta factura está pagada. Gracias.',
      payBy: (a, d) => `Le rogamos que pague ${a} antes del ${d}.`,
      overdue: (a, d) => `El saldo de ${a} venció el ${d}. Le rogamos que pague lo antes posible.`,
    },
    subject: (number, seller, state) => `Factura ${number} de ${seller} — ${state}`,
    state: { paid: 'pagada', void: 'anulada', due: (d) => `vence el ${d}`, overdue: (d) => `vencida desde el ${d}` },
    intro: ['Le adjuntamos la factura ', ' de ', '.'],
    attached: (file) => `La factura se adjunta como ${file}.`,
  },
  nl: {
    greeting: (name) => `Beste ${name},`,
    billingPeriod: 'Factuurperiode',
    closing: {
      void: 'Deze factuur is geannuleerd; er hoeft niets betaald te worden.',
      paid: 'Deze factuur is betaald. Hartelijk dank.',
      payBy: (a, d) => `Gelieve ${a} te betalen vóór ${d}.`,
      overdue: (a, d) => `Het openstaande bedrag van ${a} was verschuldigd op ${d}. Gelieve zo spoedig mogelijk te betalen.`,
    },
    subject: (number, seller, state) => `Factuur ${number} van ${seller} — ${state}`,
    state: { paid: 'betaald', void: 'geannuleerd', due: (d) => `te betalen vóór ${d}`, overdue: (d) => `achterstallig sinds ${d}` },
    intro: ['Bijgaand ontvangt u factuur ', ' van ', '.'],
    attached: (file) => `De factuur is bijgevoegd als ${file}.`,
  },
  it: {
    greeting: (name) => `Gentile ${name},`,
    billingPeriod: 'Periodo di fatturazione',
    closing: {
      void: 'Questa fattura è stata annullata; non è dovuto alcun pagamento.',
      paid: 'Questa fattura è stata pagata. Grazie.',
      payBy: (a, d) => `Si prega di pagare ${a} entro il ${d}.`,
      overdue: (a, d) => `Il saldo di ${a} era dovuto il ${d}. Si prega di pagare al più presto.`,
    },
    subject: (number, seller, state) => `Fattura ${number} di ${seller} — ${state}`,
    state: { paid: 'pagata', void: 'annullata', due: (d) => `scadenza ${d}`, overdue: (d) => `scaduta dal ${d}` },
    intro: ['In allegato trova la fattura ', ' di ', '.'],
    attached: (file) => `La fattura è allegata come ${file}.`,
  },
};
