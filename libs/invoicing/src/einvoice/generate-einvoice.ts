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
const writers = new Map<EInvoiceFormat, Writer>();

function writer(format: EInvoiceFormat): Writer {
  let w = writers.get(format);
  if (!w) {
    const formatter = new FormatFactoryService().createFormatService(EINVOICE_FORMAT_INFO[format].generator, silent);
    const schema = structuredClone(invoiceSchema);
    formatter.patchSchema(schema as never);
    const validator = new Ajv2019({ strict: true, allErrors: true, useDefaults: true }).compile(schema);
    w = { formatter, validate: (data) => validator(data), errors: () => validator.errors };
    writers.set(format, w);
  }
  return w;
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
  const { formatter, validate, errors } = writer(format);
  const model: Invoice = toEInvoiceModel(doc, format);
  if (!validate(model)) throw new Error(`The e-invoice model of ${doc.bill.number} is invalid: ${JSON.stringify(errors())}`);
  formatter.fillInvoiceDefaults(model);
  const out = await formatter.generate(model, {
    format: info.generator,
    lang: LANG[doc.language] ?? 'en-us',
    ...(pdf && { pdf: { buffer: pdf, filename: `${doc.bill.number}.pdf`, mimetype: 'application/pdf' } }),
    noWarnings: true,
  });
  return {
    format,
    contentType: info.contentType,
    filename: `${doc.bill.number}${info.fileSuffix}`,
    bytes: typeof out === 'string' ? Buffer.from(out, 'utf8') : Buffer.from(out),
  };
}
