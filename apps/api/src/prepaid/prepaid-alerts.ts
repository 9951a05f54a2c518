import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Clock, CLOCK } from '../common/clock';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { WebhookEvents } from '../webhooks/webhook-events';
import { AssociationPrepaid, BlockRow, PrepaidRepository } from './prepaid.repository';
import { toBlockView } from './prepaid.view';

/** A block after a bill's draws: what is left, and what its alerts need to know of it. */
export type BlockAfterDraw = Pick<BlockRow, 'id' | 'units' | 'lowBalancePercent' | 'lowAlertedAt' | 'emptyAlertedAt' | 'cancelledAt'> & {
  remaining: number;
};

/** The blocks of a batch's balances as they are now (after its draws), by id. */
export function blocksAfterDraws(state: AssociationPrepaid): Map<string, BlockAfterDraw> {
  return new Map(state.blocks.map((b) => [b.id, { ...state.blockInfo.get(b.id)!, remaining: b.remaining }]));
}

/** Whether what is left of a block is below its alert threshold (and not 0: that is the other alert). */
export function isLow(b: Pick<BlockRow, 'remaining' | 'units' | 'lowBalancePercent'>): boolean {
  return b.remaining > 0 && b.lowBalancePercent > 0 && BigInt(b.remaining) * 100n < BigInt(b.units) * BigInt(b.lowBalancePercent);
}

/**
 * Prepaid alerts (issue #17): when a bill draws a block below its `lowBalancePercent`, and when it draws it to 0, the
 * customer's recipients get an e-mail (the outbox, kind `prepaid_alert`) and the organization's webhooks an event
 * (`prepaid.block_low`, `prepaid.block_empty`), once each per block: the marks on the block are set in the bill's
 * transaction, and only a mark that was not set yet sends. A block drawn straight to 0 sends the empty alert alone (its
 * low mark is set with it). A cancelled block alerts nothing.
 */
@Injectable()
export class PrepaidAlerts {
  constructor(
    private readonly repo: PrepaidRepository,
    private readonly events: WebhookEvents,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * `blocks`: the blocks a bill drew from, as they are after its draws (what is left from the batch's balances, the rest
   * as stored): no query unless an alert is due.
   */
  async check(m: EntityManager, organizationId: string, blocks: readonly BlockAfterDraw[]): Promise<void> {
    const live = blocks.filter((b) => b.cancelledAt === null);
    const emptyIds = live.filter((b) => b.remaining === 0 && b.emptyAlertedAt === null).map((b) => b.id);
    const lowIds = live.filter((b) => isLow(b) && b.lowAlertedAt === null).map((b) => b.id);
    if (emptyIds.length === 0 && lowIds.length === 0) return;
    const empty = await this.repo.markAlerted(m, organizationId, emptyIds, 'empty');
    const low = await this.repo.markAlerted(m, organizationId, lowIds, 'low');
    const alerts = [
      ...low.map((blockId) => ({ blockId, alert: 'low' as const })),
      ...empty.map((blockId) => ({ blockId, alert: 'empty' as const })),
    ];
    if (alerts.length === 0) return;
    await this.repo.queueAlertEmails(m, organizationId, alerts, this.config.mailMaxAttempts);
    const subscribed = await this.events.subscribedTypes(m, organizationId);
    const typeOf = (alert: 'low' | 'empty') => (alert === 'low' ? ('prepaid.block_low' as const) : ('prepaid.block_empty' as const));
    const wanted = alerts.filter((a) => subscribed.has(typeOf(a.alert)));
    if (wanted.length === 0) return;
    const now = this.clock();
    const byId = new Map(
      (
        await this.repo.blocksForAlerts(
          m,
          organizationId,
          wanted.map((a) => a.blockId),
        )
      ).map((b) => [b.id, b]),
    );
    await this.events.emitMany(
      m,
      organizationId,
      wanted.map((a) => {
        const b = byId.get(a.blockId)!;
        return { type: typeOf(a.alert), data: { ...toBlockView(b, now), departmentId: b.departmentId } };
      }),
    );
  }
}
