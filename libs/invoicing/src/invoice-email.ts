/**
 * The e-mail that carries an invoice PDF, in the invoice's language. Returns a plain object that fits nodemailer's
 * `sendMail` options (`from`, `replyTo`, `subject`, `text`, `html`, `attachments`); recipients are added by
 * the caller (the outbox knows them).
 *
 * - One greeting: "Hello <billing name>," ("Guten Tag …,", "Bonjour …,"…) unless the personal message opens with a
 *   greeting of its own ("Hi Bob," / "Dear Ms. Smith" / "Sehr geehrte Frau Müller"), which then takes its place.
 * - One date format: every calendar date, in the subject and the body, is written by `formatDay` of
 *   `@app/billing` for the language's locale (`Dec 15, 2026` in English, `15.12.2026` in German); money by its
 *   `formatMoney`. The summary shows the net and the tax of a taxed bill, and always the gross total and the balance.
 * - A credit note and a supplementary invoice name themselves in the subject and the intro, and the invoice they
 *   correct ("Please find attached credit note CN-000001 from Acme, correcting invoice INV-000012 of Nov 1, 2026.").
 *   A credit note's e-mail has no due date and asks for no payment: its summary ends with the amount credited.
 * - The sender: `from` is the server's address (MAIL_FROM); `senderName`, when given, replaces its display
 *   name (the address stays, so SPF/DKIM of the sending domain still hold). `replyTo` is where answers go.
 */
import { periodDays } from '@app/billing';
import { html } from './html';
import { EMAIL_TEXTS, type InvoiceEmailTexts } from './i18n';
import type { InvoiceDocument } from './invoice-document';
import { invoiceFormat, type InvoiceFormat } from './invoice-format';
import { isTaxed } from './invoice-amounts';
import { closingSentence } from './invoice-notes';
import { documentLabels, documentTypeOf, nonBlank } from './invoice-parties';

export interface ComposeInvoiceEmailOptions {
  /** sender address, e.g. `"Acme Billing" <billing@acme.example>` */
  from?: string;
  /** display name of the sender, in place of the one in `from` (the organization's setting) */
  senderName?: string | null;
  /** Reply-To address */
  replyTo?: string | null;
  /** a personal note from the admin, printed above the summary (plain text) */
  message?: string;
  /** locale for money and dates, in place of the invoice language's own (the texts stay in that language) */
  locale?: string;
  /** the organization's name as it is now (the e-mail comes from it); default: the seller's name on the bill */
  organizationName?: string | null;
  /**
   * The document's e-invoice, attached too: an XML beside the PDF; a Factur-X PDF in place of the plain PDF (it is the
   * same invoice to a person, with its XML inside).
   */
  einvoice?: { filename: string; contentType: 'application/xml' | 'application/pdf'; bytes: Buffer } | null;
}

export interface InvoiceEmailAttachment {
  filename: string;
  content: Buffer;
  contentType: 'application/pdf' | 'application/xml';
}

/** A sender as nodemailer takes it: it quotes and encodes the name itself (RFC 5322 / RFC 2047). */
export interface MailAddress {
  name: string;
  address: string;
}

export interface InvoiceEmail {
  from?: string | MailAddress;
  replyTo?: string;
  subject: string;
  text: string;
  html: string;
  attachments: InvoiceEmailAttachment[];
}

export function composeInvoiceEmail(doc: InvoiceDocument, pdf: Buffer, opts: ComposeInvoiceEmailOptions = {}): InvoiceEmail {
  const fmt = invoiceFormat(doc, opts.locale);
  const { t } = fmt;
  const texts = EMAIL_TEXTS[fmt.language];
  const { bill } = doc;
  const seller = opts.organizationName?.trim() ? opts.organizationName : doc.seller.name;
  const period = periodDays(new Date(bill.periodStart), new Date(bill.periodEnd), doc.timeZone);
  const filename = `${safeFileName(bill.number)}.pdf`;
  const credit = documentTypeOf(doc) === 'credit_note';
  const own = documentTexts(doc, fmt, seller, filename);
  const labels = documentLabels(doc, t);

  const subject = oneLine(own.subject);

  const summary: Array<[string, string]> = [
    [labels.title, bill.number],
    [t.customer, doc.buyer.name],
    [texts.billingPeriod, `${fmt.date(period.first)} – ${fmt.date(period.last)}`],
    [labels.issueDate, fmt.date(bill.issueDate)],
  ];
  if (!credit) summary.push([t.dueDate, fmt.date(bill.dueDate)]);
  if (isTaxed(doc)) {
    summary.push([t.netTotal, fmt.money(doc.totals.netMinor)], [t.taxTotal, fmt.money(doc.totals.taxMinor)]);
  }
  const totalLabel = credit ? (isTaxed(doc) ? t.credited.gross : t.credited.total) : isTaxed(doc) ? t.grossTotal : t.total;
  summary.push([totalLabel, fmt.money(doc.totals.totalMinor)]);
  if (!credit) {
    if (doc.totals.paidMinor !== 0) summary.push([t.paid, fmt.money(doc.totals.paidMinor)]);
    summary.push([bill.status === 'void' ? t.balanceVoid : t.balanceDue, fmt.money(doc.totals.balanceMinor)]);
  }

  const closing = closingSentence(doc, fmt, texts.closing);
  const message = opts.message?.trim() ? opts.message.trim() : undefined;
  const addressee = doc.billingAddress.name || doc.buyer.name;
  const greeting = message && opensWithGreeting(message) ? undefined : texts.greeting(addressee);
  const [beforeNumber, beforeSeller, afterSeller] = own.intro;

  const text = [
    ...(greeting ? [greeting, ''] : []),
    ...(message ? [message, ''] : []),
    `${beforeNumber}${bill.number}${beforeSeller}${seller}${afterSeller}`,
    '',
    ...summary.map(([label, value]) => `${label}: ${value}`),
    '',
    closing,
    '',
    own.attached,
    '',
    seller,
    '',
  ].join('\n');

  const body = html`<!DOCTYPE html>
<html lang="${fmt.locale}">
<head><meta charset="utf-8"><title>${subject}</title></head>
<body style="margin:0;padding:16px;font-family:Arial,Helvetica,sans-serif;font-size:14px;line-height:1.5;color:#1f2933;">
${greeting ? html`<p>${greeting}</p>` : ''}
${message ? html`<p style="white-space:pre-line;border-left:3px solid #d9e2ec;padding-left:10px;">${message}</p>` : ''}
<p>${beforeNumber}<strong>${bill.number}</strong>${beforeSeller}${seller}${afterSeller}</p>
<table style="border-collapse:collapse;margin:12px 0;">
${summary.map(
  ([label, value]) =>
    html`<tr><td style="padding:3px 16px 3px 0;color:#52606d;">${label}</td><td style="padding:3px 0;text-align:right;"><strong>${value}</strong></td></tr>\n`,
)}</table>
<p>${closing}</p>
<p style="color:#7b8794;font-size:12px;">${own.attached}</p>
<p>${seller}</p>
</body>
</html>
`;

  const email: InvoiceEmail = {
    subject,
    text,
    html: body.value,
    attachments: attachmentsOf({ filename, content: pdf, contentType: 'application/pdf' }, opts.einvoice),
  };
  const from = opts.from ? invoiceSender(opts.from, opts.senderName) : undefined;
  if (from) email.from = from;
  if (opts.replyTo?.trim()) email.replyTo = opts.replyTo.trim();
  return email;
}

/**
 * The From of an invoice e-mail: `mailFrom` (`Name <address>` or a bare address) as it is, or with its display
 * name replaced by `senderName` (control characters become spaces: a header stays one line).
 */
export function invoiceSender(mailFrom: string, senderName?: string | null): string | MailAddress {
  const name = senderName ? oneLine(senderName) : '';
  return name ? { name, address: parseMailbox(mailFrom).address } : mailFrom;
}

/** `Name <address>` or `"Name" <address>` or a bare address, as name ('' when none) and address. */
export function parseMailbox(mailbox: string): MailAddress {
  const m = /^\s*(?:"([^"]*)"|([^"<]*?))\s*<([^<>]+)>\s*$/.exec(mailbox);
  return m ? { name: (m[1] ?? m[2] ?? '').trim(), address: m[3].trim() } : { name: '', address: mailbox.trim() };
}

/** Words a note's first line opens with when it greets the reader (English, German, French, Spanish, Dutch, Italian). */
const GREETING =
  /^(hello|hi|hey|dear|greetings|good (morning|afternoon|evening|day)|hallo|guten (morgen|tag|abend)|liebe|lieber|sehr geehrte[rs]?|bonjour|bonsoir|cher|chère|madame|monsieur|hola|buen(os|as) (días|tardes)|estimad[oa]s?|querid[oa]s?|beste|geachte|goede(morgen|middag|navond)|hoi|buongiorno|buonasera|salve|gentil[ei]|egregi[oa]|car[oai])(?![\p{L}\p{N}])/iu;

function opensWithGreeting(message: string): boolean {
  return GREETING.test(message.trimStart());
}

/**
 * The texts that name the document: the subject, the intro around number and seller (a correction's naming the
 * invoice it corrects) and the attachment's sentence.
 */
function documentTexts(
  doc: InvoiceDocument,
  fmt: InvoiceFormat,
  seller: string,
  filename: string,
): { subject: string; intro: InvoiceEmailTexts['intro']; attached: string } {
  const texts = EMAIL_TEXTS[fmt.language];
  const { number } = doc.bill;
  const type = documentTypeOf(doc);
  if (type === 'invoice') {
    return { subject: texts.subject(number, seller, subjectState(doc, fmt)), intro: texts.intro, attached: texts.attached(filename) };
  }
  const own = texts.corrections[type];
  const preceding = doc.precedingInvoice && nonBlank(doc.precedingInvoice.number) ? doc.precedingInvoice : null;
  const reference = preceding ? { number: preceding.number, date: fmt.date(preceding.issueDate) } : null;
  // a credit note is not paid: its subject names the invoice it corrects (or that it is void)
  const state =
    type === 'supplementary_invoice'
      ? subjectState(doc, fmt)
      : doc.bill.status === 'void'
        ? texts.state.void
        : preceding
          ? texts.state.corrects(preceding.number)
          : null;
  return { subject: own.subject(number, seller, state), intro: own.intro(reference), attached: own.attached(filename) };
}

function subjectState(doc: InvoiceDocument, fmt: InvoiceFormat): string {
  const { state } = EMAIL_TEXTS[fmt.language];
  switch (doc.bill.status) {
    case 'paid':
      return state.paid;
    case 'void':
      return state.void;
    default:
      return doc.bill.overdue ? state.overdue(fmt.date(doc.bill.dueDate)) : state.due(fmt.date(doc.bill.dueDate));
  }
}

/** Header values must stay on one line: control characters (CR, LF, TAB…) become spaces. */
function oneLine(value: string): string {
  return value
    .replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ')
    .replace(/ {2,}/g, ' ')
    .trim();
}

/** A bill number as a file name: no path separators or characters mail clients choke on. */
function safeFileName(value: string): string {
  const cleaned = value.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '');
  return cleaned || 'invoice';
}

/** The PDF and the e-invoice: a Factur-X (a PDF) replaces the PDF, an XML goes beside it. */
function attachmentsOf(pdf: InvoiceEmailAttachment, einvoice: ComposeInvoiceEmailOptions['einvoice']): InvoiceEmailAttachment[] {
  if (!einvoice) return [pdf];
  const e: InvoiceEmailAttachment = { filename: einvoice.filename, content: einvoice.bytes, contentType: einvoice.contentType };
  return einvoice.contentType === 'application/pdf' ? [e] : [pdf, e];
}
