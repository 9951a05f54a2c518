import { Injectable } from '@nestjs/common';
import { uuidv7 } from '../common/uuid7';
import { affectedRows } from '../database/affected-rows';
import { inKeyOrder } from '../database/lock-order';
import { DataSource } from 'typeorm';

export interface SessionRow {
  externalId: string;
  departmentId: string;
  technician: string | null;
  type: string;
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
  createdAt: Date;
}

export interface SessionFilter {
  departmentId?: string;
  from?: Date;
  to?: Date;
  after: { startedAt: string; id: string } | null;
  limit: number;
}

const COLUMNS = `id, external_id AS "externalId", department_id AS "departmentId", technician, type,
  started_at AS "startedAt", ended_at AS "endedAt", duration_seconds AS "durationSeconds", bill_id AS "billId", created_at AS "createdAt"`;

/** Every query on sessions (billing's reads are in the billing repository, next to the bills they make). */
@Injectable()
export class SessionsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * One statement for the whole batch: rows arrive as arrays and are unnested server-side.
   * Idempotent by (organization, external id) through the unique index: repeats are skipped, not read first.
   * Rows go in in external-id order (no deadlock between concurrent overlapping batches). Returns how many were stored.
   */
  async insertMany(organizationId: string, input: SessionRow[]): Promise<number> {
    if (input.length === 0) return 0;
    const rows = inKeyOrder(input, (r) => r.externalId);
    const n = rows.length;
    const ids = new Array<string>(n), ext = new Array<string>(n), dep = new Array<string>(n), tech = new Array<string | null>(n), type = new Array<string>(n);
    const start = new Array<string>(n), end = new Array<string>(n), dur = new Array<number>(n);
    for (let i = 0; i < n; i++) {
      const r = rows[i];
      ids[i] = uuidv7(); ext[i] = r.externalId; dep[i] = r.departmentId; tech[i] = r.technician; type[i] = r.type;
      start[i] = r.startedAt; end[i] = r.endedAt; dur[i] = r.durationSeconds;
    }
    return affectedRows(this.dataSource,
      `INSERT INTO sessions (organization_id, id, external_id, department_id, technician, type, started_at, ended_at, duration_seconds)
       SELECT $1, * FROM unnest($2::uuid[], $3::text[], $4::uuid[], $5::text[], $6::text[], $7::timestamptz[], $8::timestamptz[], $9::int[])
       ON CONFLICT (organization_id, external_id) DO NOTHING`,
      [organizationId, ids, ext, dep, tech, type, start, end, dur],
    );
  }

  async findByExternalId(organizationId: string, externalId: string): Promise<StoredSession | null> {
    const rows = await this.dataSource.query(`SELECT ${COLUMNS} FROM sessions WHERE organization_id = $1 AND external_id = $2`, [organizationId, externalId]);
    return rows[0] ?? null;
  }

  /** Newest first. */
  async list(organizationId: string, f: SessionFilter): Promise<StoredSession[]> {
    const where = ['organization_id = $1'];
    const params: unknown[] = [organizationId];
    const add = (sql: string, v: unknown) => {
      params.push(v);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (f.departmentId) add('department_id = ?', f.departmentId);
    if (f.from) add('started_at >= ?', f.from);
    if (f.to) add('started_at < ?', f.to);
    if (f.after) {
      params.push(f.after.startedAt, f.after.id);
      where.push(`(started_at, id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    params.push(f.limit + 1);
    return this.dataSource.query(
      `SELECT ${COLUMNS} FROM sessions WHERE ${where.join(' AND ')} ORDER BY started_at DESC, id DESC LIMIT $${params.length}`,
      params,
    );
  }
}
