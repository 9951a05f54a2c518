import { ChangeDetectionStrategy, Component, DestroyRef, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { ActivatedRoute, ParamMap, Router, RouterLink } from '@angular/router';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatMenuModule } from '@angular/material/menu';
import { MatTableModule } from '@angular/material/table';
import type { BillListItemView, DepartmentView, PlanView } from '@app/contracts';
import { Observable, debounceTime, forkJoin, map } from 'rxjs';
import { BillFilters, BillsApi } from '../../core/api/bills.api';
import { DepartmentsApi } from '../../core/api/departments.api';
import { PlansApi } from '../../core/api/plans.api';
import { saveBlob } from '../../core/download';
import { CursorPager } from '../../shared/cursor-pager';
import { einvoiceChoices } from '../../core/einvoices';
import { todayIso } from '../../core/format';
import { taxTreatmentLabel } from '../../core/taxes';
import { IconComponent } from '../../shared/icon.component';
import { Notify } from '../../shared/notify.service';
import { PageStateComponent } from '../../shared/page-state.component';
import { DayPipe, MoneyPipe, PeriodPipe } from '../../shared/pipes';
import { BillKindTagComponent } from '../../shared/bill-kind-tag.component';
import { StatusChipComponent } from '../../shared/status-chip.component';
import { BillActions, ShownBill } from './bill-actions';
import { billName, billNumberText } from './bill-label';
import { chargeDetails } from './charge-details';

const STATUSES: { value: NonNullable<BillFilters['status']>; label: string }[] = [
  { value: 'draft', label: 'Draft (to review)' },
  { value: 'unpaid', label: 'Unpaid' },
  { value: 'overdue', label: 'Overdue' },
  { value: 'partly_paid', label: 'Partly paid' },
  { value: 'paid', label: 'Paid' },
  { value: 'void', label: 'Void' },
];
const FILTER_KEYS = ['status', 'departmentId', 'planId', 'from', 'to'] as const;

/**
 * Bills with filters kept in the URL (`?status=&departmentId=&planId=&from=&to=`) and cursor paging. Drafts are
 * listed too (named "Draft": they have no number until issued), and `/bills/drafts` reviews them.
 */
@Component({
  selector: 'app-bills-list',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ReactiveFormsModule,
    RouterLink,
    MatTableModule,
    MatMenuModule,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    PageStateComponent,
    IconComponent,
    StatusChipComponent,
    BillKindTagComponent,
    MoneyPipe,
    PeriodPipe,
    DayPipe,
  ],
  templateUrl: './bills-list.component.html',
  styles: `
    a.number { font-weight: 500; color: inherit; }
    a.number.draft { font-style: italic; }
    .charged { white-space: nowrap; }
    .page-size { width: 110px; }
    .tax-note { font-size: 12px; }
  `,
})
export class BillsListComponent {
  private readonly api = inject(BillsApi);
  private readonly departmentsApi = inject(DepartmentsApi);
  private readonly plansApi = inject(PlansApi);
  private readonly route = inject(ActivatedRoute);
  private readonly router = inject(Router);
  private readonly notify = inject(Notify);
  private readonly destroyRef = inject(DestroyRef);
  protected readonly actions = inject(BillActions);

  protected readonly statuses = STATUSES;
  protected readonly numberText = billNumberText;
  protected readonly billName = billName;
  protected readonly chargeDetails = chargeDetails;
  protected readonly taxTreatmentLabel = taxTreatmentLabel;
  protected readonly einvoiceChoices = einvoiceChoices;
  protected readonly columns = ['number', 'customer', 'period', 'charges', 'total', 'balance', 'status', 'actions'];
  protected readonly filters = inject(NonNullableFormBuilder).group({
    status: [''],
    departmentId: [''],
    planId: [''],
    from: [''],
    to: [''],
  });
  protected readonly pageSize = signal(50);

  protected readonly pager = new CursorPager<BillListItemView>(
    (cursor) => this.api.list(this.current, cursor, this.pageSize()),
    'The bills could not be loaded',
  );
  protected readonly departments = signal<DepartmentView[]>([]);
  protected readonly plans = signal<PlanView[]>([]);
  protected readonly exporting = signal(false);
  private current: BillFilters = {};

  constructor() {
    forkJoin({ departments: this.departmentsApi.list(), plans: this.plansApi.list() }).subscribe({
      next: ({ departments, plans }) => {
        this.departments.set(departments);
        this.plans.set(plans);
      },
      error: () => undefined, // the filters then offer no names; the list itself still works
    });
    this.route.queryParamMap.pipe(takeUntilDestroyed()).subscribe((params) => this.applyParams(params));
    this.filters.valueChanges.pipe(debounceTime(250), takeUntilDestroyed()).subscribe(() => this.pushFilters());
  }

  private applyParams(params: ParamMap): void {
    const next: BillFilters = {};
    for (const key of FILTER_KEYS) {
      const value = params.get(key);
      if (value) (next as Record<string, string>)[key] = value;
    }
    this.filters.setValue(
      {
        status: next.status ?? '',
        departmentId: next.departmentId ?? '',
        planId: next.planId ?? '',
        from: next.from ?? '',
        to: next.to ?? '',
      },
      { emitEvent: false },
    );
    this.current = next;
    this.pager.first();
  }

  private pushFilters(): void {
    const v = this.filters.getRawValue();
    const queryParams: Record<string, string | null> = {};
    for (const key of FILTER_KEYS) queryParams[key] = v[key] || null;
    void this.router.navigate([], { relativeTo: this.route, queryParams, replaceUrl: true });
  }

  clearFilters(): void {
    this.filters.reset();
    this.pushFilters();
  }

  setPageSize(size: number): void {
    this.pageSize.set(size);
    this.pager.first();
  }

  exportCsv(): void {
    this.exporting.set(true);
    this.api.exportCsv(this.current).subscribe({
      next: (blob) => {
        this.exporting.set(false);
        saveBlob(blob, `bills-${todayIso()}.csv`);
      },
      error: (err: unknown) => {
        this.exporting.set(false);
        this.notify.error(err, 'The export failed');
      },
    });
  }

  /** Discards a draft (with its reason); the list loses it. */
  discard(bill: ShownBill): void {
    this.run(this.actions.discard(bill).pipe(map((done) => done !== null)));
  }

  /** Runs a bill action and reloads the current page when it changed something. */
  run(action: Observable<boolean>): void {
    action.pipe(takeUntilDestroyed(this.destroyRef)).subscribe((changed) => {
      if (changed) this.pager.load();
    });
  }
}
