import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { PlanEntity } from './plan.entity';

/** A live plan with its count of customers and its default tax rates' ids (in order). */
export type PlanRow = PlanEntity & { activeAssociationsCount: number; taxRateIds: string[] };

/** Every query on plans. Deleted plans (kept for their bills) are invisible here except to findAnyById. */
@Injectable()
export class PlansRepository {
  constructor(private readonly dataSource: DataSource) {}

  private repo(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(PlanEntity);
  }

  /**
   * Counts the associations not ended yet: open-ended ones and those whose end is scheduled (status `active`); reads
   * the plan's default tax rates (plan_tax_rates, in position order).
   */
  private withCounts(manager?: EntityManager) {
    return this.repo(manager)
      .createQueryBuilder('p')
      .addSelect(
        `(SELECT count(*)::int FROM associations a
          WHERE a.organization_id = p.organization_id AND a.plan_id = p.id AND (a.ended_at IS NULL OR a.ended_at > now()))`,
        'active_count',
      )
      .addSelect(
        `(SELECT coalesce(array_agg(t.tax_rate_id::text ORDER BY t.position), '{}'::text[]) FROM plan_tax_rates t
          WHERE t.organization_id = p.organization_id AND t.plan_id = p.id)`,
        'tax_rate_ids',
      )
      .where('p.deleted_at IS NULL');
  }

  private static mapCounts(raw: { entities: PlanEntity[]; raw: { active_count: number; tax_rate_ids: string[] }[] }): PlanRow[] {
    return raw.entities.map((e, i) =>
      Object.assign(e, { activeAssociationsCount: Number(raw.raw[i].active_count), taxRateIds: raw.raw[i].tax_rate_ids }),
    );
  }

  async findById(organizationId: string, id: string, manager?: EntityManager): Promise<PlanRow | null> {
    const result = await this.withCounts(manager)
      .andWhere('p.organization_id = :organizationId AND p.id = :id', { organizationId, id })
      .getRawAndEntities();
    return PlansRepository.mapCounts(result)[0] ?? null;
  }

  /** Locks the plan row (edits, deletes and new associations serialize on it). */
  findByIdForUpdate(organizationId: string, id: string, manager: EntityManager): Promise<PlanEntity | null> {
    return this.repo(manager).findOne({ where: { organizationId, id, deletedAt: IsNull() }, lock: { mode: 'pessimistic_write' } });
  }

  /** Whether any customer was ever associated with the plan (active or ended associations alike). */
  async hasAssociations(organizationId: string, id: string, manager: EntityManager): Promise<boolean> {
    const rows: unknown[] = await manager.query(`SELECT 1 FROM associations WHERE organization_id = $1 AND plan_id = $2 LIMIT 1`, [
      organizationId,
      id,
    ]);
    return rows.length > 0;
  }

  /** Whether a customer of the plan holds a prepaid block (its units are the plan's). */
  async hasBlocks(organizationId: string, id: string, manager: EntityManager): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `SELECT 1 FROM prepaid_blocks b JOIN associations a ON a.organization_id = b.organization_id AND a.id = b.association_id
        WHERE b.organization_id = $1 AND a.plan_id = $2 LIMIT 1`,
      [organizationId, id],
    );
    return rows.length > 0;
  }

  async list(organizationId: string, opts: { q?: string; after: { name: string; id: string } | null; limit: number }): Promise<PlanRow[]> {
    const qb = this.withCounts().andWhere('p.organization_id = :organizationId', { organizationId });
    if (opts.q) qb.andWhere(`p.name ILIKE :q ESCAPE '\\'`, { q: `%${opts.q.replace(/[\\%_]/g, (c) => '\\' + c)}%` });
    if (opts.after) qb.andWhere('(lower(p.name), p.id) > (:name, :id::uuid)', opts.after);
    const result = await qb
      .orderBy('lower(p.name)')
      .addOrderBy('p.id')
      .limit(opts.limit + 1)
      .getRawAndEntities();
    return PlansRepository.mapCounts(result);
  }

  async insert(
    plan: Omit<PlanEntity, 'createdAt' | 'updatedAt' | 'deletedAt' | 'retainer'> & Partial<Pick<PlanEntity, 'retainer'>>,
    manager: EntityManager,
  ): Promise<void> {
    await this.repo(manager).insert(plan);
  }

  async update(organizationId: string, id: string, patch: Partial<PlanEntity>, manager: EntityManager): Promise<void> {
    await this.repo(manager).update({ organizationId, id }, { ...patch, updatedAt: new Date() });
  }

  async softDelete(organizationId: string, id: string, manager: EntityManager): Promise<void> {
    await this.repo(manager).update({ organizationId, id }, { deletedAt: new Date(), updatedAt: new Date() });
  }
}
