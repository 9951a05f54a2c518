import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { MatDialog } from '@angular/material/dialog';
import { Router, RouterLink } from '@angular/router';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatTableModule } from '@angular/material/table';
import type {
  AssociationView,
  AuditEventView,
  DepartmentView,
  PlanDetailView,
  PlanView,
  RateVersionView,
  TaxRateView,
} from '@app/contracts';
import { catchError, forkJoin, of } from 'rxjs';
import { DepartmentsApi } from '../../core/api/departments.api';
import { PlansApi } from '../../core/api/plans.api';
import { TaxRatesApi } from '../../core/api/tax-rates.api';
import { taxCategoryText, taxRateText } from '../../core/taxes';
import { AuthService } from '../../core/auth/auth.service';
import { errorMessage } from '../../core/errors';
import { retainerText, unitOfPlan } from '../../core/prepaid';
import { baseRateText, calendarOf, calendarText, rateRulesText, rulesOf, versionEffectiveText } from '../../core/rate-rules';
import { formatZoned } from '../../core/zoned-time';
import { IconComponent } from '../../shared/icon.component';
import { Notify } from '../../shared/notify.service';
import { PageStateComponent } from '../../shared/page-state.component';
import { DayPipe, HumanizePipe, InstantPipe, MoneyPipe } from '../../shared/pipes';
import { AuditContext, auditDetails, auditSentence } from '../bills/audit';
import { AssociationEditData, AssociationEditDialogComponent } from './association-edit-dialog.component';
import { EndAssociationData, EndAssociationDialogComponent } from './end-association-dialog.component';
import { PlanActions } from './plan-actions';
import { endScheduled, isActive } from './plan-helpers';

/** `/plans/:id`: the plan's details, its customers (associations) with Edit and End, and its history. */
@Component({
  selector: 'app-plan-view',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    RouterLink,
    MatCardModule,
    MatButtonModule,
    MatTableModule,
    PageStateComponent,
    IconComponent,
    MoneyPipe,
    DayPipe,
    InstantPipe,
    HumanizePipe,
  ],
  templateUrl: './plan-view.component.html',
  styles: `
    .recipients { font-size: 13px; }
    .address { white-space: pre-line; font-size: 13px; }
    .reference { font-size: 12px; color: var(--mat-sys-on-surface-variant); margin-top: 4px; }
    .history-when { white-space: nowrap; color: var(--mat-sys-on-surface-variant); }
    .history-details { font-size: 12px; color: var(--mat-sys-on-surface-variant); }
    .end-chip { text-transform: none; }
    .chip-ends { background: #fff4d6; color: #6b4e00; }
    .prepaid-link { display: inline-flex; align-items: center; gap: 2px; margin-top: 4px; font-size: 12px; white-space: nowrap; color: var(--mat-sys-primary); }
    .prepaid-link app-icon { width: 16px; height: 16px; }
    .version-rules { font-size: 12px; color: var(--mat-sys-on-surface-variant); max-width: 640px; }
  `,
})
export class PlanViewComponent {
  readonly id = input.required<string>();

  private readonly api = inject(PlansApi);
  private readonly departmentsApi = inject(DepartmentsApi);
  private readonly taxRatesApi = inject(TaxRatesApi);
  private readonly actions = inject(PlanActions);
  private readonly dialog = inject(MatDialog);
  private readonly notify = inject(Notify);
  private readonly router = inject(Router);
  protected readonly auth = inject(AuthService);

  protected readonly plan = signal<PlanDetailView | null>(null);
  protected readonly associations = signal<AssociationView[]>([]);
  private readonly departments = signal<DepartmentView[]>([]);
  private readonly taxRates = signal<TaxRateView[]>([]);
  /** The plan's default tax rates as the page knows them ("VAT 19 % (S Standard rate)"); an unknown id as "a tax rate". */
  protected readonly planTaxes = computed(() => {
    const byId = new Map(this.taxRates().map((r) => [r.id, r]));
    return (this.plan()?.taxRateIds ?? []).map((id) => {
      const r = byId.get(id);
      return r ? `${taxRateText(r)} (${taxCategoryText(r.categoryCode)})` : 'a tax rate';
    });
  });
  protected readonly history = signal<AuditEventView[]>([]);
  protected readonly historyError = signal<string | null>(null);
  protected readonly loading = signal(true);
  protected readonly error = signal<string | null>(null);
  protected readonly historyColumns = ['when', 'sentence'];
  protected readonly versionColumns = ['version', 'effective', 'created', 'rate', 'rules'];
  protected readonly auditSentence = auditSentence;
  protected readonly auditDetails = auditDetails;
  protected readonly columns = ['department', 'cycle', 'start', 'due', 'address', 'recipients', 'timeZone', 'status', 'actions'];
  protected readonly isActive = isActive;
  protected readonly endScheduled = endScheduled;
  /** An end in the association's own zone (its periods are cut there): the day, with the time unless midnight. */
  protected endText(a: AssociationView): string {
    return formatZoned(a.endedAt, a.timeZone);
  }
  protected readonly activeCount = computed(() => this.associations().filter(isActive).length);
  private readonly departmentNames = computed(() => new Map(this.departments().map((d) => [d.id, d.name])));
  /** Names the history may show instead of ids: the plan, departments, and associations by their department. */
  protected readonly auditContext = computed<AuditContext>(() => {
    const names = new Map<string, string>(this.departmentNames());
    for (const r of this.taxRates()) names.set(r.id, taxRateText(r));
    const p = this.plan();
    if (p) names.set(p.id, p.name);
    for (const a of this.associations()) names.set(a.id, this.departmentName(a));
    return { currency: p?.currency, names, prepaidUnit: p ? unitOfPlan(p) : undefined };
  });

  constructor() {
    effect(() => {
      const id = this.id();
      untracked(() => this.load(id));
    });
  }

  load(id: string = this.id()): void {
    this.loading.set(true);
    this.error.set(null);
    forkJoin({
      plan: this.api.get(id),
      associations: this.api.associations(id),
      departments: this.departmentsApi.list(),
      // Only names for the plan's rates and its history: without them the page still shows the plan.
      taxRates: this.taxRatesApi.list(true).pipe(catchError(() => of([] as TaxRateView[]))),
    }).subscribe({
      next: ({ plan, associations, departments, taxRates }) => {
        this.plan.set(plan);
        this.associations.set(associations);
        this.departments.set(departments);
        this.taxRates.set(taxRates);
        this.loading.set(false);
        this.loadHistory(id, associations);
      },
      error: (err: unknown) => {
        this.loading.set(false);
        this.error.set(errorMessage(err, 'The plan could not be loaded'));
      },
    });
  }

  /** The history is a side section: its failure shows its own message and leaves the page usable. */
  private loadHistory(id: string, associations: AssociationView[]): void {
    this.historyError.set(null);
    this.api
      .history(
        id,
        associations.map((a) => a.id),
      )
      .pipe(
        catchError((err: unknown) => {
          this.historyError.set(errorMessage(err, 'The history could not be loaded'));
          return of([] as AuditEventView[]);
        }),
      )
      .subscribe((events) => this.history.set(events));
  }

  edit(plan: PlanView, a: AssociationView): void {
    this.dialog
      .open<AssociationEditDialogComponent, AssociationEditData, AssociationView>(AssociationEditDialogComponent, {
        data: { plan, association: a, departmentName: this.departmentName(a) },
        width: '860px',
        maxWidth: '96vw',
        autoFocus: 'first-tabbable',
      })
      .afterClosed()
      .subscribe((updated) => {
        if (!updated) return;
        this.notify.ok(`${this.departmentName(a)}'s billing details saved`);
        this.load();
      });
  }

  protected departmentName(a: AssociationView): string {
    return a.department.name;
  }

  /** The plan's retainer in words ("2 h included per period, fee €150.00, …"); null without one. */
  protected planRetainer(p: PlanView): string | null {
    return p.retainer ? retainerText(p.retainer, unitOfPlan(p), p.currency) : null;
  }

  /** The plan's rate rules in words ("Business hours Mon–Fri 08:00–18:00 · after hours ×1.5 · …"); null without any. */
  protected planRules(p: PlanView): string | null {
    return rateRulesText(rulesOf(p), p.billingType, p.currency);
  }

  /** A rate version's rules in words; "No rate rules" without any. */
  protected versionRules(p: PlanView, v: RateVersionView): string {
    return rateRulesText(rulesOf(v), v.billingType, p.currency) ?? 'No rate rules';
  }

  protected versionRate(p: PlanView, v: RateVersionView): string {
    return baseRateText(v, p.currency);
  }

  protected versionEffective(v: RateVersionView): string {
    return versionEffectiveText(v.version, v.effectiveFrom);
  }

  /** A customer's own business hours and holidays in words; null when it uses the plan's. */
  protected ownHours(a: AssociationView): string | null {
    if (!a.businessHoursOverride) return null;
    return calendarText(calendarOf(a), 'Own business hours') ?? 'No business hours (its own choice)';
  }

  /** A customer's own retainer choice in words; null when it uses the plan's. */
  protected ownRetainer(p: PlanView, a: AssociationView): string | null {
    if (!a.retainerOverride) return null;
    return a.retainer
      ? `Own retainer: ${retainerText(a.retainer, unitOfPlan(p), p.currency, a.billingCycle)}`
      : 'No retainer (its own choice)';
  }

  protected address(a: AssociationView): string {
    const b = a.billingAddress;
    return [b.name, b.line1, b.line2, [b.postalCode, b.city].filter(Boolean).join(' '), [b.region, b.country].filter(Boolean).join(', ')]
      .filter(Boolean)
      .join('\n');
  }

  associate(plan: PlanView): void {
    this.actions.associate(plan).subscribe({
      next: (created) => {
        this.notify.ok(`${created.length} customer${created.length === 1 ? '' : 's'} associated`);
        this.load();
      },
      error: (err: unknown) => this.notify.error(err, 'The departments could not be loaded'),
    });
  }

  remove(plan: PlanView): void {
    this.actions.delete(plan).subscribe(() => void this.router.navigate(['/plans']));
  }

  /** "End": now or at a date (past or scheduled), in a dialog that explains the short last period and the 409s. */
  end(plan: PlanView, a: AssociationView): void {
    this.dialog
      .open<EndAssociationDialogComponent, EndAssociationData, AssociationView>(EndAssociationDialogComponent, {
        data: { association: a, departmentName: this.departmentName(a), planName: plan.name },
        width: '560px',
        maxWidth: '96vw',
        autoFocus: 'first-tabbable',
      })
      .afterClosed()
      .subscribe((ended) => {
        if (!ended) return;
        const name = this.departmentName(a);
        this.notify.ok(endScheduled(ended) ? `${name}'s association ends ${this.endText(ended)}` : `${name} is no longer on this plan`);
        this.load();
      });
  }
}
