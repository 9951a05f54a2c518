import { Injectable, inject } from '@angular/core';
import type { CorrectionView, EmailInvoiceDto, EmailQueuedView } from '@app/contracts';
import { Observable } from 'rxjs';
import type { EInvoiceFormat } from '../einvoices';
import { ApiClient, DownloadedFile } from './api-client';

/**
 * Credit notes and supplementary invoices: issued by Add Charges on an issued bill or by voiding it (the bill's
 * answer lists them in `corrections`), never changed after. Their PDF is the archived document.
 */
@Injectable({ providedIn: 'root' })
export class CorrectionsApi {
  private readonly api = inject(ApiClient);

  get(id: string): Observable<CorrectionView> {
    return this.api.get<CorrectionView>(`/corrections/${id}`);
  }
  pdf(id: string): Observable<Blob> {
    return this.api.blob(`/corrections/${id}/pdf`);
  }
  /** The document as an e-invoice, in `format` or the customer's (as `BillsApi.einvoice`). */
  einvoice(id: string, format: EInvoiceFormat | null, fallbackName: string): Observable<DownloadedFile> {
    return this.api.file(`/corrections/${id}/einvoice`, { format }, fallbackName);
  }
  /** Queues the document with its PDF to the bill's recipients (or `to`); it is listed with the bill's e-mails. */
  email(id: string, input: EmailInvoiceDto): Observable<EmailQueuedView> {
    return this.api.post<EmailQueuedView>(`/corrections/${id}/email`, input);
  }
}
