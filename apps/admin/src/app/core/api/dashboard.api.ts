import { HttpClient, HttpErrorResponse } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { BillingRunDto, BillingRunResultView, CurrencyTotalsView, DashboardView, MonthTotalsView } from '@app/contracts';
import { Observable, catchError, map, throwError } from 'rxjs';
import { parseExactJson } from '../exact-json';
import { ApiClient } from './api-client';

/** A dashboard sum (`format: int64`) as `parseExactJson` reads it: a number, or a bigint past 2^53. */
export type ExactMinor = number | bigint;

/** `T` with the money sums `K` read exactly. */
type Exact<T, K extends keyof T> = Omit<T, K> & { [P in K]: ExactMinor };

export type ExactCurrencyTotals = Exact<CurrencyTotalsView, 'billedMinor' | 'collectedMinor' | 'outstandingMinor' | 'overdueMinor'>;
export type ExactMonthTotals = Exact<MonthTotalsView, 'billedMinor' | 'collectedMinor'>;
/** `DashboardView` parsed with every digit. */
export type ExactDashboard = Omit<DashboardView, 'currencies' | 'months'> & {
  currencies: ExactCurrencyTotals[];
  months: ExactMonthTotals[];
};

@Injectable({ providedIn: 'root' })
export class DashboardApi {
  private readonly api = inject(ApiClient);
  private readonly http = inject(HttpClient);

  /**
   * `GET /dashboard`, read as text and parsed with every digit: sums past 2^53 arrive as bigint.
   */
  get(): Observable<ExactDashboard> {
    return this.http.get(this.api.url('/dashboard'), { responseType: 'text' }).pipe(
      catchError((err: unknown) => throwError(() => withJsonBody(err))),
      map((text) => parseExactJson<ExactDashboard>(text)),
    );
  }

  runBilling(): Observable<BillingRunResultView> {
    return this.api.post<BillingRunResultView>('/billing-runs', {} satisfies BillingRunDto);
  }
}

/** A text request's error keeps its body as text: parse it, so the API's error message shows as usual. */
function withJsonBody(err: unknown): unknown {
  if (!(err instanceof HttpErrorResponse) || typeof err.error !== 'string') return err;
  try {
    const error: unknown = JSON.parse(err.error);
    return new HttpErrorResponse({
      error,
      headers: err.headers,
      status: err.status,
      statusText: err.statusText,
      url: err.url ?? undefined,
    });
  } catch {
    return err;
  }
}
