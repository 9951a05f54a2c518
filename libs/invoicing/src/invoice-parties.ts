/**
 * The parties of the invoice: the seller's header (logo, legal name, address, tax IDs, contact), the buyer
 * ("Bill to": legal name, address, VAT ID) and the invoice's facts (number, dates, the invoice a correction
 * corrects, service period, references).
 */
import { periodDays } from '@app/billing';
import { html, SafeHtml } from './html';
import type { InvoiceLabels, InvoiceStatusLabel } from './i18n';
import type { InvoiceDocument, InvoiceDocumentType, InvoiceLogo } from './invoice-document';
import type { InvoiceFormat } from './invoice-format';

export function nonBlank(value: string | null | undefined): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

/** `[label, value]` rows, those without a value left out. */
function rows(pairs: [string, string | null | undefined][]): [string, string][] {
  return pairs.filter((pair): pair is [string, string] => nonBlank(pair[1]));
}

const labelled = (pairs: [string, string][]) =>
  pairs.map(([label, value]) => html`<div><span class="label">${label}</span> ${value}</div>`);

const lines = (texts: string[]) => texts.map((text) => html`<div>${text}</div>`);

const SIGNATURES: Record<InvoiceLogo['contentType'], number[]> = {
  'image/png': [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
  'image/jpeg': [0xff, 0xd8, 0xff],
};

/**
 * The logo as a `data:` URI, or null when it is not a PNG or a JPEG of its declared type (read from its first
 * bytes) or not base64: the invoice then has no logo rather than something the browser would have to guess at.
 */
export function logoDataUri(logo: InvoiceLogo | null | undefined): string | null {
  if (!logo) return null;
  const signature = SIGNATURES[logo.contentType] as number[] | undefined;
  const data = typeof logo.dataBase64 === 'string' ? logo.dataBase64.replace(/\s+/g, '') : '';
  if (!signature || !/^[A-Za-z0-9+/]+={0,2}$/.test(data) || data.length % 4 !== 0) return null;
  const head = Buffer.from(data.slice(0, 16), 'base64');
  if (!signature.every((byte, i) => head[i] === byte)) return null;
  return `data:${logo.contentType};base64,${data}`;
}

/** The status the badge shows (the stored status, and overdue for an unpaid bill past its due date). */
export function statusOf(doc: InvoiceDocument): InvoiceStatusLabel {
  const status: string = doc.bill.status; // a string: a draft (not issued yet, no number) is printed for review
  if (status === 'paid' || status === 'void' || status === 'draft') return status;
  return doc.bill.overdue ? 'overdue' : 'unpaid';
}

/**
 * What the document is: `documentType`, an invoice when absent. Anything else is a TypeError: a correction must
 * never go out worded as an invoice that asks to be paid.
 */
export function documentTypeOf(doc: Pick<InvoiceDocument, 'documentType'>): InvoiceDocumentType {
  const type: unknown = doc.documentType;
  if (type === undefined || type === null || type === 'invoice') return 'invoice';
  if (type === 'credit_note' || type === 'supplementary_invoice') return type;
  throw new TypeError(`unknown document type ${JSON.stringify(type)}`);
}

/** The document's title and the labels of its number, its issue date and (a correction's) the invoice it corrects. */
export interface DocumentLabels {
  title: string;
  number: string;
  issueDate: string;
  /** null for an invoice */
  reference: string | null;
}

export function documentLabels(doc: InvoiceDocument, t: InvoiceLabels): DocumentLabels {
  const type = documentTypeOf(doc);
  if (type === 'invoice') return { title: t.invoice, number: t.invoiceNumber, issueDate: t.issueDate, reference: null };
  return t.corrections[type];
}

/** "INV-000012 of Nov 1, 2026": the invoice a correction corrects, or null (an invoice, or a correction without one). */
export function precedingInvoiceText(doc: InvoiceDocument, fmt: InvoiceFormat): string | null {
  const preceding = doc.precedingInvoice;
  if (documentTypeOf(doc) === 'invoice' || !preceding || !nonBlank(preceding.number)) return null;
  return fmt.t.precedingInvoice(preceding.number, fmt.date(preceding.issueDate));
}

/** The seller's name as printed: its legal name, else the organization's name. */
export function sellerName(doc: InvoiceDocument): string {
  return nonBlank(doc.seller.legalName) ? doc.seller.legalName : doc.seller.name;
}

/** "DE89 3704 0044 0532 0130 00": an IBAN in groups of four, as it is printed for people. */
export function groupIban(iban: string): string {
  return iban
    .replace(/\s+/g, '')
    .toUpperCase()
    .replace(/(.{4})(?=.)/g, '$1 ');
}

export function renderHeader(doc: InvoiceDocument, fmt: InvoiceFormat): SafeHtml {
  const { seller } = doc;
  const { t } = fmt;
  const logo = logoDataUri(seller.logo);
  const ids = rows([
    [t.vatId, seller.vatId],
    [t.taxNumber, seller.taxNumber],
    [t.companyRegistration, seller.companyRegistration],
  ]);
  const contact = rows([
    [t.email, seller.contactEmail],
    [t.phone, seller.phone],
    [t.website, seller.website],
  ]);
  const status = statusOf(doc);
  // a credit note is not paid: it shows only that it is void or a draft
  const badge = status === 'void' || status === 'draft' || (documentTypeOf(doc) !== 'credit_note' && !doc.asIssued);
  return html`<header class="top">
  <div class="seller">
    ${logo ? html`<img class="logo" src="${logo}" alt="">` : ''}
    <div class="seller-name">${sellerName(doc)}</div>
    ${seller.address ? html`<address class="seller-address">${lines(fmt.address(seller.address))}</address>` : ''}
  </div>
  <div class="doc">
    <h1>${documentLabels(doc, t).title}</h1>
    <div class="number">${doc.bill.number}</div>
    ${badge ? html`<div class="badge badge-${status}">${t.status[status]}</div>` : ''}
    ${ids.length ? html`<div class="seller-ids">${labelled(ids)}</div>` : ''}
    ${contact.length ? html`<div class="seller-contact">${labelled(contact)}</div>` : ''}
  </div>
</header>`;
}

export function renderParties(doc: InvoiceDocument, fmt: InvoiceFormat): SafeHtml {
  const { t } = fmt;
  const { buyer, bill } = doc;
  const period = periodDays(new Date(bill.periodStart), new Date(bill.periodEnd), doc.timeZone);
  const labels = documentLabels(doc, t);
  const facts = rows([
    [labels.number, bill.number],
    [labels.issueDate, fmt.date(bill.issueDate)],
    [labels.reference ?? '', precedingInvoiceText(doc, fmt)],
    [t.dueDate, documentTypeOf(doc) === 'credit_note' ? null : fmt.date(bill.dueDate)], // a credit note is not paid
    [t.servicePeriod, `${fmt.date(period.first)} – ${fmt.date(period.last)}`],
    [t.customer, buyer.name],
    [t.buyerReference, buyer.buyerReference],
    [t.purchaseOrder, buyer.purchaseOrder],
    [t.plan, doc.plan.name],
    [t.currency, bill.currency],
  ]);
  return html`<section class="parties">
  <div class="bill-to">
    <h2>${t.billTo}</h2>
    ${renderBuyer(doc, fmt)}
  </div>
  <table class="facts">
    ${facts.map(([label, value]) => html`<tr><th>${label}</th><td>${value}</td></tr>`)}
  </table>
</section>`;
}

/** The buyer's legal name (when set), then the billing address (its name as the addressee), then the VAT ID. */
function renderBuyer(doc: InvoiceDocument, fmt: InvoiceFormat): SafeHtml {
  const { buyer, billingAddress: a } = doc;
  const legalName = nonBlank(buyer.legalName) ? buyer.legalName.trim() : null;
  const addressee = nonBlank(a.name) ? a.name.trim() : legalName ? null : buyer.name;
  const addressLines = fmt.address(a, addressee && addressee !== legalName ? addressee : null);
  return html`${legalName ? html`<div class="buyer-name">${legalName}</div>` : ''}
    <address>${lines(addressLines)}</address>
    ${nonBlank(buyer.vatId) ? html`<div class="buyer-ids">${labelled([[fmt.t.vatId, buyer.vatId]])}</div>` : ''}`;
}
