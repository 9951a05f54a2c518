/**
 * The amounts of the invoice: the lines (quantity with its unit in words, unit price, net amount), charges and
 * discounts, the tax breakdown (one row per group, a 0 % group too), the totals (net, tax, gross, paid, balance)
 * and the payments. Amounts are printed, never computed: they are the bill's own. A credit note's total is the
 * amount credited, without paid and balance.
 */
import { localDate } from '@app/billing';
import { html, SafeHtml } from './html';
import { lineDescription, taxGroupName } from './i18n';
import type { InvoiceAdjustment, InvoiceDocument, InvoicePayment } from './invoice-document';
import type { InvoiceFormat } from './invoice-format';
import { documentTypeOf, nonBlank } from './invoice-parties';

/** A bill is taxed unless its treatment is `none` (bills from before taxes, customers without any rate). */
export function isTaxed(doc: InvoiceDocument): boolean {
  return doc.taxTreatment !== 'none';
}

export function renderLines(doc: InvoiceDocument, fmt: InvoiceFormat): SafeHtml {
  const { t } = fmt;
  const body =
    doc.lines.length === 0
      ? html`<tr><td colspan="4" class="empty">${t.noUsage}</td></tr>`
      : doc.lines.map(
          (line) => html`<tr>
      <td class="desc">${lineDescription(line, fmt.language, fmt.locale)}</td>
      <td class="num">${fmt.quantity(line.quantity, line.unit)}</td>
      <td class="num">${fmt.money(line.unitAmountMinor)}</td>
      <td class="num">${fmt.money(line.amountMinor)}</td>
    </tr>`,
        );
  return html`<table class="items">
  <thead><tr><th>${t.description}</th><th class="num">${t.quantity}</th><th class="num">${t.unitPrice}</th><th class="num">${isTaxed(doc) ? t.netAmount : t.amount}</th></tr></thead>
  <tbody>
    ${body}
  </tbody>
</table>`;
}

export function renderAdjustments(adjustments: InvoiceAdjustment[], fmt: InvoiceFormat): SafeHtml | '' {
  if (adjustments.length === 0) return '';
  const { t } = fmt;
  const rows = adjustments.map((adj) => {
    const magnitude = Math.abs(adj.amountMinor);
    const signed = adj.type === 'discount' ? -magnitude : magnitude;
    const kind = adj.type === 'discount' ? t.discount : t.charge;
    const percent = adj.percent !== null && adj.percent !== undefined ? ` (${fmt.percent(adj.percent)})` : '';
    return html`<tr>
      <td>${kind}${percent}</td>
      <td class="desc text">${adj.description}</td>
      <td class="num">${fmt.money(signed)}</td>
    </tr>`;
  });
  return html`<h2>${t.adjustments}</h2>
<table class="adjustments">
  <thead><tr><th>${t.adjustmentType}</th><th>${t.reason}</th><th class="num">${t.amount}</th></tr></thead>
  <tbody>
    ${rows}
  </tbody>
</table>`;
}

/** The breakdown per group (EN 16931 BG-23): name, rate, taxable amount, tax. Not printed for an untaxed bill. */
export function renderTaxBreakdown(doc: InvoiceDocument, fmt: InvoiceFormat): SafeHtml | '' {
  if (!isTaxed(doc) || doc.taxes.length === 0) return '';
  const { t } = fmt;
  const rows = doc.taxes.map(
    (group) => html`<tr>
      <td>${taxGroupName(group, doc.taxTreatment, fmt.language)}${
        nonBlank(group.exemptionReason) && group.exemptionReason !== doc.taxExemptionReason
          ? html`<div class="note text">${group.exemptionReason}</div>`
          : ''
      }</td>
      <td class="num">${fmt.percent(group.ratePercent)}</td>
      <td class="num">${fmt.money(group.baseMinor)}</td>
      <td class="num">${fmt.money(group.amountMinor)}</td>
    </tr>`,
  );
  return html`<h2>${t.taxBreakdown}</h2>
<table class="taxes">
  <thead><tr><th>${t.tax}</th><th class="num">${t.rate}</th><th class="num">${t.taxableAmount}</th><th class="num">${t.taxAmount}</th></tr></thead>
  <tbody>
    ${rows}
  </tbody>
</table>`;
}

export function renderTotals(doc: InvoiceDocument, fmt: InvoiceFormat): SafeHtml {
  const { totals: tt } = doc;
  const { t } = fmt;
  const adjusted = doc.adjustments.length > 0 || tt.adjustmentsMinor !== 0;
  const row = (label: string, amountMinor: number, css = '') =>
    html`<tr class="${css}"><th>${label}</th><td class="num">${fmt.money(amountMinor)}</td></tr>`;
  const taxed = isTaxed(doc);
  const credit = documentTypeOf(doc) === 'credit_note';
  const totalLabel = credit ? (taxed ? t.credited.gross : t.credited.total) : taxed ? t.grossTotal : t.total;
  return html`<div class="totals-block"><table class="totals">
  ${!taxed || adjusted ? row(t.subtotal, tt.subtotalMinor) : ''}
  ${adjusted ? row(t.adjustments, tt.adjustmentsMinor) : ''}
  ${taxed ? row(t.netTotal, tt.netMinor, 'net') : ''}
  ${taxed ? row(t.taxTotal, tt.taxMinor) : ''}
  ${row(totalLabel, tt.totalMinor, 'total')}
  ${credit ? '' : row(t.paid, tt.paidMinor)}
  ${credit ? '' : row(doc.bill.status === 'void' ? t.balanceVoid : t.balanceDue, tt.balanceMinor, 'balance')}
</table></div>`;
}

/** The payments (a reversed one struck through); none on a credit note (it is not paid: the caller leaves them out). */
export function renderPayments(payments: InvoicePayment[], timeZone: string, fmt: InvoiceFormat): SafeHtml | '' {
  if (payments.length === 0) return '';
  const { t } = fmt;
  const rows = payments.map(
    (p) => html`<tr class="${p.reversed ? 'reversed' : ''}">
      <td>${fmt.date(localDate(new Date(p.paidAt), timeZone))}</td>
      <td>${p.method ?? ''}</td>
      <td class="desc">${p.reference ?? ''}</td>
      <td class="num"><span class="amount">${fmt.money(p.amountMinor)}</span>${p.reversed ? html` <span class="note">${t.reversed}</span>` : ''}</td>
    </tr>`,
  );
  return html`<h2>${t.payments}</h2>
<table class="payments">
  <thead><tr><th>${t.date}</th><th>${t.method}</th><th>${t.reference}</th><th class="num">${t.amount}</th></tr></thead>
  <tbody>
    ${rows}
  </tbody>
</table>`;
}
