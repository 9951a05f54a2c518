import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Import connectors (issue #19 point 5): a tool's reports API pulled on a schedule into an import profile.
 * - `import_connectors`: one per pulled account. `kind` is the tool (only 'zoho_assist' so far), `data_centre` its
 *   account's Zoho data centre (the domain suffix: com, eu, in, com.au, com.cn, jp, ca, sa, uk). The OAuth client
 *   secret and refresh token are stored only encrypted (AES-256-GCM, key IMPORT_SECRET_KEY: connectors/README.md).
 *   `pull_from` is where pulling starts, `cursor` the instant pulled up to (advanced in the import's transaction),
 *   `next_run_at` when the scheduler pulls next, `claimed_until` the lease of the instance pulling it now.
 */
export class ImportConnectors1765900000000 implements MigrationInterface {
  name = 'ImportConnectors1765900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE import_connectors (
        organization_id uuid NOT NULL,
        id uuid NOT NULL,
        profile_id uuid NOT NULL,
        kind text NOT NULL CHECK (kind IN ('zoho_assist')),
        data_centre text NOT NULL CHECK (data_centre IN ('com', 'eu', 'in', 'com.au', 'com.cn', 'jp', 'ca', 'sa', 'uk')),
        client_id text NOT NULL CHECK (char_length(client_id) BETWEEN 1 AND 200),
        client_secret_enc bytea NOT NULL,
        refresh_token_enc bytea NOT NULL,
        enabled boolean NOT NULL DEFAULT true,
        poll_minutes integer NOT NULL DEFAULT 60 CHECK (poll_minutes BETWEEN 5 AND 10080),
        pull_from timestamptz NOT NULL,
        cursor timestamptz NOT NULL,
        next_run_at timestamptz NOT NULL DEFAULT now(),
        claimed_until timestamptz,
        last_run_at timestamptz,
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organization_id, id),
        FOREIGN KEY (organization_id, profile_id) REFERENCES import_profiles (organization_id, id) ON DELETE CASCADE,
        CHECK (cursor >= pull_from)
      );
      CREATE INDEX import_connectors_profile_idx ON import_connectors (organization_id, profile_id);
      CREATE INDEX import_connectors_due_idx ON import_connectors (next_run_at) WHERE enabled;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE import_connectors`);
  }
}
