import { FormArray, FormControl, FormGroup, NonNullableFormBuilder, Validators } from '@angular/forms';
import type { AssociationView, CreateAssociationDto, UpdateAssociationDto } from '@app/contracts';
import { todayIso } from '../../core/format';
import { emailListValidator } from '../../core/validators';

type BillingCycle = CreateAssociationDto['billingCycle'];

/** A label for every cycle the contract knows, in the order offered (a new cycle in the API fails the build here). */
const CYCLE_LABELS: Record<BillingCycle, string> = {
  weekly: 'Weekly',
  monthly: 'Monthly',
  quarterly: 'Quarterly',
  half_yearly: 'Half-yearly',
  yearly: 'Yearly',
};

export const BILLING_CYCLES: { value: BillingCycle; label: string }[] = (Object.keys(CYCLE_LABELS) as BillingCycle[]).map((value) => ({
  value,
  label: CYCLE_LABELS[value],
}));

export type AddressGroup = FormGroup<{
  name: FormControl<string>;
  line1: FormControl<string>;
  line2: FormControl<string>;
  city: FormControl<string>;
  region: FormControl<string>;
  postalCode: FormControl<string>;
  country: FormControl<string>;
}>;

export type AssociationGroup = FormGroup<{
  departmentId: FormControl<string>;
  billingCycle: FormControl<BillingCycle>;
  billStartDate: FormControl<string>;
  dueDays: FormControl<number>;
  billingAddress: AddressGroup;
  recipients: FormControl<string[]>;
  timeZone: FormControl<string>;
  /** Printed on its invoices: the buyer reference (EN 16931 BT-10, e.g. a Leitweg-ID) and the purchase order (BT-13). */
  buyerReference: FormControl<string>;
  purchaseOrder: FormControl<string>;
}>;

/** One customer association (the API's `CreateAssociationDto`), with the organization's time zone as default. */
export function associationGroup(fb: NonNullableFormBuilder, timeZone: string): AssociationGroup {
  return fb.group({
    departmentId: fb.control('', Validators.required),
    billingCycle: fb.control<BillingCycle>('monthly', Validators.required),
    billStartDate: fb.control(firstOfMonth(), Validators.required),
    dueDays: fb.control(30, [Validators.required, Validators.min(0), Validators.max(365)]),
    billingAddress: fb.group({
      name: fb.control('', [Validators.required, Validators.maxLength(200)]),
      line1: fb.control('', [Validators.required, Validators.maxLength(200)]),
      line2: fb.control('', Validators.maxLength(200)),
      city: fb.control('', [Validators.required, Validators.maxLength(100)]),
      region: fb.control('', Validators.maxLength(100)),
      postalCode: fb.control('', Validators.maxLength(20)),
      country: fb.control('', [Validators.required, Validators.pattern(/^[A-Za-z]{2}$/)]),
    }),
    recipients: fb.control<string[]>([], emailListValidator(1, 10)),
    timeZone: fb.control(timeZone, Validators.required),
    buyerReference: fb.control('', Validators.maxLength(200)),
    purchaseOrder: fb.control('', Validators.maxLength(200)),
  });
}

export function associationArray(fb: NonNullableFormBuilder): FormArray<AssociationGroup> {
  return fb.array<AssociationGroup>([]);
}

/** Form value → API body: optional blanks left out (the references too), country upper-cased. */
export function toAssociationInput(group: AssociationGroup): CreateAssociationDto {
  const v = group.getRawValue();
  const a = v.billingAddress;
  return {
    departmentId: v.departmentId,
    billingCycle: v.billingCycle,
    billStartDate: v.billStartDate,
    dueDays: Number(v.dueDays),
    billingAddress: {
      name: a.name.trim(),
      line1: a.line1.trim(),
      ...(a.line2.trim() ? { line2: a.line2.trim() } : {}),
      city: a.city.trim(),
      ...(a.region.trim() ? { region: a.region.trim() } : {}),
      ...(a.postalCode.trim() ? { postalCode: a.postalCode.trim() } : {}),
      country: a.country.trim().toUpperCase(),
    },
    recipients: v.recipients,
    ...(v.timeZone.trim() ? { timeZone: v.timeZone.trim() } : {}),
    ...(v.buyerReference.trim() ? { buyerReference: v.buyerReference.trim() } : {}),
    ...(v.purchaseOrder.trim() ? { purchaseOrder: v.purchaseOrder.trim() } : {}),
  };
}

function firstOfMonth(): string {
  return todayIso().slice(0, 8) + '01';
}

/** IANA zones known to the browser, for the time-zone autocomplete. */
export function timeZones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
  try {
    return intl.supportedValuesOf ? intl.supportedValuesOf('timeZone') : ['UTC'];
  } catch {
    return ['UTC'];
  }
}

/** The fields that can no longer change once the association has a bill (409 `ASSOCIATION_ALREADY_BILLED`). */
export const FROZEN_WHEN_BILLED = ['billingCycle', 'billStartDate', 'timeZone'] as const;

/** A form filled from a stored association, for editing it (the department never changes). */
export function associationEditGroup(fb: NonNullableFormBuilder, a: AssociationView): AssociationGroup {
  const group = associationGroup(fb, a.timeZone);
  const b = a.billingAddress;
  group.setValue({
    departmentId: a.departmentId,
    billingCycle: a.billingCycle,
    billStartDate: a.billStartDate,
    dueDays: a.dueDays,
    billingAddress: {
      name: b.name,
      line1: b.line1,
      line2: b.line2 ?? '',
      city: b.city,
      region: b.region ?? '',
      postalCode: b.postalCode ?? '',
      country: b.country,
    },
    recipients: [...a.recipients],
    timeZone: a.timeZone,
    buyerReference: a.buyerReference ?? '',
    purchaseOrder: a.purchaseOrder ?? '',
  });
  group.controls.departmentId.disable();
  if (a.billed) for (const name of FROZEN_WHEN_BILLED) group.controls[name].disable();
  return group;
}

/**
 * Form value → `PATCH /associations/:id` body: the editable fields always (address, recipients, due days, the
 * references: null when emptied);
 * cycle, start date and time zone only while the association is not billed, and only when they changed.
 */
export function toAssociationPatch(group: AssociationGroup, stored: AssociationView): UpdateAssociationDto {
  const { departmentId: _department, ...input } = toAssociationInput(group);
  const patch: UpdateAssociationDto = {
    dueDays: input.dueDays,
    billingAddress: input.billingAddress,
    recipients: input.recipients,
    buyerReference: input.buyerReference ?? null,
    purchaseOrder: input.purchaseOrder ?? null,
  };
  for (const name of FROZEN_WHEN_BILLED) {
    if (group.controls[name].disabled) continue;
    const value = input[name];
    if (value !== undefined && value !== stored[name]) (patch as Record<string, unknown>)[name] = value;
  }
  return patch;
}
