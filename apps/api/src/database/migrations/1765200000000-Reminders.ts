import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Payment reminders of issue #15, point 3 (README "Payment reminders"):
 * - `organizations.reminder_schedule`: the steps, in days from the due date (negative: before), ascending, at most 6;
 *   empty (the default): no reminders. `departments.reminders_enabled`: a customer's opt-out.
 * - A reminder is an e-mail delivery of `kind` 'reminder' with its 0-based `reminder_step` and the step's
 *   `reminder_offset_days` when it was queued; one per bill and step (`email_deliveries_reminder_key`), so billing runs
 *   from several instances queue it once. `cancelled`: a reminder whose bill was paid or voided before it went out.
 */
export class Reminders1765200000000 implements MigrationInterface {
  name = 'Reminders1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE organizations ADD COLUMN reminder_schedule integer[] NOT NULL DEFAULT '{}'
        CHECK (cardinality(reminder_schedule) <= 6);
      ALTER TABLE departments ADD COLUMN reminders_enabled boolean NOT NULL DEFAULT true;
      ALTER TABLE email_deliveries
        ADD COLUMN kind text NOT NULL DEFAULT 'invoice' CHECK (kind IN ('invoice', 'reminder')),
        ADD COLUMN reminder_step smallint CHECK (reminder_step BETWEEN 0 AND 5),
        ADD COLUMN reminder_offset_days integer,
        ADD CONSTRAINT email_deliveries_reminder_check
          CHECK ((kind = 'reminder') = (reminder_step IS NOT NULL) AND (kind = 'reminder') = (reminder_offset_days IS NOT NULL)),
        DROP CONSTRAINT email_deliveries_status_check,
        ADD CONSTRAINT email_deliveries_status_check CHECK (status IN ('queued', 'sending', 'sent', 'failed', 'cancelled'));
      CREATE UNIQUE INDEX email_deliveries_reminder_key ON email_deliveries (organization_id, bill_id, reminder_step)
        WHERE kind = 'reminder';
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DELETE FROM email_deliveries WHERE kind = 'reminder';
      DROP INDEX email_deliveries_reminder_key;
      ALTER TABLE email_deliveries DROP CONSTRAINT email_deliveries_reminder_check, DROP COLUMN kind, DROP COLUMN reminder_step,
        DROP COLUMN reminder_offset_days, DROP CONSTRAINT email_deliveries_status_check,
        ADD CONSTRAINT email_deliveries_status_check CHECK (status IN ('queued', 'sending', 'sent', 'failed'));
      ALTER TABLE departments DROP COLUMN reminders_enabled;
      ALTER TABLE organizations DROP COLUMN reminder_schedule;
    `);
  }
}
