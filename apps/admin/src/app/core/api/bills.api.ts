import { Injectable, inject } from '@angular/core';
import { Observable, catchError, forkJoin, map, of } from 'rxjs';
import { nextDay } from '../format';
import { ApiClient, Query } from './api-client';
import { AdjustmentInput, AuditEvent, Bill, BillFilters, BillSummary, EmailDelivery, EmailInput, Page, PaymentInput } from './models';

/**
 * The console's `to` is the last day wanted (inclusive); the API's `to` is exclusive ("period starts
 * before"), so the day after is sent. Days are sent as `YYYY-MM-DD`.
 */
function billQuery(filters: BillFilters): Query {
  return { ...(filters as Query), to: filters.to ? nextDay(filters.to) : undefined };
}

@Injectable({ providedIn: 'root' })
export class BillsApi {
  private readonly api = inject(ApiClient);

  list(filters: BillFilters, cursor?: string | null, limit = 50): Observable<Page<BillSummary>> {
    return this.api.page<BillSummary>('/bills', { ...billQuery(filters), cursor, limit });
  }
  exportCsv(filters: BillFilters): Observable<Blob> {
    return this.api.blob('/bills/export.csv', billQuery(filters));
  }
  get(id: string): Observable<Bill> {
    return this.api.get<Bill>(`/bills/${id}`);
  }
  pdf(id: string): Observable<Blob> {
    return this.api.blob(`/bills/${id}/pdf`);
  }
  pay(id: string, input: PaymentInput): Observable<unknown> {
    return this.api.post(`/bills/${id}/payments`, input);
  }
  reversePayment(id: string, paymentId: string, reason: string): Observable<unknown> {
    return this.api.post(`/bills/${id}/payments/${paymentId}/reverse`, { reason });
  }
  adjust(id: string, input: AdjustmentInput): Observable<unknown> {
    return this.api.post(`/bills/${id}/adjustments`, input);
  }
  void(id: string, reason: string): Observable<unknown> {
    return this.api.post(`/bills/${id}/void`, { reason });
  }
  email(id: string, input: EmailInput): Observable<{ deliveryId: string; status: string }> {
    return this.api.post(`/bills/${id}/email`, input);
  }
  emails(id: string): Observable<EmailDelivery[]> {
    return this.api.all<EmailDelivery>(`/bills/${id}/emails`);
  }
  /** Audit events of the bill, and of its payments and adjustments when their ids are given; newest first. */
  audit(id: string, relatedIds: string[] = []): Observable<AuditEvent[]> {
    const requests = [
      this.api.all<AuditEvent>('/audit-events', { entityType: 'bill', entityId: id }, 5),
      ...relatedIds.map((entityId) => this.api.all<AuditEvent>('/audit-events', { entityId }, 2).pipe(catchError(() => of([])))),
    ];
    return forkJoin(requests).pipe(
      map((lists) => {
        const byId = new Map<string, AuditEvent>();
        for (const e of lists.flat()) byId.set(e.id, e);
        return [...byId.values()].sort((a, b) => (b.occurredAt ?? '').localeCompare(a.occurredAt ?? ''));
      }),
    );
  }
}
