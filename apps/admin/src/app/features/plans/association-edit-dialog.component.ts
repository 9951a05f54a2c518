import { ChangeDetectionStrategy, Component, ElementRef, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatButtonModule } from '@angular/material/button';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatRadioModule } from '@angular/material/radio';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import type { AssociationView, PlanView, UpdateAssociationDto } from '@app/contracts';
import { startWith } from 'rxjs';
import { PlansApi } from '../../core/api/plans.api';
import { applyFieldErrors, errorCode, errorMessage, fieldErrors, focusFirstInvalid, summarizeFieldErrors } from '../../core/errors';
import { retainerText, unitOfPlan } from '../../core/prepaid';
import { calendarOf, calendarText, sameCalendar } from '../../core/rate-rules';
import { CalendarFieldsComponent } from './calendar-fields.component';
import { applyCalendarErrors, calendarGroup, fillCalendarGroup, toCalendar } from './rate-rules-form';
import { AssociationFieldsComponent } from './association-fields.component';
import { FROZEN_WHEN_BILLED, associationEditGroup, toAssociationPatch } from './association-form';
import { RetainerFieldsComponent } from './retainer-fields.component';
import { fillRetainerGroup, retainerFieldErrors, retainerGroup, sameRetainer, toRetainer } from './retainer-form';

/** Whose retainer the customer's bills use: the plan's, its own, or none at all. */
export type RetainerChoice = 'plan' | 'own' | 'none';

export interface AssociationEditData {
  plan: PlanView;
  association: AssociationView;
  departmentName: string;
}

/**
 * Edit a customer's association (`PATCH /associations/:id`): billing address, invoice recipients and due
 * days always; billing cycle, bill start date and time zone only until its first bill (read-only after); and its
 * retainer: the plan's, its own (the same fields as the plan's), or none; and its business hours and holidays: the
 * plan's, or its own ("Own business hours", the same calendar fields as the plan's rate rules). Closes with the updated
 * association.
 */
@Component({
  selector: 'app-association-edit-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ReactiveFormsModule,
    MatDialogModule,
    MatButtonModule,
    MatProgressBarModule,
    MatRadioModule,
    MatSlideToggleModule,
    AssociationFieldsComponent,
    RetainerFieldsComponent,
    CalendarFieldsComponent,
  ],
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
      <fieldset class="retainer" data-testid="association-retainer">
        <legend>Retainer (prepaid hours)</legend>
        <mat-radio-group [formControl]="retainerChoice" aria-label="Retainer of this customer" data-testid="association-retainer-choice">
          <mat-radio-button value="plan" data-testid="association-retainer-plan">Use the plan's retainer</mat-radio-button>
          <mat-radio-button value="own" data-testid="association-retainer-own">Own retainer</mat-radio-button>
          <mat-radio-button value="none" data-testid="association-retainer-none">No retainer</mat-radio-button>
        </mat-radio-group>
        @switch (choice()) {
          @case ('plan') {
            <p class="muted" data-testid="association-retainer-plan-text">
              @if (planRetainer(); as text) { The plan's: {{ text }}. } @else { The plan has no retainer: usage is billed at its rate, after any prepaid blocks. }
            </p>
          }
          @case ('none') {
            <p class="muted">No retainer for {{ data.departmentName }}, whatever the plan has: usage draws from its prepaid blocks, then is billed at the plan's rate.</p>
          }
          @case ('own') {
            <app-retainer-fields
              [group]="retainer"
              [unit]="unit"
              [currency]="data.plan.currency"
              [cycle]="data.association.billingCycle"
              prefix="association-retainer"
            />
          }
        }
        @if (retainerError(); as message) { <p class="error-text" role="alert" data-testid="association-retainer-error">{{ message }}</p> }
      </fieldset>
      <fieldset class="retainer hours" data-testid="association-hours">
        <legend>Business hours and holidays</legend>
        <mat-slide-toggle [formControl]="ownHours" data-testid="association-own-hours-toggle">Own business hours</mat-slide-toggle>
        @if (ownHoursOn()) {
          <p class="muted">{{ data.departmentName }}'s own calendar replaces the plan's for its after-hours, weekend and holiday rates; the prices stay the plan's.</p>
          <app-calendar-fields [group]="calendar" prefix="association-calendar" [showSummary]="true" />
        } @else {
          <p class="muted" data-testid="association-hours-plan-text">The plan's: {{ planCalendar() }}.</p>
        }
        @if (calendarError(); as message) { <p class="error-text" role="alert" data-testid="association-hours-error">{{ message }}</p> }
      </fieldset>
      <p class="muted">Changes apply to the bills made from now on. Bills already made keep the address, recipients and due date they were issued with.</p>
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button type="button" mat-dialog-close data-testid="association-edit-cancel">Cancel</button>
      <button mat-flat-button type="button" (click)="save()" [disabled]="saving()" data-testid="association-edit-save">Save changes</button>
    </mat-dialog-actions>
  `,
  styles: `
    .note { padding: 12px 16px; border-radius: 8px; background: var(--mat-sys-secondary-container); color: var(--mat-sys-on-secondary-container); margin: 0 0 16px; }
    fieldset.retainer { border: 1px solid var(--mat-sys-outline-variant); border-radius: 12px; padding: 12px 16px 16px; margin: 0 0 16px; }
    fieldset.retainer legend { font: var(--mat-sys-title-small); padding: 0 6px; }
    mat-radio-group { display: flex; gap: 16px; flex-wrap: wrap; margin: 0 0 8px; }
    .error-text { color: var(--mat-sys-error); margin: 4px 0 0; font-size: 13px; }
    fieldset.hours mat-slide-toggle { display: block; margin: 4px 0 8px; }
  `,
})
export class AssociationEditDialogComponent {
  protected readonly data = inject<AssociationEditData>(MAT_DIALOG_DATA);
  private readonly ref = inject(MatDialogRef<AssociationEditDialogComponent, AssociationView>);
  private readonly plans = inject(PlansApi);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);

  private readonly fb = inject(NonNullableFormBuilder);
  protected readonly group = associationEditGroup(this.fb, this.data.association);
  protected readonly billed = signal(this.data.association.billed);
  protected readonly saving = signal(false);
  protected readonly error = signal<string | null>(null);

  /** The plan's unit: the customer's retainer counts hours (per_hour) or sessions (per_session) too. */
  protected readonly unit = unitOfPlan(this.data.plan);
  protected readonly retainerChoice = this.fb.control<RetainerChoice>(initialChoice(this.data.association));
  protected readonly choice = toSignal(this.retainerChoice.valueChanges.pipe(startWith(this.retainerChoice.value)), { requireSync: true });
  /** Its own retainer's fields: filled from its own, else from the plan's as a start. */
  protected readonly retainer = retainerGroup(
    this.fb,
    () => this.unit,
    () => this.data.plan.currency,
  );
  protected readonly retainerError = signal<string | null>(null);

  /** "Own business hours": on, the customer's calendar (filled from the one its bills use now) replaces the plan's. */
  protected readonly ownHours = this.fb.control(this.data.association.businessHoursOverride);
  protected readonly ownHoursOn = toSignal(this.ownHours.valueChanges.pipe(startWith(this.ownHours.value)), { requireSync: true });
  protected readonly calendar = calendarGroup(this.fb);
  protected readonly calendarError = signal<string | null>(null);

  constructor() {
    const a = this.data.association;
    const start = a.retainerOverride ? a.retainer : this.data.plan.retainer;
    if (start) fillRetainerGroup(this.retainer, start, this.unit, this.data.plan.currency);
    fillCalendarGroup(this.fb, this.calendar, calendarOf(a));
  }

  /** The plan's business hours and holidays in words. */
  protected planCalendar(): string {
    return calendarText(calendarOf(this.data.plan)) ?? 'no business hours';
  }

  /** The calendar part of the PATCH: only what changed (back to the plan's: `businessHoursOverride: false`). */
  private calendarPatch(): Partial<UpdateAssociationDto> {
    const a = this.data.association;
    if (!this.ownHours.value) return a.businessHoursOverride ? { businessHoursOverride: false } : {};
    const own = toCalendar(this.calendar);
    return a.businessHoursOverride && sameCalendar(calendarOf(a), own) ? {} : { businessHoursOverride: true, ...own };
  }

  protected planRetainer(): string | null {
    const r = this.data.plan.retainer;
    return r ? retainerText(r, this.unit, this.data.plan.currency, this.data.association.billingCycle) : null;
  }

  /** The retainer part of the PATCH: only what changed (back to the plan's: `retainerOverride: false`). */
  private retainerPatch(): Pick<UpdateAssociationDto, 'retainer' | 'retainerOverride'> {
    const a = this.data.association;
    switch (this.retainerChoice.value) {
      case 'plan':
        return a.retainerOverride ? { retainerOverride: false } : {};
      case 'none':
        return a.retainerOverride && a.retainer === null ? {} : { retainer: null };
      case 'own': {
        const own = toRetainer(this.retainer, this.unit, this.data.plan.currency);
        return a.retainerOverride && sameRetainer(a.retainer, own) ? {} : { retainer: own };
      }
    }
  }

  save(): void {
    const own = this.retainerChoice.value === 'own';
    const ownHours = this.ownHours.value;
    if (this.group.invalid || (own && this.retainer.invalid) || (ownHours && this.calendar.invalid)) {
      this.group.markAllAsTouched();
      if (own) this.retainer.markAllAsTouched();
      if (ownHours) this.calendar.markAllAsTouched();
      focusFirstInvalid(this.host.nativeElement);
      return;
    }
    this.saving.set(true);
    this.error.set(null);
    this.retainerError.set(null);
    this.calendarError.set(null);
    const patch: UpdateAssociationDto = {
      ...toAssociationPatch(this.group, this.data.association),
      ...this.retainerPatch(),
      ...this.calendarPatch(),
    };
    this.plans.updateAssociation(this.data.association.id, patch).subscribe({
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
        const errors = retainerFieldErrors(fieldErrors(err), this.unit);
        let rest = ownHours ? applyCalendarErrors(this.calendar, errors) : errors;
        const override = rest.filter((e) => e.field === 'businessHoursOverride');
        if (override.length) this.calendarError.set(summarizeFieldErrors(override));
        rest = rest.filter((e) => !override.includes(e));
        rest = applyFieldErrors(this.retainer, rest, {}, 'retainer.');
        const whole = rest.filter((e) => e.field === 'retainer' || e.field === 'retainerOverride');
        if (whole.length) this.retainerError.set(summarizeFieldErrors(whole));
        rest = applyFieldErrors(
          this.group,
          rest.filter((e) => !whole.includes(e)),
        );
        if (rest.length) this.error.set(summarizeFieldErrors(rest));
        else if (fieldErrors(err).length === 0) this.error.set(errorMessage(err, 'The changes could not be saved'));
        focusFirstInvalid(this.host.nativeElement);
      },
    });
  }
}

function initialChoice(a: AssociationView): RetainerChoice {
  if (!a.retainerOverride) return 'plan';
  return a.retainer ? 'own' : 'none';
}
