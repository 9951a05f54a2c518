/**
 * The formatting context of one invoice: its language's labels, and money, days, percentages, quantities and
 * countries written for its locale by `@app/billing` (`formatMoney`: integer minor units and the ISO 4217
 * exponent, no floats; `formatDay`; `formatPercent`) and `Intl`.
 */
import { formatDay, formatMoney, formatPercent } from '@app/billing';
import { addressLines, type PostalAddress } from './address';
import { invoiceLanguage, invoiceLocale, LABELS, quantityWithUnit, type InvoiceLabels, type InvoiceLanguage } from './i18n';
import type { InvoiceDocument } from './invoice-document';

export interface InvoiceFormat {
  language: InvoiceLanguage;
  locale: string;
  t: InvoiceLabels;
  money(amountMinor: number): string;
  /** a `YYYY-MM-DD` day */
  date(isoDate: string): string;
  percent(percent: number): string;
  /** "12.5 hours" */
  quantity(quantity: number, unit: string): string;
  address(address: PostalAddress, name?: string | null): string[];
}

/**
 * `locale` overrides the language's own locale for dates, numbers and money (the labels stay in the document's
 * language); it must be a BCP 47 tag (`Intl` throws a RangeError otherwise).
 */
export function invoiceFormat(doc: InvoiceDocument, locale?: string): InvoiceFormat {
  const language = invoiceLanguage(doc.language);
  const loc = locale ?? invoiceLocale(language);
  Intl.getCanonicalLocales(loc); // a RangeError for anything that is not a locale, before it reaches the page
  const { currency } = doc.bill;
  return {
    language,
    locale: loc,
    t: LABELS[language],
    money: (amountMinor) => formatMoney(amountMinor, currency, loc),
    date: (isoDate) => formatDay(isoDate, loc),
    percent: (percent) => formatPercent(percent, loc),
    quantity: (quantity, unit) => quantityWithUnit(quantity, unit, language, loc),
    address: (address, name) => addressLines(address, loc, name),
  };
}
