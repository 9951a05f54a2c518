import { Client } from 'pg';
import { createTestDatabase, TestDatabase } from '../../../../test/support/database';

/**
 * Scale-out stays possible (docs/SCALING.md): the migrated schema can be distributed by tenant with Citus
 * (`create_distributed_table(t, 'organization_id')`, all co-located) without a rewrite. Read from the catalog of
 * the migrated database, so a table added tomorrow is checked without anyone listing it: every table is
 * distributed by organization_id unless it is listed below with its reason.
 */
export interface DistributionLayout {
  /** Replicated to every node (`create_reference_table`): small, read everywhere, written rarely. */
  reference: Record<string, string>;
  /** Stay as plain tables on the coordinator, outside Citus: no foreign key to or from them. */
  coordinatorOnly: Record<string, string>;
}

export const DISTRIBUTION_COLUMN = 'organization_id';

export const LAYOUT: DistributionLayout = {
  reference: {
    organizations:
      "the tenant table itself: one small row per tenant, read with every e-mail and by the schedulers' cross-tenant scans; " +
      'as a reference table every shard can join it and the foreign keys of distributed tables to it stay valid',
    users:
      'login is by e-mail alone (POST /auth/login names no organization), so the e-mail must be unique across tenants and found ' +
      'without knowing the tenant: a reference table keeps the global unique index users_email_key. People, not usage: small, written rarely',
    api_keys:
      'a bearer key names no tenant, and every API-key request finds its key by hash: a reference table keeps the global unique ' +
      'api_keys_hash_key and makes the lookup a local index read on any node. Written on create/revoke and last_used_at at most once a minute per key',
  },
  coordinatorOnly: {
    migrations: "TypeORM's migration history: applied once on the coordinator, which propagates the DDL (Citus) to the shards",
  },
};

type Kind = 'distributed' | 'reference' | 'coordinatorOnly';

/**
 * What stops the tables of `schema` from being distributed as `layout` says, one sentence per problem (empty: none).
 * The rules are Citus's own (create_distributed_table, foreign_constraint.c):
 * - a distributed table has the distribution column, NOT NULL, and a primary key (shard moves replicate by it);
 * - its primary key, every unique index (partial and expression ones too) and exclusion constraint has the
 *   distribution column as a plain key column (an expression over it does not count);
 * - a foreign key between two distributed tables maps the distribution column to the distribution column, at
 *   the same position; one from a distributed table to a reference table is fine;
 * - no foreign key that includes the distribution column sets it NULL/DEFAULT on delete, or NULL/DEFAULT/CASCADE on update;
 * - a reference table references only reference tables; coordinator-only tables have no foreign keys at all;
 * - every listed table exists and has a reason.
 */
export async function distributionProblems(
  pg: Client,
  schema: string,
  layout: DistributionLayout,
  column = DISTRIBUTION_COLUMN,
): Promise<string[]> {
  const problems: string[] = [];
  const tables: { oid: number; name: string }[] = (
    await pg.query(
      `SELECT c.oid::int AS oid, c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY c.relname`,
      [schema],
    )
  ).rows;
  const kindOf = new Map<number, Kind>();
  const nameOf = new Map<number, string>();
  for (const t of tables) {
    nameOf.set(t.oid, t.name);
    kindOf.set(t.oid, t.name in layout.reference ? 'reference' : t.name in layout.coordinatorOnly ? 'coordinatorOnly' : 'distributed');
  }
  for (const [kind, list] of [
    ['reference', layout.reference],
    ['coordinator-only', layout.coordinatorOnly],
  ] as const) {
    for (const [name, reason] of Object.entries(list)) {
      if (!tables.some((t) => t.name === name)) problems.push(`${name}: listed as ${kind} but there is no such table`);
      if (!reason.trim()) problems.push(`${name}: listed as ${kind} without a reason`);
    }
  }

  // The distribution column of every distributed table.
  const distAttnum = new Map<number, number>();
  const cols: { oid: number; attnum: number; notnull: boolean }[] = (
    await pg.query(
      `SELECT attrelid::int AS oid, attnum, attnotnull AS notnull FROM pg_attribute
      WHERE attrelid = ANY($1::oid[]) AND attname = $2 AND NOT attisdropped`,
      [tables.map((t) => t.oid), column],
    )
  ).rows;
  for (const t of tables) {
    if (kindOf.get(t.oid) !== 'distributed') continue;
    const c = cols.find((x) => x.oid === t.oid);
    if (!c) problems.push(`${t.name}: no ${column} column (distribute it by tenant, or list it as a reference table with a reason)`);
    else {
      distAttnum.set(t.oid, c.attnum);
      if (!c.notnull) problems.push(`${t.name}: ${column} is nullable`);
    }
  }

  // Primary keys and unique indexes (a unique or primary-key constraint is one of these too).
  const indexes: { oid: number; name: string; primary: boolean; keys: string; nkeys: number; partial: boolean }[] = (
    await pg.query(
      `SELECT i.indrelid::int AS oid, ic.relname AS name, i.indisprimary AS primary, i.indkey::text AS keys, i.indnkeyatts AS nkeys,
            i.indpred IS NOT NULL AS partial
       FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
      WHERE i.indrelid = ANY($1::oid[]) AND i.indisunique ORDER BY ic.relname`,
      [tables.map((t) => t.oid)],
    )
  ).rows;
  for (const t of tables) {
    const attnum = distAttnum.get(t.oid);
    if (attnum === undefined) continue;
    if (!indexes.some((i) => i.oid === t.oid && i.primary)) problems.push(`${t.name}: no primary key`);
    for (const i of indexes.filter((x) => x.oid === t.oid)) {
      const keys = i.keys.split(' ').slice(0, i.nkeys).map(Number); // 0 = an expression
      if (!keys.includes(attnum)) {
        problems.push(
          `${t.name}: ${i.primary ? 'primary key' : `unique${i.partial ? ' partial' : ''} index`} ${i.name} does not include ${column}`,
        );
      }
    }
  }

  // Exclusion constraints (none today) and foreign keys, from and to the tables of the schema.
  const constraints: {
    name: string;
    type: string;
    from: number;
    to: number;
    conkey: number[];
    confkey: number[] | null;
    del: string;
    upd: string;
  }[] = (
    await pg.query(
      `SELECT conname AS name, contype AS type, conrelid::int AS "from", confrelid::int AS "to", conkey, confkey,
              confdeltype AS del, confupdtype AS upd
         FROM pg_constraint WHERE contype IN ('f', 'x') AND (conrelid = ANY($1::oid[]) OR confrelid = ANY($1::oid[]))
        ORDER BY conname`,
      [tables.map((t) => t.oid)],
    )
  ).rows;
  for (const c of constraints) {
    const from = nameOf.get(c.from) ?? `table ${c.from} outside ${schema}`;
    if (c.type === 'x') {
      const attnum = distAttnum.get(c.from);
      if (attnum !== undefined && !c.conkey.includes(attnum))
        problems.push(`${from}: exclusion constraint ${c.name} does not include ${column}`);
      continue;
    }
    const to = nameOf.get(c.to) ?? `table ${c.to} outside ${schema}`;
    const fromKind = kindOf.get(c.from);
    const toKind = kindOf.get(c.to);
    if (!fromKind || !toKind) {
      problems.push(`${from}: foreign key ${c.name} to ${to} crosses the schema`);
      continue;
    }
    if (fromKind === 'coordinatorOnly' || toKind === 'coordinatorOnly') {
      problems.push(`${from}: foreign key ${c.name} to ${to} involves a coordinator-only table`);
      continue;
    }
    if (fromKind === 'reference') {
      if (toKind !== 'reference') problems.push(`${from}: foreign key ${c.name} from a reference table to the distributed table ${to}`);
      continue;
    }
    const position = c.conkey.indexOf(distAttnum.get(c.from) ?? -1);
    if (toKind === 'distributed' && (position === -1 || c.confkey![position] !== distAttnum.get(c.to))) {
      problems.push(`${from}: foreign key ${c.name} to ${to} does not map ${column} to ${column} at the same position`);
    }
    if (position !== -1 && (['n', 'd'].includes(c.del) || ['n', 'd', 'c'].includes(c.upd))) {
      problems.push(
        `${from}: foreign key ${c.name} to ${to} would change ${column} (ON DELETE/UPDATE SET NULL, SET DEFAULT or ON UPDATE CASCADE)`,
      );
    }
  }
  return problems;
}

describe('the schema can be distributed by organization_id with Citus (catalog of the migrated database)', () => {
  let db: TestDatabase;
  let pg: Client;
  beforeAll(async () => {
    db = await createTestDatabase();
    pg = new Client({ connectionString: db.url });
    await pg.connect();
  });
  afterAll(async () => {
    await pg?.end();
    await db?.drop();
  });

  it('every table is distributed by organization_id (keys, unique indexes and foreign keys include it), a reference table, or coordinator-only, with a reason', async () => {
    expect(await distributionProblems(pg, 'public', LAYOUT)).toEqual([]);
    // What that leaves distributed: everything tenants create, co-located by organization_id.
    const { rows } = await pg.query(
      `SELECT relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY relname`,
    );
    const distributed = rows.map((r) => r.relname).filter((n: string) => !(n in LAYOUT.reference) && !(n in LAYOUT.coordinatorOnly));
    expect(distributed).toEqual(
      expect.arrayContaining(['sessions', 'bills', 'bill_lines', 'associations', 'email_deliveries', 'bill_sequences']),
    );
  });

  it('the check finds each kind of problem (a schema built to break every rule once)', async () => {
    await pg.query(`
      CREATE SCHEMA probe;
      SET search_path TO probe;
      CREATE TABLE tenants (id uuid PRIMARY KEY);
      CREATE TABLE good (organization_id uuid NOT NULL REFERENCES tenants(id), id uuid NOT NULL, code text,
        PRIMARY KEY (organization_id, id));
      CREATE UNIQUE INDEX good_code_key ON good (organization_id, lower(code)) WHERE code IS NOT NULL;
      CREATE TABLE no_column (id uuid PRIMARY KEY);
      CREATE TABLE nullable (organization_id uuid, id uuid, UNIQUE (id, organization_id));
      CREATE TABLE global_pk (organization_id uuid NOT NULL, id uuid PRIMARY KEY);
      CREATE TABLE uniques (organization_id uuid NOT NULL, id uuid NOT NULL, code text, email text, PRIMARY KEY (organization_id, id));
      CREATE UNIQUE INDEX uniques_code_key ON uniques (code) WHERE code IS NOT NULL;
      CREATE UNIQUE INDEX uniques_email_key ON uniques ((organization_id::text || lower(email)));
      CREATE UNIQUE INDEX uniques_covering_key ON uniques (id) INCLUDE (organization_id);
      CREATE TABLE children (organization_id uuid NOT NULL, id uuid NOT NULL, good_id uuid, PRIMARY KEY (organization_id, id),
        CONSTRAINT children_ok_fkey FOREIGN KEY (good_id, organization_id) REFERENCES good (id, organization_id),
        CONSTRAINT children_swapped_fkey FOREIGN KEY (organization_id, good_id) REFERENCES good (id, organization_id),
        CONSTRAINT children_setnull_fkey FOREIGN KEY (organization_id) REFERENCES tenants (id) ON DELETE SET NULL);
      CREATE TABLE lookup (id uuid PRIMARY KEY, organization_id uuid NOT NULL, good_id uuid,
        FOREIGN KEY (organization_id, good_id) REFERENCES good (organization_id, id));
      CREATE TABLE history (id int PRIMARY KEY, tenant uuid REFERENCES tenants(id));
      RESET search_path;
    `);
    const layout: DistributionLayout = {
      reference: { tenants: 'the tenant table', lookup: 'a reference table that points at a distributed one', gone: 'dropped long ago' },
      coordinatorOnly: { history: '' },
    };
    expect(await distributionProblems(pg, 'probe', layout)).toEqual([
      'gone: listed as reference but there is no such table',
      'history: listed as coordinator-only without a reason',
      'no_column: no organization_id column (distribute it by tenant, or list it as a reference table with a reason)',
      'nullable: organization_id is nullable',
      'global_pk: primary key global_pk_pkey does not include organization_id',
      'nullable: no primary key',
      'uniques: unique partial index uniques_code_key does not include organization_id',
      'uniques: unique index uniques_covering_key does not include organization_id',
      'uniques: unique index uniques_email_key does not include organization_id',
      'children: foreign key children_setnull_fkey to tenants would change organization_id (ON DELETE/UPDATE SET NULL, SET DEFAULT or ON UPDATE CASCADE)',
      'children: foreign key children_swapped_fkey to good does not map organization_id to organization_id at the same position',
      'history: foreign key history_tenant_fkey to tenants involves a coordinator-only table',
      'lookup: foreign key lookup_organization_id_good_id_fkey from a reference table to the distributed table good',
    ]);
  });
});
