import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import type { BillingRunResultView } from '@app/contracts';
import { DashboardApi, ExactDashboard, ExactMonthTotals } from '../../core/api/dashboard.api';
import { AuthService } from '../../core/auth/auth.service';
import { errorMessage } from '../../core/errors';
import { IconComponent } from '../../shared/icon.component';
import { Notify } from '../../shared/notify.service';
import { PageStateComponent } from '../../shared/page-state.component';
import { InstantPipe, MoneyPipe } from '../../shared/pipes';
import { BarChartComponent } from './bar-chart.component';

/**
 * Revenue per month (billed vs collected), outstanding and overdue totals, the next billing run, and the drafts
 * waiting for review (linking to `/bills/drafts`; they count in no total until issued).
 */
@Component({
  selector: 'app-dashboard',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, MatCardModule, MatButtonModule, PageStateComponent, IconComponent, MoneyPipe, InstantPipe, BarChartComponent],
  templateUrl: './dashboard.component.html',
  styles: `
    .cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(240px, 1fr)); gap: 16px; margin-bottom: 16px; }
    .cards mat-card { margin: 0; }
    .kpi { display: grid; grid-template-columns: 1fr auto; gap: 4px 12px; margin: 0; }
    .kpi dt { color: var(--mat-sys-on-surface-variant); }
    .kpi dd { margin: 0; text-align: right; font-variant-numeric: tabular-nums; }
    .kpi .overdue { color: var(--mat-sys-error); font-weight: 600; }
    .run { display: flex; align-items: center; gap: 16px; flex-wrap: wrap; }
    .charts { display: grid; gap: 24px; }
    .attention { border-color: var(--mat-sys-error); margin: 16px 0; }
    .overdue { color: var(--mat-sys-error); }
    a.drafts { color: inherit; text-decoration: none; }
    a.drafts:hover { text-decoration: underline; }
    a.drafts.waiting strong { color: #4a2a86; }
  `,
})
export class DashboardComponent {
  private readonly api = inject(DashboardApi);
  private readonly notify = inject(Notify);
  protected readonly auth = inject(AuthService);

  protected readonly data = signal<ExactDashboard | null>(null);
  protected readonly loading = signal(true);
  protected readonly error = signal<string | null>(null);
  protected readonly running = signal(false);
  protected readonly runResult = signal<BillingRunResultView | null>(null);

  /** One chart per currency that has months. */
  protected readonly charts = computed(() => {
    const byCurrency = new Map<string, ExactMonthTotals[]>();
    for (const m of this.data()?.months ?? []) {
      byCurrency.set(m.currency, [...(byCurrency.get(m.currency) ?? []), m]);
    }
    return [...byCurrency.entries()].map(([currency, months]) => ({ currency, months }));
  });

  constructor() {
    this.load();
  }

  load(): void {
    this.loading.set(true);
    this.error.set(null);
    this.api.get().subscribe({
      next: (data) => {
        this.data.set(data);
        this.loading.set(false);
      },
      error: (err: unknown) => {
        this.loading.set(false);
        this.error.set(errorMessage(err, 'The dashboard could not be loaded'));
      },
    });
  }

  runBilling(): void {
    this.running.set(true);
    this.runResult.set(null);
    this.api.runBilling().subscribe({
      next: (result) => {
        this.running.set(false);
        this.runResult.set(result);
        const issued = result.draftsIssued ? `, ${result.draftsIssued} draft${result.draftsIssued === 1 ? '' : 's'} issued` : '';
        this.notify.ok(`Billing run finished: ${result.billsCreated} bill${result.billsCreated === 1 ? '' : 's'} created${issued}`);
        this.load();
      },
      error: (err: unknown) => {
        this.running.set(false);
        this.notify.error(err, 'The billing run failed');
      },
    });
  }
}
