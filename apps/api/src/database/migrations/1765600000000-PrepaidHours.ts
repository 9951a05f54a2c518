import { MigrationInterface, QueryRunner } from 'typeorm';

const EVENT_TYPES = `'bill.drafted', 'bill.issued', 'bill.paid', 'bill.overdue', 'bill.voided', 'credit_note.issued', 'payment.recorded', 'payment.reversed', 'supplementary_invoice.issued'`;
const WITH_PREPAID = `${EVENT_TYPES}, 'prepaid.block_low', 'prepaid.block_empty'`;

function eventTypeChecks(types: string): string {
  return `
      ALTER TABLE webhook_endpoints DROP CONSTRAINT webhook_endpoints_event_types_check,
        ADD CONSTRAINT webhook_endpoints_event_types_check CHECK (cardinality(event_types) >= 1 AND event_types <@ ARRAY[${types}]::text[]);
      ALTER TABLE webhook_events DROP CONSTRAINT webhook_events_type_check,
        ADD CONSTRAINT webhook_events_type_check CHECK (type IN (${types}, 'webhook.test'));`;
}

/**
 * Prepaid hours (issue #17).
 * - `plans.retainer`: included units per period at a fixed fee, rollover cap and periods, overage rate (null: none).
 *   `associations.retainer_override`: the customer's own retainer (`associations.retainer`, null: none) replaces the
 *   plan's. Units are billable seconds on a per_hour plan, sessions on a per_session plan.
 * - `prepaid_blocks`: blocks bought by a customer (on its association), numbered B-000001 per organization, each with
 *   its own invoice (`bill_id`, a bill of kind `block`).
 * - `prepaid_ledger`: every grant, draw, rollover, expiry, lapse and reversal, a signed quantity on one bucket
 *   (`source`, `source_id`: a period's retainer, the units rolled over from a period, a block). Balances are sums of it.
 *   Entries never change; a reversal is an entry of its own.
 * - bills of kind `block` (a block's invoice; its period is the day it was bought) and the line kinds
 *   `retainer`, `prepaid`, `overage`, `block`.
 * - Alerts: e-mails of kind `prepaid_alert` (about a block, `prepaid_block_id`, running `low` or `empty`; at most one of
 *   each per block) and the webhook event types `prepaid.block_low` and `prepaid.block_empty`.
 */
export class PrepaidHours1765600000000 implements MigrationInterface {
  name = 'PrepaidHours1765600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE plans ADD COLUMN retainer jsonb CHECK (retainer IS NULL OR jsonb_typeof(retainer) = 'object');
      ALTER TABLE associations
        ADD COLUMN retainer_override boolean NOT NULL DEFAULT false,
        ADD COLUMN retainer jsonb CHECK (retainer IS NULL OR jsonb_typeof(retainer) = 'object'),
        ADD CONSTRAINT associations_retainer_override_check CHECK (retainer_override OR retainer IS NULL);

      ALTER TABLE bills DROP CONSTRAINT bills_kind_check;
      ALTER TABLE bills ADD CONSTRAINT bills_kind_check CHECK (kind IN ('period', 'late_usage', 'block'));
      ALTER TABLE bill_lines DROP CONSTRAINT bill_lines_kind_check;
      ALTER TABLE bill_lines ADD CONSTRAINT bill_lines_kind_check
        CHECK (kind IN ('sessions', 'hours', 'devices', 'late_usage', 'retainer', 'prepaid', 'overage', 'block'));

      CREATE TABLE prepaid_block_sequences (
        organization_id uuid PRIMARY KEY REFERENCES organizations (id),
        last_value bigint NOT NULL DEFAULT 0
      );
      CREATE TABLE prepaid_blocks (
        organization_id uuid NOT NULL REFERENCES organizations (id),
        id uuid NOT NULL,
        sequence bigint NOT NULL CHECK (sequence > 0),
        number text NOT NULL,
        association_id uuid NOT NULL,
        unit text NOT NULL CHECK (unit IN ('seconds', 'sessions')),
        units bigint NOT NULL CHECK (units > 0),
        price_minor bigint NOT NULL CHECK (price_minor >= 0),
        currency char(3) NOT NULL,
        purchased_at timestamptz NOT NULL,
        expires_at timestamptz,
        requires_payment boolean NOT NULL,
        low_balance_percent smallint NOT NULL CHECK (low_balance_percent BETWEEN 0 AND 99),
        -- Its invoice; null once that invoice's draft was discarded. A discarded draft or a voided invoice cancels the block.
        bill_id uuid,
        cancelled_at timestamptz,
        low_alerted_at timestamptz,
        empty_alerted_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organization_id, id),
        UNIQUE (organization_id, sequence),
        FOREIGN KEY (organization_id, association_id) REFERENCES associations (organization_id, id),
        FOREIGN KEY (organization_id, bill_id) REFERENCES bills (organization_id, id),
        CHECK (expires_at IS NULL OR expires_at > purchased_at),
        CHECK (bill_id IS NOT NULL OR cancelled_at IS NOT NULL)
      );
      CREATE INDEX prepaid_blocks_association_idx ON prepaid_blocks (organization_id, association_id, purchased_at);

      CREATE TABLE prepaid_ledger (
        organization_id uuid NOT NULL REFERENCES organizations (id),
        id uuid NOT NULL,
        -- The order entries were written in (the history's order; ids are random).
        seq bigint GENERATED ALWAYS AS IDENTITY,
        association_id uuid NOT NULL,
        kind text NOT NULL CHECK (kind IN ('grant', 'draw', 'rollover', 'expiry', 'lapse', 'reversal')),
        source text NOT NULL CHECK (source IN ('retainer', 'rollover', 'block')),
        source_id text NOT NULL CHECK (char_length(source_id) BETWEEN 1 AND 40),
        quantity bigint NOT NULL CHECK (quantity <> 0),
        -- The bill that made the entry (a period's bill, a block's invoice); kept when a discarded draft is deleted.
        bill_id uuid,
        period_index integer,
        reverses uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organization_id, id),
        FOREIGN KEY (organization_id, association_id) REFERENCES associations (organization_id, id),
        CHECK ((kind = 'reversal') = (reverses IS NOT NULL))
      );
      CREATE INDEX prepaid_ledger_bucket_idx ON prepaid_ledger (organization_id, association_id, source, source_id);
      CREATE INDEX prepaid_ledger_bill_idx ON prepaid_ledger (organization_id, bill_id) WHERE bill_id IS NOT NULL;
      CREATE UNIQUE INDEX prepaid_ledger_reverses_key ON prepaid_ledger (organization_id, reverses) WHERE reverses IS NOT NULL;

      ALTER TABLE email_deliveries
        DROP CONSTRAINT email_deliveries_kind_check,
        ADD CONSTRAINT email_deliveries_kind_check CHECK (kind IN ('invoice', 'reminder', 'prepaid_alert')),
        ADD COLUMN prepaid_block_id uuid,
        ADD COLUMN prepaid_alert text CHECK (prepaid_alert IN ('low', 'empty')),
        ADD CONSTRAINT email_deliveries_prepaid_alert_whole
          CHECK ((kind = 'prepaid_alert') = (prepaid_block_id IS NOT NULL) AND (kind = 'prepaid_alert') = (prepaid_alert IS NOT NULL)),
        ADD CONSTRAINT email_deliveries_prepaid_block_fkey FOREIGN KEY (organization_id, prepaid_block_id) REFERENCES prepaid_blocks (organization_id, id);
      CREATE UNIQUE INDEX email_deliveries_prepaid_alert_key ON email_deliveries (organization_id, prepaid_block_id, prepaid_alert)
        WHERE kind = 'prepaid_alert';
      ${eventTypeChecks(WITH_PREPAID)}
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ${eventTypeChecks(EVENT_TYPES)}
      DELETE FROM email_deliveries WHERE kind = 'prepaid_alert';
      DROP INDEX email_deliveries_prepaid_alert_key;
      ALTER TABLE email_deliveries DROP CONSTRAINT email_deliveries_prepaid_alert_whole, DROP CONSTRAINT email_deliveries_prepaid_block_fkey,
        DROP COLUMN prepaid_block_id, DROP COLUMN prepaid_alert, DROP CONSTRAINT email_deliveries_kind_check,
        ADD CONSTRAINT email_deliveries_kind_check CHECK (kind IN ('invoice', 'reminder'));
      DROP TABLE prepaid_ledger;
      DROP TABLE prepaid_blocks;
      DROP TABLE prepaid_block_sequences;
      ALTER TABLE bill_lines DROP CONSTRAINT bill_lines_kind_check;
      ALTER TABLE bill_lines ADD CONSTRAINT bill_lines_kind_check CHECK (kind IN ('sessions', 'hours', 'devices', 'late_usage'));
      ALTER TABLE bills DROP CONSTRAINT bills_kind_check;
      ALTER TABLE bills ADD CONSTRAINT bills_kind_check CHECK (kind IN ('period', 'late_usage'));
      ALTER TABLE associations DROP CONSTRAINT associations_retainer_override_check, DROP COLUMN retainer, DROP COLUMN retainer_override;
      ALTER TABLE plans DROP COLUMN retainer;
    `);
  }
}
