import { startOfDay } from '../../../../../libs/billing/src/calendar';
import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The association lifecycle (README, "The association lifecycle"):
 * - `associations.starts_at`: the first instant of the association's interval [starts_at, ended_at), the
 *   start of its bill start date in its time zone (computed by libs/billing, stored so SQL can test coverage).
 * - `bills.kind`: `period` (one per association and period, as before) or `late_usage` (an ended
 *   association's sessions that arrived after its final bill); a late-usage bill has no period index.
 * - A short last period's bill has `period_end` = the association's end; a late-usage bill's period is the
 *   association's whole interval [starts_at, ended_at).
 * - `device_enrolments`: a device's enrolment history as intervals [enrolled_at, removed_at), so
 *   re-enrolling never erases a removal.
 * - `billing_runs` (history, with the failures of each run) and `billing_failures` (the associations whose
 *   last attempt failed: shown to admins, retried by every run, cleared when billed).
 */
export class Lifecycle1764400000000 implements MigrationInterface {
  name = 'Lifecycle1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE associations ADD COLUMN starts_at timestamptz`);
    const rows: { organization_id: string; id: string; d: string; time_zone: string }[] = await q.query(
      `SELECT organization_id, id, to_char(bill_start_date, 'YYYY-MM-DD') AS d, time_zone FROM associations`,
    );
    for (const r of rows) {
      await q.query('UPDATE associations SET starts_at = $3 WHERE organization_id = $1 AND id = $2', [
        r.organization_id,
        r.id,
        startOfDay(r.d, r.time_zone),
      ]);
    }
    await q.query(`
      ALTER TABLE associations ALTER COLUMN starts_at SET NOT NULL;
      CREATE INDEX associations_coverage_idx ON associations (organization_id, department_id, starts_at);
      -- Ended associations billed through their end: the billing run looks here for late usage.
      CREATE INDEX associations_done_idx ON associations (organization_id) WHERE ended_at IS NOT NULL AND next_period_start >= ended_at;

      ALTER TABLE bills ADD COLUMN kind text NOT NULL DEFAULT 'period' CHECK (kind IN ('period', 'late_usage'));
      ALTER TABLE bills ALTER COLUMN period_index DROP NOT NULL;
      ALTER TABLE bills ADD CONSTRAINT bills_kind_index_check CHECK ((kind = 'period') = (period_index IS NOT NULL));
      DROP INDEX bills_period_key;
      CREATE UNIQUE INDEX bills_period_key ON bills (organization_id, association_id, period_start) WHERE kind = 'period';

      CREATE TABLE device_enrolments (
        organization_id uuid NOT NULL,
        device_id uuid NOT NULL,
        department_id uuid NOT NULL,
        enrolled_at timestamptz NOT NULL,
        removed_at timestamptz,
        PRIMARY KEY (organization_id, device_id, enrolled_at),
        FOREIGN KEY (organization_id, device_id) REFERENCES devices (organization_id, id),
        CHECK (removed_at IS NULL OR removed_at >= enrolled_at)
      );
      CREATE INDEX device_enrolments_department_idx ON device_enrolments (organization_id, department_id, enrolled_at);
      -- At most one open interval per device.
      CREATE UNIQUE INDEX device_enrolments_open_key ON device_enrolments (organization_id, device_id) WHERE removed_at IS NULL;
      INSERT INTO device_enrolments (organization_id, device_id, department_id, enrolled_at, removed_at)
        SELECT organization_id, id, department_id, enrolled_at, removed_at FROM devices;

      CREATE TABLE billing_runs (
        organization_id uuid NOT NULL REFERENCES organizations(id),
        id uuid NOT NULL,
        trigger text NOT NULL CHECK (trigger IN ('api', 'cron')),
        as_of timestamptz NOT NULL,
        started_at timestamptz NOT NULL,
        finished_at timestamptz NOT NULL,
        bills_created integer NOT NULL,
        associations_scanned integer NOT NULL,
        failures jsonb NOT NULL DEFAULT '[]',
        PRIMARY KEY (organization_id, id)
      );
      CREATE INDEX billing_runs_time_idx ON billing_runs (organization_id, started_at DESC, id DESC);

      CREATE TABLE billing_failures (
        organization_id uuid NOT NULL,
        association_id uuid NOT NULL,
        period_start timestamptz,
        code text NOT NULL,
        message text NOT NULL,
        attempts integer NOT NULL DEFAULT 1,
        first_failed_at timestamptz NOT NULL DEFAULT now(),
        last_failed_at timestamptz NOT NULL DEFAULT now(),
        billing_run_id uuid,
        PRIMARY KEY (organization_id, association_id),
        FOREIGN KEY (organization_id, association_id) REFERENCES associations (organization_id, id)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE billing_failures, billing_runs, device_enrolments;
      DROP INDEX bills_period_key;
      ALTER TABLE bills DROP CONSTRAINT bills_kind_index_check;
      ALTER TABLE bills ALTER COLUMN period_index SET NOT NULL;
      ALTER TABLE bills DROP COLUMN kind;
      CREATE UNIQUE INDEX bills_period_key ON bills (organization_id, association_id, period_start);
      DROP INDEX associations_done_idx;
      DROP INDEX associations_coverage_idx;
      ALTER TABLE associations DROP COLUMN starts_at;
    `);
  }
}
