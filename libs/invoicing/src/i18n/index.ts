/** The invoice's texts in each language: one module per concern, each a typed dictionary over every language. */
export * from './languages';
export { LABELS, type InvoiceLabels, type InvoiceStatusLabel } from './labels';
export { EMAIL_TEXTS, type InvoiceEmailTexts } from './email';
export { formatQuantity, quantityWithUnit, unitWord, type InvoiceUnit } from './units';
export { lineDescription } from './lines';
export { taxGroupName, taxNote, taxNoteOf } from './tax-notes';
export { countryCode, countryName } from './countries';
