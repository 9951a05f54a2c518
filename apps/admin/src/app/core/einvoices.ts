import { HttpErrorResponse } from '@angular/common/http';
import type { DepartmentView, ProblemView } from '@app/contracts';
import { errorMessage } from './errors';

/** A customer's e-invoice choice: one of the formats, or `none` (the PDF alone). */
export type CustomerEInvoiceFormat = DepartmentView['einvoiceFormat'];
/** A format the API writes (`GET /bills/:id/einvoice?format=`). */
export type EInvoiceFormat = Exclude<CustomerEInvoiceFormat, 'none'>;
export type ElectronicAddress = NonNullable<DepartmentView['electronicAddress']>;
export type EInvoiceProblem = ProblemView;

/** Every format by the name a person reads (the compiler keeps it complete), in the order the console offers them. */
export const EINVOICE_FORMAT_LABELS: Record<CustomerEInvoiceFormat, string> = {
  none: 'None (PDF only)',
  peppol: 'Peppol BIS Billing 3.0 (UBL)',
  xrechnung_ubl: 'XRechnung 3.0 (UBL)',
  xrechnung_cii: 'XRechnung 3.0 (CII)',
  facturx: 'Factur-X / ZUGFeRD (EN 16931)',
};

export const CUSTOMER_EINVOICE_FORMAT_OPTIONS = (Object.keys(EINVOICE_FORMAT_LABELS) as CustomerEInvoiceFormat[]).map((value) => ({
  value,
  label: EINVOICE_FORMAT_LABELS[value],
}));

export const EINVOICE_FORMATS = CUSTOMER_EINVOICE_FORMAT_OPTIONS.map((o) => o.value).filter((f): f is EInvoiceFormat => f !== 'none');

export function einvoiceFormatLabel(format: string): string {
  return (EINVOICE_FORMAT_LABELS as Record<string, string | undefined>)[format] ?? format;
}

/** The formats a download offers: the customer's first (`own`), then the others. */
export function einvoiceChoices(own: CustomerEInvoiceFormat): { format: EInvoiceFormat; label: string; own: boolean }[] {
  const formats = own === 'none' ? EINVOICE_FORMATS : [own, ...EINVOICE_FORMATS.filter((f) => f !== own)];
  return formats.map((format) => ({ format, label: EINVOICE_FORMAT_LABELS[format], own: format === own }));
}

/** "0088:4035811991021"; "—" for none. */
export function electronicAddressText(address: ElectronicAddress | null | undefined): string {
  return address ? `${address.scheme}:${address.id}` : '—';
}

/** The `problems` of a refused e-invoice (409: `{code, message, problems: [{code, field, message}]}`); [] otherwise. */
export function einvoiceProblemsOf(err: unknown): EInvoiceProblem[] {
  if (!(err instanceof HttpErrorResponse)) return [];
  const body = err.error as { problems?: unknown } | null;
  const problems = body && typeof body === 'object' && Array.isArray(body.problems) ? (body.problems as unknown[]) : [];
  return problems.filter((p): p is EInvoiceProblem => !!p && typeof p === 'object' && typeof (p as EInvoiceProblem).message === 'string');
}

/** Where a problem is fixed, by its `field`'s first segment: the seller profile, the customer, its association, the bill. */
export type ProblemPlace = 'organization' | 'department' | 'association' | 'bill' | null;

export function problemPlace(field: string | null | undefined): ProblemPlace {
  const head = (field ?? '').split('.')[0];
  return head === 'organization' || head === 'department' || head === 'association' || head === 'bill' ? head : null;
}

/**
 * A refused e-invoice as one message: what the API says, then each problem's sentence it did not already say
 * ("No Peppol BIS Billing 3.0 (UBL) e-invoice for INV-000001: … · …").
 */
export function einvoiceFailure(err: unknown, documentName: string, format: EInvoiceFormat): string {
  const main = errorMessage(err, 'The e-invoice could not be made');
  const rest = einvoiceProblemsOf(err)
    .map((p) => p.message)
    .filter((m) => m && m !== main);
  return [`No ${EINVOICE_FORMAT_LABELS[format]} e-invoice for ${documentName}: ${main}`, ...rest].join(' · ');
}

/** The name a download gets when the API names none: `INV-000001-peppol.xml`, `INV-000001-facturx.pdf`. */
export function einvoiceFallbackName(number: string | null, format: EInvoiceFormat): string {
  const base = number ?? 'invoice';
  return `${base}-${format.replace('_', '-')}.${format === 'facturx' ? 'pdf' : 'xml'}`;
}

/** What each choice means for a customer (the form's hint). */
export const EINVOICE_FORMAT_HINTS: Record<CustomerEInvoiceFormat, string> = {
  none: 'Its invoices are PDFs only.',
  peppol: "UBL per Peppol BIS Billing 3.0, e-mailed beside the PDF. Needs the customer's electronic address (its Peppol endpoint).",
  xrechnung_ubl:
    "XRechnung in UBL, e-mailed beside the PDF. German public buyers need their Leitweg-ID as the buyer reference of the customer's plan association.",
  xrechnung_cii:
    "XRechnung in CII, e-mailed beside the PDF. German public buyers need their Leitweg-ID as the buyer reference of the customer's plan association.",
  facturx: 'The invoice PDF with its CII XML embedded (PDF/A-3): it replaces the plain PDF in invoice e-mails.',
};
