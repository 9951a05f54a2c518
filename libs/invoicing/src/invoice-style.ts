/** Print stylesheet of the invoice. Static text: nothing from the bill is ever put in here. */
export const INVOICE_STYLE = `
@page { size: A4; margin: 16mm 14mm 18mm 14mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body {
  margin: 0; color: #1f2933; background: #fff;
  font-family: "DejaVu Sans", "Liberation Sans", Arial, Helvetica, sans-serif;
  font-size: 9pt; line-height: 1.35;
  overflow-wrap: anywhere;
}
h1 { font-size: 22pt; margin: 0; letter-spacing: 0.5px; color: #102a43; }
h2 { font-size: 10pt; margin: 14px 0 4px; color: #334e68; text-transform: uppercase; letter-spacing: 0.6px; }
.top { display: flex; justify-content: space-between; align-items: flex-start; gap: 24px; border-bottom: 2px solid #102a43; padding-bottom: 12px; }
.seller { flex: 1 1 auto; max-width: 100mm; }
.logo { display: block; max-width: 60mm; max-height: 20mm; margin-bottom: 6px; object-fit: contain; }
.seller-name { font-size: 15pt; font-weight: bold; }
.seller-address { margin-top: 2px; color: #3e4c59; }
.seller-ids, .seller-contact { margin-top: 6px; font-size: 8pt; color: #3e4c59; }
.label { color: #52606d; }
.doc { text-align: right; flex: 0 1 auto; max-width: 95mm; }
.number { font-size: 12pt; font-weight: bold; margin-top: 2px; }
.badge { display: inline-block; margin-top: 6px; padding: 2px 10px; border-radius: 10px; font-size: 8.5pt; font-weight: bold; text-transform: uppercase; letter-spacing: 0.6px; }
.badge-unpaid { background: #fff3c4; color: #8d2b0b; }
.badge-overdue { background: #ffe3e3; color: #a61b1b; }
.badge-paid { background: #e3f9e5; color: #0e5814; }
.badge-void { background: #e4e7eb; color: #3e4c59; }
.badge-draft { background: #e0e8f9; color: #2d3a8c; }
.parties { display: flex; justify-content: space-between; gap: 24px; margin-top: 12px; }
.bill-to { flex: 1 1 50%; }
.bill-to h2 { margin-top: 0; }
.buyer-name { font-weight: bold; }
.buyer-ids { margin-top: 4px; }
address { font-style: normal; }
table { border-collapse: collapse; width: 100%; }
th { text-align: left; font-weight: bold; }
.facts { flex: 0 0 85mm; width: 85mm; }
.facts th, .facts td { padding: 1px 0; vertical-align: top; }
.facts th { color: #52606d; font-weight: normal; padding-right: 10px; white-space: nowrap; }
.items, .adjustments, .taxes, .payments { margin-top: 14px; }
.adjustments, .taxes, .payments { margin-top: 0; }
.items th, .adjustments th, .taxes th, .payments th { border-bottom: 1px solid #9aa5b1; padding: 4px 6px; font-size: 8pt; color: #52606d; text-transform: uppercase; }
.items td, .adjustments td, .taxes td, .payments td { border-bottom: 1px solid #e4e7eb; padding: 4px 6px; vertical-align: top; }
tr { break-inside: avoid; page-break-inside: avoid; }
.num { text-align: right; white-space: nowrap; }
.desc { width: 45%; }
.taxes th:first-child, .taxes td:first-child { width: 45%; }
.text { white-space: pre-line; }
.empty { color: #7b8794; font-style: italic; text-align: center; }
.totals-block { break-inside: avoid; page-break-inside: avoid; }
.totals { width: 90mm; margin: 10px 0 0 auto; }
.totals th, .totals td { padding: 2px 6px; }
.totals th { font-weight: normal; color: #52606d; }
.totals .net th, .totals .net td { border-top: 1px solid #e4e7eb; }
.totals .total th, .totals .total td { font-weight: bold; color: #1f2933; border-top: 1px solid #9aa5b1; }
.totals .balance th, .totals .balance td { font-weight: bold; font-size: 11pt; color: #102a43; border-top: 2px solid #102a43; }
.tax-note { margin-top: 12px; padding: 6px 10px; border-left: 3px solid #334e68; background: #f5f7fa; break-inside: avoid; }
.tax-note p { margin: 2px 0; }
.payment-details { break-inside: avoid; }
.bank { width: auto; }
.bank th { font-weight: normal; color: #52606d; padding: 2px 14px 2px 0; white-space: nowrap; }
.bank td { padding: 2px 0; }
.mono { font-family: "DejaVu Sans Mono", "Liberation Mono", monospace; }
.pay-text { margin-top: 6px; }
.reversed .amount { text-decoration: line-through; color: #7b8794; }
.note { color: #7b8794; font-size: 8.5pt; }
footer { margin-top: 18px; padding-top: 8px; border-top: 1px solid #e4e7eb; break-inside: avoid; }
footer p { margin: 2px 0; }
.seller-footer { margin-top: 6px; font-size: 8.5pt; color: #3e4c59; }
.muted { color: #7b8794; font-size: 8pt; }
.watermark { position: fixed; top: 38%; left: 0; right: 0; text-align: center; font-weight: bold; color: rgba(166, 27, 27, 0.12); transform: rotate(-24deg); pointer-events: none; white-space: nowrap; }
.watermark-sample, .watermark-draft { color: rgba(51, 78, 104, 0.12); }
`;
