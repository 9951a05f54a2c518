export * from './invoice-document';
export { escapeHtml } from './html';
export { renderInvoiceHtml, INVOICE_CSP, type RenderInvoiceHtmlOptions } from './invoice-html';
export { documentTypeOf } from './invoice-parties';
export { addressLines, type PostalAddress } from './address';
export {
  INVOICE_LANGUAGES,
  INVOICE_LOCALES,
  invoiceLanguage,
  invoiceLocale,
  isInvoiceLanguage,
  countryName,
  quantityWithUnit,
  unitWord,
  lineDescription,
  taxNote,
  taxGroupName,
} from './i18n';
export { BrowserPdfRenderer, CHROMIUM_FLAGS, PdfRenderError, type BrowserPdfRendererOptions, type PdfRenderer } from './pdf-renderer';
export { FakePdfRenderer } from './fake-pdf-renderer';
export { findChromium, resolveChromium, SYSTEM_CHROMIUM_PATHS, type ChromiumInstallation, type ChromiumSource } from './chromium';
export {
  composeInvoiceEmail,
  invoiceSender,
  parseMailbox,
  type ComposeInvoiceEmailOptions,
  type MailAddress,
  type InvoiceEmail,
  type InvoiceEmailAttachment,
} from './invoice-email';
export { invoicePreviewDocument, previewCurrency, sampleInvoiceDocument } from './sample-invoice';
export { composeReminderEmail, type PaymentReminder } from './reminder-email';
export { composePrepaidAlertEmail, type ComposePrepaidAlertEmailOptions, type PrepaidAlert } from './prepaid-alert-email';
export * from './einvoice';
