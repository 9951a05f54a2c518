import { Injectable, inject } from '@angular/core';
import type { CreateTaxRateDto, TaxRateView, UpdateTaxRateDto } from '@app/contracts';
import { Observable } from 'rxjs';
import { ApiClient } from './api-client';

/**
 * `/tax-rates`: the organization's tax rates (VAT, GST, PST, a state's sales tax…), named by plans (their default
 * rates) and customers (an override). Reading needs plans:read, writing plans:write. `DELETE` archives: the rate is
 * kept for the record but can no longer be given to a plan or customer (409 TAX_RATE_IN_USE while one names it).
 */
@Injectable({ providedIn: 'root' })
export class TaxRatesApi {
  private readonly api = inject(ApiClient);

  /** By name; archived ones too with `includeArchived` (to name a rate a plan or an old record still shows). */
  list(includeArchived = false): Observable<TaxRateView[]> {
    return this.api.all<TaxRateView>('/tax-rates', includeArchived ? { includeArchived: true } : {});
  }
  get(id: string): Observable<TaxRateView> {
    return this.api.get<TaxRateView>(`/tax-rates/${id}`);
  }
  create(input: CreateTaxRateDto): Observable<TaxRateView> {
    return this.api.post<TaxRateView>('/tax-rates', input);
  }
  update(id: string, input: UpdateTaxRateDto): Observable<TaxRateView> {
    return this.api.patch<TaxRateView>(`/tax-rates/${id}`, input);
  }
  archive(id: string): Observable<TaxRateView> {
    return this.api.delete<TaxRateView>(`/tax-rates/${id}`);
  }
}
