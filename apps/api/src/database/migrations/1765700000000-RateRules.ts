import { MigrationInterface, QueryRunner } from 'typeorm';

const LINE_KINDS = `'sessions', 'hours', 'devices', 'late_usage', 'retainer', 'prepaid', 'overage', 'block'`;

/** A plan without rules: every key present (apps/api/src/rate-rules/rate-rules.ts NO_RULES). */
const NO_RULES = JSON.stringify({
  businessHours: null,
  weekendDays: [6, 7],
  holidayCountry: null,
  holidayRegion: null,
  holidayDates: [],
  afterHoursMultiplier: null,
  afterHoursRateMinor: null,
  weekendMultiplier: null,
  weekendRateMinor: null,
  holidayMultiplier: null,
  holidayRateMinor: null,
  tierMode: null,
  tiers: [],
  unattendedRateMinor: null,
  minimumCommitmentMinor: null,
});

/**
 * Rate rules and rate versions (issue #18).
 * - `plans.rate_rules`: business hours, holiday calendar, class rates, tiers, unattended rate and minimum commitment
 *   (one object, every key present). `plans.rate_version` / `rate_effective_from`: the plan's newest rate version and
 *   its date (null: from each customer's next bill, every period not billed yet).
 * - `plan_rate_versions`: every version of a plan's rates and rules, never changed; version 1 of every existing plan
 *   is its rates as they are (in force from the start).
 * - `associations.business_hours_override` / `business_calendar`: a customer's own business hours and holidays.
 * - bill line kind `commitment` (a minimum commitment's top-up).
 */
export class RateRules1765700000000 implements MigrationInterface {
  name = 'RateRules1765700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE plans
        ADD COLUMN rate_rules jsonb NOT NULL DEFAULT '${NO_RULES}'::jsonb CHECK (jsonb_typeof(rate_rules) = 'object'),
        ADD COLUMN rate_version integer NOT NULL DEFAULT 1 CHECK (rate_version >= 1),
        ADD COLUMN rate_effective_from date;

      CREATE TABLE plan_rate_versions (
        organization_id uuid NOT NULL REFERENCES organizations (id),
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        plan_id uuid NOT NULL,
        version integer NOT NULL CHECK (version >= 1),
        -- null: every period not billed yet (version 1: from the start)
        effective_from date,
        rates jsonb NOT NULL CHECK (jsonb_typeof(rates) = 'object'),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organization_id, id),
        UNIQUE (organization_id, plan_id, version),
        FOREIGN KEY (organization_id, plan_id) REFERENCES plans (organization_id, id)
      );
      INSERT INTO plan_rate_versions (organization_id, plan_id, version, effective_from, rates, created_at)
      SELECT organization_id, id, 1, NULL,
             jsonb_build_object('billingType', billing_type, 'sessionRateMinor', session_rate_minor, 'hourRateMinor', hour_rate_minor,
               'unattendedDeviceRateMinor', unattended_device_rate_minor, 'billingIncrementMinutes', billing_increment_minutes,
               'minimumBillableMinutes', minimum_billable_minutes) || rate_rules,
             created_at
        FROM plans;

      ALTER TABLE associations
        ADD COLUMN business_hours_override boolean NOT NULL DEFAULT false,
        ADD COLUMN business_calendar jsonb CHECK (business_calendar IS NULL OR jsonb_typeof(business_calendar) = 'object'),
        ADD CONSTRAINT associations_business_calendar_override_check CHECK (business_hours_override OR business_calendar IS NULL);

      ALTER TABLE bill_lines DROP CONSTRAINT bill_lines_kind_check;
      ALTER TABLE bill_lines ADD CONSTRAINT bill_lines_kind_check CHECK (kind IN (${LINE_KINDS}, 'commitment'));
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE bill_lines DROP CONSTRAINT bill_lines_kind_check;
      ALTER TABLE bill_lines ADD CONSTRAINT bill_lines_kind_check CHECK (kind IN (${LINE_KINDS}));
      ALTER TABLE associations DROP CONSTRAINT associations_business_calendar_override_check,
        DROP COLUMN business_calendar, DROP COLUMN business_hours_override;
      DROP TABLE plan_rate_versions;
      ALTER TABLE plans DROP COLUMN rate_effective_from, DROP COLUMN rate_version, DROP COLUMN rate_rules;
    `);
  }
}
