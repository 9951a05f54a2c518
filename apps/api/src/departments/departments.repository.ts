import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { DepartmentEntity } from './department.entity';

/** A department with the ids of its own tax rates, in order: null without an override (its plan's rates apply). */
export type DepartmentRow = DepartmentEntity & { taxRateIds: string[] | null };

/** What a new department is made of; tax data left out takes the columns' defaults (standard, no override). */
export type NewDepartment = { name: string; externalId: string | null } & Partial<
  Pick<
    DepartmentEntity,
    | 'legalName'
    | 'vatId'
    | 'invoiceLanguage'
    | 'taxTreatment'
    | 'exemptionReason'
    | 'taxRatesOverride'
    | 'reviewDays'
    | 'remindersEnabled'
    | 'autoSend'
    | 'einvoiceFormat'
    | 'electronicAddressScheme'
    | 'electronicAddressId'
    | 'attachSessionStatement'
  >
>;

/** Every query on departments. */
@Injectable()
export class DepartmentsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private repo(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(DepartmentEntity);
  }

  /** Departments with their override's tax rate ids (department_tax_rates, in position order). */
  private withTaxRates(manager?: EntityManager) {
    return this.repo(manager)
      .createQueryBuilder('d')
      .addSelect(
        `CASE WHEN d.tax_rates_override THEN (SELECT coalesce(array_agg(t.tax_rate_id::text ORDER BY t.position), '{}'::text[])
           FROM department_tax_rates t WHERE t.organization_id = d.organization_id AND t.department_id = d.id) END`,
        'tax_rate_ids',
      );
  }

  private static mapRates(result: { entities: DepartmentEntity[]; raw: { tax_rate_ids: string[] | null }[] }): DepartmentRow[] {
    return result.entities.map((e, i) => Object.assign(e, { taxRateIds: result.raw[i].tax_rate_ids ?? null }));
  }

  async findById(organizationId: string, id: string, manager?: EntityManager): Promise<DepartmentRow | null> {
    const result = await this.withTaxRates(manager)
      .where('d.organization_id = :organizationId AND d.id = :id', { organizationId, id })
      .getRawAndEntities();
    return DepartmentsRepository.mapRates(result)[0] ?? null;
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

  async list(
    organizationId: string,
    opts: { q?: string; after: { name: string; id: string } | null; limit: number },
  ): Promise<DepartmentRow[]> {
    const qb = this.withTaxRates().where('d.organization_id = :organizationId', { organizationId });
    if (opts.q) qb.andWhere(`d.name ILIKE :q ESCAPE '\\'`, { q: `%${opts.q.replace(/[\\%_]/g, (c) => '\\' + c)}%` });
    if (opts.after) qb.andWhere('(lower(d.name), d.id) > (:name, :id::uuid)', opts.after);
    const result = await qb
      .orderBy('lower(d.name)')
      .addOrderBy('d.id')
      .limit(opts.limit + 1)
      .getRawAndEntities();
    return DepartmentsRepository.mapRates(result);
  }

  async insert(organizationId: string, data: NewDepartment, manager: EntityManager): Promise<DepartmentRow> {
    const id = randomUUID();
    await this.repo(manager).insert({ organizationId, id, ...data });
    return (await this.findById(organizationId, id, manager))!;
  }

  async update(organizationId: string, id: string, patch: Partial<DepartmentEntity>, manager: EntityManager): Promise<DepartmentRow> {
    await this.repo(manager).update({ organizationId, id }, { ...patch, updatedAt: new Date() });
    return (await this.findById(organizationId, id, manager))!;
  }
}
