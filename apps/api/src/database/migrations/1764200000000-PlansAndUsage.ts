import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Billing plans, associations (a department on a plan), remote sessions and unattended devices.
 * Money is bigint minor units. organization_id leads every key.
 */
export class PlansAndUsage1764200000000 implements MigrationInterface {
  name = 'PlansAndUsage1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE plans (
        organization_id uuid NOT NULL REFERENCES organizations(id),
        id uuid NOT NULL,
        name text NOT NULL,
        currency char(3) NOT NULL,
        billing_type text NOT NULL CHECK (billing_type IN ('per_session', 'per_hour')),
        session_rate_minor bigint CHECK (session_rate_minor >= 0),
        hour_rate_minor bigint CHECK (hour_rate_minor >= 0),
        unattended_device_rate_minor bigint NOT NULL DEFAULT 0 CHECK (unattended_device_rate_minor >= 0),
        billing_increment_minutes integer NOT NULL DEFAULT 1 CHECK (billing_increment_minutes IN (1, 5, 6, 10, 15, 30, 60)),
        minimum_billable_minutes integer NOT NULL DEFAULT 0 CHECK (minimum_billable_minutes BETWEEN 0 AND 1440),
        deleted_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organization_id, id),
        CHECK (billing_type <> 'per_session' OR session_rate_minor IS NOT NULL),
        CHECK (billing_type <> 'per_hour' OR hour_rate_minor IS NOT NULL)
      );
      CREATE UNIQUE INDEX plans_name_key ON plans (organization_id, lower(name)) WHERE deleted_at IS NULL;

      CREATE TABLE associations (
        organization_id uuid NOT NULL REFERENCES organizations(id),
        id uuid NOT NULL,
        plan_id uuid NOT NULL,
        department_id uuid NOT NULL,
        billing_cycle text NOT NULL CHECK (billing_cycle IN ('weekly', 'monthly', 'quarterly', 'half_yearly', 'yearly')),
        bill_start_date date NOT NULL,
        due_days integer NOT NULL CHECK (due_days BETWEEN 0 AND 365),
        billing_address jsonb NOT NULL,
        recipients text[] NOT NULL,
        time_zone text NOT NULL,
        ended_at timestamptz,
        -- The next period to bill, kept by the billing run (computed by libs/billing): due when it has closed.
        next_period_index integer NOT NULL DEFAULT 0,
        next_period_start timestamptz NOT NULL,
        next_period_end timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organization_id, id),
        FOREIGN KEY (organization_id, plan_id) REFERENCES plans (organization_id, id),
        FOREIGN KEY (organization_id, department_id) REFERENCES departments (organization_id, id)
      );
      -- At most one active association per department.
      CREATE UNIQUE INDEX associations_one_active_key ON associations (organization_id, department_id) WHERE ended_at IS NULL;
      CREATE INDEX associations_plan_idx ON associations (organization_id, plan_id);
      CREATE INDEX associations_due_idx ON associations (next_period_end);
      CREATE INDEX associations_department_idx ON associations (organization_id, department_id, created_at);

      CREATE TABLE sessions (
        organization_id uuid NOT NULL,
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        external_id text NOT NULL,
        department_id uuid NOT NULL,
        technician text,
        type text NOT NULL CHECK (type IN ('attended', 'unattended')),
        started_at timestamptz NOT NULL,
        ended_at timestamptz NOT NULL,
        duration_seconds integer NOT NULL CHECK (duration_seconds >= 0),
        bill_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organization_id, id),
        -- No foreign key to departments: the ingest path resolves every department before inserting (and
        -- departments are never deleted); the per-row check cost ~20% of ingest throughput (bench/README.md).
        CHECK (ended_at >= started_at)
      );
      -- Idempotency: one session per external id, enforced here, never by a read-before-write.
      CREATE UNIQUE INDEX sessions_external_id_key ON sessions (organization_id, external_id);
      -- Listing and billing: a range scan per department and period.
      CREATE INDEX sessions_department_time_idx ON sessions (organization_id, department_id, started_at);
      -- What is still to bill, small and hot.
      CREATE INDEX sessions_unbilled_idx ON sessions (organization_id, department_id, started_at) WHERE bill_id IS NULL;
      CREATE INDEX sessions_time_idx ON sessions (organization_id, started_at, id);

      CREATE TABLE devices (
        organization_id uuid NOT NULL,
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        external_id text NOT NULL,
        department_id uuid NOT NULL,
        name text NOT NULL,
        enrolled_at timestamptz NOT NULL,
        removed_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organization_id, id),
        FOREIGN KEY (organization_id, department_id) REFERENCES departments (organization_id, id),
        CHECK (removed_at IS NULL OR removed_at >= enrolled_at)
      );
      CREATE UNIQUE INDEX devices_external_id_key ON devices (organization_id, external_id);
      CREATE INDEX devices_department_idx ON devices (organization_id, department_id, enrolled_at);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE devices, sessions, associations, plans`);
  }
}
