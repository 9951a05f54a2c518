import { ChangeDetectionStrategy, Component, ElementRef, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatButtonModule } from '@angular/material/button';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import type { AssociationView, PlanView } from '@app/contracts';
import { PlansApi } from '../../core/api/plans.api';
import { applyFieldErrors, errorCode, errorMessage, fieldErrors, focusFirstInvalid, summarizeFieldErrors } from '../../core/errors';
import { AssociationFieldsComponent } from './association-fields.component';
import { FROZEN_WHEN_BILLED, associationEditGroup, toAssociationPatch } from './association-form';

export interface AssociationEditData {
  plan: PlanView;
  association: AssociationView;
  departmentName: string;
}

/**
 * Edit a customer's association (`PATCH /associations/:id`): billing address, invoice recipients and due
 * days always; billing cycle, bill start date and time zone only until its first bill (read-only after).
 * Closes with the updated association.
 */
@Component({
  selector: 'app-association-edit-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatDialogModule, MatButtonModule, MatProgressBarModule, AssociationFieldsComponent],
  template: `
    <h2 mat-dialog-title>Edit {{ data.departmentName }} on "{{ data.plan.name }}"</h2>
    <mat-dialog-content>
      <div class="bar gap">@if (saving()) { <mat-progress-bar mode="indeterminate" aria-label="Saving" /> }</div>
      @if (error(); as message) { <div class="error-box" role="alert" data-testid="association-edit-error">{{ message }}</div> }
      @if (billed()) {
        <p class="note" data-testid="association-frozen-note">
          {{ data.departmentName }} already has bills on this plan, so its billing cycle, bill start date and time zone are fixed.
          To change them, end this association and associate the department again.
        </p>
      }
      <app-association-fields
        [group]="group"
        [index]="0"
        [departments]="[{ id: data.association.departmentId, name: data.departmentName }]"
        [removable]="false"
        [frozen]="billed()"
        legend="Billing details"
      />
      <p class="muted">Changes apply to the bills made from now on. Bills already made keep the address, recipients and due date they were issued with.</p>
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button type="button" mat-dialog-close data-testid="association-edit-cancel">Cancel</button>
      <button mat-flat-button type="button" (click)="save()" [disabled]="saving()" data-testid="association-edit-save">Save changes</button>
    </mat-dialog-actions>
  `,
  styles: `
    .note { padding: 12px 16px; border-radius: 8px; background: var(--mat-sys-secondary-container); color: var(--mat-sys-on-secondary-container); margin: 0 0 16px; }
  `,
})
export class AssociationEditDialogComponent {
  protected readonly data = inject<AssociationEditData>(MAT_DIALOG_DATA);
  private readonly ref = inject(MatDialogRef<AssociationEditDialogComponent, AssociationView>);
  private readonly plans = inject(PlansApi);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);

  protected readonly group = associationEditGroup(inject(NonNullableFormBuilder), this.data.association);
  protected readonly billed = signal(this.data.association.billed);
  protected readonly saving = signal(false);
  protected readonly error = signal<string | null>(null);

  save(): void {
    if (this.group.invalid) {
      this.group.markAllAsTouched();
      focusFirstInvalid(this.host.nativeElement);
      return;
    }
    this.saving.set(true);
    this.error.set(null);
    this.plans.updateAssociation(this.data.association.id, toAssociationPatch(this.group, this.data.association)).subscribe({
      next: (updated) => this.ref.close(updated),
      error: (err: unknown) => {
        this.saving.set(false);
        const code = errorCode(err);
        if (code === 'ASSOCIATION_ALREADY_BILLED') {
          // Billed since the page was loaded: the three fields go back to their stored values, read-only.
          const stored = this.data.association;
          this.group.patchValue({ billingCycle: stored.billingCycle, billStartDate: stored.billStartDate, timeZone: stored.timeZone });
          for (const name of FROZEN_WHEN_BILLED) this.group.controls[name].disable();
          this.billed.set(true);
          this.error.set(
            'This customer was billed meanwhile: its billing cycle, bill start date and time zone can no longer change. Save again to keep the other changes.',
          );
          return;
        }
        if (code === 'ASSOCIATION_ENDED') {
          this.error.set('This association has ended: an ended association can not be changed.');
          return;
        }
        const rest = applyFieldErrors(this.group, fieldErrors(err));
        if (rest.length) this.error.set(summarizeFieldErrors(rest));
        else if (fieldErrors(err).length === 0) this.error.set(errorMessage(err, 'The changes could not be saved'));
        focusFirstInvalid(this.host.nativeElement);
      },
    });
  }
}
