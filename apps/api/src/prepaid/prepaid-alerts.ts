import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Clock, CLOCK } from '../common/clock';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { WebhookEvents } from '../webhooks/webhook-events';
import { BlockRow, PrepaidRepository } from './prepaid.repository';
import { toBlockView } from './prepaid.view';

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

  async check(m: EntityManager, organizationId: string, blockIds: readonly string[]): Promise<void> {
    if (blockIds.length === 0) return;
    const blocks = (await this.repo.blocksForAlerts(m, organizationId, blockIds)).filter((b) => b.cancelledAt === null);
    const emptyIds = blocks.filter((b) => b.remaining === 0 && b.emptyAlertedAt === null).map((b) => b.id);
    const lowIds = blocks.filter((b) => isLow(b) && b.lowAlertedAt === null).map((b) => b.id);
    const empty = await this.repo.markAlerted(m, organizationId, emptyIds, 'empty');
    await this.repo.markAlerted(m, organizationId, empty, 'low');
    const low = await this.repo.markAlerted(m, organizationId, lowIds, 'low');
    const alerts = [
      ...low.map((blockId) => ({ blockId, alert: 'low' as const })),
      ...empty.map((blockId) => ({ blockId, alert: 'empty' as const })),
    ];
    if (alerts.length === 0) return;
    await this.repo.queueAlertEmails(m, organizationId, alerts, this.config.mailMaxAttempts);
    const subscribed = await this.events.subscribedTypes(m, organizationId);
    const now = this.clock();
    const byId = new Map(blocks.map((b) => [b.id, b]));
    const events = alerts
      .map(({ blockId, alert }) => ({
        type: alert === 'low' ? ('prepaid.block_low' as const) : ('prepaid.block_empty' as const),
        block: byId.get(blockId)!,
      }))
      .filter((e) => subscribed.has(e.type))
      .map((e) => ({ type: e.type, data: { ...toBlockView(e.block, now), departmentId: e.block.departmentId } }));
    await this.events.emitMany(m, organizationId, events);
  }
}
