import { ChangeDetectionStrategy, Component, ElementRef, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { MatAutocompleteModule } from '@angular/material/autocomplete';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatDialog } from '@angular/material/dialog';
import { MatRadioModule } from '@angular/material/radio';
import type { AssociationView, CreatePlanDto, DepartmentView, PlanView, TaxRateView, UpdatePlanDto } from '@app/contracts';
import { Observable, forkJoin, map, of, startWith } from 'rxjs';
import { DepartmentsApi } from '../../core/api/departments.api';
import { PlansApi } from '../../core/api/plans.api';
import { TaxRatesApi } from '../../core/api/tax-rates.api';
import { taxRateOption } from '../../core/taxes';
import { AuthService } from '../../core/auth/auth.service';
import {
  applyFieldErrors,
  controlErrorText,
  errorCode,
  errorMessage,
  fieldErrors,
  focusFirstInvalid,
  summarizeFieldErrors,
} from '../../core/errors';
import { CURRENCY_CODES, displayExponent } from '@app/billing';
import { IconComponent } from '../../shared/icon.component';
import { Notify } from '../../shared/notify.service';
import { PageStateComponent } from '../../shared/page-state.component';
import { AssociationFieldsComponent } from './association-fields.component';
import { associationArray, associationGroup, toAssociationInput } from './association-form';
import { BILLING_INCREMENTS, PLAN_FIELD_ALIASES, fillPlanGroup, planGroup, planUnit, toPlanInput } from './plan-form';
import { RetainerFieldsComponent } from './retainer-fields.component';
import { retainerFieldErrors } from './retainer-form';
import { isActive } from './plan-helpers';
import { confirmRateChange, rateChanges, rateVersionChange } from './rate-change-dialog.component';
import { RateRulesFieldsComponent } from './rate-rules-fields.component';
import { applyRuleErrors } from './rate-rules-form';

/** Create (with "associate customers now") and edit of a billing plan: `/plans/new`, `/plans/:id/edit`. */
@Component({
  selector: 'app-plan-form',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ReactiveFormsModule,
    RouterLink,
    MatCardModule,
    MatFormFieldModule,
    MatInputModule,
    MatAutocompleteModule,
    MatRadioModule,
    MatCheckboxModule,
    MatButtonModule,
    PageStateComponent,
    AssociationFieldsComponent,
    RetainerFieldsComponent,
    RateRulesFieldsComponent,
    IconComponent,
  ],
  templateUrl: './plan-form.component.html',
  styles: `
    .rates { display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); gap: 12px 16px; align-items: start; }
    .form-grid { align-items: start; row-gap: 12px; }
    mat-radio-group { display: flex; gap: 16px; flex-wrap: wrap; margin: 4px 0 16px; }
    .type-label { font: var(--mat-sys-label-large); margin: 0 0 4px; }
    .taxes-label { margin-top: 20px; }
    .taxes { display: grid; grid-template-columns: repeat(auto-fill, minmax(280px, 1fr)); gap: 12px 16px; align-items: start; margin-top: 8px; }
    .taxes-note { margin: 8px 0 0; font-size: 13px; }
    .error-text { color: var(--mat-sys-error); margin: 4px 0 0; font-size: 13px; }
    .retainer-intro { margin: 0 0 16px; font-size: 13px; }
    app-retainer-fields { margin-top: 8px; }
    .effective { display: flex; gap: 16px; align-items: start; flex-wrap: wrap; }
    .effective mat-form-field { width: 240px; }
    .effective-note { flex: 1 1 320px; margin: 8px 0 0; font-size: 13px; }
  `,
})
export class PlanFormComponent {
  /** Route param (`/plans/:id/edit`); absent when creating. */
  readonly id = input<string>();

  private readonly fb = inject(NonNullableFormBuilder);
  private readonly plans = inject(PlansApi);
  private readonly departmentsApi = inject(DepartmentsApi);
  private readonly taxRatesApi = inject(TaxRatesApi);
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  private readonly notify = inject(Notify);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly dialog = inject(MatDialog);

  protected readonly form = planGroup(this.fb);
  protected readonly associations = associationArray(this.fb);
  protected readonly increments = BILLING_INCREMENTS;

  protected readonly loading = signal(false);
  protected readonly saving = signal(false);
  protected readonly loadError = signal<string | null>(null);
  protected readonly departments = signal<DepartmentView[]>([]);
  protected readonly plan = signal<PlanView | null>(null);
  /** Every tax rate of the organization, archived ones too (to name one the plan still has). */
  protected readonly taxRates = signal<TaxRateView[]>([]);
  private readonly taxRatesById = computed(() => new Map(this.taxRates().map((r) => [r.id, r])));
  private readonly chosenRates = toSignal(
    this.form.controls.taxRateIds.valueChanges.pipe(
      startWith(null),
      map(() => this.form.controls.taxRateIds.getRawValue()),
    ),
    { requireSync: true },
  );
  protected readonly taxRateLabel = taxRateOption;
  /** The plan's customers now (editing): a rate change asks first when there are any. */
  private readonly customers = signal<AssociationView[]>([]);
  protected readonly associateNow = signal(false);
  protected readonly editing = computed(() => !!this.id());
  /** A plan's currency never changes once it has customers, active or ended (the API answers 409 PLAN_CURRENCY_LOCKED). */
  protected readonly currencyLocked = signal(false);

  private readonly currency = toSignal(this.form.controls.currency.valueChanges.pipe(startWith(this.form.controls.currency.value)), {
    requireSync: true,
  });
  protected readonly currencyCode = computed(() => (this.currency() || '').toUpperCase());
  protected readonly decimals = computed(() => displayExponent(this.currencyCode()));
  protected readonly currencyOptions = computed(() => {
    const q = this.currencyCode();
    return CURRENCY_CODES.filter((c) => c.startsWith(q));
  });
  /**
   * The rates choice `index` offers: the live ones and the one it holds (archived or not), without the rate the other
   * choice holds (a line never carries a tax twice).
   */
  protected rateChoices(index: number): TaxRateView[] {
    const chosen = this.chosenRates();
    const other = chosen[1 - index];
    return this.taxRates().filter((r) => r.id !== other && (!r.archivedAt || r.id === chosen[index]));
  }
  protected readonly liveTaxRates = computed(() => this.taxRates().filter((r) => !r.archivedAt).length);
  protected readonly billingType = toSignal(
    this.form.controls.billingType.valueChanges.pipe(startWith(this.form.controls.billingType.value)),
    { requireSync: true },
  );
  /** The unit of the retainer's quantities: hours (per_hour) or sessions (per_session). */
  protected readonly retainerUnit = computed(() => (this.billingType() === 'per_hour' ? 'seconds' : 'sessions'));
  protected readonly hasRetainer = toSignal(
    this.form.controls.hasRetainer.valueChanges.pipe(startWith(this.form.controls.hasRetainer.value)),
    { requireSync: true },
  );

  /** Changes whenever the form does (the effective day's field follows what the edit changes). */
  private readonly formValue = toSignal(this.form.valueChanges.pipe(map(() => ({}))), { initialValue: {} });
  /**
   * What the edit does to the plan's rate versions: 'dated' shows the "Effective from" field, 'type' (a billing-type
   * change) says why there is none; 'none' when creating or when rates and rules stay as they are.
   */
  protected readonly versionChange = computed(() => {
    this.formValue();
    const stored = this.plan();
    if (!stored || !this.editing()) return 'none';
    return rateVersionChange(stored, toPlanInput(this.form, 'edit'));
  });
  /** A 409 about the rate rules or the effective day (EFFECTIVE_DATE_BILLED, RATE_RULES_WITH_PREPAID), shown above the buttons. */
  protected readonly saveError = signal<string | null>(null);

  constructor() {
    this.form.controls.taxRateIds.valueChanges.subscribe(() => this.compactRates());
    effect(() => {
      const id = this.id();
      untracked(() => this.load(id));
    });
  }

  load(id: string | undefined = this.id()): void {
    this.loading.set(true);
    this.loadError.set(null);
    forkJoin({
      departments: id ? of([] as DepartmentView[]) : this.departmentsApi.list(),
      plan: id ? this.plans.get(id) : of(null),
      customers: id ? this.plans.associations(id) : of([] as AssociationView[]),
      taxRates: this.taxRatesApi.list(true),
    }).subscribe({
      next: ({ departments, plan, customers, taxRates }) => {
        this.departments.set(departments);
        this.taxRates.set(taxRates);
        this.plan.set(plan);
        this.customers.set(customers.filter(isActive));
        if (plan) fillPlanGroup(this.fb, this.form, plan);
        this.currencyLocked.set(customers.length > 0);
        if (customers.length > 0) this.form.controls.currency.disable();
        this.loading.set(false);
      },
      error: (err: unknown) => {
        this.loading.set(false);
        this.loadError.set(errorMessage(err, 'The plan could not be loaded'));
      },
    });
  }

  protected err(name: string): string {
    return controlErrorText(this.form.get(name));
  }

  protected moneyHint(): string {
    const d = this.decimals();
    return d === 0 ? `${this.currencyCode()} has no decimals, e.g. 1200` : `${d} decimals, e.g. ${'12.' + '5'.padEnd(d, '0')}`;
  }

  /** "0.00" (USD), "0" (JPY): shows the decimals in an empty rate field. */
  protected moneyPlaceholder(): string {
    const d = this.decimals();
    return d === 0 ? '0' : `0.${'0'.repeat(d)}`;
  }

  /** No first rate: the second moves up (so the API's `taxRateIds.<i>` is the i-th choice shown). */
  private compactRates(): void {
    const [first, second] = this.form.controls.taxRateIds.controls;
    if (first.value === '' && second.value !== '') {
      first.setValue(second.value);
      second.setValue('');
    }
  }

  protected normalizeCurrency(): void {
    const c = this.form.controls.currency;
    if (c.value !== c.value.trim().toUpperCase()) c.setValue(c.value.trim().toUpperCase());
  }

  protected toggleAssociateNow(checked: boolean): void {
    this.associateNow.set(checked);
    if (checked && this.associations.length === 0) this.addAssociation();
  }

  protected addAssociation(): void {
    this.associations.push(associationGroup(this.fb, this.auth.user()?.organization.timeZone ?? 'UTC'));
  }

  protected removeAssociation(index: number): void {
    this.associations.removeAt(index);
    if (this.associations.length === 0) this.associateNow.set(false);
  }

  save(): void {
    this.normalizeCurrency();
    // A refused effective day no longer counts once the field is gone (the edit no longer changes rates or rules).
    if (this.versionChange() !== 'dated') this.form.controls.effectiveFrom.setErrors(null);
    const withAssociations = !this.editing() && this.associateNow() && this.associations.length > 0;
    const invalid = this.form.invalid || (withAssociations && this.associations.invalid);
    if (invalid) {
      this.form.markAllAsTouched();
      this.associations.markAllAsTouched();
      focusFirstInvalid(this.host.nativeElement);
      return;
    }
    const stored = this.plan();
    const active = this.customers();
    const changes = this.editing() && stored && active.length > 0 ? rateChanges(stored, this.editInput(), this.taxRatesById()) : [];
    if (changes.length === 0) {
      this.submit(withAssociations);
      return;
    }
    const customers = active.map((a) => a.department.name);
    const effectiveFrom = this.editInput().effectiveFrom ?? null;
    confirmRateChange(this.dialog, { plan: stored!, changes, customers, effectiveFrom }).subscribe((ok) => {
      if (ok) this.submit(withAssociations);
    });
  }

  /** The edit's body; the effective day only while the edit changes rates or rules (the field is shown). */
  private editInput(): UpdatePlanDto {
    const body = toPlanInput(this.form, 'edit');
    if (this.versionChange() !== 'dated') delete body.effectiveFrom;
    return body;
  }

  private submit(withAssociations: boolean): void {
    this.saving.set(true);
    this.saveError.set(null);
    const id = this.id();
    const request: Observable<PlanView> = id
      ? this.plans.update(id, this.editInput())
      : this.plans.create({
          ...toPlanInput(this.form, 'create'),
          ...(withAssociations ? { associations: this.associations.controls.map(toAssociationInput) } : {}),
        } satisfies CreatePlanDto);
    request.subscribe({
      next: (plan) => {
        this.saving.set(false);
        this.notify.ok(id ? 'Plan saved' : 'Plan created');
        void this.router.navigate(['/plans', plan.id]);
      },
      error: (err: unknown) => {
        this.saving.set(false);
        this.showErrors(err);
      },
    });
  }

  private showErrors(err: unknown): void {
    const code = errorCode(err);
    if (code === 'PLAN_NAME_TAKEN') {
      this.form.controls.name.setErrors({ server: errorMessage(err, 'A plan with this name already exists') });
      this.form.controls.name.markAsTouched();
      focusFirstInvalid(this.host.nativeElement);
      return;
    }
    if (code === 'EFFECTIVE_DATE_BILLED') {
      this.form.controls.effectiveFrom.setErrors({ server: 'Already billed for a customer: choose a later day' });
      this.form.controls.effectiveFrom.markAsTouched();
    }
    if (code === 'EFFECTIVE_DATE_BILLED' || code === 'RATE_RULES_WITH_PREPAID') {
      this.saveError.set(errorMessage(err, 'The plan could not be saved'));
      this.notify.text('The plan was not saved: see the message above the buttons.');
      return;
    }
    const errors = retainerFieldErrors(fieldErrors(err), planUnit(this.form));
    if (errors.length === 0) {
      this.notify.error(err, 'The plan could not be saved');
      return;
    }
    let rest = applyRuleErrors(this.form.controls.rules, errors);
    rest = applyFieldErrors(this.form, rest, PLAN_FIELD_ALIASES);
    rest = applyFieldErrors(this.associations, rest, {}, 'associations.');
    if (rest.length) this.notify.text(`Please check: ${summarizeFieldErrors(rest)}`);
    else this.notify.text('Please correct the highlighted fields.');
    focusFirstInvalid(this.host.nativeElement);
  }
}
