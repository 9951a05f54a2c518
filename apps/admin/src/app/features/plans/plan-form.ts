import { FormControl, FormGroup, NonNullableFormBuilder, Validators } from '@angular/forms';
import { BillingType, Plan, PlanInput } from '../../core/api/models';
import { minorToDecimal, parseMoney } from '../../core/money';
import { moneyValidator } from '../../core/validators';

export const BILLING_INCREMENTS = [1, 5, 6, 10, 15, 30, 60] as const;

/** API field → form control, for putting the API's 400 errors on the right field. */
export const PLAN_FIELD_ALIASES: Record<string, string> = {
  sessionRateMinor: 'sessionRate',
  hourRateMinor: 'hourRate',
  unattendedDeviceRateMinor: 'unattendedDeviceRate',
};

export type PlanGroup = FormGroup<{
  name: FormControl<string>;
  currency: FormControl<string>;
  billingType: FormControl<BillingType>;
  sessionRate: FormControl<string>;
  hourRate: FormControl<string>;
  unattendedDeviceRate: FormControl<string>;
  billingIncrementMinutes: FormControl<number>;
  minimumBillableMinutes: FormControl<number>;
}>;

/**
 * The plan's fields. Rates are typed as money ("12.50") and validated against the currency's decimals;
 * the rate of the chosen billing type is required.
 */
export function planGroup(fb: NonNullableFormBuilder): PlanGroup {
  // Validators run while the controls are built, before `group` exists: read it lazily.
  let group: PlanGroup | undefined;
  const currency = () => (group?.controls.currency.value ?? 'USD').toUpperCase();
  const needs = (type: BillingType) => () => (group?.controls.billingType.value ?? 'per_session') === type;
  group = fb.group({
    name: fb.control('', [Validators.required, Validators.maxLength(200)]),
    currency: fb.control('USD', [Validators.required, Validators.pattern(/^[A-Za-z]{3}$/)]),
    billingType: fb.control<BillingType>('per_session', Validators.required),
    sessionRate: fb.control('', (c) => moneyValidator(currency, needs('per_session')())(c)),
    hourRate: fb.control('', (c) => moneyValidator(currency, needs('per_hour')())(c)),
    unattendedDeviceRate: fb.control('', moneyValidator(currency)),
    billingIncrementMinutes: fb.control(1, Validators.required),
    minimumBillableMinutes: fb.control(0, [Validators.required, Validators.min(0), Validators.max(1440)]),
  });
  // The rates' validity depends on the currency (decimals) and on the billing type (which is required).
  const built = group;
  const revalidate = () => {
    for (const name of ['sessionRate', 'hourRate', 'unattendedDeviceRate'] as const) {
      built.controls[name].updateValueAndValidity();
    }
  };
  built.controls.currency.valueChanges.subscribe(revalidate);
  built.controls.billingType.valueChanges.subscribe(revalidate);
  revalidate();
  return built;
}

export function fillPlanGroup(group: PlanGroup, plan: Plan): void {
  group.setValue({
    name: plan.name,
    currency: plan.currency,
    billingType: plan.billingType,
    sessionRate:
      plan.sessionRateMinor === null || plan.sessionRateMinor === undefined ? '' : minorToDecimal(plan.sessionRateMinor, plan.currency),
    hourRate: plan.hourRateMinor === null || plan.hourRateMinor === undefined ? '' : minorToDecimal(plan.hourRateMinor, plan.currency),
    unattendedDeviceRate: minorToDecimal(plan.unattendedDeviceRateMinor ?? 0, plan.currency),
    billingIncrementMinutes: plan.billingIncrementMinutes ?? 1,
    minimumBillableMinutes: plan.minimumBillableMinutes ?? 0,
  });
}

/**
 * Form value → API body with integer minor units. A blank optional rate is left out on create and
 * sent as null on edit (the person cleared it); a blank device cost is 0.
 */
export function toPlanInput(group: PlanGroup, mode: 'create' | 'edit'): PlanInput {
  const v = group.getRawValue();
  const currency = v.currency.trim().toUpperCase();
  const rate = (text: string, blank: number | null = null): number | null | undefined => {
    if (text.trim() === '') return mode === 'edit' ? blank : undefined;
    const parsed = parseMoney(text, currency);
    return parsed.ok ? parsed.minor : undefined;
  };
  const body: PlanInput = {
    name: v.name.trim(),
    currency,
    billingType: v.billingType,
    sessionRateMinor: rate(v.sessionRate),
    hourRateMinor: rate(v.hourRate),
    unattendedDeviceRateMinor: rate(v.unattendedDeviceRate, 0) ?? undefined,
    billingIncrementMinutes: Number(v.billingIncrementMinutes),
    minimumBillableMinutes: Number(v.minimumBillableMinutes),
  };
  for (const key of Object.keys(body) as (keyof PlanInput)[]) {
    if (body[key] === undefined) delete body[key];
  }
  return body;
}
