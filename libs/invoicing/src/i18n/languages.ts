/**
 * The languages invoices are written in, and the locale each one formats dates, numbers and money with.
 *
 * One locale per language, so that an invoice in a language always looks the same whoever sends it:
 * - `en` → `en-US` (`Dec 15, 2026`, `$1,234.56`, `€1,234.56`): the format the app has always printed, read
 *   everywhere English is; en-GB would write `US$` for dollars.
 * - `de` → `de-DE`, `fr` → `fr-FR`, `es` → `es-ES`, `nl` → `nl-NL`, `it` → `it-IT`: the language's home country
 *   (`15.12.2026`, `1.234,56 €`; `15 déc. 2026`, `1 234,56 €`…).
 */

export const INVOICE_LANGUAGES = Object.freeze(['en', 'de', 'fr', 'es', 'nl', 'it'] as const);
export type InvoiceLanguage = (typeof INVOICE_LANGUAGES)[number];

/** The BCP 47 locale of each invoice language (dates, numbers, money, plural rules, country names). */
export const INVOICE_LOCALES: Readonly<Record<InvoiceLanguage, string>> = Object.freeze({
  en: 'en-US',
  de: 'de-DE',
  fr: 'fr-FR',
  es: 'es-ES',
  nl: 'nl-NL',
  it: 'it-IT',
});

export function isInvoiceLanguage(value: unknown): value is InvoiceLanguage {
  return typeof value === 'string' && (INVOICE_LANGUAGES as readonly string[]).includes(value);
}

/** The locale of `language`; an unknown language is English. */
export function invoiceLocale(language: string): string {
  return isInvoiceLanguage(language) ? INVOICE_LOCALES[language] : INVOICE_LOCALES.en;
}

/** `language` if it is one, else English (a document from an older API, a typo in a test). */
export function invoiceLanguage(language: unknown): InvoiceLanguage {
  return isInvoiceLanguage(language) ? language : 'en';
}
