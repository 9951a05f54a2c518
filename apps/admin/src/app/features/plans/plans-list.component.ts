import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { Router, RouterLink } from '@angular/router';
import { MatButtonModule } from '@angular/material/button';
import { MatMenuModule } from '@angular/material/menu';
import { MatTableModule } from '@angular/material/table';
import type { PlanView, TaxRateView } from '@app/contracts';
import { catchError, forkJoin, of } from 'rxjs';
import { PlansApi } from '../../core/api/plans.api';
import { TaxRatesApi } from '../../core/api/tax-rates.api';
import { taxRatesText } from '../../core/taxes';
import { AuthService } from '../../core/auth/auth.service';
import { errorMessage } from '../../core/errors';
import { IconComponent } from '../../shared/icon.component';
import { Notify } from '../../shared/notify.service';
import { PageStateComponent } from '../../shared/page-state.component';
import { HumanizePipe, MoneyPipe } from '../../shared/pipes';
import { PlanActions } from './plan-actions';

@Component({
  selector: 'app-plans-list',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, MatTableModule, MatMenuModule, MatButtonModule, PageStateComponent, IconComponent, MoneyPipe, HumanizePipe],
  templateUrl: './plans-list.component.html',
  styles: `
    .rates { display: flex; flex-direction: column; gap: 2px; }
    .rates .main { font-weight: 600; }
    .empty-state app-icon { width: 56px; height: 56px; color: var(--mat-sys-primary); }
    a.name { color: inherit; font-weight: 500; }
  `,
})
export class PlansListComponent {
  private readonly api = inject(PlansApi);
  private readonly taxRatesApi = inject(TaxRatesApi);
  private readonly actions = inject(PlanActions);
  private readonly router = inject(Router);
  private readonly notify = inject(Notify);
  protected readonly auth = inject(AuthService);

  protected readonly plans = signal<PlanView[]>([]);
  private readonly taxRates = signal<ReadonlyMap<string, TaxRateView>>(new Map());
  protected readonly loading = signal(true);
  protected readonly loaded = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly columns = ['name', 'currency', 'billingType', 'rates', 'taxes', 'customers', 'actions'];

  constructor() {
    this.load();
  }

  load(): void {
    this.loading.set(true);
    this.error.set(null);
    forkJoin({
      plans: this.api.list(),
      // Only the names of the plans' tax rates: without them the list still shows the plans.
      taxRates: this.taxRatesApi.list(true).pipe(catchError(() => of([] as TaxRateView[]))),
    }).subscribe({
      next: ({ plans, taxRates }) => {
        this.taxRates.set(new Map(taxRates.map((r) => [r.id, r])));
        this.plans.set(plans);
        this.loading.set(false);
        this.loaded.set(true);
      },
      error: (err: unknown) => {
        this.loading.set(false);
        this.error.set(errorMessage(err, 'The plans could not be loaded'));
      },
    });
  }

  /** "VAT 19 %", "GST 5 % + PST 7 %", or "No tax". */
  protected taxes(plan: PlanView): string {
    return plan.taxRateIds.length ? taxRatesText(plan.taxRateIds, this.taxRates()) : 'No tax';
  }

  view(plan: PlanView): void {
    void this.router.navigate(['/plans', plan.id]);
  }

  edit(plan: PlanView): void {
    void this.router.navigate(['/plans', plan.id, 'edit']);
  }

  associate(plan: PlanView): void {
    this.actions.associate(plan).subscribe({
      next: (created) => {
        this.notify.ok(`${created.length} customer${created.length === 1 ? '' : 's'} associated with "${plan.name}"`);
        this.load();
      },
      error: (err: unknown) => this.notify.error(err, 'The departments could not be loaded'),
    });
  }

  remove(plan: PlanView): void {
    this.actions.delete(plan).subscribe(() => this.load());
  }
}
