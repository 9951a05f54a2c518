import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Taxes of issue #14, points 2 and 3 (README "Taxes and customers' tax data"):
 * - `tax_rates`: the organization's rates (name, percent with 4 decimals, EN 16931 category, exemption
 *   reason), archived instead of deleted. The checks repeat libs/billing's validateTaxRate (the API runs it first).
 *   No two live rates share name (case-insensitively), category and percent: that triple is a group of the breakdown.
 * - `plan_tax_rates`, `department_tax_rates`: a plan's default rates and a customer's override, 0..2 per owner in
 *   order (`position` 0, 1). Join tables, not a uuid[] column: every id has a foreign key (a rate row can never
 *   vanish under a plan) and "which plans use this rate" is an index read. `departments.tax_rates_override` tells
 *   "no override" (false: the plan's rates apply) from "override with none" (true and no row).
 * - `departments`: the customer's legal name, VAT ID, invoice language (null: the organization's) and tax
 *   treatment; `associations`: the buyer reference (BT-10) and purchase order (BT-13) of the contract.
 * organization_id leads every key and foreign key (Citus, docs/SCALING.md).
 */
export class TaxRates1764700000000 implements MigrationInterface {
  name = 'TaxRates1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE tax_rates (
        organization_id uuid NOT NULL REFERENCES organizations(id),
        id uuid NOT NULL,
        name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
        rate_percent numeric(7, 4) NOT NULL CHECK (rate_percent BETWEEN 0 AND 100),
        category_code text NOT NULL CHECK (category_code IN ('S', 'Z', 'E', 'AE', 'K', 'G', 'O')),
        exemption_reason text CHECK (char_length(exemption_reason) BETWEEN 1 AND 500),
        archived_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organization_id, id),
        -- S above 0 %, every other category exactly 0 %; E needs a reason, S and Z have none (BR-S-10, BR-Z-10).
        CONSTRAINT tax_rates_category_percent_check CHECK ((category_code = 'S') = (rate_percent > 0)),
        CONSTRAINT tax_rates_exempt_reason_check CHECK (category_code <> 'E' OR exemption_reason IS NOT NULL),
        CONSTRAINT tax_rates_no_reason_check CHECK (category_code NOT IN ('S', 'Z') OR exemption_reason IS NULL)
      );
      CREATE UNIQUE INDEX tax_rates_identity_key ON tax_rates (organization_id, lower(name), category_code, rate_percent)
        WHERE archived_at IS NULL;
      CREATE INDEX tax_rates_name_idx ON tax_rates (organization_id, lower(name), id);

      CREATE TABLE plan_tax_rates (
        organization_id uuid NOT NULL,
        plan_id uuid NOT NULL,
        position smallint NOT NULL CHECK (position IN (0, 1)),
        tax_rate_id uuid NOT NULL,
        PRIMARY KEY (organization_id, plan_id, position),
        CONSTRAINT plan_tax_rates_rate_key UNIQUE (organization_id, plan_id, tax_rate_id),
        FOREIGN KEY (organization_id, plan_id) REFERENCES plans (organization_id, id),
        FOREIGN KEY (organization_id, tax_rate_id) REFERENCES tax_rates (organization_id, id)
      );
      CREATE INDEX plan_tax_rates_rate_idx ON plan_tax_rates (organization_id, tax_rate_id);

      ALTER TABLE departments
        ADD COLUMN legal_name text CHECK (char_length(legal_name) BETWEEN 1 AND 200),
        ADD COLUMN vat_id text CHECK (vat_id ~ '^[A-Z]{2}[A-Z0-9]{2,16}$'),
        ADD COLUMN invoice_language text CHECK (invoice_language IN ('en', 'de', 'fr', 'es', 'nl', 'it')),
        ADD COLUMN tax_treatment text NOT NULL DEFAULT 'standard'
          CHECK (tax_treatment IN ('standard', 'reverse_charge', 'exempt', 'export')),
        ADD COLUMN exemption_reason text CHECK (char_length(exemption_reason) BETWEEN 1 AND 500),
        ADD COLUMN tax_rates_override boolean NOT NULL DEFAULT false,
        ADD CONSTRAINT departments_reverse_charge_vat_id_check CHECK (tax_treatment <> 'reverse_charge' OR vat_id IS NOT NULL),
        ADD CONSTRAINT departments_exempt_reason_check CHECK (tax_treatment <> 'exempt' OR exemption_reason IS NOT NULL),
        ADD CONSTRAINT departments_standard_reason_check CHECK (tax_treatment <> 'standard' OR exemption_reason IS NULL);

      CREATE TABLE department_tax_rates (
        organization_id uuid NOT NULL,
        department_id uuid NOT NULL,
        position smallint NOT NULL CHECK (position IN (0, 1)),
        tax_rate_id uuid NOT NULL,
        PRIMARY KEY (organization_id, department_id, position),
        CONSTRAINT department_tax_rates_rate_key UNIQUE (organization_id, department_id, tax_rate_id),
        FOREIGN KEY (organization_id, department_id) REFERENCES departments (organization_id, id),
        FOREIGN KEY (organization_id, tax_rate_id) REFERENCES tax_rates (organization_id, id)
      );
      CREATE INDEX department_tax_rates_rate_idx ON department_tax_rates (organization_id, tax_rate_id);

      ALTER TABLE associations
        ADD COLUMN buyer_reference text CHECK (char_length(buyer_reference) BETWEEN 1 AND 200),
        ADD COLUMN purchase_order text CHECK (char_length(purchase_order) BETWEEN 1 AND 200);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE associations DROP COLUMN buyer_reference, DROP COLUMN purchase_order;
      DROP TABLE department_tax_rates, plan_tax_rates;
      ALTER TABLE departments
        DROP COLUMN legal_name, DROP COLUMN vat_id, DROP COLUMN invoice_language, DROP COLUMN tax_treatment,
        DROP COLUMN exemption_reason, DROP COLUMN tax_rates_override;
      DROP TABLE tax_rates;
    `);
  }
}
