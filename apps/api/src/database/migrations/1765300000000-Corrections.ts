import { MigrationInterface, QueryRunner } from 'typeorm';

const EVENT_TYPES = `'bill.drafted', 'bill.issued', 'bill.paid', 'bill.overdue', 'bill.voided', 'credit_note.issued', 'payment.recorded', 'payment.reversed'`;
const WITH_SUPPLEMENTARY = `${EVENT_TYPES}, 'supplementary_invoice.issued'`;

function eventTypeChecks(types: string): string {
  return `
      ALTER TABLE webhook_endpoints DROP CONSTRAINT webhook_endpoints_event_types_check,
        ADD CONSTRAINT webhook_endpoints_event_types_check CHECK (cardinality(event_types) >= 1 AND event_types <@ ARRAY[${types}]::text[]);
      ALTER TABLE webhook_events DROP CONSTRAINT webhook_events_type_check,
        ADD CONSTRAINT webhook_events_type_check CHECK (type IN (${types}, 'webhook.test'));`;
}

/**
 * Corrections of issued bills (issue #15, point 2; libs/billing corrections.ts): credit notes and supplementary
 * invoices, each a document of its own that references its bill.
 * - `corrections`: type, its own number (a credit note in the organization's credit-note series, numbered from
 *   `credit_note_sequences`; a supplementary invoice in the invoice series of `bill_sequences`), issue and due date,
 *   the admin's reason, what it was asked as (fixed amount or percent) or 'void', its lines and taxes as printed, and
 *   its totals. One sequence per series and type is unique.
 * - `bills.credited_minor` / `supplementary_minor`: the gross sums of its corrections; the bill's balance is
 *   total + supplementary − credited − paid.
 * - `email_deliveries.correction_id`: an e-mail of a correction (its bill_id stays the original's, so the original's
 *   page lists every e-mail about it).
 * - The webhook event type `supplementary_invoice.issued` (beside `credit_note.issued`).
 */
export class Corrections1765300000000 implements MigrationInterface {
  name = 'Corrections1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE credit_note_sequences (
        organization_id uuid PRIMARY KEY REFERENCES organizations (id),
        last_value bigint NOT NULL DEFAULT 0
      );
      CREATE TABLE corrections (
        organization_id uuid NOT NULL,
        id uuid NOT NULL,
        bill_id uuid NOT NULL,
        type text NOT NULL CHECK (type IN ('credit_note', 'supplementary_invoice')),
        cause text NOT NULL CHECK (cause IN ('adjustment', 'void')),
        sequence bigint NOT NULL CHECK (sequence > 0),
        number text NOT NULL,
        issue_date date NOT NULL,
        due_date date NOT NULL,
        issued_at timestamptz NOT NULL DEFAULT now(),
        reason text NOT NULL,
        fixed_amount_minor bigint CHECK (fixed_amount_minor > 0),
        percent numeric(9, 4) CHECK (percent > 0),
        lines jsonb NOT NULL,
        net_minor bigint NOT NULL CHECK (net_minor > 0),
        tax_minor bigint NOT NULL CHECK (tax_minor >= 0),
        total_minor bigint NOT NULL CHECK (total_minor > 0),
        taxes jsonb NOT NULL,
        author_id uuid,
        author_name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organization_id, id),
        FOREIGN KEY (organization_id, bill_id) REFERENCES bills (organization_id, id),
        CHECK (cause = 'void' OR (fixed_amount_minor IS NULL) <> (percent IS NULL)),
        CHECK (total_minor = net_minor + tax_minor)
      );
      CREATE UNIQUE INDEX corrections_sequence_key ON corrections (organization_id, type, sequence);
      CREATE INDEX corrections_bill_idx ON corrections (organization_id, bill_id, created_at);
      CREATE INDEX corrections_list_idx ON corrections (organization_id, issued_at DESC, id DESC);
      ALTER TABLE bills
        ADD COLUMN credited_minor bigint NOT NULL DEFAULT 0 CHECK (credited_minor >= 0),
        ADD COLUMN supplementary_minor bigint NOT NULL DEFAULT 0 CHECK (supplementary_minor >= 0);
      ALTER TABLE email_deliveries ADD COLUMN correction_id uuid,
        ADD CONSTRAINT email_deliveries_correction_fkey FOREIGN KEY (organization_id, correction_id) REFERENCES corrections (organization_id, id);
      ${eventTypeChecks(WITH_SUPPLEMENTARY)}
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DELETE FROM webhook_deliveries WHERE event_id IN (SELECT id FROM webhook_events WHERE type = 'supplementary_invoice.issued');
      DELETE FROM webhook_events WHERE type = 'supplementary_invoice.issued';
      UPDATE webhook_endpoints SET event_types = array_remove(event_types, 'supplementary_invoice.issued');
      ${eventTypeChecks(EVENT_TYPES)}
      DELETE FROM email_deliveries WHERE correction_id IS NOT NULL;
      ALTER TABLE email_deliveries DROP COLUMN correction_id;
      ALTER TABLE bills DROP COLUMN credited_minor, DROP COLUMN supplementary_minor;
      DROP TABLE corrections, credit_note_sequences;
    `);
  }
}
