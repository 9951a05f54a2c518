import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Taxed bills of issue #14, point 4 (README "Taxes and customers' tax data"). A bill keeps what it was made with:
 * - `seller_profiles`: immutable versions of the organization's seller profile (its fields as JSON, and the logo's
 *   bytes), one row per distinct content (`sha256` of the JSON, which holds the logo's own hash). A bill points at
 *   the version current when it was made, so a later edit of the profile or the logo never changes it, and a
 *   million bills share a handful of rows instead of a million copies of the logo.
 * - `bills.buyer`: the customer's legal name, VAT ID, buyer reference (BT-10) and purchase order (BT-13) then;
 *   `bills.language`: the invoice language then (the customer's, else the organization's).
 * - `bills.tax_treatment`, `tax_exemption_reason`, `tax_rates` (the 0..2 rates every line carries):
 *   the input of the tax computation; `taxes` (the breakdown) and `tax_minor` are its stored result, written with
 *   the totals from libs/billing's billTotals. `total_minor` is the gross; the net is total − tax.
 * Existing bills become untaxed ('none', tax 0, total unchanged), in the organization's language, with the seller
 * as it is at migration time (only its name existed before).
 */
export class BillTaxes1764800000000 implements MigrationInterface {
  name = 'BillTaxes1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE seller_profiles (
        organization_id uuid NOT NULL REFERENCES organizations(id),
        id uuid NOT NULL,
        sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        profile jsonb NOT NULL CHECK (jsonb_typeof(profile) = 'object'),
        logo bytea CHECK (octet_length(logo) BETWEEN 1 AND 262144),
        logo_content_type text CHECK (logo_content_type IN ('image/png', 'image/jpeg')),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organization_id, id),
        CONSTRAINT seller_profiles_content_key UNIQUE (organization_id, sha256),
        CONSTRAINT seller_profiles_logo_whole CHECK ((logo IS NULL) = (logo_content_type IS NULL))
      );

      ALTER TABLE bills
        ADD COLUMN seller_profile_id uuid,
        ADD COLUMN buyer jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(buyer) = 'object'),
        ADD COLUMN language text NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'de', 'fr', 'es', 'nl', 'it')),
        ADD COLUMN tax_treatment text NOT NULL DEFAULT 'none'
          CHECK (tax_treatment IN ('none', 'standard', 'reverse_charge', 'exempt', 'export')),
        ADD COLUMN tax_exemption_reason text CHECK (char_length(tax_exemption_reason) BETWEEN 1 AND 500),
        ADD COLUMN tax_rates jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(tax_rates) = 'array'),
        ADD COLUMN taxes jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(taxes) = 'array'),
        ADD COLUMN tax_minor bigint NOT NULL DEFAULT 0,
        ADD CONSTRAINT bills_untaxed_check CHECK (tax_treatment <> 'none' OR (tax_minor = 0 AND taxes = '[]'::jsonb)),
        ADD CONSTRAINT bills_seller_profile_fkey FOREIGN KEY (organization_id, seller_profile_id)
          REFERENCES seller_profiles (organization_id, id);

      INSERT INTO seller_profiles (organization_id, id, sha256, profile)
      SELECT o.id, gen_random_uuid(), encode(sha256(convert_to(p.profile::text, 'UTF8')), 'hex'), p.profile
        FROM organizations o
       CROSS JOIN LATERAL (SELECT jsonb_build_object('name', o.name) AS profile) p
       WHERE EXISTS (SELECT 1 FROM bills b WHERE b.organization_id = o.id);

      UPDATE bills b
         SET seller_profile_id = s.id,
             language = o.invoice_language,
             buyer = jsonb_build_object('legalName', NULL, 'vatId', NULL, 'buyerReference', NULL, 'purchaseOrder', NULL)
        FROM seller_profiles s, organizations o
       WHERE s.organization_id = b.organization_id AND o.id = b.organization_id;

      ALTER TABLE bills ALTER COLUMN seller_profile_id SET NOT NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE bills
        DROP CONSTRAINT bills_seller_profile_fkey, DROP CONSTRAINT bills_untaxed_check,
        DROP COLUMN seller_profile_id, DROP COLUMN buyer, DROP COLUMN language, DROP COLUMN tax_treatment,
        DROP COLUMN tax_exemption_reason, DROP COLUMN tax_rates, DROP COLUMN taxes, DROP COLUMN tax_minor;
      DROP TABLE seller_profiles;
    `);
  }
}
