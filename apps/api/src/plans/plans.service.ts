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
import { hasRules, NO_RULES, ruleErrors, rulesFrom, storedRules } from '../rate-rules/rate-rules';
import type { StoredRateRules } from '../rate-rules/rate-rules';
import type { RateVersionRow, StoredRates } from './plans.repository';
import type { RateVersionView } from './plans.view';

export function toPlanView(p: PlanRow): PlanView {
  return {
    ...storedRules(p.rateRules),
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
    rateVersion: p.rateVersion,
    rateEffectiveFrom: p.rateEffectiveFrom,
    activeAssociationsCount: p.activeAssociationsCount,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}

function toVersionView(v: RateVersionRow): RateVersionView {
  const { billingType, sessionRateMinor, hourRateMinor, unattendedDeviceRateMinor, billingIncrementMinutes, minimumBillableMinutes } =
    v.rates;
  return {
    ...storedRules(v.rates),
    id: v.id,
    version: v.version,
    effectiveFrom: v.effectiveFrom,
    billingType,
    sessionRateMinor,
    hourRateMinor,
    unattendedDeviceRateMinor,
    billingIncrementMinutes,
    minimumBillableMinutes,
    createdAt: v.createdAt.toISOString(),
  };
}

/** What a rate version holds of a plan (its rates and its rules). */
function ratesOf(
  p: Pick<
    PlanEntity,
    | 'billingType'
    | 'sessionRateMinor'
    | 'hourRateMinor'
    | 'unattendedDeviceRateMinor'
    | 'billingIncrementMinutes'
    | 'minimumBillableMinutes'
  >,
  rules: StoredRateRules,
): StoredRates {
  return {
    billingType: p.billingType,
    sessionRateMinor: p.sessionRateMinor,
    hourRateMinor: p.hourRateMinor,
    unattendedDeviceRateMinor: p.unattendedDeviceRateMinor,
    billingIncrementMinutes: p.billingIncrementMinutes,
    minimumBillableMinutes: p.minimumBillableMinutes,
    ...rules,
  };
}

const prepaidConflict = () =>
  new ConflictError(
    'RATE_RULES_WITH_PREPAID',
    'Prepaid hours (a retainer or blocks) and rate rules (business hours, class rates, tiers, an unattended rate, a minimum commitment) can not be combined on one plan',
  );

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
    const versions = await this.plans.versions(null, actor.organizationId, [id]);
    return { ...toPlanView(plan), associations: associations.map(toAssociationView), rateVersions: versions.reverse().map(toVersionView) };
  }

  /** Creates the plan and, optionally, its first associations: all or nothing. */
  async create(actor: Principal, dto: CreatePlanDto): Promise<PlanDetailView> {
    const rules = rulesFrom(NO_RULES, dto);
    const errors = [...planRateErrors(dto), ...ruleErrors(rules, dto.billingType)];
    if (dto.retainer && hasRules(rules)) {
      errors.push({
        field: 'retainer',
        message:
          'retainer can not be combined with rate rules (business hours, class rates, tiers, unattendedRateMinor, minimumCommitmentMinor)',
      });
    }
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
            rateRules: rules,
          },
          m,
        );
        if (dto.taxRateIds?.length) {
          const taxRateIds = await this.taxRates.checkAssignable(m, actor.organizationId, dto.taxRateIds);
          await this.taxRates.setRates(m, 'plan', actor.organizationId, id, taxRateIds);
        }
        // Read after the tax rates are set: the view names them.
        const row = (await this.plans.findById(actor.organizationId, id, m))!;
        await this.plans.insertVersion(m, {
          organizationId: actor.organizationId,
          planId: id,
          version: 1,
          effectiveFrom: null,
          rates: ratesOf(row, rules),
        });
        const created = toPlanView(row);
        await this.audit.record(m, actor, { action: 'plan.created', entityType: 'plan', entityId: id, after: created });
        const associations = await this.associationsService.createMany(
          m,
          actor,
          id,
          (dto.associations ?? []).map((a, i) => ({ dto: a, prefix: `associations.${i}.` })),
        );
        const rateVersions = (await this.plans.versions(m, actor.organizationId, [id])).map(toVersionView);
        return { ...created, activeAssociationsCount: associations.length, associations, rateVersions };
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
        const rulesBefore = storedRules(locked.rateRules);
        const rules = rulesFrom(rulesBefore, dto);
        const errors = [...planRateErrors(merged), ...ruleErrors(rules, merged.billingType)];
        // Tier bands count in the billing type's unit (hours or sessions) too.
        if (typeChanges && dto.tiers === undefined && rules.tierMode !== null) {
          errors.push({
            field: 'tiers',
            message: 'tiers must be set again (or []) when billingType changes: their bands are hours or sessions',
          });
        }
        const oldRates = ratesOf(locked, rulesBefore);
        const newRates = ratesOf(merged, rules);
        const changed = JSON.stringify(oldRates) !== JSON.stringify(newRates);
        if (dto.effectiveFrom !== undefined && !changed) {
          errors.push({ field: 'effectiveFrom', message: 'effectiveFrom dates a change of rates or rate rules: this update changes none' });
        }
        if (dto.effectiveFrom !== undefined && typeChanges) {
          errors.push({
            field: 'effectiveFrom',
            message: "a billingType change takes effect from each customer's next bill: leave effectiveFrom out",
          });
        }
        if (errors.length) throw new ValidationFailedError(errors, errors[0].message);
        // Prepaid hours and rate rules do not mix (apps/api/src/rate-rules/README.md).
        if (hasRules(rules)) {
          if (merged.retainer) throw prepaidConflict();
          const prepaid =
            changed &&
            ((await this.plans.hasBlocks(actor.organizationId, id, m)) || (await this.plans.hasOwnRetainers(actor.organizationId, id, m)));
          if (prepaid) throw prepaidConflict();
        }
        if (changed) {
          if (dto.effectiveFrom !== undefined) {
            const billed = await this.plans.billedPast(m, actor.organizationId, id, dto.effectiveFrom);
            if (billed.length) {
              throw new ConflictError(
                'EFFECTIVE_DATE_BILLED',
                `${billed[0].name} is billed until ${billed[0].billedUntil.toISOString()}: a change from ${dto.effectiveFrom} would reach into its bills (bills never change); choose a later day`,
              );
            }
          }
          patch.rateRules = rules;
          patch.rateVersion = locked.rateVersion + 1;
          patch.rateEffectiveFrom = dto.effectiveFrom ?? null;
          await this.plans.insertVersion(m, {
            organizationId: actor.organizationId,
            planId: id,
            version: patch.rateVersion,
            effectiveFrom: patch.rateEffectiveFrom,
            rates: newRates,
          });
        }
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
