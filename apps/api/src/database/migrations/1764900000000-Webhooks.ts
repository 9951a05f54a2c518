import { MigrationInterface, QueryRunner } from 'typeorm';

const EVENT_TYPES = `'bill.drafted', 'bill.issued', 'bill.paid', 'bill.overdue', 'bill.voided', 'credit_note.issued', 'payment.recorded', 'payment.reversed'`;

/**
 * Webhooks of issue #15, point 4 (docs/WEBHOOKS.md):
 * - `webhook_endpoints`: an organization's receivers: URL, description, the event types it subscribes to, enabled,
 *   and its signing secret sealed with AES-256-GCM (secret-box.ts; the id of the key beside it), plus the previous
 *   secret during a rotation's grace period. `disabled_reason` says why the system turned one off (a 410 Gone).
 * - `webhook_events`: each event as it will be sent, written in the transaction of the change (a transactional
 *   outbox): `body` is the exact JSON every attempt sends and signs (`{type, timestamp, data}`).
 * - `webhook_deliveries`: one per (event, endpoint), worked by the delivery worker: `pending` until due, `sending`
 *   while claimed (then `next_attempt_at` is the lease's end and `lease_token` the claim), `delivered` or `failed`
 *   (attempts exhausted). A redelivery is a new row for the same event (`redelivery_of`). Deleting an endpoint
 *   deletes its deliveries; events stay.
 * organization_id leads every key and foreign key (Citus, docs/SCALING.md).
 */
export class Webhooks1764900000000 implements MigrationInterface {
  name = 'Webhooks1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE webhook_endpoints (
        organization_id uuid NOT NULL REFERENCES organizations(id),
        id uuid NOT NULL,
        url text NOT NULL CHECK (char_length(url) BETWEEN 1 AND 2000),
        description text CHECK (char_length(description) BETWEEN 1 AND 500),
        event_types text[] NOT NULL CHECK (cardinality(event_types) >= 1 AND event_types <@ ARRAY[${EVENT_TYPES}]::text[]),
        enabled boolean NOT NULL DEFAULT true,
        disabled_reason text CHECK (disabled_reason IN ('receiver_gone')),
        secret_ciphertext bytea NOT NULL,
        secret_key_id text NOT NULL,
        secret_created_at timestamptz NOT NULL,
        previous_secret_ciphertext bytea,
        previous_secret_key_id text,
        previous_secret_expires_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organization_id, id),
        CONSTRAINT webhook_endpoints_previous_secret_check CHECK (
          (previous_secret_ciphertext IS NULL) = (previous_secret_expires_at IS NULL)
          AND (previous_secret_ciphertext IS NULL) = (previous_secret_key_id IS NULL)),
        CONSTRAINT webhook_endpoints_disabled_state_check CHECK (disabled_reason IS NULL OR NOT enabled)
      );
      CREATE INDEX webhook_endpoints_list_idx ON webhook_endpoints (organization_id, created_at, id);

      CREATE TABLE webhook_events (
        organization_id uuid NOT NULL REFERENCES organizations(id),
        id uuid NOT NULL,
        type text NOT NULL CHECK (type IN (${EVENT_TYPES}, 'webhook.test')),
        occurred_at timestamptz NOT NULL,
        body text NOT NULL,
        PRIMARY KEY (organization_id, id)
      );

      CREATE TABLE webhook_deliveries (
        organization_id uuid NOT NULL,
        id uuid NOT NULL,
        endpoint_id uuid NOT NULL,
        event_id uuid NOT NULL,
        trigger text NOT NULL CHECK (trigger IN ('event', 'test', 'redelivery')),
        redelivery_of uuid,
        status text NOT NULL CHECK (status IN ('pending', 'sending', 'delivered', 'failed')),
        attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        max_attempts integer NOT NULL CHECK (max_attempts >= 1),
        next_attempt_at timestamptz NOT NULL,
        lease_token uuid,
        last_attempt_at timestamptz,
        last_status_code integer CHECK (last_status_code BETWEEN 100 AND 999),
        last_error text,
        delivered_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organization_id, id),
        FOREIGN KEY (organization_id, endpoint_id) REFERENCES webhook_endpoints (organization_id, id) ON DELETE CASCADE,
        FOREIGN KEY (organization_id, event_id) REFERENCES webhook_events (organization_id, id),
        FOREIGN KEY (organization_id, redelivery_of) REFERENCES webhook_deliveries (organization_id, id) ON DELETE CASCADE,
        CONSTRAINT webhook_deliveries_lease_check CHECK ((status = 'sending') = (lease_token IS NOT NULL)),
        CONSTRAINT webhook_deliveries_delivered_check CHECK ((status = 'delivered') = (delivered_at IS NOT NULL))
      );
      CREATE INDEX webhook_deliveries_endpoint_idx ON webhook_deliveries (organization_id, endpoint_id, created_at DESC, id DESC);
      CREATE INDEX webhook_deliveries_event_idx ON webhook_deliveries (organization_id, event_id);
      CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at) WHERE status IN ('pending', 'sending');
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE webhook_deliveries, webhook_events, webhook_endpoints`);
  }
}
