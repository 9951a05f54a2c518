import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { ReactiveFormsModule } from '@angular/forms';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { startWith, switchMap } from 'rxjs';
import { controlErrorText } from '../core/errors';
import { ElectronicAddressGroup, SCHEME_GROUPS, isKnownScheme } from './electronic-address';

/** What an identifier of a scheme looks like, for the placeholder (schemes not named here: none). */
const EXAMPLES: Record<string, string> = {
  '0088': '4000001123452',
  '0060': '123456789',
  '0184': 'DK12345678',
  '0192': '123456785',
  '0204': '04011000-1234512345-06',
  '0208': '0403170701',
  '0007': '5560360793',
  '0009': '73282932000074',
  '0002': '732829320',
  '9930': 'DE123456789',
  '9925': 'BE0403170701',
  '9957': 'FR40303265045',
  EM: 'invoices@example.com',
};

/**
 * The two fields of an e-invoice electronic address (the Peppol endpoint, BT-34 / BT-49): its EAS scheme (the
 * common ones first, then the whole code list) and the identifier. Used by the customer form and the seller
 * profile. Test ids: `<prefix>-electronic-address-scheme`, `<prefix>-electronic-address-id` (and `-error` under each).
 */
@Component({
  selector: 'app-electronic-address-fields',
  // Default: server errors are set on the controls from outside, without an input changing.
  changeDetection: ChangeDetectionStrategy.Default,
  imports: [ReactiveFormsModule, MatFormFieldModule, MatInputModule],
  template: `
    @let g = group();
    <div class="row" role="group" [attr.aria-label]="label()">
      <mat-form-field class="scheme">
        <mat-label>Scheme</mat-label>
        <select matNativeControl [formControl]="g.controls.scheme" [attr.data-testid]="testId('scheme')">
          <option value="">None</option>
          @if (unknownScheme(); as code) { <option [value]="code">{{ code }}</option> }
          @for (grp of schemeGroups; track grp.label) {
            <optgroup [label]="grp.label">
              @for (o of grp.options; track o.code) { <option [value]="o.code">{{ o.label }}</option> }
            </optgroup>
          }
        </select>
        <mat-hint>EAS code list</mat-hint>
        <mat-error [attr.data-testid]="testId('scheme-error')">{{ err('scheme') }}</mat-error>
      </mat-form-field>
      <mat-form-field class="id">
        <mat-label>{{ label() }}</mat-label>
        <input matInput [formControl]="g.controls.id" [placeholder]="example()" autocomplete="off" spellcheck="false" [required]="!!scheme()"
          [attr.data-testid]="testId('id')" />
        <mat-hint>{{ hint() }}</mat-hint>
        <mat-error [attr.data-testid]="testId('id-error')">{{ err('id') }}</mat-error>
      </mat-form-field>
    </div>
  `,
  styles: `
    .row { display: flex; gap: 12px; flex-wrap: wrap; }
    .scheme { flex: 1 1 220px; min-width: 0; }
    .id { flex: 2 1 260px; min-width: 0; }
    select optgroup { font-weight: 500; }
  `,
})
export class ElectronicAddressFieldsComponent {
  readonly group = input.required<ElectronicAddressGroup>();
  /** The start of the test ids: `department`, `organization`. */
  readonly prefix = input.required<string>();
  readonly label = input('Electronic address');
  readonly hint = input('');

  protected readonly schemeGroups = SCHEME_GROUPS;
  protected readonly scheme = toSignal(
    toObservable(this.group).pipe(switchMap((g) => g.controls.scheme.valueChanges.pipe(startWith(g.controls.scheme.value)))),
    { initialValue: '' },
  );
  /** A stored scheme the list does not have (it was dropped from it): still shown, so the select keeps it. */
  protected readonly unknownScheme = computed(() => {
    const code = this.scheme();
    return code && !isKnownScheme(code) ? code : null;
  });
  protected readonly example = computed(() => {
    const code = this.scheme();
    return code ? (EXAMPLES[code] ? `e.g. ${EXAMPLES[code]}` : '') : 'Choose a scheme first';
  });

  protected testId(part: string): string {
    return `${this.prefix()}-electronic-address-${part}`;
  }

  protected err(name: 'scheme' | 'id'): string {
    return controlErrorText(this.group().controls[name]);
  }
}
