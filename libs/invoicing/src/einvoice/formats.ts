/**
 * The e-invoice formats we write, each an EN 16931 invoice in one syntax and CIUS:
 * - `peppol`: UBL 2.1 per Peppol BIS Billing 3.0 (Invoice, or CreditNote for a credit note);
 * - `xrechnung_ubl` / `xrechnung_cii`: XRechnung 3.0 in UBL 2.1 or UN/CEFACT CII D16B;
 * - `facturx`: Factur-X 1.0 / ZUGFeRD 2.x, profile EN 16931: the invoice PDF as PDF/A-3 with the CII XML embedded
 *   as `factur-x.xml`.
 */

export const EINVOICE_FORMATS = Object.freeze(['peppol', 'xrechnung_ubl', 'xrechnung_cii', 'facturx'] as const);
export type EInvoiceFormat = (typeof EINVOICE_FORMATS)[number];

/** A customer's choice: one of the formats, or `none` (the PDF alone). */
export const CUSTOMER_EINVOICE_FORMATS = Object.freeze(['none', ...EINVOICE_FORMATS] as const);
export type CustomerEInvoiceFormat = (typeof CUSTOMER_EINVOICE_FORMATS)[number];

export function isEInvoiceFormat(value: unknown): value is EInvoiceFormat {
  return typeof value === 'string' && (EINVOICE_FORMATS as readonly string[]).includes(value);
}

export type EInvoiceSyntax = 'UBL' | 'CII';

export interface EInvoiceFormatInfo {
  syntax: EInvoiceSyntax;
  /** BT-24, the specification identifier */
  customizationId: string;
  /** BT-23, the business process (Peppol's; XRechnung and Factur-X carry it too) */
  profileId: string;
  contentType: 'application/xml' | 'application/pdf';
  /** appended to the document number in the file name */
  fileSuffix: string;
  /** the name `@e-invoice-eu/core` knows the format by */
  generator: string;
  /** a person's name of the format */
  label: string;
}

const PEPPOL_BILLING = 'urn:fdc:peppol.eu:2017:poacc:billing:01:1.0';
const XRECHNUNG_3 = 'urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0';

export const EINVOICE_FORMAT_INFO: Readonly<Record<EInvoiceFormat, EInvoiceFormatInfo>> = Object.freeze({
  peppol: {
    syntax: 'UBL',
    customizationId: 'urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0',
    profileId: PEPPOL_BILLING,
    contentType: 'application/xml',
    fileSuffix: '-peppol.xml',
    generator: 'UBL',
    label: 'Peppol BIS Billing 3.0 (UBL)',
  },
  xrechnung_ubl: {
    syntax: 'UBL',
    customizationId: XRECHNUNG_3,
    profileId: PEPPOL_BILLING,
    contentType: 'application/xml',
    fileSuffix: '-xrechnung-ubl.xml',
    generator: 'XRECHNUNG-UBL',
    label: 'XRechnung 3.0 (UBL)',
  },
  xrechnung_cii: {
    syntax: 'CII',
    customizationId: XRECHNUNG_3,
    profileId: PEPPOL_BILLING,
    contentType: 'application/xml',
    fileSuffix: '-xrechnung-cii.xml',
    generator: 'XRECHNUNG-CII',
    label: 'XRechnung 3.0 (CII)',
  },
  facturx: {
    syntax: 'CII',
    customizationId: 'urn:cen.eu:en16931:2017',
    profileId: PEPPOL_BILLING,
    contentType: 'application/pdf',
    fileSuffix: '-facturx.pdf',
    generator: 'CII', // the XML; facturx-pdf.ts puts it in the PDF
    label: 'Factur-X / ZUGFeRD (EN 16931)',
  },
});
