import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Clock, CLOCK } from '../common/clock';
import { uuidv7 } from '../common/uuid7';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { isWebhookEventType, WebhookEventType, WebhookPayloadType } from './webhook-event-types';
import { NewEvent, WebhooksRepository } from './webhooks.repository';

/** An event's body may be at most this long (the Standard Webhooks spec recommends well under 20 KB). */
export const MAX_EVENT_BODY_BYTES = 256 * 1024;

/**
 * The body every attempt of an event sends and signs, exactly: `{"type":…,"timestamp":…,"data":{…}}` (Standard
 * Webhooks' payload structure). `data` must be a JSON object (a view: integers in minor units, ISO instants).
 */
export function eventBody(type: WebhookPayloadType, timestamp: Date, data: object): string {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) throw new TypeError('webhook event data must be a JSON object');
  const body = JSON.stringify({ type, timestamp: timestamp.toISOString(), data });
  if (Buffer.byteLength(body, 'utf8') > MAX_EVENT_BODY_BYTES) {
    throw new RangeError(`a webhook event body is at most ${MAX_EVENT_BODY_BYTES} bytes (${type} has ${Buffer.byteLength(body, 'utf8')})`);
  }
  return body;
}

/**
 * Emits webhook events: what other modules call when something happened (a bill issued, a payment recorded).
 *
 * `emit` writes the event (id, type, timestamp, the exact JSON body) and one pending delivery for every enabled
 * endpoint of the organization subscribed to its type, with `manager`: in the caller's transaction, so the event
 * exists exactly when the change it describes commits (a transactional outbox; a rolled-back change sends
 * nothing). The delivery worker sends it after the commit, at least once. One statement per call.
 *
 * ```ts
 * await this.dataSource.transaction(async (m) => {
 *   // … record the payment …
 *   await this.webhookEvents.emit(m, organizationId, 'payment.recorded', { billId, payment: paymentView });
 * });
 * ```
 */
@Injectable()
export class WebhookEvents {
  constructor(
    private readonly repository: WebhooksRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The event types some enabled endpoint of the organization subscribes to (skip building payloads nobody gets). */
  subscribedTypes(manager: EntityManager, organizationId: string): Promise<Set<WebhookEventType>> {
    return this.repository.subscribedTypes(manager, organizationId);
  }

  async emit(manager: EntityManager, organizationId: string, type: WebhookEventType, data: object): Promise<void> {
    await this.emitMany(manager, organizationId, [{ type, data }]);
  }

  /**
   * Several events of one organization in one statement (e.g. every bill of a billing run's batch). Answers the
   * event ids in order (each is the `webhook-id` its deliveries carry).
   */
  async emitMany(
    manager: EntityManager,
    organizationId: string,
    events: readonly { type: WebhookEventType; data: object }[],
  ): Promise<string[]> {
    if (events.length === 0) return [];
    const now = this.clock();
    const rows: NewEvent[] = events.map((e) => {
      if (!isWebhookEventType(e.type)) throw new TypeError(`unknown webhook event type ${JSON.stringify(e.type)}`);
      return { id: uuidv7(now.getTime()), type: e.type, body: eventBody(e.type, now, e.data) };
    });
    await this.repository.insertEvents(manager, organizationId, now, rows, this.config.webhookMaxAttempts);
    return rows.map((r) => r.id);
  }
}
