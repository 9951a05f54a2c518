import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../auth/principal';
import { Clock, CLOCK } from '../common/clock';
import { ConflictError, invalidField, NotFoundError } from '../common/domain-error';
import { decodeCursor, DEFAULT_LIMIT, Page, toPage } from '../common/pagination';
import { uuidv7 } from '../common/uuid7';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { secretAad, SecretBox } from './secret-box';
import { generateSecret } from './signing';
import { WebhookDeliveryService, WEBHOOK_SECRET_BOX } from './webhook-delivery.service';
import { WEBHOOK_TEST_EVENT } from './webhook-event-types';
import { eventBody } from './webhook-events';
import { checkWebhookUrl, normalizeWebhookUrl } from './webhook-url';
import {
  CreateWebhookEndpointDto,
  DEFAULT_PREVIOUS_SECRET_SECONDS,
  ListWebhookDeliveriesDto,
  ListWebhookEndpointsDto,
  RotateWebhookSecretDto,
  UpdateWebhookEndpointDto,
} from './webhooks.dto';
import { DeliveryRow, EndpointRow, WebhooksRepository } from './webhooks.repository';
import { WebhookDeliveryView, WebhookEndpointView, WebhookEndpointWithSecretView } from './webhooks.view';

/** At most this many endpoints per organization (each event is sent to every subscribed one). */
export const MAX_ENDPOINTS = 50;

export function toEndpointView(e: EndpointRow, now: Date): WebhookEndpointView {
  return {
    id: e.id,
    url: e.url,
    description: e.description,
    eventTypes: e.eventTypes,
    enabled: e.enabled,
    disabledReason: e.disabledReason,
    secretCreatedAt: e.secretCreatedAt.toISOString(),
    previousSecretExpiresAt: e.previousSecretExpiresAt && e.previousSecretExpiresAt > now ? e.previousSecretExpiresAt.toISOString() : null,
    createdAt: e.createdAt.toISOString(),
    updatedAt: e.updatedAt.toISOString(),
  };
}

export function toDeliveryView(d: DeliveryRow): WebhookDeliveryView {
  return {
    id: d.id,
    endpointId: d.endpointId,
    eventId: d.eventId,
    eventType: d.eventType,
    eventTimestamp: d.eventOccurredAt.toISOString(),
    trigger: d.trigger,
    redeliveryOf: d.redeliveryOf,
    status: d.status,
    attempts: d.attempts,
    maxAttempts: d.maxAttempts,
    lastAttemptAt: d.lastAttemptAt?.toISOString() ?? null,
    lastStatusCode: d.lastStatusCode,
    lastError: d.lastError,
    nextAttemptAt: d.status === 'pending' ? d.nextAttemptAt.toISOString() : null,
    deliveredAt: d.deliveredAt?.toISOString() ?? null,
    createdAt: d.createdAt.toISOString(),
  };
}

/**
 * Webhook endpoints (CRUD, secret rotation), the test ping, manual redelivery and the delivery log. Every change is
 * audited in its transaction; the audit trail never holds a secret. Check, lock, then change state.
 */
@Injectable()
export class WebhooksService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: WebhooksRepository,
    private readonly deliveries: WebhookDeliveryService,
    private readonly audit: AuditService,
    @Inject(WEBHOOK_SECRET_BOX) private readonly box: SecretBox,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async list(actor: Principal, query: ListWebhookEndpointsDto): Promise<Page<WebhookEndpointView>> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const c = decodeCursor(query.cursor, ['instant', 'uuid']);
    const rows = await this.repository.listEndpoints(actor.organizationId, { limit, after: c ? { createdAt: c[0], id: c[1] } : null });
    const now = this.clock();
    return toPage(
      rows,
      limit,
      (r) => [r.createdAt.toISOString(), r.id],
      (r) => toEndpointView(r, now),
    );
  }

  async get(actor: Principal, id: string): Promise<WebhookEndpointView> {
    return toEndpointView(await this.endpoint(actor, id), this.clock());
  }

  async create(actor: Principal, dto: CreateWebhookEndpointDto): Promise<WebhookEndpointWithSecretView> {
    const url = this.checkedUrl(dto.url);
    const secret = generateSecret();
    const id = randomUUID();
    return this.dataSource.transaction(async (m) => {
      if ((await this.repository.countEndpoints(actor.organizationId, m)) >= MAX_ENDPOINTS) {
        throw new ConflictError(
          'WEBHOOK_ENDPOINT_LIMIT',
          `An organization has at most ${MAX_ENDPOINTS} webhook endpoints: delete one first`,
        );
      }
      await this.repository.insertEndpoint(
        {
          organizationId: actor.organizationId,
          id,
          url,
          description: dto.description ?? null,
          eventTypes: [...dto.eventTypes],
          enabled: dto.enabled ?? true,
          secretCiphertext: this.box.seal(secret, secretAad(actor.organizationId, id)),
          secretKeyId: this.box.keyId,
          secretCreatedAt: this.clock(),
        },
        m,
      );
      const created = await this.view(actor, id, m);
      await this.audit.record(m, actor, {
        action: 'webhook_endpoint.created',
        entityType: 'webhook_endpoint',
        entityId: id,
        after: created,
      });
      return { ...created, secret };
    });
  }

  async update(actor: Principal, id: string, dto: UpdateWebhookEndpointDto): Promise<WebhookEndpointView> {
    const url = dto.url === undefined ? undefined : this.checkedUrl(dto.url);
    return this.dataSource.transaction(async (m) => {
      const locked = await this.repository.findEndpointForUpdate(actor.organizationId, id, m);
      if (!locked) throw new NotFoundError('Webhook endpoint');
      const before = toEndpointView(locked, this.clock());
      await this.repository.updateEndpoint(
        actor.organizationId,
        id,
        {
          url: url ?? locked.url,
          description: dto.description !== undefined ? dto.description : locked.description,
          eventTypes: dto.eventTypes ? [...dto.eventTypes] : locked.eventTypes,
          enabled: dto.enabled ?? locked.enabled,
          disabledReason: locked.disabledReason,
        },
        m,
      );
      const after = await this.view(actor, id, m);
      await this.audit.record(m, actor, {
        action: 'webhook_endpoint.updated',
        entityType: 'webhook_endpoint',
        entityId: id,
        before,
        after,
      });
      return after;
    });
  }

  /** Deletes the endpoint and its delivery log; the deliveries not yet sent are not sent. */
  async remove(actor: Principal, id: string): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const locked = await this.repository.findEndpointForUpdate(actor.organizationId, id, m);
      if (!locked) throw new NotFoundError('Webhook endpoint');
      await this.repository.deleteEndpoint(actor.organizationId, id, m);
      await this.audit.record(m, actor, {
        action: 'webhook_endpoint.deleted',
        entityType: 'webhook_endpoint',
        entityId: id,
        before: toEndpointView(locked, this.clock()),
      });
    });
  }

  /**
   * A new signing secret, shown once in the answer. The old one keeps signing too (a second signature) for
   * `previousSecretValidSeconds` (default a day; 0: at once), so the receiver can switch without losing a webhook.
   * A secret still in its grace period from an earlier rotation is dropped: at most two secrets sign at once.
   */
  async rotateSecret(actor: Principal, id: string, dto: RotateWebhookSecretDto): Promise<WebhookEndpointWithSecretView> {
    const graceSeconds = dto.previousSecretValidSeconds ?? DEFAULT_PREVIOUS_SECRET_SECONDS;
    const secret = generateSecret();
    return this.dataSource.transaction(async (m) => {
      const locked = await this.repository.findEndpointForUpdate(actor.organizationId, id, m);
      if (!locked) throw new NotFoundError('Webhook endpoint');
      const now = this.clock();
      const before = toEndpointView(locked, now);
      await this.repository.rotateSecret(
        actor.organizationId,
        id,
        { ciphertext: this.box.seal(secret, secretAad(actor.organizationId, id)), keyId: this.box.keyId, createdAt: now },
        graceSeconds > 0
          ? { ciphertext: locked.secretCiphertext, keyId: locked.secretKeyId, expiresAt: new Date(now.getTime() + graceSeconds * 1000) }
          : null,
        m,
      );
      const after = await this.view(actor, id, m);
      await this.audit.record(m, actor, {
        action: 'webhook_endpoint.secret_rotated',
        entityType: 'webhook_endpoint',
        entityId: id,
        before: { secretCreatedAt: before.secretCreatedAt, previousSecretExpiresAt: before.previousSecretExpiresAt },
        after: { secretCreatedAt: after.secretCreatedAt, previousSecretExpiresAt: after.previousSecretExpiresAt },
      });
      return { ...after, secret };
    });
  }

  /**
   * A `webhook.test` event for this endpoint only (enabled or not, whatever it subscribes to), delivered at once by
   * this instance's worker, and retried like any delivery. Answers the queued delivery.
   */
  async test(actor: Principal, id: string): Promise<WebhookDeliveryView> {
    const view = await this.dataSource.transaction(async (m) => {
      const endpoint = await this.repository.findEndpointForUpdate(actor.organizationId, id, m);
      if (!endpoint) throw new NotFoundError('Webhook endpoint');
      const now = this.clock();
      const eventId = uuidv7(now.getTime());
      const body = eventBody(WEBHOOK_TEST_EVENT, now, {
        endpointId: id,
        message: 'A test event from Remote Billing: your endpoint is reachable and can verify the signature',
      });
      await this.repository.insertEvent(m, actor.organizationId, now, { id: eventId, type: WEBHOOK_TEST_EVENT, body });
      const deliveryId = randomUUID();
      await this.repository.insertDelivery(m, {
        organizationId: actor.organizationId,
        id: deliveryId,
        endpointId: id,
        eventId,
        trigger: 'test',
        redeliveryOf: null,
        maxAttempts: this.config.webhookMaxAttempts,
        dueAt: now,
      });
      await this.audit.record(m, actor, {
        action: 'webhook_endpoint.test_sent',
        entityType: 'webhook_endpoint',
        entityId: id,
        after: { deliveryId, eventId },
      });
      return toDeliveryView((await this.repository.findDelivery(actor.organizationId, id, deliveryId, m))!);
    });
    this.kick();
    return view;
  }

  /**
   * Sends a delivered or failed delivery's event again to its endpoint, as a new delivery with its own attempts
   * (same event, so the same `webhook-id`: a receiver that de-duplicates sees it once). A delivery still pending or
   * being sent is a 409 WEBHOOK_DELIVERY_IN_PROGRESS.
   */
  async redeliver(actor: Principal, endpointId: string, deliveryId: string): Promise<WebhookDeliveryView> {
    const view = await this.dataSource.transaction(async (m) => {
      const endpoint = await this.repository.findEndpointForUpdate(actor.organizationId, endpointId, m);
      if (!endpoint) throw new NotFoundError('Webhook endpoint');
      const original = await this.repository.findDelivery(actor.organizationId, endpointId, deliveryId, m);
      if (!original) throw new NotFoundError('Webhook delivery');
      if (original.status === 'pending' || original.status === 'sending') {
        throw new ConflictError(
          'WEBHOOK_DELIVERY_IN_PROGRESS',
          `The delivery is still ${original.status}${original.status === 'pending' ? ` (next attempt at ${original.nextAttemptAt.toISOString()})` : ''}: ` +
            'it is redelivered only once it is delivered or failed',
        );
      }
      const id = randomUUID();
      await this.repository.insertDelivery(m, {
        organizationId: actor.organizationId,
        id,
        endpointId,
        eventId: original.eventId,
        trigger: 'redelivery',
        redeliveryOf: original.id,
        maxAttempts: this.config.webhookMaxAttempts,
        dueAt: this.clock(),
      });
      await this.audit.record(m, actor, {
        action: 'webhook_endpoint.redelivery_requested',
        entityType: 'webhook_endpoint',
        entityId: endpointId,
        after: { deliveryId: id, redeliveryOf: original.id, eventId: original.eventId, eventType: original.eventType },
      });
      return toDeliveryView((await this.repository.findDelivery(actor.organizationId, endpointId, id, m))!);
    });
    this.kick();
    return view;
  }

  async listDeliveries(actor: Principal, endpointId: string, query: ListWebhookDeliveriesDto): Promise<Page<WebhookDeliveryView>> {
    await this.endpoint(actor, endpointId);
    const limit = query.limit ?? DEFAULT_LIMIT;
    const c = decodeCursor(query.cursor, ['instant', 'uuid']);
    const rows = await this.repository.listDeliveries(actor.organizationId, endpointId, {
      status: query.status,
      limit,
      after: c ? { createdAt: c[0], id: c[1] } : null,
    });
    return toPage(rows, limit, (r) => [r.createdAt.toISOString(), r.id], toDeliveryView);
  }

  private async endpoint(actor: Principal, id: string, m?: EntityManager): Promise<EndpointRow> {
    const row = await this.repository.findEndpoint(actor.organizationId, id, m);
    if (!row) throw new NotFoundError('Webhook endpoint');
    return row;
  }

  private async view(actor: Principal, id: string, m: EntityManager): Promise<WebhookEndpointView> {
    return toEndpointView(await this.endpoint(actor, id, m), this.clock());
  }

  /** The URL as stored, or a 400 on `url` (the rules that depend on the server's settings: webhook-url.ts). */
  private checkedUrl(raw: string): string {
    const problem = checkWebhookUrl(raw, {
      allowHttp: this.config.webhookAllowHttp,
      allowPrivate: this.config.webhookAllowPrivateAddresses,
    });
    if (problem) throw invalidField('url', problem);
    return normalizeWebhookUrl(raw);
  }

  /** Starts this instance's worker now, after the commit (an admin is waiting for the ping); the cron would anyway. */
  private kick(): void {
    void this.deliveries.drain().catch(() => undefined);
  }
}
