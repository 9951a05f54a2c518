import { Injectable } from '@nestjs/common';
import { affectedRows } from '../database/affected-rows';
import { inKeyOrder } from '../database/lock-order';
import { DataSource, EntityManager } from 'typeorm';

export interface DeviceRow {
  externalId: string;
  departmentId: string;
  name: string;
  enrolledAt: Date;
  removedAt: Date | null;
}

export interface StoredDevice extends DeviceRow {
  id: string;
  createdAt: Date;
  updatedAt: Date;
}

const COLUMNS = `id, external_id AS "externalId", department_id AS "departmentId", name, enrolled_at AS "enrolledAt",
  removed_at AS "removedAt", created_at AS "createdAt", updated_at AS "updatedAt"`;

/** Every query on devices. */
@Injectable()
export class DevicesRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Idempotent by (organization, external id), inserted in external-id order (see inKeyOrder); returns how many rows were stored. */
  async insertMany(organizationId: string, input: DeviceRow[]): Promise<number> {
    if (input.length === 0) return 0;
    const rows = inKeyOrder(input, (r) => r.externalId);
    return affectedRows(this.dataSource,
      `INSERT INTO devices (organization_id, external_id, department_id, name, enrolled_at, removed_at)
       SELECT $1, * FROM unnest($2::text[], $3::uuid[], $4::text[], $5::timestamptz[], $6::timestamptz[])
       ON CONFLICT (organization_id, external_id) DO NOTHING`,
      [
        organizationId, rows.map((r) => r.externalId), rows.map((r) => r.departmentId), rows.map((r) => r.name),
        rows.map((r) => r.enrolledAt.toISOString()), rows.map((r) => r.removedAt?.toISOString() ?? null),
      ],
    );
  }

  async findByExternalId(organizationId: string, externalId: string): Promise<StoredDevice | null> {
    const rows = await this.dataSource.query(`SELECT ${COLUMNS} FROM devices WHERE organization_id = $1 AND external_id = $2`, [organizationId, externalId]);
    return rows[0] ?? null;
  }

  async findById(organizationId: string, id: string, manager?: EntityManager, lock = false): Promise<StoredDevice | null> {
    const rows = await (manager ?? this.dataSource.manager).query(
      `SELECT ${COLUMNS} FROM devices WHERE organization_id = $1 AND id = $2${lock ? ' FOR UPDATE' : ''}`, [organizationId, id],
    );
    return rows[0] ?? null;
  }

  async setRemovedAt(organizationId: string, id: string, removedAt: Date | null, manager: EntityManager): Promise<void> {
    await manager.query('UPDATE devices SET removed_at = $3, updated_at = now() WHERE organization_id = $1 AND id = $2', [organizationId, id, removedAt]);
  }

  async list(
    organizationId: string,
    f: { departmentId?: string; status?: 'active' | 'removed'; after: { enrolledAt: string; id: string } | null; limit: number },
  ): Promise<StoredDevice[]> {
    const where = ['organization_id = $1'];
    const params: unknown[] = [organizationId];
    if (f.departmentId) {
      params.push(f.departmentId);
      where.push(`department_id = $${params.length}`);
    }
    if (f.status === 'active') where.push('removed_at IS NULL');
    if (f.status === 'removed') where.push('removed_at IS NOT NULL');
    if (f.after) {
      params.push(f.after.enrolledAt, f.after.id);
      where.push(`(enrolled_at, id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    params.push(f.limit + 1);
    return this.dataSource.query(
      `SELECT ${COLUMNS} FROM devices WHERE ${where.join(' AND ')} ORDER BY enrolled_at DESC, id DESC LIMIT $${params.length}`, params,
    );
  }
}
