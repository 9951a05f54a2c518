import fc from 'fast-check';
import { escapeHtml, html } from './html';
import { renderInvoiceHtml } from './invoice-html';
import { sampleInvoiceDocument } from './sample-invoice';

/** Text content of the HTML body, roughly as a reader sees it (tags dropped, entities decoded). */
function visibleText(markup: string): string {
  return markup
    .replace(/<(head|style)\b[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\u00a0/g, ' ')
    .replace(/\s+/g, ' ');
}

describe('escapeHtml', () => {
  it('escapes the five HTML-significant characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });

  it('leaves no markup character unescaped, for any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const out = escapeHtml(s);
        expect(out).not.toMatch(/[<>"']/);
        expect(out.replace(/&(amp|lt|gt|quot|#39);/g, '')).not.toContain('&');
      }),
    );
  });

  it('the html template escapes values but keeps nested fragments', () => {
    const inner = html`<b>${'<i>'}</b>`;
    expect(html`<p title="${'"x"'}">${inner}${['<', html`<br>`]}${null}${undefined}${false}${0}</p>`.value).toBe(
      '<p title="&quot;x&quot;"><b>&lt;i&gt;</b>&lt;<br>0</p>',
    );
  });
});

describe('renderInvoiceHtml', () => {
  it('is a complete, self-contained document with the CSP', () => {
    const out = renderInvoiceHtml(sampleInvoiceDocument());
    expect(out.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(out).toContain('<meta charset="utf-8">');
    expect(out).toContain(
      '<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; style-src &#39;unsafe-inline&#39;; img-src data:">',
    );
    expect(out).toContain('@page { size: A4;');
    expect(out).not.toMatch(/<script|<link|<img|<iframe|@import|url\(/i);
    expect(out).not.toMatch(/(src|href)=/i);
    expect(out).not.toMatch(/https?:\/\//i);
  });

  it('shows the organization, number, status, dates, period, address, lines, adjustments, payments and totals', () => {
    const text = visibleText(renderInvoiceHtml(sampleInvoiceDocument()));
    for (const expected of [
      'Acme Remote Support',
      'INV-000001',
      'Unpaid',
      'Issue date Nov 30, 2026',
      'Due date Dec 15, 2026',
      'Service period Nov 1, 2026 – Nov 30, 2026',
      'Customer Finance Department',
      'Plan Standard hourly',
      'Globex Corporation',
      '1 Industrial Way',
      'Building 4',
      'Springfield, OR 97403 United States',
      'Session hours 12.5 hours $60.00 $750.00',
      'Unattended devices 8 devices $12.50 $100.00',
      'Late usage from earlier periods 0.75 hours $60.00 $45.00',
      'Discount (10 %) Loyalty discount -$89.50',
      'Charge Weekend call-out $25.00',
      'Dec 2, 2026 bank transfer TRX-5521 $500.00',
      'Subtotal $895.00',
      'Charges and discounts -$64.50',
      'Total $830.50',
      'Paid $500.00',
      'Balance due $330.50',
      'Please pay $330.50 by Dec 15, 2026.',
      'Europe/Berlin',
    ]) {
      expect(text).toContain(expected);
    }
  });

  it('prints a discount as a reduction whether its amount is given signed or not', () => {
    const doc = sampleInvoiceDocument({
      adjustments: [{ type: 'discount', description: 'Signed', percent: null, amountMinor: -1000 }],
    });
    expect(visibleText(renderInvoiceHtml(doc))).toContain('Signed -$10.00');
  });

  it('formats totals for JPY, USD and BHD from integers', () => {
    const cases = [
      { currency: 'JPY', total: 1234567, shown: '¥1,234,567' },
      { currency: 'USD', total: 1234567, shown: '$12,345.67' },
      { currency: 'BHD', total: 1234567, shown: 'BHD 1,234.567' },
      { currency: 'XYZ', total: -1234567, shown: '-XYZ 12,345.67' }, // not in the ISO table: 2 decimals, the code as text
    ];
    for (const c of cases) {
      const doc = sampleInvoiceDocument({
        bill: { currency: c.currency },
        totals: { subtotalMinor: c.total, adjustmentsMinor: 0, totalMinor: c.total, paidMinor: 0, balanceMinor: c.total },
        adjustments: [],
        payments: [],
      });
      const text = visibleText(renderInvoiceHtml(doc));
      expect(text).toContain(`Total ${c.shown}`);
      expect(text).toContain(`Balance due ${c.shown}`);
      expect(text).toContain(`Amounts in ${c.currency}`);
    }
  });

  it('escapes the currency code an unknown currency shows as text', () => {
    const out = renderInvoiceHtml(sampleInvoiceDocument({ bill: { currency: '<b>' } }));
    expect(out).not.toContain('<b>');
    expect(out.replace(/\u00a0/g, ' ')).toContain('Please pay &lt;b&gt; 330.50 by Dec 15, 2026.');
  });

  it('escapes hostile text in every field: it shows as text, never as markup', () => {
    const evilImg = '<img src=http://127.0.0.1:9/x>';
    const evil = `${evilImg}<script>alert(1)</script>"'&`;
    const doc = sampleInvoiceDocument({
      seller: { name: evil },
      bill: { number: evil },
      buyer: { name: evilImg },
      plan: { name: '<script>alert("plan")</script>' },
      billingAddress: { name: evil, line1: evil, line2: evil, city: evil, region: evil, postalCode: evil, country: evil },
      lines: [{ kind: evil, description: evil, quantity: 1, unit: evil, unitAmountMinor: 1, amountMinor: 1 }],
      adjustments: [{ type: 'charge', description: evil, amountMinor: 1 }],
      payments: [{ paidAt: '2026-12-01T00:00:00Z', method: evil, reference: evil, amountMinor: 1, reversed: true }],
    });
    const out = renderInvoiceHtml(doc);
    expect(out).not.toContain('<img');
    expect(out).not.toContain('<script');
    expect(out).toContain('&lt;img src=http://127.0.0.1:9/x&gt;');
    expect(out).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;');
    const text = visibleText(out);
    expect(text).toContain(`Customer ${evilImg}`);
    expect(text).toContain('Plan <script>alert("plan")</script>');
    // the only tags are the template's own
    const tags = new Set([...out.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9]*)/g)].map((m) => m[1].toLowerCase()));
    expect([...tags].sort()).toEqual(
      [
        'address',
        'body',
        'div',
        'footer',
        'h1',
        'h2',
        'head',
        'header',
        'html',
        'meta',
        'p',
        'section',
        'span',
        'style',
        'table',
        'tbody',
        'td',
        'th',
        'thead',
        'title',
        'tr',
      ].sort(),
    );
  });

  it("escapes a correction's description and the corrected invoice's number", () => {
    const evil = '<img src=http://127.0.0.1:9/x>"&';
    const doc = sampleInvoiceDocument({
      documentType: 'credit_note',
      precedingInvoice: { number: evil, issueDate: '2026-11-01' },
      lines: [{ kind: 'correction', description: evil, quantity: 1, unit: 'item', unitAmountMinor: 100, amountMinor: 100 }],
      adjustments: [],
      payments: [],
    });
    const out = renderInvoiceHtml(doc);
    expect(out).not.toContain('<img');
    expect(out).toContain('<td class="desc">&lt;img src=http://127.0.0.1:9/x&gt;&quot;&amp;</td>');
    expect(visibleText(out)).toContain(`Corrects invoice ${evil} of Nov 1, 2026`);
  });

  it('rejects a locale that is not a BCP 47 tag', () => {
    expect(() => renderInvoiceHtml(sampleInvoiceDocument(), { locale: '"><script>' })).toThrow(RangeError);
  });

  it('shows status: paid, void (with watermark), overdue', () => {
    const paid = visibleText(renderInvoiceHtml(sampleInvoiceDocument({ bill: { status: 'paid' } })));
    expect(paid).toContain('Paid');
    expect(paid).toContain('This invoice is paid.');
    const voided = renderInvoiceHtml(sampleInvoiceDocument({ bill: { status: 'void' } }));
    expect(voided).toContain('class="watermark watermark-void"');
    expect(visibleText(voided)).toContain('VOID');
    expect(visibleText(voided)).toContain('Balance (void)');
    const overdue = visibleText(renderInvoiceHtml(sampleInvoiceDocument({ bill: { overdue: true } })));
    expect(overdue).toContain('Overdue');
    expect(overdue).toContain('was due on Dec 15, 2026');
  });

  it('prints an archived document as issued: no status badge', () => {
    const live = renderInvoiceHtml(sampleInvoiceDocument({ bill: { status: 'unpaid' } }));
    expect(live).toContain('class="badge badge-unpaid"');
    const issued = renderInvoiceHtml({ ...sampleInvoiceDocument({ bill: { status: 'unpaid' } }), asIssued: true });
    expect(issued).not.toContain('class="badge');
    expect(visibleText(issued)).toContain('Balance due');
  });

  it('renders a bill of 0 with no lines', () => {
    const doc = sampleInvoiceDocument({
      bill: { status: 'paid' },
      lines: [],
      adjustments: [],
      payments: [],
      totals: { subtotalMinor: 0, adjustmentsMinor: 0, totalMinor: 0, paidMinor: 0, balanceMinor: 0 },
    });
    const text = visibleText(renderInvoiceHtml(doc));
    expect(text).toContain('No usage in this period.');
    expect(text).toContain('Total $0.00');
    expect(text).not.toContain('Charges and discounts');
  });

  it('prints dates in the requested locale', () => {
    const text = visibleText(renderInvoiceHtml(sampleInvoiceDocument(), { locale: 'de-DE' }));
    expect(text).toContain('15.12.2026');
    expect(text).toContain('830,50 $');
  });
});
