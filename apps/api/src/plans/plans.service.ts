import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AssociationsRepository } from '../associations/associations.repository';
import { AssociationsService, toAssociationView } from '../associations/associations.service';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../auth/principal';
import { ConflictError, NotFoundError, ValidationFailedError } from '../common/domain-error';
import { onUniqueViolation } from '../common/unique-violation';
import { decodeCursor, DEFAULT_LIMIT, Page, toPage } from '../common/pagination';
import { TaxRatesService } from '../taxes/tax-rates.service';
import { PlanEntity } from './plan.entity';
import { planRateErrors } from './plan-rules';
import { CreatePlanDto, ListPlansDto, UpdatePlanDto } from './plans.dto';
import { PlanRow, PlansRepository } from './plans.repository';
import { PlanDetailView, PlanView } from './plans.view';
import { storedRetainer } from '../prepaid/retainer';

export function toPlanView(p: PlanRow): PlanView {
  return {
    id: p.id,
    name: p.name,
    currency: p.currency,
    billingType: p.billingType,
    sessionRateMinor: p.sessionRateMinor,
    hourRateMinor: p.hourRateMinor,
    unattendedDeviceRateMinor: p.unattendedDeviceRateMinor,
    billingIncrementMinutes: p.billingIncrementMinutes,
    minimumBillableMinutes: p.minimumBillableMinutes,
    taxRateIds: p.taxRateIds,
    retainer: p.retainer ?? null,
    activeAssociationsCount: p.activeAssociationsCount,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}

const rethrowNameTaken = onUniqueViolation({ plans_name_key: ['PLAN_NAME_TAKEN', 'Another plan of this organization has this name'] });

/**
 * Billing plans. Edits apply to bills generated afterwards: each bill keeps a snapshot of the plan's rates.
 * The currency is fixed once the plan has an association, active or ended (409 PLAN_CURRENCY_LOCKED).
 */
@Injectable()
export class PlansService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly plans: PlansRepository,
    private readonly associations: AssociationsRepository,
    private readonly associationsService: AssociationsService,
    private readonly taxRates: TaxRatesService,
    private readonly audit: AuditService,
  ) {}

  async list(actor: Principal, query: ListPlansDto): Promise<Page<PlanView>> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const c = decodeCursor(query.cursor, ['text', 'uuid']);
    const rows = await this.plans.list(actor.organizationId, {
      q: query.q,
      limit,
      after: c ? { name: String(c[0]), id: String(c[1]) } : null,
    });
    return toPage(rows, limit, (p) => [p.name.toLowerCase(), p.id], toPlanView);
  }

  /** A plan with its associations (active and ended). */
  async get(actor: Principal, id: string): Promise<PlanDetailView> {
    const plan = await this.plans.findById(actor.organizationId, id);
    if (!plan) throw new NotFoundError('Plan');
    const associations = await this.associations.list(actor.organizationId, { planId: id });
    return { ...toPlanView(plan), associations: associations.map(toAssociationView) };
  }

  /** Creates the plan and, optionally, its first associations: all or nothing. */
  async create(actor: Principal, dto: CreatePlanDto): Promise<PlanDetailView> {
    const errors = planRateErrors(dto);
    if (errors.length) throw new ValidationFailedError(errors, errors[0].message);
    return this.dataSource
      .transaction(async (m) => {
        const id = randomUUID();
        await this.plans.insert(
          {
            organizationId: actor.organizationId,
            id,
            name: dto.name,
            currency: dto.currency,
            billingType: dto.billingType,
            sessionRateMinor: dto.sessionRateMinor ?? null,
            hourRateMinor: dto.hourRateMinor ?? null,
            unattendedDeviceRateMinor: dto.unattendedDeviceRateMinor ?? 0,
            billingIncrementMinutes: dto.billingIncrementMinutes ?? 1,
            minimumBillableMinutes: dto.minimumBillableMinutes ?? 0,
            retainer: storedRetainer(dto.retainer),
          },
          m,
        );
        if (dto.taxRateIds?.length) {
          const taxRateIds = await this.taxRates.checkAssignable(m, actor.organizationId, dto.taxRateIds);
          await this.taxRates.setRates(m, 'plan', actor.organizationId, id, taxRateIds);
        }
        const created = toPlanView((await this.plans.findById(actor.organizationId, id, m))!);
        await this.audit.record(m, actor, { action: 'plan.created', entityType: 'plan', entityId: id, after: created });
        const associations = await this.associationsService.createMany(
          m,
          actor,
          id,
          (dto.associations ?? []).map((a, i) => ({ dto: a, prefix: `associations.${i}.` })),
        );
        return { ...created, activeAssociationsCount: associations.length, associations };
      })
      .catch(rethrowNameTaken);
  }

  async update(actor: Principal, id: string, dto: UpdatePlanDto): Promise<PlanView> {
    return this.dataSource
      .transaction(async (m) => {
        const locked = await this.plans.findByIdForUpdate(actor.organizationId, id, m);
        if (!locked) throw new NotFoundError('Plan');
        const before = toPlanView((await this.plans.findById(actor.organizationId, id, m))!);
        const patch: Partial<PlanEntity> = {};
        for (const key of [
          'name',
          'currency',
          'billingType',
          'sessionRateMinor',
          'hourRateMinor',
          'unattendedDeviceRateMinor',
          'billingIncrementMinutes',
          'minimumBillableMinutes',
        ] as const) {
          if (dto[key] !== undefined) (patch as Record<string, unknown>)[key] = dto[key];
        }
        // Rates are minor units of the plan's currency: once bills or customers exist, another currency would
        // reread the same numbers in it (the lock on the plan row keeps new associations out meanwhile).
        if (
          patch.currency !== undefined &&
          patch.currency !== locked.currency.trim() &&
          (await this.plans.hasAssociations(actor.organizationId, id, m))
        ) {
          throw new ConflictError(
            'PLAN_CURRENCY_LOCKED',
            `The currency of a plan that has or had customers can not change (it is ${locked.currency}): create a plan in ${patch.currency} instead`,
          );
        }
        if (dto.retainer !== undefined) patch.retainer = storedRetainer(dto.retainer);
        // A retainer counts in the billing type's unit (seconds or sessions): a new type needs its retainer set again.
        const typeChanges = patch.billingType !== undefined && patch.billingType !== locked.billingType;
        if (typeChanges && dto.retainer === undefined && locked.retainer) {
          throw new ValidationFailedError(
            [
              {
                field: 'retainer',
                message: 'retainer must be set again (or null) when billingType changes: its units are seconds or sessions',
              },
            ],
            'retainer must be set again (or null) when billingType changes: its units are seconds or sessions',
          );
        }
        if (typeChanges && (await this.plans.hasBlocks(actor.organizationId, id, m))) {
          throw new ConflictError(
            'PLAN_HAS_PREPAID_BLOCKS',
            "Customers of this plan hold prepaid blocks counted in the plan's unit: the billing type can not change",
          );
        }
        const merged = { ...locked, ...patch };
        const errors = planRateErrors(merged);
        if (errors.length) throw new ValidationFailedError(errors, errors[0].message);
        if (dto.taxRateIds !== undefined) {
          const taxRateIds = await this.taxRates.checkAssignable(m, actor.organizationId, dto.taxRateIds);
          await this.taxRates.setRates(m, 'plan', actor.organizationId, id, taxRateIds);
        }
        await this.plans.update(actor.organizationId, id, patch, m);
        const after = toPlanView((await this.plans.findById(actor.organizationId, id, m))!);
        await this.audit.record(m, actor, { action: 'plan.updated', entityType: 'plan', entityId: id, before, after });
        return after;
      })
      .catch(rethrowNameTaken);
  }

  /**
   * 409 while customers are on the plan. Otherwise the plan is hidden (soft-deleted): its bills keep their
   * copy, and the closed periods of its ended associations that are not billed yet still get their bills
   * (deleting it outright would drop that usage).
   */
  async remove(actor: Principal, id: string): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const locked = await this.plans.findByIdForUpdate(actor.organizationId, id, m);
      if (!locked) throw new NotFoundError('Plan');
      const before = toPlanView((await this.plans.findById(actor.organizationId, id, m))!);
      if (before.activeAssociationsCount > 0) {
        throw new ConflictError(
          'PLAN_HAS_ACTIVE_ASSOCIATIONS',
          `${before.activeAssociationsCount} customer(s) are still on this plan: end their associations first`,
        );
      }
      await this.plans.softDelete(actor.organizationId, id, m);
      await this.audit.record(m, actor, { action: 'plan.deleted', entityType: 'plan', entityId: id, before });
    });
  }
}
