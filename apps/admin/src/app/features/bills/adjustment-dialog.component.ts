import { ChangeDetectionStrategy, Component, ElementRef, computed, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatRadioModule } from '@angular/material/radio';
import { AdjustmentInput, percentOf } from '@app/billing';
import type { AdjustmentDto, BillDetailView } from '@app/contracts';
import { map, startWith } from 'rxjs';
import { BillsApi } from '../../core/api/bills.api';
import { applyServerErrors, controlErrorText, focusFirstInvalid, summarizeFieldErrors } from '../../core/errors';
import { showMoney, parseMoney } from '../../core/money';
import { moneyValidator } from '../../core/validators';
import { MoneyPipe } from '../../shared/pipes';
import type { ShownBill } from './bill-actions';
import { billNumberText } from './bill-label';
import { adjustmentFailure, correctionExplanation, isIssued } from './corrections';

/**
 * "Add Charges": an additional charge or a discount, fixed or a percentage of the subtotal. On a draft it changes the
 * draft; on an issued bill, which never changes, it issues a supplementary invoice or a credit note, and the dialog
 * says which, for how much (computed as the API does), and what the balance becomes. Closes with the bill as answered.
 */
@Component({
  selector: 'app-adjustment-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ReactiveFormsModule,
    MatDialogModule,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    MatRadioModule,
    MatProgressBarModule,
    MoneyPipe,
  ],
  template: `
    <h2 mat-dialog-title>Add charges · <span class="bill-number">{{ numberText(bill) }}</span></h2>
    <form [formGroup]="form" (ngSubmit)="save()" novalidate>
      <mat-dialog-content>
        <div class="bar">@if (saving()) { <mat-progress-bar mode="indeterminate" aria-label="Saving" /> }</div>
        <p class="muted">
          Subtotal (the sum of the lines) {{ bill.subtotalMinor | money: bill.currency }} · total {{ bill.totalMinor | money: bill.currency }}
          @if (issued) { · balance due {{ bill.balanceMinor | money: bill.currency }} }
        </p>
        @if (error(); as message) { <div class="error-box" role="alert" data-testid="adjustment-error">{{ message }}</div> }
        <p class="label" id="adj-type">Adjustment type</p>
        <mat-radio-group formControlName="type" aria-labelledby="adj-type">
          <mat-radio-button value="charge" data-testid="adjustment-type-charge">Additional charge</mat-radio-button>
          <mat-radio-button value="discount" data-testid="adjustment-type-discount">Discount</mat-radio-button>
        </mat-radio-group>
        <p class="label" id="adj-mode">Value</p>
        <mat-radio-group formControlName="mode" aria-labelledby="adj-mode">
          <mat-radio-button value="fixed" data-testid="adjustment-mode-fixed">Fixed amount</mat-radio-button>
          <mat-radio-button value="percent" data-testid="adjustment-mode-percent">Percent of the subtotal</mat-radio-button>
        </mat-radio-group>
        @if (mode() === 'fixed') {
          <mat-form-field class="full">
            <mat-label>Amount</mat-label>
            <input matInput formControlName="amount" inputmode="decimal" required data-testid="adjustment-amount" />
            <span matTextSuffix>&nbsp;{{ bill.currency }}</span>
            <mat-error>{{ err('amount') }}</mat-error>
          </mat-form-field>
        } @else {
          <mat-form-field class="full">
            <mat-label>Percent</mat-label>
            <input matInput formControlName="percent" inputmode="decimal" required data-testid="adjustment-percent" />
            <span matTextSuffix>&nbsp;%</span>
            @if (preview(); as p) { <mat-hint data-testid="adjustment-preview">{{ p }}</mat-hint> }
            <mat-error>{{ err('percent') }}</mat-error>
          </mat-form-field>
        }
        <mat-form-field class="full">
          <mat-label>Reason</mat-label>
          <textarea matInput formControlName="reason" rows="2" required data-testid="adjustment-reason"></textarea>
          <mat-error>{{ err('reason') }}</mat-error>
        </mat-form-field>
        @if (explanation(); as note) {
          <div class="correction-note" [class.exceeds]="note.exceeds" role="note" aria-live="polite" data-testid="adjustment-correction-note">{{ note.text }}</div>
        }
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close data-testid="adjustment-cancel">Cancel</button>
        <button mat-flat-button type="submit" [disabled]="saving()" data-testid="adjustment-confirm">{{ confirmLabel() }}</button>
      </mat-dialog-actions>
    </form>
  `,
  styles: `
    .label { font: var(--mat-sys-label-large); margin: 8px 0 0; }
    mat-radio-group { display: flex; flex-wrap: wrap; gap: 8px 16px; margin-bottom: 8px; }
    .correction-note {
      padding: 12px 16px;
      border-radius: 8px;
      background: var(--mat-sys-secondary-container);
      color: var(--mat-sys-on-secondary-container);
      margin: 4px 0 8px;
    }
    .correction-note.exceeds { background: var(--mat-sys-error-container); color: var(--mat-sys-on-error-container); }
  `,
})
export class AdjustmentDialogComponent {
  protected readonly numberText = billNumberText;
  protected readonly bill = inject<ShownBill>(MAT_DIALOG_DATA);
  private readonly ref = inject(MatDialogRef<AdjustmentDialogComponent, BillDetailView>);
  private readonly bills = inject(BillsApi);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  protected readonly saving = signal(false);
  protected readonly error = signal<string | null>(null);

  protected readonly form = inject(NonNullableFormBuilder).group({
    type: ['charge' as AdjustmentDto['type'], Validators.required],
    mode: ['fixed' as 'fixed' | 'percent', Validators.required],
    amount: ['', moneyValidator(() => this.bill.currency, true)],
    percent: ['', [Validators.required, Validators.pattern(/^\d{1,3}([.,]\d{1,4})?$/), percentRange]],
    reason: ['', [Validators.required, Validators.maxLength(500)]],
  });

  protected readonly mode = toSignal(this.form.controls.mode.valueChanges.pipe(startWith(this.form.controls.mode.value)), {
    requireSync: true,
  });
  private readonly percentText = toSignal(this.form.controls.percent.valueChanges.pipe(startWith('')), { requireSync: true });
  /** Issued: the adjustment issues a document of its own (explained before it is confirmed). */
  protected readonly issued = isIssued(this.bill);
  private readonly values = toSignal(
    this.form.valueChanges.pipe(
      startWith(null),
      map(() => this.form.getRawValue()),
    ),
    {
      requireSync: true,
    },
  );
  /** What the form holds as the API would take it; null while it is not a valid adjustment yet. */
  private readonly adjustment = computed<AdjustmentInput | null>(() => {
    const v = this.values();
    if (v.mode === 'fixed') {
      const parsed = parseMoney(v.amount, this.bill.currency);
      return parsed.ok && parsed.minor > 0 ? { type: v.type, amountMinor: parsed.minor } : null;
    }
    const percent = v.percent.trim().replace(',', '.');
    return /^\d{1,3}(\.\d{1,4})?$/.test(percent) && Number(percent) > 0 && Number(percent) <= 100 ? { type: v.type, percent } : null;
  });
  protected readonly explanation = computed(() => (this.issued ? correctionExplanation(this.bill, this.adjustment()) : null));
  protected readonly confirmLabel = computed(() => {
    if (!this.issued) return 'Add';
    return this.values().type === 'discount' ? 'Issue credit note' : 'Issue supplementary invoice';
  });
  protected readonly preview = computed(() => {
    const minor = previewPercent(this.bill.subtotalMinor, this.percentText());
    return minor === null ? '' : `= ${showMoney(minor, this.bill.currency)} of ${showMoney(this.bill.subtotalMinor, this.bill.currency)}`;
  });

  constructor() {
    // Only the chosen value field is validated.
    this.form.controls.mode.valueChanges.pipe(startWith(this.form.controls.mode.value)).subscribe((mode) => {
      if (mode === 'fixed') {
        this.form.controls.percent.disable({ emitEvent: false });
        this.form.controls.amount.enable({ emitEvent: false });
      } else {
        this.form.controls.amount.disable({ emitEvent: false });
        this.form.controls.percent.enable({ emitEvent: false });
      }
    });
  }

  protected err(name: string): string {
    return controlErrorText(this.form.get(name));
  }

  save(): void {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      focusFirstInvalid(this.host.nativeElement);
      return;
    }
    const v = this.form.getRawValue();
    const body: AdjustmentDto = { type: v.type, reason: v.reason.trim() };
    if (v.mode === 'fixed') {
      const parsed = parseMoney(v.amount, this.bill.currency);
      if (!parsed.ok) return;
      if (parsed.minor <= 0) {
        this.form.controls.amount.setErrors({ message: 'The amount must be more than 0' });
        return;
      }
      body.amountMinor = parsed.minor;
    } else {
      body.percent = Number(v.percent.replace(',', '.'));
    }
    this.saving.set(true);
    this.error.set(null);
    this.bills.adjust(this.bill.id, body).subscribe({
      next: (bill) => this.ref.close(bill),
      error: (err: unknown) => {
        this.saving.set(false);
        const rest = applyServerErrors(this.form, err, { amountMinor: 'amount' });
        this.error.set(rest.length ? summarizeFieldErrors(rest) : adjustmentFailure(err, this.bill));
      },
    });
  }
}

/** What the API will compute for the typed percent (`percentOf` of @app/billing); null while it is not a percentage. */
function previewPercent(baseMinor: number, text: string | null | undefined): number | null {
  const percent = (text ?? '').trim().replace(',', '.');
  if (!/^\d{1,3}(\.\d{1,4})?$/.test(percent)) return null;
  try {
    return percentOf(baseMinor, percent);
  } catch {
    return null;
  }
}

function percentRange(control: { value: string }): { message: string } | null {
  const n = Number((control.value ?? '').replace(',', '.'));
  return control.value && (n <= 0 || n > 100) ? { message: 'Between 0 and 100' } : null;
}
