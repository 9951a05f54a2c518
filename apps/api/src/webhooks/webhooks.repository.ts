import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { WebhookEventType, WebhookPayloadType } from './webhook-event-types';

/** A stored endpoint; the sealed secrets never leave the service (views never carry them). */
export interface EndpointRow {
  organizationId: string;
  id: string;
  url: string;
  description: string | null;
  eventTypes: WebhookEventType[];
  enabled: boolean;
  disabledReason: 'receiver_gone' | null;
  secretCiphertext: Buffer;
  secretKeyId: string;
  secretCreatedAt: Date;
  previousSecretCiphertext: Buffer | null;
  previousSecretKeyId: string | null;
  previousSecretExpiresAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export type DeliveryStatus = 'pending' | 'sending' | 'delivered' | 'failed';
export type DeliveryTrigger = 'event' | 'test' | 'redelivery';

/** A delivery as the log shows it, with its event's type and time. */
export interface DeliveryRow {
  organizationId: string;
  id: string;
  endpointId: string;
  eventId: string;
  eventType: WebhookPayloadType;
  eventOccurredAt: Date;
  trigger: DeliveryTrigger;
  redeliveryOf: string | null;
  status: DeliveryStatus;
  attempts: number;
  maxAttempts: number;
  nextAttemptAt: Date;
  lastAttemptAt: Date | null;
  lastStatusCode: number | null;
  lastError: string | null;
  deliveredAt: Date | null;
  createdAt: Date;
}

/** A delivery claimed by a worker: what one attempt needs (the endpoint as it is now, the event's exact body). */
export interface ClaimedDelivery {
  organizationId: string;
  id: string;
  endpointId: string;
  eventId: string;
  eventType: WebhookPayloadType;
  body: string;
  /** This attempt's number (1 for the first). */
  attempts: number;
  maxAttempts: number;
  leaseToken: string;
  url: string;
  secretCiphertext: Buffer;
  secretKeyId: string;
  previousSecretCiphertext: Buffer | null;
  previousSecretKeyId: string | null;
  previousSecretExpiresAt: Date | null;
}

const ENDPOINT_COLUMNS = `organization_id AS "organizationId", id, url, description, event_types AS "eventTypes", enabled,
  disabled_reason AS "disabledReason", secret_ciphertext AS "secretCiphertext", secret_key_id AS "secretKeyId",
  secret_created_at AS "secretCreatedAt", previous_secret_ciphertext AS "previousSecretCiphertext",
  previous_secret_key_id AS "previousSecretKeyId", previous_secret_expires_at AS "previousSecretExpiresAt",
  created_at AS "createdAt", updated_at AS "updatedAt"`;

const DELIVERY_COLUMNS = `d.organization_id AS "organizationId", d.id, d.endpoint_id AS "endpointId", d.event_id AS "eventId",
  ev.type AS "eventType", ev.occurred_at AS "eventOccurredAt", d.trigger, d.redelivery_of AS "redeliveryOf", d.status,
  d.attempts, d.max_attempts AS "maxAttempts", d.next_attempt_at AS "nextAttemptAt", d.last_attempt_at AS "lastAttemptAt",
  d.last_status_code AS "lastStatusCode", d.last_error AS "lastError", d.delivered_at AS "deliveredAt", d.created_at AS "createdAt"`;

/** An event to write: its id, type and the exact body every attempt sends. */
export interface NewEvent {
  id: string;
  type: WebhookPayloadType;
  body: string;
}

/** Every query on webhook endpoints, events and deliveries. */
@Injectable()
export class WebhooksRepository {
  constructor(private readonly dataSource: DataSource) {}

  private q(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  // ----- endpoints

  async findEndpoint(organizationId: string, id: string, manager?: EntityManager): Promise<EndpointRow | null> {
    const rows: EndpointRow[] = await this.q(manager).query(
      `SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE organization_id = $1 AND id = $2`,
      [organizationId, id],
    );
    return rows[0] ?? null;
  }

  /** Locks the endpoint: edits, rotations, deletion and the manual deliveries of one endpoint serialize on it. */
  async findEndpointForUpdate(organizationId: string, id: string, manager: EntityManager): Promise<EndpointRow | null> {
    const rows: EndpointRow[] = await manager.query(
      `SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE organization_id = $1 AND id = $2 FOR UPDATE`,
      [organizationId, id],
    );
    return rows[0] ?? null;
  }

  /** Oldest first. */
  listEndpoints(organizationId: string, opts: { after: { createdAt: string; id: string } | null; limit: number }): Promise<EndpointRow[]> {
    return this.dataSource.query(
      `SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints
        WHERE organization_id = $1 AND ($2::timestamptz IS NULL OR (created_at, id) > ($2::timestamptz, $3::uuid))
        ORDER BY created_at, id LIMIT $4`,
      [organizationId, opts.after?.createdAt ?? null, opts.after?.id ?? null, opts.limit + 1],
    );
  }

  async countEndpoints(organizationId: string, manager: EntityManager): Promise<number> {
    const [row]: { n: number }[] = await manager.query(`SELECT count(*)::int AS n FROM webhook_endpoints WHERE organization_id = $1`, [
      organizationId,
    ]);
    return row.n;
  }

  async insertEndpoint(
    row: Pick<
      EndpointRow,
      'organizationId' | 'id' | 'url' | 'description' | 'eventTypes' | 'enabled' | 'secretCiphertext' | 'secretKeyId' | 'secretCreatedAt'
    >,
    manager: EntityManager,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO webhook_endpoints (organization_id, id, url, description, event_types, enabled, secret_ciphertext, secret_key_id, secret_created_at)
       VALUES ($1, $2, $3, $4, $5::text[], $6, $7, $8, $9)`,
      [
        row.organizationId,
        row.id,
        row.url,
        row.description,
        row.eventTypes,
        row.enabled,
        row.secretCiphertext,
        row.secretKeyId,
        row.secretCreatedAt,
      ],
    );
  }

  /** Writes the endpoint's settings (all of them, as merged by the service); enabling clears `disabled_reason`. */
  async updateEndpoint(
    organizationId: string,
    id: string,
    e: Pick<EndpointRow, 'url' | 'description' | 'eventTypes' | 'enabled' | 'disabledReason'>,
    manager: EntityManager,
  ): Promise<void> {
    await manager.query(
      `UPDATE webhook_endpoints SET url = $3, description = $4, event_types = $5::text[], enabled = $6, disabled_reason = $7, updated_at = now()
        WHERE organization_id = $1 AND id = $2`,
      [organizationId, id, e.url, e.description, e.eventTypes, e.enabled, e.enabled ? null : e.disabledReason],
    );
  }

  /** A new current secret; the old one is kept until `previousExpiresAt` (null: dropped at once). */
  async rotateSecret(
    organizationId: string,
    id: string,
    next: { ciphertext: Buffer; keyId: string; createdAt: Date },
    previous: { ciphertext: Buffer; keyId: string; expiresAt: Date } | null,
    manager: EntityManager,
  ): Promise<void> {
    await manager.query(
      `UPDATE webhook_endpoints SET secret_ciphertext = $3, secret_key_id = $4, secret_created_at = $5,
              previous_secret_ciphertext = $6, previous_secret_key_id = $7, previous_secret_expires_at = $8, updated_at = now()
        WHERE organization_id = $1 AND id = $2`,
      [
        organizationId,
        id,
        next.ciphertext,
        next.keyId,
        next.createdAt,
        previous?.ciphertext ?? null,
        previous?.keyId ?? null,
        previous?.expiresAt ?? null,
      ],
    );
  }

  /** The receiver answered 410 Gone: no more event deliveries until an admin enables it again. */
  async disableGone(organizationId: string, id: string): Promise<boolean> {
    const [, count]: [unknown, number] = await this.dataSource.query(
      `UPDATE webhook_endpoints SET enabled = false, disabled_reason = 'receiver_gone', updated_at = now()
        WHERE organization_id = $1 AND id = $2 AND enabled`,
      [organizationId, id],
    );
    return count > 0;
  }

  /** Deletes the endpoint and (ON DELETE CASCADE) its deliveries; its events stay. */
  async deleteEndpoint(organizationId: string, id: string, manager: EntityManager): Promise<void> {
    await manager.query(`DELETE FROM webhook_endpoints WHERE organization_id = $1 AND id = $2`, [organizationId, id]);
  }

  // ----- events and deliveries (the outbox)

  /** The event types some enabled endpoint of the organization subscribes to. */
  async subscribedTypes(manager: EntityManager, organizationId: string): Promise<Set<WebhookEventType>> {
    const rows: { type: WebhookEventType }[] = await manager.query(
      `SELECT DISTINCT unnest(event_types) AS type FROM webhook_endpoints WHERE organization_id = $1 AND enabled`,
      [organizationId],
    );
    return new Set(rows.map((r) => r.type));
  }

  /**
   * Writes events and, in the same statement, one `pending` delivery per (event, enabled endpoint subscribed to
   * its type), due at `occurredAt`. An event no enabled endpoint subscribes to is not written at all (a billing run
   * of an organization without webhooks writes nothing here). The endpoints are locked FOR KEY SHARE, so an endpoint deleted meanwhile waits
   * for this transaction (and then deletes these deliveries too) instead of failing it on the foreign key.
   */
  async insertEvents(
    manager: EntityManager,
    organizationId: string,
    occurredAt: Date,
    events: NewEvent[],
    maxAttempts: number,
  ): Promise<number> {
    const rows: unknown[] = await manager.query(
      `WITH subscribed AS (
         SELECT DISTINCT unnest(event_types) AS type FROM webhook_endpoints WHERE organization_id = $1 AND enabled
       ), ev AS (
         INSERT INTO webhook_events (organization_id, id, type, occurred_at, body)
         SELECT $1, e.id, e.type, $2, e.body FROM unnest($3::uuid[], $4::text[], $5::text[]) AS e(id, type, body)
          WHERE e.type IN (SELECT type FROM subscribed)
         RETURNING id, type)
       INSERT INTO webhook_deliveries (organization_id, id, endpoint_id, event_id, trigger, status, max_attempts, next_attempt_at)
       SELECT $1, gen_random_uuid(), w.id, ev.id, 'event', 'pending', $6, $2
         FROM ev JOIN webhook_endpoints w ON w.organization_id = $1 AND w.enabled AND ev.type = ANY (w.event_types)
          FOR KEY SHARE OF w
       RETURNING id`,
      [organizationId, occurredAt, events.map((e) => e.id), events.map((e) => e.type), events.map((e) => e.body), maxAttempts],
    );
    return rows.length;
  }

  /** One event delivered to one endpoint only (a test ping, a redelivery). */
  async insertEvent(manager: EntityManager, organizationId: string, occurredAt: Date, event: NewEvent): Promise<void> {
    await manager.query(`INSERT INTO webhook_events (organization_id, id, type, occurred_at, body) VALUES ($1, $2, $3, $4, $5)`, [
      organizationId,
      event.id,
      event.type,
      occurredAt,
      event.body,
    ]);
  }

  async insertDelivery(
    manager: EntityManager,
    d: {
      organizationId: string;
      id: string;
      endpointId: string;
      eventId: string;
      trigger: DeliveryTrigger;
      redeliveryOf: string | null;
      maxAttempts: number;
      dueAt: Date;
    },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO webhook_deliveries (organization_id, id, endpoint_id, event_id, trigger, redelivery_of, status, max_attempts, next_attempt_at)
       VALUES ($1, $2, $3, $4, $5, $6, 'pending', $7, $8)`,
      [d.organizationId, d.id, d.endpointId, d.eventId, d.trigger, d.redeliveryOf, d.maxAttempts, d.dueAt],
    );
  }

  async findDelivery(organizationId: string, endpointId: string, id: string, manager?: EntityManager): Promise<DeliveryRow | null> {
    const rows: DeliveryRow[] = await this.q(manager).query(
      `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries d
         JOIN webhook_events ev ON ev.organization_id = d.organization_id AND ev.id = d.event_id
        WHERE d.organization_id = $1 AND d.endpoint_id = $2 AND d.id = $3`,
      [organizationId, endpointId, id],
    );
    return rows[0] ?? null;
  }

  /** The endpoint's deliveries, newest first. */
  listDeliveries(
    organizationId: string,
    endpointId: string,
    opts: { status?: DeliveryStatus; after: { createdAt: string; id: string } | null; limit: number },
  ): Promise<DeliveryRow[]> {
    return this.dataSource.query(
      `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries d
         JOIN webhook_events ev ON ev.organization_id = d.organization_id AND ev.id = d.event_id
        WHERE d.organization_id = $1 AND d.endpoint_id = $2 AND ($3::text IS NULL OR d.status = $3)
          AND ($4::timestamptz IS NULL OR (d.created_at, d.id) < ($4::timestamptz, $5::uuid))
        ORDER BY d.created_at DESC, d.id DESC LIMIT $6`,
      [organizationId, endpointId, opts.status ?? null, opts.after?.createdAt ?? null, opts.after?.id ?? null, opts.limit + 1],
    );
  }

  // ----- the worker

  /**
   * Claims up to `limit` due deliveries, across organizations: `pending` ones whose time has come and `sending`
   * ones whose lease ran out (their worker died mid-attempt). Event deliveries of a disabled endpoint wait (they go
   * out once it is enabled again); test pings and redeliveries, which an admin asked for, go out anyway. Each is
   * marked `sending` with a fresh lease token, counted as an attempt and due again when the lease ends, and
   * committed before any HTTP traffic: FOR UPDATE SKIP LOCKED and the token keep two workers off one delivery.
   */
  async claimDue(now: Date, limit: number, leaseSeconds: number): Promise<ClaimedDelivery[]> {
    const [rows]: [ClaimedDelivery[], number] = await this.dataSource.query(
      `WITH due AS (
         SELECT d.organization_id, d.id FROM webhook_deliveries d
           JOIN webhook_endpoints w ON w.organization_id = d.organization_id AND w.id = d.endpoint_id
          WHERE d.status IN ('pending', 'sending') AND d.next_attempt_at <= $1 AND (w.enabled OR d.trigger <> 'event')
          ORDER BY d.next_attempt_at LIMIT $2
          FOR UPDATE OF d SKIP LOCKED)
       UPDATE webhook_deliveries d
          SET status = 'sending', attempts = d.attempts + 1, lease_token = gen_random_uuid(), last_attempt_at = $1,
              next_attempt_at = $1::timestamptz + make_interval(secs => $3), updated_at = now()
         FROM due, webhook_endpoints w, webhook_events ev
        WHERE d.organization_id = due.organization_id AND d.id = due.id
          AND w.organization_id = d.organization_id AND w.id = d.endpoint_id
          AND ev.organization_id = d.organization_id AND ev.id = d.event_id
       RETURNING d.organization_id AS "organizationId", d.id, d.endpoint_id AS "endpointId", d.event_id AS "eventId",
          ev.type AS "eventType", ev.body, d.attempts, d.max_attempts AS "maxAttempts", d.lease_token AS "leaseToken",
          w.url, w.secret_ciphertext AS "secretCiphertext", w.secret_key_id AS "secretKeyId",
          w.previous_secret_ciphertext AS "previousSecretCiphertext", w.previous_secret_key_id AS "previousSecretKeyId",
          w.previous_secret_expires_at AS "previousSecretExpiresAt"`,
      [now, limit, leaseSeconds],
    );
    return rows;
  }

  /** The attempt succeeded. False when the lease was lost meanwhile (another worker owns the delivery now). */
  async markDelivered(d: ClaimedDelivery, statusCode: number, at: Date): Promise<boolean> {
    const [, count]: [unknown, number] = await this.dataSource.query(
      `UPDATE webhook_deliveries SET status = 'delivered', delivered_at = $4, last_status_code = $5, last_error = NULL,
              lease_token = NULL, updated_at = now()
        WHERE organization_id = $1 AND id = $2 AND lease_token = $3`,
      [d.organizationId, d.id, d.leaseToken, at, statusCode],
    );
    return count > 0;
  }

  /** The attempt failed: `pending` again at `retryAt`, or `failed` when it is null. False when the lease was lost. */
  async markFailedAttempt(d: ClaimedDelivery, statusCode: number | null, error: string, retryAt: Date | null): Promise<boolean> {
    const [, count]: [unknown, number] = await this.dataSource.query(
      `UPDATE webhook_deliveries SET status = $4, last_status_code = $5, last_error = $6,
              next_attempt_at = coalesce($7, next_attempt_at), lease_token = NULL, updated_at = now()
        WHERE organization_id = $1 AND id = $2 AND lease_token = $3`,
      [d.organizationId, d.id, d.leaseToken, retryAt ? 'pending' : 'failed', statusCode, error.slice(0, 2000), retryAt],
    );
    return count > 0;
  }
}
