/**
 * The fixed texts of the invoice e-mail in each invoice language (the other labels of its summary are the invoice's
 * own, `labels.ts`). `intro` is in three parts around the invoice number and the organization's name, so the HTML
 * body can set the number in bold. A credit note and a supplementary invoice have their own subject, intro (naming
 * the invoice they correct) and attachment sentence (`corrections`).
 */
import type { InvoiceCorrectionType } from '../invoice-document';
import type { InvoiceLabels } from './labels';
import type { InvoiceLanguage } from './languages';

/** The corrected invoice as the e-mail names it: its number and its issue date, formatted already. */
export interface InvoiceEmailReference {
  number: string;
  date: string;
}

/** The e-mail's own texts for a credit note or a supplementary invoice. */
export interface InvoiceCorrectionEmailTexts {
  /** `state`: after a dash, when not null */
  subject(number: string, seller: string, state: string | null): string;
  /** before the number, between number and seller, after the seller (naming the corrected invoice when known) */
  intro(reference: InvoiceEmailReference | null): readonly [string, string, string];
  attached(fileName: string): string;
}

export interface InvoiceEmailTexts {
  greeting(name: string): string;
  /** the summary's period (the PDF's legal "service period") */
  billingPeriod: string;
  /** the status sentence under the summary */
  closing: InvoiceLabels['closing'];
  subject(number: string, seller: string, state: string): string;
  /** the subject's state; `corrects`: a credit note's (the number of the invoice it corrects) */
  state: { paid: string; void: string; due(date: string): string; overdue(date: string): string; corrects(number: string): string };
  /** before the number, between number and seller, after the seller */
  intro: readonly [string, string, string];
  attached(fileName: string): string;
  corrections: Record<InvoiceCorrectionType, InvoiceCorrectionEmailTexts>;
}

const dashed = (state: string | null) => (state ? ` — ${state}` : '');

export const EMAIL_TEXTS: Readonly<Record<InvoiceLanguage, InvoiceEmailTexts>> = {
  en: {
    greeting: (name) => `Hello ${name},`,
    billingPeriod: 'Billing period',
    closing: {
      void: 'This invoice has been voided; no payment is due.',
      paid: 'This invoice is paid. Thank you.',
      payBy: (a, d) => `Please pay ${a} by ${d}.`,
      overdue: (a, d) => `The balance of ${a} was due on ${d}. Please pay as soon as possible.`,
      credited: (a) => `${a} is credited to you; no payment is due.`,
      creditVoid: 'This credit note has been voided.',
    },
    subject: (number, seller, state) => `Invoice ${number} from ${seller} — ${state}`,
    state: {
      paid: 'paid',
      void: 'void',
      due: (d) => `due ${d}`,
      overdue: (d) => `overdue since ${d}`,
      corrects: (n) => `corrects invoice ${n}`,
    },
    intro: ['Please find attached invoice ', ' from ', '.'],
    attached: (file) => `The invoice is attached as ${file}.`,
    corrections: {
      credit_note: {
        subject: (number, seller, state) => `Credit note ${number} from ${seller}${dashed(state)}`,
        intro: (ref) => ['Please find attached credit note ', ' from ', ref ? `, correcting invoice ${ref.number} of ${ref.date}.` : '.'],
        attached: (file) => `The credit note is attached as ${file}.`,
      },
      supplementary_invoice: {
        subject: (number, seller, state) => `Supplementary invoice ${number} from ${seller}${dashed(state)}`,
        intro: (ref) => [
          'Please find attached supplementary invoice ',
          ' from ',
          ref ? `, supplementary to invoice ${ref.number} of ${ref.date}.` : '.',
        ],
        attached: (file) => `The supplementary invoice is attached as ${file}.`,
      },
    },
  },
  de: {
    greeting: (name) => `Guten Tag ${name},`,
    billingPeriod: 'Abrechnungszeitraum',
    closing: {
      void: 'Diese Rechnung wurde storniert; es ist keine Zahlung fällig.',
      paid: 'Diese Rechnung ist bezahlt. Vielen Dank.',
      payBy: (a, d) => `Bitte zahlen Sie ${a} bis zum ${d}.`,
      overdue: (a, d) => `Der offene Betrag von ${a} war am ${d} fällig. Bitte zahlen Sie umgehend.`,
      credited: (a) => `Der Betrag von ${a} wird Ihnen gutgeschrieben; es ist keine Zahlung fällig.`,
      creditVoid: 'Diese Rechnungskorrektur wurde storniert.',
    },
    subject: (number, seller, state) => `Rechnung ${number} von ${seller} — ${state}`,
    state: {
      paid: 'bezahlt',
      void: 'storniert',
      due: (d) => `fällig am ${d}`,
      overdue: (d) => `überfällig seit ${d}`,
      corrects: (n) => `zur Rechnung ${n}`,
    },
    intro: ['Anbei erhalten Sie die Rechnung ', ' von ', '.'],
    attached: (file) => `Die Rechnung ist als ${file} angehängt.`,
    corrections: {
      credit_note: {
        subject: (number, seller, state) => `Rechnungskorrektur ${number} von ${seller}${dashed(state)}`,
        intro: (ref) => ['Anbei erhalten Sie die Rechnungskorrektur ', ' von ', ref ? ` zur Rechnung ${ref.number} vom ${ref.date}.` : '.'],
        attached: (file) => `Die Rechnungskorrektur ist als ${file} angehängt.`,
      },
      supplementary_invoice: {
        subject: (number, seller, state) => `Nachtragsrechnung ${number} von ${seller}${dashed(state)}`,
        intro: (ref) => ['Anbei erhalten Sie die Nachtragsrechnung ', ' von ', ref ? ` zur Rechnung ${ref.number} vom ${ref.date}.` : '.'],
        attached: (file) => `Die Nachtragsrechnung ist als ${file} angehängt.`,
      },
    },
  },
  fr: {
    greeting: (name) => `Bonjour ${name},`,
    billingPeriod: 'Période de facturation',
    closing: {
      void: "Cette facture a été annulée ; aucun paiement n'est dû.",
      paid: 'Cette facture est réglée. Merci.',
      payBy: (a, d) => `Merci de régler ${a} au plus tard le ${d}.`,
      overdue: (a, d) => `Le solde de ${a} était dû le ${d}. Merci de régler au plus vite.`,
      credited: (a) => `Le montant de ${a} est porté à votre crédit ; aucun paiement n'est dû.`,
      creditVoid: 'Cet avoir a été annulé.',
    },
    subject: (number, seller, state) => `Facture ${number} de ${seller} — ${state}`,
    state: {
      paid: 'payée',
      void: 'annulée',
      due: (d) => `échéance le ${d}`,
      overdue: (d) => `en retard depuis le ${d}`,
      corrects: (n) => `rectifie la facture ${n}`,
    },
    intro: ['Veuillez trouver ci-joint la facture ', ' de ', '.'],
    attached: (file) => `La facture est jointe sous le nom ${file}.`,
    corrections: {
      credit_note: {
        subject: (number, seller, state) => `Avoir ${number} de ${seller}${dashed(state)}`,
        intro: (ref) => [
          "Veuillez trouver ci-joint l'avoir ",
          ' de ',
          ref ? `, qui rectifie la facture n° ${ref.number} du ${ref.date}.` : '.',
        ],
        attached: (file) => `L'avoir est joint sous le nom ${file}.`,
      },
      supplementary_invoice: {
        subject: (number, seller, state) => `Facture rectificative ${number} de ${seller}${dashed(state)}`,
        intro: (ref) => [
          'Veuillez trouver ci-joint la facture rectificative ',
          ' de ',
          ref ? `, qui complète la facture n° ${ref.number} du ${ref.date}.` : '.',
        ],
        attached: (file) => `La facture rectificative est jointe sous le nom ${file}.`,
      },
    },
  },
  es: {
    greeting: (name) => `Hola, ${name}:`,
    billingPeriod: 'Periodo de facturación',
    closing: {
      void: 'Esta factura ha sido anulada; no hay ningún pago pendiente.',
      paid: 'Esta factura está pagada. Gracias.',
      payBy: (a, d) => `Le rogamos que pague ${a} antes del ${d}.`,
      overdue: (a, d) => `El saldo de ${a} venció el ${d}. Le rogamos que pague lo antes posible.`,
      credited: (a) => `El importe de ${a} se abona a su favor; no hay ningún pago pendiente.`,
      creditVoid: 'Esta factura rectificativa ha sido anulada.',
    },
    subject: (number, seller, state) => `Factura ${number} de ${seller} — ${state}`,
    state: {
      paid: 'pagada',
      void: 'anulada',
      due: (d) => `vence el ${d}`,
      overdue: (d) => `vencida desde el ${d}`,
      corrects: (n) => `rectifica la factura ${n}`,
    },
    intro: ['Le adjuntamos la factura ', ' de ', '.'],
    attached: (file) => `La factura se adjunta como ${file}.`,
    corrections: {
      credit_note: {
        subject: (number, seller, state) => `Factura rectificativa (abono) ${number} de ${seller}${dashed(state)}`,
        intro: (ref) => [
          'Le adjuntamos la factura rectificativa (abono) ',
          ' de ',
          ref ? `, que rectifica la factura n.º ${ref.number} de fecha ${ref.date}.` : '.',
        ],
        attached: (file) => `La factura rectificativa se adjunta como ${file}.`,
      },
      supplementary_invoice: {
        subject: (number, seller, state) => `Factura rectificativa (complementaria) ${number} de ${seller}${dashed(state)}`,
        intro: (ref) => [
          'Le adjuntamos la factura rectificativa (complementaria) ',
          ' de ',
          ref ? `, que complementa la factura n.º ${ref.number} de fecha ${ref.date}.` : '.',
        ],
        attached: (file) => `La factura rectificativa se adjunta como ${file}.`,
      },
    },
  },
  nl: {
    greeting: (name) => `Beste ${name},`,
    billingPeriod: 'Factuurperiode',
    closing: {
      void: 'Deze factuur is geannuleerd; er hoeft niets betaald te worden.',
      paid: 'Deze factuur is betaald. Hartelijk dank.',
      payBy: (a, d) => `Gelieve ${a} te betalen vóór ${d}.`,
      overdue: (a, d) => `Het openstaande bedrag van ${a} was verschuldigd op ${d}. Gelieve zo spoedig mogelijk te betalen.`,
      credited: (a) => `Het bedrag van ${a} wordt aan u gecrediteerd; er hoeft niets betaald te worden.`,
      creditVoid: 'Deze creditnota is geannuleerd.',
    },
    subject: (number, seller, state) => `Factuur ${number} van ${seller} — ${state}`,
    state: {
      paid: 'betaald',
      void: 'geannuleerd',
      due: (d) => `te betalen vóór ${d}`,
      overdue: (d) => `achterstallig sinds ${d}`,
      corrects: (n) => `correctie op factuur ${n}`,
    },
    intro: ['Bijgaand ontvangt u factuur ', ' van ', '.'],
    attached: (file) => `De factuur is bijgevoegd als ${file}.`,
    corrections: {
      credit_note: {
        subject: (number, seller, state) => `Creditnota ${number} van ${seller}${dashed(state)}`,
        intro: (ref) => [
          'Bijgaand ontvangt u creditnota ',
          ' van ',
          ref ? ` ter correctie van factuur ${ref.number} van ${ref.date}.` : '.',
        ],
        attached: (file) => `De creditnota is bijgevoegd als ${file}.`,
      },
      supplementary_invoice: {
        subject: (number, seller, state) => `Aanvullende factuur ${number} van ${seller}${dashed(state)}`,
        intro: (ref) => [
          'Bijgaand ontvangt u aanvullende factuur ',
          ' van ',
          ref ? ` als aanvulling op factuur ${ref.number} van ${ref.date}.` : '.',
        ],
        attached: (file) => `De aanvullende factuur is bijgevoegd als ${file}.`,
      },
    },
  },
  it: {
    greeting: (name) => `Gentile ${name},`,
    billingPeriod: 'Periodo di fatturazione',
    closing: {
      void: 'Questa fattura è stata annullata; non è dovuto alcun pagamento.',
      paid: 'Questa fattura è stata pagata. Grazie.',
      payBy: (a, d) => `Si prega di pagare ${a} entro il ${d}.`,
      overdue: (a, d) => `Il saldo di ${a} era dovuto il ${d}. Si prega di pagare al più presto.`,
      credited: (a) => `L'importo di ${a} viene accreditato a Suo favore; non è dovuto alcun pagamento.`,
      creditVoid: 'Questa nota di credito è stata annullata.',
    },
    subject: (number, seller, state) => `Fattura ${number} di ${seller} — ${state}`,
    state: {
      paid: 'pagata',
      void: 'annullata',
      due: (d) => `scadenza ${d}`,
      overdue: (d) => `scaduta dal ${d}`,
      corrects: (n) => `rettifica la fattura ${n}`,
    },
    intro: ['In allegato trova la fattura ', ' di ', '.'],
    attached: (file) => `La fattura è allegata come ${file}.`,
    corrections: {
      credit_note: {
        subject: (number, seller, state) => `Nota di credito ${number} di ${seller}${dashed(state)}`,
        intro: (ref) => [
          'In allegato trova la nota di credito ',
          ' di ',
          ref ? `, che rettifica la fattura n. ${ref.number} del ${ref.date}.` : '.',
        ],
        attached: (file) => `La nota di credito è allegata come ${file}.`,
      },
      supplementary_invoice: {
        subject: (number, seller, state) => `Nota di debito ${number} di ${seller}${dashed(state)}`,
        intro: (ref) => [
          'In allegato trova la nota di debito ',
          ' di ',
          ref ? `, che integra la fattura n. ${ref.number} del ${ref.date}.` : '.',
        ],
        attached: (file) => `La nota di debito è allegata come ${file}.`,
      },
    },
  },
};
