import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { WebhookEventType } from '../webhooks/webhook-event-types';
import { WebhookEvents } from '../webhooks/webhook-events';
import type { BillStatus } from '@app/billing';
import { BillsRepository } from './bills.repository';
import { billSummary } from './bill-summary';
import type { BillDetailView } from './bills.view';

/**
 * The webhook events of bills (docs/WEBHOOKS.md), written in the transaction of the change: `bill.drafted`,
 * `bill.issued`, `bill.paid`, `bill.voided` carry the bill as `GET /bills` lists it (BillSummaryView);
 * `payment.recorded` and `payment.reversed` the bill after the change as `GET /bills/:id` answers it (BillDetailView,
 * whose `payments` hold the payment). Nothing is read or built for an organization without a subscribed endpoint.
 */
@Injectable()
export class BillEvents {
  constructor(
    private readonly events: WebhookEvents,
    private readonly bills: BillsRepository,
  ) {}

  /** One event per bill of `ids` (e.g. a billing run's batch), its type chosen by `typeOf` from the bill's status. */
  async many(
    m: EntityManager,
    organizationId: string,
    ids: string[],
    typeOf: (status: BillStatus) => WebhookEventType | null,
  ): Promise<void> {
    if (ids.length === 0) return;
    const subscribed = await this.events.subscribedTypes(m, organizationId);
    if (subscribed.size === 0) return;
    const rows = await this.bills.summariesByIds(organizationId, ids, new Date(), m);
    const events = rows.flatMap((b) => {
      const type = typeOf(b.status);
      return type && subscribed.has(type) ? [{ type, data: billSummary(b) }] : [];
    });
    await this.events.emitMany(m, organizationId, events);
  }

  /** A `bill.*` event about one bill. */
  one(m: EntityManager, organizationId: string, type: WebhookEventType, billId: string): Promise<void> {
    return this.many(m, organizationId, [billId], () => type);
  }

  /** A `payment.*` event: the bill after the change. */
  async payment(
    m: EntityManager,
    organizationId: string,
    type: 'payment.recorded' | 'payment.reversed',
    bill: BillDetailView,
  ): Promise<void> {
    if ((await this.events.subscribedTypes(m, organizationId)).has(type)) await this.events.emit(m, organizationId, type, bill);
  }
}
