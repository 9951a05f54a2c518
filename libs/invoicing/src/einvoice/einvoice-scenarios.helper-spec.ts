/**
 * The bills the e-invoice rule checks run on (einvoice-rules.spec.ts): one InvoiceDocument per case of issue #16
 * point 5, each with the figures an e-invoice of it must carry, WORKED OUT BY HAND in the comment beside it (never by
 * calling the code under test). Amounts in the expectations are the exact text the XML must hold (2 decimals, 0 for
 * JPY); rates are compared as numbers.
 *
 * Every scenario has both electronic addresses (valid ones: 9930 German VAT numbers, 0088 GLNs with their GS1 check
 * digit, 0204 the Leitweg-ID of the KoSIT specification, 9957 a French VAT number) and what every CIUS needs: a buyer
 * reference (Peppol R003, XRechnung BR-DE-15), seller telephone and e-mail (BR-DE-6/7), the seller's IBAN (BR-DE-1,
 * BR-DE-23-a) and both post codes (BR-DE-4/9).
 *
 * GLN check digits (GS1: weights 3, 1, 3, … from the digit left of the check digit, check = (10 − sum mod 10) mod 10):
 * - 400000100000? : digits from the right 0·3 0·1 0·3 0·1 0·3 1·1 0·3 0·1 0·3 0·1 0·3 4·1 = 5 → 5: 4000001000005;
 * - 061414100001? : 1·3 0·1 0·3 0·1 0·3 1·1 4·3 1·1 4·3 1·1 6·3 0·1 = 3+1+12+1+12+1+18 = 48 → 2: 0614141000012.
 */
import type { InvoiceDocument, InvoiceSeller, InvoiceStatementSession } from '../invoice-document';
import { GERMAN_SELLER } from '../invoice-fixtures.helper-spec';

/** The figures of one VAT breakdown group (BG-23). */
export interface ExpectedVat {
  category: string;
  rate: string;
  base: string;
  tax: string;
  /** BT-120, when the category carries one */
  exemptionReason?: string;
  /** BT-121, when the category carries one */
  exemptionReasonCode?: string;
}

export interface ExpectedLine {
  unitCode: string;
  quantity: string;
  /** BT-146 */
  price: string;
  /** BT-131 */
  net: string;
  category: string;
  rate: string;
}

export interface ExpectedAllowanceCharge {
  charge: boolean;
  amount: string;
  category: string;
  rate: string;
  reason: string;
}

export interface ExpectedFigures {
  /** BT-3 */
  typeCode: '380' | '381';
  /** BG-3 */
  precedingInvoice?: { number: string; issueDate: string };
  /** BT-106, BT-107, BT-108, BT-109, BT-110, BT-112, BT-115 (absent BT-107/108: null) */
  totals: {
    lineNet: string;
    allowances: string | null;
    charges: string | null;
    taxExclusive: string;
    tax: string;
    taxInclusive: string;
    payable: string;
  };
  vat: ExpectedVat[];
  lines: ExpectedLine[];
  allowanceCharges: ExpectedAllowanceCharge[];
  /** BG-24: the sessions the attached CSV lists */
  sessions?: InvoiceStatementSession[];
}

export interface EInvoiceScenario {
  name: string;
  doc: InvoiceDocument;
  expected: ExpectedFigures;
}

/** The Leitweg-ID of the KoSIT specification's example: its check digits 06 are right (ISO 7064 MOD 97-10). */
export const LEITWEG_ID = '04011000-1234512345-06';

const SELLER: InvoiceSeller = { ...GERMAN_SELLER, electronicAddress: { scheme: '9930', id: 'DE136695976' } };

const BILL: InvoiceDocument['bill'] = {
  number: 'INV-000101',
  status: 'unpaid',
  overdue: false,
  periodStart: '2026-10-31T23:00:00.000Z', // 2026-11-01 00:00 in Berlin
  periodEnd: '2026-11-30T23:00:00.000Z', // 2026-12-01 00:00 in Berlin: BG-14 is 2026-11-01 … 2026-11-30
  issueDate: '2026-11-30',
  dueDate: '2026-12-14',
  currency: 'EUR',
};

const GERMAN_PUBLIC_BUYER = {
  buyer: {
    name: 'Kreditorenbuchhaltung',
    legalName: 'Stadt Musterhausen',
    vatId: 'DE811569869',
    buyerReference: LEITWEG_ID,
    purchaseOrder: 'PO-2026-118',
    electronicAddress: { scheme: '0204', id: LEITWEG_ID },
  },
  billingAddress: {
    name: 'Stadt Musterhausen',
    line1: 'Rathausplatz 1',
    line2: null,
    postalCode: '10117',
    city: 'Berlin',
    region: null,
    country: 'DE',
  },
} satisfies Pick<InvoiceDocument, 'buyer' | 'billingAddress'>;

/** A document with the common parts; `parts` replaces whole fields. */
function document(parts: Partial<InvoiceDocument> & Pick<InvoiceDocument, 'lines' | 'taxes' | 'totals' | 'taxTreatment'>): InvoiceDocument {
  return {
    asIssued: true,
    language: 'de',
    seller: SELLER,
    ...GERMAN_PUBLIC_BUYER,
    bill: BILL,
    plan: { name: 'Support Pro' },
    adjustments: [],
    payments: [],
    taxExemptionReason: null,
    timeZone: 'Europe/Berlin',
    ...parts,
  };
}

const vat19 = (baseMinor: number, amountMinor: number): InvoiceDocument['taxes'] => [
  { name: 'MwSt.', categoryCode: 'S', ratePercent: 19, baseMinor, amountMinor, exemptionReason: null },
];

const totals = (subtotalMinor: number, adjustmentsMinor: number, taxMinor: number): InvoiceDocument['totals'] => ({
  subtotalMinor,
  adjustmentsMinor,
  netMinor: subtotalMinor + adjustmentsMinor,
  taxMinor,
  totalMinor: subtotalMinor + adjustmentsMinor + taxMinor,
  paidMinor: 0,
  balanceMinor: subtotalMinor + adjustmentsMinor + taxMinor,
});

/**
 * (1) Standard VAT 19 %, a discount AND a charge.
 * Lines: 4 h × 95.00 = 380.00; 1 device × 15.00 = 15.00; Σ lines (BT-106) 395.00.
 * Discount 10 % of 395.00 = 39.50 (BT-107); charge 25.00 (BT-108).
 * Net (BT-109) 395.00 − 39.50 + 25.00 = 380.50. VAT 380.50 × 19 % = 72.2950 → 72.30 (half up; BT-110, BT-117).
 * Gross (BT-112) 380.50 + 72.30 = 452.80 = payable (BT-115, nothing paid on the issued document).
 */
const standard: EInvoiceScenario = {
  name: 'standard',
  doc: document({
    bill: { ...BILL, number: 'INV-000101' },
    lines: [
      { kind: 'hours', description: 'Session hours', quantity: 4, unit: 'hour', unitAmountMinor: 9500, amountMinor: 38000 },
      { kind: 'devices', description: 'Unattended devices', quantity: 1, unit: 'device', unitAmountMinor: 1500, amountMinor: 1500 },
    ],
    adjustments: [
      { type: 'discount', description: 'Treuerabatt', percent: 10, amountMinor: 3950 },
      { type: 'charge', description: 'Wochenendeinsatz', percent: null, amountMinor: 2500 },
    ],
    taxTreatment: 'standard',
    taxes: vat19(38050, 7230),
    totals: totals(39500, -3950 + 2500, 7230),
  }),
  expected: {
    typeCode: '380',
    totals: {
      lineNet: '395.00',
      allowances: '39.50',
      charges: '25.00',
      taxExclusive: '380.50',
      tax: '72.30',
      taxInclusive: '452.80',
      payable: '452.80',
    },
    vat: [{ category: 'S', rate: '19', base: '380.50', tax: '72.30' }],
    lines: [
      { unitCode: 'HUR', quantity: '4', price: '95.00', net: '380.00', category: 'S', rate: '19' },
      { unitCode: 'C62', quantity: '1', price: '15.00', net: '15.00', category: 'S', rate: '19' },
    ],
    allowanceCharges: [
      { charge: false, amount: '39.50', category: 'S', rate: '19', reason: 'Treuerabatt' },
      { charge: true, amount: '25.00', category: 'S', rate: '19', reason: 'Wochenendeinsatz' },
    ],
  },
};

/**
 * (2) Several rates on one bill: hours at 19 %, training material at 7 %, one fixed discount of 50.00 split across
 * the two tax sets in proportion to their lines (libs/billing: largest remainder, in minor units):
 * Lines: 10 h × 80.00 = 800.00 (19 %); 3 items × 33.33 = 99.99 (7 %); Σ lines 899.99.
 * Split of 5000 over weights 80000 and 9999 (total 89999):
 *   19 %: 5000 × 80000 / 89999 = 400000000 / 89999 = 4444 rest 44444;
 *    7 %: 5000 ×  9999 / 89999 =  49995000 / 89999 =  555 rest 45555;
 *   4444 + 555 = 4999: the one unit left goes to the larger rest (45555, the 7 % set) → 4444 and 556.
 * 19 %: base 800.00 − 44.44 = 755.56, VAT 755.56 × 19 % = 143.5564 → 143.56.
 *  7 %: base  99.99 −  5.56 =  94.43, VAT  94.43 ×  7 % =   6.6101 →   6.61.
 * Net 899.99 − 50.00 = 849.99 (= 755.56 + 94.43). VAT 143.56 + 6.61 = 150.17. Gross 849.99 + 150.17 = 1000.16.
 * The seller is addressed by GLN here (0088 4000001000005).
 */
const severalRates: EInvoiceScenario = {
  name: 'several-rates',
  doc: document({
    seller: { ...SELLER, electronicAddress: { scheme: '0088', id: '4000001000005' } },
    bill: { ...BILL, number: 'INV-000102' },
    lines: [
      { kind: 'hours', description: 'Session hours', quantity: 10, unit: 'hour', unitAmountMinor: 8000, amountMinor: 80000 },
      { kind: 'material', description: 'Schulungsunterlagen', quantity: 3, unit: 'item', unitAmountMinor: 3333, amountMinor: 9999 },
    ],
    adjustments: [{ type: 'discount', description: 'Projektrabatt', percent: null, amountMinor: 5000 }],
    taxTreatment: 'standard',
    taxes: [
      { name: 'MwSt. 19 %', categoryCode: 'S', ratePercent: 19, baseMinor: 75556, amountMinor: 14356, exemptionReason: null },
      { name: 'MwSt. 7 %', categoryCode: 'S', ratePercent: 7, baseMinor: 9443, amountMinor: 661, exemptionReason: null },
    ],
    taxSets: [
      { taxes: [0], lines: [0], adjustmentSharesMinor: [-4444] },
      { taxes: [1], lines: [1], adjustmentSharesMinor: [-556] },
    ],
    totals: totals(89999, -5000, 15017),
  }),
  expected: {
    typeCode: '380',
    totals: {
      lineNet: '899.99',
      allowances: '50.00',
      charges: null,
      taxExclusive: '849.99',
      tax: '150.17',
      taxInclusive: '1000.16',
      payable: '1000.16',
    },
    vat: [
      { category: 'S', rate: '19', base: '755.56', tax: '143.56' },
      { category: 'S', rate: '7', base: '94.43', tax: '6.61' },
    ],
    lines: [
      { unitCode: 'HUR', quantity: '10', price: '80.00', net: '800.00', category: 'S', rate: '19' },
      { unitCode: 'C62', quantity: '3', price: '33.33', net: '99.99', category: 'S', rate: '7' },
    ],
    allowanceCharges: [
      { charge: false, amount: '44.44', category: 'S', rate: '19', reason: 'Projektrabatt' },
      { charge: false, amount: '5.56', category: 'S', rate: '7', reason: 'Projektrabatt' },
    ],
  },
};

/**
 * (3) Reverse charge (AE): a French business customer with its VAT ID, French invoice.
 * Lines: 10 h × 90.00 = 900.00; discount 5 % = 45.00; net 855.00; one AE group at 0 %: base 855.00, VAT 0.00;
 * gross 855.00. BT-120 "Reverse charge", BT-121 VATEX-EU-AE (the generator's default texts).
 */
const reverseCharge: EInvoiceScenario = {
  name: 'reverse-charge',
  doc: document({
    language: 'fr',
    bill: { ...BILL, number: 'INV-000103' },
    buyer: {
      name: 'Comptabilité',
      legalName: 'Exemple SARL',
      vatId: 'FR40303265045',
      buyerReference: 'REF-FR-9',
      purchaseOrder: 'BC-4471',
      electronicAddress: { scheme: '9957', id: 'FR40303265045' },
    },
    billingAddress: {
      name: 'Service fournisseurs',
      line1: '12 rue de la Paix',
      line2: null,
      postalCode: '75002',
      city: 'Paris',
      region: null,
      country: 'FR',
    },
    lines: [{ kind: 'hours', description: 'Session hours', quantity: 10, unit: 'hour', unitAmountMinor: 9000, amountMinor: 90000 }],
    adjustments: [{ type: 'discount', description: 'Remise 5 %', percent: 5, amountMinor: 4500 }],
    taxTreatment: 'reverse_charge',
    taxes: [{ name: 'Reverse charge', categoryCode: 'AE', ratePercent: 0, baseMinor: 85500, amountMinor: 0, exemptionReason: null }],
    totals: totals(90000, -4500, 0),
  }),
  expected: {
    typeCode: '380',
    totals: {
      lineNet: '900.00',
      allowances: '45.00',
      charges: null,
      taxExclusive: '855.00',
      tax: '0.00',
      taxInclusive: '855.00',
      payable: '855.00',
    },
    vat: [
      { category: 'AE', rate: '0', base: '855.00', tax: '0.00', exemptionReason: 'Reverse charge', exemptionReasonCode: 'VATEX-EU-AE' },
    ],
    lines: [{ unitCode: 'HUR', quantity: '10', price: '90.00', net: '900.00', category: 'AE', rate: '0' }],
    allowanceCharges: [{ charge: false, amount: '45.00', category: 'AE', rate: '0', reason: 'Remise 5 %' }],
  },
};

const EXEMPTION = 'Steuerfrei nach § 4 Nr. 21 UStG';

/**
 * (4) Exempt (E) with the customer's reason.
 * Lines: 12 sessions × 25.00 = 300.00; one E group at 0 %: base 300.00, VAT 0.00; gross 300.00.
 * BT-120 is the reason as given; no VATEX code.
 */
const exempt: EInvoiceScenario = {
  name: 'exempt',
  doc: document({
    bill: { ...BILL, number: 'INV-000104' },
    buyer: {
      name: 'Verwaltung',
      legalName: 'Bildungswerk Musterhausen e.V.',
      vatId: 'DE129273398',
      buyerReference: 'BW-2026-7',
      purchaseOrder: null,
      electronicAddress: { scheme: '9930', id: 'DE129273398' },
    },
    lines: [{ kind: 'sessions', description: 'Remote sessions', quantity: 12, unit: 'session', unitAmountMinor: 2500, amountMinor: 30000 }],
    taxTreatment: 'exempt',
    taxExemptionReason: EXEMPTION,
    taxes: [{ name: 'Exempt', categoryCode: 'E', ratePercent: 0, baseMinor: 30000, amountMinor: 0, exemptionReason: EXEMPTION }],
    totals: totals(30000, 0, 0),
  }),
  expected: {
    typeCode: '380',
    totals: {
      lineNet: '300.00',
      allowances: null,
      charges: null,
      taxExclusive: '300.00',
      tax: '0.00',
      taxInclusive: '300.00',
      payable: '300.00',
    },
    vat: [{ category: 'E', rate: '0', base: '300.00', tax: '0.00', exemptionReason: EXEMPTION }],
    lines: [{ unitCode: 'C62', quantity: '12', price: '25.00', net: '300.00', category: 'E', rate: '0' }],
    allowanceCharges: [],
  },
};

/**
 * (5) Export (G) to a US customer (no VAT ID; addressed by GLN 0088 0614141000012), English invoice.
 * Lines: 3 sessions × 40.00 = 120.00; 2 devices × 12.50 = 25.00; Σ 145.00; charge 15.00; net 160.00;
 * one G group at 0 %: base 160.00, VAT 0.00; gross 160.00. BT-120 "Export outside the EU", BT-121 VATEX-EU-G.
 */
const exportOutsideEu: EInvoiceScenario = {
  name: 'export',
  doc: document({
    language: 'en',
    bill: { ...BILL, number: 'INV-000105' },
    buyer: {
      name: 'IT Operations',
      legalName: 'Globex Corporation',
      vatId: null,
      buyerReference: 'GLX-REF-1',
      purchaseOrder: 'PO 7781',
      electronicAddress: { scheme: '0088', id: '0614141000012' },
    },
    billingAddress: {
      name: 'Accounts Payable',
      line1: '1 Industrial Way',
      line2: 'Building 4',
      postalCode: '97403',
      city: 'Springfield',
      region: 'OR',
      country: 'US',
    },
    lines: [
      { kind: 'sessions', description: 'Remote sessions', quantity: 3, unit: 'session', unitAmountMinor: 4000, amountMinor: 12000 },
      { kind: 'devices', description: 'Unattended devices', quantity: 2, unit: 'device', unitAmountMinor: 1250, amountMinor: 2500 },
    ],
    adjustments: [{ type: 'charge', description: 'Weekend call-out', percent: null, amountMinor: 1500 }],
    taxTreatment: 'export',
    taxes: [{ name: 'Export', categoryCode: 'G', ratePercent: 0, baseMinor: 16000, amountMinor: 0, exemptionReason: null }],
    totals: totals(14500, 1500, 0),
  }),
  expected: {
    typeCode: '380',
    totals: {
      lineNet: '145.00',
      allowances: null,
      charges: '15.00',
      taxExclusive: '160.00',
      tax: '0.00',
      taxInclusive: '160.00',
      payable: '160.00',
    },
    vat: [
      {
        category: 'G',
        rate: '0',
        base: '160.00',
        tax: '0.00',
        exemptionReason: 'Export outside the EU',
        exemptionReasonCode: 'VATEX-EU-G',
      },
    ],
    lines: [
      { unitCode: 'C62', quantity: '3', price: '40.00', net: '120.00', category: 'G', rate: '0' },
      { unitCode: 'C62', quantity: '2', price: '12.50', net: '25.00', category: 'G', rate: '0' },
    ],
    allowanceCharges: [{ charge: true, amount: '15.00', category: 'G', rate: '0', reason: 'Weekend call-out' }],
  },
};

const PRECEDING = { number: 'INV-000101', issueDate: '2026-11-30' };

/**
 * (6) A credit note CN-000007 (issued 2026-12-05) on INV-000101: one line of 1 item, 100.00 + 19 % (19.00) = 119.00
 * credited. BT-3 381 (UBL: a CreditNote), BG-3 INV-000101 of 2026-11-30, no due date (BT-20 says it credits).
 */
const creditNote: EInvoiceScenario = {
  name: 'credit-note',
  doc: document({
    documentType: 'credit_note',
    precedingInvoice: PRECEDING,
    bill: { ...BILL, number: 'CN-000007', issueDate: '2026-12-05' },
    lines: [
      {
        kind: 'correction',
        description: 'Gutschrift: Ausfall am 12.11.2026',
        quantity: 1,
        unit: 'item',
        unitAmountMinor: 10000,
        amountMinor: 10000,
      },
    ],
    taxTreatment: 'standard',
    taxes: vat19(10000, 1900),
    totals: totals(10000, 0, 1900),
  }),
  expected: {
    typeCode: '381',
    precedingInvoice: PRECEDING,
    totals: {
      lineNet: '100.00',
      allowances: null,
      charges: null,
      taxExclusive: '100.00',
      tax: '19.00',
      taxInclusive: '119.00',
      payable: '119.00',
    },
    vat: [{ category: 'S', rate: '19', base: '100.00', tax: '19.00' }],
    lines: [{ unitCode: 'C62', quantity: '1', price: '100.00', net: '100.00', category: 'S', rate: '19' }],
    allowanceCharges: [],
  },
};

/**
 * (7) A supplementary invoice INV-000108 (issued 2026-12-05, due 2026-12-19) on INV-000101: one line of 1 item,
 * 50.00 + 19 % (9.50) = 59.50. BT-3 380, BG-3 INV-000101 of 2026-11-30.
 */
const supplementary: EInvoiceScenario = {
  name: 'supplementary-invoice',
  doc: document({
    documentType: 'supplementary_invoice',
    precedingInvoice: PRECEDING,
    bill: { ...BILL, number: 'INV-000108', issueDate: '2026-12-05', dueDate: '2026-12-19' },
    lines: [
      {
        kind: 'correction',
        description: 'Nachberechnung: Wochenendeinsatz',
        quantity: 1,
        unit: 'item',
        unitAmountMinor: 5000,
        amountMinor: 5000,
      },
    ],
    taxTreatment: 'standard',
    taxes: vat19(5000, 950),
    totals: totals(5000, 0, 950),
  }),
  expected: {
    typeCode: '380',
    precedingInvoice: PRECEDING,
    totals: {
      lineNet: '50.00',
      allowances: null,
      charges: null,
      taxExclusive: '50.00',
      tax: '9.50',
      taxInclusive: '59.50',
      payable: '59.50',
    },
    vat: [{ category: 'S', rate: '19', base: '50.00', tax: '9.50' }],
    lines: [{ unitCode: 'C62', quantity: '1', price: '50.00', net: '50.00', category: 'S', rate: '19' }],
    allowanceCharges: [],
  },
};

/**
 * (8) JPY (0 decimals), 19 %: an hours line whose quantity × rate is not its amount, so the net price is the amount
 * divided by the quantity (einvoice-model.ts `linePrice`):
 * - 3700 s billed = 1.02777… h, printed to 4 decimals 1.0278 h; rated from exact seconds 3700 / 3600 × 12 000 =
 *   12 333.33 → 12 333 JPY. 1.0278 × 12 000 = 12 333.6 differs by 0.6 (more than 0.01): the price is
 *   12 333 / 1.0278 = 11 999.416228838… → 6 decimals 11999.416229 (PEPPOL-EN16931-R120: 1.0278 × 11999.416229 =
 *   12 332.99999…, within 0.02 of 12 333; 12 000 would be 0.6 off).
 * - 2 devices × 1 500 = 3 000.
 * Σ lines 15 333; VAT 15 333 × 19 % = 2 913.27 → 2 913; gross 18 246.
 */
const jpy: EInvoiceScenario = {
  name: 'jpy',
  doc: document({
    language: 'en',
    bill: { ...BILL, number: 'INV-000109', currency: 'JPY' },
    buyer: {
      name: 'Purchasing',
      legalName: 'Nippon Remote Services GmbH',
      vatId: 'DE813155558',
      buyerReference: 'NRS-4711',
      purchaseOrder: null,
      electronicAddress: { scheme: '9930', id: 'DE813155558' },
    },
    billingAddress: {
      name: 'Nippon Remote Services GmbH',
      line1: 'Immermannstraße 45',
      line2: null,
      postalCode: '40210',
      city: 'Düsseldorf',
      region: null,
      country: 'DE',
    },
    lines: [
      { kind: 'hours', description: 'Session hours', quantity: 1.0278, unit: 'hour', unitAmountMinor: 12000, amountMinor: 12333 },
      { kind: 'devices', description: 'Unattended devices', quantity: 2, unit: 'device', unitAmountMinor: 1500, amountMinor: 3000 },
    ],
    taxTreatment: 'standard',
    taxes: vat19(15333, 2913),
    totals: totals(15333, 0, 2913),
  }),
  expected: {
    typeCode: '380',
    totals: {
      lineNet: '15333',
      allowances: null,
      charges: null,
      taxExclusive: '15333',
      tax: '2913',
      taxInclusive: '18246',
      payable: '18246',
    },
    vat: [{ category: 'S', rate: '19', base: '15333', tax: '2913' }],
    lines: [
      { unitCode: 'HUR', quantity: '1.0278', price: '11999.416229', net: '12333', category: 'S', rate: '19' },
      { unitCode: 'C62', quantity: '2', price: '1500', net: '3000', category: 'S', rate: '19' },
    ],
    allowanceCharges: [],
  },
};

/**
 * (8b) JPY with whole hours, so the price is the plan's rate (no fallback), and a VAT that rounds at 0 decimals:
 * 2 h × 12 000 = 24 000; 1 device × 1 550 = 1 550; Σ 25 550; VAT 25 550 × 19 % = 4 854.5 → 4 855 (half up, JPY has
 * no minor unit); gross 30 405.
 */
const jpyWholeHours: EInvoiceScenario = {
  name: 'jpy-whole-hours',
  doc: {
    ...jpy.doc,
    bill: { ...jpy.doc.bill, number: 'INV-000111' },
    lines: [
      { kind: 'hours', description: 'Session hours', quantity: 2, unit: 'hour', unitAmountMinor: 12000, amountMinor: 24000 },
      { kind: 'devices', description: 'Unattended devices', quantity: 1, unit: 'device', unitAmountMinor: 1550, amountMinor: 1550 },
    ],
    taxes: vat19(25550, 4855),
    totals: totals(25550, 0, 4855),
  },
  expected: {
    typeCode: '380',
    totals: {
      lineNet: '25550',
      allowances: null,
      charges: null,
      taxExclusive: '25550',
      tax: '4855',
      taxInclusive: '30405',
      payable: '30405',
    },
    vat: [{ category: 'S', rate: '19', base: '25550', tax: '4855' }],
    lines: [
      { unitCode: 'HUR', quantity: '2', price: '12000', net: '24000', category: 'S', rate: '19' },
      { unitCode: 'C62', quantity: '1', price: '1550', net: '1550', category: 'S', rate: '19' },
    ],
    allowanceCharges: [],
  },
};

/** Two billed sessions: 1 h, and 85 min billed as 1.5 h (15-minute increments); a technician's name holds a comma. */
export const STATEMENT: InvoiceStatementSession[] = [
  {
    externalId: 'S-20261103-01',
    startedAt: '2026-11-03T09:00:00.000Z',
    endedAt: '2026-11-03T10:00:00.000Z',
    technician: 'Müller, Anna',
    type: 'attended',
    durationSeconds: 3600,
    billableSeconds: 3600,
  },
  {
    externalId: 'S-20261110-07',
    startedAt: '2026-11-10T13:00:00.000Z',
    endedAt: '2026-11-10T14:25:00.000Z',
    technician: null,
    type: 'unattended',
    durationSeconds: 5100,
    billableSeconds: 5400,
  },
];

/**
 * (9) With the session statement (BG-24): the two sessions above, 1 h + 1.5 h = 2.5 h × 80.00 = 200.00;
 * VAT 19 % = 38.00; gross 238.00. The attached CSV lists both sessions.
 */
const sessionStatement: EInvoiceScenario = {
  name: 'session-statement',
  doc: document({
    bill: { ...BILL, number: 'INV-000110' },
    lines: [{ kind: 'hours', description: 'Session hours', quantity: 2.5, unit: 'hour', unitAmountMinor: 8000, amountMinor: 20000 }],
    taxTreatment: 'standard',
    taxes: vat19(20000, 3800),
    totals: totals(20000, 0, 3800),
    sessionStatement: STATEMENT,
  }),
  expected: {
    typeCode: '380',
    totals: {
      lineNet: '200.00',
      allowances: null,
      charges: null,
      taxExclusive: '200.00',
      tax: '38.00',
      taxInclusive: '238.00',
      payable: '238.00',
    },
    vat: [{ category: 'S', rate: '19', base: '200.00', tax: '38.00' }],
    lines: [{ unitCode: 'HUR', quantity: '2.5', price: '80.00', net: '200.00', category: 'S', rate: '19' }],
    allowanceCharges: [],
    sessions: STATEMENT,
  },
};

/**
 * (11) Rate rules (issue #18): lines per rate class and a minimum commitment's top-up, standard VAT 19 %.
 * Lines: business 1 h 30 min × 80.00 = 120.00; after hours (×1.5) 1 min × 120.00 = 2.00 (quantity 0.0167 h:
 * 0.0167 × 120.00 = 2.004, within the 0.01 a price may differ, so the rate stays the price); weekend (×2) 2 h 15 min ×
 * 160.00 = 360.00; the commitment's top-up 1 × 50.00. Σ lines 532.00; VAT 532.00 × 19 % = 101.08; gross 633.08.
 */
const rateClasses: EInvoiceScenario = {
  name: 'rate-classes',
  doc: document({
    bill: { ...BILL, number: 'INV-000111' },
    lines: [
      {
        kind: 'hours',
        description: 'Session hours — business hours: 1 h 30 min',
        quantity: 1.5,
        unit: 'hour',
        unitAmountMinor: 8000,
        amountMinor: 12000,
      },
      {
        kind: 'hours',
        description: 'Session hours — after hours (×1.5): 1 min',
        quantity: 0.0167,
        unit: 'hour',
        unitAmountMinor: 12000,
        amountMinor: 200,
      },
      {
        kind: 'hours',
        description: 'Session hours — weekend (×2): 2 h 15 min',
        quantity: 2.25,
        unit: 'hour',
        unitAmountMinor: 16000,
        amountMinor: 36000,
      },
      {
        kind: 'commitment',
        description: 'Minimum commitment (€600.00 a period): top-up',
        quantity: 1,
        unit: 'item',
        unitAmountMinor: 5000,
        amountMinor: 5000,
      },
    ],
    adjustments: [],
    taxTreatment: 'standard',
    taxes: vat19(53200, 10108),
    totals: totals(53200, 0, 10108),
  }),
  expected: {
    typeCode: '380',
    totals: {
      lineNet: '532.00',
      allowances: null,
      charges: null,
      taxExclusive: '532.00',
      tax: '101.08',
      taxInclusive: '633.08',
      payable: '633.08',
    },
    vat: [{ category: 'S', rate: '19', base: '532.00', tax: '101.08' }],
    lines: [
      { unitCode: 'HUR', quantity: '1.5', price: '80.00', net: '120.00', category: 'S', rate: '19' },
      { unitCode: 'HUR', quantity: '0.0167', price: '120.00', net: '2.00', category: 'S', rate: '19' },
      { unitCode: 'HUR', quantity: '2.25', price: '160.00', net: '360.00', category: 'S', rate: '19' },
      { unitCode: 'C62', quantity: '1', price: '50.00', net: '50.00', category: 'S', rate: '19' },
    ],
    allowanceCharges: [],
  },
};

export const EINVOICE_SCENARIOS: readonly EInvoiceScenario[] = [
  standard,
  severalRates,
  reverseCharge,
  exempt,
  exportOutsideEu,
  creditNote,
  supplementary,
  jpy,
  jpyWholeHours,
  sessionStatement,
  rateClasses,
];

/** A scenario's document, deep-copied (a test may change it). */
export function scenarioDocument(name: string): InvoiceDocument {
  const scenario = EINVOICE_SCENARIOS.find((s) => s.name === name);
  if (!scenario) throw new Error(`no scenario ${name}`);
  return structuredClone(scenario.doc);
}
