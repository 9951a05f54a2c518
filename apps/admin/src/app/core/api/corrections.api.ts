import { Injectable, inject } from '@angular/core';
import type { CorrectionView, EmailInvoiceDto, EmailQueuedView } from '@app/contracts';
import { Observable } from 'rxjs';
import { ApiClient } from './api-client';

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
  /** Queues the document with its PDF to the bill's recipients (or `to`); it is listed with the bill's e-mails. */
  email(id: string, input: EmailInvoiceDto): Observable<EmailQueuedView> {
    return this.api.post<EmailQueuedView>(`/corrections/${id}/email`, input);
  }
}
