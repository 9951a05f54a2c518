import { AbstractControl, FormControl, FormGroup, NonNullableFormBuilder, Validators } from '@angular/forms';
import { EAS_CODES, EAS_NAMES } from '@app/eas';
import type { ElectronicAddress } from '../core/einvoices';

/**
 * An e-invoice electronic address (the Peppol endpoint: an EAS scheme and an identifier) as a form: both blank (none)
 * or both given. Only that is checked here; the identifier's format and check digits for its scheme are the API's,
 * and its 400 (`electronicAddress.id`, `electronicAddress.scheme`) shows under the field.
 */
export type ElectronicAddressGroup = FormGroup<{
  /** '' = no address */
  scheme: FormControl<string>;
  id: FormControl<string>;
}>;

/** The schemes most customers use, offered first. */
const COMMON_SCHEMES = ['0088', '0060', '0184', '0192', '0204', '0208', '0007', '0009', '0002', '9930', '9925', '9957', 'EM'];

export interface SchemeOption {
  code: string;
  label: string;
}

const option = (code: string): SchemeOption => ({ code, label: EAS_NAMES[code] ? `${code} · ${EAS_NAMES[code]}` : code });

/** The EAS code list for a select: the common schemes, then all the others, ascending. */
export const SCHEME_GROUPS: { label: string; options: SchemeOption[] }[] = [
  { label: 'Common', options: COMMON_SCHEMES.filter((c) => EAS_CODES.includes(c)).map(option) },
  { label: 'All schemes', options: EAS_CODES.filter((c) => !COMMON_SCHEMES.includes(c)).map(option) },
];

export function isKnownScheme(code: string): boolean {
  return EAS_CODES.includes(code);
}

export function electronicAddressGroup(fb: NonNullableFormBuilder, value: ElectronicAddress | null | undefined): ElectronicAddressGroup {
  // Validators run while the controls are built, before `group` exists: read it lazily.
  let group: ElectronicAddressGroup | undefined;
  const whenOther = (other: 'scheme' | 'id') => (c: AbstractControl<string>) =>
    group && group.controls[other].value.trim() ? Validators.required(c) : null;
  group = fb.group({
    scheme: fb.control(value?.scheme ?? '', whenOther('id')),
    id: fb.control(value?.id ?? '', [Validators.maxLength(200), whenOther('scheme')]),
  });
  const built = group;
  // Each field's "required" follows the other; a new scheme also clears the API's verdict on the identifier.
  built.controls.scheme.valueChanges.subscribe(() => built.controls.id.updateValueAndValidity({ emitEvent: false }));
  built.controls.id.valueChanges.subscribe(() => built.controls.scheme.updateValueAndValidity({ emitEvent: false }));
  return built;
}

/** The form's value as the API takes it: null when both are blank. */
export function electronicAddressValue(group: ElectronicAddressGroup): ElectronicAddress | null {
  const { scheme, id } = group.getRawValue();
  return scheme.trim() || id.trim() ? { scheme: scheme.trim(), id: id.trim() } : null;
}

/** The group's value for `reset` (blank when none). */
export function electronicAddressFormValue(value: ElectronicAddress | null | undefined): { scheme: string; id: string } {
  return { scheme: value?.scheme ?? '', id: value?.id ?? '' };
}
