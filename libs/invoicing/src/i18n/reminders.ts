/**
 * The fixed texts of the payment-reminder e-mail in each invoice language (its greeting, the "attached as" line and
 * the labels of its summary and payment details are the invoice e-mail's and the invoice's own: `email.ts`,
 * `labels.ts`). Values come in formatted already (amounts, days). Three situations: before the due date, on it, and
 * after it; after it the reminders are counted ("Payment reminder", "Second payment reminder", … "Fifth …", then
 * "6th …"), each language with the polite business wording it uses for a reminder (DE "Zahlungserinnerung", FR
 * "Relance", ES "Recordatorio de pago", NL "Betalingsherinnering", IT "Sollecito di pagamento").
 */
import type { InvoiceLanguage } from './languages';

/** A sentence in three parts around the invoice number and the seller (so the HTML body can set the number in bold). */
export type ReminderIntro = readonly [beforeNumber: string, beforeSeller: string, afterSeller: string];

export interface ReminderTexts {
  subject: {
    before(number: string, seller: string, dueDate: string): string;
    today(number: string, seller: string): string;
    /** `title` is `overdueTitle(nth)` */
    overdue(title: string, number: string, seller: string, dueDate: string): string;
  };
  /** the title of the `nth` reminder after the due date: 1 "Payment reminder", 2 "Second payment reminder", 6 "6th payment reminder" */
  overdueTitle(nth: number): string;
  /** the body's first sentence */
  intro: { before(dueDate: string): ReminderIntro; today: ReminderIntro; overdue(dueDate: string): ReminderIntro };
  /** what to pay by when: `amount` is the balance */
  request: { before(amount: string, dueDate: string): string; today(amount: string): string; overdue(amount: string): string };
  /** the summary's row with the number of days since the due date */
  daysOverdue: string;
  /** the line asking to disregard the reminder when the payment is on its way */
  alreadyPaid: string;
}

/**
 * The word for the 2nd to the 5th (`words`, in that order), the number written by `numbered` from the 6th on. The
 * 1st reminder has no ordinal (it is "the" reminder).
 */
function ordinal(nth: number, words: readonly [string, string, string, string], numbered: (n: number) => string): string {
  return nth >= 2 && nth <= 5 ? words[nth - 2] : numbered(nth);
}

const englishOrdinals = new Intl.PluralRules('en-US', { type: 'ordinal' });
const ENGLISH_SUFFIX: Partial<Record<Intl.LDMLPluralRule, string>> = { one: 'st', two: 'nd', few: 'rd' };

export const REMINDER_TEXTS: Readonly<Record<InvoiceLanguage, ReminderTexts>> = {
  en: {
    subject: {
      before: (n, s, d) => `Reminder: invoice ${n} from ${s} is due on ${d}`,
      today: (n, s) => `Invoice ${n} from ${s} is due today`,
      overdue: (title, n, s, d) => `${title}: invoice ${n} from ${s} was due on ${d}`,
    },
    overdueTitle: (nth) =>
      nth <= 1
        ? 'Payment reminder'
        : `${ordinal(nth, ['Second', 'Third', 'Fourth', 'Fifth'], (n) => `${n}${ENGLISH_SUFFIX[englishOrdinals.select(n)] ?? 'th'}`)} payment reminder`,
    intro: {
      before: (d) => ['This is a friendly reminder that invoice ', ' from ', ` is due on ${d}.`],
      today: ['This is a friendly reminder that invoice ', ' from ', ' is due today.'],
      overdue: (d) => ['According to our records, invoice ', ' from ', `, which was due on ${d}, has not yet been paid in full.`],
    },
    request: {
      before: (a, d) => `Please arrange payment of ${a} by ${d}.`,
      today: (a) => `Please arrange payment of ${a} today.`,
      overdue: (a) => `Please pay the outstanding balance of ${a} as soon as possible.`,
    },
    daysOverdue: 'Days overdue',
    alreadyPaid: 'If you have already sent the payment, please disregard this reminder. Thank you.',
  },
  de: {
    subject: {
      before: (n, s, d) => `Erinnerung: Rechnung ${n} von ${s} ist am ${d} fällig`,
      today: (n, s) => `Rechnung ${n} von ${s} ist heute fällig`,
      overdue: (title, n, s, d) => `${title}: Rechnung ${n} von ${s} war am ${d} fällig`,
    },
    overdueTitle: (nth) =>
      nth <= 1 ? 'Zahlungserinnerung' : `${ordinal(nth, ['Zweite', 'Dritte', 'Vierte', 'Fünfte'], (n) => `${n}.`)} Zahlungserinnerung`,
    intro: {
      before: (d) => ['Wir möchten Sie freundlich daran erinnern, dass die Rechnung ', ' von ', ` am ${d} fällig wird.`],
      today: ['Wir möchten Sie freundlich daran erinnern, dass die Rechnung ', ' von ', ' heute fällig wird.'],
      overdue: (d) => ['Nach unseren Unterlagen ist die Rechnung ', ' von ', `, fällig am ${d}, noch nicht vollständig beglichen.`],
    },
    request: {
      before: (a, d) => `Wir bitten Sie, den Betrag von ${a} bis zum ${d} zu begleichen.`,
      today: (a) => `Wir bitten Sie, den Betrag von ${a} heute zu begleichen.`,
      overdue: (a) => `Wir bitten Sie, den offenen Betrag von ${a} zeitnah zu begleichen.`,
    },
    daysOverdue: 'Tage überfällig',
    alreadyPaid: 'Sollten Sie die Zahlung bereits veranlasst haben, betrachten Sie diese Erinnerung bitte als gegenstandslos. Vielen Dank.',
  },
  fr: {
    subject: {
      before: (n, s, d) => `Rappel : la facture ${n} de ${s} arrive à échéance le ${d}`,
      today: (n, s) => `La facture ${n} de ${s} arrive à échéance aujourd'hui`,
      overdue: (title, n, s, d) => `${title} : la facture ${n} de ${s} est échue depuis le ${d}`,
    },
    overdueTitle: (nth) =>
      nth <= 1 ? 'Relance' : `${ordinal(nth, ['Deuxième', 'Troisième', 'Quatrième', 'Cinquième'], (n) => `${n}e`)} relance`,
    intro: {
      before: (d) => ['Nous nous permettons de vous rappeler que la facture ', ' de ', ` arrive à échéance le ${d}.`],
      today: ['Nous nous permettons de vous rappeler que la facture ', ' de ', " arrive à échéance aujourd'hui."],
      overdue: (d) => ['Sauf erreur de notre part, la facture ', ' de ', `, échue le ${d}, n'a pas encore été entièrement réglée.`],
    },
    request: {
      before: (a, d) => `Nous vous remercions de bien vouloir régler la somme de ${a} au plus tard le ${d}.`,
      today: (a) => `Nous vous remercions de bien vouloir régler la somme de ${a} aujourd'hui.`,
      overdue: (a) => `Nous vous remercions de bien vouloir régler le solde de ${a} dans les meilleurs délais.`,
    },
    daysOverdue: 'Jours de retard',
    alreadyPaid: 'Si vous avez déjà procédé au règlement, veuillez ne pas tenir compte de ce message. Merci.',
  },
  es: {
    subject: {
      before: (n, s, d) => `Recordatorio: la factura ${n} de ${s} vence el ${d}`,
      today: (n, s) => `La factura ${n} de ${s} vence hoy`,
      overdue: (title, n, s, d) => `${title}: la factura ${n} de ${s} venció el ${d}`,
    },
    overdueTitle: (nth) =>
      nth <= 1
        ? 'Recordatorio de pago'
        : `${ordinal(nth, ['Segundo', 'Tercer', 'Cuarto', 'Quinto'], (n) => `${n}.º`)} recordatorio de pago`,
    intro: {
      before: (d) => ['Le recordamos amablemente que la factura ', ' de ', ` vence el ${d}.`],
      today: ['Le recordamos amablemente que la factura ', ' de ', ' vence hoy.'],
      overdue: (d) => [
        'Según nuestros registros, la factura ',
        ' de ',
        `, con vencimiento el ${d}, aún no ha sido abonada en su totalidad.`,
      ],
    },
    request: {
      before: (a, d) => `Le rogamos que abone el importe de ${a} a más tardar el ${d}.`,
      today: (a) => `Le rogamos que abone hoy el importe de ${a}.`,
      overdue: (a) => `Le rogamos que abone el saldo pendiente de ${a} a la mayor brevedad posible.`,
    },
    daysOverdue: 'Días de retraso',
    alreadyPaid: 'Si ya ha realizado el pago, le rogamos que ignore este recordatorio. Gracias.',
  },
  nl: {
    subject: {
      before: (n, s, d) => `Herinnering: factuur ${n} van ${s} vervalt op ${d}`,
      today: (n, s) => `Factuur ${n} van ${s} vervalt vandaag`,
      overdue: (title, n, s, d) => `${title}: factuur ${n} van ${s} is op ${d} vervallen`,
    },
    overdueTitle: (nth) =>
      nth <= 1 ? 'Betalingsherinnering' : `${ordinal(nth, ['Tweede', 'Derde', 'Vierde', 'Vijfde'], (n) => `${n}e`)} betalingsherinnering`,
    intro: {
      before: (d) => ['Graag herinneren wij u eraan dat factuur ', ' van ', ` op ${d} vervalt.`],
      today: ['Graag herinneren wij u eraan dat factuur ', ' van ', ' vandaag vervalt.'],
      overdue: (d) => ['Volgens onze administratie is factuur ', ' van ', `, met vervaldatum ${d}, nog niet volledig betaald.`],
    },
    request: {
      before: (a, d) => `Wij verzoeken u vriendelijk het bedrag van ${a} uiterlijk op ${d} te voldoen.`,
      today: (a) => `Wij verzoeken u vriendelijk het bedrag van ${a} vandaag te voldoen.`,
      overdue: (a) => `Wij verzoeken u vriendelijk het openstaande bedrag van ${a} zo spoedig mogelijk te voldoen.`,
    },
    daysOverdue: 'Dagen na vervaldatum',
    alreadyPaid: 'Heeft u de betaling al verricht, dan kunt u deze herinnering als niet verzonden beschouwen. Hartelijk dank.',
  },
  it: {
    subject: {
      before: (n, s, d) => `Promemoria: la fattura ${n} di ${s} scade il ${d}`,
      today: (n, s) => `La fattura ${n} di ${s} scade oggi`,
      overdue: (title, n, s, d) => `${title}: la fattura ${n} di ${s} è scaduta il ${d}`,
    },
    overdueTitle: (nth) =>
      nth <= 1
        ? 'Sollecito di pagamento'
        : `${ordinal(nth, ['Secondo', 'Terzo', 'Quarto', 'Quinto'], (n) => `${n}º`)} sollecito di pagamento`,
    intro: {
      before: (d) => ['Le ricordiamo cortesemente che la fattura ', ' di ', ` scade il ${d}.`],
      today: ['Le ricordiamo cortesemente che la fattura ', ' di ', ' scade oggi.'],
      overdue: (d) => [
        'Dalle nostre verifiche risulta che la fattura ',
        ' di ',
        `, scaduta il ${d}, non è ancora stata saldata per intero.`,
      ],
    },
    request: {
      before: (a, d) => `La preghiamo di saldare l'importo di ${a} entro il ${d}.`,
      today: (a) => `La preghiamo di saldare oggi l'importo di ${a}.`,
      overdue: (a) => `La preghiamo di saldare l'importo residuo di ${a} al più presto.`,
    },
    daysOverdue: 'Giorni di ritardo',
    alreadyPaid: 'Se ha già provveduto al pagamento, La preghiamo di non tenere conto della presente comunicazione. Grazie.',
  },
};
