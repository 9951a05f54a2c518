import { addDays, draftOrIssue, formatBillNumber, formatUnits, localDate, periodAt, prepaidUnit, startOfDay } from '@app/billing';
import { hasRules } from '../rate-rules/rate-rules';
import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../auth/principal';
import { AutoSend } from '../billing/auto-send';
import { BillEvents } from '../billing/bill-events';
import { composeBill } from '../billing/bill-composer';
import { BillingRunRepository, DueAssociation } from '../billing/billing-run.repository';
import { Clock, CLOCK } from '../common/clock';
import { ConflictError, invalidField, NotFoundError } from '../common/domain-error';
import { decodeCursor, DEFAULT_LIMIT, Page, PageQueryDto, toPage } from '../common/pagination';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { BuyBlockDto } from './prepaid.dto';
import { PrepaidRepository } from './prepaid.repository';
import { BalancesView, BlockView, LedgerEntryView, toBlockView, toLedgerView } from './prepaid.view';
import { retainerView } from './retainer';

/** How far ahead a block's purchase may be dated. */
const MAX_AHEAD_MS = 86_400_000;

export const blockNumber = (sequence: number) => `B-${String(sequence).padStart(6, '0')}`;

/**
 * Prepaid blocks and balances (issue #17). Buying a block makes its invoice, a bill of kind `block` taxed like any bill
 * and going through the customer's review window (a draft, then issued; `POST /bills/:id/approve` issues it early),
 * and grants its units in the ledger. Balances are sums of the ledger.
 */
@Injectable()
export class PrepaidService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: PrepaidRepository,
    private readonly runs: BillingRunRepository,
    private readonly audit: AuditService,
    private readonly events: BillEvents,
    private readonly autoSend: AutoSend,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async buyBlock(actor: Principal, associationId: string, dto: BuyBlockDto): Promise<BlockView> {
    const now = this.clock();
    const purchasedAt = dto.purchasedAt ? new Date(dto.purchasedAt) : now;
    if (purchasedAt.getTime() > now.getTime() + MAX_AHEAD_MS) throw invalidField('purchasedAt', 'must not be more than a day ahead');
    const expiresAt = dto.expiresAt ? new Date(dto.expiresAt) : null;
    if (expiresAt && expiresAt.getTime() <= purchasedAt.getTime()) throw invalidField('expiresAt', 'must be after purchasedAt');
    return this.dataSource.transaction(async (m) => {
      // The association's row lock: its ledger has one writer at a time (the billing run claims the same row).
      const a = await this.runs.associationForUpdate(m, actor.organizationId, associationId);
      if (!a) throw new NotFoundError('Association');
      if (a.endedAt && a.endedAt.getTime() <= now.getTime())
        throw new ConflictError('ASSOCIATION_ENDED', 'An ended association takes no blocks');
      if (hasRules(a.rateRules)) {
        throw new ConflictError(
          'RATE_RULES_WITH_PREPAID',
          'The plan has rate rules (business hours, class rates, tiers, an unattended rate or a minimum commitment): prepaid blocks can not be combined with them',
        );
      }
      const unit = prepaidUnit(a.billingType);
      const number = blockNumber(await this.repo.reserveBlockSequence(m, actor.organizationId));
      const billId = randomUUID();
      const window = draftOrIssue({ lastDate: localDate(now, a.timeZone), reviewDays: a.reviewDays, timeZone: a.timeZone, asOf: now });
      const sequence = window.issueNow ? await this.runs.reserveSequence(m, actor.organizationId, 1) : null;
      // Its invoice's period is the day it was bought (EN 16931 BG-14 needs a period or a delivery day that it covers).
      const day = localDate(purchasedAt, a.timeZone);
      const dayStart = startOfDay(day, a.timeZone);
      const dayEnd = startOfDay(addDays(day, 1), a.timeZone);
      const bill = composeBill({
        slot: {
          billId,
          organizationId: actor.organizationId,
          departmentId: a.departmentId,
          association: a,
          kind: 'block',
          periodIndex: null,
          takeFrom: dayStart,
          periodStart: dayStart,
          takeUntil: dayStart,
          periodEnd: dayEnd,
          issueDate: window.scheduledIssueDate,
          proration: null,
        },
        used: { current: [], late: [], lateStarts: [] },
        deviceCount: 0,
        seller: await this.runs.sellerSnapshot(m, actor.organizationId),
        window,
        number: sequence === null ? null : { sequence, number: formatBillNumber(this.config.billNumberPrefix, sequence) },
        lines: [
          {
            kind: 'block',
            description: `Prepaid block ${number}: ${formatUnits(dto.units, unit)}${expiresAt ? `, expires ${localDate(expiresAt, a.timeZone)}` : ''}`,
            quantity: 1,
            unit: 'item',
            unitAmountMinor: dto.priceMinor,
            amountMinor: dto.priceMinor,
          },
        ],
        now,
      });
      await this.runs.insertBills(m, [bill]);
      const id = randomUUID();
      await this.repo.insertBlock(m, {
        organizationId: actor.organizationId,
        id,
        sequence: Number(number.slice(2)),
        number,
        associationId,
        unit,
        units: dto.units,
        priceMinor: dto.priceMinor,
        currency: a.currency,
        purchasedAt,
        expiresAt,
        requiresPayment: dto.requiresPayment ?? false,
        lowBalancePercent: dto.lowBalancePercent ?? 20,
        billId,
      });
      await this.repo.insertEntries(m, [
        {
          organizationId: actor.organizationId,
          associationId,
          kind: 'grant',
          source: 'block',
          sourceId: id,
          quantity: dto.units,
          billId,
          periodIndex: null,
        },
      ]);
      const [row] = (await this.repo.blocks(m, actor.organizationId, associationId)).filter((b) => b.id === id);
      const view = toBlockView(row, now);
      await this.audit.record(m, actor, { action: 'prepaid_block.bought', entityType: 'prepaid_block', entityId: id, after: view });
      await this.events.one(m, actor.organizationId, bill.status === 'draft' ? 'bill.drafted' : 'bill.issued', billId);
      if (bill.status !== 'draft') await this.autoSend.bills(m, actor.organizationId, [billId]);
      return view;
    });
  }

  async balances(actor: Principal, associationId: string): Promise<BalancesView> {
    const m = this.dataSource.manager;
    const a = await this.association(actor, associationId);
    const now = this.clock();
    const blocks = (await this.repo.blocks(m, actor.organizationId, associationId)).map((b) => toBlockView(b, now));
    const keep = a.retainer?.rolloverPeriods ?? 0;
    const rolled = (await this.repo.rolled(m, actor.organizationId, associationId)).map((r) => ({
      fromPeriod: r.fromPeriod,
      fromPeriodStart: periodAt(a.billingCycle, a.billStartDate, a.timeZone, r.fromPeriod).start.toISOString(),
      remaining: r.remaining,
      expiresAt: periodAt(a.billingCycle, a.billStartDate, a.timeZone, r.fromPeriod + keep).end.toISOString(),
    }));
    return {
      associationId,
      unit: prepaidUnit(a.billingType),
      retainer: retainerView(a.retainer),
      rolled,
      blocks,
      available: rolled.reduce((s, r) => s + r.remaining, 0) + blocks.filter((b) => b.usable).reduce((s, b) => s + b.remaining, 0),
    };
  }

  async ledger(actor: Principal, associationId: string, query: PageQueryDto): Promise<Page<LedgerEntryView>> {
    await this.association(actor, associationId);
    const limit = query.limit ?? DEFAULT_LIMIT;
    const c = decodeCursor(query.cursor, ['text']);
    if (c && !/^\d{1,18}$/.test(c[0])) throw invalidField('cursor', 'is not a cursor returned by this list');
    const rows = await this.repo.ledger(this.dataSource.manager, actor.organizationId, associationId, limit, c ? Number(c[0]) : null);
    return toPage(rows, limit, (r) => [String(r.seq)], toLedgerView);
  }

  private async association(actor: Principal, id: string): Promise<DueAssociation> {
    const a = await this.runs.association(this.dataSource.manager, actor.organizationId, id);
    if (!a) throw new NotFoundError('Association');
    return a;
  }
}
