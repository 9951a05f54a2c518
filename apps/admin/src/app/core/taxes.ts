import { formatPercent } from '@app/billing';
import type { DepartmentView, TaxRateView } from '@app/contracts';
import { browserLocale } from './money';

export type TaxCategoryCode = TaxRateView['categoryCode'];
export type CustomerTaxTreatment = DepartmentView['taxTreatment'];

/** Every EN 16931 VAT category (UNCL5305) by the name a person reads (the compiler keeps it complete). */
export const TAX_CATEGORY_NAMES: Record<TaxCategoryCode, string> = {
  S: 'Standard rate',
  Z: 'Zero rated',
  E: 'Exempt',
  AE: 'Reverse charge',
  K: 'Intra-community supply',
  G: 'Export outside the EU',
  O: 'Outside the scope of VAT',
};

export const TAX_CATEGORIES = (Object.keys(TAX_CATEGORY_NAMES) as TaxCategoryCode[]).map((code) => ({
  code,
  name: TAX_CATEGORY_NAMES[code],
}));

/** "S Standard rate"; an unknown code as it is. */
export function taxCategoryText(code: string): string {
  const name = (TAX_CATEGORY_NAMES as Record<string, string | undefined>)[code];
  return name ? `${code} ${name}` : code;
}

/** A customer's tax treatment, by its name (and what it means, for a hint). */
export const TAX_TREATMENTS: Record<CustomerTaxTreatment, { label: string; hint: string }> = {
  standard: { label: 'Standard', hint: 'The tax rates apply' },
  reverse_charge: {
    label: 'Reverse charge',
    hint: 'An EU business customer in another member state: 0 % and the reverse-charge note; needs its VAT ID',
  },
  exempt: { label: 'Exempt', hint: 'No tax, with the legal reason printed on the invoice' },
  export: { label: 'Export', hint: 'Outside your tax area: zero-rated' },
};

export const TAX_TREATMENT_OPTIONS = (Object.keys(TAX_TREATMENTS) as CustomerTaxTreatment[]).map((value) => ({
  value,
  ...TAX_TREATMENTS[value],
}));

/** A bill's treatment, 'none' included (untaxed: bills from before taxes, customers without a rate). */
export function taxTreatmentLabel(treatment: string): string {
  if (treatment === 'none') return 'Untaxed';
  return (TAX_TREATMENTS as Record<string, { label: string } | undefined>)[treatment]?.label ?? treatment;
}

/** "19 %", "7.75 %" in the browser's locale. */
export function percentText(ratePercent: number | string): string {
  try {
    return formatPercent(ratePercent, browserLocale());
  } catch {
    return `${String(ratePercent)} %`;
  }
}

/** "VAT 19 %": how a rate is named in lists and choices. */
export function taxRateText(rate: Pick<TaxRateView, 'name' | 'ratePercent'>): string {
  return `${rate.name} ${percentText(rate.ratePercent)}`;
}

/** "VAT 19 % (S Standard rate)", with "archived" for an archived one: the text of a choice. */
export function taxRateOption(rate: TaxRateView): string {
  return `${taxRateText(rate)} (${taxCategoryText(rate.categoryCode)})${rate.archivedAt ? ' · archived' : ''}`;
}

/** The names of `ids` in order, from what the page loaded ("VAT 19 %, GST 5 %"); an unknown id reads "a tax rate". */
export function taxRatesText(ids: readonly string[], rates: ReadonlyMap<string, TaxRateView>): string {
  return ids.map((id) => (rates.has(id) ? taxRateText(rates.get(id)!) : 'a tax rate')).join(' + ');
}
