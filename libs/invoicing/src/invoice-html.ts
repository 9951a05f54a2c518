/**
 * The printable invoice: one self-contained A4 HTML page, in the invoice's language.
 *
 * - Inline CSS only; no scripts, fonts or links to anything outside the document, and a Content-Security-Policy
 *   that forbids them anyway (`default-src 'none'`). The one image, the seller's logo, is a `data:` URI of a PNG
 *   or JPEG (`img-src data:`), never a URL.
 * - Every value from the bill goes through `escapeHtml` (via the `html` tagged template), so a
 *   department called `<img src=…>` is printed as those characters.
 * - Fixed texts come from the typed dictionaries of ./i18n; money, percentages and days are written by
 *   `@app/billing` for the language's locale (./invoice-format.ts). Dates are calendar days in the association's
 *   time zone.
 * - A credit note and a supplementary invoice (`documentType`) are titled as such and name the invoice they correct
 *   in the facts; a credit note prints no due date, payment details, payments, paid or balance: its total is the
 *   amount credited.
 * - The pieces: ./invoice-parties.ts (seller, buyer, facts), ./invoice-amounts.ts (lines, charges and discounts,
 *   tax breakdown, totals, payments), ./invoice-notes.ts (tax note, payment details, footer), ./invoice-style.ts.
 */
import { html, SafeHtml } from './html';
import { renderAdjustments, renderLines, renderPayments, renderTaxBreakdown, renderTotals } from './invoice-amounts';
import type { InvoiceDocument } from './invoice-document';
import { invoiceFormat, type InvoiceFormat } from './invoice-format';
import { renderFooter, renderPaymentDetails, renderTaxNote } from './invoice-notes';
import { documentLabels, documentTypeOf, renderHeader, renderParties, sellerName, statusOf } from './invoice-parties';
import { INVOICE_STYLE } from './invoice-style';

export const INVOICE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

export interface RenderInvoiceHtmlOptions {
  /**
   * BCP 47 locale for numbers, money and dates, in place of the document's language's own (`en-US`, `de-DE`,
   * `fr-FR`, `es-ES`, `nl-NL`, `it-IT`); the labels stay in the document's language.
   */
  locale?: string;
  /** A sample (the preview of the seller profile): a "SAMPLE" watermark across the page. */
  sample?: boolean;
}

export function renderInvoiceHtml(doc: InvoiceDocument, opts: RenderInvoiceHtmlOptions = {}): string {
  const fmt = invoiceFormat(doc, opts.locale);
  const title = `${documentLabels(doc, fmt.t).title} ${doc.bill.number} — ${sellerName(doc)}`;
  const credit = documentTypeOf(doc) === 'credit_note'; // not paid: no payment details, no payments

  const page = html`<!DOCTYPE html>
<html lang="${fmt.locale}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${INVOICE_CSP}">
<meta name="referrer" content="no-referrer">
<title>${title}</title>
<style>${new SafeHtml(INVOICE_STYLE)}</style>
</head>
<body class="status-${doc.bill.status}">
${renderWatermark(doc, fmt, opts.sample === true)}
${renderHeader(doc, fmt)}
${renderParties(doc, fmt)}
${renderLines(doc, fmt)}
${renderAdjustments(doc.adjustments, fmt)}
${renderTaxBreakdown(doc, fmt)}
${renderTotals(doc, fmt)}
${renderTaxNote(doc, fmt)}
${renderPaymentDetails(doc, fmt)}
${credit ? '' : renderPayments(doc.payments, doc.timeZone, fmt)}
${renderFooter(doc, fmt)}
</body>
</html>
`;
  return page.value;
}

/**
 * VOID across a void bill, DRAFT across a draft (not issued yet), SAMPLE across a preview, in the invoice's language,
 * sized to fit the page's width.
 */
function renderWatermark(doc: InvoiceDocument, fmt: InvoiceFormat, sample: boolean): SafeHtml | '' {
  const status = statusOf(doc);
  const kind = status === 'void' || status === 'draft' ? status : sample ? 'sample' : null;
  if (!kind) return '';
  const text = fmt.t.watermark[kind];
  const points = Math.min(110, Math.floor(620 / Math.max(text.length, 1)));
  return html`<div class="watermark watermark-${kind}" style="font-size: ${points}pt" aria-hidden="true">${text}</div>`;
}
