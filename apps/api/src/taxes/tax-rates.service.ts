import { validateLineTaxes, validateTaxRate } from '@app/billing';
import type { TaxRate } from '@app/billing';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../auth/principal';
import { ConflictError, FieldError, NotFoundError, ValidationFailedError } from '../common/domain-error';
import { decodeCursor, DEFAULT_LIMIT, Page, toPage } from '../common/pagination';
import { onUniqueViolation } from '../common/unique-violation';
import { CreateTaxRateDto, ListTaxRatesDto, UpdateTaxRateDto } from './tax-rates.dto';
import { TaxRateOwner, TaxRateRow, TaxRatesRepository, TaxRateUser } from './tax-rates.repository';
import { TaxRateView } from './tax-rates.view';

export function toTaxRateView(r: TaxRateRow): TaxRateView {
  return {
    id: r.id,
    name: r.name,
    // numeric(7, 4) within 0..100: the double nearest to it prints back as the same decimal (at most 7 digits).
    ratePercent: Number(r.ratePercent),
    categoryCode: r.categoryCode,
    exemptionReason: r.exemptionReason,
    archivedAt: r.archivedAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

/** The rate as libs/billing reads it. */
const asTaxRate = (r: Pick<TaxRateRow, 'name' | 'ratePercent' | 'categoryCode' | 'exemptionReason'>): TaxRate => ({
  name: r.name,
  ratePercent: r.ratePercent,
  categoryCode: r.categoryCode,
  exemptionReason: r.exemptionReason,
});

/** libs/billing's problems as the 400's field errors (one summary message, like the validation pipe's). */
function invalid(errors: FieldError[]): ValidationFailedError {
  return new ValidationFailedError(
    errors,
    errors
      .slice(0, 5)
      .map((e) => `${e.field}: ${e.message}`)
      .join('; '),
  );
}

const named = (users: TaxRateUser[]) => users.map((u) => `${u.kind === 'plan' ? 'plan' : 'customer'} "${u.name}"`).join(', ');

const rethrowExists = onUniqueViolation({
  tax_rates_identity_key: ['TAX_RATE_EXISTS', 'A live tax rate with this name, category and percent already exists'],
});

/**
 * The organization's tax rates, and the check every plan and customer goes through to name them (0..2 live rates
 * of the organization with different names: libs/billing's validateLineTaxes). Check, lock, then change state.
 */
@Injectable()
export class TaxRatesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly rates: TaxRatesRepository,
    private readonly audit: AuditService,
  ) {}

  async list(actor: Principal, query: ListTaxRatesDto): Promise<Page<TaxRateView>> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const c = decodeCursor(query.cursor, ['text', 'uuid']);
    const rows = await this.rates.list(actor.organizationId, {
      includeArchived: query.includeArchived === true,
      limit,
      after: c ? { name: String(c[0]), id: String(c[1]) } : null,
    });
    return toPage(rows, limit, (r) => [r.name.toLowerCase(), r.id], toTaxRateView);
  }

  async get(actor: Principal, id: string): Promise<TaxRateView> {
    const row = await this.rates.findById(actor.organizationId, id);
    if (!row) throw new NotFoundError('Tax rate');
    return toTaxRateView(row);
  }

  async create(actor: Principal, dto: CreateTaxRateDto): Promise<TaxRateView> {
    // The percent as JSON gave it, written out ("7.75", "1e-7"): libs/billing refuses what is not a plain decimal.
    const rate = {
      name: dto.name,
      ratePercent: String(dto.ratePercent),
      categoryCode: dto.categoryCode,
      exemptionReason: dto.exemptionReason ?? null,
    };
    const problems = validateTaxRate(asTaxRate(rate));
    if (problems.length) throw invalid(problems);
    return this.dataSource
      .transaction(async (m) => {
        const id = randomUUID();
        await this.rates.insert({ organizationId: actor.organizationId, id, ...rate }, m);
        const created = toTaxRateView((await this.rates.findById(actor.organizationId, id, m))!);
        await this.audit.record(m, actor, { action: 'tax_rate.created', entityType: 'tax_rate', entityId: id, after: created });
        return created;
      })
      .catch(rethrowExists);
  }

  /**
   * Any field may change, also on a rate plans and customers use: the change applies to the bills made afterwards
   * (a bill copies the rates it applies). An archived rate is not edited (409 TAX_RATE_ARCHIVED), and a new name may
   * not be the name of another rate a plan or customer uses together with this one (409 TAX_RATE_NAME_CONFLICT).
   */
  async update(actor: Principal, id: string, dto: UpdateTaxRateDto): Promise<TaxRateView> {
    return this.dataSource
      .transaction(async (m) => {
        const locked = await this.rates.findByIdForUpdate(actor.organizationId, id, m);
        if (!locked) throw new NotFoundError('Tax rate');
        if (locked.archivedAt) throw new ConflictError('TAX_RATE_ARCHIVED', 'An archived tax rate can not be changed: create a new one');
        const merged = {
          name: dto.name ?? locked.name,
          ratePercent: dto.ratePercent !== undefined ? String(dto.ratePercent) : locked.ratePercent,
          categoryCode: dto.categoryCode ?? locked.categoryCode,
          exemptionReason: dto.exemptionReason !== undefined ? dto.exemptionReason : locked.exemptionReason,
        };
        const problems = validateTaxRate(asTaxRate(merged));
        if (problems.length) throw invalid(problems);
        if (merged.name.trim().toLowerCase() !== locked.name.trim().toLowerCase()) {
          const clashes = await this.rates.usersWithOtherRateNamed(actor.organizationId, id, merged.name, m);
          if (clashes.length) {
            throw new ConflictError(
              'TAX_RATE_NAME_CONFLICT',
              `${named(clashes.slice(0, 3))}${clashes.length > 3 ? ' and others' : ''} already apply another tax named "${merged.name}" ` +
                'together with this one: a line never carries the same tax twice',
              [{ field: 'name', message: `is the name of another tax rate used together with this one (${named(clashes.slice(0, 3))})` }],
            );
          }
        }
        const before = toTaxRateView(locked);
        await this.rates.update(actor.organizationId, id, merged, m);
        const after = toTaxRateView((await this.rates.findById(actor.organizationId, id, m))!);
        await this.audit.record(m, actor, { action: 'tax_rate.updated', entityType: 'tax_rate', entityId: id, before, after });
        return after;
      })
      .catch(rethrowExists);
  }

  /**
   * Archives the rate (it stays for the record and for bills that copy it) once no live plan and no customer names it
   * (409 TAX_RATE_IN_USE). Archiving an archived rate answers it unchanged.
   */
  async archive(actor: Principal, id: string): Promise<TaxRateView> {
    return this.dataSource.transaction(async (m) => {
      const locked = await this.rates.findByIdForUpdate(actor.organizationId, id, m);
      if (!locked) throw new NotFoundError('Tax rate');
      const before = toTaxRateView(locked);
      if (locked.archivedAt) return before;
      const users = await this.rates.users(actor.organizationId, id, m);
      if (users.count > 0) {
        throw new ConflictError(
          'TAX_RATE_IN_USE',
          `The tax rate is used by ${users.count} plan(s) or customer(s) (${named(users.some)}${users.count > users.some.length ? ', …' : ''}): ` +
            'give them other rates first',
        );
      }
      await this.rates.archive(actor.organizationId, id, m);
      const after = toTaxRateView((await this.rates.findById(actor.organizationId, id, m))!);
      await this.audit.record(m, actor, { action: 'tax_rate.archived', entityType: 'tax_rate', entityId: id, before, after });
      return after;
    });
  }

  /**
   * Checks that `ids` name rates a line may carry together: 0..2 distinct live rates of the organization with
   * different names (validateLineTaxes); each bad one is a 400 on `<field>.<index>` (an unknown, another
   * organization's or an archived id included). The rates stay locked FOR SHARE until the caller's transaction ends,
   * so none is archived or renamed meanwhile. Answers the ids in the case they are stored in (lowercase).
   */
  async checkAssignable(m: EntityManager, organizationId: string, ids: readonly string[], field = 'taxRateIds'): Promise<string[]> {
    const wanted = ids.map((id) => id.toLowerCase());
    const errors: FieldError[] = [];
    const rows = await this.rates.findForAssignment(organizationId, [...new Set(wanted)], m);
    const byId = new Map(rows.map((r) => [r.id, r]));
    wanted.forEach((id, i) => {
      const first = wanted.indexOf(id);
      const row = byId.get(id);
      if (first < i) errors.push({ field: `${field}.${i}`, message: `repeats ${field}.${first}` });
      else if (!row) errors.push({ field: `${field}.${i}`, message: 'is not a tax rate of this organization' });
      else if (row.archivedAt) errors.push({ field: `${field}.${i}`, message: `is the archived tax rate "${row.name}"` });
    });
    if (errors.length) throw invalid(errors);
    const rates = wanted.map((id) => byId.get(id)!);
    const problems = validateLineTaxes(rates.map(asTaxRate), field);
    if (problems.length) {
      throw invalid(
        problems.map((p) => {
          const at = new RegExp(`^${field}\\[(\\d+)\\]`).exec(p.field);
          return at ? { field: `${field}.${at[1]}`, message: `"${rates[Number(at[1])].name}" ${p.message}` } : p;
        }),
      );
    }
    return wanted;
  }

  /** Replaces the rates of a plan or department (checked with checkAssignable in the same transaction). */
  async setRates(m: EntityManager, owner: TaxRateOwner, organizationId: string, ownerId: string, ids: string[]): Promise<void> {
    await this.rates.setRates(owner, organizationId, ownerId, ids, m);
  }
}
