import { Injectable, inject } from '@angular/core';
import type {
  BillingRunDto,
  BillingRunResultView,
  BillingRunView,
  OpenBillingFailureView,
  OpenBillingFailuresView,
  Page,
} from '@app/contracts';
import { Observable, map } from 'rxjs';
import { ApiClient } from './api-client';

/** Billing runs: their history (newest first, cursor-paged), the open failures, and a run now. */
@Injectable({ providedIn: 'root' })
export class BillingRunsApi {
  private readonly api = inject(ApiClient);

  history(cursor?: string | null, limit = 20): Observable<Page<BillingRunView>> {
    return this.api.page<BillingRunView>('/billing-runs', { cursor, limit });
  }
  /** Associations whose last attempt failed; every run retries them until they bill. */
  openFailures(): Observable<OpenBillingFailureView[]> {
    return this.api.get<OpenBillingFailuresView>('/billing-runs/failures').pipe(map((r) => r.items));
  }
  run(): Observable<BillingRunResultView> {
    return this.api.post<BillingRunResultView>('/billing-runs', {} satisfies BillingRunDto);
  }
}
