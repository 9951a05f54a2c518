import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRawStream, PDFString, decodePDFRawStream } from '@cantoo/pdf-lib';
import Holidays from 'date-holidays';
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestApp, TestApp } from '../support/app';

const SCRIPT = join(__dirname, '../../scripts/seed-demo.js');

/** Each e-invoice format: its content type and the end of its file name (the API's contract). */
const FORMATS = {
  peppol: { type: 'application/xml; charset=utf-8', suffix: '-peppol.xml' },
  xrechnung_ubl: { type: 'application/xml; charset=utf-8', suffix: '-xrechnung-ubl.xml' },
  xrechnung_cii: { type: 'application/xml; charset=utf-8', suffix: '-xrechnung-cii.xml' },
  facturx: { type: 'application/pdf', suffix: '-facturx.pdf' },
} as const;

/** The factur-x.xml embedded in a Factur-X PDF, read from the catalog's EmbeddedFiles name tree. */
async function facturxXml(pdf: Buffer): Promise<string> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const list = doc.catalog
    .lookup(PDFName.of('Names'), PDFDict)
    .lookup(PDFName.of('EmbeddedFiles'), PDFDict)
    .lookup(PDFName.of('Names'), PDFArray);
  for (let i = 0; i < list.size(); i += 2) {
    if ((list.lookup(i) as PDFString | PDFHexString).decodeText() !== 'factur-x.xml') continue;
    const stream = list
      .lookup(i + 1, PDFDict)
      .lookup(PDFName.of('EF'), PDFDict)
      .lookup(PDFName.of('F'));
    if (stream instanceof PDFRawStream) return Buffer.from(decodePDFRawStream(stream).decode()).toString('utf8');
  }
  throw new Error('no factur-x.xml in the PDF');
}

/** `node scripts/seed-demo.js` as `npm run seed:demo` runs it, against the app over HTTP. */
function runSeed(baseUrl: string, args: string[] = []): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SCRIPT, ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', BASE_URL: baseUrl },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c) => (output += c.toString()));
    child.stderr.on('data', (c) => (output += c.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, output }));
  });
}

describe('npm run seed:demo: a living organization on a fresh install', () => {
  let t: TestApp;
  let admin: string;

  const all = async (path: string) => {
    const items: any[] = [];
    let cursor: string | null = null;
    do {
      const sep = path.includes('?') ? '&' : '?';
      const res = await t.request('GET', `${path}${sep}limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, {
        token: admin,
      });
      expect(res.status).toBe(200);
      items.push(...res.body.items);
      cursor = res.body.nextCursor;
    } while (cursor);
    return items;
  };
  const snapshot = async () => ({
    departments: (await all('/departments')).length,
    plans: (await all('/plans')).length,
    bills: (await all('/bills')).map((b) => `${b.id}:${b.status}:${b.balanceMinor}`).sort(),
    devices: (await all('/devices')).length,
    apiKeys: (await t.request('GET', '/api-keys', { token: admin })).text,
    importProfiles: (await t.request('GET', '/import-profiles', { token: admin })).text,
  });

  beforeAll(async () => {
    // The outbox would render the e-mailed invoice in Chromium: not this test's business.
    t = await startTestApp({ OUTBOX_CRON: '0 0 1 1 *' });
    admin = await t.login();
  });
  afterAll(async () => t?.close());

  it('creates departments, plans of both billing types, usage and bills in every status', async () => {
    const run = await runSeed(t.baseUrl, ['--seed', '7']);
    if (run.code !== 0) throw new Error(`seed:demo exited ${run.code}:\n${run.output}`);
    expect(run.output).toContain(`${t.baseUrl}/`);
    expect(run.output).toMatch(/bills\s+\d+: paid \d+, unpaid \d+/);

    const departments = await all('/departments');
    expect(departments.length).toBeGreaterThanOrEqual(8);
    expect(departments.every((d) => typeof d.externalId === 'string' && d.externalId.length > 0)).toBe(true);

    const plans = await all('/plans');
    expect(new Set(plans.map((p) => p.billingType))).toEqual(new Set(['per_session', 'per_hour']));
    expect(new Set(plans.map((p) => p.currency))).toEqual(new Set(['USD', 'EUR', 'JPY', 'GBP']));
    expect(plans.every((p) => p.activeAssociationsCount > 0)).toBe(true);
    const eur = plans.find((p) => p.name === 'Premium Hourly (EUR)');
    expect(eur).toMatchObject({ billingType: 'per_hour', billingIncrementMinutes: 15, minimumBillableMinutes: 5 });

    const cycles = new Set<string>();
    const zones = new Set<string>();
    for (const p of plans) {
      for (const a of (await t.request('GET', `/plans/${p.id}`, { token: admin })).body.associations) {
        cycles.add(a.billingCycle);
        zones.add(a.timeZone);
      }
    }
    expect(cycles).toEqual(new Set(['weekly', 'monthly', 'quarterly']));
    expect(zones).toEqual(new Set(['Europe/Berlin', 'Europe/Brussels', 'Europe/Paris', 'America/New_York', 'Asia/Tokyo', 'UTC']));

    const sessions = await all('/sessions');
    expect(sessions.length).toBeGreaterThanOrEqual(2000);
    expect(new Set(sessions.map((s) => s.type))).toEqual(new Set(['attended', 'unattended']));
    const devices = await all('/devices');
    expect(devices.length).toBeGreaterThan(10);
    expect(devices.some((d) => d.removedAt)).toBe(true);

    for (const status of ['paid', 'unpaid', 'void', 'overdue']) {
      const bills = await all(`/bills?status=${status}`);
      expect([status, bills.length > 0]).toEqual([status, true]);
    }
    const bills = await all('/bills');
    expect(bills.some((b) => b.status === 'unpaid' && !b.overdue)).toBe(true);
    expect(bills.some((b) => b.status === 'unpaid' && b.paidMinor > 0)).toBe(true);
    // Discounts and charges on issued invoices are credit notes and supplementary invoices; one invoice has both,
    // and the void one was cancelled by a credit note.
    const corrections = await all('/corrections');
    expect(bills.some((b) => b.creditedMinor > 0 && b.supplementaryMinor > 0)).toBe(true);
    expect(corrections.some((c) => c.type === 'credit_note' && c.cause === 'adjustment')).toBe(true);
    expect(corrections.some((c) => c.type === 'credit_note' && c.cause === 'void')).toBe(true);
    expect(corrections.some((c) => c.type === 'supplementary_invoice')).toBe(true);
    expect(corrections.every((c) => /^(CN|INV)-\d{6}$/.test(c.number))).toBe(true);

    // A taxed invoice at once: a complete seller profile with a logo, the VAT rate on the EUR plan, and customers of
    // each treatment, whose bills carry it.
    const org = (await t.request('GET', '/organization', { token: admin })).body;
    expect(org).toMatchObject({ legalName: expect.any(String), vatId: 'DE136695976', iban: expect.stringMatching(/^DE\d{20}$/) });
    expect(org.address).toMatchObject({ country: 'DE' });
    expect(org.logo).toMatchObject({ contentType: 'image/png' });
    const rates = (await t.request('GET', '/tax-rates', { token: admin })).body.items;
    expect(rates).toEqual([expect.objectContaining({ name: 'VAT', ratePercent: 19, categoryCode: 'S' })]);
    expect(eur.taxRateIds).toEqual([rates[0].id]);
    expect(new Set(departments.map((d) => d.taxTreatment))).toEqual(new Set(['standard', 'reverse_charge', 'export', 'exempt']));
    const treatments = new Set(bills.map((b) => b.taxTreatment));
    expect(treatments).toEqual(new Set(['standard', 'reverse_charge', 'export', 'exempt']));
    const taxed = bills.filter((b) => b.taxTreatment === 'standard' && b.netMinor > 0);
    expect(taxed.length).toBeGreaterThan(0);
    // 19 % of each net, rounded half away from zero once (no adjustment splits on one rate).
    for (const b of taxed) expect([b.number, b.taxMinor]).toEqual([b.number, Math.round((b.netMinor * 19) / 100)]);
    expect(bills.filter((b) => b.taxTreatment !== 'standard').every((b) => b.taxMinor === 0)).toBe(true);

    // Drafts to review (two customers review before issue), and a webhook endpoint left disabled.
    const drafts = await all('/bills?status=draft');
    expect(drafts.length).toBeGreaterThanOrEqual(2);
    expect(new Set(drafts.map((b) => b.department.name))).toEqual(new Set(['Retail Stores East', 'London Headquarters']));
    expect(drafts.every((b) => b.number === null && b.reviewUntil !== null)).toBe(true);
    const hooks = (await t.request('GET', '/webhooks', { token: admin })).body.items;
    expect(hooks).toEqual([expect.objectContaining({ url: 'https://hooks.example.com/remote-billing', enabled: false })]);
    const log = (await t.request('GET', `/webhooks/${hooks[0].id}/deliveries`, { token: admin })).body.items;
    expect(log).toEqual([expect.objectContaining({ eventType: 'webhook.test' })]);

    // Payment reminders on a schedule, queued by the billing run for the unpaid bills whose day had come.
    expect(org.reminderSchedule).toEqual([-3, 0, 7, 14]);
    const overdue = bills.filter((b) => b.status === 'unpaid' && b.overdue);
    const reminders = [];
    for (const b of overdue) reminders.push(...(await t.request('GET', `/bills/${b.id}/emails`, { token: admin })).body.items);
    expect(reminders.some((e) => e.kind === 'reminder')).toBe(true);

    let emailed = 0;
    for (const b of bills.filter((x) => x.status === 'unpaid')) {
      emailed += (await t.request('GET', `/bills/${b.id}/emails`, { token: admin })).body.items?.length ?? 0;
    }
    expect(emailed).toBeGreaterThanOrEqual(1);
  });

  it('gives prepaid customers: a retainer whose hours roll over, a block that ran out, overage on their bills', async () => {
    const plans = await all('/plans');
    const prepaid = plans.find((p) => p.retainer !== null);
    expect(prepaid.retainer).toEqual({ included: 14400, feeMinor: 29000, rolloverCap: 21600, rolloverPeriods: 2, overageRateMinor: 8500 });
    const associations = (await t.request('GET', `/plans/${prepaid.id}`, { token: admin })).body.associations;
    const kinds = new Set<string>();
    let rolled = 0;
    let blocks = 0;
    for (const a of associations) {
      const balances = (await t.request('GET', `/associations/${a.id}/balances`, { token: admin })).body;
      blocks += balances.blocks.length;
      const ledger = (await t.request('GET', `/associations/${a.id}/ledger?limit=500`, { token: admin })).body.items;
      for (const e of ledger) kinds.add(`${e.kind}:${e.source}`);
      rolled += ledger.filter((e: { kind: string; source: string }) => e.kind === 'rollover' && e.source === 'rollover').length;
      for (const b of await all(`/bills?departmentId=${a.departmentId}`)) {
        for (const l of (await t.request('GET', `/bills/${b.id}`, { token: admin })).body.lines) kinds.add(`line:${l.kind}`);
      }
    }
    expect(blocks).toBe(1);
    expect(rolled).toBeGreaterThanOrEqual(2);
    expect([...kinds]).toEqual(
      expect.arrayContaining([
        'grant:block',
        'draw:block',
        'draw:retainer',
        'draw:rollover',
        'expiry:rollover',
        'line:retainer',
        'line:prepaid',
        'line:overage',
        'line:block',
      ]),
    );
  });

  it('gives an after-hours plan: bills with lines per class, tiers, a commitment, and a month rated with two versions', async () => {
    const MON_FRI_8_18 = [1, 2, 3, 4, 5].map((day) => ({ day, start: '08:00', end: '18:00' }));
    const DAY = /^\d{4}-\d{2}-\d{2}$/;
    const plan = (await all('/plans')).find((p) => p.name === 'After-hours Support (EUR)');
    expect(plan).toMatchObject({
      currency: 'EUR',
      billingType: 'per_hour',
      billingIncrementMinutes: 15,
      minimumBillableMinutes: 15,
      businessHours: MON_FRI_8_18,
      weekendDays: [6, 7],
      holidayCountry: 'DE',
      holidayRegion: 'BY',
      holidayDates: [expect.stringMatching(DAY)],
      afterHoursMultiplier: '1.5',
      afterHoursRateMinor: null,
      weekendMultiplier: '2',
      weekendRateMinor: null,
      holidayMultiplier: null,
      holidayRateMinor: 18000,
      tierMode: 'graduated',
      unattendedRateMinor: 4500,
      minimumCommitmentMinor: 60000,
      // The dated change: version 2 from a day of last month.
      hourRateMinor: 9500,
      tiers: [
        { upTo: 10, rateMinor: 9500 },
        { upTo: null, rateMinor: 8000 },
      ],
      rateVersion: 2,
      rateEffectiveFrom: expect.stringMatching(DAY),
    });
    const detail = (await t.request('GET', `/plans/${plan.id}`, { token: admin })).body;
    expect(detail.rateVersions.map((v: any) => [v.version, v.effectiveFrom, v.hourRateMinor, v.tiers])).toEqual([
      [
        2,
        plan.rateEffectiveFrom,
        9500,
        [
          { upTo: 10, rateMinor: 9500 },
          { upTo: null, rateMinor: 8000 },
        ],
      ],
      [
        1,
        null,
        9000,
        [
          { upTo: 10, rateMinor: 9000 },
          { upTo: null, rateMinor: 7500 },
        ],
      ],
    ]);
    expect(detail.rateVersions[1]).toMatchObject({ holidayRateMinor: 18000, unattendedRateMinor: 4500, holidayDates: plan.holidayDates });
    const names = ['Praxisklinik Isartal', 'Alpenland Logistik Freising'];
    const departments = (await all('/departments')).filter((d) => names.includes(d.name));
    const customer = (name: string) => departments.find((d) => d.name === name);
    expect(detail.associations.map((a: any) => [a.departmentId, a.timeZone, a.billingCycle]).sort()).toEqual(
      departments.map((d) => [d.id, 'Europe/Berlin', 'monthly']).sort(),
    );

    // Local day, weekday (1 = Monday) and time in Europe/Berlin.
    const berlin = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Berlin',
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
    });
    const local = (instant: string) => {
      const p = Object.fromEntries(berlin.formatToParts(new Date(instant)).map((x) => [x.type, x.value]));
      const weekday = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(p.weekday) + 1;
      return { day: `${p.year}-${p.month}-${p.day}`, weekday, time: `${p.hour}:${p.minute}` };
    };
    const dayLabel = (instant: string) =>
      new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'Europe/Berlin' }).format(
        new Date(instant),
      );
    const publicHolidays = new Set<string>();
    for (let year = new Date().getUTCFullYear() - 1; year <= new Date().getUTCFullYear(); year++) {
      for (const h of new Holidays('DE', 'BY').getHolidays(year)) if (h.type === 'public') publicHolidays.add(h.date.slice(0, 10));
    }

    // Both customers' issued bills: lines of each class, on the bills of both.
    const billsOf = async (departmentId: string) => {
      const out = [];
      for (const b of (await all(`/bills?departmentId=${departmentId}`)).filter((x) => x.number !== null)) {
        out.push((await t.request('GET', `/bills/${b.id}`, { token: admin })).body);
      }
      return out.sort((a, b) => a.periodStart.localeCompare(b.periodStart));
    };
    const clinicBills = await billsOf(customer('Praxisklinik Isartal').id);
    const freightBills = await billsOf(customer('Alpenland Logistik Freising').id);
    expect(clinicBills).toHaveLength(4);
    expect(freightBills).toHaveLength(6);
    for (const [name, bills] of [
      ['clinic', clinicBills],
      ['freight', freightBills],
    ] as const) {
      const descriptions = bills.flatMap((b) => b.lines.map((l: { description: string }) => l.description));
      for (const cls of ['— business hours', '— after hours', '— weekend', '— holiday']) {
        expect([name, cls, descriptions.some((d) => d.includes(cls))]).toEqual([name, cls, true]);
      }
      // The last closed month is rated in two parts (the change is dated inside it), the months before with version 1.
      expect(bills.map((b) => b.rateVersions.map((v: { version: number }) => v.version))).toEqual([
        ...bills.slice(1).map(() => [1]),
        [1, 2],
      ]);
    }

    // The freight customer's call-outs on Bavaria's public holidays (as date-holidays has them): billed on holiday lines.
    const freightSessions = await all(`/sessions?departmentId=${customer('Alpenland Logistik Freising').id}`);
    const onHolidays = freightSessions.filter((s) => publicHolidays.has(local(s.startedAt).day) && local(s.startedAt).time === '10:00');
    const billedOnHolidays = onHolidays.filter((s) => s.billId !== null);
    expect(billedOnHolidays.length).toBeGreaterThan(0);
    for (const s of billedOnHolidays) {
      const bill = freightBills.find((b) => b.id === s.billId);
      expect([local(s.startedAt).day, bill.lines.some((l: { description: string }) => l.description.includes('— holiday'))]).toEqual([
        local(s.startedAt).day,
        true,
      ]);
    }

    // The clinic's last month, by hand from seed-demo.js's CLINIC_MONTHS: its sessions, each on the first day of its kind
    // after the one before (local Europe/Berlin, H:mm and minutes), the dated change between the 6th and the 7th.
    const last = clinicBills[3];
    const [v1, v2] = last.rateVersions;
    expect([v1.from, v1.until, v2.from, v2.until]).toEqual([last.periodStart, v2.from, v1.until, last.periodEnd]);
    expect(local(v2.from)).toMatchObject({ day: plan.rateEffectiveFrom, time: '00:00' });
    const own = plan.holidayDates[0];
    const sessions = (await all(`/sessions?departmentId=${customer('Praxisklinik Isartal').id}`))
      .filter((s) => s.billId === last.id)
      .sort((a, b) => a.startedAt.localeCompare(b.startedAt));
    const kindOf = (s: { startedAt: string }) => {
      const l = local(s.startedAt);
      expect(publicHolidays.has(l.day)).toBe(false);
      return l.day === own ? 'own holiday' : l.weekday === 6 ? 'Saturday' : l.weekday <= 5 ? 'weekday' : 'Sunday';
    };
    expect(
      sessions.map((s) => [s.startedAt < v2.from ? 1 : 2, kindOf(s), local(s.startedAt).time, s.durationSeconds / 60, s.type]),
    ).toEqual([
      [1, 'weekday', '09:00', 180, 'attended'],
      [1, 'weekday', '16:30', 150, 'attended'],
      [1, 'Saturday', '10:00', 90, 'attended'],
      [1, 'own holiday', '10:00', 120, 'attended'],
      [1, 'weekday', '20:00', 45, 'unattended'],
      [1, 'weekday', '07:10', 70, 'attended'],
      [2, 'weekday', '17:00', 150, 'attended'],
      [2, 'Saturday', '09:00', 180, 'attended'],
      [2, 'weekday', '22:00', 40, 'unattended'],
      [2, 'weekday', '09:00', 240, 'attended'],
    ]);
    // Tiers count every class and both types in time order, billable minutes (15-minute increment): 180, 150 (90 business
    // + 60 after hours), 90 weekend, 120 holiday, 45 unattended after hours: 585 min = 9 h 45 min. Then 07:10–08:20
    // bills 75 min: 50 after hours (07:10–08:00; 15 up to 10 h, 35 beyond) and 25 business (20 + the 5 the increment
    // adds, to the class it ends in), 11 h in part 1. Part 2 starts beyond 10 h.
    // Version 1: €90.00/h up to 10 h, then €75.00/h; after hours ×1.5, weekend ×2, holidays €180.00/h, unattended
    // €45.00/h (×1.5 after hours). Version 2: €95.00/h, then €80.00/h.
    const p1 = `From ${dayLabel(v1.from)}: Session hours`;
    const p2 = `From ${dayLabel(v2.from)}: Session hours`;
    expect(last.lines.map((l: { description: string; amountMinor: number }) => [l.description, l.amountMinor])).toEqual([
      [`${p1} — business hours, 0–10 h at €90.00/h: 4 h 30 min`, 40500], // 4.5 h × €90
      [`${p1} — business hours, over 10 h at €75.00/h: 25 min`, 3125], // 25/60 h × €75 = €31.25
      [`${p1} — after hours (×1.5), 0–10 h at €90.00/h: 1 h 15 min`, 16875], // 1.25 h × €135
      [`${p1} — after hours (×1.5), over 10 h at €75.00/h: 35 min`, 6563], // 35/60 h × €112.50 = €65.625, half up
      [`${p1} — after hours (×1.5), unattended at €45.00/h: 45 min`, 5063], // 0.75 h × €67.50 = €50.625
      [`${p1} — weekend (×2), 0–10 h at €90.00/h: 1 h 30 min`, 27000], // 1.5 h × €180
      [`${p1} — holiday (€180.00/h): 2 h 0 min`, 36000], // 2 h × €180
      [`${p2} — business hours, over 10 h at €80.00/h: 5 h 0 min`, 40000], // (60 + 240 min) × €80
      [`${p2} — after hours (×1.5), over 10 h at €80.00/h: 1 h 30 min`, 18000], // 18:00–19:30, 1.5 h × €120
      [`${p2} — after hours (×1.5), unattended at €45.00/h: 45 min`, 5063], // 40 min bill as 45, × €67.50
      [`${p2} — weekend (×2), over 10 h at €80.00/h: 3 h 0 min`, 48000], // 3 h × €160
    ]);
    // €1,351.26 + €1,110.63, above the €600.00 commitment (no top-up); 19 % VAT.
    expect(last.subtotalMinor).toBe(246189);
    expect(last.taxMinor).toBe(46776); // €467.7591
    // The quiet month before: 2 h × €90 = €180.00, topped up to the €600.00 commitment.
    expect(clinicBills[2].lines.map((l: { description: string; amountMinor: number }) => [l.description, l.amountMinor])).toEqual([
      ['Session hours — business hours, 0–10 h at €90.00/h: 2 h 0 min', 18000],
      ['Minimum commitment (€600.00 a period): top-up', 42000],
    ]);
    expect(clinicBills[2].subtotalMinor).toBe(60000);
  });

  it('gives a customer of each e-invoice format whose invoices and credit notes all download', async () => {
    const download = async (path: string) => {
      const res = await fetch(`${t.api}${path}`, { headers: { authorization: `Bearer ${admin}` } });
      const bytes = Buffer.from(await res.arrayBuffer());
      return { status: res.status, type: res.headers.get('content-type'), disposition: res.headers.get('content-disposition'), bytes };
    };
    /**
     * The document's XML: the body itself, or the factur-x.xml inside the PDF. EINVOICE_OUT=<dir> also writes each one
     * there (`<number>.<format>.xml`), to run the official validators on the demo's documents outside the project.
     */
    const xmlOf = async (format: keyof typeof FORMATS, bytes: Buffer, number?: string) => {
      const xml =
        format === 'facturx'
          ? (expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-'), await facturxXml(bytes))
          : bytes.toString('utf8');
      if (process.env.EINVOICE_OUT && number) {
        mkdirSync(process.env.EINVOICE_OUT, { recursive: true });
        writeFileSync(join(process.env.EINVOICE_OUT, `${number}.${format}.xml`), xml);
        if (format === 'facturx') writeFileSync(join(process.env.EINVOICE_OUT, `${number}.facturx.pdf`), bytes);
      }
      return xml;
    };
    const org = (await t.request('GET', '/organization', { token: admin })).body;
    expect(org).toMatchObject({ electronicAddress: { scheme: '9930', id: 'DE136695976' }, phone: expect.any(String) });
    expect(org.contactEmail).toEqual(expect.any(String));

    const departments = await all('/departments');
    const bills = await all('/bills');
    const corrections = await all('/corrections');
    // Most customers still get the PDF alone.
    const plain = departments.filter((d) => d.einvoiceFormat === 'none');
    expect(plain.length).toBeGreaterThanOrEqual(8);
    const plainBill = bills.find((b) => b.department.id === plain[0].id && b.number !== null);
    expect(await t.request('GET', `/bills/${plainBill.id}/einvoice/problems`, { token: admin })).toMatchObject({
      status: 200,
      body: { format: null, problems: [] },
    });

    for (const format of Object.keys(FORMATS) as (keyof typeof FORMATS)[]) {
      const customers = departments.filter((d) => d.einvoiceFormat === format);
      expect([format, customers.length]).toEqual([format, 1]);
      const d = customers[0];
      expect([format, d.electronicAddress]).toEqual([format, { scheme: expect.any(String), id: expect.any(String) }]);
      const issued = bills.filter((b) => b.department.id === d.id && b.number !== null);
      expect([format, issued.length > 0]).toEqual([format, true]);
      expect(issued.every((b) => b.einvoiceFormat === format)).toBe(true);
      // Nothing keeps any of its invoices from being one, and every one downloads.
      for (const b of issued) {
        const problems = await t.request('GET', `/bills/${b.id}/einvoice/problems`, { token: admin });
        expect([b.number, problems.status, problems.body]).toEqual([b.number, 200, { format, problems: [] }]);
        const res = await download(`/bills/${b.id}/einvoice`);
        expect([b.number, res.status, res.type]).toEqual([b.number, 200, FORMATS[format].type]);
        expect(res.disposition).toBe(`attachment; filename="${b.number}${FORMATS[format].suffix}"`);
        const xml = await xmlOf(format, res.bytes, b.number);
        expect(xml).toContain(`>${b.number}</`);
        if (format === 'peppol') expect(xml).toContain('mimeCode="text/csv"'); // the session statement (BG-24)
        if (format.startsWith('xrechnung')) expect(xml).toContain(`>${d.electronicAddress.id}</`); // the Leitweg-ID
      }
      // Its credit notes (a service credit on an invoice; a void's too, when the demo voided one of its bills).
      const notes = corrections.filter((c) => c.type === 'credit_note' && issued.some((b) => b.id === c.billId));
      expect([format, notes.some((c) => c.cause === 'adjustment')]).toEqual([format, true]);
      for (const c of [...notes, ...corrections.filter((x) => x.type !== 'credit_note' && issued.some((b) => b.id === x.billId))]) {
        const res = await download(c.type === 'credit_note' ? `/credit-notes/${c.id}/einvoice` : `/corrections/${c.id}/einvoice`);
        expect([c.number, res.status, res.type]).toEqual([c.number, 200, FORMATS[format].type]);
        const xml = await xmlOf(format, res.bytes, c.number);
        expect(xml).toContain(`>${c.number}</`);
        // The preceding invoice (BG-3): UBL's InvoiceDocumentReference, CII's InvoiceReferencedDocument.
        expect(xml).toMatch(
          format === 'peppol' || format === 'xrechnung_ubl'
            ? new RegExp(`<cac:InvoiceDocumentReference>\\s*<cbc:ID>${c.billNumber}</cbc:ID>`)
            : new RegExp(`<ram:InvoiceReferencedDocument><ram:IssuerAssignedID>${c.billNumber}</ram:IssuerAssignedID>`),
        );
        if (c.type === 'credit_note')
          expect(xml).toMatch(format === 'peppol' || format === 'xrechnung_ubl' ? /<(\w+:)?CreditNote[\s>]/ : />381</);
      }
    }
  });

  it('gives an import profile per preset, a TeamViewer and a ScreenConnect report imported, and a customer key held', async () => {
    const get = async (path: string) => {
      const res = await t.request('GET', path, { token: admin });
      expect([path, res.status]).toEqual([path, 200]);
      return res.body;
    };
    const presets = await get('/import-presets');
    expect(presets.map((p: { name: string }) => p.name).sort()).toEqual([
      'anydesk',
      'beyondtrust',
      'screenconnect',
      'splashtop',
      'teamviewer',
      'zoho_assist',
    ]);
    const profiles = await get('/import-profiles');
    expect(profiles.map((p: any) => [p.preset, p.name, p.idPrefix]).sort()).toEqual([
      ['anydesk', 'AnyDesk sessions', 'anydesk'],
      ['beyondtrust', 'BeyondTrust support sessions', 'beyondtrust'],
      ['screenconnect', 'ScreenConnect connection reports', 'screenconnect'],
      ['splashtop', 'Splashtop session logs', 'splashtop'],
      ['teamviewer', 'TeamViewer connection reports', 'teamviewer'],
      ['zoho_assist', 'Zoho Assist session reports', 'zoho-assist'],
    ]);
    // Each one with its preset's settings as they are.
    for (const p of profiles) {
      expect([p.preset, p.settings]).toEqual([p.preset, presets.find((x: { name: string }) => x.name === p.preset).settings]);
    }
    const profile = (preset: string) => profiles.find((p: { preset: string }) => p.preset === preset);
    const departments = await all('/departments');
    const id = (name: string) => departments.find((d) => d.name === name).id;

    // TeamViewer: the group names are the departments' names (mapped on the import); "Bäckerei Hofmann" is no
    // customer yet: its one row is held. ScreenConnect: Finance & Accounting by its external id, "ACME-TYO" mapped by
    // hand to Tokyo Office (its held rows imported then).
    expect(await get(`/import-profiles/${profile('teamviewer').id}/customer-keys`)).toEqual([
      { customerKey: 'Bäckerei Hofmann', departmentId: null, heldRows: 1 },
      { customerKey: 'Engineering Berlin', departmentId: id('Engineering Berlin'), heldRows: 0 },
      { customerKey: 'Warehouse & Logistics', departmentId: id('Warehouse & Logistics'), heldRows: 0 },
    ]);
    expect(await get(`/import-profiles/${profile('screenconnect').id}/customer-keys`)).toEqual([
      { customerKey: 'ACME-TYO', departmentId: id('Tokyo Office'), heldRows: 0 },
      { customerKey: 'acme-fin-001', departmentId: id('Finance & Accounting'), heldRows: 0 },
    ]);
    // Six TeamViewer rows: two connections merged into one session, one of 40 s refused (the preset's minimum is
    // 60 s), one held. Three ScreenConnect rows: one imported, two held until their key was mapped.
    const [teamviewerRun, ...moreTeamviewer] = await get(`/import-profiles/${profile('teamviewer').id}/runs`);
    expect(moreTeamviewer).toEqual([]);
    expect(teamviewerRun).toMatchObject({
      dryRun: false,
      rows: 6,
      accepted: 3,
      merged: 1,
      duplicates: 0,
      held: 1,
      refused: 1,
      sessions: 3,
    });
    expect(teamviewerRun.refusals).toEqual([expect.objectContaining({ row: 4, reason: expect.stringContaining('shorter than 60 s') })]);
    const [screenconnectRun, ...moreScreenconnect] = await get(`/import-profiles/${profile('screenconnect').id}/runs`);
    expect(moreScreenconnect).toEqual([]);
    expect(screenconnectRun).toMatchObject({
      dryRun: false,
      rows: 3,
      accepted: 1,
      merged: 0,
      duplicates: 0,
      held: 2,
      refused: 0,
      sessions: 1,
    });
    for (const preset of ['zoho_assist', 'splashtop', 'beyondtrust', 'anydesk']) {
      expect([preset, await get(`/import-profiles/${profile(preset).id}/customer-keys`)]).toEqual([preset, []]);
      expect([preset, await get(`/import-profiles/${profile(preset).id}/runs`)]).toEqual([preset, []]);
    }

    // The sessions, by their external ids' prefix: durations by hand from seed-demo.js's importReports (UTC times),
    // all of the last week and ended a day ago or more.
    const sessions = await all('/sessions');
    const time = (instant: string) => instant.slice(11, 19);
    const imported = (prefix: string, name: string) =>
      sessions
        .filter((s) => s.externalId.startsWith(prefix) && s.departmentId === id(name))
        .sort((a, b) => a.startedAt.localeCompare(b.startedAt))
        .map((s) => [time(s.startedAt), time(s.endedAt), s.durationSeconds, s.type, s.technician]);
    expect(imported('teamviewer:', 'Engineering Berlin')).toEqual([
      ['08:30:00', '09:12:30', 42 * 60 + 30, 'attended', 'Laura Schmidt'], // 2 550 s
      // 13:00:00–13:25:00 and 13:28:00–13:51:20: one session, the 3-minute break billed (25 + 3 + 23 min 20 s).
      ['13:00:00', '13:51:20', 51 * 60 + 20, 'attended', 'Laura Schmidt'], // 3 080 s
    ]);
    expect(imported('teamviewer:', 'Warehouse & Logistics')).toEqual([
      ['14:10:00', '15:05:15', 55 * 60 + 15, 'attended', 'Gustav Lindqvist'], // 3 315 s; the 40-second one refused
    ]);
    expect(imported('screenconnect:', 'Tokyo Office')).toEqual([
      ['01:00:00', '01:36:40', 36 * 60 + 40, 'attended', 'Kenji Yamamoto'], // 2 200 s
      ['15:00:00', '15:20:30', 20 * 60 + 30, 'unattended', 'Hana Sato'], // 1 230 s, an Access session
    ]);
    expect(imported('screenconnect:', 'Finance & Accounting')).toEqual([
      ['14:00:00', '14:27:05', 27 * 60 + 5, 'attended', 'Alice Martin'], // 1 625 s
    ]);
    const importedSessions = sessions.filter((s) => /^(teamviewer|screenconnect):/.test(s.externalId));
    expect(importedSessions).toHaveLength(6);
    expect(importedSessions.find((s) => s.durationSeconds === 3080).externalId).toBe('teamviewer:5e0d7a1c-3b9f-4c2e-8a6d-4f1b2c3d0002');
    const now = Date.now();
    for (const s of importedSessions) {
      expect([s.externalId, Date.parse(s.startedAt) > now - 8 * 24 * 3600 * 1000, Date.parse(s.endedAt) < now - 24 * 3600 * 1000]).toEqual([
        s.externalId,
        true,
        true,
      ]);
      expect([s.externalId, s.covered]).toEqual([s.externalId, true]);
    }
  });

  it('refuses a second run without --force, and creates nothing', async () => {
    const before = await snapshot();
    const run = await runSeed(t.baseUrl);
    expect(run.code).not.toBe(0);
    expect(run.output).toContain('already has billing plans');
    expect(run.output).toContain('--force');
    expect(await snapshot()).toEqual(before);
  });
});
