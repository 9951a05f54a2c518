/**
 * An INDEPENDENT reader and rule checker of EN 16931 e-invoices, for the tests of the generator in this folder. It
 * shares no code with the generator: it parses the XML (@xmldom/xmldom + xpath), reads UBL 2.1 Invoice, UBL 2.1
 * CreditNote and UN/CEFACT CII CrossIndustryInvoice into one neutral structure (amounts as exact decimals: bigint
 * and a scale, never floats), then checks the rules below, each under its official id.
 *
 * The rules were read from the official rule texts (read, not copied; the XPath of each is re-expressed here):
 * - CEN: ConnectingEurope/eInvoicing-EN16931 `ubl/schematron/abstract/EN16931-model.sch` (the texts),
 *   `ubl/schematron/UBL/EN16931-UBL-model.sch` and `cii/schematron/CII/EN16931-CII-model.sch` (the bindings),
 *   `ubl/schematron/codelist/EN16931-UBL-codes.sch` (BR-CL-*);
 * - Peppol BIS Billing 3.0: OpenPEPPOL/peppol-bis-invoice-3 `rules/sch/PEPPOL-EN16931-UBL.sch` and
 *   `structure/codelist/*.xml`;
 * - XRechnung 3.0: itplr-kosit/xrechnung-schematron `src/validation/schematron/ubl/XRechnung-UBL-validation.sch`,
 *   `cii/XRechnung-CII-validation.sch`, `common.sch`.
 * Where this checker is stricter than the official artefacts it says so (BR-CO-17, BR-S-08 and BR-S-09 are exact
 * here; the CEN schematron allows ±1). Warnings of the official artefacts (BR-DE-17, 19, 21, 27, 28) are errors here.
 *
 * Checked per CIUS: 'en16931' (every document: the CEN rules and code lists), plus 'peppol' (PEPPOL-EN16931-*,
 * PEPPOL-COMMON-R040) or 'xrechnung' (BR-DE-*). Not checked: XSD validity in general (only the few structural points
 * named XSD-*), BR-CO-09's country list beyond the code list below, the Peppol national rules (DK-, IT-, NL-, NO-,
 * SE-, GR-, IS-), the BR-IG-/BR-IP- (Canary Islands, Ceuta and Melilla) and BR-AF/BR-B rules, line-level
 * allowances and charges (the generator writes none; their BR-DEC-24..28 are checked when present).
 */
import {
  decodePDFRawStream,
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFRawStream,
  PDFRef,
  PDFStream,
  PDFString,
} from '@cantoo/pdf-lib';
import { DOMParser } from '@xmldom/xmldom';
import { isArrayOfNodes, useNamespaces } from 'xpath';

// ---------------------------------------------------------------------------------------------------------------
// Exact decimals

/** An exact decimal: `units` × 10^-`scale`. */
export class Dec {
  private constructor(
    readonly units: bigint,
    readonly scale: number,
  ) {}

  static readonly ZERO = new Dec(0n, 0);

  /** A plain decimal ("12.50", "-3", "0.5"); null when the text is not one (no exponent, no grouping). */
  static parse(text: string | null | undefined): Dec | null {
    const m = /^([+-]?)([0-9]+)(?:\.([0-9]+))?$/.exec((text ?? '').trim());
    if (!m) return null;
    const fraction = m[3] ?? '';
    const units = BigInt(m[2] + fraction);
    return new Dec(m[1] === '-' ? -units : units, fraction.length);
  }

  static of(text: string): Dec {
    const d = Dec.parse(text);
    if (!d) throw new Error(`not a decimal: ${JSON.stringify(text)}`);
    return d;
  }

  private at(scale: number): bigint {
    return this.units * 10n ** BigInt(scale - this.scale);
  }

  add(o: Dec): Dec {
    const s = Math.max(this.scale, o.scale);
    return new Dec(this.at(s) + o.at(s), s);
  }

  sub(o: Dec): Dec {
    return this.add(o.neg());
  }

  neg(): Dec {
    return new Dec(-this.units, this.scale);
  }

  abs(): Dec {
    return this.units < 0n ? this.neg() : this;
  }

  mul(o: Dec): Dec {
    return new Dec(this.units * o.units, this.scale + o.scale);
  }

  cmp(o: Dec): number {
    const s = Math.max(this.scale, o.scale);
    const a = this.at(s);
    const b = o.at(s);
    return a < b ? -1 : a > b ? 1 : 0;
  }

  eq(o: Dec): boolean {
    return this.cmp(o) === 0;
  }

  /** Rounded to `scale` decimals, half away from zero. */
  round(scale: number): Dec {
    if (scale >= this.scale) return this;
    const d = 10n ** BigInt(this.scale - scale);
    const m = this.units < 0n ? -this.units : this.units;
    const q = (m + d / 2n) / d;
    return new Dec(this.units < 0n ? -q : q, scale);
  }

  /** Divided by 100 (a percentage as a factor): exact. */
  percent(): Dec {
    return new Dec(this.units, this.scale + 2);
  }

  toString(): string {
    const m = (this.units < 0n ? -this.units : this.units).toString().padStart(this.scale + 1, '0');
    const sign = this.units < 0n ? '-' : '';
    return this.scale === 0 ? sign + m : `${sign}${m.slice(0, -this.scale)}.${m.slice(-this.scale)}`;
  }
}

const sum = (xs: readonly Dec[]): Dec => xs.reduce((a, b) => a.add(b), Dec.ZERO);

/** Digits after the decimal point of an amount as written. */
export const decimalsOf = (text: string): number => (text.includes('.') ? text.length - text.indexOf('.') - 1 : 0);

// ---------------------------------------------------------------------------------------------------------------
// The neutral structure

export interface Amount {
  /** the business term, e.g. 'BT-106' */
  bt: string;
  text: string;
  value: Dec;
  /** UBL's @currencyID (CII amounts carry none, except BT-110/111) */
  currencyID: string | null;
}

export interface Address {
  line1: string | null;
  line2: string | null;
  city: string | null;
  postCode: string | null;
  region: string | null;
  country: string | null;
}

export interface Party {
  /** BT-27 / BT-44 */
  name: string | null;
  /** BT-28 / BT-45 */
  tradingName: string | null;
  /** BT-34 / BT-49 */
  electronicAddress: { scheme: string | null; id: string } | null;
  /** BT-31 / BT-48 */
  vatId: string | null;
  /** BT-32 */
  taxRegistration: string | null;
  /** BT-30 / BT-47 */
  legalRegistration: string | null;
  /** BG-5 / BG-8 */
  address: Address | null;
  /** BG-6 */
  contact: { name: string | null; phone: string | null; email: string | null } | null;
}

export interface TaxCategory {
  /** BT-95/102/118/151: UNCL5305 */
  category: string | null;
  /** BT-96/103/119/152, null when absent */
  rate: Dec | null;
  rateText: string | null;
  /** UBL TaxScheme/ID, CII TypeCode: 'VAT' */
  scheme: string | null;
}

export interface AllowanceCharge extends TaxCategory {
  /** the ChargeIndicator as written */
  indicator: string;
  charge: boolean;
  /** BT-92 / BT-99 */
  amount: Amount;
  /** BT-93 / BT-100 */
  base: Amount | null;
  /** BT-94 / BT-101 */
  percent: Dec | null;
  /** BT-97 / BT-104 */
  reason: string | null;
  /** BT-98 / BT-105 */
  reasonCode: string | null;
}

export interface VatGroup extends TaxCategory {
  /** BT-116 */
  taxable: Amount;
  /** BT-117 */
  tax: Amount;
  /** BT-120 */
  exemptionReason: string | null;
  /** BT-121 */
  exemptionReasonCode: string | null;
}

export interface Line extends TaxCategory {
  /** BT-126 */
  id: string | null;
  /** BT-129 */
  quantity: Dec | null;
  quantityText: string | null;
  /** BT-130 */
  unitCode: string | null;
  /** BT-131 */
  net: Amount | null;
  /** BT-153 */
  name: string | null;
  /** BT-146 */
  price: Dec | null;
  priceText: string | null;
  /** BT-149 */
  baseQuantity: Dec | null;
  /** BG-27 / BG-28 */
  allowanceCharges: AllowanceCharge[];
}

export interface Attachment {
  /** BT-122 */
  id: string | null;
  /** BT-123 */
  description: string | null;
  /** CII TypeCode (916 for a supporting document) */
  typeCode: string | null;
  /** BT-125 */
  content: string | null;
  mimeCode: string | null;
  filename: string | null;
}

export interface PaymentMeans {
  /** BT-81 */
  code: string | null;
  /** BT-83 */
  remittance: string | null;
  /** BT-84 */
  account: string | null;
  /** BT-85 */
  accountName: string | null;
  /** BT-86 */
  bic: string | null;
  /** BG-18 / BG-19 present */
  card: boolean;
  mandate: boolean;
}

export interface EInvoice {
  syntax: 'UBL' | 'CII';
  /** the root element's local name: Invoice, CreditNote or CrossIndustryInvoice */
  root: string;
  rootNamespace: string | null;
  /** BT-24 */
  customizationId: string | null;
  /** BT-23 */
  profileId: string | null;
  /** BT-1 */
  number: string | null;
  /** BT-2, YYYY-MM-DD (read from CII format 102) */
  issueDate: string | null;
  /** BT-3 */
  typeCode: string | null;
  /** UBL: which element carried BT-3 */
  typeCodeElement: string | null;
  /** BT-5 */
  currency: string | null;
  /** BT-6 */
  taxCurrency: string | null;
  /** BT-9 */
  dueDate: string | null;
  /** BT-10 */
  buyerReference: string | null;
  /** BT-13 */
  purchaseOrder: string | null;
  /** BT-22 */
  notes: string[];
  /** BG-14 */
  period: { start: string | null; end: string | null } | null;
  /** BG-3 */
  precedingInvoices: { number: string | null; issueDate: string | null }[];
  /** BT-20 */
  paymentTerms: string[];
  seller: Party;
  buyer: Party;
  paymentMeans: PaymentMeans[];
  /** BG-20 and BG-21, in document order */
  allowanceCharges: AllowanceCharge[];
  /** UBL: every cac:TaxTotal (with its subtotals or not); CII: the TaxTotalAmount elements */
  taxTotals: { amount: Amount; withSubtotals: boolean }[];
  /** BG-23 */
  vat: VatGroup[];
  /** BG-22 */
  totals: {
    lineNet: Amount | null;
    allowances: Amount | null;
    charges: Amount | null;
    taxExclusive: Amount | null;
    /** BT-110: in the invoice currency */
    tax: Amount | null;
    /** BT-111: in the accounting currency */
    taxAccounting: Amount | null;
    taxInclusive: Amount | null;
    prepaid: Amount | null;
    rounding: Amount | null;
    payable: Amount | null;
  };
  /** BG-25 */
  lines: Line[];
  /** the line element's local name (InvoiceLine, CreditNoteLine, IncludedSupplyChainTradeLineItem) and quantity's */
  lineElements: string[];
  quantityElements: string[];
  /** BG-24 */
  attachments: Attachment[];
  /** every amount read, for BR-DEC-* and the currency rules */
  amounts: Amount[];
  /** every date as written (UBL: YYYY-MM-DD; CII: the DateTimeString and its @format) */
  dates: { bt: string; text: string; format: string | null }[];
  /** elements without children and without text (PEPPOL-EN16931-R008) */
  emptyElements: string[];
  /** CII: the child elements of rsm:SupplyChainTradeTransaction, in order */
  transactionChildren: string[];
}

// ---------------------------------------------------------------------------------------------------------------
// Reading

const NS = {
  ubl: 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2',
  cn: 'urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2',
  cac: 'urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2',
  cbc: 'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2',
  rsm: 'urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100',
  ram: 'urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100',
  udt: 'urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100',
  qdt: 'urn:un:unece:uncefact:data:standard:QualifiedDataType:100',
};
const select = useNamespaces(NS);

function nodes(path: string, ctx: Node): Node[] {
  const r = select(path, ctx);
  return isArrayOfNodes(r) ? r : [];
}

const node = (path: string, ctx: Node): Node | null => nodes(path, ctx)[0] ?? null;

function valueOf(n: Node): string {
  return n.nodeType === 2 ? ((n as Attr).value ?? '') : (n.textContent ?? '');
}

/** The first node's text, trimmed; null when there is no such node. */
function str(path: string, ctx: Node): string | null {
  const n = node(path, ctx);
  return n ? valueOf(n).trim() : null;
}

const strs = (path: string, ctx: Node): string[] => nodes(path, ctx).map((n) => valueOf(n).trim());

/** Parses XML; throws on any error (a document that does not parse is not an e-invoice). */
export function parseXml(xml: string): Document {
  const doc = new DOMParser({
    onError: (level, message) => {
      if (level !== 'warning') throw new Error(`XML does not parse: ${message}`);
    },
  }).parseFromString(xml, 'text/xml');
  return doc as unknown as Document;
}

/** Reads a UBL Invoice, a UBL CreditNote or a CII CrossIndustryInvoice. */
export function readEInvoice(xml: string): EInvoice {
  const doc = parseXml(xml);
  const root = doc.documentElement;
  if (!root) throw new Error('no root element');
  if (root.namespaceURI === NS.rsm && root.localName === 'CrossIndustryInvoice') return readCii(root);
  if ((root.namespaceURI === NS.ubl && root.localName === 'Invoice') || (root.namespaceURI === NS.cn && root.localName === 'CreditNote')) {
    return readUbl(root);
  }
  throw new Error(`not an e-invoice: {${root.namespaceURI}}${root.localName}`);
}

function emptyElements(root: Element): string[] {
  return nodes('//*[not(*) and not(normalize-space())]', root).map((n) => (n as Element).tagName);
}

class AmountReader {
  readonly all: Amount[] = [];

  read(bt: string, n: Node | null): Amount | null {
    if (!n) return null;
    const text = valueOf(n).trim();
    const value = Dec.parse(text);
    if (!value) throw new Error(`${bt}: ${JSON.stringify(text)} is not an amount`);
    const el = n as Element;
    const amount: Amount = { bt, text, value, currencyID: el.getAttribute?.('currencyID') || null };
    this.all.push(amount);
    return amount;
  }

  must(bt: string, n: Node | null): Amount {
    const a = this.read(bt, n);
    if (!a) throw new Error(`${bt} is missing`);
    return a;
  }
}

// --- UBL ---

function ublAddress(ctx: Node | null): Address | null {
  if (!ctx) return null;
  return {
    line1: str('cbc:StreetName', ctx),
    line2: str('cbc:AdditionalStreetName', ctx),
    city: str('cbc:CityName', ctx),
    postCode: str('cbc:PostalZone', ctx),
    region: str('cbc:CountrySubentity', ctx),
    country: str('cac:Country/cbc:IdentificationCode', ctx),
  };
}

function ublParty(party: Node | null): Party {
  const p = party;
  if (!p) {
    return {
      name: null,
      tradingName: null,
      electronicAddress: null,
      vatId: null,
      taxRegistration: null,
      legalRegistration: null,
      address: null,
      contact: null,
    };
  }
  const endpoint = node('cbc:EndpointID', p);
  const contact = node('cac:Contact', p);
  return {
    name: str('cac:PartyLegalEntity/cbc:RegistrationName', p),
    tradingName: str('cac:PartyName/cbc:Name', p),
    electronicAddress: endpoint ? { scheme: (endpoint as Element).getAttribute('schemeID') || null, id: valueOf(endpoint).trim() } : null,
    vatId: str("cac:PartyTaxScheme[normalize-space(cac:TaxScheme/cbc:ID)='VAT']/cbc:CompanyID", p),
    taxRegistration: str("cac:PartyTaxScheme[normalize-space(cac:TaxScheme/cbc:ID)!='VAT']/cbc:CompanyID", p),
    legalRegistration: str('cac:PartyLegalEntity/cbc:CompanyID', p),
    address: ublAddress(node('cac:PostalAddress', p)),
    contact: contact
      ? { name: str('cbc:Name', contact), phone: str('cbc:Telephone', contact), email: str('cbc:ElectronicMail', contact) }
      : null,
  };
}

function ublCategory(ctx: Node | null): TaxCategory {
  if (!ctx) return { category: null, rate: null, rateText: null, scheme: null };
  const rateText = str('cbc:Percent', ctx);
  return { category: str('cbc:ID', ctx), rate: Dec.parse(rateText), rateText, scheme: str('cac:TaxScheme/cbc:ID', ctx) };
}

function ublAllowanceCharge(n: Node, amounts: AmountReader, level: 'document' | 'line'): AllowanceCharge {
  const indicator = str('cbc:ChargeIndicator', n) ?? '';
  const charge = indicator === 'true';
  const bts =
    level === 'document' ? (charge ? ['BT-99', 'BT-100'] : ['BT-92', 'BT-93']) : charge ? ['BT-141', 'BT-142'] : ['BT-136', 'BT-137'];
  return {
    ...ublCategory(node('cac:TaxCategory', n)),
    indicator,
    charge,
    amount: amounts.must(bts[0], node('cbc:Amount', n)),
    base: amounts.read(bts[1], node('cbc:BaseAmount', n)),
    percent: Dec.parse(str('cbc:MultiplierFactorNumeric', n)),
    reason: str('cbc:AllowanceChargeReason', n),
    reasonCode: str('cbc:AllowanceChargeReasonCode', n),
  };
}

function readUbl(root: Element): EInvoice {
  const amounts = new AmountReader();
  const currency = str('cbc:DocumentCurrencyCode', root);
  const taxCurrency = str('cbc:TaxCurrencyCode', root);
  const dates: EInvoice['dates'] = [];
  const date = (bt: string, path: string, ctx: Node = root): string | null => {
    const text = str(path, ctx);
    if (text !== null) dates.push({ bt, text, format: null });
    return text;
  };

  const taxTotals = nodes('cac:TaxTotal', root).map((t) => {
    const amount = amounts.must('BT-110/111', node('cbc:TaxAmount', t));
    return { amount, withSubtotals: nodes('cac:TaxSubtotal', t).length > 0 };
  });
  // BT-110 is the TaxTotal amount in the invoice currency, BT-111 the one in the accounting currency
  for (const t of taxTotals) t.amount.bt = t.amount.currencyID === currency ? 'BT-110' : 'BT-111';

  const vat: VatGroup[] = nodes('cac:TaxTotal/cac:TaxSubtotal', root).map((s) => {
    const category = node('cac:TaxCategory', s);
    return {
      ...ublCategory(category),
      taxable: amounts.must('BT-116', node('cbc:TaxableAmount', s)),
      tax: amounts.must('BT-117', node('cbc:TaxAmount', s)),
      exemptionReason: category ? str('cbc:TaxExemptionReason', category) : null,
      exemptionReasonCode: category ? str('cbc:TaxExemptionReasonCode', category) : null,
    };
  });

  const lineNodes = nodes('cac:InvoiceLine | cac:CreditNoteLine', root);
  const lines: Line[] = lineNodes.map((l) => {
    const q = node('cbc:InvoicedQuantity | cbc:CreditedQuantity', l);
    const quantityText = q ? valueOf(q).trim() : null;
    const priceText = str('cac:Price/cbc:PriceAmount', l);
    if (priceText !== null) amounts.must('BT-146', node('cac:Price/cbc:PriceAmount', l));
    return {
      ...ublCategory(node('cac:Item/cac:ClassifiedTaxCategory', l)),
      id: str('cbc:ID', l),
      quantity: Dec.parse(quantityText),
      quantityText,
      unitCode: q ? (q as Element).getAttribute('unitCode') || null : null,
      net: amounts.read('BT-131', node('cbc:LineExtensionAmount', l)),
      name: str('cac:Item/cbc:Name', l),
      price: Dec.parse(priceText),
      priceText,
      baseQuantity: Dec.parse(str('cac:Price/cbc:BaseQuantity', l)),
      allowanceCharges: nodes('cac:AllowanceCharge', l).map((a) => ublAllowanceCharge(a, amounts, 'line')),
    };
  });
  for (const l of lineNodes) {
    date('BT-134', 'cac:InvoicePeriod/cbc:StartDate', l);
    date('BT-135', 'cac:InvoicePeriod/cbc:EndDate', l);
  }

  const total = node('cac:LegalMonetaryTotal', root);
  const t = (bt: string, name: string) => (total ? amounts.read(bt, node(`cbc:${name}`, total)) : null);
  const period = node('cac:InvoicePeriod', root);

  return {
    syntax: 'UBL',
    root: root.localName,
    rootNamespace: root.namespaceURI,
    customizationId: str('cbc:CustomizationID', root),
    profileId: str('cbc:ProfileID', root),
    number: str('cbc:ID', root),
    issueDate: date('BT-2', 'cbc:IssueDate'),
    typeCode: str('cbc:InvoiceTypeCode | cbc:CreditNoteTypeCode', root),
    typeCodeElement: node('cbc:InvoiceTypeCode | cbc:CreditNoteTypeCode', root)
      ? (node('cbc:InvoiceTypeCode | cbc:CreditNoteTypeCode', root) as Element).localName
      : null,
    currency,
    taxCurrency,
    dueDate: date('BT-9', 'cbc:DueDate') ?? date('BT-9', 'cac:PaymentMeans/cbc:PaymentDueDate'),
    buyerReference: str('cbc:BuyerReference', root),
    purchaseOrder: str('cac:OrderReference/cbc:ID', root),
    notes: strs('cbc:Note', root),
    period: period ? { start: date('BT-73', 'cbc:StartDate', period), end: date('BT-74', 'cbc:EndDate', period) } : null,
    precedingInvoices: nodes('cac:BillingReference', root).map((b) => ({
      number: str('cac:InvoiceDocumentReference/cbc:ID', b),
      issueDate: date('BT-26', 'cac:InvoiceDocumentReference/cbc:IssueDate', b),
    })),
    paymentTerms: strs('cac:PaymentTerms/cbc:Note', root),
    seller: ublParty(node('cac:AccountingSupplierParty/cac:Party', root)),
    buyer: ublParty(node('cac:AccountingCustomerParty/cac:Party', root)),
    paymentMeans: nodes('cac:PaymentMeans', root).map((p) => ({
      code: str('cbc:PaymentMeansCode', p),
      remittance: str('cbc:PaymentID', p),
      account: str('cac:PayeeFinancialAccount/cbc:ID', p),
      accountName: str('cac:PayeeFinancialAccount/cbc:Name', p),
      bic: str('cac:PayeeFinancialAccount/cac:FinancialInstitutionBranch/cbc:ID', p),
      card: node('cac:CardAccount', p) !== null,
      mandate: node('cac:PaymentMandate', p) !== null,
    })),
    allowanceCharges: nodes('cac:AllowanceCharge', root).map((a) => ublAllowanceCharge(a, amounts, 'document')),
    taxTotals,
    vat,
    totals: {
      lineNet: t('BT-106', 'LineExtensionAmount'),
      allowances: t('BT-107', 'AllowanceTotalAmount'),
      charges: t('BT-108', 'ChargeTotalAmount'),
      taxExclusive: t('BT-109', 'TaxExclusiveAmount'),
      tax: taxTotals.find((x) => x.amount.bt === 'BT-110')?.amount ?? null,
      taxAccounting: taxTotals.find((x) => x.amount.bt === 'BT-111')?.amount ?? null,
      taxInclusive: t('BT-112', 'TaxInclusiveAmount'),
      prepaid: t('BT-113', 'PrepaidAmount'),
      rounding: t('BT-114', 'PayableRoundingAmount'),
      payable: t('BT-115', 'PayableAmount'),
    },
    lines,
    lineElements: lineNodes.map((l) => (l as Element).localName),
    quantityElements: nodes(
      'cac:InvoiceLine/cbc:InvoicedQuantity | cac:InvoiceLine/cbc:CreditedQuantity | cac:CreditNoteLine/cbc:CreditedQuantity | cac:CreditNoteLine/cbc:InvoicedQuantity',
      root,
    ).map((q) => (q as Element).localName),
    attachments: nodes('cac:AdditionalDocumentReference', root).map((d) => {
      const object = node('cac:Attachment/cbc:EmbeddedDocumentBinaryObject', d) as Element | null;
      return {
        id: str('cbc:ID', d),
        description: str('cbc:DocumentDescription', d),
        typeCode: str('cbc:DocumentTypeCode', d),
        content: object ? valueOf(object).trim() : null,
        mimeCode: object?.getAttribute('mimeCode') || null,
        filename: object?.getAttribute('filename') || null,
      };
    }),
    amounts: amounts.all,
    dates,
    emptyElements: emptyElements(root),
    transactionChildren: [],
  };
}

// --- CII ---

/** A CII date (udt/qdt DateTimeString, format 102 = YYYYMMDD) as YYYY-MM-DD; the text as written otherwise. */
function ciiDate(dates: EInvoice['dates'], bt: string, ctx: Node | null): string | null {
  if (!ctx) return null;
  const s = node('udt:DateTimeString | qdt:DateTimeString', ctx) as Element | null;
  if (!s) return null;
  const text = valueOf(s).trim();
  const format = s.getAttribute('format') || null;
  dates.push({ bt, text, format });
  return format === '102' && /^[0-9]{8}$/.test(text) ? `${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6, 8)}` : text;
}

function ciiAddress(ctx: Node | null): Address | null {
  if (!ctx) return null;
  return {
    line1: str('ram:LineOne', ctx),
    line2: str('ram:LineTwo', ctx),
    city: str('ram:CityName', ctx),
    postCode: str('ram:PostcodeCode', ctx),
    region: str('ram:CountrySubDivisionName', ctx),
    country: str('ram:CountryID', ctx),
  };
}

function ciiParty(p: Node | null): Party {
  if (!p) return ublParty(null);
  const uri = node('ram:URIUniversalCommunication/ram:URIID', p) as Element | null;
  const contact = node('ram:DefinedTradeContact', p);
  return {
    name: str('ram:Name', p),
    tradingName: str('ram:SpecifiedLegalOrganization/ram:TradingBusinessName', p),
    electronicAddress: uri ? { scheme: uri.getAttribute('schemeID') || null, id: valueOf(uri).trim() } : null,
    vatId: str("ram:SpecifiedTaxRegistration/ram:ID[@schemeID='VA']", p),
    taxRegistration: str("ram:SpecifiedTaxRegistration/ram:ID[@schemeID='FC']", p),
    legalRegistration: str('ram:SpecifiedLegalOrganization/ram:ID', p),
    address: ciiAddress(node('ram:PostalTradeAddress', p)),
    contact: contact
      ? {
          name: str('ram:PersonName', contact) ?? str('ram:DepartmentName', contact),
          phone: str('ram:TelephoneUniversalCommunication/ram:CompleteNumber', contact),
          email: str('ram:EmailURIUniversalCommunication/ram:URIID', contact),
        }
      : null,
  };
}

function ciiCategory(ctx: Node | null): TaxCategory {
  if (!ctx) return { category: null, rate: null, rateText: null, scheme: null };
  const rateText = str('ram:RateApplicablePercent', ctx);
  return { category: str('ram:CategoryCode', ctx), rate: Dec.parse(rateText), rateText, scheme: str('ram:TypeCode', ctx) };
}

function ciiAllowanceCharge(n: Node, amounts: AmountReader, level: 'document' | 'line'): AllowanceCharge {
  const indicator = str('ram:ChargeIndicator/udt:Indicator', n) ?? '';
  const charge = indicator === 'true';
  const bts =
    level === 'document' ? (charge ? ['BT-99', 'BT-100'] : ['BT-92', 'BT-93']) : charge ? ['BT-141', 'BT-142'] : ['BT-136', 'BT-137'];
  return {
    ...ciiCategory(node('ram:CategoryTradeTax', n)),
    indicator,
    charge,
    amount: amounts.must(bts[0], node('ram:ActualAmount', n)),
    base: amounts.read(bts[1], node('ram:BasisAmount', n)),
    percent: Dec.parse(str('ram:CalculationPercent', n)),
    reason: str('ram:Reason', n),
    reasonCode: str('ram:ReasonCode', n),
  };
}

function readCii(root: Element): EInvoice {
  const amounts = new AmountReader();
  const dates: EInvoice['dates'] = [];
  const tx = node('rsm:SupplyChainTradeTransaction', root);
  if (!tx) throw new Error('CII without rsm:SupplyChainTradeTransaction');
  const agreement = node('ram:ApplicableHeaderTradeAgreement', tx);
  const settlement = node('ram:ApplicableHeaderTradeSettlement', tx);
  const ctx = (n: Node | null, path: string) => (n ? node(path, n) : null);
  const currency = settlement ? str('ram:InvoiceCurrencyCode', settlement) : null;
  const taxCurrency = settlement ? str('ram:TaxCurrencyCode', settlement) : null;
  const summation = ctx(settlement, 'ram:SpecifiedTradeSettlementHeaderMonetarySummation');
  const t = (bt: string, name: string) => (summation ? amounts.read(bt, node(`ram:${name}`, summation)) : null);

  const taxTotals = summation
    ? nodes('ram:TaxTotalAmount', summation).map((n) => {
        const amount = amounts.must('BT-110/111', n);
        amount.bt = amount.currencyID === currency || amount.currencyID === null ? 'BT-110' : 'BT-111';
        return { amount, withSubtotals: true };
      })
    : [];

  const lineNodes = nodes('ram:IncludedSupplyChainTradeLineItem', tx);
  const lines: Line[] = lineNodes.map((l) => {
    const q = node('ram:SpecifiedLineTradeDelivery/ram:BilledQuantity', l) as Element | null;
    const quantityText = q ? valueOf(q).trim() : null;
    const priceNode = node('ram:SpecifiedLineTradeAgreement/ram:NetPriceProductTradePrice/ram:ChargeAmount', l);
    if (priceNode) amounts.must('BT-146', priceNode);
    const priceText = priceNode ? valueOf(priceNode).trim() : null;
    const lineSettlement = node('ram:SpecifiedLineTradeSettlement', l);
    const period = lineSettlement ? node('ram:BillingSpecifiedPeriod', lineSettlement) : null;
    ciiDate(dates, 'BT-134', ctx(period, 'ram:StartDateTime'));
    ciiDate(dates, 'BT-135', ctx(period, 'ram:EndDateTime'));
    return {
      ...ciiCategory(ctx(lineSettlement, "ram:ApplicableTradeTax[normalize-space(ram:TypeCode)='VAT']")),
      id: str('ram:AssociatedDocumentLineDocument/ram:LineID', l),
      quantity: Dec.parse(quantityText),
      quantityText,
      unitCode: q?.getAttribute('unitCode') || null,
      net: amounts.read('BT-131', ctx(lineSettlement, 'ram:SpecifiedTradeSettlementLineMonetarySummation/ram:LineTotalAmount')),
      name: str('ram:SpecifiedTradeProduct/ram:Name', l),
      price: Dec.parse(priceText),
      priceText,
      baseQuantity: Dec.parse(str('ram:SpecifiedLineTradeAgreement/ram:NetPriceProductTradePrice/ram:BasisQuantity', l)),
      allowanceCharges: lineSettlement
        ? nodes('ram:SpecifiedTradeAllowanceCharge', lineSettlement).map((a) => ciiAllowanceCharge(a, amounts, 'line'))
        : [],
    };
  });

  const vat: VatGroup[] = settlement
    ? nodes('ram:ApplicableTradeTax', settlement).map((g) => ({
        ...ciiCategory(g),
        taxable: amounts.must('BT-116', node('ram:BasisAmount', g)),
        tax: amounts.must('BT-117', node('ram:CalculatedAmount', g)),
        exemptionReason: str('ram:ExemptionReason', g),
        exemptionReasonCode: str('ram:ExemptionReasonCode', g),
      }))
    : [];
  const allowanceCharges = settlement
    ? nodes('ram:SpecifiedTradeAllowanceCharge', settlement).map((a) => ciiAllowanceCharge(a, amounts, 'document'))
    : [];
  const period = ctx(settlement, 'ram:BillingSpecifiedPeriod');
  const terms = settlement ? nodes('ram:SpecifiedTradePaymentTerms', settlement) : [];

  return {
    syntax: 'CII',
    root: root.localName,
    rootNamespace: root.namespaceURI,
    customizationId: str('rsm:ExchangedDocumentContext/ram:GuidelineSpecifiedDocumentContextParameter/ram:ID', root),
    profileId: str('rsm:ExchangedDocumentContext/ram:BusinessProcessSpecifiedDocumentContextParameter/ram:ID', root),
    number: str('rsm:ExchangedDocument/ram:ID', root),
    issueDate: ciiDate(dates, 'BT-2', node('rsm:ExchangedDocument/ram:IssueDateTime', root)),
    typeCode: str('rsm:ExchangedDocument/ram:TypeCode', root),
    typeCodeElement: 'TypeCode',
    currency,
    taxCurrency,
    dueDate: terms.map((n) => ciiDate(dates, 'BT-9', node('ram:DueDateDateTime', n))).find((d) => d !== null) ?? null,
    buyerReference: agreement ? str('ram:BuyerReference', agreement) : null,
    purchaseOrder: agreement ? str('ram:BuyerOrderReferencedDocument/ram:IssuerAssignedID', agreement) : null,
    notes: strs('rsm:ExchangedDocument/ram:IncludedNote/ram:Content', root),
    period: period
      ? { start: ciiDate(dates, 'BT-73', node('ram:StartDateTime', period)), end: ciiDate(dates, 'BT-74', node('ram:EndDateTime', period)) }
      : null,
    precedingInvoices: settlement
      ? nodes('ram:InvoiceReferencedDocument', settlement).map((r) => ({
          number: str('ram:IssuerAssignedID', r),
          issueDate: ciiDate(dates, 'BT-26', node('ram:FormattedIssueDateTime', r)),
        }))
      : [],
    paymentTerms: terms.flatMap((n) => strs('ram:Description', n)),
    seller: ciiParty(ctx(agreement, 'ram:SellerTradeParty')),
    buyer: ciiParty(ctx(agreement, 'ram:BuyerTradeParty')),
    paymentMeans: settlement
      ? nodes('ram:SpecifiedTradeSettlementPaymentMeans', settlement).map((p) => ({
          code: str('ram:TypeCode', p),
          remittance: str('ram:PaymentReference', settlement),
          account:
            str('ram:PayeePartyCreditorFinancialAccount/ram:IBANID', p) ??
            str('ram:PayeePartyCreditorFinancialAccount/ram:ProprietaryID', p),
          accountName: str('ram:PayeePartyCreditorFinancialAccount/ram:AccountName', p),
          bic: str('ram:PayeeSpecifiedCreditorFinancialInstitution/ram:BICID', p),
          card: node('ram:ApplicableTradeSettlementFinancialCard', p) !== null,
          mandate: node('ram:PayerPartyDebtorFinancialAccount', p) !== null,
        }))
      : [],
    allowanceCharges,
    taxTotals,
    vat,
    totals: {
      lineNet: t('BT-106', 'LineTotalAmount'),
      allowances: t('BT-107', 'AllowanceTotalAmount'),
      charges: t('BT-108', 'ChargeTotalAmount'),
      taxExclusive: t('BT-109', 'TaxBasisTotalAmount'),
      tax: taxTotals.find((x) => x.amount.bt === 'BT-110')?.amount ?? null,
      taxAccounting: taxTotals.find((x) => x.amount.bt === 'BT-111')?.amount ?? null,
      taxInclusive: t('BT-112', 'GrandTotalAmount'),
      prepaid: t('BT-113', 'TotalPrepaidAmount'),
      rounding: t('BT-114', 'RoundingAmount'),
      payable: t('BT-115', 'DuePayableAmount'),
    },
    lines,
    lineElements: lineNodes.map((l) => (l as Element).localName),
    quantityElements: nodes('ram:IncludedSupplyChainTradeLineItem/ram:SpecifiedLineTradeDelivery/ram:BilledQuantity', tx).map(
      (q) => (q as Element).localName,
    ),
    attachments: agreement
      ? nodes('ram:AdditionalReferencedDocument', agreement).map((d) => {
          const object = node('ram:AttachmentBinaryObject', d) as Element | null;
          return {
            id: str('ram:IssuerAssignedID', d),
            description: str('ram:Name', d),
            typeCode: str('ram:TypeCode', d),
            content: object ? valueOf(object).trim() : null,
            mimeCode: object?.getAttribute('mimeCode') || null,
            filename: object?.getAttribute('filename') || null,
          };
        })
      : [],
    amounts: amounts.all,
    dates,
    emptyElements: emptyElements(root),
    transactionChildren: nodes('*', tx).map((n) => `${(n as Element).namespaceURI === NS.ram ? 'ram:' : '?:'}${(n as Element).localName}`),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Code lists (each a constant taken from the official code list or rule file named beside it)

const words = (s: string): ReadonlySet<string> => new Set(s.trim().split(/\s+/));

/**
 * ISO 4217 alpha-3: OpenPEPPOL/peppol-bis-invoice-3 `structure/codelist/ISO4217_2015.xml`, as the `ISO4217` list of
 * `rules/sch/PEPPOL-EN16931-UBL.sch` (3.0.15) holds it (PEPPOL-EN16931-CL007; CEN BR-CL-03/04 use the same list).
 */
export const ISO_4217 = words(`AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV BRL BSD BTN BWP BYN BZD
  CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD
  HNL HRK HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT
  MOP MRO MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD
  SHP SLL SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD USN UYI UYU UZS VEF VND VUV WST XAF XAG XAU XBA XBB
  XBC XBD XCD XDR XOF XPD XPF XPT XSU XTS XUA XXX YER ZAR ZMW ZWL`);

/** ISO 4217 currencies without minor units (the same table's exponent 0), for BR-CO-17's rounding. */
const ZERO_DECIMAL_CURRENCIES = words('BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF');

/**
 * ISO 3166-1 alpha-2: ConnectingEurope/eInvoicing-EN16931 `ubl/schematron/codelist/EN16931-UBL-codes.sch` BR-CL-14
 * (= OpenPEPPOL `structure/codelist/ISO3166-1_Alpha2.xml`), with XI (Northern Ireland) as Peppol's list has it.
 */
export const ISO_3166 = words(`AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW
  BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG
  GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA
  LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ
  OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF
  TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW XI`);

/**
 * UN/ECE Recommendation 20 (with Rec 21): a SUBSET of OpenPEPPOL `structure/codelist/UNECERec20-11e.xml` (= the
 * BR-CL-23 list): the units of our bills (HUR hour, C62 one) and a few neighbours. A unit outside it fails here even
 * where the full list would accept it: extend the subset from the code list file when the generator gains units.
 */
export const UNECE_REC20_SUBSET = words('C62 H87 EA HUR MIN SEC DAY MON ANN');

/** UNCL5305 VAT categories of EN 16931: BR-CL-17/18 (EN16931-UBL-codes.sch), `UNCL5305` in PEPPOL-EN16931-UBL.sch. */
export const UNCL5305 = words('AE L M E S Z G O K');

/** UNCL4461 payment means: BR-CL-16 (EN16931-UBL-codes.sch), OpenPEPPOL `structure/codelist/UNCL4461.xml`. */
export const UNCL4461 = words(`1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32 33 34 35 36 37 38
  39 40 41 42 43 44 45 46 47 48 49 50 51 52 53 54 55 56 57 58 59 60 61 62 63 64 65 66 67 68 70 74 75 76 77 78 91 92 93 94 95 96 97 ZZZ`);

/** UNTDID 1001 document types: BR-CL-01 (EN16931-UBL-codes.sch), invoice and credit note lists. */
const UNTDID_1001_INVOICE = words(
  '80 82 84 130 202 203 204 211 295 325 326 380 383 384 385 386 387 388 389 390 393 394 395 456 457 527 575 623 633 751 780 935',
);
const UNTDID_1001_CREDIT_NOTE = words('81 83 261 262 296 308 381 396 420 458 532');

/** Peppol's type codes of profile 01 (PEPPOL-EN16931-P0100 invoices, P0101 credit notes). */
const PEPPOL_INVOICE_TYPES = words('71 80 82 84 102 218 219 331 380 382 383 386 388 393 395 553 575 623 780 817 870 875 876 877');
const PEPPOL_CREDIT_NOTE_TYPES = words('381 396 81 83 532');

/** MIME codes of attachments: BR-CL-24 (EN16931-UBL-codes.sch), PEPPOL-EN16931-CL001. */
export const MIME_CODES = words(
  'application/pdf image/png image/jpeg text/csv application/vnd.openxmlformats-officedocument.spreadsheetml.sheet application/vnd.oasis.opendocument.spreadsheet',
);

/** VATEX exemption reason codes: a SUBSET of BR-CL-26 (EN16931-UBL-codes.sch, OpenPEPPOL `structure/codelist/VATEX.xml`). */
export const VATEX_SUBSET = words('VATEX-EU-AE VATEX-EU-IC VATEX-EU-G VATEX-EU-O VATEX-EU-D VATEX-EU-F VATEX-EU-I VATEX-EU-J');

/**
 * CEF EAS (electronic address schemes) as Peppol accepts them: OpenPEPPOL/peppol-bis-invoice-3
 * `structure/codelist/eas.xml` (commit 058e990c), PEPPOL-EN16931-CL008.
 */
export const PEPPOL_EAS = words(`0002 0007 0009 0037 0060 0088 0096 0097 0106 0130 0135 0142 0151 0183 0184 0188 0190 0191 0192 0193
  0195 0196 0198 0199 0200 0201 0202 0204 0208 0209 0210 0211 0212 0213 0215 0216 0218 0221 0230 9901 9910 9913 9914 9915 9918 9919 9920
  9922 9923 9924 9925 9926 9927 9928 9929 9930 9931 9932 9933 9934 9935 9936 9937 9938 9939 9940 9941 9942 9943 9944 9945 9946 9947 9948
  9949 9950 9951 9952 9953 9957 9959`);

/**
 * CEF EAS as the CEN rule BR-CL-25 accepts them (XRechnung 3.0's copy: itplr-kosit/xrechnung-schematron
 * `src/validation/schematron/common.sch`, CEF-EAS-CODES).
 */
export const CEN_EAS = words(`0002 0007 0009 0037 0060 0088 0096 0097 0106 0130 0135 0142 0147 0151 0170 0183 0184 0188 0190 0191 0192
  0193 0194 0195 0196 0198 0199 0200 0201 0202 0203 0204 0205 0208 0209 0210 0211 0212 0213 0215 0216 0217 0218 0219 0220 0221 0225 0230
  9901 9910 9913 9914 9915 9918 9919 9920 9922 9923 9924 9925 9926 9927 9928 9929 9930 9931 9932 9933 9934 9935 9936 9937 9938 9939 9940
  9941 9942 9943 9944 9945 9946 9947 9948 9949 9950 9951 9952 9953 9957 9959 AN AQ AS AU EM`);

/** BT-24 of each CIUS: Peppol R004, XRechnung's XR-CIUS-ID (common.sch, version 3.0), Factur-X EN 16931. */
export const SPECIFICATION_IDS = {
  peppol: 'urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0',
  xrechnung: 'urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0',
  en16931: 'urn:cen.eu:en16931:2017',
} as const;

export type Cius = keyof typeof SPECIFICATION_IDS;

// ---------------------------------------------------------------------------------------------------------------
// The rules

export interface Violation {
  rule: string;
  message: string;
}

/** BR-DEC-*: the business terms whose amounts have at most 2 decimals. */
const DEC_RULES: Readonly<Record<string, string>> = {
  'BT-92': 'BR-DEC-01',
  'BT-93': 'BR-DEC-02',
  'BT-99': 'BR-DEC-05',
  'BT-100': 'BR-DEC-06',
  'BT-106': 'BR-DEC-09',
  'BT-107': 'BR-DEC-10',
  'BT-108': 'BR-DEC-11',
  'BT-109': 'BR-DEC-12',
  'BT-110': 'BR-DEC-13',
  'BT-112': 'BR-DEC-14',
  'BT-111': 'BR-DEC-15',
  'BT-113': 'BR-DEC-16',
  'BT-114': 'BR-DEC-17',
  'BT-115': 'BR-DEC-18',
  'BT-116': 'BR-DEC-19',
  'BT-117': 'BR-DEC-20',
  'BT-131': 'BR-DEC-23',
  'BT-136': 'BR-DEC-24',
  'BT-137': 'BR-DEC-25',
  'BT-141': 'BR-DEC-27',
  'BT-142': 'BR-DEC-28',
};

/** The categories whose rate is 0 and tax 0, by rule prefix: BR-Z, BR-E, BR-AE, BR-IC (K), BR-G. */
const ZERO_CATEGORIES: readonly [string, string, string][] = [
  ['Z', 'BR-Z', 'Zero rated'],
  ['E', 'BR-E', 'Exempt from VAT'],
  ['AE', 'BR-AE', 'Reverse charge'],
  ['K', 'BR-IC', 'Intra-community supply'],
  ['G', 'BR-G', 'Export outside the EU'],
];

const blank = (s: string | null | undefined): boolean => s == null || s.trim() === '';

/** u:gln of PEPPOL-EN16931-UBL.sch (PEPPOL-COMMON-R040): GS1 check digit, weights 3, 1, 3, … from the right. */
export function glnValid(id: string): boolean {
  if (!/^[0-9]+$/.test(id)) return false;
  const body = id.slice(0, -1);
  let s = 0;
  for (let i = 0; i < body.length; i++) s += Number(body[body.length - 1 - i]) * (i % 2 === 0 ? 3 : 1);
  return (10 - (s % 10)) % 10 === Number(id.slice(-1));
}

/** BR-DE-19: an IBAN's form and ISO 7064 mod 97 check (the rows moved, letters A = 10 … Z = 35). */
export function ibanValid(iban: string): boolean {
  const s = iban.replace(/\s/g, '');
  if (!/^[A-Z]{2}[0-9]{2}[a-zA-Z0-9]{0,30}$/.test(s)) return false;
  const moved = (s.slice(4) + s.slice(0, 4)).toUpperCase();
  let r = 0;
  for (const ch of moved) {
    const v = ch >= 'A' && ch <= 'Z' ? String(ch.charCodeAt(0) - 55) : ch;
    for (const d of v) r = (r * 10 + Number(d)) % 97;
  }
  return r === 1;
}

/**
 * Every violation of the rules above by `inv` as an e-invoice of `cius` (empty: it passes). The EN 16931 rules and
 * code lists apply to every CIUS.
 */
export function checkEInvoice(inv: EInvoice, cius: Cius): Violation[] {
  const out: Violation[] = [];
  const fail = (rule: string, message: string) => out.push({ rule, message });
  const need = (rule: string, ok: boolean, message: string) => {
    if (!ok) fail(rule, message);
  };
  const ubl = inv.syntax === 'UBL';
  const { totals } = inv;
  const zero = Dec.ZERO;
  const v = (a: Amount | null) => a?.value ?? zero;

  // --- Structure (XSD points this checker knows) ---
  if (ubl) {
    const credit = inv.root === 'CreditNote';
    need(
      'XSD-UBL-root',
      inv.typeCodeElement === (credit ? 'CreditNoteTypeCode' : 'InvoiceTypeCode'),
      `a UBL ${inv.root} carries BT-3 in ${inv.typeCodeElement}`,
    );
    need(
      'XSD-UBL-lines',
      inv.lineElements.every((e) => e === (credit ? 'CreditNoteLine' : 'InvoiceLine')) &&
        inv.quantityElements.every((e) => e === (credit ? 'CreditedQuantity' : 'InvoicedQuantity')),
      `a UBL ${inv.root} has lines ${inv.lineElements.join(', ')} with ${inv.quantityElements.join(', ')}`,
    );
  } else {
    // CrossIndustryInvoice_100pD16B.xsd, SupplyChainTradeTransactionType: lines*, then Agreement, Delivery, Settlement (each once)
    const rest = inv.transactionChildren.filter((c) => c !== 'ram:IncludedSupplyChainTradeLineItem');
    need(
      'XSD-CII-transaction',
      rest.join(' ') === 'ram:ApplicableHeaderTradeAgreement ram:ApplicableHeaderTradeDelivery ram:ApplicableHeaderTradeSettlement',
      `rsm:SupplyChainTradeTransaction must hold ram:ApplicableHeaderTradeAgreement, ram:ApplicableHeaderTradeDelivery and ` +
        `ram:ApplicableHeaderTradeSettlement in this order after the lines; it holds ${rest.join(', ')}`,
    );
    // udt/qdt DateTimeString of the EN 16931 CII: format 102, YYYYMMDD
    for (const d of inv.dates) {
      need('XSD-CII-date', d.format === '102' && /^[0-9]{8}$/.test(d.text), `${d.bt} ${d.text} (format ${d.format}) is not format 102`);
    }
  }

  // --- Mandatory business terms (BR-01 … BR-65) ---
  need('BR-01', !blank(inv.customizationId), 'BT-24 specification identifier is missing');
  need('BR-02', !blank(inv.number), 'BT-1 invoice number is missing');
  need('BR-03', !blank(inv.issueDate), 'BT-2 issue date is missing');
  need('BR-04', !blank(inv.typeCode), 'BT-3 type code is missing');
  need('BR-05', !blank(inv.currency), 'BT-5 currency is missing');
  need('BR-06', !blank(inv.seller.name), 'BT-27 seller name is missing');
  need('BR-07', !blank(inv.buyer.name), 'BT-44 buyer name is missing');
  need('BR-08', inv.seller.address !== null, 'BG-5 seller postal address is missing');
  need('BR-09', !blank(inv.seller.address?.country), 'BT-40 seller country is missing');
  need('BR-10', inv.buyer.address !== null, 'BG-8 buyer postal address is missing');
  need('BR-11', !blank(inv.buyer.address?.country), 'BT-55 buyer country is missing');
  need('BR-12', totals.lineNet !== null, 'BT-106 is missing');
  need('BR-13', totals.taxExclusive !== null, 'BT-109 is missing');
  need('BR-14', totals.taxInclusive !== null, 'BT-112 is missing');
  need('BR-15', totals.payable !== null, 'BT-115 is missing');
  need('BR-16', inv.lines.length > 0, 'no invoice line');
  inv.lines.forEach((l, i) => {
    const at = `line ${l.id ?? i + 1}`;
    need('BR-21', !blank(l.id), `${at}: BT-126 line id is missing`);
    need('BR-22', l.quantityText !== null, `${at}: BT-129 quantity is missing`);
    need('BR-23', !blank(l.unitCode), `${at}: BT-130 unit is missing`);
    need('BR-24', l.net !== null, `${at}: BT-131 net amount is missing`);
    need('BR-25', !blank(l.name), `${at}: BT-153 item name is missing`);
    need('BR-26', l.priceText !== null, `${at}: BT-146 net price is missing`);
    need('BR-27', l.price === null || l.price.cmp(zero) >= 0, `${at}: BT-146 ${l.priceText} is negative`);
    need('BR-CO-04', !blank(l.category), `${at}: BT-151 VAT category is missing`);
  });
  if (inv.period?.start && inv.period.end)
    need('BR-29', inv.period.end >= inv.period.start, `BG-14 ends ${inv.period.end} before ${inv.period.start}`);
  if (inv.period) need('BR-CO-19', !blank(inv.period.start) || !blank(inv.period.end), 'BG-14 has neither start nor end');
  for (const a of inv.allowanceCharges) {
    const [amountRule, categoryRule, reasonRule, coRule] = a.charge
      ? ['BR-36', 'BR-37', 'BR-38', 'BR-CO-22']
      : ['BR-31', 'BR-32', 'BR-33', 'BR-CO-21'];
    need(amountRule, a.amount !== null, 'allowance/charge amount is missing');
    need(
      categoryRule,
      !blank(a.category) && a.scheme?.toUpperCase() === 'VAT',
      `allowance/charge ${a.amount.text}: VAT category is missing`,
    );
    need(reasonRule, !blank(a.reason) || !blank(a.reasonCode), `allowance/charge ${a.amount.text}: reason is missing`);
    need(coRule, !blank(a.reason) || !blank(a.reasonCode), `allowance/charge ${a.amount.text}: reason or reason code is missing`);
  }
  for (const g of inv.vat) {
    need('BR-47', !blank(g.category) && g.scheme?.toUpperCase() === 'VAT', 'BT-118 VAT category is missing');
    need('BR-48', g.rateText !== null || g.category === 'O', `${g.category}: BT-119 rate is missing`);
  }
  for (const p of inv.paymentMeans) {
    need('BR-49', !blank(p.code), 'BT-81 payment means code is missing');
    if (p.code === '30' || p.code === '58') need('BR-61', !blank(p.account), `payment means ${p.code} without BT-84 account`);
  }
  for (const d of inv.attachments) need('BR-52', !blank(d.id), 'BG-24 without BT-122 identifier');
  for (const r of inv.precedingInvoices) need('BR-55', !blank(r.number), 'BG-3 without BT-25 number');
  if (inv.seller.electronicAddress) need('BR-62', !blank(inv.seller.electronicAddress.scheme), 'BT-34 without scheme');
  if (inv.buyer.electronicAddress) need('BR-63', !blank(inv.buyer.electronicAddress.scheme), 'BT-49 without scheme');

  // --- Totals (BR-CO-10 … BR-CO-18, BR-CO-25, BR-CO-26) ---
  const lineNets = inv.lines.map((l) => v(l.net));
  const allowances = inv.allowanceCharges.filter((a) => !a.charge);
  const charges = inv.allowanceCharges.filter((a) => a.charge);
  need(
    'BR-CO-10',
    totals.lineNet !== null && sum(lineNets).eq(totals.lineNet.value),
    `BT-106 ${totals.lineNet?.text} ≠ Σ BT-131 ${sum(lineNets).toString()}`,
  );
  if (totals.allowances || allowances.length > 0) {
    const s = sum(allowances.map((a) => a.amount.value));
    need(
      'BR-CO-11',
      totals.allowances !== null && s.eq(totals.allowances.value),
      `BT-107 ${totals.allowances?.text} ≠ Σ BT-92 ${s.toString()}`,
    );
  }
  if (totals.charges || charges.length > 0) {
    const s = sum(charges.map((a) => a.amount.value));
    need('BR-CO-12', totals.charges !== null && s.eq(totals.charges.value), `BT-108 ${totals.charges?.text} ≠ Σ BT-99 ${s.toString()}`);
  }
  const net = v(totals.lineNet).sub(v(totals.allowances)).add(v(totals.charges));
  need(
    'BR-CO-13',
    totals.taxExclusive !== null && net.eq(totals.taxExclusive.value),
    `BT-109 ${totals.taxExclusive?.text} ≠ BT-106 − BT-107 + BT-108 = ${net.toString()}`,
  );
  const groupTax = sum(inv.vat.map((g) => g.tax.value));
  need('BR-CO-14', totals.tax !== null && groupTax.eq(totals.tax.value), `BT-110 ${totals.tax?.text} ≠ Σ BT-117 ${groupTax.toString()}`);
  const gross = v(totals.taxExclusive).add(v(totals.tax));
  need(
    'BR-CO-15',
    totals.taxInclusive !== null &&
      gross.eq(totals.taxInclusive.value) &&
      inv.taxTotals.filter((t) => t.amount.bt === 'BT-110' && t.amount.currencyID === inv.currency).length === 1,
    `BT-112 ${totals.taxInclusive?.text} ≠ BT-109 + BT-110 = ${gross.toString()} (or BT-110 is not given exactly once in BT-5)`,
  );
  const due = v(totals.taxInclusive).sub(v(totals.prepaid)).add(v(totals.rounding));
  need(
    'BR-CO-16',
    totals.payable !== null && due.eq(totals.payable.value),
    `BT-115 ${totals.payable?.text} ≠ BT-112 − BT-113 + BT-114 = ${due.toString()}`,
  );
  const taxScale = inv.currency && ZERO_DECIMAL_CURRENCIES.has(inv.currency) ? 0 : 2;
  for (const g of inv.vat) {
    // exact: the tax of a group is its base × rate / 100 rounded (half up) to the currency's decimals (at most 2)
    const expected = g.rate ? g.taxable.value.abs().mul(g.rate.percent()).round(taxScale) : zero;
    need(
      'BR-CO-17',
      g.tax.value.abs().eq(expected),
      `${g.category} ${g.rateText}: BT-117 ${g.tax.text} ≠ BT-116 ${g.taxable.text} × ${g.rateText} % rounded = ${expected.toString()}`,
    );
  }
  need('BR-CO-18', inv.vat.length > 0, 'no VAT breakdown (BG-23)');
  if (totals.payable && totals.payable.value.cmp(zero) > 0) {
    need('BR-CO-25', !blank(inv.dueDate) || inv.paymentTerms.some((t) => !blank(t)), 'a positive BT-115 needs BT-9 or BT-20');
  }
  need(
    'BR-CO-26',
    !blank(inv.seller.vatId) || !blank(inv.seller.legalRegistration),
    'the seller needs BT-29, BT-30 or BT-31 (this reader does not read BT-29)',
  );
  for (const id of [inv.seller.vatId, inv.buyer.vatId]) {
    if (!blank(id)) need('BR-CO-09', ISO_3166.has(id!.slice(0, 2)) || id!.startsWith('EL'), `VAT ID ${id} has no ISO 3166 prefix`);
  }

  // --- VAT categories ---
  const lineCats = inv.lines.map((l) => l.category);
  const acCats = inv.allowanceCharges.map((a) => a.category);
  const usedCats = new Set([...lineCats, ...acCats].filter((c): c is string => !blank(c)));
  const groupsOf = (c: string) => inv.vat.filter((g) => g.category === c);
  const sellerVatOrTax = !blank(inv.seller.vatId) || !blank(inv.seller.taxRegistration);
  const baseOf = (matches: (t: TaxCategory) => boolean): Dec =>
    sum(inv.lines.filter(matches).map((l) => v(l.net)))
      .add(sum(charges.filter(matches).map((a) => a.amount.value)))
      .sub(sum(allowances.filter(matches).map((a) => a.amount.value)));
  const rateEq = (r: Dec | null) => (t: TaxCategory) => r !== null && t.rate !== null && t.rate.eq(r);

  // Standard rated
  if (usedCats.has('S')) {
    need('BR-S-01', groupsOf('S').length > 0, 'S is used but the breakdown has no S group');
    if (lineCats.includes('S')) need('BR-S-02', sellerVatOrTax, 'S lines need the seller VAT ID or tax number');
    if (allowances.some((a) => a.category === 'S')) need('BR-S-03', sellerVatOrTax, 'S allowances need the seller VAT ID or tax number');
    if (charges.some((a) => a.category === 'S')) need('BR-S-04', sellerVatOrTax, 'S charges need the seller VAT ID or tax number');
  }
  inv.lines
    .filter((l) => l.category === 'S')
    .forEach((l) => need('BR-S-05', l.rate !== null && l.rate.cmp(zero) > 0, `S line ${l.id}: rate ${l.rateText}`));
  allowances
    .filter((a) => a.category === 'S')
    .forEach((a) => need('BR-S-06', a.rate !== null && a.rate.cmp(zero) > 0, `S allowance: rate ${a.rateText}`));
  charges
    .filter((a) => a.category === 'S')
    .forEach((a) => need('BR-S-07', a.rate !== null && a.rate.cmp(zero) > 0, `S charge: rate ${a.rateText}`));
  for (const g of groupsOf('S')) {
    const isS = (t: TaxCategory) => t.category === 'S' && rateEq(g.rate)(t);
    const base = baseOf(isS);
    const used = inv.lines.some(isS) || inv.allowanceCharges.some(isS);
    need(
      'BR-S-08',
      used && base.eq(g.taxable.value),
      `S ${g.rateText} %: BT-116 ${g.taxable.text} ≠ Σ lines + charges − allowances at that rate = ${base.toString()}`,
    );
    const expected = g.rate ? g.taxable.value.abs().mul(g.rate.percent()).round(taxScale) : zero;
    need('BR-S-09', g.tax.value.abs().eq(expected), `S ${g.rateText} %: BT-117 ${g.tax.text} ≠ ${expected.toString()}`);
    need('BR-S-10', blank(g.exemptionReason) && blank(g.exemptionReasonCode), `S ${g.rateText} % carries an exemption reason`);
  }

  // Zero rated, exempt, reverse charge, intra-community, export: rate 0, tax 0, one group, base per category
  for (const [c, prefix, meaning] of ZERO_CATEGORIES) {
    const used = usedCats.has(c);
    if (used || groupsOf(c).length > 0)
      need(`${prefix}-01`, used && groupsOf(c).length === 1, `${c} (${meaning}): ${groupsOf(c).length} breakdown groups`);
    if (lineCats.includes(c)) {
      if (c === 'AE') {
        need(
          `${prefix}-02`,
          sellerVatOrTax && (!blank(inv.buyer.vatId) || !blank(inv.buyer.legalRegistration)),
          'AE needs the seller and the buyer VAT IDs',
        );
      } else if (c === 'K') {
        need(`${prefix}-02`, !blank(inv.seller.vatId) && !blank(inv.buyer.vatId), 'K needs the seller and the buyer VAT IDs');
      } else if (c === 'G') {
        need(`${prefix}-02`, !blank(inv.seller.vatId), 'G needs the seller VAT ID');
      } else {
        need(`${prefix}-02`, sellerVatOrTax, `${c} needs the seller VAT ID or tax number`);
      }
    }
    inv.lines
      .filter((l) => l.category === c)
      .forEach((l) => need(`${prefix}-05`, l.rate !== null && l.rate.eq(zero), `${c} line ${l.id}: rate ${l.rateText}`));
    allowances
      .filter((a) => a.category === c)
      .forEach((a) => need(`${prefix}-06`, a.rate !== null && a.rate.eq(zero), `${c} allowance: rate ${a.rateText}`));
    charges
      .filter((a) => a.category === c)
      .forEach((a) => need(`${prefix}-07`, a.rate !== null && a.rate.eq(zero), `${c} charge: rate ${a.rateText}`));
    for (const g of groupsOf(c)) {
      const base = baseOf((t) => t.category === c);
      need(
        `${prefix}-08`,
        base.eq(g.taxable.value),
        `${c}: BT-116 ${g.taxable.text} ≠ Σ lines + charges − allowances of ${c} = ${base.toString()}`,
      );
      need(`${prefix}-09`, g.tax.value.eq(zero), `${c}: BT-117 ${g.tax.text} is not 0`);
      if (c === 'Z') need(`${prefix}-10`, blank(g.exemptionReason) && blank(g.exemptionReasonCode), 'Z carries an exemption reason');
      else need(`${prefix}-10`, !blank(g.exemptionReason) || !blank(g.exemptionReasonCode), `${c} (${meaning}) needs BT-120 or BT-121`);
    }
  }
  if (inv.vat.some((g) => g.category === 'K')) {
    // BR-IC-11/12 need the delivery date or period and the deliver-to country (not read here): only the period is checked
    need('BR-IC-11', inv.period !== null, 'K needs BT-72 or BG-14');
  }

  // Not subject to VAT (O): alone, without a rate, without VAT IDs
  if (usedCats.has('O') || groupsOf('O').length > 0) {
    need('BR-O-01', groupsOf('O').length === 1, `O: ${groupsOf('O').length} breakdown groups`);
    if (lineCats.includes('O')) need('BR-O-02', blank(inv.seller.vatId) && blank(inv.buyer.vatId), 'O lines with VAT IDs');
    inv.lines.filter((l) => l.category === 'O').forEach((l) => need('BR-O-05', l.rateText === null, `O line ${l.id} has a rate`));
    for (const g of groupsOf('O')) {
      const base = baseOf((t) => t.category === 'O');
      need('BR-O-08', base.eq(g.taxable.value), `O: BT-116 ${g.taxable.text} ≠ ${base.toString()}`);
      need('BR-O-09', g.tax.value.eq(zero), `O: BT-117 ${g.tax.text} is not 0`);
      need('BR-O-10', !blank(g.exemptionReason) || !blank(g.exemptionReasonCode), 'O needs BT-120 or BT-121');
    }
    need(
      'BR-O-11',
      inv.vat.every((g) => g.category === 'O'),
      'O with other breakdown groups',
    );
    need(
      'BR-O-12',
      lineCats.every((c) => c === 'O'),
      'O with lines of other categories',
    );
    need(
      'BR-O-13',
      allowances.every((a) => a.category === 'O'),
      'O with allowances of other categories',
    );
    need(
      'BR-O-14',
      charges.every((a) => a.category === 'O'),
      'O with charges of other categories',
    );
  }

  // --- BR-DEC-*: at most 2 decimals ---
  for (const a of inv.amounts) {
    const rule = DEC_RULES[a.bt];
    if (rule) need(rule, decimalsOf(a.text) <= 2, `${a.bt} ${a.text} has more than 2 decimals`);
  }

  // --- Code lists (BR-CL-*) ---
  if (inv.typeCode) {
    const list =
      ubl && inv.root === 'CreditNote'
        ? UNTDID_1001_CREDIT_NOTE
        : ubl
          ? UNTDID_1001_INVOICE
          : new Set([...UNTDID_1001_INVOICE, ...UNTDID_1001_CREDIT_NOTE]);
    need('BR-CL-01', list.has(inv.typeCode), `BT-3 ${inv.typeCode} is not in UNTDID 1001 (${inv.root})`);
  }
  if (ubl)
    for (const a of inv.amounts)
      need('BR-CL-03', a.currencyID !== null && ISO_4217.has(a.currencyID), `${a.bt} currencyID ${a.currencyID}`);
  need('BR-CL-04', inv.currency !== null && ISO_4217.has(inv.currency), `BT-5 ${inv.currency} is not ISO 4217`);
  if (inv.taxCurrency !== null) need('BR-CL-05', ISO_4217.has(inv.taxCurrency), `BT-6 ${inv.taxCurrency} is not ISO 4217`);
  for (const address of [inv.seller.address, inv.buyer.address]) {
    if (address?.country) need('BR-CL-14', ISO_3166.has(address.country), `country ${address.country} is not ISO 3166-1 alpha-2`);
  }
  for (const p of inv.paymentMeans) if (p.code) need('BR-CL-16', UNCL4461.has(p.code), `BT-81 ${p.code} is not UNCL4461`);
  for (const t of [...inv.vat, ...inv.allowanceCharges])
    if (t.category) need('BR-CL-17', UNCL5305.has(t.category), `category ${t.category} is not UNCL5305`);
  for (const l of inv.lines) if (l.category) need('BR-CL-18', UNCL5305.has(l.category), `line category ${l.category} is not UNCL5305`);
  for (const l of inv.lines)
    if (l.unitCode) need('BR-CL-23', UNECE_REC20_SUBSET.has(l.unitCode), `unit ${l.unitCode} is not in the Rec 20 subset`);
  for (const d of inv.attachments) if (d.mimeCode) need('BR-CL-24', MIME_CODES.has(d.mimeCode), `mime code ${d.mimeCode}`);
  for (const e of [inv.seller.electronicAddress, inv.buyer.electronicAddress]) {
    if (e?.scheme) need('BR-CL-25', CEN_EAS.has(e.scheme), `EAS ${e.scheme} is not in the CEF EAS list`);
  }
  for (const g of inv.vat) {
    if (g.exemptionReasonCode) need('BR-CL-26', VATEX_SUBSET.has(g.exemptionReasonCode.toUpperCase()), `VATEX ${g.exemptionReasonCode}`);
  }

  // --- Peppol BIS Billing 3.0 ---
  if (cius === 'peppol') {
    need('PEPPOL-EN16931-R001', !blank(inv.profileId), 'BT-23 business process is missing');
    need(
      'PEPPOL-EN16931-R007',
      /^urn:fdc:peppol\.eu:2017:poacc:billing:[0-9]{2}:1\.0$/.test(inv.profileId ?? ''),
      `BT-23 ${inv.profileId}`,
    );
    need('PEPPOL-EN16931-R002', inv.notes.length <= 1, `${inv.notes.length} notes`);
    need('PEPPOL-EN16931-R003', !blank(inv.buyerReference) || !blank(inv.purchaseOrder), 'neither BT-10 nor BT-13');
    need('PEPPOL-EN16931-R004', (inv.customizationId ?? '').startsWith(SPECIFICATION_IDS.peppol), `BT-24 ${inv.customizationId}`);
    need('PEPPOL-EN16931-R008', inv.emptyElements.length === 0, `empty elements: ${inv.emptyElements.join(', ')}`);
    need(
      'PEPPOL-EN16931-R010',
      inv.buyer.electronicAddress !== null && !blank(inv.buyer.electronicAddress.id),
      'BT-49 buyer electronic address is missing',
    );
    need(
      'PEPPOL-EN16931-R020',
      inv.seller.electronicAddress !== null && !blank(inv.seller.electronicAddress.id),
      'BT-34 seller electronic address is missing',
    );
    for (const a of [...inv.allowanceCharges, ...inv.lines.flatMap((l) => l.allowanceCharges)]) {
      need('PEPPOL-EN16931-R043', a.indicator === 'true' || a.indicator === 'false', `ChargeIndicator ${JSON.stringify(a.indicator)}`);
    }
    for (const a of inv.amounts) {
      if (a.bt !== 'BT-111')
        need('PEPPOL-EN16931-R051', a.currencyID === inv.currency, `${a.bt} ${a.text} in ${a.currencyID}, not BT-5 ${inv.currency}`);
      if (a.currencyID) need('PEPPOL-EN16931-CL007', ISO_4217.has(a.currencyID), `currencyID ${a.currencyID}`);
    }
    need('PEPPOL-EN16931-R053', inv.taxTotals.filter((t) => t.withSubtotals).length === 1, 'not exactly one tax total with subtotals');
    need(
      'PEPPOL-EN16931-R054',
      inv.taxTotals.filter((t) => !t.withSubtotals).length === (inv.taxCurrency ? 1 : 0),
      'tax totals without subtotals',
    );
    for (const l of inv.lines) {
      const bq = l.baseQuantity && !l.baseQuantity.eq(zero) ? l.baseQuantity : Dec.of('1');
      const lineAllowances = sum(l.allowanceCharges.filter((a) => !a.charge).map((a) => a.amount.value));
      const lineCharges = sum(l.allowanceCharges.filter((a) => a.charge).map((a) => a.amount.value));
      // |net − (qty × price / base qty + charges − allowances)| ≤ 0.02, multiplied out by the base quantity
      const lhs = v(l.net).sub(lineCharges).add(lineAllowances).mul(bq);
      const rhs = (l.quantity ?? Dec.of('1')).mul(l.price ?? zero);
      need(
        'PEPPOL-EN16931-R120',
        lhs.sub(rhs).abs().cmp(Dec.of('0.02').mul(bq)) <= 0,
        `line ${l.id}: ${l.quantityText} × ${l.priceText} is not ${l.net?.text} within 0.02`,
      );
      need(
        'PEPPOL-EN16931-R121',
        l.baseQuantity === null || l.baseQuantity.cmp(zero) > 0,
        `line ${l.id}: base quantity ${String(l.baseQuantity)}`,
      );
    }
    if (inv.typeCode && /:01:1\.0$/.test(inv.profileId ?? '')) {
      if (inv.typeCodeElement === 'CreditNoteTypeCode')
        need('PEPPOL-EN16931-P0101', PEPPOL_CREDIT_NOTE_TYPES.has(inv.typeCode), `credit note type ${inv.typeCode}`);
      else need('PEPPOL-EN16931-P0100', PEPPOL_INVOICE_TYPES.has(inv.typeCode), `invoice type ${inv.typeCode}`);
    }
    for (const d of inv.dates)
      need('PEPPOL-EN16931-F001', /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(d.text) && !Number.isNaN(Date.parse(d.text)), `${d.bt} ${d.text}`);
    for (const d of inv.attachments) if (d.mimeCode) need('PEPPOL-EN16931-CL001', MIME_CODES.has(d.mimeCode), `mime code ${d.mimeCode}`);
    for (const e of [inv.seller.electronicAddress, inv.buyer.electronicAddress]) {
      if (e?.scheme) need('PEPPOL-EN16931-CL008', PEPPOL_EAS.has(e.scheme), `EAS ${e.scheme} is not in Peppol's EAS list`);
      if (e?.scheme === '0088') need('PEPPOL-COMMON-R040', glnValid(e.id), `GLN ${e.id} has a wrong check digit`);
    }
    for (const g of inv.vat) {
      const code = g.exemptionReasonCode?.toUpperCase();
      const owner: Record<string, [string, string]> = {
        'VATEX-EU-G': ['PEPPOL-EN16931-P0104', 'G'],
        'VATEX-EU-O': ['PEPPOL-EN16931-P0105', 'O'],
        'VATEX-EU-IC': ['PEPPOL-EN16931-P0106', 'K'],
        'VATEX-EU-AE': ['PEPPOL-EN16931-P0107', 'AE'],
      };
      if (code && owner[code]) need(owner[code][0], g.category === owner[code][1], `${code} on category ${g.category}`);
    }
  }

  // --- XRechnung 3.0 ---
  if (cius === 'xrechnung') {
    const contact = inv.seller.contact;
    need('BR-DE-1', inv.paymentMeans.length > 0, 'BG-16 payment instructions are missing');
    need('BR-DE-2', contact !== null, 'BG-6 seller contact is missing');
    need('BR-DE-3', !blank(inv.seller.address?.city), 'BT-37 seller city is missing');
    need('BR-DE-4', !blank(inv.seller.address?.postCode), 'BT-38 seller post code is missing');
    if (contact) {
      need('BR-DE-5', !blank(contact.name), 'BT-41 seller contact point is missing');
      need('BR-DE-6', !blank(contact.phone), 'BT-42 seller telephone is missing');
      need('BR-DE-7', !blank(contact.email), 'BT-43 seller e-mail is missing');
      need('BR-DE-27', /([0-9].*){3,}/.test(contact.phone ?? ''), `BT-42 ${contact.phone} has fewer than 3 digits`);
      need(
        'BR-DE-28',
        /^[a-zA-Z0-9!#$%&"*+/=?^_`{|}~-]+(\.[a-zA-Z0-9!#$%&"*+/=?^_`{|}~-]+)*@([a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?\.)+[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?$/.test(
          contact.email ?? '',
        ),
        `BT-43 ${contact.email}`,
      );
    }
    need('BR-DE-8', !blank(inv.buyer.address?.city), 'BT-52 buyer city is missing');
    need('BR-DE-9', !blank(inv.buyer.address?.postCode), 'BT-53 buyer post code is missing');
    for (const g of inv.vat) need('BR-DE-14', g.rateText !== null && g.rateText !== '', `${g.category}: BT-119 rate is missing`);
    need('BR-DE-15', !blank(inv.buyerReference), 'BT-10 buyer reference is missing');
    const deCats = ['S', 'Z', 'E', 'AE', 'K', 'G', 'L', 'M'];
    if ([...usedCats].some((c) => deCats.includes(c))) need('BR-DE-16', sellerVatOrTax, 'the seller needs BT-31 or BT-32');
    need('BR-DE-17', ['326', '380', '384', '389', '381', '875', '876', '877'].includes(inv.typeCode ?? ''), `BT-3 ${inv.typeCode}`);
    need('BR-DE-21', inv.customizationId === SPECIFICATION_IDS.xrechnung, `BT-24 ${inv.customizationId}`);
    const names = inv.attachments.map((d) => d.filename).filter((f): f is string => f !== null);
    need('BR-DE-22', new Set(names).size === names.length, `attachment file names repeat: ${names.join(', ')}`);
    for (const p of inv.paymentMeans.filter((x) => x.code === '30' || x.code === '58')) {
      need('BR-DE-23-a', !blank(p.account), `payment means ${p.code} without BG-17 credit transfer`);
      need('BR-DE-23-b', !p.card && !p.mandate, `payment means ${p.code} with card or mandate`);
      if (p.code === '58') need('BR-DE-19', ibanValid(p.account ?? ''), `BT-84 ${p.account} is not a valid IBAN`);
    }
    if (inv.typeCode === '384') need('BR-DE-26', inv.precedingInvoices.length > 0, '384 without BG-3');
    // XRechnung 3.0 makes BT-34 and BT-49 mandatory (specification, cardinality 1..1)
    need(
      'XR-BT-34',
      inv.seller.electronicAddress !== null && !blank(inv.seller.electronicAddress.id),
      'BT-34 seller electronic address is missing',
    );
    need(
      'XR-BT-49',
      inv.buyer.electronicAddress !== null && !blank(inv.buyer.electronicAddress.id),
      'BT-49 buyer electronic address is missing',
    );
  }

  // --- Factur-X / ZUGFeRD EN 16931 ---
  if (cius === 'en16931')
    need('FX-BT-24', inv.customizationId === SPECIFICATION_IDS.en16931, `BT-24 ${inv.customizationId} is not the EN 16931 profile's`);

  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// BG-24: the session statement CSV

/** Parses RFC 4180 CSV (comma, CRLF or LF, double-quoted fields with "" for a quote). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------------------------
// Factur-X: the PDF, its embedded files and its XMP metadata

export interface EmbeddedFile {
  /** the key in the catalog's /Names /EmbeddedFiles tree */
  name: string;
  /** the file specification's /F and /UF */
  fileName: string | null;
  unicodeFileName: string | null;
  /** /AFRelationship, without the slash */
  afRelationship: string | null;
  /** the embedded file stream's /Subtype (a MIME type), decoded */
  subtype: string | null;
  /** the catalog's /AF array holds this file specification */
  inCatalogAF: boolean;
  content: Buffer;
}

export interface FacturXMetadata {
  /** pdfaid:part and pdfaid:conformance */
  pdfaPart: string | null;
  pdfaConformance: string | null;
  /** the fx: properties */
  documentType: string | null;
  documentFileName: string | null;
  version: string | null;
  conformanceLevel: string | null;
  /** the PDF/A extension schemas declared (pdfaExtension:schemas) */
  extensionSchemas: { schema: string | null; namespaceURI: string | null; prefix: string | null; properties: string[] }[];
}

export interface FacturXPdf {
  header: string;
  pageCount: number;
  embeddedFiles: EmbeddedFile[];
  xmp: string | null;
}

const FX_NS = 'urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#';

const pdfText = (o: unknown): string | null => (o instanceof PDFString || o instanceof PDFHexString ? o.decodeText() : null);

/** Reads a PDF's page count, embedded files (name tree /Names /EmbeddedFiles, with /Kids) and XMP metadata stream. */
export async function readFacturXPdf(bytes: Uint8Array): Promise<FacturXPdf> {
  const pdf = await PDFDocument.load(bytes, { updateMetadata: false });
  const catalog = pdf.catalog;
  const af = catalog.lookupMaybe(PDFName.of('AF'), PDFArray);
  const afRefs = new Set(af ? af.asArray().map((r) => r.toString()) : []);
  const files: EmbeddedFile[] = [];
  const walk = (tree: PDFDict) => {
    const names = tree.lookupMaybe(PDFName.of('Names'), PDFArray);
    for (let i = 0; names && i + 1 < names.size(); i += 2) {
      const ref = names.get(i + 1);
      const spec = names.lookup(i + 1, PDFDict);
      const ef = spec.lookupMaybe(PDFName.of('EF'), PDFDict);
      const found = ef?.lookupMaybe(PDFName.of('F'), PDFStream);
      const stream = found instanceof PDFRawStream ? found : undefined;
      const relationship = spec.get(PDFName.of('AFRelationship'));
      const subtype = stream?.dict.get(PDFName.of('Subtype'));
      files.push({
        name: pdfText(names.lookup(i)) ?? '',
        fileName: pdfText(spec.lookup(PDFName.of('F'))),
        unicodeFileName: pdfText(spec.lookup(PDFName.of('UF'))),
        afRelationship: relationship instanceof PDFName ? relationship.decodeText() : null,
        subtype: subtype instanceof PDFName ? subtype.decodeText() : null,
        inCatalogAF: ref instanceof PDFRef && afRefs.has(ref.toString()),
        content: stream ? Buffer.from(decodePDFRawStream(stream).decode()) : Buffer.alloc(0),
      });
    }
    const kids = tree.lookupMaybe(PDFName.of('Kids'), PDFArray);
    for (let i = 0; kids && i < kids.size(); i++) walk(kids.lookup(i, PDFDict));
  };
  const embedded = catalog.lookupMaybe(PDFName.of('Names'), PDFDict)?.lookupMaybe(PDFName.of('EmbeddedFiles'), PDFDict);
  if (embedded) walk(embedded);
  const found = catalog.lookupMaybe(PDFName.of('Metadata'), PDFStream);
  const metadata = found instanceof PDFRawStream ? found : undefined;
  return {
    header: Buffer.from(bytes.subarray(0, 8)).toString('latin1'),
    pageCount: pdf.getPageCount(),
    embeddedFiles: files,
    xmp: metadata ? Buffer.from(decodePDFRawStream(metadata).decode()).toString('utf8') : null,
  };
}

/** The Factur-X facts of an XMP packet (properties written as elements or as attributes). */
export function readFacturXMetadata(xmp: string): FacturXMetadata {
  const doc = parseXml(xmp.replace(/^\uFEFF/, ''));
  const sel = useNamespaces({
    rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
    pdfaid: 'http://www.aiim.org/pdfa/ns/id/',
    pdfaExtension: 'http://www.aiim.org/pdfa/ns/extension/',
    pdfaSchema: 'http://www.aiim.org/pdfa/ns/schema#',
    pdfaProperty: 'http://www.aiim.org/pdfa/ns/property#',
    fx: FX_NS,
  });
  const all = (path: string, ctx: Node): Node[] => {
    const r = sel(path, ctx);
    return isArrayOfNodes(r) ? r : [];
  };
  const one = (path: string, ctx: Node): string | null => {
    const n = all(path, ctx)[0];
    return n ? valueOf(n).trim() : null;
  };
  const prop = (prefix: string, name: string) => one(`//rdf:Description/${prefix}:${name} | //rdf:Description/@${prefix}:${name}`, doc);
  return {
    pdfaPart: prop('pdfaid', 'part'),
    pdfaConformance: prop('pdfaid', 'conformance'),
    documentType: prop('fx', 'DocumentType'),
    documentFileName: prop('fx', 'DocumentFileName'),
    version: prop('fx', 'Version'),
    conformanceLevel: prop('fx', 'ConformanceLevel'),
    extensionSchemas: all('//pdfaExtension:schemas/rdf:Bag/rdf:li', doc).map((li) => ({
      schema: one('pdfaSchema:schema', li),
      namespaceURI: one('pdfaSchema:namespaceURI', li),
      prefix: one('pdfaSchema:prefix', li),
      properties: all('pdfaSchema:property/rdf:Seq/rdf:li/pdfaProperty:name', li).map((n) => valueOf(n).trim()),
    })),
  };
}
