import { ChangeDetectionStrategy, Component, ElementRef, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatButtonModule } from '@angular/material/button';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import type { AssociationView, DepartmentView, PlanView } from '@app/contracts';
import { PlansApi } from '../../core/api/plans.api';
import { applyFieldErrors, errorCode, errorMessage, fieldErrors, focusFirstInvalid, summarizeFieldErrors } from '../../core/errors';
import { IconComponent } from '../../shared/icon.component';
import { AssociationFieldsComponent } from './association-fields.component';
import { associationArray, associationGroup, toAssociationInput } from './association-form';

export interface AssociateDialogData {
  plan: PlanView;
  departments: DepartmentView[];
  timeZone: string;
}

/**
 * "Associate Customers" on an existing plan: one or more associations, each sent as
 * `POST /plans/:id/associations`. Saved ones leave the form; the first failure stops and shows its errors.
 */
@Component({
  selector: 'app-associate-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatDialogModule, MatButtonModule, MatProgressBarModule, AssociationFieldsComponent, IconComponent],
  template: `
    <h2 mat-dialog-title>Associate customers with "{{ data.plan.name }}"</h2>
    <mat-dialog-content>
      <div class="bar gap">@if (saving()) { <mat-progress-bar mode="indeterminate" aria-label="Saving" /> }</div>
      @if (error(); as message) { <div class="error-box" role="alert" data-testid="associate-dialog-error">{{ message }}</div> }
      @if (data.departments.length === 0) {
        <p class="muted">No departments yet: create one on the Departments page first.</p>
      }
      @for (group of associations.controls; track group; let i = $index) {
        <app-association-fields
          [group]="group"
          [index]="i"
          [departments]="data.departments"
          [removable]="associations.length > 1"
          (remove)="associations.removeAt(i)"
        />
      }
      <button mat-stroked-button type="button" (click)="add()" data-testid="associate-dialog-add">
        <app-icon name="add" /> Add another customer
      </button>
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button type="button" (click)="close()" data-testid="associate-dialog-cancel">Cancel</button>
      <button mat-flat-button type="button" (click)="save()" [disabled]="saving()" data-testid="associate-dialog-save">Associate</button>
    </mat-dialog-actions>
  `,
})
export class AssociateDialogComponent {
  protected readonly data = inject<AssociateDialogData>(MAT_DIALOG_DATA);
  private readonly ref = inject(MatDialogRef<AssociateDialogComponent, AssociationView[]>);
  private readonly fb = inject(NonNullableFormBuilder);
  private readonly plans = inject(PlansApi);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);

  protected readonly associations = associationArray(this.fb);
  protected readonly saving = signal(false);
  protected readonly error = signal<string | null>(null);
  private readonly created: AssociationView[] = [];

  constructor() {
    this.add();
    // Escape still closes, but through close(): associations already saved are reported to the caller.
    this.ref.disableClose = true;
    this.ref.keydownEvents().subscribe((e) => {
      if (e.key === 'Escape' && !this.saving()) this.close();
    });
  }

  add(): void {
    this.associations.push(associationGroup(this.fb, this.data.timeZone));
  }

  close(): void {
    this.ref.close(this.created);
  }

  save(): void {
    if (this.associations.invalid) {
      this.associations.markAllAsTouched();
      focusFirstInvalid(this.host.nativeElement);
      return;
    }
    this.saving.set(true);
    this.error.set(null);
    this.saveNext();
  }

  private saveNext(): void {
    const group = this.associations.at(0);
    if (!group) {
      this.saving.set(false);
      this.ref.close(this.created);
      return;
    }
    this.plans.associate(this.data.plan.id, toAssociationInput(group)).subscribe({
      next: (association) => {
        this.created.push(association);
        this.associations.removeAt(0);
        this.saveNext();
      },
      error: (err: unknown) => {
        this.saving.set(false);
        if (errorCode(err) === 'DEPARTMENT_ALREADY_ASSOCIATED') {
          group.controls.departmentId.setErrors({
            server: 'This department already has an active association. End it first, or choose another department.',
          });
          group.controls.departmentId.markAsTouched();
        } else {
          const rest = applyFieldErrors(group, fieldErrors(err));
          if (rest.length) this.error.set(summarizeFieldErrors(rest));
          else if (fieldErrors(err).length === 0) this.error.set(errorMessage(err, 'The customer could not be associated'));
        }
        focusFirstInvalid(this.host.nativeElement);
      },
    });
  }
}
