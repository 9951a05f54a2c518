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
import { embedFacturX } from './facturx-pdf';
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
    const schema = structuredClone(invoiceSchema);
    formatter.patchSchema(schema as never);
    const validator = new Ajv2019({ strict: true, allErrors: true, useDefaults: true }).compile(schema);
    w = { formatter, validate: (data) => validator(data), errors: () => validator.errors };
    writers.set(generator, w);
  }
  return w;
}

/** The model written by the library's `generator`, after its schema check. */
async function write(generator: string, model: Invoice, lang: string, pdf?: { buffer: Uint8Array; filename: string; mimetype: string }) {
  const { formatter, validate, errors } = writer(generator);
  const checked = structuredClone(model);
  if (!validate(checked))
    throw new Error(`The e-invoice model of ${model['ubl:Invoice']['cbc:ID']} is invalid: ${JSON.stringify(errors())}`);
  formatter.fillInvoiceDefaults(checked);
  return formatter.generate(checked, { format: generator, lang, ...(pdf && { pdf }), noWarnings: true });
}

/** The creation date in the PDF's document information (Chromium writes one), read from its text, with its UTC offset. */
function pdfCreationDate(pdf: Uint8Array): Date | null {
  const m = /\/CreationDate\s*\(D:(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:([+-])(\d{2})'(\d{2}))?/.exec(
    Buffer.from(pdf).toString('latin1'),
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
  let out: string | Uint8Array | null = null;
  if (format === 'facturx') {
    // The CII of the model (its specification identifier is Factur-X EN 16931's), embedded in the PDF by one
    // incremental update (facturx-pdf.ts); the library's own Factur-X writer where that does not apply.
    const xml = Buffer.from((await write('CII', model, lang)) as string, 'utf8');
    out = embedFacturX(Buffer.from(pdf!), xml, {
      title: `${doc.bill.number} ${doc.seller.legalName ?? doc.seller.name}`,
      author: doc.seller.legalName ?? doc.seller.name,
      creator: 'Remote Billing',
      date: pdfCreationDate(pdf!) ?? new Date(`${doc.bill.issueDate}T00:00:00Z`),
    });
  }
  out ??= await write(info.generator, model, lang, pdf && { buffer: pdf, filename: `${doc.bill.number}.pdf`, mimetype: 'application/pdf' });
  return {
    format,
    contentType: info.contentType,
    filename: `${doc.bill.number}${info.fileSuffix}`,
    bytes: typeof out === 'string' ? Buffer.from(out, 'utf8') : Buffer.from(out),
  };
}
