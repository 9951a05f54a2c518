import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Drafts of issue #15, point 1 (README "Drafts, then issued"):
 * - `bills.status` gains `draft`: a closed period's bill under review. A draft has no number nor sequence (both are
 *   given when it is issued, from the gapless series); its `issue_date`/`due_date` are the scheduled ones until
 *   then. `review_until` is the end of its window (the cron issues it from then); `issued_at` is when it was issued
 *   (null on drafts; on bills from before drafts, their creation).
 * - `organizations.review_days` (0..90, default 0 = issued when made, as before) and the customer's override
 *   `departments.review_days` (null: the organization's).
 * - `bills_review_idx` finds the drafts whose window ended; `billing_runs.drafts_issued` counts those a run issued.
 */
export class Drafts1765000000000 implements MigrationInterface {
  name = 'Drafts1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE organizations ADD COLUMN review_days integer NOT NULL DEFAULT 0 CHECK (review_days BETWEEN 0 AND 90);
      ALTER TABLE departments ADD COLUMN review_days integer CHECK (review_days BETWEEN 0 AND 90);

      ALTER TABLE bills DROP CONSTRAINT bills_status_check;
      ALTER TABLE bills
        ADD CONSTRAINT bills_status_check CHECK (status IN ('draft', 'unpaid', 'paid', 'void')),
        ALTER COLUMN sequence DROP NOT NULL,
        ALTER COLUMN number DROP NOT NULL,
        ADD COLUMN review_until timestamptz,
        ADD COLUMN issued_at timestamptz,
        ADD CONSTRAINT bills_draft_check CHECK (
          (status = 'draft') = (number IS NULL) AND (status = 'draft') = (sequence IS NULL)
          AND (status = 'draft') = (review_until IS NOT NULL) AND (status = 'draft') = (issued_at IS NULL)
        );
      UPDATE bills SET issued_at = created_at;
      CREATE INDEX bills_review_idx ON bills (organization_id, review_until) WHERE status = 'draft';
      ALTER TABLE billing_runs ADD COLUMN drafts_issued integer NOT NULL DEFAULT 0;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DELETE FROM adjustments a USING bills b WHERE b.organization_id = a.organization_id AND b.id = a.bill_id AND b.status = 'draft';
      UPDATE sessions s SET bill_id = NULL FROM bills b WHERE b.organization_id = s.organization_id AND b.id = s.bill_id AND b.status = 'draft';
      DELETE FROM bill_lines l USING bills b WHERE b.organization_id = l.organization_id AND b.id = l.bill_id AND b.status = 'draft';
      DELETE FROM bills WHERE status = 'draft';
      DROP INDEX bills_review_idx;
      ALTER TABLE billing_runs DROP COLUMN drafts_issued;
      ALTER TABLE bills DROP CONSTRAINT bills_draft_check, DROP COLUMN review_until, DROP COLUMN issued_at,
        ALTER COLUMN sequence SET NOT NULL, ALTER COLUMN number SET NOT NULL, DROP CONSTRAINT bills_status_check;
      ALTER TABLE bills ADD CONSTRAINT bills_status_check CHECK (status IN ('unpaid', 'paid', 'void'));
      ALTER TABLE departments DROP COLUMN review_days;
      ALTER TABLE organizations DROP COLUMN review_days;
    `);
  }
}
