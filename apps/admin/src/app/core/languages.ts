import type { OrganizationView } from '@app/contracts';

export type InvoiceLanguage = OrganizationView['invoiceLanguage'];

/** Every invoice language the API takes, by the name a person reads (the compiler keeps it complete). */
export const INVOICE_LANGUAGES: Record<InvoiceLanguage, string> = {
  en: 'English',
  de: 'German (Deutsch)',
  fr: 'French (Français)',
  es: 'Spanish (Español)',
  nl: 'Dutch (Nederlands)',
  it: 'Italian (Italiano)',
};

export const INVOICE_LANGUAGE_OPTIONS = (Object.keys(INVOICE_LANGUAGES) as InvoiceLanguage[]).map((code) => ({
  code,
  name: INVOICE_LANGUAGES[code],
}));
