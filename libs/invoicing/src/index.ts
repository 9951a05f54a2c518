export * from './invoice-document';
export { escapeHtml } from './html';
export { renderInvoiceHtml, INVOICE_CSP, type RenderInvoiceHtmlOptions } from './invoice-html';
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
export { sampleInvoiceDocument } from './sample-invoice';
