import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { BillingType } from '@app/billing';
import { AssociationEntity } from './association.entity';
import type { RetainerView } from '../prepaid/retainer';
import { storedRules } from '../rate-rules/rate-rules';
import type { StoredRateRules } from '../rate-rules/rate-rules';
import type { AssociationStatus } from './associations.view';

export type AssociationRow = AssociationEntity & {
  planName: string;
  departmentName: string;
  billed: boolean;
  planRetainer: RetainerView | null;
  planRules: StoredRateRules;
  planBillingType: BillingType;
};

export interface AssociationFilter {
  planId?: string;
  departmentId?: string;
  status?: AssociationStatus;
  after?: { createdAt: string; id: string } | null;
  limit?: number;
}

/** Every query on associations. */
@Injectable()
export class AssociationsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private repo(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(AssociationEntity);
  }

  private joined(manager?: EntityManager) {
    return this.repo(manager)
      .createQueryBuilder('a')
      .innerJoin('plans', 'p', 'p.organization_id = a.organization_id AND p.id = a.plan_id')
      .innerJoin('departments', 'd', 'd.organization_id = a.organization_id AND d.id = a.department_id')
      .addSelect('p.name', 'plan_name')
      .addSelect('d.name', 'department_name')
      .addSelect('p.retainer', 'plan_retainer')
      .addSelect('p.rate_rules', 'plan_rate_rules')
      .addSelect('p.billing_type', 'plan_billing_type')
      .addSelect('EXISTS (SELECT 1 FROM bills b WHERE b.organization_id = a.organization_id AND b.association_id = a.id)', 'billed');
  }

  private static map(result: {
    entities: AssociationEntity[];
    raw: {
      plan_name: string;
      department_name: string;
      billed: boolean;
      plan_retainer: RetainerView | null;
      plan_rate_rules: unknown;
      plan_billing_type: BillingType;
    }[];
  }): AssociationRow[] {
    return result.entities.map((e, i) =>
      Object.assign(e, {
        planName: result.raw[i].plan_name,
        departmentName: result.raw[i].department_name,
        billed: result.raw[i].billed === true,
        planRetainer: result.raw[i].plan_retainer ?? null,
        planRules: storedRules(result.raw[i].plan_rate_rules),
        planBillingType: result.raw[i].plan_billing_type,
      }),
    );
  }

  async findById(organizationId: string, id: string, manager?: EntityManager): Promise<AssociationRow | null> {
    const r = await this.joined(manager)
      .where('a.organization_id = :organizationId AND a.id = :id', { organizationId, id })
      .getRawAndEntities();
    return AssociationsRepository.map(r)[0] ?? null;
  }

  findByIdForUpdate(organizationId: string, id: string, manager: EntityManager): Promise<AssociationEntity | null> {
    return this.repo(manager).findOne({ where: { organizationId, id }, lock: { mode: 'pessimistic_write' } });
  }

  async list(organizationId: string, filter: AssociationFilter, manager?: EntityManager): Promise<AssociationRow[]> {
    const qb = this.joined(manager).where('a.organization_id = :organizationId', { organizationId });
    if (filter.planId) qb.andWhere('a.plan_id = :planId', { planId: filter.planId });
    if (filter.departmentId) qb.andWhere('a.department_id = :departmentId', { departmentId: filter.departmentId });
    if (filter.status === 'active') qb.andWhere('(a.ended_at IS NULL OR a.ended_at > now())');
    if (filter.status === 'ended') qb.andWhere('a.ended_at <= now()');
    if (filter.after)
      qb.andWhere('(a.created_at, a.id) > (:at::timestamptz, :id::uuid)', { at: filter.after.createdAt, id: filter.after.id });
    qb.orderBy('a.created_at').addOrderBy('a.id');
    if (filter.limit) qb.limit(filter.limit + 1);
    return AssociationsRepository.map(await qb.getRawAndEntities());
  }

  /**
   * The latest end among the department's ended associations other than `exceptId` (an association may not
   * start before it). Call under lockDepartment.
   */
  async latestEnd(organizationId: string, departmentId: string, exceptId: string | null, manager: EntityManager): Promise<Date | null> {
    const rows = await manager.query(
      'SELECT max(ended_at) AS e FROM associations WHERE organization_id = $1 AND department_id = $2 AND ($3::uuid IS NULL OR id <> $3)',
      [organizationId, departmentId, exceptId],
    );
    return rows[0].e ?? null;
  }

  /** Serializes association changes of one department (transaction-scoped advisory lock). */
  async lockDepartment(organizationId: string, departmentId: string, manager: EntityManager): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1 || ':' || $2, 7))`, [organizationId, departmentId]);
  }

  async insert(
    row: Omit<
      AssociationEntity,
      | 'createdAt'
      | 'updatedAt'
      | 'endedAt'
      | 'nextPeriodIndex'
      | 'buyerReference'
      | 'purchaseOrder'
      | 'retainerOverride'
      | 'retainer'
      | 'businessHoursOverride'
      | 'businessCalendar'
    > &
      Partial<
        Pick<
          AssociationEntity,
          'buyerReference' | 'purchaseOrder' | 'retainerOverride' | 'retainer' | 'businessHoursOverride' | 'businessCalendar'
        >
      >,
    manager: EntityManager,
  ): Promise<void> {
    await this.repo(manager).insert(row);
  }

  async update(organizationId: string, id: string, patch: Partial<AssociationEntity>, manager: EntityManager): Promise<void> {
    await this.repo(manager).update({ organizationId, id }, { ...patch, updatedAt: new Date() });
  }

  async hasBills(organizationId: string, id: string, manager: EntityManager): Promise<boolean> {
    const rows = await manager.query('SELECT EXISTS (SELECT 1 FROM bills WHERE organization_id = $1 AND association_id = $2) AS e', [
      organizationId,
      id,
    ]);
    return rows[0].e === true;
  }
}
