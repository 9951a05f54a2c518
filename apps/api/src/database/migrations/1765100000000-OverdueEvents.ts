import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `bill.overdue` webhook events (issue #15, point 4): `bills.overdue_at` is when a billing run first saw the bill
 * overdue (unpaid after its due date in its own zone) and emitted the event, so each bill has it once. Bills that are
 * overdue already when this runs are marked without an event (no flood of old news to a new endpoint).
 * `bills_overdue_due_idx` finds the bills still to be seen.
 */
export class OverdueEvents1765100000000 implements MigrationInterface {
  name = 'OverdueEvents1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE bills ADD COLUMN overdue_at timestamptz;
      UPDATE bills SET overdue_at = now() WHERE status = 'unpaid' AND due_date < (now() AT TIME ZONE time_zone)::date;
      CREATE INDEX bills_overdue_due_idx ON bills (organization_id, due_date) WHERE status = 'unpaid' AND overdue_at IS NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX bills_overdue_due_idx; ALTER TABLE bills DROP COLUMN overdue_at;`);
  }
}
