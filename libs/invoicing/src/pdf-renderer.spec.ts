/**
 * The real renderer, with a real Chromium (found by findChromium: CHROMIUM_PATH, /usr/bin/chromium,
 * or the @sparticuz/chromium package). Every browser started here is closed in afterAll.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { renderInvoiceHtml } from './invoice-html';
import type { InvoiceDocument } from './invoice-document';
import { BrowserPdfRenderer, PdfRenderError } from './pdf-renderer';
import { FakePdfRenderer } from './fake-pdf-renderer';
import { extractPdfText, extractPdfTexts, normalizeSpace } from './pdf-text.helper-spec';
import { sampleInvoiceDocument } from './sample-invoice';

const noSpace = (s: string) => s.replace(/[\s\u00a0\u202f]+/g, '');

function expectPdf(buffer: Buffer): void {
  expect(Buffer.isBuffer(buffer)).toBe(true);
  expect(buffer.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  expect(buffer.subarray(-1024).toString('latin1')).toContain('%%EOF');
}

/** An HTTP server on 127.0.0.1 that records every request it receives. */
async function startTrapServer(): Promise<{ server: Server; port: number; requests: string[] }> {
  const requests: string[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    requests.push(`${req.method} ${req.url}`);
    res.writeHead(200, { 'content-type': 'image/png' }).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, requests };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('BrowserPdfRenderer', () => {
  const renderer = new BrowserPdfRenderer();
  afterAll(() => renderer.close());

  it('renders an invoice to a PDF whose text has the number and the formatted total', async () => {
    const doc = sampleInvoiceDocument({ bill: { number: 'INV-004711' } });
    const pdf = await renderer.render(renderInvoiceHtml(doc));
    expectPdf(pdf);
    const { text, pages } = await extractPdfText(pdf);
    const flat = normalizeSpace(text);
    expect(pages).toBe(1);
    expect(flat).toContain('INV-004711');
    expect(flat).toContain('Acme Remote Support');
    expect(flat).toMatch(/Total \$830\.50/);
    expect(flat).toMatch(/Balance due \$330\.50/);
  });

  it('prints JPY and BHD amounts with their own decimals', async () => {
    for (const [currency, shown] of [
      ['JPY', '¥1,234,567'],
      ['BHD', 'BHD 1,234.567'],
    ] as const) {
      const doc = sampleInvoiceDocument({
        bill: { currency },
        adjustments: [],
        payments: [],
        totals: { subtotalMinor: 1234567, adjustmentsMinor: 0, totalMinor: 1234567, paidMinor: 0, balanceMinor: 1234567 },
      });
      const { text } = await extractPdfText(await renderer.render(renderInvoiceHtml(doc)));
      expect(normalizeSpace(text)).toContain(`Total ${shown}`);
    }
  });

  it('rejects renders after close()', async () => {
    const closed = new BrowserPdfRenderer();
    await closed.close();
    await closed.close(); // idempotent
    await expect(closed.render('<p>x</p>')).rejects.toBeInstanceOf(PdfRenderError);
  });
});

describe('hostile content is inert', () => {
  const blocked: string[] = [];
  const renderer = new BrowserPdfRenderer({ concurrency: 2, onBlockedRequest: (url) => blocked.push(url) });
  let trap: Awaited<ReturnType<typeof startTrapServer>>;

  beforeAll(async () => {
    trap = await startTrapServer();
  });
  afterAll(async () => {
    await renderer.close();
    await new Promise((resolve) => trap.server.close(resolve));
  });

  it('an invoice with markup in every string field makes no request and prints the markup as text', async () => {
    const base = `http://127.0.0.1:${trap.port}`;
    const payloads = [
      `<img src="${base}/img">`,
      `<script src="${base}/script"></script>`,
      `<link rel="stylesheet" href="${base}/css">`,
      `<iframe src="${base}/iframe"></iframe>`,
      `<style>@import url(${base}/import);</style>`,
      `<div style="background:url(${base}/bg)">`,
      `<meta http-equiv="refresh" content="0;url=${base}/refresh">`,
      `<object data="${base}/object"></object>`,
    ];
    const evil = (i: number) => payloads[i % payloads.length];
    const doc: InvoiceDocument = sampleInvoiceDocument({
      seller: {
        name: evil(0),
        legalName: evil(1),
        address: { line1: evil(2), line2: evil(3), postalCode: evil(4), city: evil(5), region: evil(6), country: evil(7) },
        vatId: evil(0),
        taxNumber: evil(1),
        companyRegistration: evil(2),
        contactEmail: evil(3),
        phone: evil(4),
        website: evil(5),
        accountHolder: evil(6),
        iban: evil(7),
        bic: evil(0),
        paymentInstructions: evil(1),
        paymentTerms: evil(2),
        footer: evil(3),
      },
      bill: { number: evil(1) },
      buyer: { name: evil(2), legalName: evil(3), vatId: evil(4), buyerReference: evil(5), purchaseOrder: evil(6) },
      taxTreatment: 'exempt',
      taxExemptionReason: evil(7),
      taxes: [{ name: evil(0), categoryCode: 'S', ratePercent: 0, baseMinor: 100, amountMinor: 0, exemptionReason: evil(1) }],
      plan: { name: evil(3) },
      billingAddress: {
        name: evil(4),
        line1: evil(5),
        line2: evil(6),
        city: evil(7),
        region: evil(0),
        postalCode: evil(1),
        country: evil(2),
      },
      lines: [{ kind: evil(3), description: evil(4), quantity: 1, unit: evil(5), unitAmountMinor: 100, amountMinor: 100 }],
      adjustments: [{ type: 'discount', description: evil(6), percent: null, amountMinor: 10 }],
      payments: [{ paidAt: '2026-12-02T10:15:00Z', method: evil(7), reference: evil(0), amountMinor: 50, reversed: false }],
      timeZone: 'Europe/Berlin',
    });

    const pdf = await renderer.render(renderInvoiceHtml(doc));
    expectPdf(pdf);
    await sleep(300); // give any stray request time to arrive
    expect(trap.requests).toEqual([]);

    const text = noSpace((await extractPdfText(pdf)).text);
    for (const payload of payloads) expect(text).toContain(noSpace(payload));
  });

  it('the renderer itself blocks network, scripts and navigation in raw HTML (no CSP, no escaping)', async () => {
    const base = `http://127.0.0.1:${trap.port}`;
    const raw = `<!DOCTYPE html><html><head>
      <link rel="stylesheet" href="${base}/raw-css">
      <link rel="prefetch" href="${base}/raw-prefetch">
      <link rel="prefetch" href="http://2130706433:${trap.port}/raw-prefetch-decimal-ip">
      <link rel="preconnect" href="${base}">
      <style>@import url(${base}/raw-import); body { background: url(${base}/raw-bg); }
        @font-face { font-family: x; src: url(${base}/raw-font); } p { font-family: x; }</style>
      <script src="${base}/raw-script"></script>
      <script>fetch('${base}/raw-fetch'); document.title = 'js ran';</script>
      </head><body>
      <p>RAW-SENTINEL</p>
      <img src="${base}/raw-img">
      <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
      <iframe src="${base}/raw-iframe"></iframe>
      <video src="${base}/raw-video"></video>
      <noscript><p>NOSCRIPT-SHOWN</p></noscript>
      </body></html>`;
    // A renderer of its own: its page has never held an invoice, whose CSP would block these first
    // (a reused page keeps the CSPs of the documents it held; they only ever restrict).
    const blockedHere: string[] = [];
    const fresh = new BrowserPdfRenderer({ concurrency: 1, onBlockedRequest: (url) => blockedHere.push(url) });
    let pdf: Buffer;
    try {
      pdf = await fresh.render(raw);
    } finally {
      await fresh.close();
    }
    expectPdf(pdf);
    await sleep(300);
    expect(trap.requests).toEqual([]);
    expect(blockedHere).toEqual(expect.arrayContaining([`${base}/raw-img`, `${base}/raw-css`])); // interception did it
    const text = normalizeSpace((await extractPdfText(pdf)).text);
    expect(text).toContain('RAW-SENTINEL');
    expect(text).toContain('NOSCRIPT-SHOWN'); // JavaScript is off, so <noscript> renders
  });

  it('a meta refresh to another page does not navigate away', async () => {
    const base = `http://127.0.0.1:${trap.port}`;
    const pdf = await renderer.render(
      `<html><head><meta http-equiv="refresh" content="0;url=${base}/nav"></head><body><p>STAYED</p></body></html>`,
    );
    await sleep(1200);
    expect(trap.requests).toEqual([]);
    expect(blocked).toContain(`${base}/nav`);
    expect(normalizeSpace((await extractPdfText(pdf)).text)).toContain('STAYED');
  });
});

describe('pool and recovery', () => {
  const renderer = new BrowserPdfRenderer({ concurrency: 2 });
  afterAll(() => renderer.close());

  it('renders 8 invoices at once with at most 2 pages open', async () => {
    await renderer.render('<p>warm-up</p>');
    const browser = renderer.currentBrowser()!;
    let open = 0;
    let maxOpen = 0;
    const onCreated = (t: { type(): string }) => {
      if (t.type() === 'page') maxOpen = Math.max(maxOpen, ++open);
    };
    const onDestroyed = (t: { type(): string }) => {
      if (t.type() === 'page') open--;
    };
    browser.on('targetcreated', onCreated);
    browser.on('targetdestroyed', onDestroyed);
    try {
      const numbers = Array.from({ length: 8 }, (_, i) => `INV-10000${i}`);
      const pdfs = await Promise.all(
        numbers.map((number) => renderer.render(renderInvoiceHtml(sampleInvoiceDocument({ bill: { number } })))),
      );
      const texts = await extractPdfTexts(pdfs);
      texts.forEach(({ text }, i) => {
        expect(text).toContain(numbers[i]);
        for (const other of numbers.filter((_, j) => j !== i)) expect(text).not.toContain(other);
      });
      expect(maxOpen).toBeGreaterThanOrEqual(1);
      expect(maxOpen).toBeLessThanOrEqual(2);
    } finally {
      browser.off('targetcreated', onCreated);
      browser.off('targetdestroyed', onDestroyed);
    }
  });

  it('relaunches the browser after it was killed', async () => {
    await renderer.render('<p>warm-up</p>');
    const browser = renderer.currentBrowser()!;
    const launches = renderer.launchCount;
    const disconnected = new Promise((resolve) => browser.once('disconnected', resolve));
    browser.process()!.kill('SIGKILL');
    await disconnected;
    expect(renderer.currentBrowser()).toBeUndefined();

    const pdf = await renderer.render(renderInvoiceHtml(sampleInvoiceDocument({ bill: { number: 'INV-AFTER-KILL' } })));
    expectPdf(pdf);
    expect((await extractPdfText(pdf)).text).toContain('INV-AFTER-KILL');
    expect(renderer.launchCount).toBe(launches + 1);
    expect(renderer.currentBrowser()).not.toBe(browser);
  });

  it('renders in flight when the browser dies are retried once on a new browser', async () => {
    // The browser is killed from inside a render: when its page asks for an image (blocked).
    let kills = 0;
    const dying: BrowserPdfRenderer = new BrowserPdfRenderer({
      concurrency: 2,
      onBlockedRequest: () => {
        if (kills++ === 0) dying.currentBrowser()?.process()?.kill('SIGKILL');
      },
    });
    try {
      const html = `<p>IN-FLIGHT</p><img src="http://127.0.0.1:9/x">`;
      const results = await Promise.allSettled([dying.render(html), dying.render('<p>OTHER</p>')]);
      for (const result of results) {
        expect(result).toMatchObject({ status: 'fulfilled' });
        if (result.status === 'fulfilled') expectPdf(result.value);
      }
      expect(kills).toBeGreaterThanOrEqual(2); // the first attempt died, the retry rendered
      expect(dying.retryCount).toBeGreaterThanOrEqual(1);
      expect(dying.launchCount).toBe(2);
      if (results[0].status === 'fulfilled') expect((await extractPdfText(results[0].value)).text).toContain('IN-FLIGHT');
    } finally {
      await dying.close();
    }
  });

  it('a render fails with a clear PdfRenderError when the browser dies twice', async () => {
    const doomed: BrowserPdfRenderer = new BrowserPdfRenderer({
      concurrency: 1,
      onBlockedRequest: () => doomed.currentBrowser()?.process()?.kill('SIGKILL'),
    });
    try {
      const failure = doomed.render('<img src="http://127.0.0.1:9/x">');
      await expect(failure).rejects.toBeInstanceOf(PdfRenderError);
      await expect(failure).rejects.toThrow(/Chromium exited while rendering a PDF \(already retried once\)/);
      expect(doomed.launchCount).toBe(2);
      expectPdf(await doomed.render('<p>fine again</p>')); // and it still recovers afterwards
    } finally {
      await doomed.close();
    }
  });
});

describe('FakePdfRenderer (for API unit tests only)', () => {
  it('returns a small valid PDF with the invoice text', async () => {
    const fake = new FakePdfRenderer();
    const pdf = await fake.render(renderInvoiceHtml(sampleInvoiceDocument({ seller: { name: 'Fake & (Co)' } })));
    expectPdf(pdf);
    expect(fake.rendered).toHaveLength(1);
    const { text, pages } = await extractPdfText(pdf);
    expect(pages).toBe(1);
    const flat = normalizeSpace(text);
    expect(flat).toContain('INV-000001');
    expect(flat).toContain('Fake & (Co)');
    expect(flat).toContain('Total $830.50');
    await fake.close();
    await expect(fake.render('<p>x</p>')).rejects.toThrow(/closed/);
  });
});
