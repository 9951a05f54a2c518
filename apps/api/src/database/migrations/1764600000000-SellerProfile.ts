import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The seller profile of issue #14 (Settings > Organization, GET/PATCH /organization, PUT/GET/DELETE
 * /organization/logo): the seller's legal identity, contact, payment details and invoice texts, and its logo,
 * all on the organization's own row (organizations stays one small reference table for Citus: no new table).
 * NULL means "not set". The logo's bytes are a bytea of at most 256 KB, with what the API read from them;
 * all logo columns are set or null together.
 */
export class SellerProfile1764600000000 implements MigrationInterface {
  name = 'SellerProfile1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE organizations
        ADD COLUMN legal_name text CHECK (char_length(legal_name) BETWEEN 1 AND 200),
        ADD COLUMN vat_id text CHECK (vat_id ~ '^[A-Z]{2}[A-Z0-9]{2,16}$'),
        ADD COLUMN tax_number text CHECK (char_length(tax_number) BETWEEN 1 AND 50),
        ADD COLUMN company_registration text CHECK (char_length(company_registration) BETWEEN 1 AND 200),
        ADD COLUMN address jsonb CHECK (jsonb_typeof(address) = 'object'),
        ADD COLUMN contact_email text CHECK (char_length(contact_email) BETWEEN 3 AND 254),
        ADD COLUMN phone text CHECK (char_length(phone) BETWEEN 3 AND 40),
        ADD COLUMN website text CHECK (website ~ '^https://' AND char_length(website) <= 200),
        ADD COLUMN account_holder text CHECK (char_length(account_holder) BETWEEN 1 AND 200),
        ADD COLUMN iban text CHECK (iban ~ '^[A-Z]{2}[0-9]{2}[A-Z0-9]{1,30}$'),
        ADD COLUMN bic text CHECK (bic ~ '^[A-Z0-9]{8}([A-Z0-9]{3})?$'),
        ADD COLUMN payment_instructions text CHECK (char_length(payment_instructions) BETWEEN 1 AND 1000),
        ADD COLUMN payment_terms text CHECK (char_length(payment_terms) BETWEEN 1 AND 1000),
        ADD COLUMN invoice_footer text CHECK (char_length(invoice_footer) BETWEEN 1 AND 2000),
        ADD COLUMN invoice_language text NOT NULL DEFAULT 'en' CHECK (invoice_language IN ('en', 'de', 'fr', 'es', 'nl', 'it')),
        ADD COLUMN logo bytea CHECK (octet_length(logo) BETWEEN 1 AND 262144),
        ADD COLUMN logo_content_type text CHECK (logo_content_type IN ('image/png', 'image/jpeg')),
        ADD COLUMN logo_size integer CHECK (logo_size BETWEEN 1 AND 262144),
        ADD COLUMN logo_width integer CHECK (logo_width BETWEEN 1 AND 4096),
        ADD COLUMN logo_height integer CHECK (logo_height BETWEEN 1 AND 4096),
        ADD COLUMN logo_sha256 text CHECK (logo_sha256 ~ '^[0-9a-f]{64}$'),
        ADD COLUMN logo_updated_at timestamptz,
        ADD CONSTRAINT organizations_logo_whole CHECK (
          (logo IS NULL) = (logo_content_type IS NULL) AND (logo IS NULL) = (logo_size IS NULL)
          AND (logo IS NULL) = (logo_width IS NULL) AND (logo IS NULL) = (logo_height IS NULL)
          AND (logo IS NULL) = (logo_sha256 IS NULL) AND (logo IS NULL) = (logo_updated_at IS NULL)
          AND (logo IS NULL OR octet_length(logo) = logo_size)
        );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE organizations
        DROP CONSTRAINT organizations_logo_whole,
        DROP COLUMN legal_name, DROP COLUMN vat_id, DROP COLUMN tax_number, DROP COLUMN company_registration,
        DROP COLUMN address, DROP COLUMN contact_email, DROP COLUMN phone, DROP COLUMN website,
        DROP COLUMN account_holder, DROP COLUMN iban, DROP COLUMN bic, DROP COLUMN payment_instructions,
        DROP COLUMN payment_terms, DROP COLUMN invoice_footer, DROP COLUMN invoice_language,
        DROP COLUMN logo, DROP COLUMN logo_content_type, DROP COLUMN logo_size, DROP COLUMN logo_width,
        DROP COLUMN logo_height, DROP COLUMN logo_sha256, DROP COLUMN logo_updated_at
    `);
  }
}
