import { Injectable, inject } from '@angular/core';
import { Observable, map } from 'rxjs';
import { ApiClient } from './api-client';
import { BillingRun, BillingRunResult, OpenBillingFailure, Page } from './models';

/** Billing runs: their history (newest first, cursor-paged), the open failures, and a run now. */
@Injectable({ providedIn: 'root' })
export class BillingRunsApi {
  private readonly api = inject(ApiClient);

  history(cursor?: string | null, limit = 20): Observable<Page<BillingRun>> {
    return this.api.page<BillingRun>('/billing-runs', { cursor, limit });
  }
  /** Associations whose last attempt failed; every run retries them until they bill. */
  openFailures(): Observable<OpenBillingFailure[]> {
    return this.api.get<{ items: OpenBillingFailure[] }>('/billing-runs/failures').pipe(map((r) => r.items ?? []));
  }
  run(): Observable<BillingRunResult> {
    return this.api.post<BillingRunResult>('/billing-runs', {});
  }
}
