'use strict';
/**
 * pdf: 500 invoices rendered to PDF through the invoicing library's BrowserPdfRenderer (what the API uses,
 * with the API's default PDF_CONCURRENCY = 2), against a bare puppeteer loop over the same HTML with the same
 * concurrency: one browser (same executable, same environment, the same basic flags), `concurrency` workers,
 * each with its own page, doing setContent + pdf (A4, backgrounds) in a loop.
 *
 * The documents come from a seeded generator (bill number, department, address, 1–12 lines, adjustments,
 * payments vary), and are turned into HTML by renderInvoiceHtml before either clock starts; both sides
 * render the same strings in the same order. Each side launches its browser and renders `concurrency`
 * warm-up PDFs before its clock starts (browser launch is reported separately, not timed).
 *
 * Then the e-invoice path (issue #16): the same HTML rendered by the same renderer, and each document's e-invoice
 * generated as the API does for a customer who gets one: the formats in turn (Factur-X: the CII XML built from the
 * document and embedded in that PDF as PDF/A-3; Peppol UBL; XRechnung UBL; XRechnung CII). The documents are the same ones taxed at 19 %
 * with a German seller and electronic addresses (what the formats need). Target: at most 20 % slower than the
 * renderer alone (`einvoiceOverhead` ≤ 0.2). The two renderer passes run back to back, in alternating quarters, so a
 * neighbour's load on this shared machine weighs on both alike.
 *
 * The renderer runs in the benchmark process here (no API, no Postgres): peakRssMb is the benchmark
 * process's (Node) peak; chromiumPeakRssMb is the summed VmRSS of the browser and its child processes
 * (shared pages counted once per process, so an upper bound).
 */
const { join } = require('node:path');
const { sampleRss } = require('./lib/rss');
const { prng } = require('./lib/data');
const { sampleTree } = require('./lib/proctree');

const ROOT = join(__dirname, '..');
/** The API's default (apps/api/src/config/app-config.ts PDF_CONCURRENCY). */
const CONCURRENCY = 2;
const BARE_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const SEED = 0x00bd_f00d;

function loadInvoicing() {
  require(join(ROOT, 'test/support/register-ts'));
  return require(join(ROOT, 'libs/invoicing/src'));
}

const round = (x, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

/** count invoice documents, deterministic. */
function documents(inv, count, seed = SEED) {
  const next = prng(seed);
  const pick = (n) => next() % n;
  const cities = [
    ['Springfield', 'OR', 'United States'],
    ['Berlin', null, 'Germany'],
    ['Lyon', null, 'France'],
    ['Osaka', null, 'Japan'],
    ['Leeds', null, 'United Kingdom'],
  ];
  const zones = ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Tokyo'];
  /** @type {Array<[kind: string, description: string, unit: string, unitAmountMinor: number]>} */
  const kinds = [
    ['sessions', 'Remote sessions', 'session', 1250],
    ['hours', 'Remote support hours', 'hour', 6000],
    ['devices', 'Unattended devices', 'device', 300],
    ['late_usage', 'Late usage from last month', 'hour', 6000],
  ];
  const out = [];
  for (let i = 0; i < count; i++) {
    const nLines = 1 + pick(12);
    const lines = [];
    for (let l = 0; l < nLines; l++) {
      const [kind, description, unit, rate] = kinds[pick(kinds.length)];
      const quantity = kind === 'hours' || kind === 'late_usage' ? pick(4000) / 4 / 10 : pick(300);
      lines.push({
        kind,
        description: `${description} (${l + 1})`,
        quantity,
        unit,
        unitAmountMinor: rate,
        amountMinor: Math.round(quantity * rate),
      });
    }
    const subtotalMinor = lines.reduce((s, x) => s + x.amountMinor, 0);
    const adjustments = [];
    if (pick(3) === 0)
      adjustments.push({ type: 'discount', description: 'Loyalty discount', percent: 10, amountMinor: Math.round(subtotalMinor / 10) });
    if (pick(4) === 0) adjustments.push({ type: 'charge', description: 'Weekend call-out', percent: null, amountMinor: 2500 });
    const adjustmentsMinor = adjustments.reduce((s, a) => s + (a.type === 'discount' ? -a.amountMinor : a.amountMinor), 0);
    const totalMinor = subtotalMinor + adjustmentsMinor;
    const payments =
      pick(3) === 0
        ? [
            {
              paidAt: '2026-02-03T10:15:00.000Z',
              method: 'bank transfer',
              reference: `TRX-${pick(100000)}`,
              amountMinor: Math.floor(totalMinor / 2),
              reversed: false,
            },
          ]
        : [];
    const paidMinor = payments.reduce((s, p) => s + p.amountMinor, 0);
    const [city, region, country] = cities[pick(cities.length)];
    const dep = String(1 + pick(10000)).padStart(6, '0');
    out.push(
      inv.sampleInvoiceDocument({
        bill: {
          number: `INV-${String(i + 1).padStart(6, '0')}`,
          status: totalMinor - paidMinor > 0 ? 'unpaid' : 'paid',
          periodStart: '2026-01-01T00:00:00.000Z',
          periodEnd: '2026-02-01T00:00:00.000Z',
          issueDate: '2026-01-31',
          dueDate: '2026-02-10',
        },
        department: { name: `Department ${dep}` },
        plan: { name: `Bench plan ${String(1 + pick(100)).padStart(3, '0')}` },
        billingAddress: {
          name: `Department ${dep}`,
          line1: `${1 + pick(999)} Main Street`,
          line2: pick(2) ? null : `Floor ${1 + pick(30)}`,
          city,
          region,
          postalCode: String(10000 + pick(89999)),
          country,
        },
        lines,
        adjustments,
        payments,
        totals: { subtotalMinor, adjustmentsMinor, totalMinor, paidMinor, balanceMinor: totalMinor - paidMinor },
        timeZone: zones[pick(zones.length)],
      }),
    );
  }
  return out;
}

/** The document taxed at 19 % (one S group on its net) with a German seller and both electronic addresses. */
function einvoiceDocument(doc) {
  const net = doc.totals.totalMinor;
  const tax = Math.round((net * 19) / 100);
  return {
    ...doc,
    seller: {
      ...doc.seller,
      name: 'Muster IT',
      legalName: 'Muster IT-Service GmbH',
      address: { line1: 'Hauptstraße 5', line2: null, postalCode: '10115', city: 'Berlin', region: null, country: 'DE' },
      vatId: 'DE136695976',
      phone: '+49 30 1234567',
      contactEmail: 'rechnung@muster.example',
      iban: 'DE89370400440532013000',
      electronicAddress: { scheme: '9930', id: 'DE136695976' },
    },
    buyer: { ...doc.buyer, buyerReference: '04011000-1234512345-06', electronicAddress: { scheme: '0088', id: '4000001123452' } },
    billingAddress: { ...doc.billingAddress, country: 'DE' },
    taxTreatment: 'standard',
    taxes: [{ name: 'VAT', categoryCode: 'S', ratePercent: 19, baseMinor: net, amountMinor: tax, exemptionReason: null }],
    totals: { ...doc.totals, netMinor: net, taxMinor: tax, totalMinor: net + tax, paidMinor: 0, balanceMinor: net + tax },
  };
}

/** Renders every html with `render`, `concurrency` at a time, in order; returns { seconds, bytes }. */
async function renderAll(htmls, concurrency, render) {
  let next = 0;
  let bytes = 0;
  const t = process.hrtime.bigint();
  const worker = async (w) => {
    for (;;) {
      const i = next++;
      if (i >= htmls.length) return;
      const pdf = await render(htmls[i], w, i);
      if (!pdf || pdf.length < 1000 || Buffer.from(pdf.subarray(0, 5)).toString('latin1') !== '%PDF-')
        throw new Error(`render ${i} did not give a PDF`);
      bytes += pdf.length;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, w) => worker(w)));
  return { seconds: Number(process.hrtime.bigint() - t) / 1e9, bytes };
}

/** Runs fn sampling this process's RSS, and the browser tree's RSS and CPU (renderers of recycled pages included). */
async function measured(getBrowserPid, fn) {
  const self = sampleRss(() => process.pid);
  const browserPid = getBrowserPid();
  const chromium = sampleTree(() => browserPid);
  const selfBefore = process.cpuUsage();
  let value;
  try {
    value = await fn();
  } finally {
    const c = chromium.stop();
    const u = process.cpuUsage(selfBefore);
    value = {
      ...value,
      peakRssMb: self.stop(),
      chromiumPeakRssMb: c.peakRssMb,
      cpuSeconds: { benchSec: round((u.user + u.system) / 1e6, 1), chromiumSec: c.cpuSec },
    };
  }
  return value;
}

/** @param {import('./lib/context').RunArgs} args */
async function run({ quick, ctx }) {
  const log = ctx?.log ?? console.log;
  const count = quick ? 50 : 500;
  const concurrency = CONCURRENCY;
  const inv = loadInvoicing();
  const docs = documents(inv, count);
  const htmls = docs.map((d) => inv.renderInvoiceHtml(d));
  const warm = htmls.slice(0, concurrency);
  const htmlKb = htmls.reduce((s, h) => s + h.length, 0) / 1024 / count;
  const lines = docs.reduce((s, d) => s + d.lines.length, 0) / count;
  const installation = await inv.resolveChromium(process.env);
  log(
    `  ${count} documents (avg ${lines.toFixed(1)} lines, ${htmlKb.toFixed(1)} KB HTML), Chromium ${installation.executablePath} (${installation.source}), concurrency ${concurrency}`,
  );

  // 1. The library's renderer (in this process).
  const renderer = new inv.BrowserPdfRenderer({ concurrency });
  let rendererResult;
  let rendererLaunchSeconds;
  try {
    const t = Date.now();
    await Promise.all(warm.map((h) => renderer.render(h)));
    rendererLaunchSeconds = (Date.now() - t) / 1000;
    rendererResult = await measured(
      () => renderer.currentBrowser()?.process()?.pid ?? null,
      () => renderAll(htmls, concurrency, (h) => renderer.render(h)),
    );
    if (renderer.launchCount !== 1 || renderer.retryCount !== 0)
      throw new Error(`the renderer relaunched Chromium (${renderer.launchCount} launches, ${renderer.retryCount} retries)`);
  } finally {
    await renderer.close();
  }
  const pdfsPerSec = count / rendererResult.seconds;
  log(
    `  renderer: ${count} PDFs in ${rendererResult.seconds.toFixed(1)} s = ${pdfsPerSec.toFixed(2)}/s (launch + ${concurrency} warm-up ${rendererLaunchSeconds.toFixed(1)} s)`,
  );

  // 1b. The e-invoice path against the PDF path, same renderer, alternating quarters.
  const edocs = docs.map(einvoiceDocument);
  const pdfOnly = (h) => renderer2.render(h);
  const formats = ['facturx', 'peppol', 'xrechnung_ubl', 'xrechnung_cii'];
  /** @type {Record<string, number>} time inside generateEInvoice per format (ms, both timed halves and the warm-up) */
  const generateMs = Object.fromEntries(formats.map((f) => [f, 0]));
  const withEInvoice = async (h, w, i) => {
    const pdf = await renderer2.render(h);
    const format = formats[i % formats.length];
    const t = process.hrtime.bigint();
    const e = await inv.generateEInvoice(edocs[i], format, pdf);
    generateMs[format] += Number(process.hrtime.bigint() - t) / 1e6;
    if (e.bytes.length < 1000) throw new Error(`e-invoice ${i} (${format}) is too short`);
    return format === 'facturx' ? e.bytes : pdf;
  };
  const renderer2 = new inv.BrowserPdfRenderer({ concurrency });
  // Quarters, each rendered both ways, in the order A B B A for the first pair and B A A B for the second.
  const quarter = Math.ceil(count / 4);
  const parts = [0, 1, 2, 3].map((q) => [q * quarter, Math.min(count, (q + 1) * quarter)]);
  const time = { pdf: 0, einvoice: 0 };
  try {
    await Promise.all(warm.map((h) => renderer2.render(h)));
    for (let i = 0; i < formats.length; i++) await withEInvoice(htmls[i], 0, i); // each format's schema compiled once, as at the API's first
    /** @type {Array<['pdf' | 'einvoice', number]>} */
    const order = [
      ['pdf', 0],
      ['einvoice', 0],
      ['einvoice', 1],
      ['pdf', 1],
      ['einvoice', 2],
      ['pdf', 2],
      ['pdf', 3],
      ['einvoice', 3],
    ];
    for (const [path, part] of order) {
      const [from, to] = parts[part];
      const slice = htmls.slice(from, to);
      const r = await renderAll(slice, concurrency, (h, w, i) => (path === 'pdf' ? pdfOnly(h) : withEInvoice(h, w, from + i)));
      time[path] += r.seconds;
    }
  } finally {
    await renderer2.close();
  }
  const einvoiceOverhead = round(time.einvoice / time.pdf - 1, 3);
  const perFormat = Object.fromEntries(formats.map((f) => [f, round(generateMs[f] / (count / formats.length), 2)]));
  log(`  generateEInvoice, ms per document: ${JSON.stringify(perFormat)}`);
  log(
    `  e-invoice path: ${count} PDFs + their e-invoices (${formats.join(', ')} in turn) in ${time.einvoice.toFixed(1)} s against ${time.pdf.toFixed(1)} s for the PDFs alone: +${(einvoiceOverhead * 100).toFixed(1)} %`,
  );

  // 2. The bare loop: same executable, environment and HTML; concurrency workers with a page each.
  const puppeteer = require('puppeteer-core');
  const { mkdtempSync, rmSync } = require('node:fs');
  const userDataDir = mkdtempSync(join(require('node:os').tmpdir(), 'bench-pdf-chromium-'));
  let baseline;
  let baselineLaunchSeconds;
  const t = Date.now();
  const browser = await puppeteer.launch({
    executablePath: installation.executablePath,
    headless: 'shell',
    pipe: true,
    userDataDir,
    args: BARE_FLAGS,
    env: { ...process.env, ...installation.env },
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
  try {
    const pages = await Promise.all(Array.from({ length: concurrency }, () => browser.newPage()));
    const render = async (html, w) => {
      await pages[w].setContent(html, { waitUntil: 'load' });
      return pages[w].pdf({ format: 'A4', printBackground: true });
    };
    await Promise.all(warm.map((h, w) => render(h, w)));
    baselineLaunchSeconds = (Date.now() - t) / 1000;
    baseline = await measured(
      () => browser.process()?.pid ?? null,
      () => renderAll(htmls, concurrency, render),
    );
  } finally {
    await browser.close().catch(() => browser.process()?.kill('SIGKILL'));
    rmSync(userDataDir, { recursive: true, force: true });
  }
  const baselinePdfsPerSec = count / baseline.seconds;
  log(
    `  bare loop: ${count} PDFs in ${baseline.seconds.toFixed(1)} s = ${baselinePdfsPerSec.toFixed(2)}/s (launch + warm-up ${baselineLaunchSeconds.toFixed(1)} s)`,
  );

  const ratio = round(pdfsPerSec / baselinePdfsPerSec, 3);
  return {
    pdfsPerSec: round(pdfsPerSec),
    baselinePdfsPerSec: round(baselinePdfsPerSec),
    ratio,
    seconds: round(rendererResult.seconds),
    baselineSeconds: round(baseline.seconds),
    concurrency,
    avgPdfKb: round(rendererResult.bytes / 1024 / count, 1),
    avgLines: round(lines, 1),
    peakRssMb: rendererResult.peakRssMb,
    peakRssOf: 'the benchmark process (the renderer runs in-process: no API here)',
    chromiumPeakRssMb: rendererResult.chromiumPeakRssMb,
    baselinePeakRssMb: baseline.peakRssMb,
    baselineChromiumPeakRssMb: baseline.chromiumPeakRssMb,
    cpuSeconds: rendererResult.cpuSeconds,
    baselineCpuSeconds: baseline.cpuSeconds,
    chromium: installation.source,
    size: { pdfs: count, concurrency },
    einvoice: {
      seconds: round(time.einvoice),
      pdfSeconds: round(time.pdf),
      overhead: einvoiceOverhead,
      generateMsPerDocument: perFormat,
      what: 'render + the e-invoice of each document (facturx, peppol, xrechnung_ubl, xrechnung_cii in turn), against render alone, same renderer',
      target: '≤ +20 %',
      met: einvoiceOverhead <= 0.2,
    },
    target: '≥ 0.9× the bare loop; e-invoice path ≤ +20 %',
    met: ratio >= 0.9 && einvoiceOverhead <= 0.2,
  };
}

module.exports = { run, documents, loadInvoicing, CONCURRENCY };
