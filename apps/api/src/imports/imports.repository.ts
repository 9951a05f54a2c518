import type { Connection, ImportProfileSettings } from '@app/billing';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { affectedRows } from '../database/affected-rows';

/** A stored import profile. */
export interface ImportProfileRow {
  organizationId: string;
  id: string;
  name: string;
  preset: string | null;
  idPrefix: string;
  settings: ImportProfileSettings;
  createdAt: Date;
  updatedAt: Date;
}

/** A held connection, as stored. */
export interface HeldRow extends Connection {
  runId: string;
}

/** One import or preview, as recorded. */
export interface ImportRunRow {
  id: string;
  profileId: string;
  dryRun: boolean;
  rows: number;
  accepted: number;
  merged: number;
  duplicates: number;
  held: number;
  refused: number;
  sessions: number;
  refusals: { row: number; field: string; reason: string }[];
  startedAt: Date;
  finishedAt: Date | null;
}

const PROFILE = `organization_id AS "organizationId", id, name, preset, id_prefix AS "idPrefix", settings, created_at AS "createdAt", updated_at AS "updatedAt"`;
const RUN = `id, profile_id AS "profileId", dry_run AS "dryRun", rows, accepted, merged, duplicates, held, refused, sessions, refusals,
  started_at AS "startedAt", finished_at AS "finishedAt"`;

/** Every query of session imports (issue #19). */
@Injectable()
export class ImportsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private m(manager?: EntityManager) {
    return manager ?? this.dataSource.manager;
  }

  async profiles(organizationId: string): Promise<ImportProfileRow[]> {
    return this.m().query(`SELECT ${PROFILE} FROM import_profiles WHERE organization_id = $1 ORDER BY lower(name), id`, [organizationId]);
  }

  async profile(organizationId: string, id: string, manager?: EntityManager): Promise<ImportProfileRow | null> {
    const rows: ImportProfileRow[] = await this.m(manager).query(
      `SELECT ${PROFILE} FROM import_profiles WHERE organization_id = $1 AND id = $2`,
      [organizationId, id],
    );
    return rows[0] ?? null;
  }

  async insertProfile(m: EntityManager, p: Omit<ImportProfileRow, 'createdAt' | 'updatedAt'>): Promise<void> {
    await m.query(`INSERT INTO import_profiles (organization_id, id, name, preset, id_prefix, settings) VALUES ($1, $2, $3, $4, $5, $6)`, [
      p.organizationId,
      p.id,
      p.name,
      p.preset,
      p.idPrefix,
      JSON.stringify(p.settings),
    ]);
  }

  async updateProfile(m: EntityManager, organizationId: string, id: string, p: Pick<ImportProfileRow, 'name' | 'settings'>): Promise<void> {
    await m.query(`UPDATE import_profiles SET name = $3, settings = $4, updated_at = now() WHERE organization_id = $1 AND id = $2`, [
      organizationId,
      id,
      p.name,
      JSON.stringify(p.settings),
    ]);
  }

  async deleteProfile(m: EntityManager, organizationId: string, id: string): Promise<void> {
    await m.query(`DELETE FROM import_profiles WHERE organization_id = $1 AND id = $2`, [organizationId, id]);
  }

  /** The profile's customer keys → department ids. */
  async customerKeys(organizationId: string, profileId: string, manager?: EntityManager): Promise<Map<string, string>> {
    const rows: { customer_key: string; department_id: string }[] = await this.m(manager).query(
      `SELECT customer_key, department_id FROM import_customer_keys WHERE organization_id = $1 AND profile_id = $2`,
      [organizationId, profileId],
    );
    return new Map(rows.map((r) => [r.customer_key, r.department_id]));
  }

  /** Departments whose name or external id is exactly one of these keys (case-insensitive): mapped on their own. */
  async departmentsNamed(organizationId: string, keys: string[]): Promise<Map<string, string>> {
    if (keys.length === 0) return new Map();
    const rows: { key: string; id: string }[] = await this.m().query(
      // Two joins, not one with OR: an OR of two lower() matches makes Postgres compare every key with every department
      // (180 s for 10,000 keys in bench import; 0.13 s like this).
      `WITH k AS (SELECT DISTINCT key FROM unnest($2::text[]) AS k(key)),
       m AS (SELECT k.key, d.id FROM k JOIN departments d ON d.organization_id = $1 AND lower(d.name) = lower(k.key)
             UNION
             SELECT k.key, d.id FROM k JOIN departments d ON d.organization_id = $1 AND lower(d.external_id) = lower(k.key))
       SELECT key, min(id::text) AS id FROM m GROUP BY key HAVING count(*) = 1`,
      [organizationId, keys],
    );
    return new Map(rows.map((r) => [r.key, r.id]));
  }

  /** Maps customer keys to departments (one statement; keys in order, so two imports lock them in the same order). */
  async mapKeys(m: EntityManager, organizationId: string, profileId: string, keys: ReadonlyMap<string, string>): Promise<void> {
    if (keys.size === 0) return;
    const sorted = [...keys].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    await m.query(
      `INSERT INTO import_customer_keys (organization_id, profile_id, customer_key, department_id)
       SELECT $1, $2, key, department FROM unnest($3::text[], $4::uuid[]) WITH ORDINALITY AS k(key, department, n) ORDER BY n
       ON CONFLICT (organization_id, profile_id, customer_key) DO UPDATE SET department_id = EXCLUDED.department_id`,
      [organizationId, profileId, sorted.map(([k]) => k), sorted.map(([, d]) => d)],
    );
  }

  /** Which of these connection ids were imported before: a session's id, a merged connection's, or a held row's. */
  async known(organizationId: string, ids: string[]): Promise<Set<string>> {
    const out = new Set<string>();
    for (let i = 0; i < ids.length; i += 20_000) {
      const part = ids.slice(i, i + 20_000);
      const rows: { id: string }[] = await this.m().query(
        `SELECT external_id AS id FROM sessions WHERE organization_id = $1 AND external_id = ANY($2::text[])
         UNION ALL SELECT external_id FROM import_merged_connections WHERE organization_id = $1 AND external_id = ANY($2::text[])`,
        [organizationId, part],
      );
      for (const r of rows) out.add(r.id);
    }
    return out;
  }

  /** Keeps connections whose key is not mapped yet (a row held before stays as it was). */
  async hold(m: EntityManager, organizationId: string, profileId: string, runId: string, rows: Connection[]): Promise<number> {
    if (rows.length === 0) return 0;
    return affectedRows(
      m,
      `INSERT INTO import_held_rows (organization_id, profile_id, external_id, customer_key, technician, type, started_at, ended_at, row_number, run_id)
       SELECT $1, $2, * FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[], $8::timestamptz[], $9::int[], $10::uuid[])
       ON CONFLICT (organization_id, external_id) DO NOTHING`,
      [
        organizationId,
        profileId,
        rows.map((r) => r.externalId),
        rows.map((r) => r.customerKey),
        rows.map((r) => r.technician),
        rows.map((r) => r.type),
        rows.map((r) => new Date(r.startMs)),
        rows.map((r) => new Date(r.endMs)),
        rows.map((r) => r.row),
        rows.map(() => runId),
      ],
    );
  }

  /** The held rows of a key, locked and deleted (the caller imports them in the same transaction). */
  async takeHeld(m: EntityManager, organizationId: string, profileId: string, customerKey: string): Promise<Connection[]> {
    const rows: Record<string, unknown>[] = await m.query(
      `DELETE FROM import_held_rows WHERE organization_id = $1 AND profile_id = $2 AND customer_key = $3
       RETURNING external_id, customer_key, technician, type, started_at, ended_at, row_number`,
      [organizationId, profileId, customerKey],
    );
    const list = (Array.isArray(rows[0]) ? rows[0] : rows) as Record<string, unknown>[];
    return list.map((r) => ({
      row: r.row_number as number,
      toolId: null,
      externalId: r.external_id as string,
      startMs: (r.started_at as Date).getTime(),
      endMs: (r.ended_at as Date).getTime(),
      technician: (r.technician ?? null) as string | null,
      type: r.type as Connection['type'],
      customerKey: r.customer_key as string,
    }));
  }

  /** Held rows per customer key of a profile. */
  async heldCounts(organizationId: string, profileId: string): Promise<Map<string, number>> {
    const rows: { customer_key: string; n: number }[] = await this.m().query(
      `SELECT customer_key, count(*)::int AS n FROM import_held_rows WHERE organization_id = $1 AND profile_id = $2 GROUP BY customer_key`,
      [organizationId, profileId],
    );
    return new Map(rows.map((r) => [r.customer_key, r.n]));
  }

  async recordMerged(m: EntityManager, organizationId: string, pairs: { id: string; sessionId: string }[]): Promise<void> {
    if (pairs.length === 0) return;
    await m.query(
      `INSERT INTO import_merged_connections (organization_id, external_id, session_external_id)
       SELECT $1, * FROM unnest($2::text[], $3::text[]) ON CONFLICT DO NOTHING`,
      [organizationId, pairs.map((p) => p.id), pairs.map((p) => p.sessionId)],
    );
  }

  async insertRun(m: EntityManager | null, organizationId: string, run: ImportRunRow, createdBy: string): Promise<void> {
    await this.m(m ?? undefined).query(
      `INSERT INTO import_runs (organization_id, id, profile_id, dry_run, rows, accepted, merged, duplicates, held, refused, sessions, refusals,
                                created_by, started_at, finished_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
      [
        organizationId,
        run.id,
        run.profileId,
        run.dryRun,
        run.rows,
        run.accepted,
        run.merged,
        run.duplicates,
        run.held,
        run.refused,
        run.sessions,
        JSON.stringify(run.refusals),
        createdBy,
        run.startedAt,
        run.finishedAt,
      ],
    );
  }

  async runs(organizationId: string, profileId: string): Promise<ImportRunRow[]> {
    return this.m().query(
      `SELECT ${RUN} FROM import_runs WHERE organization_id = $1 AND profile_id = $2 ORDER BY started_at DESC, id LIMIT 100`,
      [organizationId, profileId],
    );
  }
}
