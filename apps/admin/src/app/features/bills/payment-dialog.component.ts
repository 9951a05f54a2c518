import { ChangeDetectionStrategy, Component, ElementRef, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import type { PaymentDto } from '@app/contracts';
import { BillsApi } from '../../core/api/bills.api';
import { applyServerErrors, controlErrorText, errorMessage, focusFirstInvalid, summarizeFieldErrors } from '../../core/errors';
import { todayIso } from '../../core/format';
import { displayExponent, minorToDecimal } from '@app/billing';
import { parseMoney } from '../../core/money';
import { moneyValidator } from '../../core/validators';
import { MoneyPipe } from '../../shared/pipes';
import type { ShownBill } from './bill-actions';
import { billNumberText } from './bill-label';

export const PAYMENT_METHODS = ['Bank transfer', 'Card', 'Cash', 'Check', 'Direct debit', 'Other'];

/** "Confirm Payment": the amount is prefilled with the balance. Closes with `true` once recorded. */
@Component({
  selector: 'app-payment-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatDialogModule, MatButtonModule, MatFormFieldModule, MatInputModule, MatProgressBarModule, MoneyPipe],
  template: `
    <h2 mat-dialog-title>Confirm payment · <span class="bill-number">{{ numberText(bill) }}</span></h2>
    <form [formGroup]="form" (ngSubmit)="save()" novalidate>
      <mat-dialog-content>
        <div class="bar">@if (saving()) { <mat-progress-bar mode="indeterminate" aria-label="Saving" /> }</div>
        <p class="muted">{{ bill.department.name }} · balance {{ bill.balanceMinor | money: bill.currency }}</p>
        @if (error(); as message) { <div class="error-box" role="alert" data-testid="payment-error">{{ message }}</div> }
        <mat-form-field class="full">
          <mat-label>Amount</mat-label>
          <input matInput formControlName="amount" inputmode="decimal" required data-testid="payment-amount" cdkFocusInitial />
          <span matTextSuffix>&nbsp;{{ bill.currency }}</span>
          <mat-error>{{ err('amount') }}</mat-error>
        </mat-form-field>
        <mat-form-field class="full">
          <mat-label>Payment date</mat-label>
          <input matInput type="date" formControlName="date" required [max]="today" data-testid="payment-date" />
          <mat-error>{{ err('date') }}</mat-error>
        </mat-form-field>
        <mat-form-field class="full">
          <mat-label>Method</mat-label>
          <input matInput formControlName="method" list="payment-methods" data-testid="payment-method" />
          <datalist id="payment-methods">
            @for (m of methods; track m) { <option [value]="m"></option> }
          </datalist>
          <mat-error>{{ err('method') }}</mat-error>
        </mat-form-field>
        <mat-form-field class="full">
          <mat-label>Reference</mat-label>
          <input matInput formControlName="reference" data-testid="payment-reference" />
          <mat-hint>Transfer id, check number...</mat-hint>
          <mat-error>{{ err('reference') }}</mat-error>
        </mat-form-field>
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close data-testid="payment-cancel">Cancel</button>
        <button mat-flat-button type="submit" [disabled]="saving()" data-testid="payment-confirm">Confirm Payment</button>
      </mat-dialog-actions>
    </form>
  `,
})
export class PaymentDialogComponent {
  protected readonly numberText = billNumberText;
  protected readonly bill = inject<ShownBill>(MAT_DIALOG_DATA);
  private readonly ref = inject(MatDialogRef<PaymentDialogComponent, boolean>);
  private readonly bills = inject(BillsApi);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  protected readonly methods = PAYMENT_METHODS;
  protected readonly today = todayIso();
  protected readonly saving = signal(false);
  protected readonly error = signal<string | null>(null);

  protected readonly form = inject(NonNullableFormBuilder).group({
    amount: [minorToDecimal(this.bill.balanceMinor, displayExponent(this.bill.currency)), moneyValidator(() => this.bill.currency, true)],
    date: [todayIso(), Validators.required],
    method: ['Bank transfer', Validators.maxLength(100)],
    reference: ['', Validators.maxLength(200)],
  });

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
    const amount = parseMoney(v.amount, this.bill.currency);
    if (!amount.ok) return;
    if (amount.minor <= 0) {
      this.form.controls.amount.setErrors({ message: 'The amount must be more than 0' });
      return;
    }
    const body: PaymentDto = {
      amountMinor: amount.minor,
      paidAt: dayToPaidAt(v.date),
      ...(v.method.trim() ? { method: v.method.trim() } : {}),
      ...(v.reference.trim() ? { reference: v.reference.trim() } : {}),
    };
    this.saving.set(true);
    this.error.set(null);
    this.bills.pay(this.bill.id, body).subscribe({
      next: () => this.ref.close(true),
      error: (err: unknown) => {
        this.saving.set(false);
        const rest = applyServerErrors(this.form, err, { amountMinor: 'amount', paidAt: 'date' });
        this.error.set(rest.length ? summarizeFieldErrors(rest) : errorMessage(err, 'The payment could not be recorded'));
      },
    });
  }
}

/** The chosen day as an instant: now when it is today, else noon local time that day. */
function dayToPaidAt(day: string): string {
  if (day === todayIso()) return new Date().toISOString();
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y!, m! - 1, d!, 12).toISOString();
}
