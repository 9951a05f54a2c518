#!/usr/bin/env node
'use strict';
/**
 * npm run seed:demo: fills a fresh install with a realistic organization, through the REST API only
 * (so it works against `npm start`): the seller profile (a German MSP: legal identity, VAT ID, bank details,
 * logo, electronic address) and its VAT rate, departments with their tax data (a domestic customer, an Austrian
 * business customer under reverse charge, customers outside the EU under export, one exempt), customers who take
 * e-invoices (one per format: Peppol BIS 3.0, XRechnung 3.0 UBL and CII, Factur-X, each with issued invoices and a
 * credit note), plans of each billing type and several currencies with customers associated, a few months of sessions
 * and devices, a billing run, and bills in every status. One plan has rate rules (issue #18): business hours, Bavaria's
 * public holidays and one of the organization's own, after-hours, weekend and holiday rates, graduated tiers, an
 * unattended rate, a minimum commitment, and a dated rate change inside the last closed month (its bills show both
 * versions). Session imports (issue #19): an import profile per preset, a TeamViewer and a ScreenConnect report of the
 * last days imported through theirs (customer keys mapped by name, by external id and by hand), one row left held.
 *
 *   node scripts/seed-demo.js [--seed N] [--force]
 *
 * Environment: BASE_URL (default http://localhost:3000), ADMIN_EMAIL / ADMIN_PASSWORD (defaults
 * admin@example.com / change-me-now). The same --seed gives the same data (relative to today's date).
 * Refuses to run when the organization already has plans, unless --force.
 */

const USAGE = `Usage: node scripts/seed-demo.js [--seed N] [--force]

Fills a fresh Remote Billing install with demo data through its API.
  --seed N   seed of the data generator (default 42): the same seed gives the same data
  --force    run even though the organization already has plans
Environment: BASE_URL (default http://localhost:3000), ADMIN_EMAIL, ADMIN_PASSWORD`;

const { deflateSync } = require('node:zlib');

const DAY = 24 * 3600 * 1000;
const MINUTE = 60 * 1000;

// ---------------------------------------------------------------------------------------------- options

function parseArgs(argv) {
  const opts = { seed: 42, force: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--force') opts.force = true;
    else if (a === '--help' || a === '-h') opts.help = true;
    else if (a === '--seed' || a.startsWith('--seed=')) {
      const v = a === '--seed' ? argv[++i] : a.slice('--seed='.length);
      if (v === undefined || !/^\d+$/.test(v))
        throw new UsageError(`--seed needs a non-negative integer, got ${v === undefined ? 'nothing' : JSON.stringify(v)}`);
      opts.seed = Number(v);
    } else throw new UsageError(`Unknown argument ${JSON.stringify(a)}`);
  }
  return opts;
}

class UsageError extends Error {}

// ---------------------------------------------------------------------------------------------- HTTP

class ApiError extends Error {
  constructor(method, path, status, text) {
    let body = text;
    try {
      body = JSON.stringify(JSON.parse(text), null, 2);
    } catch {
      // not JSON: show it as it came
    }
    super(`${method} ${path} failed with HTTP ${status}:\n${body}`);
    this.status = status;
  }
}

function client(baseUrl) {
  const api = `${baseUrl}/api/v1`;
  /** `raw`: bytes sent as they are, with their `contentType` (the logo upload); else `body` as JSON. */
  return async function request(method, path, { token, body, raw, contentType } = {}) {
    const headers = { accept: 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    if (raw !== undefined) headers['content-type'] = contentType;
    else if (body !== undefined) headers['content-type'] = 'application/json';
    let res;
    try {
      const payload = raw !== undefined ? raw : body === undefined ? undefined : JSON.stringify(body);
      res = await fetch(`${api}${path}`, { method, headers, body: payload });
    } catch (err) {
      const cause = err && err.cause ? ` (${err.cause.code || err.cause.message})` : '';
      throw new Error(`Could not reach ${baseUrl}${cause}: is the app running (npm start)? Set BASE_URL if it listens elsewhere.`);
    }
    const text = await res.text();
    if (!res.ok) throw new ApiError(method, `/api/v1${path}`, res.status, text);
    return text ? JSON.parse(text) : null;
  };
}

/** Runs fn over items, at most `n` at a time (the API is fast in parallel; order of results kept). */
async function pool(items, n, fn) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, worker));
  return results;
}

/** Every item of a `{items, nextCursor}` list. */
async function listAll(request, path, token) {
  const items = [];
  let cursor = null;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const page = await request('GET', `${path}${sep}limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token });
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

// ---------------------------------------------------------------------------------------------- generator

/** mulberry32: small, fast and repeatable. */
function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (list) => list[Math.floor(next() * list.length)],
    chance: (p) => next() < p,
  };
}

/** Offset of a time zone from UTC at an instant, in ms (Intl only, no dependency). */
const formats = new Map();
function tzOffsetMs(timeZone, instantMs) {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formats.set(timeZone, format);
  }
  const parts = format.formatToParts(new Date(instantMs));
  const p = Object.fromEntries(parts.map((x) => [x.type, x.value]));
  const asUtc = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour) % 24, Number(p.minute), Number(p.second));
  return asUtc - Math.floor(instantMs / 1000) * 1000;
}

/** The instant of a local wall-clock time (ms since epoch of the local date + minutes) in a time zone. */
function localToInstant(timeZone, localMs) {
  let guess = localMs - tzOffsetMs(timeZone, localMs);
  guess = localMs - tzOffsetMs(timeZone, guess);
  return guess;
}

/** YYYY-MM-DD of the first of the month `monthsAgo` months before today (UTC calendar). */
function firstOfMonthAgo(now, monthsAgo) {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - monthsAgo, 1));
  return d.toISOString().slice(0, 10);
}

const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

const TECHNICIANS = [
  'Alice Martin',
  'Bilal Haddad',
  'Chen Wei',
  'Dana Kowalski',
  'Emeka Okafor',
  'Fatima Zahra',
  'Gustav Lindqvist',
  'Hana Sato',
  'Ivan Petrov',
  'Julia Costa',
  'Kenji Yamamoto',
  'Laura Schmidt',
];

/**
 * The organization: 12 departments on 4 plans (per session USD and JPY, per hour EUR and GBP), with monthly,
 * quarterly and weekly cycles in six time zones. `monthsAgo` sets the bill start date; `weight` the share of usage.
 * The last four of them take e-invoices (`einvoice`: the customer's format, electronic address and session statement,
 * and the buyer reference and purchase order of its association), all on the EUR plan with its 19 % VAT: each one's
 * tax treatment suits its format (libs/invoicing/src/einvoice/problems.ts), so every document of theirs can be made.
 * Then two prepaid customers (issue #17) and two in Bavaria on the after-hours plan with rate rules (issue #18).
 */
const DEPARTMENTS = [
  {
    key: 'finance',
    tax: { legalName: 'Acme Corp.', taxTreatment: 'export' },
    name: 'Finance & Accounting',
    externalId: 'acme-fin-001',
    plan: 'usd',
    cycle: 'monthly',
    monthsAgo: 6,
    dueDays: 30,
    timeZone: 'America/New_York',
    weight: 14,
    devices: 4,
    address: {
      name: 'Acme Corp. – Finance',
      line1: '350 Fifth Avenue',
      line2: 'Floor 21',
      city: 'New York',
      region: 'NY',
      postalCode: '10118',
      country: 'US',
    },
    recipients: ['ap@acme-corp.example', 'controller@acme-corp.example'],
  },
  {
    key: 'retail',
    tax: { legalName: 'Acme Retail LLC', taxTreatment: 'export' },
    // Its bills are reviewed for 10 days before they are issued: the latest week or two are drafts.
    reviewDays: 10,
    name: 'Retail Stores East',
    externalId: 'acme-rtl-002',
    plan: 'usd',
    cycle: 'weekly',
    monthsAgo: 4,
    dueDays: 14,
    timeZone: 'America/New_York',
    weight: 18,
    devices: 8,
    address: { name: 'Acme Retail LLC', line1: '1 Harbor Point Blvd', city: 'Boston', region: 'MA', postalCode: '02210', country: 'US' },
    recipients: ['stores-it@acme-corp.example'],
  },
  {
    key: 'logistics',
    tax: { legalName: 'Acme Logistics Inc.', taxTreatment: 'export' },
    name: 'Warehouse & Logistics',
    externalId: 'acme-log-003',
    plan: 'usd',
    cycle: 'monthly',
    monthsAgo: 5,
    dueDays: 14,
    timeZone: 'UTC',
    weight: 12,
    devices: 6,
    address: {
      name: 'Acme Logistics Inc.',
      line1: '2200 Industrial Pkwy',
      city: 'Chicago',
      region: 'IL',
      postalCode: '60616',
      country: 'US',
    },
    recipients: ['logistics-billing@acme-corp.example'],
  },
  {
    key: 'engineering',
    tax: { legalName: 'Acme GmbH', vatId: 'DE811569869', invoiceLanguage: 'de', taxTreatment: 'standard' },
    name: 'Engineering Berlin',
    externalId: 'acme-eng-004',
    plan: 'eur',
    cycle: 'monthly',
    monthsAgo: 6,
    dueDays: 30,
    timeZone: 'Europe/Berlin',
    weight: 16,
    devices: 5,
    address: { name: 'Acme GmbH', line1: 'Friedrichstraße 68', city: 'Berlin', postalCode: '10117', country: 'DE' },
    recipients: ['buchhaltung@acme-gmbh.example'],
  },
  {
    key: 'sales',
    tax: { legalName: 'Acme Austria GmbH', vatId: 'ATU13585627', invoiceLanguage: 'de', taxTreatment: 'reverse_charge' },
    name: 'Sales DACH',
    externalId: 'acme-sal-005',
    plan: 'eur',
    cycle: 'quarterly',
    monthsAgo: 6,
    dueDays: 30,
    timeZone: 'Europe/Berlin',
    weight: 8,
    devices: 2,
    address: { name: 'Acme Austria GmbH – Vertrieb', line1: 'Mariahilfer Straße 123', city: 'Wien', postalCode: '1060', country: 'AT' },
    recipients: ['vertrieb@acme-austria.example', 'buchhaltung@acme-gmbh.example'],
  },
  {
    key: 'tokyo',
    tax: { legalName: 'Acme Japan K.K.', taxTreatment: 'export' },
    name: 'Tokyo Office',
    externalId: 'acme-tyo-006',
    plan: 'jpy',
    cycle: 'monthly',
    monthsAgo: 5,
    dueDays: 30,
    timeZone: 'Asia/Tokyo',
    weight: 12,
    devices: 4,
    address: {
      name: 'Acme Japan K.K.',
      line1: '2-7-2 Marunouchi',
      line2: 'JP Tower 15F',
      city: 'Chiyoda-ku',
      region: 'Tokyo',
      postalCode: '100-7015',
      country: 'JP',
    },
    recipients: ['keiri@acme-japan.example'],
  },
  {
    key: 'london',
    tax: { legalName: 'Acme UK Ltd', taxTreatment: 'export' },
    // Reviewed for 35 days: last month's bill is always a draft to review.
    reviewDays: 35,
    name: 'London Headquarters',
    externalId: 'acme-lon-007',
    plan: 'gbp',
    cycle: 'monthly',
    monthsAgo: 4,
    dueDays: 14,
    timeZone: 'UTC',
    weight: 12,
    devices: 3,
    address: { name: 'Acme UK Ltd', line1: '30 St Mary Axe', city: 'London', postalCode: 'EC3A 8BF', country: 'GB' },
    recipients: ['accounts.payable@acme-uk.example'],
  },
  {
    key: 'care',
    tax: {
      legalName: 'Acme UK Care Foundation',
      taxTreatment: 'exempt',
      exemptionReason: 'Exempt: services closely linked to welfare work, Article 132(1)(g) Council Directive 2006/112/EC',
    },
    name: 'Customer Care UK',
    externalId: 'acme-cc-008',
    plan: 'gbp',
    cycle: 'quarterly',
    monthsAgo: 6,
    dueDays: 30,
    timeZone: 'UTC',
    weight: 8,
    devices: 2,
    address: { name: 'Acme UK Ltd – Customer Care', line1: '1 Brindleyplace', city: 'Birmingham', postalCode: 'B1 2JB', country: 'GB' },
    recipients: ['care-ops@acme-uk.example'],
  },
  {
    key: 'brussels',
    // A Belgian business customer (reverse charge, its VAT ID): Peppol to its enterprise number, the session statement
    // attached. 0473821541: 97 − (04738215 mod 97) = 41.
    tax: { legalName: 'Acme Belgium SRL', vatId: 'BE0473821541', invoiceLanguage: 'fr', taxTreatment: 'reverse_charge' },
    einvoice: {
      format: 'peppol',
      electronicAddress: { scheme: '0208', id: '0473821541' },
      attachSessionStatement: true,
      purchaseOrder: 'PO-2026-0142',
    },
    name: 'Brussels Office',
    externalId: 'acme-bru-009',
    plan: 'eur',
    cycle: 'monthly',
    monthsAgo: 4,
    dueDays: 30,
    timeZone: 'Europe/Brussels',
    weight: 6,
    devices: 2,
    address: { name: 'Acme Belgium SRL', line1: 'Avenue Louise 54', city: 'Bruxelles', postalCode: '1050', country: 'BE' },
    recipients: ['comptabilite@acme-belgium.example'],
  },
  {
    key: 'city',
    // A German public buyer: standard VAT, XRechnung (UBL) to its Leitweg-ID, which is also the buyer reference (BT-10).
    // 04011000-1234512345-06: KoSIT's example; the check digits are ISO 7064 MOD 97-10.
    tax: { legalName: 'Stadt Musterhausen', invoiceLanguage: 'de', taxTreatment: 'standard' },
    einvoice: {
      format: 'xrechnung_ubl',
      electronicAddress: { scheme: '0204', id: '04011000-1234512345-06' },
      buyerReference: '04011000-1234512345-06',
    },
    name: 'Stadtverwaltung Musterhausen',
    externalId: 'acme-msh-010',
    plan: 'eur',
    cycle: 'monthly',
    monthsAgo: 4,
    dueDays: 30,
    timeZone: 'Europe/Berlin',
    weight: 6,
    devices: 2,
    address: { name: 'Stadt Musterhausen – Amt für IT', line1: 'Rathausplatz 1', city: 'Musterhausen', postalCode: '28195', country: 'DE' },
    recipients: ['rechnungseingang@musterhausen.example'],
  },
  {
    key: 'federal',
    // A German federal authority: standard VAT, XRechnung (CII) to its Leitweg-ID (991-33333TEST-33: MOD 97-10 gives 33).
    tax: { legalName: 'Bundesamt für Musterverwaltung', invoiceLanguage: 'de', taxTreatment: 'standard' },
    einvoice: {
      format: 'xrechnung_cii',
      electronicAddress: { scheme: '0204', id: '991-33333TEST-33' },
      buyerReference: '991-33333TEST-33',
      purchaseOrder: 'BMV-2026-0815',
    },
    name: 'Bundesamt für Musterverwaltung',
    externalId: 'acme-bmv-011',
    plan: 'eur',
    cycle: 'monthly',
    monthsAgo: 3,
    dueDays: 30,
    timeZone: 'Europe/Berlin',
    weight: 5,
    devices: 1,
    address: {
      name: 'Bundesamt für Musterverwaltung – Referat Z 3',
      line1: 'Musterallee 12',
      city: 'Bonn',
      postalCode: '53113',
      country: 'DE',
    },
    recipients: ['e-rechnung@bmv.example'],
  },
  {
    key: 'paris',
    // A French business customer (reverse charge, its VAT ID): Factur-X, its SIRET as electronic address.
    // FR05512374885: key (12 + 3 × (512374885 mod 97)) mod 97 = 05; SIRET 51237488500014 passes Luhn.
    tax: { legalName: 'Acme France SAS', vatId: 'FR05512374885', invoiceLanguage: 'fr', taxTreatment: 'reverse_charge' },
    einvoice: {
      format: 'facturx',
      electronicAddress: { scheme: '0009', id: '51237488500014' },
      purchaseOrder: 'BC-2026-031',
    },
    name: 'Paris Office',
    externalId: 'acme-par-012',
    plan: 'eur',
    cycle: 'monthly',
    monthsAgo: 4,
    dueDays: 30,
    timeZone: 'Europe/Paris',
    weight: 6,
    devices: 2,
    address: { name: 'Acme France SAS', line1: '10 Rue de la Paix', city: 'Paris', postalCode: '75002', country: 'FR' },
    recipients: ['comptabilite@acme-france.example'],
  },
  {
    key: 'dental',
    tax: { legalName: 'Zahnarztpraxis Dr. Weber', taxTreatment: 'standard' },
    // Prepaid: the plan's retainer of 4 h a month; unused hours roll over (up to 6 h, for 2 months), the rest is overage.
    name: 'Dental Practice Weber',
    externalId: 'weber-dent-013',
    plan: 'prepaid',
    cycle: 'monthly',
    monthsAgo: 5,
    dueDays: 14,
    timeZone: 'Europe/Berlin',
    // Its usage by month from its start, in minutes (30-minute sessions, no random usage): 2 h 30 min leaves 1 h 30 min
    // to roll over, 5 h takes the retainer and 1 h of it, 3 h rolls 1 h over, 6 h 30 min is 1 h 30 min overage once
    // the oldest rolled 30 min expired, 3 h 30 min rolls 30 min over.
    weight: 0,
    monthlyMinutes: [150, 300, 180, 390, 210, 120],
    devices: 0,
    address: { name: 'Zahnarztpraxis Dr. Weber', line1: 'Kastanienallee 12', city: 'Berlin', postalCode: '10435', country: 'DE' },
    recipients: ['praxis@zahnarzt-weber.example'],
  },
  {
    key: 'architects',
    tax: { legalName: 'Lindqvist Architekten GmbH', taxTreatment: 'standard' },
    // No retainer of its own (it overrides the plan's with none): a 20-hour block bought when it started, drawn down
    // until it runs out (a low and an empty alert), then overage.
    ownRetainer: null,
    block: { hours: 20, priceMinor: 150000, expiresInMonths: 6 },
    name: 'Lindqvist Architects',
    externalId: 'lindqvist-arch-014',
    plan: 'prepaid',
    cycle: 'monthly',
    monthsAgo: 4,
    dueDays: 14,
    timeZone: 'Europe/Berlin',
    // 7 h, then 9 h 30 min (3 h 30 min left: 17.5 %, below the 20 % alert), then 8 h (the block runs out, 4 h 30 min
    // overage), then 10 h of overage.
    weight: 0,
    monthlyMinutes: [420, 570, 480, 600, 240],
    devices: 0,
    address: { name: 'Lindqvist Architekten GmbH', line1: 'Oranienstraße 185', city: 'Berlin', postalCode: '10999', country: 'DE' },
    recipients: ['office@lindqvist-arch.example'],
  },
  {
    key: 'clinic',
    tax: { legalName: 'Praxisklinik Isartal GmbH', taxTreatment: 'standard' },
    // On the after-hours plan, with the usage of CLINIC_MONTHS only (no random usage, no devices): its bills show
    // every class, the tiers, the commitment's top-up in a quiet month and, last month, both rate versions.
    name: 'Praxisklinik Isartal',
    externalId: 'isartal-klinik-015',
    plan: 'rules',
    cycle: 'monthly',
    monthsAgo: 4,
    dueDays: 14,
    timeZone: 'Europe/Berlin',
    weight: 0,
    ruleMonths: 'clinic',
    devices: 0,
    address: { name: 'Praxisklinik Isartal GmbH – IT', line1: 'Isartalstraße 44', city: 'München', postalCode: '80469', country: 'DE' },
    recipients: ['it-rechnung@praxisklinik-isartal.example'],
  },
  {
    key: 'freight',
    tax: { legalName: 'Alpenland Logistik GmbH', taxTreatment: 'standard' },
    // On the after-hours plan too: random usage (night and weekend maintenance among it), and a call-out on every
    // Bavarian public holiday since it started (six closed months always hold one).
    name: 'Alpenland Logistik Freising',
    externalId: 'alpenland-log-016',
    plan: 'rules',
    cycle: 'monthly',
    monthsAgo: 6,
    dueDays: 30,
    timeZone: 'Europe/Berlin',
    weight: 6,
    holidayCallouts: true,
    devices: 2,
    address: { name: 'Alpenland Logistik GmbH', line1: 'Am Lohmühlbach 7', city: 'Freising', postalCode: '85354', country: 'DE' },
    recipients: ['buchhaltung@alpenland-logistik.example'],
  },
];

/**
 * The clinic's sessions on the after-hours plan, month by month from its start (local time in Europe/Berlin): each
 * on the first day of its kind after the one before (`weekday`: Monday to Friday, not a public holiday; `saturday`:
 * not a public holiday; `own-holiday`: a weekday that becomes the organization's own holiday), so the order, and with
 * it the tiers, is the same whatever the month. `'rate-change'`: the plan's dated rate change takes effect from that
 * point (the 16th, or the next day when the sessions before it run later), in the last closed month.
 * test/api/seed-demo.e2e-spec.ts computes the last two months' bills from this list by hand.
 */
const ruleSession =
  (on) =>
  (at, minutes, type = 'attended') => ({ on, at, minutes, type });
const weekday = ruleSession('weekday');
const saturday = ruleSession('saturday');
const ownHoliday = ruleSession('own-holiday');
const CLINIC_MONTHS = [
  // 15 h: past the first 10 h band; 16:00–18:30 and 17:30–18:30 cross 18:00.
  [
    weekday('09:00', 120),
    weekday('16:00', 150),
    saturday('10:00', 90),
    weekday('21:00', 60, 'unattended'),
    weekday('08:30', 240),
    weekday('13:00', 180),
    weekday('17:30', 60),
  ],
  // 9 h 45 min: all in the first band.
  [
    weekday('10:00', 90),
    weekday('17:15', 105),
    saturday('09:30', 120),
    weekday('19:00', 30, 'unattended'),
    weekday('09:00', 180),
    saturday('14:00', 60),
  ],
  // A quiet month: 2 h (€180.00) under the €600.00 commitment, topped up by €420.00.
  [weekday('10:00', 60), weekday('14:00', 60)],
  // Last month, rated in two parts: 11 h billable before the change (the 10 h band edge falls inside the 07:10
  // session's after-hours piece; its 70 min bill as 75, the 5 min added to business, where it ends), 10 h 15 min
  // after it, all beyond 10 h.
  [
    weekday('09:00', 180),
    weekday('16:30', 150),
    saturday('10:00', 90),
    ownHoliday('10:00', 120),
    weekday('20:00', 45, 'unattended'),
    weekday('07:10', 70),
    'rate-change',
    weekday('17:00', 150),
    saturday('09:00', 180),
    weekday('22:00', 40, 'unattended'),
    weekday('09:00', 240),
  ],
];
const RULE_MONTHS = { clinic: CLINIC_MONTHS };

/** The names of the e-invoice formats, as the API's contract gives them. */
const EINVOICE_LABELS = {
  peppol: 'Peppol BIS Billing 3.0 (UBL)',
  xrechnung_ubl: 'XRechnung 3.0 (UBL)',
  xrechnung_cii: 'XRechnung 3.0 (CII)',
  facturx: 'Factur-X / ZUGFeRD (EN 16931)',
};

const PLANS = [
  {
    key: 'usd',
    body: {
      name: 'Standard Support (per session, USD)',
      currency: 'USD',
      billingType: 'per_session',
      sessionRateMinor: 1250,
      unattendedDeviceRateMinor: 300,
    },
  },
  {
    key: 'eur',
    body: {
      name: 'Premium Hourly (EUR)',
      currency: 'EUR',
      billingType: 'per_hour',
      hourRateMinor: 7200,
      unattendedDeviceRateMinor: 250,
      billingIncrementMinutes: 15,
      minimumBillableMinutes: 5,
    },
    taxRates: ['vat'],
  },
  {
    key: 'jpy',
    body: {
      name: 'Japan Support (per session, JPY)',
      currency: 'JPY',
      billingType: 'per_session',
      sessionRateMinor: 1800,
      unattendedDeviceRateMinor: 400,
    },
  },
  {
    key: 'gbp',
    body: {
      name: 'UK Managed Service (hourly, GBP)',
      currency: 'GBP',
      billingType: 'per_hour',
      hourRateMinor: 5500,
      unattendedDeviceRateMinor: 200,
      billingIncrementMinutes: 10,
      minimumBillableMinutes: 10,
    },
  },
  {
    key: 'prepaid',
    body: {
      name: 'Prepaid Support Hours (EUR)',
      currency: 'EUR',
      billingType: 'per_hour',
      hourRateMinor: 9500,
      billingIncrementMinutes: 15,
      minimumBillableMinutes: 15,
      // 4 h a month for 290.00; unused hours roll over up to 6 h for 2 months; overage at 85.00/h.
      retainer: { included: 4 * 3600, feeMinor: 29000, rolloverCap: 6 * 3600, rolloverPeriods: 2, overageRateMinor: 8500 },
    },
    taxRates: ['vat'],
  },
  {
    key: 'rules',
    body: {
      name: 'After-hours Support (EUR)',
      currency: 'EUR',
      billingType: 'per_hour',
      hourRateMinor: 9000,
      unattendedDeviceRateMinor: 300,
      billingIncrementMinutes: 15,
      minimumBillableMinutes: 15,
      // Monday to Friday 08:00–18:00 in the customer's zone; Bavaria's public holidays, and the organization's own
      // holiday (holidayDates, a day of the clinic's schedule) added when the plan is made.
      businessHours: [1, 2, 3, 4, 5].map((day) => ({ day, start: '08:00', end: '18:00' })),
      weekendDays: [6, 7],
      holidayCountry: 'DE',
      holidayRegion: 'BY',
      afterHoursMultiplier: '1.5',
      weekendMultiplier: '2',
      holidayRateMinor: 18000,
      // The first 10 h of a month at €90.00, the rest at €75.00; unattended sessions €45.00/h (before the class's
      // multiplier); at least €600.00 a month.
      tierMode: 'graduated',
      tiers: [
        { upTo: 10, rateMinor: 9000 },
        { upTo: null, rateMinor: 7500 },
      ],
      unattendedRateMinor: 4500,
      minimumCommitmentMinor: 60000,
    },
    // The dated rate change (PATCH with effectiveFrom, from CLINIC_MONTHS' 'rate-change' on): €95.00, then €80.00.
    rateChange: {
      hourRateMinor: 9500,
      tiers: [
        { upTo: 10, rateMinor: 9500 },
        { upTo: null, rateMinor: 8000 },
      ],
    },
    taxRates: ['vat'],
  },
];

/** The seller: a German MSP. Set on a fresh install only (a profile someone already filled in is left alone). */
const SELLER = {
  legalName: 'Northwind Remote Support GmbH',
  vatId: 'DE136695976',
  taxNumber: '29/123/45678',
  companyRegistration: 'Amtsgericht Charlottenburg, HRB 123456 B',
  address: { line1: 'Torstraße 49', postalCode: '10119', city: 'Berlin', country: 'DE' },
  contactEmail: 'billing@northwind-support.example',
  phone: '+49 30 1234567',
  website: 'https://northwind-support.example',
  accountHolder: 'Northwind Remote Support GmbH',
  iban: 'DE89370400440532013000',
  bic: 'COBADEFFXXX',
  // Its Peppol endpoint (BT-34): the German VAT ID under EAS 9930. Peppol and XRechnung need it (with the phone,
  // contact e-mail and IBAN above for XRechnung's seller contact and payment instructions).
  electronicAddress: { scheme: '9930', id: 'DE136695976' },
  paymentTerms: 'Payable within the due date shown, without deduction.',
  invoiceFooter: 'Northwind Remote Support GmbH · Managing director: Erika Mustermann · Thank you for your business.',
};

/** The organization's tax rates, by key (plans name them in `taxRates`). */
const TAX_RATES = { vat: { name: 'VAT', ratePercent: 19, categoryCode: 'S' } };

/** A PNG logo drawn here (a 160 × 48 banner in two blues), so the demo invoice shows one. */
function demoLogo() {
  const crc = (buf) => {
    let c = ~0;
    for (const byte of buf) {
      c ^= byte;
      for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
    }
    return ~c >>> 0;
  };
  const chunk = (type, data) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, 'latin1');
    const tail = Buffer.alloc(4);
    tail.writeUInt32BE(crc(Buffer.concat([head.subarray(4), data])), 0);
    return Buffer.concat([head, data, tail]);
  };
  const [width, height] = [160, 48];
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8 bits, RGB
  const rows = [];
  for (let y = 0; y < height; y++) {
    const row = [0];
    for (let x = 0; x < width; x++) row.push(...(x < 48 ? [0x1f, 0x4e, 0x8c] : y % 12 < 6 ? [0x5b, 0x8d, 0xd6] : [0xe8, 0xef, 0xfa]));
    rows.push(Buffer.from(row));
  }
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))]);
}

/** A fixed charge in the currency's minor units (JPY has none). */
const FIXED_CHARGE = { USD: 4500, EUR: 3900, GBP: 3500, JPY: 6000 };
const DEVICE_NAMES = [
  'Reception PC',
  'Point of sale',
  'Kiosk',
  'Label printer host',
  'Meeting room PC',
  'Server',
  'Build agent',
  'Warehouse scanner hub',
  'Digital signage',
  'Lab workstation',
];

/** Session duration in minutes: mostly short, a long tail, 5..120. */
function duration(r) {
  const u = r.next();
  const minutes = 5 + Math.round(-Math.log(1 - u * 0.999) * 22);
  return Math.min(120, minutes) * MINUTE + r.int(0, 59) * 1000;
}

function generateSessions(r, departments, total, nowMs, tag) {
  const weightSum = departments.reduce((s, d) => s + d.weight, 0);
  const sessions = [];
  let n = 0;
  for (const d of departments) {
    const count = Math.round((total * d.weight) / weightSum);
    // Usage from the bill start date (a day later, so a time zone never puts it before) until an hour ago.
    const fromMs = Date.parse(`${d.billStartDate}T00:00:00Z`) + DAY;
    const days = Math.floor((nowMs - fromMs) / DAY);
    for (let i = 0; i < count; i++) {
      let startedMs;
      let endedMs;
      const unattended = r.chance(0.3);
      for (let attempt = 0; ; attempt++) {
        const dayMs = fromMs + r.int(0, Math.max(0, days)) * DAY;
        const weekday = new Date(dayMs).getUTCDay();
        // Weekends are quiet: mostly unattended maintenance.
        if ((weekday === 0 || weekday === 6) && !unattended && r.chance(0.85) && attempt < 20) continue;
        const localMinute = unattended ? r.int(0, 23 * 60) : r.int(8 * 60, 17 * 60 + 30);
        startedMs = localToInstant(d.timeZone, dayMs + localMinute * MINUTE) + r.int(0, 59) * 1000;
        endedMs = startedMs + duration(r);
        if (endedMs < nowMs - 60 * MINUTE || attempt >= 50) break;
      }
      if (endedMs >= nowMs) continue;
      n++;
      sessions.push({
        externalId: `demo${tag}-s-${String(n).padStart(6, '0')}`,
        departmentExternalId: d.externalId,
        technician: r.pick(TECHNICIANS),
        type: unattended ? 'unattended' : 'attended',
        startedAt: iso(startedMs),
        endedAt: iso(endedMs),
      });
    }
  }
  return sessions.sort((a, b) => a.startedAt.localeCompare(b.startedAt));
}

/**
 * The usage of customers with `monthlyMinutes` (the prepaid demo, whose bills must show rollover, a block running out
 * and overage whatever the seed): that many minutes in 30-minute sessions each month from the bill start date, one
 * weekdays from the 2nd, only what ended an hour before now.
 */
function scheduledSessions(r, departments, nowMs, tag) {
  const sessions = [];
  let n = 0;
  for (const d of departments.filter((x) => x.monthlyMinutes)) {
    const [y, m] = d.billStartDate.split('-').map(Number);
    d.monthlyMinutes.forEach((minutes, month) => {
      // Weekdays from the 2nd, two sessions a day (10:00 and 14:00 local): at most 12 h fit in the first half of a month.
      const days = [];
      for (let day = 2; days.length < Math.ceil(minutes / 60); day++) {
        const dayMs = Date.UTC(y, m - 1 + month, day);
        if (![0, 6].includes(new Date(dayMs).getUTCDay())) days.push(dayMs);
      }
      for (let i = 0; i < minutes / 30; i++) {
        const startedMs = localToInstant(d.timeZone, days[Math.floor(i / 2)] + (i % 2 ? 14 : 10) * 3600 * 1000);
        if (startedMs + 30 * MINUTE >= nowMs - 60 * MINUTE) continue;
        n++;
        sessions.push({
          externalId: `demo${tag}-p-${String(n).padStart(6, '0')}`,
          departmentExternalId: d.externalId,
          technician: r.pick(TECHNICIANS),
          type: 'attended',
          startedAt: iso(startedMs),
          endedAt: iso(startedMs + 30 * MINUTE),
        });
      }
    });
  }
  return sessions;
}

const dayIso = (ms) => new Date(ms).toISOString().slice(0, 10);

/** The demo's import profiles, by preset (GET /import-presets lists the presets). */
const IMPORT_PROFILE_NAMES = {
  zoho_assist: 'Zoho Assist session reports',
  teamviewer: 'TeamViewer connection reports',
  splashtop: 'Splashtop session logs',
  screenconnect: 'ScreenConnect connection reports',
  beyondtrust: 'BeyondTrust support sessions',
  anydesk: 'AnyDesk sessions',
};

/**
 * Two tools' session reports of the last days (UTC times, n days before today), as each tool writes them
 * (test/fixtures/imports has the formats):
 * - TeamViewer (connection reports, JSON): customer keys are the group names, equal to the departments' names, so they
 *   are mapped on the import. Two connections of Laura Schmidt 3 minutes apart are one session (the preset merges
 *   breaks up to 5 min, the break billed: 13:00:00–13:51:20 = 3 080 s); a 40-second connection is refused (the
 *   preset's minimum is 60 s); "Bäckerei Hofmann", a customer not set up yet, stays held.
 * - ScreenConnect (SessionConnection CSV, Host rows): Finance & Accounting by its external id (mapped on the
 *   import); "ACME-TYO", a company property the tool uses for Tokyo Office, held by the import and then mapped
 *   (`mapKeys`), which imports its two rows, one of them an unattended Access session.
 * test/api/seed-demo.e2e-spec.ts checks the sessions' durations by hand from these rows.
 */
function importReports(departments, nowMs) {
  const today = Date.UTC(new Date(nowMs).getUTCFullYear(), new Date(nowMs).getUTCMonth(), new Date(nowMs).getUTCDate());
  const at = (daysAgo, time) => `${dayIso(today - daysAgo * DAY)}T${time}`;
  const d = (key) => departments.find((x) => x.key === key);
  const engineering = d('engineering').storedName;
  const warehouse = d('logistics').storedName;
  const connection = (n, username, groupname, daysAgo, start, end) => ({
    id: `5e0d7a1c-3b9f-4c2e-8a6d-4f1b2c3d${String(n).padStart(4, '0')}`,
    userid: `u${4100000 + n}`,
    username,
    groupname,
    support_session_type: 2,
    start_date: `${at(daysAgo, start)}Z`,
    end_date: `${at(daysAgo, end)}Z`,
  });
  const teamviewer = {
    records: [
      connection(1, 'Laura Schmidt', engineering, 5, '08:30:00', '09:12:30'), // 2 550 s
      connection(2, 'Laura Schmidt', engineering, 4, '13:00:00', '13:25:00'), // merged with the next: 3 080 s
      connection(3, 'Laura Schmidt', engineering, 4, '13:28:00', '13:51:20'),
      connection(4, 'Gustav Lindqvist', warehouse, 3, '10:05:00', '10:05:40'), // 40 s: refused
      connection(5, 'Gustav Lindqvist', warehouse, 3, '14:10:00', '15:05:15'), // 3 315 s
      connection(6, 'Laura Schmidt', 'Bäckerei Hofmann', 2, '09:00:00', '09:30:00'), // held
    ],
  };
  const header =
    'ConnectionID,SessionID,SessionName,SessionSessionType,SessionCustomProperty1,ProcessType,ParticipantName,ConnectedTime,DisconnectedTime,DurationSeconds';
  const line = (n, machine, type, customer, host, daysAgo, start, end, seconds) =>
    [
      `c0ffee00-de70-4000-8000-00000000000${n}`,
      `7b3e9d2a-0000-4000-9000-00000000000${n}`,
      machine,
      type,
      customer,
      'Host',
      host,
      at(daysAgo, start),
      at(daysAgo, end),
      seconds,
    ].join(',');
  const screenconnect = [
    header,
    line(1, 'TYO-RECEPTION-01', 'Support', 'ACME-TYO', 'Kenji Yamamoto', 6, '01:00:00', '01:36:40', 2200), // 10:00 in Tokyo
    line(2, 'TYO-FILESERVER', 'Access', 'ACME-TYO', 'Hana Sato', 5, '15:00:00', '15:20:30', 1230), // unattended, midnight in Tokyo
    line(3, 'FIN-CONTROLLER-PC', 'Support', d('finance').externalId, 'Alice Martin', 2, '14:00:00', '14:27:05', 1625),
  ].join('\n');
  return [
    { preset: 'teamviewer', contentType: 'application/json', body: JSON.stringify(teamviewer), mapKeys: [] },
    { preset: 'screenconnect', contentType: 'text/csv', body: `${screenconnect}\n`, mapKeys: [['ACME-TYO', d('tokyo')]] },
  ];
}

/** Bavaria's public holidays of a year, 'YYYY-MM-DD' (those date-holidays gives DE-BY as type public). */
function bavarianHolidays(year) {
  // Easter Sunday: the anonymous Gregorian algorithm (Meeus/Jones/Butcher).
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const h = (19 * a + b - Math.floor(b / 4) - Math.floor((b - Math.floor((b + 8) / 25) + 1) / 3) + 15) % 30;
  const l = (32 + 2 * (b % 4) + 2 * Math.floor(c / 4) - h - (c % 4)) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const easter = Date.UTC(year, Math.floor((h + l - 7 * m + 114) / 31) - 1, ((h + l - 7 * m + 114) % 31) + 1);
  // New Year, Epiphany, Labour Day, German Unity Day, All Saints, Christmas; Good Friday, Easter Monday, Ascension,
  // Whit Monday, Corpus Christi.
  const fixed = ['01-01', '01-06', '05-01', '10-03', '11-01', '12-25', '12-26'].map((day) => `${year}-${day}`);
  return new Set([...fixed, ...[-2, 1, 39, 50, 60].map((days) => dayIso(easter + days * DAY))]);
}

/**
 * The after-hours plan's usage: the clinic's sessions (`ruleMonths`, see CLINIC_MONTHS) with the organization's own
 * holiday and the day of the rate change they give, and a 90-minute call-out (10:00 local) on every Bavarian public
 * holiday of the customers with `holidayCallouts`; only what ended an hour before now.
 */
function ruleSchedule(departments, nowMs, tag) {
  const sessions = [];
  const ownHolidays = [];
  let rateChangeFrom = null;
  const years = new Map();
  const isPublicHoliday = (dayMs) => {
    const year = new Date(dayMs).getUTCFullYear();
    if (!years.has(year)) years.set(year, bavarianHolidays(year));
    return years.get(year).has(dayIso(dayMs));
  };
  let n = 0;
  const add = (d, dayMs, at, minutes, type) => {
    const [hh, mm] = at.split(':').map(Number);
    const startedMs = localToInstant(d.timeZone, dayMs + (hh * 60 + mm) * MINUTE);
    if (startedMs + minutes * MINUTE >= nowMs - 60 * MINUTE) return;
    n++;
    sessions.push({
      externalId: `demo${tag}-r-${String(n).padStart(6, '0')}`,
      departmentExternalId: d.externalId,
      technician: TECHNICIANS[n % TECHNICIANS.length],
      type,
      startedAt: iso(startedMs),
      endedAt: iso(startedMs + minutes * MINUTE),
    });
  };
  for (const d of departments) {
    const [y, m] = d.billStartDate.split('-').map(Number);
    (RULE_MONTHS[d.ruleMonths] ?? []).forEach((list, month) => {
      const dayOf = (day) => Date.UTC(y, m - 1 + month, day);
      const fits = (on, dayMs) => {
        const weekday = new Date(dayMs).getUTCDay();
        if (isPublicHoliday(dayMs) || ownHolidays.includes(dayIso(dayMs))) return false;
        return on === 'saturday' ? weekday === 6 : weekday >= 1 && weekday <= 5;
      };
      let day = 1;
      for (const s of list) {
        if (s === 'rate-change') {
          day = Math.max(day, 16);
          rateChangeFrom = dayIso(dayOf(day));
          continue;
        }
        while (!fits(s.on, dayOf(day))) day++;
        if (new Date(dayOf(day)).getUTCMonth() !== new Date(dayOf(1)).getUTCMonth()) {
          throw new Error(`${d.name}'s sessions of ${dayIso(dayOf(1)).slice(0, 7)} do not fit in the month`);
        }
        if (s.on === 'own-holiday') ownHolidays.push(dayIso(dayOf(day)));
        add(d, dayOf(day), s.at, s.minutes, s.type);
        day++;
      }
    });
    if (d.holidayCallouts) {
      for (let dayMs = Date.parse(`${d.billStartDate}T00:00:00Z`); dayMs < nowMs; dayMs += DAY) {
        if (isPublicHoliday(dayMs)) add(d, dayMs, '10:00', 90, 'attended');
      }
    }
  }
  return { sessions, ownHolidays, rateChangeFrom };
}

function generateDevices(r, departments, nowMs, tag) {
  const devices = [];
  let n = 0;
  for (const d of departments) {
    const startMs = Date.parse(`${d.billStartDate}T00:00:00Z`);
    for (let i = 0; i < d.devices; i++) {
      n++;
      // Most devices were there before the first bill; some came later.
      const enrolledMs = r.chance(0.6)
        ? startMs - r.int(10, 120) * DAY
        : startMs + r.int(1, Math.max(2, Math.floor((nowMs - startMs) / DAY) - 20)) * DAY;
      devices.push({
        externalId: `demo${tag}-dev-${String(n).padStart(4, '0')}`,
        departmentExternalId: d.externalId,
        name: `${d.name.split(' ')[0]} ${r.pick(DEVICE_NAMES)} ${String(i + 1).padStart(2, '0')}`,
        enrolledAt: iso(enrolledMs + r.int(8, 17) * 3600 * 1000),
      });
    }
  }
  return devices;
}

// ---------------------------------------------------------------------------------------------- seed

async function main() {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`${err.message}\n\n${USAGE}`);
      return 2;
    }
    throw err;
  }
  if (opts.help) {
    console.log(USAGE);
    return 0;
  }
  const baseUrl = (process.env.BASE_URL || 'http://localhost:3000').replace(/\/+$/, '');
  const email = process.env.ADMIN_EMAIL || 'admin@example.com';
  const password = process.env.ADMIN_PASSWORD || 'change-me-now';
  const request = client(baseUrl);
  const r = rng(opts.seed);
  const now = new Date();
  const nowMs = now.getTime();
  const started = Date.now();
  const say = (line) => console.log(line);

  say(`Seeding demo data into ${baseUrl} (seed ${opts.seed})`);
  let token;
  try {
    token = (await request('POST', '/auth/login', { body: { email, password } })).accessToken;
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) {
      throw new Error(`Login as ${email} failed: set ADMIN_EMAIL and ADMIN_PASSWORD to an admin of the organization.\n${err.message}`);
    }
    throw err;
  }

  const existing = await request('GET', '/plans?limit=1', { token });
  if (existing.items.length > 0) {
    if (!opts.force) {
      console.error(
        'The organization already has billing plans: seed:demo fills a fresh install and changed nothing.\n' +
          'Run it with --force (npm run seed:demo -- --force) to add the demo organization anyway.',
      );
      return 1;
    }
    say('The organization already has plans: adding the demo data anyway (--force).');
  }
  // On a forced re-run, new external ids and names keep the demo apart from what is there.
  const tag = existing.items.length > 0 ? `-${nowMs.toString(36).slice(-5)}` : '';

  // The seller profile and logo (only where none was filled in), and the tax rates (reused when they exist)
  const organization = await request('GET', '/organization', { token });
  if (organization.legalName === null) {
    await request('PATCH', '/organization', { token, body: SELLER });
    if (organization.logo === null) await request('PUT', '/organization/logo', { token, raw: demoLogo(), contentType: 'image/png' });
    say(
      `  seller profile: ${SELLER.legalName}, VAT ID ${SELLER.vatId}, electronic address ${SELLER.electronicAddress.scheme}:${SELLER.electronicAddress.id}, with a logo`,
    );
  }
  const existingRates = await listAll(request, '/tax-rates', token);
  const rateIds = {};
  for (const [key, rate] of Object.entries(TAX_RATES)) {
    const same = existingRates.find(
      (x) => x.name.toLowerCase() === rate.name.toLowerCase() && x.categoryCode === rate.categoryCode && x.ratePercent === rate.ratePercent,
    );
    rateIds[key] = same ? same.id : (await request('POST', '/tax-rates', { token, body: rate })).id;
  }
  say(
    `  tax rates: ${Object.values(TAX_RATES)
      .map((x) => `${x.name} ${x.ratePercent} %`)
      .join(', ')}`,
  );

  // Departments, with the customer's tax data
  const departments = await pool(DEPARTMENTS, 4, async (d) => {
    const externalId = `${d.externalId}${tag}`;
    const created = await request('POST', '/departments', {
      token,
      body: {
        name: tag ? `${d.name} (${tag.slice(1)})` : d.name,
        externalId,
        ...d.tax,
        ...(d.einvoice
          ? {
              einvoiceFormat: d.einvoice.format,
              electronicAddress: d.einvoice.electronicAddress,
              attachSessionStatement: d.einvoice.attachSessionStatement === true,
            }
          : {}),
        ...(d.reviewDays ? { reviewDays: d.reviewDays } : {}),
        // The history is billed at once here: only the reviewed customer has its documents e-mailed when issued.
        autoSend: d.reviewDays !== undefined && d.reviewDays < 30,
      },
    });
    return { ...d, id: created.id, externalId, storedName: created.name, billStartDate: firstOfMonthAgo(now, d.monthsAgo) };
  });
  const einvoiced = departments.filter((d) => d.einvoice);
  say(
    `  ${departments.length} departments; e-invoices for ${einvoiced.map((d) => `${d.name} (${EINVOICE_LABELS[d.einvoice.format]})`).join(', ')}`,
  );

  // The after-hours plan's usage, which gives its own holiday and the day of its rate change
  const ruled = ruleSchedule(departments, nowMs, tag);

  // Plans, with their customers associated in the same request
  const plans = [];
  for (const p of PLANS) {
    const associations = departments
      .filter((d) => d.plan === p.key)
      .map((d) => ({
        departmentId: d.id,
        billingCycle: d.cycle,
        billStartDate: d.billStartDate,
        dueDays: d.dueDays,
        billingAddress: d.address,
        recipients: d.recipients,
        timeZone: d.timeZone,
        // What the buyer quotes on its invoices: BT-10 (XRechnung's Leitweg-ID) and BT-13.
        ...(d.einvoice?.buyerReference ? { buyerReference: d.einvoice.buyerReference } : {}),
        ...(d.einvoice?.purchaseOrder ? { purchaseOrder: d.einvoice.purchaseOrder } : {}),
        // A customer's own retainer in place of the plan's (null: none).
        ...(d.ownRetainer !== undefined ? { retainer: d.ownRetainer } : {}),
      }));
    const created = await request('POST', '/plans', {
      token,
      body: {
        ...p.body,
        ...(p.rateChange ? { holidayDates: ruled.ownHolidays } : {}),
        name: tag ? `${p.body.name} (${tag.slice(1)})` : p.body.name,
        taxRateIds: (p.taxRates ?? []).map((key) => rateIds[key]),
        associations,
      },
    });
    plans.push(created);
    say(
      `  plan "${created.name}": ${associations.map((a) => `${departments.find((d) => d.id === a.departmentId).name} (${a.billingCycle}, ${a.timeZone}, from ${a.billStartDate})`).join(', ')}`,
    );
    // The dated rate change, inside the last closed month before anything is billed: that month's bills are rated in
    // two parts ("From …" lines), the months before with the first version.
    if (p.rateChange && ruled.rateChangeFrom) {
      const changed = await request('PATCH', `/plans/${created.id}`, {
        token,
        body: { ...p.rateChange, effectiveFrom: ruled.rateChangeFrom },
      });
      say(
        `    rate rules: holidays of ${changed.holidayCountry}-${changed.holidayRegion} and ${changed.holidayDates.join(', ')};` +
          ` version ${changed.rateVersion} from ${changed.rateEffectiveFrom}`,
      );
    }
  }

  // Prepaid blocks, bought when the customer started (each with its own invoice), before any usage is billed
  const prepaid = [];
  for (const d of departments.filter((x) => x.plan === 'prepaid')) {
    const plan = plans.find((p) => p.associations.some((a) => a.departmentId === d.id));
    const association = plan.associations.find((a) => a.departmentId === d.id);
    let block = null;
    if (d.block) {
      const expires = new Date(nowMs);
      expires.setUTCMonth(expires.getUTCMonth() + d.block.expiresInMonths);
      block = await request('POST', `/associations/${association.id}/blocks`, {
        token,
        body: {
          units: d.block.hours * 3600,
          priceMinor: d.block.priceMinor,
          purchasedAt: iso(Date.parse(association.startsAt) + 9 * 3600 * 1000),
          expiresAt: iso(expires.getTime()),
        },
      });
    }
    prepaid.push({ d, association, block });
  }
  if (prepaid.length) {
    say(
      `  prepaid: ${prepaid
        .map((x) => `${x.d.name} (${x.block ? `block ${x.block.number}, ${x.d.block.hours} h` : `the plan's retainer, 4 h a month`})`)
        .join(', ')}`,
    );
  }

  // Usage, pushed the way a remote-support service does: an API key with usage:write
  const apiKey = (await request('POST', '/api-keys', { token, body: { name: `Demo usage feed${tag}`, scopes: ['usage:write'] } })).key;
  const sessions = [
    ...generateSessions(r, departments, 3000, nowMs, tag),
    ...scheduledSessions(r, departments, nowMs, tag),
    ...ruled.sessions,
  ].sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  let accepted = 0;
  for (let i = 0; i < sessions.length; i += 1000) {
    accepted += (await request('POST', '/sessions/batch', { token: apiKey, body: { sessions: sessions.slice(i, i + 1000) } })).accepted;
  }
  say(
    `  ${accepted} sessions (${sessions.filter((s) => s.type === 'unattended').length} unattended) from ${sessions[0].startedAt.slice(0, 10)} to ${sessions[sessions.length - 1].startedAt.slice(0, 10)}`,
  );

  const devices = generateDevices(r, departments, nowMs, tag);
  await request('POST', '/devices/batch', { token: apiKey, body: { devices } });
  // A few devices were decommissioned along the way.
  const stored = new Map((await listAll(request, '/devices', token)).map((d) => [d.externalId, d]));
  const removable = devices.filter((d) => Date.parse(d.enrolledAt) < nowMs - 40 * DAY);
  const removals = [];
  for (let i = 0; i < removable.length && removals.length < 5; i += 5) {
    const d = stored.get(removable[i].externalId);
    if (!d) continue;
    const enrolledMs = Date.parse(d.enrolledAt);
    removals.push({ id: d.id, removedAt: iso(enrolledMs + Math.floor((nowMs - 7 * DAY - enrolledMs) * (0.4 + 0.5 * r.next()))) });
  }
  await pool(removals, 4, (x) => request('PATCH', `/devices/${x.id}`, { token: apiKey, body: { removedAt: x.removedAt } }));
  say(`  ${devices.length} devices (${removals.length} removed since)`);

  // Session imports (issue #19): a profile per preset, and two tools' reports imported through theirs, before the
  // billing run (their sessions are billed like the pushed ones).
  const profiles = [];
  for (const preset of await request('GET', '/import-presets', { token })) {
    const name = IMPORT_PROFILE_NAMES[preset.name] || preset.label.slice(0, 80);
    profiles.push(
      await request('POST', '/import-profiles', {
        token,
        body: {
          name: tag ? `${name} (${tag.slice(1)})` : name,
          preset: preset.name,
          // The preset's own prefix (zoho-assist, teamviewer, …); a forced run's sessions get new external ids.
          idPrefix: `${preset.name.replace(/_/g, '-')}${tag}`,
        },
      }),
    );
  }
  say(`  import profiles: ${profiles.map((p) => p.name).join(', ')}`);
  const profileOf = (preset) => profiles.find((p) => p.preset === preset);
  const reports = importReports(departments, nowMs);
  const imported = [];
  for (const x of reports) {
    const profile = profileOf(x.preset);
    const run = await request('POST', `/import-profiles/${profile.id}/imports`, { token, raw: x.body, contentType: x.contentType });
    let mappedSessions = 0;
    for (const [customerKey, d] of x.mapKeys) {
      mappedSessions += (
        await request('PUT', `/import-profiles/${profile.id}/customer-keys`, { token, body: { customerKey, departmentId: d.id } })
      ).sessions;
    }
    imported.push({ profile, run, mappedSessions });
    say(
      `    ${profile.name}: ${run.rows} rows, ${run.sessions} ${run.sessions === 1 ? 'session' : 'sessions'} (${run.merged} merged, ${run.refused} refused, ${run.held} held)` +
        (x.mapKeys.length
          ? `; mapped ${x.mapKeys.map(([k, d]) => `${k} to ${d.storedName}`).join(', ')}: ${mappedSessions} more sessions`
          : ''),
    );
  }
  const stillHeld = [];
  for (const { profile } of imported) {
    for (const k of await request('GET', `/import-profiles/${profile.id}/customer-keys`, { token })) {
      if (k.heldRows > 0) stillHeld.push(`${k.customerKey} (${k.heldRows} ${k.heldRows === 1 ? 'row' : 'rows'}, ${profile.name})`);
    }
  }
  if (stillHeld.length) say(`    held until mapped: ${stillHeld.join(', ')}`);

  // Billing: every cycle that has ended by now
  // A webhook endpoint for a PSA, left disabled: its URL is a placeholder to replace before enabling it.
  const endpoint = await request('POST', '/webhooks', {
    token,
    body: {
      url: 'https://hooks.example.com/remote-billing',
      description: 'PSA integration (replace the URL, then enable)',
      eventTypes: ['bill.issued', 'bill.paid', 'bill.overdue', 'credit_note.issued', 'payment.recorded'],
      enabled: false,
    },
  });
  // A test ping starts its delivery log (the placeholder host does not answer: the log shows the failed attempts).
  await request('POST', `/webhooks/${endpoint.id}/test`, { token, body: {} });

  // Payment reminders 3 days before the due date, on it, and 7 and 14 days after: the run queues them for unpaid bills.
  await request('PATCH', '/organization', { token, body: { reminderSchedule: [-3, 0, 7, 14] } });
  const run = await request('POST', '/billing-runs', { token, body: {} });
  say(`  billing run: ${run.billsCreated} bills for ${run.associationsScanned} associations`);
  const drafts = (await listAll(request, '/bills?status=draft', token)).filter((b) => departments.some((d) => d.id === b.department.id));
  say(`  drafts to review: ${drafts.length} (Retail Stores East: 10-day review, London Headquarters: 35 days)`);

  // Bills in every status
  const ours = new Set(departments.map((d) => d.id));
  // Due dates are calendar days in each customer's time zone: a day's margin keeps "past due" true everywhere.
  const today = new Date(nowMs - DAY).toISOString().slice(0, 10);
  const bills = (await listAll(request, '/bills', token))
    .filter((b) => ours.has(b.department.id) && b.status === 'unpaid' && b.totalMinor > 0)
    .sort((a, b) => a.periodStart.localeCompare(b.periodStart) || a.number.localeCompare(b.number));
  // The after-hours plan's bills keep their lines as rated (they may be paid, but are not corrected or voided).
  const ruledIds = new Set(departments.filter((d) => d.plan === 'rules').map((d) => d.id));
  const pastDue = bills.filter((b) => b.dueDate < today && !ruledIds.has(b.department.id));
  const current = bills.filter((b) => b.dueDate >= today && !ruledIds.has(b.department.id));
  const done = new Set();
  const actions = { paid: 0, partial: 0, discount: 0, charge: 0, void: 0, emailed: 0 };
  const paidAt = (b, lateDays) => {
    const ms = Math.min(Date.parse(`${b.issueDate}T15:00:00Z`) + lateDays * DAY, nowMs - 3600 * 1000);
    return iso(ms);
  };
  const pay = async (b, body) => request('POST', `/bills/${b.id}/payments`, { token, body });
  const take = (list, pred = () => true) => {
    const b = list.find((x) => !done.has(x.id) && pred(x));
    if (b) done.add(b.id);
    return b;
  };

  // Keep a few past-due bills unpaid: they show as overdue (one per currency where there is one).
  const keepOverdue = new Set();
  for (const currency of ['USD', 'EUR', 'GBP', 'JPY']) {
    const candidates = pastDue.filter((b) => b.currency === currency);
    const b = candidates[candidates.length - 1];
    if (b) keepOverdue.add(b.id);
  }
  if (keepOverdue.size === 0 && pastDue.length) keepOverdue.add(pastDue[pastDue.length - 1].id);
  for (const id of keepOverdue) done.add(id);

  // A credit note in each e-invoice format: a service credit on the oldest open invoice of each e-invoice customer
  // (its e-invoice is a UBL CreditNote, or a CII / Factur-X with type code 381), paid once it was due.
  for (const d of einvoiced) {
    const b = take(bills, (x) => x.department.id === d.id);
    if (!b) continue;
    await request('POST', `/bills/${b.id}/adjustments`, {
      token,
      body: { type: 'discount', percent: 5, reason: 'Service credit: response time missed (5%)' },
    });
    actions.discount++;
    if (b.dueDate < today) {
      await pay(b, { paidAt: paidAt(b, r.int(5, 20)), method: 'bank transfer', reference: `TRX-${r.int(100000, 999999)}` });
      actions.paid++;
    }
  }
  // A bill sent by mistake (wrong period): void.
  const voided = take(pastDue) || take(current);
  if (voided) {
    await request('POST', `/bills/${voided.id}/void`, { token, body: { reason: 'Issued twice: replaced by a corrected bill' } });
    actions.void++;
  }
  // 10% loyalty discounts and fixed charges, then most of them paid.
  for (let i = 0; i < 3; i++) {
    const b = take(pastDue) || take(current);
    if (!b) break;
    await request('POST', `/bills/${b.id}/adjustments`, {
      token,
      body: { type: 'discount', percent: 10, reason: 'Loyalty discount (10%)' },
    });
    actions.discount++;
    if (i === 2) {
      // One invoice corrected both ways: its credit note above, and a supplementary invoice for extra work.
      await request('POST', `/bills/${b.id}/adjustments`, {
        token,
        body: { type: 'charge', amountMinor: FIXED_CHARGE[b.currency] || 3000, reason: 'Additional on-site hours' },
      });
      actions.charge++;
    }
    if (i < 2) {
      await pay(b, {
        paidAt: paidAt(b, r.int(5, b.currency === 'JPY' ? 25 : 12)),
        method: 'bank transfer',
        reference: `TRX-${r.int(100000, 999999)}`,
      });
      actions.paid++;
    }
  }
  const reasons = ['On-site visit', 'Emergency weekend call-out', 'Setup of new workstations'];
  for (let i = 0; i < 3; i++) {
    const b = take(i === 2 ? current : pastDue) || take(current);
    if (!b) break;
    await request('POST', `/bills/${b.id}/adjustments`, {
      token,
      body: { type: 'charge', amountMinor: FIXED_CHARGE[b.currency] || 3000, reason: reasons[i] },
    });
    actions.charge++;
    if (i === 0) {
      await pay(b, { paidAt: paidAt(b, r.int(3, 20)), method: 'card' });
      actions.paid++;
    }
  }
  // Partial payments: half the balance now, the rest still owed.
  for (let i = 0; i < 3; i++) {
    const b = take(i === 2 ? current : pastDue) || take(current);
    if (!b) break;
    const fresh = await request('GET', `/bills/${b.id}`, { token });
    await pay(b, {
      amountMinor: Math.max(1, Math.floor(fresh.balanceMinor / 2)),
      paidAt: paidAt(b, r.int(3, 10)),
      method: 'bank transfer',
      reference: `PART-${r.int(1000, 9999)}`,
    });
    actions.partial++;
  }
  // E-mail the newest bill to its recipients.
  const emailed = take([...current].reverse()) || take([...pastDue].reverse());
  if (emailed) {
    await request('POST', `/bills/${emailed.id}/email`, {
      token,
      body: { message: 'Please find attached your invoice for the last period. Thank you for your business!' },
    });
    actions.emailed++;
  }
  // The rest: customers pay most past-due bills; about a third of the current ones are paid early.
  const payments = [];
  for (const b of bills) {
    if (done.has(b.id)) continue;
    const isPastDue = b.dueDate < today;
    if (isPastDue ? r.chance(0.88) : r.chance(0.35)) {
      payments.push({
        b,
        body: {
          paidAt: paidAt(b, r.int(2, isPastDue ? 20 : 5)),
          method: r.pick(['bank transfer', 'bank transfer', 'card', 'direct debit']),
        },
      });
    }
  }
  await pool(payments, 4, (x) => pay(x.b, x.body));
  actions.paid += payments.length;

  // Summary
  const all = (await listAll(request, '/bills', token)).filter((b) => ours.has(b.department.id));
  const count = (pred) => all.filter(pred).length;
  say('');
  say('Demo organization ready:');
  say(`  departments  ${departments.length}`);
  say(`  plans        ${plans.length} (${plans.map((p) => `${p.billingType} ${p.currency}`).join(', ')})`);
  say(`  sessions     ${accepted}; devices ${devices.length}`);
  say(
    `  imports      ${profiles.length} profiles; ${imported.reduce((n, x) => n + x.run.sessions + x.mappedSessions, 0)} sessions from ${imported.length} reports` +
      (stillHeld.length ? `; held until mapped: ${stillHeld.join(', ')}` : ''),
  );
  say(
    `  bills        ${all.length}: paid ${count((b) => b.status === 'paid')}, unpaid ${count((b) => b.status === 'unpaid')}` +
      ` (overdue ${count((b) => b.status === 'unpaid' && b.overdue)}, partly paid ${count((b) => b.status === 'unpaid' && b.paidMinor > 0)}),` +
      ` void ${count((b) => b.status === 'void')}`,
  );
  say(`               ${actions.discount} with a discount, ${actions.charge} with a fixed charge, ${actions.emailed} invoice e-mailed`);
  const corrections = (await listAll(request, '/corrections', token)).filter((c) => all.some((b) => b.id === c.billId));
  say(
    `  corrections  ${corrections.filter((c) => c.type === 'credit_note').length} credit notes, ` +
      `${corrections.filter((c) => c.type === 'supplementary_invoice').length} supplementary invoices`,
  );
  // The e-invoice documents, and whatever would keep one from being made (a seller profile left alone by a forced run
  // may lack the electronic address, the phone or the IBAN).
  say('  e-invoices   (GET /bills/:id/einvoice, /credit-notes/:id/einvoice, or the three-dot menu of a bill)');
  const blocked = [];
  for (const d of einvoiced) {
    const issued = all.filter((b) => b.department.id === d.id && b.number !== null).sort((a, b) => a.number.localeCompare(b.number));
    const notes = corrections.filter((c) => issued.some((b) => b.id === c.billId));
    for (const b of issued) {
      const { problems } = await request('GET', `/bills/${b.id}/einvoice/problems`, { token });
      for (const p of problems) blocked.push(`${b.number} (${d.name}): ${p.code} (${p.field}): ${p.message}`);
    }
    say(
      `               ${d.name}, ${EINVOICE_LABELS[d.einvoice.format]}: ${issued.map((b) => b.number).join(', ') || 'no invoice yet'}` +
        (notes.length ? `; ${notes.map((c) => c.number).join(', ')}` : ''),
    );
  }
  for (const line of [...new Set(blocked)]) say(`  e-invoice problem: ${line}`);
  // What the prepaid customers hold now (the console's prepaid panel of each association shows it with its history).
  const hours = (seconds) => `${Math.floor(seconds / 3600)} h ${Math.floor((seconds % 3600) / 60)} min`;
  for (const x of prepaid) {
    const balances = await request('GET', `/associations/${x.association.id}/balances`, { token });
    const rolled = balances.rolled.reduce((sum, r) => sum + r.remaining, 0);
    const blocks = balances.blocks.map((b) => `${b.number} ${hours(b.remaining)} of ${hours(b.units)} left`).join(', ');
    const billCount = all.filter((b) => b.department.id === x.d.id).length;
    say(
      `  prepaid      ${x.d.name}: ${rolled ? `${hours(rolled)} rolled over` : 'nothing rolled over'}${blocks ? `; ${blocks}` : ''} (${billCount} bills)`,
    );
  }
  // What the after-hours plan's bills show: the classes of their lines, the commitment's top-up, the rate versions.
  const monthOf = (b, timeZone) =>
    new Intl.DateTimeFormat('en-GB', { month: 'short', year: 'numeric', timeZone }).format(new Date(b.periodStart));
  for (const d of departments.filter((x) => x.plan === 'rules')) {
    const shown = [];
    for (const b of all
      .filter((x) => x.department.id === d.id && x.number !== null)
      .sort((x, y) => x.periodStart.localeCompare(y.periodStart))) {
      const bill = await request('GET', `/bills/${b.id}`, { token });
      const classes = ['business hours', 'after hours', 'weekend', 'holiday'].filter((c) =>
        bill.lines.some((l) => l.description.includes(`— ${c}`)),
      );
      if (bill.lines.some((l) => l.kind === 'commitment')) classes.push('commitment top-up');
      if (bill.rateVersions.length > 1) classes.push(`${bill.rateVersions.length} rate versions`);
      shown.push(`${b.number} ${monthOf(b, d.timeZone)} (${classes.join(', ')})`);
    }
    say(`  rate rules   ${d.name}: ${shown.join('; ') || 'no bill yet'}`);
  }
  say(`  done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  say('');
  say(`Open the console: ${baseUrl}/  (log in as ${email})`);
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    console.error(`seed:demo failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  },
);
