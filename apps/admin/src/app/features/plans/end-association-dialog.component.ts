import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { AbstractControl, FormControl, FormGroup, ReactiveFormsModule, ValidationErrors } from '@angular/forms';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatRadioModule } from '@angular/material/radio';
import type { AssociationView } from '@app/contracts';
import { PlansApi } from '../../core/api/plans.api';
import { errorCode, errorMessage, fieldErrors } from '../../core/errors';
import { formatZoned, instantToZonedLocal, zonedLocalToInstant } from '../../core/zoned-time';

export interface EndAssociationData {
  association: AssociationView;
  departmentName: string;
  planName: string;
}

/** The earliest instant an association may end at: the end of its last billed period, else its start. */
export function earliestEnd(a: AssociationView): { at: Date; reason: 'billed' | 'start' } {
  const billed = a.billedThrough ? new Date(a.billedThrough) : null;
  const start = new Date(a.startsAt);
  return billed && billed >= start ? { at: billed, reason: 'billed' } : { at: start, reason: 'start' };
}

/**
 * "End association" (`DELETE /associations/:id {endedAt}`): now, or at a date and time in the
 * association's billing zone — in the past (no earlier than the end of its last billed period, shown) or
 * in the future (scheduled: active until then). Says how the last period is billed, and the API's 409s in
 * words. Closes with the updated association.
 */
@Component({
  selector: 'app-end-association-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ReactiveFormsModule,
    MatDialogModule,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    MatProgressBarModule,
    MatRadioModule,
  ],
  template: `
    <h2 mat-dialog-title>End {{ data.departmentName }} on "{{ data.planName }}"</h2>
    <form [formGroup]="form" (ngSubmit)="save()" novalidate>
      <mat-dialog-content data-testid="end-dialog">
        <div class="bar gap">@if (saving()) { <mat-progress-bar mode="indeterminate" aria-label="Saving" /> }</div>
        @if (error(); as message) { <div class="error-box" role="alert" data-testid="end-error">{{ message }}</div> }
        <mat-radio-group formControlName="mode" aria-label="When the association ends" class="modes">
          <mat-radio-button value="now" data-testid="end-mode-now">Now</mat-radio-button>
          <mat-radio-button value="at" data-testid="end-mode-at">At a date and time (past or future)</mat-radio-button>
        </mat-radio-group>
        @if (modeValue() === 'at') {
          <mat-form-field class="full">
            <mat-label>Ends at ({{ zone }})</mat-label>
            <input matInput type="datetime-local" formControlName="endsAt" [attr.min]="earliestLocal()" required data-testid="end-at" cdkFocusInitial />
            <mat-error data-testid="end-at-error">{{ endsAtError() }}</mat-error>
          </mat-form-field>
        }
        <p class="earliest" data-testid="end-earliest">{{ earliestText() }}</p>
        <div class="note" data-testid="end-outcome">
          @if (scheduledFor(); as when) {
            <p><strong>Scheduled:</strong> {{ data.departmentName }} stays active and is billed as usual until {{ when }}. The end can not be moved once set.</p>
          } @else {
            <p>{{ data.departmentName }} stops being billed on this plan {{ endWords() }}.</p>
          }
          <p data-testid="end-explanation">
            The last period is billed as a short period up to the end: the sessions that start before the end, and device fees
            prorated by the share of the period it covers. It is billed when the full period would have closed. Bills already issued stay as they are.
          </p>
          <p class="muted">Sessions that start after the end are not billed (Sessions lists them as not covered). Sessions from before the end that arrive after its final bill get a late-usage bill of their own.</p>
        </div>
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close data-testid="end-cancel">Cancel</button>
        <button mat-flat-button type="submit" class="danger" [disabled]="saving()" data-testid="end-confirm">{{ confirmLabel() }}</button>
      </mat-dialog-actions>
    </form>
  `,
  styles: `
    .earliest { margin: 4px 0 0; font: var(--mat-sys-body-small); color: var(--mat-sys-on-surface-variant); }
    .modes { display: flex; flex-direction: column; gap: 4px; margin-bottom: 12px; }
    .note { padding: 4px 16px; border-radius: 8px; background: var(--mat-sys-secondary-container); color: var(--mat-sys-on-secondary-container); margin-top: 16px; }
    .note .muted { color: inherit; opacity: 0.8; }
    .danger { --mat-button-filled-container-color: var(--mat-sys-error); --mat-button-filled-label-text-color: var(--mat-sys-on-error); }
  `,
})
export class EndAssociationDialogComponent {
  protected readonly data = inject<EndAssociationData>(MAT_DIALOG_DATA);
  private readonly ref = inject(MatDialogRef<EndAssociationDialogComponent, AssociationView>);
  private readonly plans = inject(PlansApi);

  /** The association as last read: a refused end reads it again (it may have been billed meanwhile). */
  private readonly association = signal(this.data.association);
  protected readonly zone = this.data.association.timeZone;
  protected readonly saving = signal(false);
  protected readonly error = signal<string | null>(null);
  /** The API's refusal of the value it was given (kept on the field until the value changes). */
  private serverError: { value: string; message: string } | null = null;

  protected readonly earliest = computed(() => earliestEnd(this.association()));
  protected readonly earliestLocal = computed(() => instantToZonedLocal(this.earliest().at, this.zone));
  protected readonly earliestText = computed(() => {
    const { at, reason } = this.earliest();
    const when = formatZoned(at.toISOString(), this.zone);
    return reason === 'billed'
      ? `Earliest allowed: ${when}, the end of its last billed period.`
      : `Earliest allowed: ${when}, when the association starts.`;
  });

  protected readonly mode = new FormControl<'now' | 'at'>('now', { nonNullable: true });
  protected readonly endsAt = new FormControl(this.defaultEnd(), { nonNullable: true, validators: [(c) => this.validateEnd(c)] });
  protected readonly form = new FormGroup({ mode: this.mode, endsAt: this.endsAt });
  protected readonly modeValue = toSignal(this.mode.valueChanges, { initialValue: this.mode.value });
  private readonly endsAtValue = toSignal(this.endsAt.valueChanges, { initialValue: this.endsAt.value });

  /** The chosen end as an instant (null: now, or not a time yet). */
  private readonly chosen = computed(() => (this.modeValue() === 'at' ? zonedLocalToInstant(this.endsAtValue(), this.zone) : null));
  protected readonly scheduledFor = computed(() => {
    const at = this.chosen();
    return at && at.getTime() > Date.now() ? formatZoned(at.toISOString(), this.zone) : null;
  });
  protected readonly endWords = computed(() => {
    if (this.modeValue() === 'now') return 'from now on';
    const at = this.chosen();
    return at ? `from ${formatZoned(at.toISOString(), this.zone)} on` : 'from the time you choose on';
  });
  protected readonly confirmLabel = computed(() =>
    this.modeValue() === 'now' ? 'End now' : this.scheduledFor() ? 'Schedule end' : 'End association',
  );

  constructor() {
    this.mode.valueChanges.subscribe(() => this.error.set(null));
  }

  /** Now in the association's zone, or the earliest allowed end when that is later (a start in the future). */
  private defaultEnd(): string {
    const { at } = earliestEnd(this.data.association);
    const now = new Date();
    return instantToZonedLocal(at > now ? at : now, this.zone);
  }

  private validateEnd(c: AbstractControl): ValidationErrors | null {
    if (this.serverError && this.serverError.value === c.value) return { server: this.serverError.message };
    if (!c.value) return { required: true };
    const at = zonedLocalToInstant(c.value, this.zone);
    if (!at) return { message: 'Enter a date and time' };
    const { at: earliest } = earliestEnd(this.association());
    if (at < earliest) return { message: `Must be at or after ${formatZoned(earliest.toISOString(), this.zone)}` };
    return null;
  }

  protected endsAtError(): string {
    const e = this.endsAt.errors;
    if (!e) return '';
    if (e['server']) return String(e['server']);
    if (e['required']) return 'Choose when the association ends';
    return String(e['message'] ?? 'Invalid date');
  }

  save(): void {
    let endedAt: string | undefined;
    if (this.mode.value === 'at') {
      this.endsAt.updateValueAndValidity();
      if (this.endsAt.invalid) {
        this.endsAt.markAsTouched();
        return;
      }
      endedAt = zonedLocalToInstant(this.endsAt.value, this.zone)!.toISOString();
    }
    this.saving.set(true);
    this.error.set(null);
    this.plans.endAssociation(this.data.association.id, endedAt).subscribe({
      next: (updated) => this.ref.close(updated),
      error: (err: unknown) => {
        this.saving.set(false);
        this.explain(err);
      },
    });
  }

  /** The API's refusals in words: under the field when about the chosen time, else above the form. */
  private explain(err: unknown): void {
    const code = errorCode(err);
    const name = this.data.departmentName;
    if (code === 'ASSOCIATION_END_BEFORE_BILLED_PERIOD' || code === 'ASSOCIATION_END_BEFORE_START' || code === 'ASSOCIATION_ENDED') {
      // Read it again: its last billed period (or an end set meanwhile) is what the refusal is about.
      this.plans.association(this.data.association.id).subscribe({
        next: (fresh) => {
          this.association.set(fresh);
          this.showRefusal(code, name, fresh);
        },
        error: () => this.showRefusal(code, name, this.association()),
      });
      return;
    }
    const field = fieldErrors(err).find((f) => f.field === 'endedAt');
    if (field && this.mode.value === 'at') {
      this.setServerError(field.message);
      return;
    }
    this.error.set(errorMessage(err, 'The association could not be ended'));
  }

  private showRefusal(code: string, name: string, a: AssociationView): void {
    const when = (iso: string | null | undefined) => formatZoned(iso, this.zone);
    if (code === 'ASSOCIATION_ENDED') {
      this.error.set(`${name} already ends ${when(a.endedAt)} on this plan (set meanwhile). An end, once set, can not be moved.`);
      return;
    }
    const message =
      code === 'ASSOCIATION_END_BEFORE_BILLED_PERIOD'
        ? `${name} is already billed through ${when(a.billedThrough)}: an end can not reach back into a billed period. Choose ${when(a.billedThrough)} or later.`
        : `The association starts ${when(a.startsAt)}: it can not end before it starts. Choose ${when(a.startsAt)} or later.`;
    if (this.mode.value === 'at') this.setServerError(message);
    else this.error.set(message);
  }

  private setServerError(message: string): void {
    this.serverError = { value: this.endsAt.value, message };
    this.endsAt.updateValueAndValidity({ emitEvent: false });
    this.endsAt.markAsTouched();
  }
}
