import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Organizations, users, API keys, departments and audit events.
 * Every tenant table carries organization_id in its primary key and foreign keys, so the schema can be
 * distributed by tenant (Citus) without a rewrite.
 */
export class Foundation1764100000000 implements MigrationInterface {
  name = 'Foundation1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE organizations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        time_zone text NOT NULL DEFAULT 'UTC',
        created_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE users (
        organization_id uuid NOT NULL REFERENCES organizations(id),
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        email text NOT NULL,
        name text NOT NULL,
        role text NOT NULL CHECK (role IN ('admin', 'billing', 'viewer')),
        password_hash text NOT NULL,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organization_id, id)
      );
      CREATE UNIQUE INDEX users_email_key ON users (lower(email));

      CREATE TABLE api_keys (
        organization_id uuid NOT NULL REFERENCES organizations(id),
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        name text NOT NULL,
        key_prefix text NOT NULL,
        key_hash text NOT NULL,
        scopes text[] NOT NULL,
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz,
        last_used_at timestamptz,
        PRIMARY KEY (organization_id, id)
      );
      CREATE UNIQUE INDEX api_keys_hash_key ON api_keys (key_hash);

      CREATE TABLE departments (
        organization_id uuid NOT NULL REFERENCES organizations(id),
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        name text NOT NULL,
        external_id text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organization_id, id)
      );
      CREATE UNIQUE INDEX departments_external_id_key ON departments (organization_id, external_id) WHERE external_id IS NOT NULL;
      CREATE INDEX departments_name_idx ON departments (organization_id, lower(name), id);

      CREATE TABLE audit_events (
        organization_id uuid NOT NULL REFERENCES organizations(id),
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        occurred_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        actor_type text NOT NULL,
        actor_id uuid,
        actor_name text NOT NULL,
        action text NOT NULL,
        entity_type text NOT NULL,
        entity_id uuid NOT NULL,
        before jsonb,
        after jsonb,
        PRIMARY KEY (organization_id, id)
      );
      CREATE INDEX audit_events_entity_idx ON audit_events (organization_id, entity_type, entity_id, occurred_at DESC, id DESC);
      CREATE INDEX audit_events_time_idx ON audit_events (organization_id, occurred_at DESC, id DESC);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_events, departments, api_keys, users, organizations`);
  }
}
