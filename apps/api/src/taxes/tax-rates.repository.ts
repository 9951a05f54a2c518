import type { TaxCategoryCode } from '@app/billing';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/** A stored tax rate. `ratePercent` is the numeric's text ("19.0000"): exact, read by libs/billing as it is. */
export interface TaxRateRow {
  organizationId: string;
  id: string;
  name: string;
  ratePercent: string;
  categoryCode: TaxCategoryCode;
  exemptionReason: string | null;
  archivedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** What may name tax rates: a plan (its default rates) or a department (the customer's override). */
export type TaxRateOwner = 'plan' | 'department';

/** The join table of each owner and its column (constants: never input). */
const OWNER_TABLES: Readonly<Record<TaxRateOwner, { table: string; column: string }>> = {
  plan: { table: 'plan_tax_rates', column: 'plan_id' },
  department: { table: 'department_tax_rates', column: 'department_id' },
};

/** A plan or customer that names a rate. */
export interface TaxRateUser {
  kind: TaxRateOwner;
  id: string;
  name: string;
}

const COLUMNS = `organization_id AS "organizationId", id, name, rate_percent::text AS "ratePercent", category_code AS "categoryCode",
  exemption_reason AS "exemptionReason", archived_at AS "archivedAt", created_at AS "createdAt", updated_at AS "updatedAt"`;

/** Every query on tax rates and on the plans' and customers' choices of them (plan_tax_rates, department_tax_rates). */
@Injectable()
export class TaxRatesRepository {
  constructor(private readonly dataSource: DataSource) {}

  private q(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  async findById(organizationId: string, id: string, manager?: EntityManager): Promise<TaxRateRow | null> {
    const rows: TaxRateRow[] = await this.q(manager).query(`SELECT ${COLUMNS} FROM tax_rates WHERE organization_id = $1 AND id = $2`, [
      organizationId,
      id,
    ]);
    return rows[0] ?? null;
  }

  /** Locks the rate row: edits, archiving and every plan or customer naming it serialize on it. */
  async findByIdForUpdate(organizationId: string, id: string, manager: EntityManager): Promise<TaxRateRow | null> {
    const rows: TaxRateRow[] = await manager.query(`SELECT ${COLUMNS} FROM tax_rates WHERE organization_id = $1 AND id = $2 FOR UPDATE`, [
      organizationId,
      id,
    ]);
    return rows[0] ?? null;
  }

  /**
   * The given rates of the organization (archived ones too), each locked FOR SHARE until the transaction ends: an
   * archive or an edit of one of them (FOR UPDATE) waits for the plan or customer that names it, and then sees it.
   */
  async findForAssignment(organizationId: string, ids: string[], manager: EntityManager): Promise<TaxRateRow[]> {
    if (ids.length === 0) return [];
    return manager.query(`SELECT ${COLUMNS} FROM tax_rates WHERE organization_id = $1 AND id = ANY($2::uuid[]) ORDER BY id FOR SHARE`, [
      organizationId,
      ids,
    ]);
  }

  /** By name (case-insensitively), then id; archived ones only with `includeArchived`. */
  list(
    organizationId: string,
    opts: { includeArchived: boolean; after: { name: string; id: string } | null; limit: number },
  ): Promise<TaxRateRow[]> {
    return this.dataSource.query(
      `SELECT ${COLUMNS} FROM tax_rates
        WHERE organization_id = $1 AND ($2::boolean OR archived_at IS NULL)
          AND ($3::text IS NULL OR (lower(name), id) > ($3::text, $4::uuid))
        ORDER BY lower(name), id LIMIT $5`,
      [organizationId, opts.includeArchived, opts.after?.name ?? null, opts.after?.id ?? null, opts.limit + 1],
    );
  }

  async insert(
    row: Pick<TaxRateRow, 'organizationId' | 'id' | 'name' | 'ratePercent' | 'categoryCode' | 'exemptionReason'>,
    manager: EntityManager,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO tax_rates (organization_id, id, name, rate_percent, category_code, exemption_reason) VALUES ($1, $2, $3, $4::numeric, $5, $6)`,
      [row.organizationId, row.id, row.name, row.ratePercent, row.categoryCode, row.exemptionReason],
    );
  }

  /** Writes the rate's fields (all of them, as merged by the service). */
  async update(
    organizationId: string,
    id: string,
    rate: Pick<TaxRateRow, 'name' | 'ratePercent' | 'categoryCode' | 'exemptionReason'>,
    manager: EntityManager,
  ): Promise<void> {
    await manager.query(
      `UPDATE tax_rates SET name = $3, rate_percent = $4::numeric, category_code = $5, exemption_reason = $6, updated_at = now()
        WHERE organization_id = $1 AND id = $2`,
      [organizationId, id, rate.name, rate.ratePercent, rate.categoryCode, rate.exemptionReason],
    );
  }

  async archive(organizationId: string, id: string, manager: EntityManager): Promise<void> {
    await manager.query(`UPDATE tax_rates SET archived_at = now(), updated_at = now() WHERE organization_id = $1 AND id = $2`, [
      organizationId,
      id,
    ]);
  }

  /**
   * The live plans and the customers that name the rate, by kind and name (at most `limit`), and how many there are.
   * A deleted plan does not count (it is never edited again); its rows stay, and so does the rate's.
   */
  async users(
    organizationId: string,
    taxRateId: string,
    manager: EntityManager,
    limit = 3,
  ): Promise<{ count: number; some: TaxRateUser[] }> {
    const rows: (TaxRateUser & { total: number })[] = await manager.query(
      `SELECT kind, id, name, count(*) OVER ()::int AS total FROM (
          SELECT 'plan' AS kind, p.id, p.name FROM plan_tax_rates t
            JOIN plans p ON p.organization_id = t.organization_id AND p.id = t.plan_id AND p.deleted_at IS NULL
           WHERE t.organization_id = $1 AND t.tax_rate_id = $2
          UNION ALL
          SELECT 'department', d.id, d.name FROM department_tax_rates t
            JOIN departments d ON d.organization_id = t.organization_id AND d.id = t.department_id
           WHERE t.organization_id = $1 AND t.tax_rate_id = $2
        ) u ORDER BY kind DESC, lower(name), id LIMIT $3`,
      [organizationId, taxRateId, limit],
    );
    return { count: rows[0]?.total ?? 0, some: rows.map(({ kind, id, name }) => ({ kind, id, name })) };
  }

  /**
   * The live plans and customers that name the rate together with another rate called `name` (trimmed,
   * case-insensitively): renaming it to `name` would give them the same tax twice.
   */
  async usersWithOtherRateNamed(organizationId: string, taxRateId: string, name: string, manager: EntityManager): Promise<TaxRateUser[]> {
    return manager.query(
      `SELECT 'plan' AS kind, p.id, p.name FROM plan_tax_rates t
          JOIN plan_tax_rates o ON o.organization_id = t.organization_id AND o.plan_id = t.plan_id AND o.tax_rate_id <> t.tax_rate_id
          JOIN tax_rates r ON r.organization_id = o.organization_id AND r.id = o.tax_rate_id AND lower(btrim(r.name)) = lower(btrim($3))
          JOIN plans p ON p.organization_id = t.organization_id AND p.id = t.plan_id AND p.deleted_at IS NULL
         WHERE t.organization_id = $1 AND t.tax_rate_id = $2
       UNION ALL
       SELECT 'department', d.id, d.name FROM department_tax_rates t
          JOIN department_tax_rates o ON o.organization_id = t.organization_id AND o.department_id = t.department_id
           AND o.tax_rate_id <> t.tax_rate_id
          JOIN tax_rates r ON r.organization_id = o.organization_id AND r.id = o.tax_rate_id AND lower(btrim(r.name)) = lower(btrim($3))
          JOIN departments d ON d.organization_id = t.organization_id AND d.id = t.department_id
         WHERE t.organization_id = $1 AND t.tax_rate_id = $2
       ORDER BY 1 DESC, 3, 2`,
      [organizationId, taxRateId, name],
    );
  }

  /** Replaces the rates a plan or a department names by `ids`, in order (position 0, 1). */
  async setRates(owner: TaxRateOwner, organizationId: string, ownerId: string, ids: string[], manager: EntityManager): Promise<void> {
    const { table, column } = OWNER_TABLES[owner];
    await manager.query(`DELETE FROM ${table} WHERE organization_id = $1 AND ${column} = $2`, [organizationId, ownerId]);
    if (ids.length === 0) return;
    await manager.query(
      `INSERT INTO ${table} (organization_id, ${column}, position, tax_rate_id)
         SELECT $1, $2, r.position - 1, r.id FROM unnest($3::uuid[]) WITH ORDINALITY AS r(id, position)`,
      [organizationId, ownerId, ids],
    );
  }
}
