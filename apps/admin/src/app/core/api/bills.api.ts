import { Injectable, inject } from '@angular/core';
import type {
  AdjustmentDto,
  AuditEventView,
  BillDetailView,
  BillListItemView,
  DiscardDto,
  DiscardedView,
  EmailDeliveryView,
  EmailInvoiceDto,
  EInvoiceProblemsView,
  EmailQueuedView,
  Page,
  PaymentDto,
  ReverseDto,
  VoidDto,
  operations,
} from '@app/contracts';
import { Observable, catchError, forkJoin, map, of } from 'rxjs';
import type { EInvoiceFormat } from '../einvoices';
import { nextDay } from '../format';
import { ApiClient, DownloadedFile, Query } from './api-client';

/** The filters of `GET /bills` (and of its CSV export), as the contract names them; paging is `list`'s own. */
export type BillFilters = Omit<NonNullable<operations['bills_list']['parameters']['query']>, 'cursor' | 'limit'>;

/**
 * The console's `to` is the last day wanted (inclusive); the API's `to` is exclusive ("period starts
 * before"), so the day after is sent. Days are sent as `YYYY-MM-DD`.
 */
function billQuery(filters: BillFilters): Query {
  return { ...filters, to: filters.to ? nextDay(filters.to) : undefined };
}

@Injectable({ providedIn: 'root' })
export class BillsApi {
  private readonly api = inject(ApiClient);

  list(filters: BillFilters, cursor?: string | null, limit = 50): Observable<Page<BillListItemView>> {
    return this.api.page<BillListItemView>('/bills', { ...billQuery(filters), cursor, limit });
  }
  exportCsv(filters: BillFilters): Observable<Blob> {
    return this.api.blob('/bills/export.csv', billQuery(filters));
  }
  get(id: string): Observable<BillDetailView> {
    return this.api.get<BillDetailView>(`/bills/${id}`);
  }
  pdf(id: string): Observable<Blob> {
    return this.api.blob(`/bills/${id}/pdf`);
  }
  /**
   * The issued bill as an e-invoice: in `format`, or the customer's (409 EINVOICE_FORMAT_NOT_SET when it has none;
   * 409 with `problems` when the bill can not be expressed in it). Named by the API (`INV-000001-peppol.xml`).
   */
  einvoice(id: string, format: EInvoiceFormat | null, fallbackName: string): Observable<DownloadedFile> {
    return this.api.file(`/bills/${id}/einvoice`, { format }, fallbackName);
  }
  /** What keeps the bill (a draft too) from becoming an e-invoice in `format` or the customer's; `format` null: it has none. */
  einvoiceProblems(id: string, format: EInvoiceFormat | null = null): Observable<EInvoiceProblemsView> {
    return this.api.get<EInvoiceProblemsView>(`/bills/${id}/einvoice/problems`, { format });
  }
  pay(id: string, input: PaymentDto): Observable<BillDetailView> {
    return this.api.post<BillDetailView>(`/bills/${id}/payments`, input);
  }
  reversePayment(id: string, paymentId: string, reason: string): Observable<BillDetailView> {
    return this.api.post<BillDetailView>(`/bills/${id}/payments/${paymentId}/reverse`, { reason } satisfies ReverseDto);
  }
  adjust(id: string, input: AdjustmentDto): Observable<BillDetailView> {
    return this.api.post<BillDetailView>(`/bills/${id}/adjustments`, input);
  }
  void(id: string, reason: string): Observable<BillDetailView> {
    return this.api.post<BillDetailView>(`/bills/${id}/void`, { reason } satisfies VoidDto);
  }
  /** Issues a draft now (numbered, dated today); 409 BILL_NOT_DRAFT once it is issued. */
  approve(id: string): Observable<BillDetailView> {
    return this.api.post<BillDetailView>(`/bills/${id}/approve`);
  }
  /** Makes a draft again from current usage and data (late sessions join it); its adjustments stay. */
  refresh(id: string): Observable<BillDetailView> {
    return this.api.post<BillDetailView>(`/bills/${id}/refresh`);
  }
  /** Deletes a draft; its sessions go to the association's next bill. */
  discard(id: string, reason: string): Observable<DiscardedView> {
    return this.api.post<DiscardedView>(`/bills/${id}/discard`, { reason } satisfies DiscardDto);
  }
  email(id: string, input: EmailInvoiceDto): Observable<EmailQueuedView> {
    return this.api.post<EmailQueuedView>(`/bills/${id}/email`, input);
  }
  emails(id: string): Observable<EmailDeliveryView[]> {
    return this.api.all<EmailDeliveryView>(`/bills/${id}/emails`);
  }
  /** Audit events of the bill, and of its payments and adjustments when their ids are given; newest first. */
  audit(id: string, relatedIds: string[] = []): Observable<AuditEventView[]> {
    const requests = [
      this.api.all<AuditEventView>('/audit-events', { entityType: 'bill', entityId: id }, 5),
      ...relatedIds.map((entityId) => this.api.all<AuditEventView>('/audit-events', { entityId }, 2).pipe(catchError(() => of([])))),
    ];
    return forkJoin(requests).pipe(
      map((lists) => {
        const byId = new Map<string, AuditEventView>();
        for (const e of lists.flat()) byId.set(e.id, e);
        return [...byId.values()].sort((a, b) => b.occurredAt.localeCompare(a.occurredAt));
      }),
    );
  }
}
