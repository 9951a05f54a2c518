import nodemailer from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer';
import { composeInvoiceEmail } from './invoice-email';
import { sampleInvoiceDocument } from './sample-invoice';

const pdf = Buffer.from('%PDF-1.4\n% fake\n%%EOF\n', 'latin1');

describe('composeInvoiceEmail', () => {
  it('has subject, text, html and the PDF attached as <number>.pdf', () => {
    const doc = sampleInvoiceDocument();
    const email = composeInvoiceEmail(doc, pdf, { from: 'Acme Billing <billing@acme.example>' });
    expect(email.from).toBe('Acme Billing <billing@acme.example>');
    expect(email.subject).toBe('Invoice INV-000001 from Acme Remote Support — due 2026-12-15');
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
      organization: { name: 'Evil <b>Org</b>' },
      department: { name: '<img src=http://127.0.0.1:9/x>' },
      billingAddress: { name: '' },
    });
    const message = 'Hi!\n<script>alert("x")</script> & thanks';
    const email = composeInvoiceEmail(doc, pdf, { message });
    expect(email.html).not.toMatch(/<script|<img|<b>/);
    expect(email.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; thanks');
    expect(email.html).toContain('Evil &lt;b&gt;Org&lt;/b&gt;');
    expect(email.html).toContain('Hello &lt;img src=http://127.0.0.1:9/x&gt;,'); // falls back to the department
    expect(email.text).toContain(message);
    expect(email.subject).toBe('Invoice INV-000001 from Evil <b>Org</b> — due 2026-12-15');
  });

  it('keeps the subject on one line and the file name safe', () => {
    const doc = sampleInvoiceDocument({
      organization: { name: 'Org\r\nBcc: victim@example.com' },
      bill: { number: '../INV/0001\n' },
    });
    const email = composeInvoiceEmail(doc, pdf);
    expect(email.subject).not.toMatch(/[\r\n]/);
    expect(email.subject).toBe('Invoice ../INV/0001 from Org Bcc: victim@example.com — due 2026-12-15');
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
    expect(overdue.subject).toBe('Invoice INV-000001 from Acme Remote Support — overdue since 2026-12-15');
    expect(overdue.text).toContain('was due on Dec 15, 2026');
  });

  it('formats money for the currency (JPY, BHD)', () => {
    const jpy = sampleInvoiceDocument({
      bill: { currency: 'JPY', currencyExponent: 0 },
      totals: { subtotalMinor: 5000, adjustmentsMinor: 0, totalMinor: 5000, paidMinor: 0, balanceMinor: 5000 },
    });
    expect(composeInvoiceEmail(jpy, pdf).text).toContain('Total: ¥5,000');
    const bhd = sampleInvoiceDocument({
      bill: { currency: 'BHD', currencyExponent: 3 },
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
