import { invoiceLanguage } from '@app/invoicing';
import type { InvoiceDocument, InvoiceLogo, InvoiceSeller } from '@app/invoicing';
import type { OrganizationEntity } from '../organizations/organization.entity';
import type { BillDetailView, BillTaxView, CorrectionView } from '../billing/bills.view';

/** Logo bytes as stored (the bill's seller snapshot, or the organization's current logo). */
export interface LogoBytes {
  contentType: string;
  bytes: Buffer;
}

/** The logo as the invoice embeds it; anything but a PNG or a JPEG is left out (the template checks the bytes too). */
export function invoiceLogo(logo: LogoBytes | null): InvoiceLogo | null {
  if (!logo || (logo.contentType !== 'image/png' && logo.contentType !== 'image/jpeg')) return null;
  return { contentType: logo.contentType, dataBase64: logo.bytes.toString('base64') };
}

/** The billing address snapshot of a bill (`{ name, line1, line2?, city, region?, postalCode?, country }`). */
function billingAddress(raw: Record<string, unknown>): InvoiceDocument['billingAddress'] {
  const text = (key: string) => (typeof raw[key] === 'string' ? (raw[key] as string) : '');
  const optional = (key: string) => (typeof raw[key] === 'string' && raw[key] !== '' ? (raw[key] as string) : null);
  return {
    name: text('name'),
    line1: text('line1'),
    line2: optional('line2'),
    city: text('city'),
    region: optional('region'),
    postalCode: optional('postalCode'),
    country: text('country'),
  };
}

/** A tax breakdown as printed (the API's groups, field by field). */
function taxGroups(taxes: BillTaxView[]): InvoiceDocument['taxes'] {
  return taxes.map((t) => ({
    name: t.name,
    categoryCode: t.categoryCode,
    ratePercent: t.ratePercent,
    baseMinor: t.baseMinor,
    amountMinor: t.amountMinor,
    exemptionReason: t.exemptionReason,
  }));
}

/** What libs/invoicing prints, from a bill as the API shows it (its seller and buyer snapshots) and its logo's bytes. */
export function toInvoiceDocument(bill: BillDetailView, logo: LogoBytes | null): InvoiceDocument {
  const { seller, buyer } = bill;
  return {
    language: invoiceLanguage(bill.language),
    seller: {
      name: seller.name,
      legalName: seller.legalName,
      address: seller.address,
      vatId: seller.vatId,
      taxNumber: seller.taxNumber,
      companyRegistration: seller.companyRegistration,
      contactEmail: seller.contactEmail,
      phone: seller.phone,
      website: seller.website,
      accountHolder: seller.accountHolder,
      iban: seller.iban,
      bic: seller.bic,
      paymentInstructions: seller.paymentInstructions,
      paymentTerms: seller.paymentTerms,
      footer: seller.invoiceFooter,
      logo: seller.logo ? invoiceLogo(logo) : null,
    },
    buyer: {
      name: buyer.name,
      legalName: buyer.legalName,
      vatId: buyer.vatId,
      buyerReference: buyer.buyerReference,
      purchaseOrder: buyer.purchaseOrder,
    },
    bill: {
      number: bill.number ?? '',
      status: bill.status,
      overdue: bill.overdue,
      periodStart: bill.periodStart,
      periodEnd: bill.periodEnd,
      issueDate: bill.issueDate,
      dueDate: bill.dueDate,
      currency: bill.currency,
    },
    plan: { name: bill.plan.name },
    billingAddress: billingAddress(bill.billingAddress),
    lines: bill.lines,
    adjustments: bill.adjustments.map((a) => ({ type: a.type, description: a.reason, percent: a.percent, amountMinor: a.amountMinor })),
    payments: bill.payments.map((p) => ({
      paidAt: p.paidAt,
      method: p.method,
      reference: p.reference,
      amountMinor: p.amountMinor,
      reversed: p.reversed,
    })),
    taxTreatment: bill.taxTreatment,
    taxExemptionReason: bill.taxExemptionReason,
    taxes: taxGroups(bill.taxes),
    totals: {
      subtotalMinor: bill.subtotalMinor,
      adjustmentsMinor: bill.adjustmentsMinor,
      netMinor: bill.netMinor,
      taxMinor: bill.taxMinor,
      totalMinor: bill.totalMinor,
      paidMinor: bill.paidMinor,
      balanceMinor: bill.balanceMinor,
    },
    timeZone: bill.timeZone,
  };
}

/**
 * The document as it was issued, for the archive: no payments, nothing paid, not overdue, the balance its total (the
 * bill's later life is the console's and the API's, never the issued PDF's). A void bill prints as issued too: the
 * credit note that cancelled it is the document that says so.
 */
export function asIssued(doc: InvoiceDocument): InvoiceDocument {
  return {
    ...doc,
    asIssued: true,
    bill: { ...doc.bill, status: doc.totals.totalMinor > 0 ? 'unpaid' : 'paid', overdue: false },
    payments: [],
    totals: { ...doc.totals, paidMinor: 0, balanceMinor: doc.totals.totalMinor },
  };
}

/**
 * A credit note or supplementary invoice as printed: its bill's seller, buyer, address, language and service period
 * (the bill's snapshots), its own number, dates, lines, taxes and totals, and the bill as the preceding invoice.
 */
export function toCorrectionDocument(bill: BillDetailView, c: CorrectionView, logo: LogoBytes | null): InvoiceDocument {
  const base = toInvoiceDocument(bill, logo);
  return {
    ...base,
    documentType: c.type,
    asIssued: true,
    precedingInvoice: { number: c.billNumber, issueDate: c.billIssueDate },
    bill: { ...base.bill, number: c.number, status: 'unpaid', overdue: false, issueDate: c.issueDate, dueDate: c.dueDate },
    lines: c.lines,
    adjustments: [],
    payments: [],
    taxes: taxGroups(c.taxes),
    totals: {
      subtotalMinor: c.netMinor,
      adjustmentsMinor: 0,
      netMinor: c.netMinor,
      taxMinor: c.taxMinor,
      totalMinor: c.totalMinor,
      paidMinor: 0,
      balanceMinor: c.totalMinor,
    },
  };
}

/** The organization's seller profile as it is now (the preview prints it), with its current logo. */
export function currentSeller(org: OrganizationEntity, logo: LogoBytes | null): InvoiceSeller {
  return {
    name: org.name,
    legalName: org.legalName,
    address: org.address,
    vatId: org.vatId,
    taxNumber: org.taxNumber,
    companyRegistration: org.companyRegistration,
    contactEmail: org.contactEmail,
    phone: org.phone,
    website: org.website,
    accountHolder: org.accountHolder,
    iban: org.iban,
    bic: org.bic,
    paymentInstructions: org.paymentInstructions,
    paymentTerms: org.paymentTerms,
    footer: org.invoiceFooter,
    logo: invoiceLogo(logo),
  };
}
