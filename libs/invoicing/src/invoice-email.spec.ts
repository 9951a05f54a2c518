import nodemailer from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer';
import { simpleParser } from 'mailparser';
import {
  englishCreditNote,
  englishExportInvoice,
  englishSupplementaryInvoice,
  frenchReverseChargeInvoice,
  germanCreditNote,
  germanStandardInvoice,
  germanSupplementaryInvoice,
} from './invoice-fixtures.helper-spec';
import { composeInvoiceEmail, invoiceSender, parseMailbox } from './invoice-email';
import { sampleInvoiceDocument } from './sample-invoice';

const pdf = Buffer.from('%PDF-1.4\n% fake\n%%EOF\n', 'latin1');

describe('composeInvoiceEmail', () => {
  it('has subject, text, html and the PDF attached as <number>.pdf', () => {
    const doc = sampleInvoiceDocument();
    const email = composeInvoiceEmail(doc, pdf, { from: 'Acme Billing <billing@acme.example>' });
    expect(email.from).toBe('Acme Billing <billing@acme.example>');
    expect(email.subject).toBe('Invoice INV-000001 from Acme Remote Support — due Dec 15, 2026');
    expect(email.attachments).toEqual([{ filename: 'INV-000001.pdf', content: pdf, contentType: 'application/pdf' }]);
    expect(email.attachments[0].content).toBe(pdf);
    expect(email.text).toContain('Hello Globex Corporation,');
    expect(email.text).toContain('Invoice: INV-000001');
    expect(email.text).toContain('Billing period: Nov 1, 2026 – Nov 30, 2026');
    expect(email.text).toContain('Total: $830.50');
    expect(email.text).toContain('Paid: $500.00');
    expect(email.text).toContain('Balance due: $330.50');
    expect(email.text).toContain('Please pay $330.50 by Dec 15, 2026.');
    expect(email.html).toContain('<strong>INV-000001</strong>');
    expect(email.html).toContain('$330.50');
  });

  it('omits from when not given', () => {
    expect(composeInvoiceEmail(sampleInvoiceDocument(), pdf)).not.toHaveProperty('from');
  });

  it('escapes the message and every bill value in the html, and keeps the message as plain text', () => {
    const doc = sampleInvoiceDocument({
      seller: { name: 'Evil <b>Org</b>' },
      buyer: { name: '<img src=http://127.0.0.1:9/x>' },
      billingAddress: { name: '' },
    });
    const message = 'Thanks!\n<script>alert("x")</script> & more';
    const email = composeInvoiceEmail(doc, pdf, { message });
    expect(email.html).not.toMatch(/<script|<img|<b>/);
    expect(email.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more');
    expect(email.html).toContain('Evil &lt;b&gt;Org&lt;/b&gt;');
    expect(email.html).toContain('Hello &lt;img src=http://127.0.0.1:9/x&gt;,'); // falls back to the department
    expect(email.text).toContain(message);
    expect(email.subject).toBe('Invoice INV-000001 from Evil <b>Org</b> — due Dec 15, 2026');
  });

  it('keeps the subject on one line and the file name safe', () => {
    const doc = sampleInvoiceDocument({
      seller: { name: 'Org\r\nBcc: victim@example.com' },
      bill: { number: '../INV/0001\n' },
    });
    const email = composeInvoiceEmail(doc, pdf);
    expect(email.subject).not.toMatch(/[\r\n]/);
    expect(email.subject).toBe('Invoice ../INV/0001 from Org Bcc: victim@example.com — due Dec 15, 2026');
    expect(email.attachments[0].filename).toBe('INV_0001_.pdf');
  });

  it('words the subject for paid, void and overdue bills', () => {
    expect(composeInvoiceEmail(sampleInvoiceDocument({ bill: { status: 'paid' } }), pdf).subject).toBe(
      'Invoice INV-000001 from Acme Remote Support — paid',
    );
    expect(composeInvoiceEmail(sampleInvoiceDocument({ bill: { status: 'void' } }), pdf).subject).toBe(
      'Invoice INV-000001 from Acme Remote Support — void',
    );
    const overdue = composeInvoiceEmail(sampleInvoiceDocument({ bill: { overdue: true } }), pdf);
    expect(overdue.subject).toBe('Invoice INV-000001 from Acme Remote Support — overdue since Dec 15, 2026');
    expect(overdue.text).toContain('was due on Dec 15, 2026');
  });

  it('formats money for the currency (JPY, BHD)', () => {
    const jpy = sampleInvoiceDocument({
      bill: { currency: 'JPY' },
      totals: { subtotalMinor: 5000, adjustmentsMinor: 0, totalMinor: 5000, paidMinor: 0, balanceMinor: 5000 },
    });
    expect(composeInvoiceEmail(jpy, pdf).text).toContain('Total: ¥5,000');
    const bhd = sampleInvoiceDocument({
      bill: { currency: 'BHD' },
      totals: { subtotalMinor: 5000, adjustmentsMinor: 0, totalMinor: 5000, paidMinor: 0, balanceMinor: 5000 },
    });
    expect(composeInvoiceEmail(bhd, pdf).text.replace(/\u00a0/g, ' ')).toContain('Total: BHD 5.000');
  });

  it('is accepted by nodemailer and produces a MIME message with the PDF attached', async () => {
    const email = composeInvoiceEmail(sampleInvoiceDocument(), pdf, {
      from: 'billing@acme.example',
      message: 'Grüße — see attached',
    });
    const options: Mail.Options = { ...email, to: 'ap@globex.example' };
    const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
    const info = await transport.sendMail(options);
    const raw = (info.message as Buffer).toString('utf8');
    expect(raw).toMatch(/^Subject: /m);
    expect(raw).toContain('Content-Type: application/pdf; name=INV-000001.pdf');
    expect(raw).toContain('filename=INV-000001.pdf');
    expect(raw).toContain(pdf.toString('base64'));
    expect(raw).toContain('multipart/mixed');
  });
});

describe('composeInvoiceEmail: one greeting, one date format, the organization as sender', () => {
  const greetings = (text: string) => text.split('\n').filter((l) => /^(hello|hi|dear|guten tag|bonjour)\b/i.test(l));

  it('greets once: "Hello <billing name>," above a note without a greeting of its own', () => {
    const email = composeInvoiceEmail(sampleInvoiceDocument(), pdf, { message: 'Thanks for the quick turnaround.' });
    expect(greetings(email.text)).toEqual(['Hello Globex Corporation,']);
    expect(email.text.indexOf('Hello Globex Corporation,')).toBeLessThan(email.text.indexOf('Thanks for the quick turnaround.'));
    expect(email.html.match(/Hello Globex Corporation,/g)).toHaveLength(1);
  });

  it.each([
    'Hi Bob,\nhere is November.',
    'Dear Ms. Smith,\n\nplease find the invoice attached.',
    '  Hello team — November is attached.',
    'Guten Tag Frau Müller,\nanbei die Rechnung.',
    'Bonjour,\nvoici la facture.',
  ])('lets a note that opens with a greeting greet instead: %j', (message) => {
    const email = composeInvoiceEmail(sampleInvoiceDocument(), pdf, { message });
    expect(email.text).not.toContain('Hello Globex Corporation,');
    expect(email.html).not.toContain('Hello Globex Corporation,');
    expect(greetings(email.text)).toHaveLength(1);
    expect(email.text.startsWith(message.trim())).toBe(true);
    expect(email.text).toContain('Please find attached invoice INV-000001');
  });

  it('does not take words that merely start like a greeting for one', () => {
    for (const message of ['Highlights: 12 sessions this month.', 'History of changes is on page 2.', 'Thanks, Bob']) {
      expect(composeInvoiceEmail(sampleInvoiceDocument(), pdf, { message }).text).toMatch(/^Hello Globex Corporation,\n/);
    }
  });

  it('writes every calendar date the same way in subject and body, for the locale', () => {
    const iso = /\b\d{4}-\d{2}-\d{2}\b/;
    for (const bill of [{}, { overdue: true }] as const) {
      const email = composeInvoiceEmail(sampleInvoiceDocument({ bill }), pdf);
      expect(email.subject).toContain('Dec 15, 2026');
      expect(email.text).toContain('Due date: Dec 15, 2026');
      for (const part of [email.subject, email.text, email.html]) expect(part).not.toMatch(iso);
    }
    const de = composeInvoiceEmail(sampleInvoiceDocument(), pdf, { locale: 'de-DE' });
    expect(de.subject).toContain('due 15.12.2026');
    expect(de.text).toContain('Due date: 15.12.2026');
  });

  it("sends as the organization: its sender name on MAIL_FROM's address, and its Reply-To", () => {
    const email = composeInvoiceEmail(sampleInvoiceDocument(), pdf, {
      from: 'Remote Billing <billing@rb.example>',
      senderName: 'Acme Accounts',
      replyTo: 'accounts@acme.example',
    });
    expect(email.from).toEqual({ name: 'Acme Accounts', address: 'billing@rb.example' });
    expect(email.replyTo).toBe('accounts@acme.example');
  });

  it('keeps MAIL_FROM as it is without a sender name, and sets no Reply-To without one', () => {
    const email = composeInvoiceEmail(sampleInvoiceDocument(), pdf, {
      from: 'Remote Billing <billing@rb.example>',
      senderName: null,
      replyTo: null,
    });
    expect(email.from).toBe('Remote Billing <billing@rb.example>');
    expect(email).not.toHaveProperty('replyTo');
  });

  it('puts a sender name on a bare MAIL_FROM address too, and keeps it one line', () => {
    expect(invoiceSender('billing@rb.example', 'Acme\r\nBcc: victim@example.com')).toEqual({
      name: 'Acme Bcc: victim@example.com',
      address: 'billing@rb.example',
    });
    expect(invoiceSender('"Remote Billing" <billing@rb.example>', '  ')).toBe('"Remote Billing" <billing@rb.example>');
  });

  it('reads name and address of MAIL_FROM (the default sender name and the address every e-mail is sent from)', () => {
    expect(parseMailbox('Remote Billing <billing@localhost>')).toEqual({ name: 'Remote Billing', address: 'billing@localhost' });
    expect(parseMailbox('"Acme, Inc." <billing@acme.example>')).toEqual({ name: 'Acme, Inc.', address: 'billing@acme.example' });
    expect(parseMailbox('<billing@acme.example>')).toEqual({ name: '', address: 'billing@acme.example' });
    expect(parseMailbox(' billing@acme.example ')).toEqual({ name: '', address: 'billing@acme.example' });
  });

  it('gives nodemailer a From with the quoted, encoded sender name and a Reply-To header', async () => {
    const email = composeInvoiceEmail(sampleInvoiceDocument(), pdf, {
      from: 'Remote Billing <billing@rb.example>',
      senderName: 'Müller, Accounts "East"',
      replyTo: 'accounts@acme.example',
    });
    const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
    const info = await transport.sendMail({ ...email, to: 'ap@globex.example' } as Mail.Options);
    const parsed = await simpleParser(info.message as Buffer);
    expect(parsed.from?.value).toEqual([{ name: 'Müller, Accounts "East"', address: 'billing@rb.example' }]);
    expect(parsed.replyTo?.value).toEqual([{ name: '', address: 'accounts@acme.example' }]);
    expect(parsed.subject).toBe('Invoice INV-000001 from Acme Remote Support — due Dec 15, 2026');
  });
});

describe('composeInvoiceEmail: in the invoice language, with the gross total and the balance', () => {
  const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

  it('writes a German invoice e-mail in German', () => {
    const email = composeInvoiceEmail(germanStandardInvoice(), pdf);
    expect(plain(email.subject)).toBe('Rechnung INV-000042 von Muster IT — fällig am 14.12.2026');
    const text = plain(email.text);
    for (const line of [
      'Guten Tag Beispiel AG Kreditorenbuchhaltung,',
      'Anbei erhalten Sie die Rechnung INV-000042 von Muster IT.',
      'Rechnung: INV-000042',
      'Kunde: Buchhaltung',
      'Abrechnungszeitraum: 01.11.2026 – 30.11.2026',
      'Rechnungsdatum: 30.11.2026',
      'Fällig am: 14.12.2026',
      'Summe netto: 569,25 €',
      'Steuer: 108,16 €',
      'Gesamtbetrag brutto: 677,41 €',
      'Bezahlt: 200,00 €',
      'Offener Betrag: 477,41 €',
      'Bitte zahlen Sie 477,41 € bis zum 14.12.2026.',
      'Die Rechnung ist als INV-000042.pdf angehängt.',
    ]) {
      expect(text.split('\n')).toContain(line);
    }
    expect(email.html).toContain('<html lang="de-DE">');
    expect(email.html).toContain('Anbei erhalten Sie die Rechnung <strong>INV-000042</strong> von Muster IT.');
    expect(plain(email.html)).toContain('<strong>677,41 €</strong>');
    expect(plain(email.html)).toContain('<strong>477,41 €</strong>');
  });

  it('writes a French invoice e-mail in French', () => {
    const email = composeInvoiceEmail(frenchReverseChargeInvoice(), pdf);
    expect(plain(email.subject)).toBe('Facture INV-000042 de Muster IT — échéance le 14 déc. 2026');
    const lines = plain(email.text).split('\n');
    for (const line of [
      'Bonjour Service fournisseurs,',
      'Veuillez trouver ci-joint la facture INV-000042 de Muster IT.',
      'Période de facturation: 1 nov. 2026 – 30 nov. 2026',
      'Total HT: 569,25 €',
      'Total taxes: 0,00 €',
      'Total TTC: 569,25 €',
      'Reste à payer: 369,25 €',
      'Merci de régler 369,25 € au plus tard le 14 déc. 2026.',
      'La facture est jointe sous le nom INV-000042.pdf.',
    ]) {
      expect(lines).toContain(line);
    }
  });

  it("names the organization as it is now when given (the e-mail comes from it), else the bill's seller", () => {
    expect(plain(composeInvoiceEmail(germanStandardInvoice(), pdf, { organizationName: 'Muster IT Neu' }).subject)).toBe(
      'Rechnung INV-000042 von Muster IT Neu — fällig am 14.12.2026',
    );
    expect(composeInvoiceEmail(germanStandardInvoice(), pdf, { organizationName: '' }).text).toContain('von Muster IT.');
  });

  it('words overdue and void bills for the e-mail', () => {
    const base = germanStandardInvoice();
    const overdue = composeInvoiceEmail({ ...base, bill: { ...base.bill, overdue: true } }, pdf);
    expect(plain(overdue.text)).toContain('Der offene Betrag von 477,41 € war am 14.12.2026 fällig. Bitte zahlen Sie umgehend.');
    expect(plain(overdue.subject)).toBe('Rechnung INV-000042 von Muster IT — überfällig seit 14.12.2026');
    const voided = composeInvoiceEmail({ ...base, bill: { ...base.bill, status: 'void' } }, pdf);
    expect(voided.text).toContain('Diese Rechnung wurde storniert; es ist keine Zahlung fällig.');
    expect(plain(voided.text)).toContain('Offener Betrag (storniert): 477,41 €');
  });

  it('shows net, tax and gross in English for a taxed bill, and only the total for an untaxed one', () => {
    const taxed = plain(composeInvoiceEmail(englishExportInvoice(), pdf).text).split('\n');
    expect(taxed).toEqual(expect.arrayContaining(['Net total: €569.25', 'Tax: €0.00', 'Total: €569.25', 'Balance due: €369.25']));
    const untaxed = composeInvoiceEmail(sampleInvoiceDocument(), pdf).text;
    expect(untaxed).not.toContain('Net total');
    expect(untaxed).toContain('Total: $830.50');
  });

  it.each([
    ['es', 'paid', 'Factura INV-000042 de Muster IT — pagada', 'Hola, Accounts Payable:'],
    ['nl', 'overdue', 'Factuur INV-000042 van Muster IT — achterstallig sinds 14 dec 2026', 'Beste Accounts Payable,'],
    ['it', 'void', 'Fattura INV-000042 di Muster IT — annullata', 'Gentile Accounts Payable,'],
  ] as const)('%s: subject for a %s bill, and the greeting', (language, state, subject, greeting) => {
    const base = englishExportInvoice();
    const bill = { ...base.bill, status: state === 'overdue' ? ('unpaid' as const) : state, overdue: state === 'overdue' };
    const email = composeInvoiceEmail({ ...base, language, bill }, pdf);
    expect(plain(email.subject)).toBe(subject);
    expect(email.text.split('\n')[0]).toBe(greeting);
  });

  it.each([
    'Beste Jan,\nhierbij de factuur.',
    'Gentile dott. Rossi,\nin allegato.',
    'Sehr geehrte Frau Müller,\nanbei.',
    'Estimada Sra. García:',
  ])('lets a note that greets in its own language greet instead: %j', (message) => {
    const email = composeInvoiceEmail(germanStandardInvoice(), pdf, { message });
    expect(email.text).not.toContain('Guten Tag');
    expect(email.text.startsWith(message)).toBe(true);
  });
});

describe('composeInvoiceEmail: credit notes and supplementary invoices', () => {
  const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

  it('names a German credit note, the invoice it corrects, and the amount credited; no due date, no payment asked', () => {
    const email = composeInvoiceEmail(germanCreditNote(), pdf);
    expect(plain(email.subject)).toBe('Rechnungskorrektur CN-000001 von Muster IT — zur Rechnung INV-000042');
    const lines = plain(email.text).split('\n');
    for (const line of [
      'Guten Tag Beispiel AG Kreditorenbuchhaltung,',
      'Anbei erhalten Sie die Rechnungskorrektur CN-000001 von Muster IT zur Rechnung INV-000042 vom 30.11.2026.',
      'Rechnungskorrektur: CN-000001',
      'Abrechnungszeitraum: 01.11.2026 – 30.11.2026',
      'Belegdatum: 05.12.2026',
      'Summe netto: 100,00 €',
      'Steuer: 19,00 €',
      'Korrekturbetrag brutto: 119,00 €',
      'Der Betrag von 119,00 € wird Ihnen gutgeschrieben; es ist keine Zahlung fällig.',
      'Die Rechnungskorrektur ist als CN-000001.pdf angehängt.',
    ]) {
      expect(lines).toContain(line);
    }
    for (const part of [email.subject, email.text, email.html]) {
      for (const absent of ['Fällig am', '14.12.2026', 'Offener Betrag', 'Bezahlt', 'Bitte zahlen', 'Gutschrift']) {
        expect(plain(part)).not.toContain(absent);
      }
    }
    expect(email.html).toContain(
      'Anbei erhalten Sie die Rechnungskorrektur <strong>CN-000001</strong> von Muster IT zur Rechnung INV-000042 vom 30.11.2026.',
    );
    expect(email.attachments.map((a) => a.filename)).toEqual(['CN-000001.pdf']);
  });

  it('names an English credit note and the invoice it corrects', () => {
    const email = composeInvoiceEmail(englishCreditNote(), pdf);
    expect(email.subject).toBe('Credit note CN-000001 from Muster IT — corrects invoice INV-000042');
    const lines = email.text.split('\n');
    for (const line of [
      'Please find attached credit note CN-000001 from Muster IT, correcting invoice INV-000042 of Nov 30, 2026.',
      'Credit note: CN-000001',
      'Issue date: Dec 5, 2026',
      'Total credited: €369.25',
      '€369.25 is credited to you; no payment is due.',
      'The credit note is attached as CN-000001.pdf.',
    ]) {
      expect(lines).toContain(line);
    }
    for (const absent of ['Due date', 'Dec 14, 2026', 'Balance', 'Paid', 'Please pay', 'Invoice:'])
      expect(email.text).not.toContain(absent);
  });

  it('leaves the reference out when the corrected invoice is not given, and says when a credit note is void', () => {
    const doc = englishCreditNote();
    const bare = composeInvoiceEmail({ ...doc, precedingInvoice: null }, pdf);
    expect(bare.subject).toBe('Credit note CN-000001 from Muster IT');
    expect(bare.text).toContain('Please find attached credit note CN-000001 from Muster IT.\n');
    const voided = composeInvoiceEmail({ ...doc, bill: { ...doc.bill, status: 'void' } }, pdf);
    expect(voided.subject).toBe('Credit note CN-000001 from Muster IT — void');
    expect(voided.text).toContain('This credit note has been voided.');
  });

  it('writes a supplementary invoice e-mail like the invoice e-mail, plus the reference (German)', () => {
    const email = composeInvoiceEmail(germanSupplementaryInvoice(), pdf);
    expect(plain(email.subject)).toBe('Nachtragsrechnung INV-000043 von Muster IT — fällig am 19.12.2026');
    const lines = plain(email.text).split('\n');
    for (const line of [
      'Anbei erhalten Sie die Nachtragsrechnung INV-000043 von Muster IT zur Rechnung INV-000042 vom 30.11.2026.',
      'Nachtragsrechnung: INV-000043',
      'Rechnungsdatum: 05.12.2026',
      'Fällig am: 19.12.2026',
      'Gesamtbetrag brutto: 59,50 €',
      'Offener Betrag: 59,50 €',
      'Bitte zahlen Sie 59,50 € bis zum 19.12.2026.',
      'Die Nachtragsrechnung ist als INV-000043.pdf angehängt.',
    ]) {
      expect(lines).toContain(line);
    }
    expect(email.attachments.map((a) => a.filename)).toEqual(['INV-000043.pdf']);
  });

  it('writes a supplementary invoice e-mail like the invoice e-mail, plus the reference (English)', () => {
    const email = composeInvoiceEmail(englishSupplementaryInvoice(), pdf);
    expect(email.subject).toBe('Supplementary invoice INV-000043 from Muster IT — due Dec 19, 2026');
    const lines = email.text.split('\n');
    for (const line of [
      'Please find attached supplementary invoice INV-000043 from Muster IT, supplementary to invoice INV-000042 of Nov 30, 2026.',
      'Supplementary invoice: INV-000043',
      'Due date: Dec 19, 2026',
      'Balance due: €50.00',
      'Please pay €50.00 by Dec 19, 2026.',
      'The supplementary invoice is attached as INV-000043.pdf.',
    ]) {
      expect(lines).toContain(line);
    }
  });

  it.each([
    [
      'fr',
      'Avoir CN-000001 de Muster IT — rectifie la facture INV-000042',
      "Veuillez trouver ci-joint l'avoir CN-000001 de Muster IT, qui rectifie la facture n° INV-000042 du 30 nov. 2026.",
    ],
    [
      'es',
      'Factura rectificativa (abono) CN-000001 de Muster IT — rectifica la factura INV-000042',
      'Le adjuntamos la factura rectificativa (abono) CN-000001 de Muster IT, que rectifica la factura n.º INV-000042 de fecha 30 nov 2026.',
    ],
    [
      'nl',
      'Creditnota CN-000001 van Muster IT — correctie op factuur INV-000042',
      'Bijgaand ontvangt u creditnota CN-000001 van Muster IT ter correctie van factuur INV-000042 van 30 nov 2026.',
    ],
    [
      'it',
      'Nota di credito CN-000001 di Muster IT — rettifica la fattura INV-000042',
      'In allegato trova la nota di credito CN-000001 di Muster IT, che rettifica la fattura n. INV-000042 del 30 nov 2026.',
    ],
  ] as const)('%s: a credit note names itself and the invoice it corrects', (language, subject, intro) => {
    const email = composeInvoiceEmail({ ...germanCreditNote(), language }, pdf);
    expect(plain(email.subject)).toBe(subject);
    expect(plain(email.text).split('\n')).toContain(intro);
  });
});
