import { Injectable, inject } from '@angular/core';
import type { OrganizationView, UpdateOrganizationDto } from '@app/contracts';
import { Observable } from 'rxjs';
import { ApiClient } from './api-client';

/**
 * `GET /organization`: the caller's organization and the server's defaults for what it leaves unset;
 * `PATCH /organization` (admins): null clears a mail setting back to the server's default.
 */
@Injectable({ providedIn: 'root' })
export class OrganizationApi {
  private readonly api = inject(ApiClient);

  get(): Observable<OrganizationView> {
    return this.api.get<OrganizationView>('/organization');
  }
  update(input: UpdateOrganizationDto): Observable<OrganizationView> {
    return this.api.patch<OrganizationView>('/organization', input);
  }
}
