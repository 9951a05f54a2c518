import { HttpClient, HttpHeaders } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';
import { ApiClient } from './api-client';
import { Device, DeviceInput, ImportResult, Page, RemoteSession } from './models';

export interface SessionFilters {
  departmentId?: string;
  from?: string;
  to?: string;
  /** `uncovered`: sessions no association covers (never billed). */
  coverage?: 'covered' | 'uncovered';
}

@Injectable({ providedIn: 'root' })
export class UsageApi {
  private readonly api = inject(ApiClient);
  private readonly http = inject(HttpClient);

  sessions(filters: SessionFilters, cursor?: string | null, limit = 50): Observable<Page<RemoteSession>> {
    return this.api.page<RemoteSession>('/sessions', { ...filters, cursor, limit });
  }
  /** The file goes as the raw body with `Content-Type: text/csv`. */
  importSessions(file: Blob): Observable<ImportResult> {
    return this.http.post<ImportResult>(this.api.url('/sessions/import'), file, {
      headers: new HttpHeaders({ 'Content-Type': 'text/csv' }),
    });
  }
  devices(): Observable<Device[]> {
    return this.api.all<Device>('/devices');
  }
  createDevice(input: DeviceInput): Observable<Device> {
    return this.api.post<Device>('/devices', input);
  }
  /** Removes at `removedAt`, or corrects the time of the latest removal. */
  removeDevice(id: string, removedAt: string): Observable<Device> {
    return this.api.patch<Device>(`/devices/${id}`, { removedAt });
  }
  /**
   * Enrols a removed device again at `enrolledAt` (a new interval, never before the latest removal). Without
   * a date, before a removal that has not happened yet, that removal is cancelled instead.
   */
  reenrolDevice(id: string, enrolledAt?: string): Observable<Device> {
    return this.api.patch<Device>(`/devices/${id}`, enrolledAt ? { removedAt: null, enrolledAt } : { removedAt: null });
  }
}
