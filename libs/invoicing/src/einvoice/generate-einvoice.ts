/**
 * Writes an e-invoice with `@e-invoice-eu/core` (UBL, CII, XRechnung and Factur-X from one EN 16931 model; see the
 * README's design notes for why this library). Its checks of the model against its JSON schema per format are kept,
 * compiled once per format (the library's own `InvoiceService` compiles them on every call, ~100 ms).
 *
 * A document with problems (`einvoiceProblems`) is refused with `EInvoiceRefusedError`, never produced invalid.
 */
import Ajv2019 from 'ajv/dist/2019';
import { FormatFactoryService, invoiceSchema } from '@e-invoice-eu/core';
import type { EInvoiceFormat as LibraryFormat, Invoice } from '@e-invoice-eu/core';
import type { InvoiceDocument } from '../invoice-document';
import { toEInvoiceModel } from './einvoice-model';
import { embedFacturX, embedFacturXRewriting } from './facturx-pdf';
import { escapeXml, renderXml } from './xml-writer';
import { EINVOICE_FORMAT_INFO, type EInvoiceFormat } from './formats';
import { einvoiceProblems, type EInvoiceProblem } from './problems';

export class EInvoiceRefusedError extends Error {
  readonly code: string;
  constructor(
    readonly format: EInvoiceFormat,
    readonly problems: readonly EInvoiceProblem[],
  ) {
    super(`This document cannot be a ${EINVOICE_FORMAT_INFO[format].label} e-invoice: ${problems.map((p) => p.message).join('; ')}`);
    this.name = 'EInvoiceRefusedError';
    this.code = problems[0]?.code ?? 'EINVOICE_REFUSED';
  }
}

export interface GeneratedEInvoice {
  format: EInvoiceFormat;
  contentType: 'application/xml' | 'application/pdf';
  filename: string;
  bytes: Buffer;
}

const silent = { log: () => undefined, warn: () => undefined, error: () => undefined };

interface Writer {
  formatter: LibraryFormat;
  validate: (data: unknown) => boolean;
  errors: () => unknown;
}
const writers = new Map<string, Writer>();

/** The library's writer of `generator` (a format name it knows), with its schema check compiled once. */
function writer(generator: string): Writer {
  let w = writers.get(generator);
  if (!w) {
    const formatter = new FormatFactoryService().createFormatService(generator, silent);
    fastXml(formatter);
    const schema = structuredClone(invoiceSchema);
    formatter.patchSchema(schema as never);
    allowUnpaddedBase64(schema);
    allowPriceDecimals(schema);
    const validator = new Ajv2019({ strict: true, allErrors: true, useDefaults: true }).compile(schema);
    w = { formatter, validate: (data) => validator(data), errors: () => validator.errors };
    writers.set(generator, w);
  }
  return w;
}

/** The model written by the library's `generator`, after its schema check. */
async function write(generator: string, model: Invoice, lang: string) {
  const { formatter, validate, errors } = writer(generator);
  // The model is the caller's own (made for this call): the check's defaults may go into it.
  if (!validate(model)) throw new Error(`The e-invoice model of ${model['ubl:Invoice']['cbc:ID']} is invalid: ${JSON.stringify(errors())}`);
  formatter.fillInvoiceDefaults(model);
  const out = await formatter.generate(model, { format: generator, lang, noWarnings: true });
  if (formatter.syntax !== 'CII' || typeof out !== 'string') return out;
  return withHeaderTradeDelivery(withSupportingDocuments(withPrecedingInvoice(out, model), model));
}

/** The library's XML writer (an internal of every format service it has) made xml-writer.ts's: the same bytes, no DOM. */
interface RendersXml {
  renderXML(data: unknown): string;
  cleanAttributes(data: unknown): void;
}
function fastXml(formatter: LibraryFormat): void {
  const f = formatter as unknown as RendersXml;
  if (typeof f.renderXML !== 'function' || typeof f.cleanAttributes !== 'function') return; // another version: keep its own
  f.renderXML = (data: unknown) => {
    f.cleanAttributes(data);
    return renderXml(data as Parameters<typeof renderXml>[0]);
  };
}

/**
 * The library's binary-object pattern requires base64 to end in '=' padding, refusing every attachment whose length is
 * a multiple of 3 (gflohr/e-invoice-eu#562, fixed after 2.3.4): the final group is made optional, as RFC 4648 has it.
 */
function allowUnpaddedBase64(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(allowUnpaddedBase64);
  if (!node || typeof node !== 'object') return;
  const o = node as Record<string, unknown>;
  if (o.pattern === BASE64_PADDED) o.pattern = BASE64;
  Object.values(o).forEach(allowUnpaddedBase64);
}
const BASE64_PADDED = '^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)$';
const BASE64 = '^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$';

/**
 * The library's schema gives the item net price (BT-146) the 2 decimals of an amount; EN 16931 sets no limit on it
 * (only on amounts, BR-DEC-*), and the net price of a line rated from exact seconds needs more to keep quantity ×
 * price = net amount (PEPPOL-EN16931-R120; see einvoice-model.ts `linePrice`). Up to 8 decimals, never negative
 * (BR-27).
 */
function allowPriceDecimals(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(allowPriceDecimals);
  if (!node || typeof node !== 'object') return;
  const o = node as Record<string, unknown>;
  const price = (o['cac:Price'] as { properties?: Record<string, Record<string, unknown>> } | undefined)?.properties;
  if (price?.['cbc:PriceAmount']?.$ref === '#/$defs/dataTypes/Amount') {
    const { $ref: _ref, ...rest } = price['cbc:PriceAmount'];
    price['cbc:PriceAmount'] = { ...rest, type: 'string', pattern: '^(0|[1-9][0-9]*)(\\.[0-9]{1,8})?$' };
  }
  Object.values(o).forEach(allowPriceDecimals);
}

/**
 * CII D16B requires ApplicableHeaderTradeDelivery between the agreement and the settlement (all its children are
 * optional); the library writes it only from a delivery in the model, which we give only for intra-community supply.
 */
function withHeaderTradeDelivery(xml: string): string {
  if (xml.includes('<ram:ApplicableHeaderTradeDelivery')) return xml;
  const close = '</ram:ApplicableHeaderTradeAgreement>';
  if (!xml.includes(close)) throw new Error('The CII has no header trade agreement');
  return xml.replace(close, `${close}<ram:ApplicableHeaderTradeDelivery/>`);
}

/**
 * The supporting documents (BG-24, our session statement) in CII: the library 2.3.4 maps the model's list of
 * `cac:AdditionalDocumentReference` as one object and writes nothing. They are written here, as CII D16B places them:
 * last in ApplicableHeaderTradeAgreement (we write no procuring project after them), type code 916 ("related
 * document", EN 16931's code for BT-122).
 */
function withSupportingDocuments(xml: string, model: Invoice): string {
  const refs = model['ubl:Invoice']['cac:AdditionalDocumentReference'] ?? [];
  if (refs.length === 0 || xml.includes('<ram:AdditionalReferencedDocument>')) return xml;
  const close = '</ram:ApplicableHeaderTradeAgreement>';
  if (!xml.includes(close)) throw new Error('The CII has no header trade agreement for its supporting documents');
  const written = refs
    .map((r) => {
      const a = r['cac:Attachment'];
      const binary = a?.['cbc:EmbeddedDocumentBinaryObject']
        ? `<ram:AttachmentBinaryObject mimeCode="${escapeXml(a['cbc:EmbeddedDocumentBinaryObject@mimeCode'] ?? '')}" filename="${escapeXml(a['cbc:EmbeddedDocumentBinaryObject@filename'] ?? '')}">${a['cbc:EmbeddedDocumentBinaryObject']}</ram:AttachmentBinaryObject>`
        : '';
      const name = r['cbc:DocumentDescription'] ? `<ram:Name>${escapeXml(r['cbc:DocumentDescription'])}</ram:Name>` : '';
      return `<ram:AdditionalReferencedDocument><ram:IssuerAssignedID>${escapeXml(r['cbc:ID'])}</ram:IssuerAssignedID><ram:TypeCode>916</ram:TypeCode>${name}${binary}</ram:AdditionalReferencedDocument>`;
    })
    .join('');
  return xml.replace(close, `${written}${close}`);
}

/**
 * The preceding invoice (BG-3) in CII: the library 2.3.4 maps it from `cac:BillingReference/cbc:ID`, which its own
 * schema forbids (the model has `cac:InvoiceDocumentReference/cbc:ID`), so CII credit notes and supplementary
 * invoices came out without it. It is written here, where CII D16B places it in ApplicableHeaderTradeSettlement:
 * right after the monetary summation.
 */
function withPrecedingInvoice(xml: string, model: Invoice): string {
  const preceding = model['ubl:Invoice']['cac:BillingReference']?.[0]?.['cac:InvoiceDocumentReference'];
  if (!preceding || xml.includes('<ram:InvoiceReferencedDocument>')) return xml;
  const close = '</ram:SpecifiedTradeSettlementHeaderMonetarySummation>';
  if (!xml.includes(close)) throw new Error('The CII has no monetary summation to place the preceding invoice after');
  const date = preceding['cbc:IssueDate']
    ? `<ram:FormattedIssueDateTime><qdt:DateTimeString format="102">${preceding['cbc:IssueDate'].replace(/-/g, '')}</qdt:DateTimeString></ram:FormattedIssueDateTime>`
    : '';
  const reference = `<ram:InvoiceReferencedDocument><ram:IssuerAssignedID>${escapeXml(preceding['cbc:ID'])}</ram:IssuerAssignedID>${date}</ram:InvoiceReferencedDocument>`;
  return xml.replace(close, `${close}${reference}`);
}

/** The creation date in the PDF's document information (Chromium writes one), read from its text, with its UTC offset. */
function pdfCreationDate(pdf: Uint8Array): Date | null {
  const bytes = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  const at = bytes.indexOf('/CreationDate');
  if (at < 0) return null;
  const m = /^\/CreationDate\s*\(D:(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:([+-])(\d{2})'(\d{2}))?/.exec(
    bytes.toString('latin1', at, at + 60),
  );
  if (!m) return null;
  const offsetMinutes = m[7] ? (m[7] === '-' ? -1 : 1) * (Number(m[8]) * 60 + Number(m[9])) : 0;
  return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) - offsetMinutes * 60_000);
}

/** The document's language as Factur-X's XMP metadata names it (`de-de`). */
const LANG: Record<string, string> = { en: 'en-us', de: 'de-de', fr: 'fr-fr', es: 'es-es', nl: 'nl-nl', it: 'it-it' };

/**
 * The e-invoice of an issued document. `pdf`: the document's PDF as issued (required for `facturx`, which becomes it
 * as PDF/A-3 with the XML embedded as `factur-x.xml`).
 */
export async function generateEInvoice(doc: InvoiceDocument, format: EInvoiceFormat, pdf?: Uint8Array): Promise<GeneratedEInvoice> {
  const problems = einvoiceProblems(doc, format);
  if (problems.length > 0) throw new EInvoiceRefusedError(format, problems);
  const info = EINVOICE_FORMAT_INFO[format];
  if (info.contentType === 'application/pdf' && !pdf) throw new TypeError(`${format} needs the document's PDF`);
  const model: Invoice = toEInvoiceModel(doc, format);
  const lang = LANG[doc.language] ?? 'en-us';
  let out: string | Uint8Array;
  if (format === 'facturx') {
    // The CII of the model (its specification identifier is Factur-X EN 16931's) in the PDF, by one incremental update
    // (facturx-pdf.ts), or by pdf-lib rewriting the PDF where that does not apply.
    const xml = Buffer.from((await write(info.generator, model, lang)) as string, 'utf8');
    const meta = {
      title: `${doc.bill.number} ${doc.seller.legalName ?? doc.seller.name}`,
      author: doc.seller.legalName ?? doc.seller.name,
      creator: 'Remote Billing',
      date: pdfCreationDate(pdf!) ?? new Date(`${doc.bill.issueDate}T00:00:00Z`),
    };
    out = embedFacturX(Buffer.from(pdf!), xml, meta) ?? (await embedFacturXRewriting(Buffer.from(pdf!), xml, meta));
  } else {
    out = await write(info.generator, model, lang);
  }
  return {
    format,
    contentType: info.contentType,
    filename: `${doc.bill.number}${info.fileSuffix}`,
    bytes: typeof out === 'string' ? Buffer.from(out, 'utf8') : Buffer.from(out),
  };
}
