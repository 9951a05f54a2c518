import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Bills and what hangs off them. Totals columns on bills are written only by the totals function of
 * libs/billing (from lines, adjustments and payments), kept for fast lists and filters.
 */
export class Bills1764300000000 implements MigrationInterface {
  name = 'Bills1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      -- Gapless per-organization numbering: the row is locked and bumped inside the bill's transaction.
      CREATE TABLE bill_sequences (
        organization_id uuid PRIMARY KEY REFERENCES organizations(id),
        last_value bigint NOT NULL DEFAULT 0
      );

      CREATE TABLE bills (
        organization_id uuid NOT NULL REFERENCES organizations(id),
        id uuid NOT NULL,
        sequence bigint NOT NULL,
        number text NOT NULL,
        association_id uuid NOT NULL,
        department_id uuid NOT NULL,
        plan_id uuid NOT NULL,
        period_index integer NOT NULL,
        period_start timestamptz NOT NULL,
        period_end timestamptz NOT NULL,
        issue_date date NOT NULL,
        due_date date NOT NULL,
        time_zone text NOT NULL,
        currency char(3) NOT NULL,
        department_name text NOT NULL,
        plan_name text NOT NULL,
        plan_snapshot jsonb NOT NULL,
        billing_address jsonb NOT NULL,
        recipients text[] NOT NULL,
        status text NOT NULL CHECK (status IN ('unpaid', 'paid', 'void')),
        subtotal_minor bigint NOT NULL,
        adjustments_minor bigint NOT NULL DEFAULT 0,
        total_minor bigint NOT NULL,
        paid_minor bigint NOT NULL DEFAULT 0,
        balance_minor bigint NOT NULL,
        void_reason text,
        voided_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organization_id, id),
        FOREIGN KEY (organization_id, association_id) REFERENCES associations (organization_id, id),
        FOREIGN KEY (organization_id, department_id) REFERENCES departments (organization_id, id),
        FOREIGN KEY (organization_id, plan_id) REFERENCES plans (organization_id, id),
        CHECK (period_end > period_start)
      );
      -- Nothing is billed twice: one bill per association and period.
      CREATE UNIQUE INDEX bills_period_key ON bills (organization_id, association_id, period_start);
      CREATE UNIQUE INDEX bills_sequence_key ON bills (organization_id, sequence);
      CREATE INDEX bills_list_idx ON bills (organization_id, period_start DESC, id DESC);
      CREATE INDEX bills_status_idx ON bills (organization_id, status, due_date);
      CREATE INDEX bills_department_idx ON bills (organization_id, department_id, period_start DESC);
      CREATE INDEX bills_plan_idx ON bills (organization_id, plan_id, period_start DESC);

      -- Deferred: a billing run marks sessions with the id of the bill it inserts later in the same transaction.
      ALTER TABLE sessions ADD CONSTRAINT sessions_bill_fkey FOREIGN KEY (organization_id, bill_id)
        REFERENCES bills (organization_id, id) DEFERRABLE INITIALLY DEFERRED;

      CREATE TABLE bill_lines (
        organization_id uuid NOT NULL,
        bill_id uuid NOT NULL,
        position smallint NOT NULL,
        kind text NOT NULL CHECK (kind IN ('sessions', 'hours', 'devices', 'late_usage')),
        description text NOT NULL,
        quantity numeric(20, 4) NOT NULL,
        unit text NOT NULL,
        unit_amount_minor bigint NOT NULL,
        amount_minor bigint NOT NULL,
        PRIMARY KEY (organization_id, bill_id, position),
        FOREIGN KEY (organization_id, bill_id) REFERENCES bills (organization_id, id)
      );

      CREATE TABLE adjustments (
        organization_id uuid NOT NULL,
        id uuid NOT NULL,
        bill_id uuid NOT NULL,
        type text NOT NULL CHECK (type IN ('charge', 'discount')),
        amount_minor bigint CHECK (amount_minor >= 0),
        percent numeric(9, 4) CHECK (percent > 0),
        computed_minor bigint NOT NULL CHECK (computed_minor >= 0),
        reason text NOT NULL,
        author_id uuid,
        author_name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organization_id, id),
        FOREIGN KEY (organization_id, bill_id) REFERENCES bills (organization_id, id),
        CHECK ((amount_minor IS NULL) <> (percent IS NULL))
      );
      CREATE INDEX adjustments_bill_idx ON adjustments (organization_id, bill_id, created_at);

      CREATE TABLE payments (
        organization_id uuid NOT NULL,
        id uuid NOT NULL,
        bill_id uuid NOT NULL,
        amount_minor bigint NOT NULL CHECK (amount_minor > 0),
        paid_at timestamptz NOT NULL,
        method text,
        reference text,
        recorded_by_id uuid,
        recorded_by_name text NOT NULL,
        reversed_at timestamptz,
        reversal_reason text,
        reversed_by_name text,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organization_id, id),
        FOREIGN KEY (organization_id, bill_id) REFERENCES bills (organization_id, id)
      );
      CREATE INDEX payments_bill_idx ON payments (organization_id, bill_id, created_at);

      CREATE TABLE email_deliveries (
        organization_id uuid NOT NULL,
        id uuid NOT NULL,
        bill_id uuid NOT NULL,
        to_addresses text[] NOT NULL,
        cc_addresses text[] NOT NULL DEFAULT '{}',
        message text,
        status text NOT NULL CHECK (status IN ('queued', 'sending', 'sent', 'failed')),
        attempts integer NOT NULL DEFAULT 0,
        max_attempts integer NOT NULL DEFAULT 5,
        last_error text,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        locked_until timestamptz,
        sent_at timestamptz,
        message_id text,
        requested_by_name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organization_id, id),
        FOREIGN KEY (organization_id, bill_id) REFERENCES bills (organization_id, id)
      );
      CREATE INDEX email_deliveries_bill_idx ON email_deliveries (organization_id, bill_id, created_at);
      CREATE INDEX email_deliveries_due_idx ON email_deliveries (next_attempt_at) WHERE status IN ('queued', 'sending');
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE email_deliveries, payments, adjustments, bill_lines;
      ALTER TABLE sessions DROP CONSTRAINT IF EXISTS sessions_bill_fkey;
      DROP TABLE bills, bill_sequences;
    `);
  }
}
