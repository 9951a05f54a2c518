import { AbstractControl, FormArray, FormControl, FormGroup, NonNullableFormBuilder, Validators } from '@angular/forms';
import { displayExponent, minorToDecimal } from '@app/billing';
import type { CreatePlanDto, PlanView, UpdatePlanDto } from '@app/contracts';
import { parseMoney } from '../../core/money';
import { unitOfPlan } from '../../core/prepaid';
import { moneyValidator } from '../../core/validators';
import { RetainerGroup, fillRetainerGroup, retainerGroup, revalidateRetainer, toRetainer } from './retainer-form';
import { NO_RULES, rulesOf, sameRules } from '../../core/rate-rules';
import { RulesGroup, fillRulesGroup, rulesGroup, toRules } from './rate-rules-form';

type BillingType = PlanView['billingType'];
type BillingIncrement = PlanView['billingIncrementMinutes'];

export const BILLING_INCREMENTS = [1, 5, 6, 10, 15, 30, 60] as const satisfies readonly BillingIncrement[];

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
  /** The default tax rates: two choices, '' for none (the API's `taxRateIds.<i>` errors land on them). */
  taxRateIds: FormArray<FormControl<string>>;
  /** "Retainer (prepaid hours)": off, the retainer's fields are disabled and the plan has none. */
  hasRetainer: FormControl<boolean>;
  retainer: RetainerGroup;
  /** Rate rules (issue #18): business hours and holidays, class rates, tiers, unattended rate, minimum commitment. */
  rules: RulesGroup;
  /** Editing: the day a change of rates or rules takes effect ('': from each customer's next bill). */
  effectiveFrom: FormControl<string>;
}>;

/** At most two default tax rates per plan (GST + PST); the API checks the rest (live, distinct names). */
export const MAX_PLAN_TAX_RATES = 2;

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
    taxRateIds: fb.array(Array.from({ length: MAX_PLAN_TAX_RATES }, () => fb.control(''))),
    hasRetainer: fb.control(false),
    retainer: retainerGroup(fb, () => planUnit(group), currency),
    rules: rulesGroup(fb, currency),
    effectiveFrom: fb.control(''),
  });
  // The rates' validity depends on the currency (decimals) and on the billing type (which is required); the
  // retainer's on both too (its units are hours or sessions).
  const built = group;
  const revalidate = () => {
    for (const name of ['sessionRate', 'hourRate', 'unattendedDeviceRate'] as const) {
      built.controls[name].updateValueAndValidity();
    }
    revalidateRetainer(built.controls.retainer);
    revalidateTree(built.controls.rules);
  };
  built.controls.currency.valueChanges.subscribe(revalidate);
  built.controls.billingType.valueChanges.subscribe(revalidate);
  const toggleRetainer = (on: boolean) => {
    if (on) built.controls.retainer.enable({ emitEvent: false });
    else built.controls.retainer.disable({ emitEvent: false });
  };
  built.controls.hasRetainer.valueChanges.subscribe(toggleRetainer);
  toggleRetainer(false);
  revalidate();
  return built;
}

/** Runs every validator under `control` again (the rules' money fields read the currency). */
function revalidateTree(control: AbstractControl): void {
  if (control instanceof FormGroup || control instanceof FormArray) {
    for (const child of Object.values(control.controls as Record<string, AbstractControl>)) revalidateTree(child);
  }
  control.updateValueAndValidity({ emitEvent: false });
}

/** The unit of the plan's prepaid quantities as the form stands: seconds (per hour) or sessions. */
export function planUnit(group: PlanGroup | undefined) {
  return unitOfPlan({ billingType: group?.controls.billingType.value ?? 'per_session' });
}

export function fillPlanGroup(fb: NonNullableFormBuilder, group: PlanGroup, plan: PlanView): void {
  const decimal = (minor: number) => minorToDecimal(minor, displayExponent(plan.currency));
  group.setValue({
    name: plan.name,
    currency: plan.currency,
    billingType: plan.billingType,
    sessionRate: plan.sessionRateMinor === null ? '' : decimal(plan.sessionRateMinor),
    hourRate: plan.hourRateMinor === null ? '' : decimal(plan.hourRateMinor),
    unattendedDeviceRate: decimal(plan.unattendedDeviceRateMinor),
    billingIncrementMinutes: plan.billingIncrementMinutes,
    minimumBillableMinutes: plan.minimumBillableMinutes,
    taxRateIds: Array.from({ length: MAX_PLAN_TAX_RATES }, (_, i) => plan.taxRateIds[i] ?? ''),
    hasRetainer: plan.retainer !== null,
    retainer: group.controls.retainer.getRawValue(),
    rules: group.controls.rules.getRawValue(),
    effectiveFrom: '',
  });
  if (plan.retainer) fillRetainerGroup(group.controls.retainer, plan.retainer, unitOfPlan(plan), plan.currency);
  fillRulesGroup(fb, group.controls.rules, rulesOf(plan), plan.currency, () => group.controls.currency.value.toUpperCase());
}

/** The chosen rates in order, without the empty choices. */
export function chosenTaxRateIds(group: PlanGroup): string[] {
  return group.controls.taxRateIds.getRawValue().filter((id) => id !== '');
}

/**
 * Form value → API body with integer minor units. A blank optional rate is left out on create and
 * sent as null on edit (the person cleared it); a blank device cost is 0. The tax rates are sent on edit
 * (the list replaces the plan's), and on create when there are any. The retainer: left out on create without one; sent
 * on edit always (null: none), so a change of billing type carries it as the API asks. The rate rules: on create only
 * when any differs from none; on edit always (unchanged ones make no new rate version; a billing-type change carries its tiers,
 * as the API asks). `effectiveFrom` when filled in (the form shows it only for a change of rates or rules).
 */
export function toPlanInput(group: PlanGroup, mode: 'create'): CreatePlanDto;
export function toPlanInput(group: PlanGroup, mode: 'edit'): UpdatePlanDto;
export function toPlanInput(group: PlanGroup, mode: 'create' | 'edit'): CreatePlanDto {
  const v = group.getRawValue();
  const currency = v.currency.trim().toUpperCase();
  const rate = (text: string, blank: number | null = null): number | null | undefined => {
    if (text.trim() === '') return mode === 'edit' ? blank : undefined;
    const parsed = parseMoney(text, currency);
    return parsed.ok ? parsed.minor : undefined;
  };
  const body: CreatePlanDto = {
    name: v.name.trim(),
    currency,
    billingType: v.billingType,
    sessionRateMinor: rate(v.sessionRate),
    hourRateMinor: rate(v.hourRate),
    unattendedDeviceRateMinor: rate(v.unattendedDeviceRate, 0) ?? undefined,
    // A native <select> gives its value as text; it offers BILLING_INCREMENTS only.
    billingIncrementMinutes: Number(v.billingIncrementMinutes) as BillingIncrement,
    minimumBillableMinutes: Number(v.minimumBillableMinutes),
    taxRateIds: mode === 'edit' || chosenTaxRateIds(group).length ? chosenTaxRateIds(group) : undefined,
    retainer: v.hasRetainer
      ? (toRetainer(group.controls.retainer, planUnit(group), currency) ?? undefined)
      : mode === 'edit'
        ? null
        : undefined,
  };
  const rules = toRules(group.controls.rules, currency);
  if (mode === 'edit' || !sameRules(rules, NO_RULES)) Object.assign(body, rules);
  if (mode === 'edit' && v.effectiveFrom) (body as UpdatePlanDto).effectiveFrom = v.effectiveFrom;
  for (const key of Object.keys(body) as (keyof CreatePlanDto)[]) {
    if (body[key] === undefined) delete body[key];
  }
  return body;
}
