import { HttpClient, HttpHeaders } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  DeviceCreatedView,
  DeviceDoc,
  DevicePatchDoc,
  DeviceView,
  ImportResultView,
  Page,
  SessionView,
  operations,
} from '@app/contracts';
import { Observable } from 'rxjs';
import { ApiClient } from './api-client';

/** The filters of `GET /sessions`; `coverage: 'uncovered'`: sessions no association covers (never billed). */
export type SessionFilters = Omit<NonNullable<operations['usage_listSessions']['parameters']['query']>, 'cursor' | 'limit'>;

@Injectable({ providedIn: 'root' })
export class UsageApi {
  private readonly api = inject(ApiClient);
  private readonly http = inject(HttpClient);

  sessions(filters: SessionFilters, cursor?: string | null, limit = 50): Observable<Page<SessionView>> {
    return this.api.page<SessionView>('/sessions', { ...filters, cursor, limit });
  }
  /** The file goes as the raw body with `Content-Type: text/csv`. */
  importSessions(file: Blob): Observable<ImportResultView> {
    return this.http.post<ImportResultView>(this.api.url('/sessions/import'), file, {
      headers: new HttpHeaders({ 'Content-Type': 'text/csv' }),
    });
  }
  devices(): Observable<DeviceView[]> {
    return this.api.all<DeviceView>('/devices');
  }
  createDevice(input: DeviceDoc): Observable<DeviceCreatedView> {
    return this.api.post<DeviceCreatedView>('/devices', input);
  }
  /** Removes at `removedAt`, or corrects the time of the latest removal. */
  removeDevice(id: string, removedAt: string): Observable<DeviceView> {
    return this.patchDevice(id, { removedAt });
  }
  /**
   * Enrols a removed device again at `enrolledAt` (a new interval, never before the latest removal). Without
   * a date, before a removal that has not happened yet, that removal is cancelled instead.
   */
  reenrolDevice(id: string, enrolledAt?: string): Observable<DeviceView> {
    return this.patchDevice(id, enrolledAt ? { removedAt: null, enrolledAt } : { removedAt: null });
  }
  private patchDevice(id: string, body: DevicePatchDoc): Observable<DeviceView> {
    return this.api.patch<DeviceView>(`/devices/${id}`, body);
  }
}
