import type { LedgerEffect } from '@app/billing';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { NewLedgerEntry, PrepaidRepository } from './prepaid.repository';
import { BlockAfterDraw, PrepaidAlerts } from './prepaid-alerts';

/**
 * Writes the prepaid ledger (issue #17): a bill's draws in the bill's own transaction, and their reversal when the
 * bill goes away (a discarded or refreshed draft, a voided invoice). Callers hold the association's row lock (the
 * billing run's claim, a draft's refresh, a block's purchase), so one association's entries are written one writer at
 * a time and a balance read in the transaction is still true when the entries land.
 */
@Injectable()
export class PrepaidLedger {
  constructor(
    private readonly repo: PrepaidRepository,
    private readonly alerts: PrepaidAlerts,
  ) {}

  /**
   * The effects of some bills, each bill's entries pointing at it; then the alerts of the blocks they drew down, read
   * from `blocks` (the blocks as they are after these draws: `blocksAfterDraws` of the balances the draws came from).
   */
  async record(
    m: EntityManager,
    organizationId: string,
    bills: readonly { associationId: string; billId: string; effects: readonly LedgerEffect[] }[],
    blocks: (id: string) => BlockAfterDraw | undefined,
  ): Promise<void> {
    const entries: NewLedgerEntry[] = bills.flatMap((b) =>
      b.effects.map((e) => ({ ...e, organizationId, associationId: b.associationId, billId: b.billId })),
    );
    if (entries.length === 0) return;
    await this.repo.insertEntries(m, entries);
    const drawn = new Set(entries.filter((e) => e.source === 'block' && e.kind === 'draw').map((e) => e.sourceId));
    await this.alerts.check(
      m,
      organizationId,
      [...drawn].flatMap((id) => blocks(id) ?? []),
    );
  }

  /**
   * A bill goes away (its draft discarded, `dropBill`; or the issued invoice voided): what it drew returns, and a block's
   * invoice cancels its block (what is left of it is taken back). Locks the association first. Answers the entries
   * reversed.
   */
  async billGone(
    m: EntityManager,
    bill: { organizationId: string; id: string; associationId: string; kind: string },
    dropBill: boolean,
  ): Promise<number> {
    await this.repo.lockAssociation(m, bill.organizationId, bill.associationId);
    if (bill.kind === 'block') {
      const block = await this.repo.blockOfBill(m, bill.organizationId, bill.id);
      if (block) await this.repo.cancelBlock(m, bill.organizationId, block.id, dropBill);
    }
    return this.reverseBill(m, bill.organizationId, bill.id);
  }

  /**
   * Gives back what a bill did to the balances: every entry of it still in force gets its reversal. What it drew (or
   * expired) returns; what it added to a rollover bucket is taken back only as far as the bucket still holds it (a later
   * bill may have drawn it meanwhile, and a balance never goes below 0). A period's retainer bucket nets to 0 either way.
   * Answers the number of entries reversed.
   */
  async reverseBill(m: EntityManager, organizationId: string, billId: string): Promise<number> {
    const open = await this.repo.openEntriesOfBill(m, organizationId, billId);
    if (open.length === 0) return 0;
    const bucket = new Map<string, number>();
    const key = (e: { associationId: string; source: string; sourceId: string }) => `${e.associationId}/${e.source}/${e.sourceId}`;
    for (const e of open) bucket.set(key(e), e.bucketRemaining);
    const reversals: NewLedgerEntry[] = [];
    const reverse = (e: (typeof open)[number], quantity: number) => {
      if (quantity === 0) return;
      bucket.set(key(e), bucket.get(key(e))! + quantity);
      reversals.push({
        organizationId,
        associationId: e.associationId,
        kind: 'reversal',
        source: e.source,
        sourceId: e.sourceId,
        quantity,
        billId,
        periodIndex: e.periodIndex,
        reverses: e.id,
      });
    };
    // What was taken comes back first, then what was added is taken back (a retainer's grant whole: its bucket held
    // nothing else; a rollover or a block as far as it is still there), so no bucket goes below 0 at any entry.
    for (const e of open) if (e.quantity < 0) reverse(e, -e.quantity);
    for (const e of open) if (e.quantity > 0 && e.source === 'retainer') reverse(e, -e.quantity);
    for (const e of open)
      if (e.quantity > 0 && e.source !== 'retainer') reverse(e, -Math.min(e.quantity, Math.max(0, bucket.get(key(e))!)));
    await this.repo.insertEntries(m, reversals);
    return reversals.length;
  }
}
