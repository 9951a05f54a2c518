import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import type { BillingType } from '@app/billing';
import { PlanEntity } from './plan.entity';
import type { StoredRateRules } from '../rate-rules/rate-rules';

/** What a rate version holds: the plan's rates and its rate rules. */
export type StoredRates = StoredRateRules & {
  billingType: BillingType;
  sessionRateMinor: number | null;
  hourRateMinor: number | null;
  unattendedDeviceRateMinor: number;
  billingIncrementMinutes: number;
  minimumBillableMinutes: number;
};

/** One version of a plan's rates (issue #18). */
export interface RateVersionRow {
  organizationId: string;
  id: string;
  planId: string;
  version: number;
  /** YYYY-MM-DD in each customer's zone; null: from each customer's next bill (every period not billed yet) */
  effectiveFrom: string | null;
  rates: StoredRates;
  createdAt: Date;
}

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
    plan: Omit<PlanEntity, 'createdAt' | 'updatedAt' | 'deletedAt' | 'retainer' | 'rateRules' | 'rateVersion' | 'rateEffectiveFrom'> &
      Partial<Pick<PlanEntity, 'retainer' | 'rateRules'>>,
    manager: EntityManager,
  ): Promise<void> {
    await this.repo(manager).insert(plan);
  }

  async update(organizationId: string, id: string, patch: Partial<PlanEntity>, manager: EntityManager): Promise<void> {
    await this.repo(manager).update({ organizationId, id }, { ...patch, updatedAt: new Date() });
  }

  /** A plan's stored rate rules (deleted plans too), or null when there is no such plan. */
  async findAnyRules(organizationId: string, id: string, m: EntityManager): Promise<unknown> {
    const rows: { rate_rules: unknown }[] = await m.query('SELECT rate_rules FROM plans WHERE organization_id = $1 AND id = $2', [
      organizationId,
      id,
    ]);
    return rows[0]?.rate_rules ?? null;
  }

  /** Appends a rate version (versions never change). */
  async insertVersion(m: EntityManager, v: Omit<RateVersionRow, 'id' | 'createdAt'>): Promise<void> {
    await m.query(`INSERT INTO plan_rate_versions (organization_id, plan_id, version, effective_from, rates) VALUES ($1, $2, $3, $4, $5)`, [
      v.organizationId,
      v.planId,
      v.version,
      v.effectiveFrom,
      JSON.stringify(v.rates),
    ]);
  }

  /** The rate versions of some plans, oldest first. */
  async versions(m: EntityManager | null, organizationId: string, planIds: string[]): Promise<RateVersionRow[]> {
    if (planIds.length === 0) return [];
    const rows: Record<string, unknown>[] = await (m ?? this.dataSource.manager).query(
      `SELECT id, plan_id, version, to_char(effective_from, 'YYYY-MM-DD') AS effective_from, rates, created_at
         FROM plan_rate_versions WHERE organization_id = $1 AND plan_id = ANY($2::uuid[]) ORDER BY plan_id, version`,
      [organizationId, planIds],
    );
    return rows.map((r) => ({
      organizationId,
      id: r.id as string,
      planId: r.plan_id as string,
      version: r.version as number,
      effectiveFrom: (r.effective_from ?? null) as string | null,
      rates: r.rates as StoredRates,
      createdAt: r.created_at as Date,
    }));
  }

  /**
   * Customers of the plan whose billed periods reach past the first instant of `date` in their zone: a change from
   * that day would reach into a bill (their name and the end of what is billed).
   */
  async billedPast(m: EntityManager, organizationId: string, planId: string, date: string): Promise<{ name: string; billedUntil: Date }[]> {
    return m.query(
      `SELECT d.name, a.next_period_start AS "billedUntil"
         FROM associations a JOIN departments d ON d.organization_id = a.organization_id AND d.id = a.department_id
        WHERE a.organization_id = $1 AND a.plan_id = $2 AND a.next_period_index > 0
          AND a.next_period_start > ($3::date)::timestamp AT TIME ZONE a.time_zone
        ORDER BY d.name LIMIT 5`,
      [organizationId, planId, date],
    );
  }

  /** Whether a customer of the plan has its own retainer (prepaid hours and rate rules do not mix). */
  async hasOwnRetainers(organizationId: string, id: string, manager: EntityManager): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `SELECT 1 FROM associations WHERE organization_id = $1 AND plan_id = $2 AND retainer_override AND retainer IS NOT NULL LIMIT 1`,
      [organizationId, id],
    );
    return rows.length > 0;
  }

  async softDelete(organizationId: string, id: string, manager: EntityManager): Promise<void> {
    await this.repo(manager).update({ organizationId, id }, { deletedAt: new Date(), updatedAt: new Date() });
  }
}
