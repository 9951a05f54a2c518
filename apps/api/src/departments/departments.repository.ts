import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { DepartmentEntity } from './department.entity';

/** Every query on departments. */
@Injectable()
export class DepartmentsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private repo(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(DepartmentEntity);
  }

  findById(organizationId: string, id: string, manager?: EntityManager): Promise<DepartmentEntity | null> {
    return this.repo(manager).findOne({ where: { organizationId, id } });
  }

  findByIdForUpdate(organizationId: string, id: string, manager: EntityManager): Promise<DepartmentEntity | null> {
    return this.repo(manager).findOne({ where: { organizationId, id }, lock: { mode: 'pessimistic_write' } });
  }

  /** Ids of the given ones that exist in the organization. */
  async existingIds(organizationId: string, ids: string[], manager?: EntityManager): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    // One array parameter, not one per id (batches name up to 10,000 departments).
    const rows: { id: string }[] = await (manager ?? this.dataSource.manager).query(
      `SELECT id FROM departments WHERE organization_id = $1 AND id = ANY($2::uuid[])`,
      [organizationId, ids],
    );
    return new Set(rows.map((r) => r.id));
  }

  /** externalId → id for the given external ids. */
  async idsByExternalId(organizationId: string, externalIds: string[]): Promise<Map<string, string>> {
    if (externalIds.length === 0) return new Map();
    const rows: { id: string; external_id: string }[] = await this.dataSource.query(
      `SELECT id, external_id FROM departments WHERE organization_id = $1 AND external_id = ANY($2::text[])`,
      [organizationId, externalIds],
    );
    return new Map(rows.map((r) => [r.external_id, r.id]));
  }

  list(
    organizationId: string,
    opts: { q?: string; after: { name: string; id: string } | null; limit: number },
  ): Promise<DepartmentEntity[]> {
    const qb = this.repo().createQueryBuilder('d').where('d.organization_id = :organizationId', { organizationId });
    if (opts.q) qb.andWhere(`d.name ILIKE :q ESCAPE '\\'`, { q: `%${opts.q.replace(/[\\%_]/g, (c) => '\\' + c)}%` });
    if (opts.after) qb.andWhere('(lower(d.name), d.id) > (:name, :id::uuid)', opts.after);
    return qb
      .orderBy('lower(d.name)')
      .addOrderBy('d.id')
      .limit(opts.limit + 1)
      .getMany();
  }

  async insert(
    organizationId: string,
    data: { name: string; externalId: string | null },
    manager: EntityManager,
  ): Promise<DepartmentEntity> {
    const id = randomUUID();
    await this.repo(manager).insert({ organizationId, id, ...data });
    return (await this.findById(organizationId, id, manager))!;
  }

  async update(organizationId: string, id: string, patch: Partial<DepartmentEntity>, manager: EntityManager): Promise<DepartmentEntity> {
    await this.repo(manager).update({ organizationId, id }, { ...patch, updatedAt: new Date() });
    return (await this.findById(organizationId, id, manager))!;
  }
}
