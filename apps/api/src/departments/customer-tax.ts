/**
 * A customer's tax data (README "Taxes and customers' tax data"): how its bills will be taxed, and the rules that
 * span several fields (single-field rules live on the DTOs). No framework imports.
 */
import type { TaxTreatment } from '@app/billing';
import type { FieldError } from '../common/domain-error';
import { checkVatId, normalizeVatId, VAT_ID_PREFIXES } from '../organizations/tax-ids';

/**
 * How a customer's bills are taxed: `standard` (the rates apply), `reverse_charge` (an EU business customer in
 * another member state: 0 % and the reverse-charge note; both VAT IDs required), `exempt` (0 % with the legal
 * reason), `export` (outside the seller's tax area: zero-rated). libs/billing's `none` is for untaxed old bills only.
 */
export type CustomerTaxTreatment = 'standard' | 'reverse_charge' | 'exempt' | 'export';
export const CUSTOMER_TAX_TREATMENTS: readonly CustomerTaxTreatment[] = ['standard', 'reverse_charge', 'exempt', 'export'];
// Each is one of libs/billing's treatments (the compiler checks it).
const _treatments: readonly TaxTreatment[] = CUSTOMER_TAX_TREATMENTS;
void _treatments;

export interface CustomerTax {
  vatId: string | null;
  taxTreatment: CustomerTaxTreatment;
  exemptionReason: string | null;
}

/** The rules between the treatment, the VAT ID and the exemption reason, on the customer as it will be stored. */
export function customerTaxErrors(tax: CustomerTax): FieldError[] {
  const errors: FieldError[] = [];
  if (tax.taxTreatment === 'reverse_charge' && !tax.vatId) {
    errors.push({ field: 'vatId', message: "is required when taxTreatment is reverse_charge (the invoice names the customer's VAT ID)" });
  }
  if (tax.taxTreatment === 'exempt' && !tax.exemptionReason) {
    errors.push({ field: 'exemptionReason', message: 'is required when taxTreatment is exempt (the legal reason printed on the invoice)' });
  }
  if (tax.taxTreatment === 'standard' && tax.exemptionReason) {
    errors.push({ field: 'exemptionReason', message: 'must be null when taxTreatment is standard (the rates apply)' });
  }
  return errors;
}

/**
 * A customer's VAT ID: the seller profile's check (organizations/tax-ids.ts: the country of its prefix, its format and
 * check digits), with a customer's wording for a prefix it does not know. The error, or null when valid.
 */
export function customerVatIdError(raw: string): string | null {
  const { error } = checkVatId(raw);
  if (!error) return null;
  const prefix = normalizeVatId(raw).slice(0, 2);
  if (/^[A-Z]{2}$/.test(prefix) && prefix !== 'GR' && !VAT_ID_PREFIXES.includes(prefix)) {
    return `vatId: ${prefix} is not a VAT ID prefix known here (the EU member states with EL for Greece, XI, GB, CH, NO)`;
  }
  return error;
}
