import { checkEnd, periodAt, startOfDay, startsAfterPrevious } from '@app/billing';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../auth/principal';
import { ConflictError, FieldError, NotFoundError, ValidationFailedError } from '../common/domain-error';
import { onUniqueViolation } from '../common/unique-violation';
import { decodeCursor, DEFAULT_LIMIT, Page, toPage } from '../common/pagination';
import { DepartmentsRepository } from '../departments/departments.repository';
import { OrganizationsRepository } from '../organizations/organizations.repository';
import { duplicateRecipients } from '../plans/plan-rules';
import { PlansRepository } from '../plans/plans.repository';
import { AssociationEntity, BillingAddress } from './association.entity';
import {
  CreateAssociationDto,
  EndAssociationDto,
  ListAssociationsDto,
  ListPlanAssociationsDto,
  UpdateAssociationDto,
} from './associations.dto';
import { AssociationRow, AssociationsRepository } from './associations.repository';
import { AssociationView, BillingAddressView } from './associations.view';
import { RetainerDto, storedRetainer } from '../prepaid/retainer';
import { BusinessCalendarDto } from '../rate-rules/rate-rules.dto';
import { CALENDAR_KEYS, calendarErrors, calendarFrom, hasRules, storedCalendar, storedRules } from '../rate-rules/rate-rules';
import type { BusinessCalendar } from '../rate-rules/rate-rules';

export function toAssociationView(a: AssociationRow): AssociationView {
  return {
    id: a.id,
    planId: a.planId,
    plan: { id: a.planId, name: a.planName },
    departmentId: a.departmentId,
    department: { id: a.departmentId, name: a.departmentName },
    billingCycle: a.billingCycle,
    billStartDate: a.billStartDate,
    dueDays: a.dueDays,
    billingAddress: addressView(a.billingAddress),
    recipients: a.recipients,
    timeZone: a.timeZone,
    buyerReference: a.buyerReference,
    purchaseOrder: a.purchaseOrder,
    retainerOverride: a.retainerOverride,
    retainer: a.retainerOverride ? a.retainer : a.planRetainer,
    ...calendarView(a.businessHoursOverride ? storedCalendar(a.businessCalendar) : a.planRules),
    businessHoursOverride: a.businessHoursOverride,
    status: a.endedAt && a.endedAt.getTime() <= Date.now() ? 'ended' : 'active',
    startsAt: a.startsAt.toISOString(),
    endedAt: a.endedAt?.toISOString() ?? null,
    billed: a.billed,
    billedThrough: billedThrough(a)?.toISOString() ?? null,
    createdAt: a.createdAt.toISOString(),
    updatedAt: a.updatedAt.toISOString(),
  };
}

/**
 * The customer's own retainer: `retainer` (an object, or null for none) replaces the plan's; `retainerOverride: false`
 * goes back to the plan's. Both at once must agree (400 otherwise).
 */
function retainerPatch(dto: {
  retainerOverride?: boolean;
  retainer?: RetainerDto | null;
}): Partial<Pick<AssociationEntity, 'retainerOverride' | 'retainer'>> {
  if (dto.retainerOverride === false) {
    if (dto.retainer !== undefined && dto.retainer !== null) {
      throw new ValidationFailedError([
        { field: 'retainer', message: "retainer must be left out when retainerOverride is false (the plan's applies)" },
      ]);
    }
    return { retainerOverride: false, retainer: null };
  }
  if (dto.retainer !== undefined) return { retainerOverride: true, retainer: storedRetainer(dto.retainer) };
  if (dto.retainerOverride === true) {
    throw new ValidationFailedError([
      { field: 'retainer', message: 'retainer (an object, or null for none) is required when retainerOverride is true' },
    ]);
  }
  return {};
}

/** The calendar fields of a view. */
function calendarView(c: BusinessCalendar): BusinessCalendar {
  return {
    businessHours: c.businessHours,
    weekendDays: c.weekendDays,
    holidayCountry: c.holidayCountry,
    holidayRegion: c.holidayRegion,
    holidayDates: c.holidayDates,
  };
}

/**
 * The customer's own business hours and holidays: any calendar field sets its own calendar (fields left out are what it
 * has, or the plan's); `businessHoursOverride: false` goes back to the plan's. Checked like the plan's (400).
 */
function calendarPatch(
  dto: BusinessCalendarDto & { businessHoursOverride?: boolean },
  current: { own: BusinessCalendar | null; plan: BusinessCalendar },
  prefix: string,
): Partial<Pick<AssociationEntity, 'businessHoursOverride' | 'businessCalendar'>> {
  const given = CALENDAR_KEYS.filter((k) => dto[k] !== undefined);
  if (dto.businessHoursOverride === false) {
    if (given.length) {
      throw new ValidationFailedError([
        { field: `${prefix}${given[0]}`, message: `${given[0]} must be left out when businessHoursOverride is false (the plan's apply)` },
      ]);
    }
    return { businessHoursOverride: false, businessCalendar: null };
  }
  if (!given.length && dto.businessHoursOverride !== true) return {};
  const calendar = calendarFrom(current.own ?? current.plan, dto);
  const errors = calendarErrors(calendar, prefix);
  if (errors.length) throw new ValidationFailedError(errors, errors[0].message);
  return { businessHoursOverride: true, businessCalendar: calendar };
}

/** Every key present: optional lines are null when not given (as cleanAddress stores them). */
function addressView(a: BillingAddress): BillingAddressView {
  return {
    name: a.name,
    line1: a.line1,
    line2: a.line2 ?? null,
    city: a.city,
    region: a.region ?? null,
    postalCode: a.postalCode ?? null,
    country: a.country,
  };
}

function cleanAddress(a: BillingAddress): BillingAddress {
  return {
    name: a.name,
    line1: a.line1,
    line2: a.line2 || null,
    city: a.city,
    region: a.region || null,
    postalCode: a.postalCode || null,
    country: a.country.toUpperCase(),
  };
}

/** Where billing starts: period 0 of the cycle (the billing run moves it forward), and the interval's first instant. */
function firstPeriod(cycle: AssociationEntity['billingCycle'], billStartDate: string, timeZone: string) {
  const p = periodAt(cycle, billStartDate, timeZone, 0);
  return { nextPeriodStart: p.start, nextPeriodEnd: p.end, startsAt: startOfDay(billStartDate, timeZone) };
}

/** End of the association's last billed period, or null before its first bill. */
function billedThrough(a: Pick<AssociationEntity, 'nextPeriodIndex' | 'nextPeriodStart'>): Date | null {
  return a.nextPeriodIndex > 0 ? a.nextPeriodStart : null;
}

function startsBeforePrevious(previousEnd: Date): ConflictError {
  return new ConflictError(
    'ASSOCIATION_STARTS_BEFORE_PREVIOUS_END',
    `billStartDate must not start before ${previousEnd.toISOString()}, when the department's previous association ended`,
    [
      {
        field: 'billStartDate',
        message: `must start at or after ${previousEnd.toISOString()} (the end of the department's previous association)`,
      },
    ],
  );
}

const END_ERRORS = {
  END_BEFORE_START: ['ASSOCIATION_END_BEFORE_START', 'endedAt must not be before the association starts'],
  END_BEFORE_BILLED_PERIOD: ['ASSOCIATION_END_BEFORE_BILLED_PERIOD', 'endedAt must not be before the end of the last billed period'],
} as const;

const prepaidWithRules = () =>
  new ConflictError(
    'RATE_RULES_WITH_PREPAID',
    "The plan has rate rules (business hours, class rates, tiers, an unattended rate or a minimum commitment): a customer's own retainer can not be combined with them",
  );

const ONE_ACTIVE_INDEX = 'associations_one_active_key';

/** Associations: a department on a plan. Check, lock, then change state. */
@Injectable()
export class AssociationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly associations: AssociationsRepository,
    private readonly plans: PlansRepository,
    private readonly departments: DepartmentsRepository,
    private readonly organizations: OrganizationsRepository,
    private readonly audit: AuditService,
  ) {}

  /** Creates associations inside the caller's transaction; `prefix` names fields (e.g. `associations.1.`). */
  async createMany(
    m: EntityManager,
    actor: Principal,
    planId: string,
    dtos: { dto: CreateAssociationDto; prefix: string }[],
  ): Promise<AssociationView[]> {
    const errors: FieldError[] = [];
    const known = await this.departments.existingIds(
      actor.organizationId,
      dtos.map((d) => d.dto.departmentId.toLowerCase()),
      m,
    );
    const seen = new Map<string, string>();
    for (const { dto, prefix } of dtos) {
      const dep = dto.departmentId.toLowerCase();
      if (!known.has(dep))
        errors.push({ field: `${prefix}departmentId`, message: 'departmentId is not a department of this organization' });
      if (seen.has(dep))
        errors.push({ field: `${prefix}departmentId`, message: `the same department is also at ${seen.get(dep)}departmentId` });
      seen.set(dep, prefix);
      if (duplicateRecipients(dto.recipients).length)
        errors.push({ field: `${prefix}recipients`, message: 'recipients must not repeat an address' });
    }
    if (errors.length) throw new ValidationFailedError(errors, errors.map((e) => `${e.field}: ${e.message}`).join('; '));

    const org = await this.organizations.findById(actor.organizationId, m);
    const plan = await this.plans.findAnyRules(actor.organizationId, planId, m);
    const planRules = storedRules(plan);
    const views: AssociationView[] = [];
    for (const { dto, prefix } of dtos) {
      if (dto.retainer && hasRules(planRules)) throw prepaidWithRules();
      const departmentId = dto.departmentId.toLowerCase();
      const timeZone = dto.timeZone ?? org!.timeZone;
      await this.associations.lockDepartment(actor.organizationId, departmentId, m);
      const previousEnd = await this.associations.latestEnd(actor.organizationId, departmentId, null, m);
      if (!startsAfterPrevious(startOfDay(dto.billStartDate, timeZone), previousEnd)) throw startsBeforePrevious(previousEnd!);
      const id = randomUUID();
      await this.associations
        .insert(
          {
            organizationId: actor.organizationId,
            id,
            planId,
            departmentId,
            billingCycle: dto.billingCycle,
            billStartDate: dto.billStartDate,
            dueDays: dto.dueDays,
            billingAddress: cleanAddress(dto.billingAddress),
            recipients: dto.recipients.map((r) => r.trim()),
            timeZone,
            buyerReference: dto.buyerReference ?? null,
            purchaseOrder: dto.purchaseOrder ?? null,
            ...retainerPatch(dto),
            ...calendarPatch(dto, { own: null, plan: planRules }, prefix),
            ...firstPeriod(dto.billingCycle, dto.billStartDate, timeZone),
          },
          m,
        )
        .catch(rethrowAlreadyAssociated);
      const view = toAssociationView((await this.associations.findById(actor.organizationId, id, m))!);
      await this.audit.record(m, actor, { action: 'association.created', entityType: 'association', entityId: id, after: view });
      views.push(view);
    }
    return views;
  }

  /** Associate later: POST /plans/:id/associations. */
  async associate(actor: Principal, planId: string, dto: CreateAssociationDto): Promise<AssociationView> {
    return this.dataSource.transaction(async (m) => {
      const plan = await this.plans.findByIdForUpdate(actor.organizationId, planId, m);
      if (!plan) throw new NotFoundError('Plan');
      return (await this.createMany(m, actor, planId, [{ dto, prefix: '' }]))[0];
    });
  }

  async list(actor: Principal, query: ListAssociationsDto): Promise<Page<AssociationView>> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const c = decodeCursor(query.cursor, ['instant', 'uuid']);
    const rows = await this.associations.list(actor.organizationId, {
      planId: query.planId,
      departmentId: query.departmentId,
      status: query.status,
      limit,
      after: c ? { createdAt: String(c[0]), id: String(c[1]) } : null,
    });
    return toPage(rows, limit, (a) => [a.createdAt.toISOString(), a.id], toAssociationView);
  }

  async listForPlan(actor: Principal, planId: string, query: ListPlanAssociationsDto): Promise<Page<AssociationView>> {
    if (!(await this.plans.findById(actor.organizationId, planId))) throw new NotFoundError('Plan');
    return this.list(actor, { ...query, planId });
  }

  async get(actor: Principal, id: string): Promise<AssociationView> {
    const row = await this.associations.findById(actor.organizationId, id);
    if (!row) throw new NotFoundError('Association');
    return toAssociationView(row);
  }

  async update(actor: Principal, id: string, dto: UpdateAssociationDto): Promise<AssociationView> {
    return this.dataSource.transaction(async (m) => {
      const found = await this.associations.findById(actor.organizationId, id, m);
      if (!found) throw new NotFoundError('Association');
      // Department first, then the row: the same lock order as create and end.
      await this.associations.lockDepartment(actor.organizationId, found.departmentId, m);
      const locked = (await this.associations.findByIdForUpdate(actor.organizationId, id, m))!;
      if (locked.endedAt && locked.endedAt.getTime() <= Date.now())
        throw new ConflictError('ASSOCIATION_ENDED', 'An ended association can not be changed');
      const before = toAssociationView((await this.associations.findById(actor.organizationId, id, m))!);
      const frozen = (['billingCycle', 'billStartDate', 'timeZone'] as const).filter((k) => dto[k] !== undefined && dto[k] !== locked[k]);
      if (frozen.length && (await this.associations.hasBills(actor.organizationId, id, m))) {
        throw new ConflictError(
          'ASSOCIATION_ALREADY_BILLED',
          `${frozen.join(', ')} can not change once the association has a bill: end it and associate again`,
        );
      }
      if (dto.recipients && duplicateRecipients(dto.recipients).length) {
        throw new ValidationFailedError([{ field: 'recipients', message: 'recipients must not repeat an address' }]);
      }
      const patch: Partial<AssociationEntity> = {};
      if (dto.billingCycle !== undefined) patch.billingCycle = dto.billingCycle;
      if (dto.billStartDate !== undefined) patch.billStartDate = dto.billStartDate;
      if (dto.timeZone !== undefined) patch.timeZone = dto.timeZone;
      if (dto.dueDays !== undefined) patch.dueDays = dto.dueDays;
      if (dto.billingAddress !== undefined) patch.billingAddress = cleanAddress(dto.billingAddress);
      if (dto.recipients !== undefined) patch.recipients = dto.recipients.map((r) => r.trim());
      if (dto.buyerReference !== undefined) patch.buyerReference = dto.buyerReference;
      if (dto.purchaseOrder !== undefined) patch.purchaseOrder = dto.purchaseOrder;
      Object.assign(patch, retainerPatch(dto));
      Object.assign(
        patch,
        calendarPatch(
          dto,
          { own: locked.businessHoursOverride ? storedCalendar(locked.businessCalendar) : null, plan: found.planRules },
          '',
        ),
      );
      if (patch.retainer && hasRules(found.planRules)) throw prepaidWithRules();
      if (frozen.length) {
        Object.assign(
          patch,
          firstPeriod(
            patch.billingCycle ?? locked.billingCycle,
            patch.billStartDate ?? locked.billStartDate,
            patch.timeZone ?? locked.timeZone,
          ),
        );
        // The same rule as create: the interval may not reach back before the department's previous association.
        const previousEnd = await this.associations.latestEnd(actor.organizationId, locked.departmentId, id, m);
        if (!startsAfterPrevious(patch.startsAt!, previousEnd)) throw startsBeforePrevious(previousEnd!);
        if (locked.endedAt && checkEnd({ startsAt: patch.startsAt!, billedThrough: null, endedAt: locked.endedAt })) {
          throw new ConflictError('ASSOCIATION_END_BEFORE_START', "billStartDate must not be after the association's scheduled end", [
            { field: 'billStartDate', message: `must start before the scheduled end ${locked.endedAt.toISOString()}` },
          ]);
        }
      }
      await this.associations.update(actor.organizationId, id, patch, m);
      const after = toAssociationView((await this.associations.findById(actor.organizationId, id, m))!);
      await this.audit.record(m, actor, { action: 'association.updated', entityType: 'association', entityId: id, before, after });
      return after;
    });
  }

  /**
   * Ends the association at `endedAt` (default now; a past end or a scheduled future one): its last period
   * becomes a short one ending there, and no period after it is billed. Never before the end of the last
   * billed period nor before the start. Ending again at the same instant (or without a date) is a no-op;
   * moving an end once set is refused.
   */
  async end(actor: Principal, id: string, dto: EndAssociationDto = {}, now = new Date()): Promise<AssociationView> {
    const endedAt = dto.endedAt ? new Date(dto.endedAt) : now;
    return this.dataSource.transaction(async (m) => {
      const locked = await this.associations.findByIdForUpdate(actor.organizationId, id, m);
      if (!locked) throw new NotFoundError('Association');
      const before = toAssociationView((await this.associations.findById(actor.organizationId, id, m))!);
      if (locked.endedAt) {
        if (!dto.endedAt || locked.endedAt.getTime() === endedAt.getTime()) return before;
        throw new ConflictError('ASSOCIATION_ENDED', `The association already ends at ${locked.endedAt.toISOString()}`, [
          { field: 'endedAt', message: `the association already ends at ${locked.endedAt.toISOString()}; an end can not be moved` },
        ]);
      }
      const problem = checkEnd({ startsAt: locked.startsAt, billedThrough: billedThrough(locked), endedAt });
      if (problem) {
        const [code, message] = END_ERRORS[problem];
        const limit = problem === 'END_BEFORE_START' ? locked.startsAt : billedThrough(locked)!;
        throw new ConflictError(code, message, [{ field: 'endedAt', message: `must be at or after ${limit.toISOString()}` }]);
      }
      await this.associations.update(actor.organizationId, id, { endedAt }, m);
      const after = toAssociationView((await this.associations.findById(actor.organizationId, id, m))!);
      await this.audit.record(m, actor, { action: 'association.ended', entityType: 'association', entityId: id, before, after });
      return after;
    });
  }
}

const rethrowAlreadyAssociated = onUniqueViolation({
  [ONE_ACTIVE_INDEX]: ['DEPARTMENT_ALREADY_ASSOCIATED', 'The department already has an active association: end it first'],
});
