/**
 * The e-mail that carries an invoice PDF. Returns a plain object that fits nodemailer's
 * `sendMail` options (`from`, `replyTo`, `subject`, `text`, `html`, `attachments`); recipients are added by
 * the caller (the outbox knows them).
 *
 * - One greeting: "Hello <billing name>," unless the personal message opens with a greeting of its own
 *   ("Hi Bob," / "Dear Ms. Smith"), which then takes its place.
 * - One date format: every calendar date, in the subject and the body, is written by `formatDay` of
 *   `@app/billing` for the locale (`Dec 15, 2026` in en-US); money by its `formatMoney`.
 * - The sender: `from` is the server's address (MAIL_FROM); `senderName`, when given, replaces its display
 *   name (the address stays, so SPF/DKIM of the sending domain still hold). `replyTo` is where answers go.
 */
import { formatDay, formatMoney, periodDays } from '@app/billing';
import { html } from './html';
import type { InvoiceDocument } from './invoice-document';

export interface ComposeInvoiceEmailOptions {
  /** sender address, e.g. `"Acme Billing" <billing@acme.example>` */
  from?: string;
  /** display name of the sender, in place of the one in `from` (the organization's setting) */
  senderName?: string | null;
  /** Reply-To address */
  replyTo?: string | null;
  /** a personal note from the admin, printed above the summary (plain text) */
  message?: string;
  /** locale for money and dates in the body; default `en-US` */
  locale?: string;
}

export interface InvoiceEmailAttachment {
  filename: string;
  content: Buffer;
  contentType: 'application/pdf';
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
  const locale = opts.locale ?? 'en-US';
  const { bill } = doc;
  const money = (amountMinor: number) => formatMoney(amountMinor, bill.currency, locale);
  const date = (isoDate: string) => formatDay(isoDate, locale);
  const period = periodDays(new Date(bill.periodStart), new Date(bill.periodEnd), doc.timeZone);
  const periodText = `${date(period.first)} – ${date(period.last)}`;
  const filename = `${safeFileName(bill.number)}.pdf`;

  const subject = oneLine(`Invoice ${bill.number} from ${doc.organization.name} — ${subjectState(doc, date)}`);

  const summary: Array<[string, string]> = [
    ['Invoice', bill.number],
    ['Customer', doc.department.name],
    ['Billing period', periodText],
    ['Issue date', date(bill.issueDate)],
    ['Due date', date(bill.dueDate)],
    ['Total', money(doc.totals.totalMinor)],
  ];
  if (doc.totals.paidMinor !== 0) summary.push(['Paid', money(doc.totals.paidMinor)]);
  summary.push([bill.status === 'void' ? 'Balance (void)' : 'Balance due', money(doc.totals.balanceMinor)]);

  const closing = closingSentence(doc, money, date);
  const message = opts.message?.trim() ? opts.message.trim() : undefined;
  const greeting = message && opensWithGreeting(message) ? undefined : `Hello ${doc.billingAddress.name || doc.department.name},`;

  const text = [
    ...(greeting ? [greeting, ''] : []),
    ...(message ? [message, ''] : []),
    `Please find attached invoice ${bill.number} from ${doc.organization.name}.`,
    '',
    ...summary.map(([label, value]) => `${label}: ${value}`),
    '',
    closing,
    '',
    `The invoice is attached as ${filename}.`,
    '',
    doc.organization.name,
    '',
  ].join('\n');

  const body = html`<!DOCTYPE html>
<html>
<head><meta charset="utf-8"><title>${subject}</title></head>
<body style="margin:0;padding:16px;font-family:Arial,Helvetica,sans-serif;font-size:14px;line-height:1.5;color:#1f2933;">
${greeting ? html`<p>${greeting}</p>` : ''}
${message ? html`<p style="white-space:pre-line;border-left:3px solid #d9e2ec;padding-left:10px;">${message}</p>` : ''}
<p>Please find attached invoice <strong>${bill.number}</strong> from ${doc.organization.name}.</p>
<table style="border-collapse:collapse;margin:12px 0;">
${summary.map(
  ([label, value]) =>
    html`<tr><td style="padding:3px 16px 3px 0;color:#52606d;">${label}</td><td style="padding:3px 0;text-align:right;"><strong>${value}</strong></td></tr>\n`,
)}</table>
<p>${closing}</p>
<p style="color:#7b8794;font-size:12px;">The invoice is attached as ${filename}.</p>
<p>${doc.organization.name}</p>
</body>
</html>
`;

  const email: InvoiceEmail = {
    subject,
    text,
    html: body.value,
    attachments: [{ filename, content: pdf, contentType: 'application/pdf' }],
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

/** Words a note's first line opens with when it greets the reader (English, German, French, Spanish). */
const GREETING =
  /^(hello|hi|hey|dear|greetings|good (morning|afternoon|evening|day)|hallo|guten (morgen|tag|abend)|liebe|lieber|sehr geehrte[rs]?|bonjour|bonsoir|cher|chère|hola|buen(os|as) (días|tardes)|estimad[oa]s?)\b/iu;

function opensWithGreeting(message: string): boolean {
  return GREETING.test(message.trimStart());
}

function subjectState(doc: InvoiceDocument, date: (d: string) => string): string {
  switch (doc.bill.status) {
    case 'paid':
      return 'paid';
    case 'void':
      return 'void';
    default:
      return doc.bill.overdue ? `overdue since ${date(doc.bill.dueDate)}` : `due ${date(doc.bill.dueDate)}`;
  }
}

function closingSentence(doc: InvoiceDocument, money: (m: number) => string, date: (d: string) => string): string {
  if (doc.bill.status === 'void') return 'This invoice has been voided; no payment is due.';
  if (doc.bill.status === 'paid' || doc.totals.balanceMinor <= 0) return 'This invoice is paid. Thank you.';
  return doc.bill.overdue
    ? `The balance of ${money(doc.totals.balanceMinor)} was due on ${date(doc.bill.dueDate)}. Please pay as soon as possible.`
    : `Please pay ${money(doc.totals.balanceMinor)} by ${date(doc.bill.dueDate)}.`;
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
