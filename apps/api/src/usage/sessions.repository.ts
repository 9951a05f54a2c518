import { Injectable } from '@nestjs/common';
import { uuidv7 } from '../common/uuid7';
import { affectedRows } from '../database/affected-rows';
import { inKeyOrder } from '../database/lock-order';
import { DataSource, EntityManager } from 'typeorm';
import type { SessionType } from './usage-input';
import { SqlConditions } from '../database/sql-conditions';

export interface SessionRow {
  externalId: string;
  departmentId: string;
  technician: string | null;
  type: SessionType;
  /** UTC ISO text. */
  startedAt: string;
  endedAt: string;
  durationSeconds: number;
}

export interface StoredSession extends Omit<SessionRow, 'startedAt' | 'endedAt'> {
  id: string;
  startedAt: Date;
  endedAt: Date;
  billId: string | null;
  /** An association of its department covers its start (see COVERED). */
  covered: boolean;
  createdAt: Date;
}

export interface SessionFilter {
  departmentId?: string;
  coverage?: 'covered' | 'uncovered';
  from?: Date;
  to?: Date;
  after: { startedAt: string; id: string } | null;
  limit: number;
}

/**
 * Session `s` started inside an association of its department: [starts_at, ended_at) holds its start
 * (libs/billing `covers`). A session no association covers is never billed.
 */
export const COVERED = `EXISTS (SELECT 1 FROM associations a WHERE a.organization_id = s.organization_id AND a.department_id = s.department_id
  AND a.starts_at <= s.started_at AND (a.ended_at IS NULL OR s.started_at < a.ended_at))`;

const COLUMNS = `s.id, s.external_id AS "externalId", s.department_id AS "departmentId", s.technician, s.type,
  s.started_at AS "startedAt", s.ended_at AS "endedAt", s.duration_seconds AS "durationSeconds", s.bill_id AS "billId", s.created_at AS "createdAt"`;

/** Every query on sessions (billing's reads are in the billing repository, next to the bills they make). */
@Injectable()
export class SessionsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * One statement for the whole batch: rows arrive as arrays and are unnested server-side.
   * Idempotent by (organization, external id) through the unique index: repeats are skipped, not read first.
   * Rows go in in external-id order (no deadlock between concurrent overlapping batches). Returns how many were stored.
   */
  /** Inserts sessions, skipping external ids already stored; `manager`: inside the caller's transaction. */
  async insertMany(organizationId: string, input: SessionRow[], manager?: EntityManager): Promise<number> {
    if (input.length === 0) return 0;
    const rows = inKeyOrder(input, (r) => r.externalId);
    const n = rows.length;
    const ids = new Array<string>(n),
      ext = new Array<string>(n),
      dep = new Array<string>(n),
      tech = new Array<string | null>(n),
      type = new Array<SessionType>(n);
    const start = new Array<string>(n),
      end = new Array<string>(n),
      dur = new Array<number>(n);
    for (let i = 0; i < n; i++) {
      const r = rows[i];
      ids[i] = uuidv7();
      ext[i] = r.externalId;
      dep[i] = r.departmentId;
      tech[i] = r.technician;
      type[i] = r.type;
      start[i] = r.startedAt;
      end[i] = r.endedAt;
      dur[i] = r.durationSeconds;
    }
    return affectedRows(
      manager ?? this.dataSource,
      `INSERT INTO sessions (organization_id, id, external_id, department_id, technician, type, started_at, ended_at, duration_seconds)
       SELECT $1, * FROM unnest($2::uuid[], $3::text[], $4::uuid[], $5::text[], $6::text[], $7::timestamptz[], $8::timestamptz[], $9::int[])
       ON CONFLICT (organization_id, external_id) DO NOTHING`,
      [organizationId, ids, ext, dep, tech, type, start, end, dur],
    );
  }

  async findByExternalId(organizationId: string, externalId: string): Promise<StoredSession | null> {
    const rows = await this.dataSource.query(
      `SELECT ${COLUMNS}, ${COVERED} AS covered FROM sessions s WHERE s.organization_id = $1 AND s.external_id = $2`,
      [organizationId, externalId],
    );
    return rows[0] ?? null;
  }

  /** Newest first. `coverage=uncovered`: sessions no association covers (never billed, so only unbilled rows are read). */
  async list(organizationId: string, f: SessionFilter): Promise<StoredSession[]> {
    const where = new SqlConditions('s.organization_id = $1', [organizationId]);
    if (f.departmentId) where.add('s.department_id = ?', f.departmentId);
    if (f.from) where.add('s.started_at >= ?', f.from);
    if (f.to) where.add('s.started_at < ?', f.to);
    if (f.coverage === 'covered') where.raw(COVERED);
    if (f.coverage === 'uncovered') where.raw(`s.bill_id IS NULL AND NOT ${COVERED}`);
    if (f.after) where.add('(s.started_at, s.id) < (?::timestamptz, ?::uuid)', f.after.startedAt, f.after.id);
    const limit = where.param(f.limit + 1);
    return this.dataSource.query(
      `SELECT ${COLUMNS}, ${COVERED} AS covered FROM sessions s WHERE ${where.sql()}
        ORDER BY s.started_at DESC, s.id DESC LIMIT ${limit}`,
      where.params,
    );
  }
}
