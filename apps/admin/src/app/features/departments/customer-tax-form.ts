import { AbstractControl, FormArray, FormControl, FormGroup, NonNullableFormBuilder, ValidationErrors, Validators } from '@angular/forms';
import type { CreateDepartmentDto, DepartmentView } from '@app/contracts';
import type { InvoiceLanguage } from '../../core/languages';
import type { CustomerTaxTreatment } from '../../core/taxes';

/** How a customer's rates are chosen: its plan's (taxRateIds null), none ([]), or its own (1..2 ids). */
export type TaxRatesMode = 'plan' | 'none' | 'custom';

export const MAX_CUSTOMER_TAX_RATES = 2;

export type CustomerTaxGroup = FormGroup<{
  legalName: FormControl<string>;
  vatId: FormControl<string>;
  /** '' = the organization's */
  invoiceLanguage: FormControl<InvoiceLanguage | ''>;
  taxTreatment: FormControl<CustomerTaxTreatment>;
  exemptionReason: FormControl<string>;
  taxRatesMode: FormControl<TaxRatesMode>;
  /** The own rates (mode custom): two choices, '' for none; the API's `taxRateIds.<i>` errors land on them. */
  taxRateIds: FormArray<FormControl<string>>;
}>;

/** The fields of the tax data the API takes, in the body of `POST /departments` and `PATCH /departments/:id`. */
export type CustomerTaxInput = Required<
  Pick<CreateDepartmentDto, 'legalName' | 'vatId' | 'invoiceLanguage' | 'taxTreatment' | 'exemptionReason' | 'taxRateIds'>
>;

/**
 * A customer's tax data. The fields a treatment needs are required while it is chosen (the VAT ID under reverse
 * charge, the reason when exempt), and a first rate when the customer has its own; every other rule (the VAT ID's
 * format and check digits for its country, live rates with different names) is the API's, and its 400 shows under
 * the field.
 */
export function customerTaxGroup(fb: NonNullableFormBuilder, d: DepartmentView | null): CustomerTaxGroup {
  // Validators run while the controls are built, before `group` exists: read it lazily.
  let group: CustomerTaxGroup | undefined;
  const when = (test: (g: CustomerTaxGroup) => boolean) => (c: AbstractControl<string>) =>
    group && test(group) ? Validators.required(c) : null;
  const rates = d?.taxRateIds ?? [];
  group = fb.group({
    legalName: fb.control(d?.legalName ?? '', Validators.maxLength(200)),
    vatId: fb.control(d?.vatId ?? '', [Validators.maxLength(30), when((g) => g.controls.taxTreatment.value === 'reverse_charge')]),
    invoiceLanguage: fb.control<InvoiceLanguage | ''>(d?.invoiceLanguage ?? ''),
    taxTreatment: fb.control<CustomerTaxTreatment>(d?.taxTreatment ?? 'standard', Validators.required),
    exemptionReason: fb.control(d?.exemptionReason ?? '', [
      Validators.maxLength(500),
      when((g) => g.controls.taxTreatment.value === 'exempt'),
    ]),
    taxRatesMode: fb.control<TaxRatesMode>(d?.taxRateIds === null || !d ? 'plan' : rates.length === 0 ? 'none' : 'custom'),
    taxRateIds: fb.array(
      Array.from({ length: MAX_CUSTOMER_TAX_RATES }, (_, i) =>
        fb.control(rates[i] ?? '', i === 0 ? [(c: AbstractControl<string>) => firstRateRequired(group, c)] : []),
      ),
    ),
  });
  const built = group;
  built.controls.taxTreatment.valueChanges.subscribe(() => {
    built.controls.vatId.updateValueAndValidity();
    built.controls.exemptionReason.updateValueAndValidity();
  });
  built.controls.taxRatesMode.valueChanges.subscribe(() => built.controls.taxRateIds.at(0).updateValueAndValidity());
  // No first rate: the second moves up (so the API's `taxRateIds.<i>` is the i-th choice shown).
  built.controls.taxRateIds.valueChanges.subscribe(() => {
    const [first, second] = built.controls.taxRateIds.controls;
    if (first.value === '' && second.value !== '') {
      first.setValue(second.value);
      second.setValue('');
    }
  });
  return built;
}

function firstRateRequired(group: CustomerTaxGroup | undefined, c: AbstractControl<string>): ValidationErrors | null {
  if (!group || group.controls.taxRatesMode.value !== 'custom' || c.value) return null;
  return { message: 'Choose a rate (or "No tax")' };
}

/**
 * Form value → the API's tax fields, all of them (the data is checked as a whole): blanks are null, the reason only
 * where the treatment has one (never under standard), the rates by the mode.
 */
export function toCustomerTaxInput(group: CustomerTaxGroup): CustomerTaxInput {
  const v = group.getRawValue();
  const ids = v.taxRateIds.filter((id) => id !== '');
  return {
    legalName: v.legalName.trim() || null,
    vatId: v.vatId.trim() || null,
    invoiceLanguage: v.invoiceLanguage || null,
    taxTreatment: v.taxTreatment,
    exemptionReason: v.taxTreatment === 'standard' ? null : v.exemptionReason.trim() || null,
    taxRateIds: v.taxRatesMode === 'plan' ? null : v.taxRatesMode === 'none' ? [] : ids,
  };
}
