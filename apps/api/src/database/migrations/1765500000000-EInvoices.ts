import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * E-invoices (issue #16).
 * - `departments.einvoice_format`: the format the customer receives (none: the PDF alone), its electronic address
 *   (EN 16931 BT-49: EAS scheme and id, both or neither) and whether its e-invoices carry the session statement.
 * - `organizations.electronic_address_*`: the seller's (BT-34).
 * - `einvoice_documents`: an issued document's e-invoice in one format, generated at its first request (download or
 *   e-mail) and returned byte for byte afterwards, like document_pdfs. The first stored wins.
 */
export class EInvoices1765500000000 implements MigrationInterface {
  name = 'EInvoices1765500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE departments
        ADD COLUMN einvoice_format text NOT NULL DEFAULT 'none'
          CHECK (einvoice_format IN ('none', 'peppol', 'xrechnung_ubl', 'xrechnung_cii', 'facturx')),
        ADD COLUMN electronic_address_scheme text CHECK (electronic_address_scheme ~ '^[A-Z0-9]{2,4}$'),
        ADD COLUMN electronic_address_id text CHECK (char_length(electronic_address_id) BETWEEN 1 AND 200),
        ADD COLUMN attach_session_statement boolean NOT NULL DEFAULT false,
        ADD CONSTRAINT departments_electronic_address_whole CHECK ((electronic_address_scheme IS NULL) = (electronic_address_id IS NULL));
      ALTER TABLE organizations
        ADD COLUMN electronic_address_scheme text CHECK (electronic_address_scheme ~ '^[A-Z0-9]{2,4}$'),
        ADD COLUMN electronic_address_id text CHECK (char_length(electronic_address_id) BETWEEN 1 AND 200),
        ADD CONSTRAINT organizations_electronic_address_whole CHECK ((electronic_address_scheme IS NULL) = (electronic_address_id IS NULL));
      CREATE TABLE einvoice_documents (
        organization_id uuid NOT NULL REFERENCES organizations (id),
        document_id uuid NOT NULL,
        format text NOT NULL CHECK (format IN ('peppol', 'xrechnung_ubl', 'xrechnung_cii', 'facturx')),
        content_type text NOT NULL CHECK (content_type IN ('application/xml', 'application/pdf')),
        filename text NOT NULL CHECK (char_length(filename) BETWEEN 1 AND 200),
        content bytea NOT NULL,
        sha256 text NOT NULL CHECK (char_length(sha256) = 64),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organization_id, document_id, format)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE einvoice_documents;
      ALTER TABLE organizations DROP CONSTRAINT organizations_electronic_address_whole,
        DROP COLUMN electronic_address_scheme, DROP COLUMN electronic_address_id;
      ALTER TABLE departments DROP CONSTRAINT departments_electronic_address_whole,
        DROP COLUMN einvoice_format, DROP COLUMN electronic_address_scheme, DROP COLUMN electronic_address_id,
        DROP COLUMN attach_session_statement;
    `);
  }
}
