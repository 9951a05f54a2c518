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
  /** Enrolment history, oldest first: the device counts in a period when one of these overlaps it. */
  enrolments: { enrolledAt: string; removedAt: string | null }[];
}

/** One interval of a device's enrolment history. */
export interface Enrolment {
  enrolledAt: Date;
  removedAt: Date | null;
}

const COLUMNS = `d.id, d.external_id AS "externalId", d.department_id AS "departmentId", d.name, d.enrolled_at AS "enrolledAt",
  d.removed_at AS "removedAt", d.created_at AS "createdAt", d.updated_at AS "updatedAt",
  (SELECT coalesce(jsonb_agg(jsonb_build_object('enrolledAt', e.enrolled_at, 'removedAt', e.removed_at) ORDER BY e.enrolled_at), '[]')
     FROM device_enrolments e WHERE e.organization_id = d.organization_id AND e.device_id = d.id) AS enrolments`;

/** Every query on devices. */
@Injectable()
export class DevicesRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Idempotent by (organization, external id), inserted in external-id order (see inKeyOrder); returns how many rows were stored. */
  async insertMany(organizationId: string, input: DeviceRow[]): Promise<number> {
    if (input.length === 0) return 0;
    const rows = inKeyOrder(input, (r) => r.externalId);
    // The device and the first interval of its enrolment history, in one statement.
    return affectedRows(
      this.dataSource,
      `WITH ins AS (
         INSERT INTO devices (organization_id, external_id, department_id, name, enrolled_at, removed_at)
         SELECT $1, * FROM unnest($2::text[], $3::uuid[], $4::text[], $5::timestamptz[], $6::timestamptz[])
         ON CONFLICT (organization_id, external_id) DO NOTHING
         RETURNING organization_id, id, department_id, enrolled_at, removed_at
       )
       INSERT INTO device_enrolments (organization_id, device_id, department_id, enrolled_at, removed_at)
       SELECT organization_id, id, department_id, enrolled_at, removed_at FROM ins`,
      [
        organizationId,
        rows.map((r) => r.externalId),
        rows.map((r) => r.departmentId),
        rows.map((r) => r.name),
        rows.map((r) => r.enrolledAt.toISOString()),
        rows.map((r) => r.removedAt?.toISOString() ?? null),
      ],
    );
  }

  async findByExternalId(organizationId: string, externalId: string): Promise<StoredDevice | null> {
    const rows = await this.dataSource.query(`SELECT ${COLUMNS} FROM devices d WHERE d.organization_id = $1 AND d.external_id = $2`, [
      organizationId,
      externalId,
    ]);
    return rows[0] ?? null;
  }

  async findById(organizationId: string, id: string, manager?: EntityManager, lock = false): Promise<StoredDevice | null> {
    const rows = await (manager ?? this.dataSource.manager).query(
      `SELECT ${COLUMNS} FROM devices d WHERE d.organization_id = $1 AND d.id = $2${lock ? ' FOR UPDATE' : ''}`,
      [organizationId, id],
    );
    return rows[0] ?? null;
  }

  /** The latest interval of the device's enrolment history (call with the device row locked). */
  async latestEnrolment(organizationId: string, id: string, manager: EntityManager): Promise<Enrolment> {
    const rows: Enrolment[] = await manager.query(
      `SELECT enrolled_at AS "enrolledAt", removed_at AS "removedAt" FROM device_enrolments
        WHERE organization_id = $1 AND device_id = $2 ORDER BY enrolled_at DESC LIMIT 1`,
      [organizationId, id],
    );
    return rows[0];
  }

  /** Sets the removal of the latest interval (a removal, a correction of one, or null to reopen it). */
  async setRemovedAt(organizationId: string, id: string, latest: Enrolment, removedAt: Date | null, manager: EntityManager): Promise<void> {
    await manager.query('UPDATE device_enrolments SET removed_at = $4 WHERE organization_id = $1 AND device_id = $2 AND enrolled_at = $3', [
      organizationId,
      id,
      latest.enrolledAt,
      removedAt,
    ]);
    await manager.query('UPDATE devices SET removed_at = $3, updated_at = now() WHERE organization_id = $1 AND id = $2', [
      organizationId,
      id,
      removedAt,
    ]);
  }

  /** Opens a new interval of the enrolment history at `enrolledAt` (the device is active again). */
  async reenrol(organizationId: string, id: string, enrolledAt: Date, manager: EntityManager): Promise<void> {
    await manager.query(
      `INSERT INTO device_enrolments (organization_id, device_id, department_id, enrolled_at)
       SELECT organization_id, id, department_id, $3 FROM devices WHERE organization_id = $1 AND id = $2`,
      [organizationId, id, enrolledAt],
    );
    await manager.query('UPDATE devices SET removed_at = NULL, updated_at = now() WHERE organization_id = $1 AND id = $2', [
      organizationId,
      id,
    ]);
  }

  async list(
    organizationId: string,
    f: { departmentId?: string; status?: 'active' | 'removed'; after: { enrolledAt: string; id: string } | null; limit: number },
  ): Promise<StoredDevice[]> {
    const where = ['d.organization_id = $1'];
    const params: unknown[] = [organizationId];
    if (f.departmentId) {
      params.push(f.departmentId);
      where.push(`d.department_id = $${params.length}`);
    }
    if (f.status === 'active') where.push('d.removed_at IS NULL');
    if (f.status === 'removed') where.push('d.removed_at IS NOT NULL');
    if (f.after) {
      params.push(f.after.enrolledAt, f.after.id);
      where.push(`(d.enrolled_at, d.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    params.push(f.limit + 1);
    return this.dataSource.query(
      `SELECT ${COLUMNS} FROM devices d WHERE ${where.join(' AND ')} ORDER BY d.enrolled_at DESC, d.id DESC LIMIT $${params.length}`,
      params,
    );
  }
}
