/**
 * The texts after the amounts: the legal note of the tax treatment (reverse charge, exemption with the customer's
 * reason, export), how to pay (account holder, IBAN in groups of four, BIC, the seller's instructions and payment
 * terms; not on a credit note, which is not paid) and the footer (the status sentence, the seller's footer as
 * entered, the small print).
 */
import { html, SafeHtml } from './html';
import { taxNote, taxNoteOf } from './i18n';
import type { InvoiceDocument } from './invoice-document';
import type { InvoiceFormat } from './invoice-format';
import { documentTypeOf, groupIban, nonBlank } from './invoice-parties';

export function renderTaxNote(doc: InvoiceDocument, fmt: InvoiceFormat): SafeHtml | '' {
  const note = taxNoteOf(doc.taxTreatment);
  if (!note) return '';
  const reason = nonBlank(doc.taxExemptionReason) ? doc.taxExemptionReason.trim() : null;
  return html`<section class="tax-note">
  <p>${taxNote(note, fmt.language, reason)}</p>
  ${reason && note !== 'exempt' ? html`<p class="text">${reason}</p>` : ''}
</section>`;
}

export function renderPaymentDetails(doc: InvoiceDocument, fmt: InvoiceFormat): SafeHtml | '' {
  if (documentTypeOf(doc) === 'credit_note') return '';
  const { seller } = doc;
  const { t } = fmt;
  const bank: [string, string][] = [];
  if (nonBlank(seller.accountHolder)) bank.push([t.accountHolder, seller.accountHolder]);
  if (nonBlank(seller.iban)) bank.push([t.iban, groupIban(seller.iban)]);
  if (nonBlank(seller.bic)) bank.push([t.bic, seller.bic]);
  const texts: [string, string][] = [];
  if (nonBlank(seller.paymentInstructions)) texts.push([t.paymentInstructions, seller.paymentInstructions]);
  if (nonBlank(seller.paymentTerms)) texts.push([t.paymentTerms, seller.paymentTerms]);
  if (bank.length === 0 && texts.length === 0) return '';
  return html`<section class="payment-details">
  <h2>${t.paymentDetails}</h2>
  ${bank.length ? html`<table class="bank">${bank.map(([label, value]) => html`<tr><th>${label}</th><td class="mono">${value}</td></tr>`)}</table>` : ''}
  ${texts.map(([label, value]) => html`<div class="pay-text"><div class="label">${label}</div><div class="text">${value}</div></div>`)}
</section>`;
}

/**
 * The status sentence: void, paid, or what to pay by when; for a credit note what it credits (or that it is void).
 * `closing` are its words (the invoice's, or the e-mail's).
 */
export function closingSentence(doc: InvoiceDocument, fmt: InvoiceFormat, closing = fmt.t.closing): string {
  if (documentTypeOf(doc) === 'credit_note') {
    return doc.bill.status === 'void' ? closing.creditVoid : closing.credited(fmt.money(doc.totals.totalMinor));
  }
  if (doc.bill.status === 'void') return closing.void;
  if (doc.bill.status === 'paid' || doc.totals.balanceMinor <= 0) return closing.paid;
  const amount = fmt.money(doc.totals.balanceMinor);
  const due = fmt.date(doc.bill.dueDate);
  return doc.bill.overdue ? closing.overdue(amount, due) : closing.payBy(amount, due);
}

export function renderFooter(doc: InvoiceDocument, fmt: InvoiceFormat): SafeHtml {
  const footer = doc.seller.footer;
  return html`<footer>
  <p>${closingSentence(doc, fmt)}</p>
  ${nonBlank(footer) ? html`<p class="seller-footer text">${footer}</p>` : ''}
  <p class="muted">${fmt.t.zoneNote(doc.timeZone, doc.bill.currency)}</p>
</footer>`;
}
