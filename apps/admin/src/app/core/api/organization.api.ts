import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { OrganizationLogoView, OrganizationView, UpdateOrganizationDto } from '@app/contracts';
import { Observable } from 'rxjs';
import type { InvoiceLanguage } from '../languages';
import { ApiClient } from './api-client';

/**
 * `GET /organization`: the caller's organization (seller profile, logo facts, mail settings) and the server's
 * defaults for what it leaves unset; `PATCH /organization` (admins): only the fields sent change, null clears one.
 * The logo: `PUT /organization/logo` with the image itself as the body, `GET` its bytes, `DELETE` it. The invoice
 * preview: a sample invoice rendered from the saved profile, in a language of choice.
 */
export type OrganizationChanges = UpdateOrganizationDto;

@Injectable({ providedIn: 'root' })
export class OrganizationApi {
  private readonly api = inject(ApiClient);
  private readonly http = inject(HttpClient);

  get(): Observable<OrganizationView> {
    return this.api.get<OrganizationView>('/organization');
  }
  update(input: OrganizationChanges): Observable<OrganizationView> {
    return this.api.patch<OrganizationView>('/organization', input);
  }
  /** The file's bytes as the body, typed as the browser knows the file (image/png, image/jpeg); the API checks the bytes. */
  uploadLogo(file: Blob): Observable<OrganizationLogoView> {
    return this.http.put<OrganizationLogoView>(this.api.url('/organization/logo'), file, {
      headers: { 'Content-Type': file.type || 'application/octet-stream' },
    });
  }
  logo(): Observable<Blob> {
    return this.api.blob('/organization/logo');
  }
  removeLogo(): Observable<void> {
    return this.api.delete('/organization/logo');
  }
  /** `GET /organization/invoice-preview?language=xx`: a sample invoice (PDF) with the saved seller profile. */
  invoicePreview(language: InvoiceLanguage): Observable<Blob> {
    return this.api.blob('/organization/invoice-preview', { language });
  }
}
