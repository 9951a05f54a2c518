/**
 * The printable invoice: one self-contained A4 HTML page.
 *
 * - Inline CSS only; no scripts, fonts, images or links to anything outside the document, and a
 *   Content-Security-Policy that forbids them anyway (`default-src 'none'`).
 * - Every value from the bill goes through `escapeHtml` (via the `html` tagged template), so a
 *   department called `<img src=…>` is printed as those characters.
 * - Money, percentages and days are written by `@app/billing` (`formatMoney`: integer minor units, the
 *   ISO 4217 exponent, no floats; `formatPercent`; `formatDay`), as everywhere else in the app.
 * - Dates are calendar days in the association's time zone.
 */
import { formatDay, formatMoney, formatPercent, localDate, periodDays } from '@app/billing';
import { html, SafeHtml } from './html';
import type { InvoiceAdjustment, InvoiceDocument, InvoiceLine, InvoicePayment } from './invoice-document';

export const INVOICE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

export interface RenderInvoiceHtmlOptions {
  /** BCP 47 locale for numbers, money and dates; default `en-US` */
  locale?: string;
}

/** A formatting context shared by the pieces of the template. */
interface Fmt {
  locale: string;
  money(amountMinor: number): string;
  date(isoDate: string): string;
  quantity(q: number): string;
}

export function renderInvoiceHtml(doc: InvoiceDocument, opts: RenderInvoiceHtmlOptions = {}): string {
  const locale = opts.locale ?? 'en-US';
  const { currency } = doc.bill;
  const quantityFormat = new Intl.NumberFormat(locale, { maximumFractionDigits: 6 });
  const fmt: Fmt = {
    locale,
    money: (amountMinor) => formatMoney(amountMinor, currency, locale),
    date: (isoDate) => formatDay(isoDate, locale),
    quantity: (q) => quantityFormat.format(q),
  };

  const period = periodDays(new Date(doc.bill.periodStart), new Date(doc.bill.periodEnd), doc.timeZone);
  const status = statusLabel(doc);
  const title = `Invoice ${doc.bill.number} — ${doc.organization.name}`;

  const page = html`<!DOCTYPE html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${INVOICE_CSP}">
<meta name="referrer" content="no-referrer">
<title>${title}</title>
<style>${new SafeHtml(STYLE)}</style>
</head>
<body class="status-${doc.bill.status}">
${doc.bill.status === 'void' ? html`<div class="watermark" aria-hidden="true">VOID</div>` : ''}
<header class="top">
  <div class="org">
    <div class="org-name">${doc.organization.name}</div>
  </div>
  <div class="doc">
    <h1>Invoice</h1>
    <div class="number">${doc.bill.number}</div>
    <div class="badge badge-${status.css}">${status.text}</div>
  </div>
</header>

<section class="parties">
  <div class="bill-to">
    <h2>Bill to</h2>
    ${renderAddress(doc)}
  </div>
  <table class="facts">
    <tr><th>Invoice number</th><td>${doc.bill.number}</td></tr>
    <tr><th>Issue date</th><td>${fmt.date(doc.bill.issueDate)}</td></tr>
    <tr><th>Due date</th><td>${fmt.date(doc.bill.dueDate)}</td></tr>
    <tr><th>Billing period</th><td>${fmt.date(period.first)} – ${fmt.date(period.last)}</td></tr>
    <tr><th>Customer</th><td>${doc.department.name}</td></tr>
    <tr><th>Plan</th><td>${doc.plan.name}</td></tr>
    <tr><th>Currency</th><td>${doc.bill.currency}</td></tr>
  </table>
</section>

${renderLines(doc.lines, fmt)}
${renderAdjustments(doc.adjustments, fmt)}
${renderTotals(doc, fmt)}
${renderPayments(doc.payments, doc.timeZone, fmt)}

<footer>
  <p>${footerText(doc, fmt)}</p>
  <p class="muted">Dates are calendar days in the ${doc.timeZone} time zone. Amounts in ${doc.bill.currency}.</p>
</footer>
</body>
</html>
`;
  return page.value;
}

function statusLabel(doc: InvoiceDocument): { text: string; css: string } {
  switch (doc.bill.status) {
    case 'paid':
      return { text: 'Paid', css: 'paid' };
    case 'void':
      return { text: 'Void', css: 'void' };
    default:
      return doc.bill.overdue ? { text: 'Overdue', css: 'overdue' } : { text: 'Unpaid', css: 'unpaid' };
  }
}

function footerText(doc: InvoiceDocument, fmt: Fmt): string {
  if (doc.bill.status === 'void') return 'This invoice has been voided and is not payable.';
  if (doc.bill.status === 'paid' || doc.totals.balanceMinor <= 0) return 'This invoice is paid. Thank you.';
  const due = fmt.date(doc.bill.dueDate);
  return doc.bill.overdue
    ? `Payment of ${fmt.money(doc.totals.balanceMinor)} was due on ${due}. Please pay as soon as possible.`
    : `Please pay ${fmt.money(doc.totals.balanceMinor)} by ${due}.`;
}

function nonBlank(value: string | null | undefined): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

function renderAddress(doc: InvoiceDocument): SafeHtml {
  const a = doc.billingAddress;
  const cityLine = [a.postalCode, a.city].filter(nonBlank).join(' ');
  const rows = [a.name, a.line1, a.line2, cityLine, a.region, a.country].filter(nonBlank);
  return html`<address>${rows.map((row) => html`<div>${row}</div>`)}</address>`;
}

function renderLines(lines: InvoiceLine[], fmt: Fmt): SafeHtml {
  const body =
    lines.length === 0
      ? html`<tr><td colspan="5" class="empty">No usage in this period.</td></tr>`
      : lines.map(
          (line) => html`<tr>
      <td class="desc">${line.description}</td>
      <td class="num">${fmt.quantity(line.quantity)}</td>
      <td>${line.unit}</td>
      <td class="num">${fmt.money(line.unitAmountMinor)}</td>
      <td class="num">${fmt.money(line.amountMinor)}</td>
    </tr>`,
        );
  return html`<table class="items">
  <thead><tr><th>Description</th><th class="num">Quantity</th><th>Unit</th><th class="num">Unit price</th><th class="num">Amount</th></tr></thead>
  <tbody>
    ${body}
  </tbody>
</table>`;
}

function renderAdjustments(adjustments: InvoiceAdjustment[], fmt: Fmt): SafeHtml | '' {
  if (adjustments.length === 0) return '';
  const rows = adjustments.map((adj) => {
    const magnitude = Math.abs(adj.amountMinor);
    const signed = adj.type === 'discount' ? -magnitude : magnitude;
    const kind = adj.type === 'discount' ? 'Discount' : 'Charge';
    const percent = adj.percent !== null && adj.percent !== undefined ? ` (${formatPercent(adj.percent, fmt.locale)})` : '';
    return html`<tr>
      <td>${kind}${percent}</td>
      <td class="desc">${adj.description}</td>
      <td class="num">${fmt.money(signed)}</td>
    </tr>`;
  });
  return html`<h2>Charges and discounts</h2>
<table class="adjustments">
  <thead><tr><th>Type</th><th>Reason</th><th class="num">Amount</th></tr></thead>
  <tbody>
    ${rows}
  </tbody>
</table>`;
}

function renderTotals(doc: InvoiceDocument, fmt: Fmt): SafeHtml {
  const t = doc.totals;
  return html`<table class="totals">
  <tr><th>Subtotal</th><td class="num">${fmt.money(t.subtotalMinor)}</td></tr>
  ${doc.adjustments.length > 0 || t.adjustmentsMinor !== 0 ? html`<tr><th>Charges and discounts</th><td class="num">${fmt.money(t.adjustmentsMinor)}</td></tr>` : ''}
  <tr class="total"><th>Total</th><td class="num">${fmt.money(t.totalMinor)}</td></tr>
  <tr><th>Paid</th><td class="num">${fmt.money(t.paidMinor)}</td></tr>
  <tr class="balance"><th>${doc.bill.status === 'void' ? 'Balance (void)' : 'Balance due'}</th><td class="num">${fmt.money(t.balanceMinor)}</td></tr>
</table>`;
}

function renderPayments(payments: InvoicePayment[], timeZone: string, fmt: Fmt): SafeHtml | '' {
  if (payments.length === 0) return '';
  const rows = payments.map(
    (p) => html`<tr class="${p.reversed ? 'reversed' : ''}">
      <td>${fmt.date(localDate(new Date(p.paidAt), timeZone))}</td>
      <td>${p.method ?? ''}</td>
      <td class="desc">${p.reference ?? ''}</td>
      <td class="num"><span class="amount">${fmt.money(p.amountMinor)}</span>${p.reversed ? html` <span class="note">(reversed)</span>` : ''}</td>
    </tr>`,
  );
  return html`<h2>Payments</h2>
<table class="payments">
  <thead><tr><th>Date</th><th>Method</th><th>Reference</th><th class="num">Amount</th></tr></thead>
  <tbody>
    ${rows}
  </tbody>
</table>`;
}

/** Print stylesheet. Static text: nothing from the bill is ever put in here. */
const STYLE = `
@page { size: A4; margin: 16mm 14mm 18mm 14mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body {
  margin: 0; color: #1f2933; background: #fff;
  font-family: "DejaVu Sans", "Liberation Sans", Arial, Helvetica, sans-serif;
  font-size: 9.5pt; line-height: 1.4;
  overflow-wrap: anywhere;
}
h1 { font-size: 22pt; margin: 0; letter-spacing: 0.5px; color: #102a43; }
h2 { font-size: 10.5pt; margin: 18px 0 6px; color: #334e68; text-transform: uppercase; letter-spacing: 0.6px; }
.top { display: flex; justify-content: space-between; align-items: flex-start; border-bottom: 2px solid #102a43; padding-bottom: 12px; }
.org-name { font-size: 15pt; font-weight: bold; max-width: 95mm; }
.doc { text-align: right; }
.number { font-size: 12pt; font-weight: bold; margin-top: 2px; }
.badge { display: inline-block; margin-top: 6px; padding: 2px 10px; border-radius: 10px; font-size: 8.5pt; font-weight: bold; text-transform: uppercase; letter-spacing: 0.6px; }
.badge-unpaid { background: #fff3c4; color: #8d2b0b; }
.badge-overdue { background: #ffe3e3; color: #a61b1b; }
.badge-paid { background: #e3f9e5; color: #0e5814; }
.badge-void { background: #e4e7eb; color: #3e4c59; }
.parties { display: flex; justify-content: space-between; gap: 24px; margin-top: 16px; }
.bill-to { flex: 1 1 50%; }
.bill-to h2 { margin-top: 0; }
address { font-style: normal; }
table { border-collapse: collapse; width: 100%; }
th { text-align: left; font-weight: bold; }
.facts { flex: 0 0 85mm; width: 85mm; }
.facts th, .facts td { padding: 2px 0; vertical-align: top; }
.facts th { color: #52606d; font-weight: normal; padding-right: 10px; white-space: nowrap; }
.items, .adjustments, .payments { margin-top: 18px; }
.adjustments, .payments { margin-top: 0; }
.items th, .adjustments th, .payments th { border-bottom: 1px solid #9aa5b1; padding: 5px 6px; font-size: 8.5pt; color: #52606d; text-transform: uppercase; }
.items td, .adjustments td, .payments td { border-bottom: 1px solid #e4e7eb; padding: 5px 6px; vertical-align: top; }
tr { break-inside: avoid; page-break-inside: avoid; }
.num { text-align: right; white-space: nowrap; }
.desc { width: 45%; }
.empty { color: #7b8794; font-style: italic; text-align: center; }
.totals { width: 85mm; margin: 14px 0 0 auto; }
.totals th, .totals td { padding: 3px 6px; }
.totals th { font-weight: normal; color: #52606d; }
.totals .total th, .totals .total td { font-weight: bold; color: #1f2933; border-top: 1px solid #9aa5b1; }
.totals .balance th, .totals .balance td { font-weight: bold; font-size: 11pt; color: #102a43; border-top: 2px solid #102a43; }
.reversed .amount { text-decoration: line-through; color: #7b8794; }
.note { color: #7b8794; font-size: 8.5pt; }
footer { margin-top: 24px; padding-top: 8px; border-top: 1px solid #e4e7eb; }
footer p { margin: 2px 0; }
.muted { color: #7b8794; font-size: 8pt; }
.watermark { position: fixed; top: 38%; left: 0; right: 0; text-align: center; font-size: 110pt; font-weight: bold; color: rgba(166, 27, 27, 0.12); transform: rotate(-24deg); pointer-events: none; }
`;
