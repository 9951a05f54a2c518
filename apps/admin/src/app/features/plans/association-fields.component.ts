import { ChangeDetectionStrategy, Component, computed, input, output, signal } from '@angular/core';
import { ReactiveFormsModule } from '@angular/forms';
import { MatAutocompleteModule } from '@angular/material/autocomplete';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import type { RefView } from '@app/contracts';
import { controlErrorText } from '../../core/errors';
import { EmailChipsComponent } from '../../shared/email-chips.component';
import { IconComponent } from '../../shared/icon.component';
import { AssociationGroup, BILLING_CYCLES, timeZones } from './association-form';

/**
 * The fields of one customer association. Test ids end with the row index: `assoc-department-0`,
 * `assoc-cycle-0`, `assoc-start-date-0`, `assoc-due-days-0`, `assoc-address-name-0`, ... `assoc-recipients-0`.
 */
@Component({
  selector: 'app-association-fields',
  // Default: server errors are set on the controls from outside, without an input changing.
  changeDetection: ChangeDetectionStrategy.Default,
  imports: [
    ReactiveFormsModule,
    MatFormFieldModule,
    MatInputModule,
    MatAutocompleteModule,
    MatButtonModule,
    EmailChipsComponent,
    IconComponent,
  ],
  templateUrl: './association-fields.component.html',
  styles: `
    fieldset { border: 1px solid var(--mat-sys-outline-variant); border-radius: 12px; padding: 12px 16px 16px; margin: 0 0 16px; }
    legend { font: var(--mat-sys-title-small); padding: 0 6px; }
    .head { display: flex; justify-content: flex-end; margin-top: -8px; }
    h4 { font: var(--mat-sys-label-large); margin: 8px 0; color: var(--mat-sys-on-surface-variant); }
    /* Room for the floating labels: a label must not sit on the border or the hint of the field above. */
    .form-grid { row-gap: 12px; align-items: start; }
    app-email-chips { display: block; margin-top: 16px; }
  `,
})
export class AssociationFieldsComponent {
  readonly group = input.required<AssociationGroup>();
  readonly index = input(0);
  /** The departments to choose from (only `id` and `name` are shown). */
  readonly departments = input<RefView[]>([]);
  readonly removable = input(true);
  /** Editing a billed association: cycle, start date and time zone are shown read-only. */
  readonly frozen = input(false);
  /** Legend of the fieldset; "Customer N" by default. */
  readonly legend = input<string | null>(null);
  readonly remove = output<void>();

  protected readonly cycles = BILLING_CYCLES;
  private readonly allZones = timeZones();
  protected readonly zoneQuery = signal('');
  protected readonly zones = computed(() => {
    const q = this.zoneQuery().toLowerCase();
    return (q ? this.allZones.filter((z) => z.toLowerCase().includes(q)) : this.allZones).slice(0, 50);
  });

  protected err(path: string): string {
    return controlErrorText(this.group().get(path));
  }

  protected id(name: string): string {
    return `assoc-${name}-${this.index()}`;
  }
}
