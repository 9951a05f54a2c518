import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';
import { ApiClient } from './api-client';

/** `GET /organization`: the caller's organization and the server's defaults for what it leaves unset. */
export interface Organization {
  id: string;
  name: string;
  timeZone: string;
  /** From name of invoice e-mails; null: `defaults.senderName` */
  senderName: string | null;
  /** Reply-To of invoice e-mails; null: `defaults.replyToEmail` (or none) */
  replyToEmail: string | null;
  defaults: { senderName: string; senderAddress: string; replyToEmail: string | null };
}

/** `PATCH /organization` (admins): null clears a mail setting back to the server's default. */
export type OrganizationInput = Partial<Pick<Organization, 'name' | 'senderName' | 'replyToEmail'>>;

@Injectable({ providedIn: 'root' })
export class OrganizationApi {
  private readonly api = inject(ApiClient);

  get(): Observable<Organization> {
    return this.api.get<Organization>('/organization');
  }
  update(input: OrganizationInput): Observable<Organization> {
    return this.api.patch<Organization>('/organization', input);
  }
}
