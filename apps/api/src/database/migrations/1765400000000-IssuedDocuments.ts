import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issued documents (issue #15, point 1): archived PDFs and automatic sending.
 * - `document_pdfs`: the PDF of an issued invoice, credit note or supplementary invoice, rendered once as it was
 *   issued and returned byte for byte by every later download and e-mail (a later change of the plan, the seller
 *   profile or the template never changes it). One per document; the first stored wins.
 * - `bills.archive_pending` / `corrections.archive_pending`: issued and not archived yet, so the archive worker
 *   renders it soon after issue (a download or e-mail before that archives it at once). Bills issued before this
 *   migration are not pending: each is archived at its first download or e-mail.
 * - `departments.auto_send`: queue the invoice e-mail of every document issued for the customer (on for new
 *   customers; off for the customers that existed before, who were never sent anything automatically).
 */
export class IssuedDocuments1765400000000 implements MigrationInterface {
  name = 'IssuedDocuments1765400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE document_pdfs (
        organization_id uuid NOT NULL REFERENCES organizations (id),
        document_id uuid NOT NULL,
        document_type text NOT NULL CHECK (document_type IN ('invoice', 'credit_note', 'supplementary_invoice')),
        pdf bytea NOT NULL,
        sha256 text NOT NULL CHECK (char_length(sha256) = 64),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organization_id, document_id)
      );
      ALTER TABLE bills ADD COLUMN archive_pending boolean NOT NULL DEFAULT false;
      ALTER TABLE bills ALTER COLUMN archive_pending SET DEFAULT true;
      CREATE INDEX bills_archive_pending_idx ON bills (issued_at) WHERE archive_pending AND issued_at IS NOT NULL;
      ALTER TABLE corrections ADD COLUMN archive_pending boolean NOT NULL DEFAULT false;
      ALTER TABLE corrections ALTER COLUMN archive_pending SET DEFAULT true;
      CREATE INDEX corrections_archive_pending_idx ON corrections (issued_at) WHERE archive_pending;
      ALTER TABLE departments ADD COLUMN auto_send boolean NOT NULL DEFAULT false;
      ALTER TABLE departments ALTER COLUMN auto_send SET DEFAULT true;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE departments DROP COLUMN auto_send;
      ALTER TABLE corrections DROP COLUMN archive_pending;
      ALTER TABLE bills DROP COLUMN archive_pending;
      DROP TABLE document_pdfs;
    `);
  }
}
