import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormControl, NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import type { CorrectionView, EmailInvoiceDto, EmailQueuedView } from '@app/contracts';
import type { Observable } from 'rxjs';
import { BillsApi } from '../../core/api/bills.api';
import { CorrectionsApi } from '../../core/api/corrections.api';
import { applyServerErrors, controlErrorText, errorMessage, summarizeFieldErrors } from '../../core/errors';
import { emailListValidator } from '../../core/validators';
import { EmailChipsComponent } from '../../shared/email-chips.component';
import type { ShownBill } from './bill-actions';
import { billNumberText } from './bill-label';
import { correctionTypeLabel } from './corrections';

export interface EmailDialogData {
  bill: ShownBill;
  /** The association's invoice recipients, prefilled in "To". */
  recipients: string[];
  /** A credit note or supplementary invoice of the bill to send instead of the invoice. */
  correction?: CorrectionView;
}

/**
 * "Email Invoice": queues the invoice with its PDF (`POST /bills/:id/email` → 202); with a correction, that credit note
 * or supplementary invoice (`POST /corrections/:id/email`).
 */
@Component({
  selector: 'app-email-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ReactiveFormsModule,
    MatDialogModule,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    MatProgressBarModule,
    EmailChipsComponent,
  ],
  template: `
    <h2 mat-dialog-title>E-mail {{ documentLabel }} · <span class="bill-number">{{ data.correction?.number ?? numberText(data.bill) }}</span></h2>
    <form [formGroup]="form" (ngSubmit)="send()" novalidate>
      <mat-dialog-content>
        <div class="bar">@if (saving()) { <mat-progress-bar mode="indeterminate" aria-label="Sending" /> }</div>
        @if (error(); as message) { <div class="error-box" role="alert" data-testid="email-error">{{ message }}</div> }
        <app-email-chips [control]="form.controls.to" label="To" testId="email-to"
          hint="Prefilled with the customer's invoice recipients" />
        <app-email-chips [control]="form.controls.cc" label="Cc" testId="email-cc" placeholder="" />
        <mat-form-field class="full">
          <mat-label>Message</mat-label>
          <textarea matInput formControlName="message" rows="4" data-testid="email-message"></textarea>
          <mat-hint>Optional; the PDF {{ data.correction ? documentLabel : 'bill' }} is attached</mat-hint>
          <mat-error>{{ err('message') }}</mat-error>
        </mat-form-field>
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close data-testid="email-cancel">Cancel</button>
        <button mat-flat-button type="submit" [disabled]="saving()" data-testid="email-send">Send</button>
      </mat-dialog-actions>
    </form>
  `,
  styles: `app-email-chips { display: block; margin-bottom: 8px; }`,
})
export class EmailDialogComponent {
  protected readonly numberText = billNumberText;
  protected readonly data = inject<EmailDialogData>(MAT_DIALOG_DATA);
  private readonly ref = inject(MatDialogRef<EmailDialogComponent, boolean>);
  private readonly bills = inject(BillsApi);
  private readonly corrections = inject(CorrectionsApi);
  /** "invoice", "credit note", "supplementary invoice". */
  protected readonly documentLabel = this.data.correction ? correctionTypeLabel(this.data.correction.type).toLowerCase() : 'invoice';
  protected readonly saving = signal(false);
  protected readonly error = signal<string | null>(null);

  protected readonly form = inject(NonNullableFormBuilder).group({
    to: new FormControl<string[]>([...this.data.recipients], { nonNullable: true, validators: emailListValidator(1, 20) }),
    cc: new FormControl<string[]>([], { nonNullable: true, validators: emailListValidator(0, 20) }),
    message: ['', Validators.maxLength(5000)],
  });

  protected err(name: string): string {
    return controlErrorText(this.form.get(name));
  }

  send(): void {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const v = this.form.getRawValue();
    const body: EmailInvoiceDto = {
      to: v.to,
      ...(v.cc.length ? { cc: v.cc } : {}),
      ...(v.message.trim() ? { message: v.message.trim() } : {}),
    };
    this.saving.set(true);
    this.error.set(null);
    const correction = this.data.correction;
    const request: Observable<EmailQueuedView> = correction
      ? this.corrections.email(correction.id, body)
      : this.bills.email(this.data.bill.id, body);
    request.subscribe({
      next: () => this.ref.close(true),
      error: (err: unknown) => {
        this.saving.set(false);
        const rest = applyServerErrors(this.form, err);
        this.error.set(rest.length ? summarizeFieldErrors(rest) : errorMessage(err, `The ${this.documentLabel} could not be sent`));
      },
    });
  }
}
