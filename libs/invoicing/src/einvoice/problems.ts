/**
 * What keeps a document from being a valid e-invoice of a format, found BEFORE anything is generated: an e-invoice is
 * refused, never produced invalid (the API answers 409 with the first problem's code; a draft lists them all).
 *
 * Each problem names the field to fix, as the API calls it (`organization.*` the seller profile, `department.*` the
 * customer, `association.*` the customer's plan association, `bill.*` the document itself). The rules behind them:
 * - every format (EN 16931): amounts have at most 2 decimals (currency with 3: `CURRENCY_DECIMALS`); a VAT breakdown
 *   is mandatory (BR-CO-18: untaxed bills are `UNTAXED`); an invoice line has exactly one VAT category and rate (BG-30:
 *   two taxes on a line, Canada's GST + PST, are `TWO_TAXES_ON_LINE`); "not subject to VAT" stands alone (BR-O-11);
 *   the seller's postal address (BR-08); an identifier of the seller (BR-CO-26: VAT ID or registration); the seller's
 *   VAT ID or tax number under S, Z, E (BR-S-02, BR-Z-02, BR-E-02) and its VAT ID under AE, K, G (BR-AE-02,
 *   BR-IC-02, BR-G-02); the buyer's VAT ID under AE and K (BR-AE-02, BR-IC-02).
 * - Peppol BIS 3.0: both electronic addresses (PEPPOL-EN16931-R010, R020); a buyer reference or a purchase order
 *   (PEPPOL-EN16931-R003).
 * - XRechnung 3.0: both electronic addresses; the buyer reference (BR-DE-15, the Leitweg-ID of a public buyer: one
 *   of that shape must have the right check digits, `BUYER_REFERENCE_INVALID`);
 *   seller contact with telephone and e-mail (BR-DE-2, 6, 7; the contact name is the seller's name); seller and buyer
 *   post codes (BR-DE-4, BR-DE-9); payment instructions (BR-DE-1), which need the seller's IBAN (BR-DE-23-a).
 * - Factur-X EN 16931: EN 16931 alone.
 */
import { currencyExponent } from '@app/billing';
import type { InvoiceDocument } from '../invoice-document';
import type { EInvoiceFormat } from './formats';
import { checkLeitwegId, looksLikeLeitwegId } from './electronic-address';
import { taxSetsOf } from './tax-sets';

export type EInvoiceProblemCode =
  | 'CURRENCY_DECIMALS'
  | 'UNTAXED'
  | 'TWO_TAXES_ON_LINE'
  | 'OUTSIDE_SCOPE_MIXED'
  | 'SELLER_ADDRESS_MISSING'
  | 'SELLER_POSTAL_CODE_MISSING'
  | 'SELLER_IDENTIFIER_MISSING'
  | 'SELLER_VAT_ID_MISSING'
  | 'SELLER_ELECTRONIC_ADDRESS_MISSING'
  | 'SELLER_PHONE_MISSING'
  | 'SELLER_EMAIL_MISSING'
  | 'SELLER_IBAN_MISSING'
  | 'BUYER_ELECTRONIC_ADDRESS_MISSING'
  | 'BUYER_REFERENCE_MISSING'
  | 'BUYER_REFERENCE_INVALID'
  | 'BUYER_VAT_ID_MISSING'
  | 'BUYER_POSTAL_CODE_MISSING';

export interface EInvoiceProblem {
  code: EInvoiceProblemCode;
  /** where to fix it, e.g. `association.buyerReference` */
  field: string;
  message: string;
}

const blank = (s: string | null | undefined) => s == null || s.trim() === '';

/** Every problem of `doc` as an e-invoice in `format`, in a stable order (empty: it can be generated). */
export function einvoiceProblems(doc: InvoiceDocument, format: EInvoiceFormat): EInvoiceProblem[] {
  const problems: EInvoiceProblem[] = [];
  const add = (code: EInvoiceProblemCode, field: string, message: string) => problems.push({ code, field, message });
  const { seller, buyer } = doc;
  const currency = doc.bill.currency;

  if (currencyExponent(currency) > 2) {
    add('CURRENCY_DECIMALS', 'bill.currency', `${currency} has ${currencyExponent(currency)} decimals; EN 16931 amounts have at most 2`);
  }
  if (doc.taxTreatment === 'none' || doc.taxes.length === 0) {
    add(
      'UNTAXED',
      'department.taxTreatment',
      'An e-invoice needs a VAT breakdown: give the customer a tax treatment (standard, reverse charge, exempt or export)',
    );
  } else if (taxSetsOf(doc).some((set) => set.taxes.length > 1)) {
    add(
      'TWO_TAXES_ON_LINE',
      'bill.taxes',
      'A line carries two taxes (e.g. GST and PST); an EN 16931 line has exactly one VAT category and rate',
    );
  }
  const categories = new Set(doc.taxes.map((t) => t.categoryCode));
  if (categories.has('O') && doc.taxes.length > 1) {
    add(
      'OUTSIDE_SCOPE_MIXED',
      'bill.taxes',
      'Lines "not subject to VAT" (category O) cannot share an e-invoice with other tax groups (BR-O-11)',
    );
  }

  if (!seller.address) {
    add('SELLER_ADDRESS_MISSING', 'organization.address', "The seller's postal address is required (BR-08)");
  }
  if (blank(seller.vatId) && blank(seller.companyRegistration)) {
    add('SELLER_IDENTIFIER_MISSING', 'organization.vatId', "The seller's VAT ID or company registration is required (BR-CO-26)");
  }
  const needsVatId = ['AE', 'K', 'G'].some((c) => categories.has(c as never));
  const needsVatOrTaxNumber = ['S', 'Z', 'E'].some((c) => categories.has(c as never));
  if (blank(seller.vatId) && (needsVatId || (needsVatOrTaxNumber && blank(seller.taxNumber)))) {
    add(
      'SELLER_VAT_ID_MISSING',
      'organization.vatId',
      needsVatId
        ? "The seller's VAT ID is required under reverse charge, intra-community supply and export (BR-AE-02, BR-IC-02, BR-G-02)"
        : "The seller's VAT ID or tax number is required when VAT is charged (BR-S-02)",
    );
  }
  if ((categories.has('AE') || categories.has('K')) && blank(buyer.vatId)) {
    add(
      'BUYER_VAT_ID_MISSING',
      'department.vatId',
      "The customer's VAT ID is required under reverse charge and intra-community supply (BR-AE-02)",
    );
  }

  if (format === 'peppol' || format === 'xrechnung_ubl' || format === 'xrechnung_cii') {
    if (!seller.electronicAddress) {
      add(
        'SELLER_ELECTRONIC_ADDRESS_MISSING',
        'organization.electronicAddress',
        "The seller's electronic address (Peppol endpoint, BT-34) is required",
      );
    }
    if (!buyer.electronicAddress) {
      add(
        'BUYER_ELECTRONIC_ADDRESS_MISSING',
        'department.electronicAddress',
        "The customer's electronic address (Peppol endpoint, BT-49) is required",
      );
    }
  }
  if (format === 'peppol' && blank(buyer.buyerReference) && blank(buyer.purchaseOrder)) {
    add(
      'BUYER_REFERENCE_MISSING',
      'association.buyerReference',
      'Peppol needs a buyer reference or a purchase order number (PEPPOL-EN16931-R003)',
    );
  }
  if (format === 'xrechnung_ubl' || format === 'xrechnung_cii') {
    if (blank(buyer.buyerReference)) {
      add(
        'BUYER_REFERENCE_MISSING',
        'association.buyerReference',
        'XRechnung needs the buyer reference (BT-10; the Leitweg-ID of a public buyer) (BR-DE-15)',
      );
    } else if (looksLikeLeitwegId(buyer.buyerReference!)) {
      const leitweg = checkLeitwegId(buyer.buyerReference!);
      if (leitweg.error) add('BUYER_REFERENCE_INVALID', 'association.buyerReference', leitweg.error);
    }
    if (seller.address && blank(seller.address.postalCode)) {
      add('SELLER_POSTAL_CODE_MISSING', 'organization.address.postalCode', "XRechnung needs the seller's post code (BR-DE-4)");
    }
    if (blank(doc.billingAddress.postalCode)) {
      add('BUYER_POSTAL_CODE_MISSING', 'association.billingAddress.postalCode', "XRechnung needs the customer's post code (BR-DE-9)");
    }
    if (blank(seller.phone)) add('SELLER_PHONE_MISSING', 'organization.phone', "XRechnung needs the seller's telephone number (BR-DE-6)");
    if (blank(seller.contactEmail))
      add('SELLER_EMAIL_MISSING', 'organization.contactEmail', "XRechnung needs the seller's contact e-mail (BR-DE-7)");
    if (blank(seller.iban)) {
      add('SELLER_IBAN_MISSING', 'organization.iban', 'XRechnung needs payment instructions: the IBAN to pay to (BR-DE-1, BR-DE-23-a)');
    }
  }
  return problems;
}
