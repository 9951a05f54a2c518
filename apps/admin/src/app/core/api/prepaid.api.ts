import { Injectable, inject } from '@angular/core';
import type { BalancesView, BlockView, BuyBlockDto, LedgerEntryView, Page } from '@app/contracts';
import { Observable } from 'rxjs';
import { ApiClient } from './api-client';

/** Prepaid hours of one customer association (issue #17): its balances, its ledger, and buying a block. */
@Injectable({ providedIn: 'root' })
export class PrepaidApi {
  private readonly api = inject(ApiClient);

  balances(associationId: string): Observable<BalancesView> {
    return this.api.get<BalancesView>(`/associations/${associationId}/balances`);
  }
  /** One page of the ledger, newest first. */
  ledger(associationId: string, cursor?: string | null, limit = 20): Observable<Page<LedgerEntryView>> {
    return this.api.page<LedgerEntryView>(`/associations/${associationId}/ledger`, { cursor, limit });
  }
  /** Buys a block; its invoice (a bill of kind `block`) is made at once, a draft or issued. */
  buyBlock(associationId: string, input: BuyBlockDto): Observable<BlockView> {
    return this.api.post<BlockView>(`/associations/${associationId}/blocks`, input);
  }
}
