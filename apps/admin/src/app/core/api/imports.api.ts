import { HttpClient, HttpEventType, HttpHeaders } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  CreateImportProfileDto,
  CustomerKeyView,
  ImportPresetView,
  ImportProfileView,
  ImportRunView,
  MapCustomerKeyDto,
  MappedKeyView,
  UpdateImportProfileDto,
} from '@app/contracts';
import { Observable, filter, map } from 'rxjs';
import { ApiClient } from './api-client';

/** What a report upload reports: bytes sent so far, then the run the API answered. */
export type UploadEvent = { kind: 'progress'; loaded: number; total: number } | { kind: 'done'; run: ImportRunView };

/** The Content-Types the import routes read (anything else is a 415). */
export type ReportContentType = 'text/csv' | 'application/json';

/**
 * Session imports (issue #19, apps/api/src/imports/README.md): import profiles made from a preset or with their own
 * settings, previews and imports of a tool's report, the customer keys of a profile and its runs. Reading needs
 * `usage:read`, every change and every upload (a preview too) `usage:write`.
 */
@Injectable({ providedIn: 'root' })
export class ImportsApi {
  private readonly api = inject(ApiClient);
  private readonly http = inject(HttpClient);

  presets(): Observable<ImportPresetView[]> {
    return this.api.get<ImportPresetView[]>('/import-presets');
  }
  /** By name (one call: the API answers the whole list). */
  list(): Observable<ImportProfileView[]> {
    return this.api.get<ImportProfileView[]>('/import-profiles');
  }
  get(id: string): Observable<ImportProfileView> {
    return this.api.get<ImportProfileView>(`/import-profiles/${id}`);
  }
  create(input: CreateImportProfileDto): Observable<ImportProfileView> {
    return this.api.post<ImportProfileView>('/import-profiles', input);
  }
  update(id: string, input: UpdateImportProfileDto): Observable<ImportProfileView> {
    return this.api.patch<ImportProfileView>(`/import-profiles/${id}`, input);
  }
  /** Its customer keys, held rows and runs go with it; the sessions it imported stay. */
  remove(id: string): Observable<void> {
    return this.api.delete(`/import-profiles/${id}`);
  }

  /**
   * A preview (`dryRun`: nothing stored but the run) or an import of `file`, sent as the raw request body (not
   * multipart) through XMLHttpRequest, whose upload progress events arrive as `progress`. Unsubscribing aborts it.
   */
  upload(id: string, file: Blob, contentType: ReportContentType | string, dryRun: boolean): Observable<UploadEvent> {
    const path = `/import-profiles/${id}/${dryRun ? 'preview' : 'imports'}`;
    return this.http
      .request<ImportRunView>('POST', this.api.url(path), {
        body: file,
        headers: new HttpHeaders({ 'Content-Type': contentType }),
        reportProgress: true,
        observe: 'events',
      })
      .pipe(
        map((event): UploadEvent | null => {
          if (event.type === HttpEventType.UploadProgress) {
            return { kind: 'progress', loaded: event.loaded, total: event.total ?? file.size };
          }
          if (event.type === HttpEventType.Response) return { kind: 'done', run: event.body! };
          return null;
        }),
        filter((event): event is UploadEvent => event !== null),
      );
  }

  /** The last 100 previews and imports, newest first. */
  runs(id: string): Observable<ImportRunView[]> {
    return this.api.get<ImportRunView[]>(`/import-profiles/${id}/runs`);
  }
  /** Mapped keys and keys with held rows, by key. */
  customerKeys(id: string): Observable<CustomerKeyView[]> {
    return this.api.get<CustomerKeyView[]>(`/import-profiles/${id}/customer-keys`);
  }
  /** Maps a key to a department; its held rows are imported at once (exactly once). */
  mapKey(id: string, input: MapCustomerKeyDto): Observable<MappedKeyView> {
    return this.http.put<MappedKeyView>(this.api.url(`/import-profiles/${id}/customer-keys`), input);
  }
}
