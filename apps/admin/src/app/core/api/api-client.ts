import { HttpClient, HttpErrorResponse, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { EMPTY, Observable, catchError, expand, from, map, reduce, switchMap, throwError } from 'rxjs';
import type { Page } from '@app/contracts';

/** Relative base: the API serves the console on the same origin (and `ng serve` proxies /api). */
export const API_BASE = '/api/v1';

/** A downloaded file and its name. */
export interface DownloadedFile {
  blob: Blob;
  fileName: string;
}

export type QueryValue = string | number | boolean | null | undefined;
export type Query = Record<string, QueryValue>;

/** Drops empty values so filters left blank are not sent. */
export function toParams(query: Query = {}): HttpParams {
  let params = new HttpParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params = params.set(key, String(value));
  }
  return params;
}

/** Thin typed wrapper over HttpClient for `/api/v1`; feature APIs build on it. */
@Injectable({ providedIn: 'root' })
export class ApiClient {
  private readonly http = inject(HttpClient);

  url(path: string): string {
    return `${API_BASE}${path}`;
  }

  get<T>(path: string, query?: Query): Observable<T> {
    return this.http.get<T>(this.url(path), { params: toParams(query) });
  }

  post<T>(path: string, body: unknown = {}): Observable<T> {
    return this.http.post<T>(this.url(path), body);
  }

  patch<T>(path: string, body: unknown): Observable<T> {
    return this.http.patch<T>(this.url(path), body);
  }

  /** `body`: for the DELETEs that take one (`DELETE /associations/:id {endedAt}`). */
  delete<T = void>(path: string, body?: unknown): Observable<T> {
    return this.http.delete<T>(this.url(path), body === undefined ? {} : { body });
  }

  /**
   * Binary download (PDF, CSV) with the same auth header as every other call. An error's JSON body arrives as a
   * Blob too: it is read back into the error, so `errorMessage` and `fieldErrors` see the API's code and message.
   */
  blob(path: string, query?: Query): Observable<Blob> {
    return this.http.get(this.url(path), { params: toParams(query), responseType: 'blob' }).pipe(catchError(readBlobError));
  }

  /**
   * A download with the file name the API gives it (`Content-Disposition: attachment; filename="…"`), else `fallback`;
   * errors as `blob`'s.
   */
  file(path: string, query: Query | undefined, fallback: string): Observable<DownloadedFile> {
    return this.http.get(this.url(path), { params: toParams(query), responseType: 'blob', observe: 'response' }).pipe(
      map((response) => ({
        blob: response.body ?? new Blob([]),
        fileName: fileNameOf(response.headers.get('Content-Disposition')) ?? fallback,
      })),
      catchError(readBlobError),
    );
  }

  page<T>(path: string, query?: Query): Observable<Page<T>> {
    return this.get<Page<T>>(path, query);
  }

  /** Follows `nextCursor` until the end (for short lists: departments, plans, users...). */
  all<T>(path: string, query: Query = {}, maxPages = 20): Observable<T[]> {
    let pages = 0;
    return this.page<T>(path, { ...query, limit: 500 }).pipe(
      expand((p) => (p.nextCursor && ++pages < maxPages ? this.page<T>(path, { ...query, limit: 500, cursor: p.nextCursor }) : EMPTY)),
      map((p) => p.items),
      reduce((acc, items) => acc.concat(items), [] as T[]),
    );
  }
}

/** The `filename` of a Content-Disposition header (quoted or not; `filename*=UTF-8''…` first); null without one. */
export function fileNameOf(header: string | null): string | null {
  if (!header) return null;
  const extended = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header);
  if (extended) {
    try {
      return decodeURIComponent(extended[1].trim());
    } catch {
      // malformed: the plain filename below, if any
    }
  }
  const plain = /filename\s*=\s*(?:"([^"]*)"|([^;]+))/.exec(header);
  const name = (plain?.[1] ?? plain?.[2] ?? '').trim();
  return name || null;
}

/** Rethrows `err` with its Blob body parsed, when that body is JSON (else unchanged). */
function readBlobError(err: unknown): Observable<never> {
  if (!(err instanceof HttpErrorResponse) || !(err.error instanceof Blob) || !/json/i.test(err.error.type)) return throwError(() => err);
  return from(err.error.text()).pipe(
    catchError(() => throwError(() => err)),
    switchMap((text) => {
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        return throwError(() => err);
      }
      const parsed = new HttpErrorResponse({
        error: body,
        headers: err.headers,
        status: err.status,
        statusText: err.statusText,
        url: err.url ?? undefined,
      });
      return throwError(() => parsed);
    }),
  );
}
