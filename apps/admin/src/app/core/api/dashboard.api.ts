import { HttpClient, HttpErrorResponse } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable, catchError, map, throwError } from 'rxjs';
import { parseExactJson } from '../exact-json';
import { ApiClient } from './api-client';
import { BillingRunResult, Dashboard } from './models';

@Injectable({ providedIn: 'root' })
export class DashboardApi {
  private readonly api = inject(ApiClient);
  private readonly http = inject(HttpClient);

  /**
   * `GET /dashboard`, read as text and parsed with every digit: sums past 2^53 arrive as bigint.
   */
  get(): Observable<Dashboard> {
    return this.http.get(this.api.url('/dashboard'), { responseType: 'text' }).pipe(
      catchError((err: unknown) => throwError(() => withJsonBody(err))),
      map((text) => parseExactJson<Dashboard>(text)),
    );
  }

  runBilling(): Observable<BillingRunResult> {
    return this.api.post<BillingRunResult>('/billing-runs', {});
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
