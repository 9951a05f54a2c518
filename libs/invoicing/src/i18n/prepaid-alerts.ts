/**
 * The fixed texts of the prepaid-block alert e-mail (issue #17) in each invoice language: a block is running low (what
 * is left fell below the block's alert percent) or is used up. The greeting is the invoice e-mail's (`email.ts`).
 * Values come in formatted already (durations, session counts, percentages, days). The intro is in two parts around
 * the block's number, so the HTML body can set it in bold.
 *
 * Durations are written "7 h 30 min" in every language (the SI symbols h, min and s read the same in all six); the
 * hours are grouped by the locale ("1,200 h", "1.200 h"). Session counts take the word of `units.ts` in the plural
 * the language chooses ("1 session", "3 Sitzungen", "0 session" in French).
 */
import type { InvoiceLanguage } from './languages';

/** A sentence in two parts around the block number. */
export type PrepaidAlertIntro = readonly [beforeNumber: string, afterNumber: string];

export interface PrepaidAlertTexts {
  subject: {
    /** `left`: what is left, formatted ("1 h 30 min", "3 sessions") */
    low(blockNumber: string, left: string): string;
    empty(blockNumber: string): string;
  };
  intro: {
    /** `threshold`: the block's alert percent, formatted ("20 %") */
    low(seller: string, threshold: string): PrepaidAlertIntro;
    empty(seller: string): PrepaidAlertIntro;
  };
  /** the labels of the summary */
  block: string;
  purchased: string;
  remaining: string;
  expires: string;
  /** that further support is billed at the normal rate (overage) unless a new block is bought */
  overage: { low: string; empty: string };
  /** the line above the seller's name */
  regards: string;
}

export const PREPAID_ALERT_TEXTS: Readonly<Record<InvoiceLanguage, PrepaidAlertTexts>> = {
  en: {
    subject: {
      low: (b, left) => `Prepaid block ${b}: ${left} left`,
      empty: (b) => `Prepaid block ${b} is used up`,
    },
    intro: {
      low: (seller, p) => ['Your prepaid block ', ` from ${seller} is running low: less than ${p} of it is left.`],
      empty: (seller) => ['Your prepaid block ', ` from ${seller} is used up.`],
    },
    block: 'Prepaid block',
    purchased: 'Purchased',
    remaining: 'Remaining',
    expires: 'Expires',
    overage: {
      low: 'Once the block is used up, further support is billed at the normal rate unless a new block is bought.',
      empty: 'From now on, further support is billed at the normal rate unless a new block is bought.',
    },
    regards: 'Kind regards,',
  },
  de: {
    subject: {
      low: (b, left) => `Prepaid-Kontingent ${b}: noch ${left} übrig`,
      empty: (b) => `Prepaid-Kontingent ${b} ist aufgebraucht`,
    },
    intro: {
      low: (seller, p) => ['Ihr Prepaid-Kontingent ', ` bei ${seller} geht zur Neige: Es sind weniger als ${p} davon übrig.`],
      empty: (seller) => ['Ihr Prepaid-Kontingent ', ` bei ${seller} ist aufgebraucht.`],
    },
    block: 'Prepaid-Kontingent',
    purchased: 'Gekauft',
    remaining: 'Verbleibend',
    expires: 'Läuft ab',
    overage: {
      low: 'Ist das Kontingent aufgebraucht, wird weiterer Support zum regulären Satz abgerechnet, sofern kein neues Kontingent gekauft wird.',
      empty: 'Weiterer Support wird ab jetzt zum regulären Satz abgerechnet, sofern kein neues Kontingent gekauft wird.',
    },
    regards: 'Mit freundlichen Grüßen',
  },
  fr: {
    subject: {
      low: (b, left) => `Forfait prépayé ${b} : il reste ${left}`,
      empty: (b) => `Le forfait prépayé ${b} est épuisé`,
    },
    intro: {
      low: (seller, p) => ['Votre forfait prépayé ', ` auprès de ${seller} arrive bientôt à épuisement : il en reste moins de ${p}.`],
      empty: (seller) => ['Votre forfait prépayé ', ` auprès de ${seller} est épuisé.`],
    },
    block: 'Forfait prépayé',
    purchased: 'Acheté',
    remaining: 'Restant',
    expires: 'Expiration',
    overage: {
      low: "Une fois le forfait épuisé, toute assistance supplémentaire sera facturée au tarif normal, sauf achat d'un nouveau forfait.",
      empty: "Toute assistance supplémentaire est désormais facturée au tarif normal, sauf achat d'un nouveau forfait.",
    },
    regards: 'Cordialement,',
  },
  es: {
    subject: {
      low: (b, left) => `Bono prepago ${b}: saldo restante ${left}`,
      empty: (b) => `El bono prepago ${b} está agotado`,
    },
    intro: {
      low: (seller, p) => ['Su bono prepago ', ` con ${seller} se está agotando: le queda menos del ${p}.`],
      empty: (seller) => ['Su bono prepago ', ` con ${seller} está agotado.`],
    },
    block: 'Bono prepago',
    purchased: 'Comprado',
    remaining: 'Restante',
    expires: 'Caducidad',
    overage: {
      low: 'Una vez agotado el bono, el soporte adicional se facturará a la tarifa normal, salvo que se compre un nuevo bono.',
      empty: 'A partir de ahora, el soporte adicional se factura a la tarifa normal, salvo que se compre un nuevo bono.',
    },
    regards: 'Atentamente,',
  },
  nl: {
    subject: {
      low: (b, left) => `Prepaidbundel ${b}: nog ${left} over`,
      empty: (b) => `Prepaidbundel ${b} is opgebruikt`,
    },
    intro: {
      low: (seller, p) => ['Uw prepaidbundel ', ` bij ${seller} raakt op: er is nog minder dan ${p} van over.`],
      empty: (seller) => ['Uw prepaidbundel ', ` bij ${seller} is opgebruikt.`],
    },
    block: 'Prepaidbundel',
    purchased: 'Gekocht',
    remaining: 'Resterend',
    expires: 'Vervaldatum',
    overage: {
      low: 'Zodra de bundel op is, wordt verdere ondersteuning tegen het normale tarief gefactureerd, tenzij er een nieuwe bundel wordt gekocht.',
      empty: 'Verdere ondersteuning wordt vanaf nu tegen het normale tarief gefactureerd, tenzij er een nieuwe bundel wordt gekocht.',
    },
    regards: 'Met vriendelijke groet,',
  },
  it: {
    subject: {
      low: (b, left) => `Pacchetto prepagato ${b}: residuo ${left}`,
      empty: (b) => `Il pacchetto prepagato ${b} è esaurito`,
    },
    intro: {
      low: (seller, p) => ['Il suo pacchetto prepagato ', ` presso ${seller} sta per esaurirsi: ne resta meno del ${p}.`],
      empty: (seller) => ['Il suo pacchetto prepagato ', ` presso ${seller} è esaurito.`],
    },
    block: 'Pacchetto prepagato',
    purchased: 'Acquistato',
    remaining: 'Residuo',
    expires: 'Scadenza',
    overage: {
      low: "Una volta esaurito il pacchetto, l'assistenza aggiuntiva sarà fatturata alla tariffa normale, salvo l'acquisto di un nuovo pacchetto.",
      empty: "D'ora in poi l'assistenza aggiuntiva viene fatturata alla tariffa normale, salvo l'acquisto di un nuovo pacchetto.",
    },
    regards: 'Cordiali saluti,',
  },
};
