import { Injectable, inject } from '@angular/core';
import { Observable, map } from 'rxjs';
import { ApiClient } from './api-client';
import { BillingRunResult, CurrencyTotals, Dashboard } from './models';

type RawDashboard = Partial<Dashboard> & {
  totals?: CurrencyTotals[];
  byCurrency?: CurrencyTotals[];
  currencyBreakdown?: CurrencyTotals[];
};

@Injectable({ providedIn: 'root' })
export class DashboardApi {
  private readonly api = inject(ApiClient);

  /** `GET /dashboard`; the per-currency totals are read from `currencies` (older names tolerated). */
  get(): Observable<Dashboard> {
    return this.api.get<RawDashboard>('/dashboard').pipe(
      map((raw) => ({
        currencies: raw.currencies ?? raw.currencyBreakdown ?? raw.byCurrency ?? raw.totals ?? [],
        months: raw.months ?? [],
        nextBillingRunAt: raw.nextBillingRunAt ?? null,
      })),
    );
  }

  runBilling(): Observable<BillingRunResult> {
    return this.api.post<BillingRunResult>('/billing-runs', {});
  }
}
