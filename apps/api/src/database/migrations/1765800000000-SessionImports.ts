import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Session imports (issue #19).
 * - `import_profiles`: a saved mapping of a tool's session report (preset or own), its settings (libs/billing
 *   session-import.ts ImportProfileSettings) and the prefix of the sessions' external ids it makes.
 * - `import_customer_keys`: the tool's customer key (group, company, account, device) → department, per profile.
 * - `import_held_rows`: connections whose customer key is not mapped yet; imported (and deleted) once it is.
 * - `import_merged_connections`: connections merged into another connection's session (the first one's id is the
 *   session's external id), so a re-import knows them and adds nothing.
 * - `import_runs`: every preview and import with its counts and its refusals.
 */
export class SessionImports1765800000000 implements MigrationInterface {
  name = 'SessionImports1765800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE import_profiles (
        organization_id uuid NOT NULL REFERENCES organizations (id),
        id uuid NOT NULL,
        name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
        preset text,
        id_prefix text NOT NULL CHECK (id_prefix ~ '^[a-z0-9_-]{1,30}$'),
        settings jsonb NOT NULL CHECK (jsonb_typeof(settings) = 'object'),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organization_id, id)
      );
      CREATE UNIQUE INDEX import_profiles_name_key ON import_profiles (organization_id, lower(name));

      CREATE TABLE import_customer_keys (
        organization_id uuid NOT NULL,
        profile_id uuid NOT NULL,
        customer_key text NOT NULL CHECK (char_length(customer_key) BETWEEN 1 AND 200),
        department_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organization_id, profile_id, customer_key),
        FOREIGN KEY (organization_id, profile_id) REFERENCES import_profiles (organization_id, id) ON DELETE CASCADE,
        FOREIGN KEY (organization_id, department_id) REFERENCES departments (organization_id, id)
      );

      CREATE TABLE import_held_rows (
        organization_id uuid NOT NULL,
        profile_id uuid NOT NULL,
        external_id text NOT NULL,
        customer_key text NOT NULL,
        technician text,
        type text NOT NULL CHECK (type IN ('attended', 'unattended')),
        started_at timestamptz NOT NULL,
        ended_at timestamptz NOT NULL,
        row_number integer NOT NULL,
        run_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organization_id, external_id),
        FOREIGN KEY (organization_id, profile_id) REFERENCES import_profiles (organization_id, id) ON DELETE CASCADE,
        CHECK (ended_at >= started_at)
      );
      CREATE INDEX import_held_rows_key_idx ON import_held_rows (organization_id, profile_id, customer_key);

      CREATE TABLE import_merged_connections (
        organization_id uuid NOT NULL,
        external_id text NOT NULL,
        session_external_id text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organization_id, external_id)
      );

      CREATE TABLE import_runs (
        organization_id uuid NOT NULL,
        id uuid NOT NULL,
        profile_id uuid NOT NULL,
        dry_run boolean NOT NULL,
        rows integer NOT NULL DEFAULT 0,
        accepted integer NOT NULL DEFAULT 0,
        merged integer NOT NULL DEFAULT 0,
        duplicates integer NOT NULL DEFAULT 0,
        held integer NOT NULL DEFAULT 0,
        refused integer NOT NULL DEFAULT 0,
        sessions integer NOT NULL DEFAULT 0,
        refusals jsonb NOT NULL DEFAULT '[]',
        created_by text,
        started_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        PRIMARY KEY (organization_id, id),
        FOREIGN KEY (organization_id, profile_id) REFERENCES import_profiles (organization_id, id) ON DELETE CASCADE
      );
      CREATE INDEX import_runs_profile_idx ON import_runs (organization_id, profile_id, started_at DESC);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE import_runs;
      DROP TABLE import_merged_connections;
      DROP TABLE import_held_rows;
      DROP TABLE import_customer_keys;
      DROP TABLE import_profiles;
    `);
  }
}
