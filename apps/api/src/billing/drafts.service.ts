import { formatBillNumber, issueDateAt, localDate, periodAt, prorationOf, settledStatus } from '@app/billing';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../auth/principal';
import { Clock, CLOCK } from '../common/clock';
import { ConflictError, NotFoundError } from '../common/domain-error';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { BillItemsRepository } from './bill-items.repository';
import { composeBill, prepaidUsage, Slot } from './bill-composer';
import { PrepaidLedger } from '../prepaid/prepaid-ledger';
import { PrepaidRepository } from '../prepaid/prepaid.repository';
import { PlansRepository } from '../plans/plans.repository';
import { prepareSlot, slotLines } from '../rate-rules/rated-usage';
import { BlockAfterDraw, blocksAfterDraws } from '../prepaid/prepaid-alerts';
import { BillingRunRepository } from './billing-run.repository';
import { BillRow, BillsRepository } from './bills.repository';
import { BillEvents } from './bill-events';
import { AutoSend } from './auto-send';

/** Claimed per transaction when issuing drafts whose review window ended. */
const BATCH = 500;

/**
 * Drafts (issue #15): a closed period's bill under review. It can be adjusted (BillsService), refreshed (made again
 * from current usage and data, so late sessions join it), approved early, or discarded (its sessions are unbilled
 * again and go to the association's next bill); when its window ends a billing run (the cron, or POST /billing-runs)
 * issues it. Issuing gives it the next number of the gapless series and its issue and due dates.
 */
@Injectable()
export class DraftsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly bills: BillsRepository,
    private readonly items: BillItemsRepository,
    private readonly runs: BillingRunRepository,
    private readonly audit: AuditService,
    private readonly events: BillEvents,
    private readonly autoSend: AutoSend,
    private readonly ledger: PrepaidLedger,
    private readonly prepaid: PrepaidRepository,
    private readonly plans: PlansRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private async lockDraft(m: EntityManager, actor: Principal, id: string): Promise<BillRow> {
    const bill = await this.bills.findById(actor.organizationId, id, this.clock(), m, true);
    if (!bill) throw new NotFoundError('Bill');
    if (bill.status !== 'draft') throw new ConflictError('BILL_NOT_DRAFT', 'Only a draft can be approved, refreshed or discarded');
    return bill;
  }

  /** Issues a draft now: numbered, dated today (in its zone; never after its scheduled day), due dueDays later. */
  async approve(m: EntityManager, actor: Principal, id: string): Promise<void> {
    const bill = await this.lockDraft(m, actor, id);
    const issueDate = issueDateAt({ scheduledIssueDate: bill.issueDate, reviewUntil: bill.reviewUntil! }, this.clock(), bill.timeZone);
    const sequence = await this.runs.reserveSequence(m, actor.organizationId, 1);
    const number = formatBillNumber(this.config.billNumberPrefix, sequence);
    await this.runs.issueDrafts(m, actor.organizationId, [{ id, sequence, number, status: settledStatus(bill), issueDate }]);
    await this.audit.record(m, actor, {
      action: 'bill.issued',
      entityType: 'bill',
      entityId: id,
      before: { status: 'draft', issueDate: bill.issueDate, dueDate: bill.dueDate },
      after: { number, issueDate, totalMinor: bill.totalMinor },
    });
    await this.events.one(m, actor.organizationId, 'bill.issued', id);
    await this.autoSend.bills(m, actor.organizationId, [id]);
  }

  /**
   * Deletes a draft; its sessions are unbilled again, so the association's next bill takes them as late usage. Its
   * prepaid draws are given back; a block's invoice draft cancels the block.
   */
  async discard(actor: Principal, id: string, reason: string): Promise<{ sessionsReleased: number }> {
    return this.dataSource.transaction(async (m) => {
      const bill = await this.lockDraft(m, actor, id);
      await this.ledger.billGone(m, { organizationId: actor.organizationId, id, associationId: bill.associationId, kind: bill.kind }, true);
      const sessionsReleased = await this.bills.releaseSessions(m, actor.organizationId, id);
      await this.bills.deleteDraft(m, actor.organizationId, id);
      await this.audit.record(m, actor, {
        action: 'bill.discarded',
        entityType: 'bill',
        entityId: id,
        before: {
          associationId: bill.associationId,
          periodStart: bill.periodStart.toISOString(),
          periodEnd: bill.periodEnd.toISOString(),
          totalMinor: bill.totalMinor,
        },
        after: { reason, sessionsReleased },
      });
      return { sessionsReleased };
    });
  }

  /**
   * Makes the draft again from current usage and data: its sessions plus every unbilled one of its association up to
   * its end (late sessions join it), its devices, the plan's rates, the customer's tax data, the seller profile; its
   * adjustments stay. The association is locked, so a billing run never takes the same sessions meanwhile.
   */
  async refresh(m: EntityManager, actor: Principal, id: string): Promise<void> {
    const bill = await this.lockDraft(m, actor, id);
    const a = await this.runs.associationForUpdate(m, actor.organizationId, bill.associationId);
    if (!a) throw new NotFoundError('Association');
    const before = { totalMinor: bill.totalMinor, taxMinor: bill.taxMinor };
    await this.bills.releaseSessions(m, actor.organizationId, id);
    // Its prepaid draws are given back first: the draft draws again from the balances as they are now.
    if (bill.kind !== 'block') await this.ledger.reverseBill(m, actor.organizationId, id);
    const base = { billId: id, organizationId: a.organizationId, departmentId: a.departmentId, association: a, takeFrom: a.startsAt };
    let slot: Slot;
    if (bill.kind === 'block') {
      // A block's invoice: its one line stays (the block is what was bought); taxes and seller data are made again.
      slot = {
        ...base,
        kind: 'block',
        periodIndex: null,
        periodStart: bill.periodStart,
        takeUntil: bill.periodStart,
        periodEnd: bill.periodEnd,
        issueDate: bill.issueDate,
        proration: null,
      };
    } else if (bill.kind === 'late_usage') {
      const end = a.endedAt!;
      slot = {
        ...base,
        kind: 'late_usage',
        periodIndex: null,
        periodStart: end,
        takeUntil: end,
        periodEnd: end,
        issueDate: bill.issueDate,
        proration: null,
      };
    } else {
      const period = periodAt(a.billingCycle, a.billStartDate, a.timeZone, bill.periodIndex!);
      slot = {
        ...base,
        kind: 'period',
        periodIndex: bill.periodIndex,
        periodStart: bill.periodStart,
        takeUntil: bill.periodEnd,
        periodEnd: bill.periodEnd,
        issueDate: localDate(new Date(bill.periodEnd.getTime() - 1), a.timeZone),
        proration: prorationOf(period, a.endedAt),
      };
    }
    if (slot.kind !== 'block') {
      prepareSlot(slot, a.rateVersion > 1 ? await this.plans.versions(m, actor.organizationId, [a.planId]) : undefined);
    }
    const usage = slot.kind === 'block' ? new Map() : await this.runs.takeSessions(m, [slot]);
    const devices = slot.kind === 'period' ? await this.runs.countDevices(m, [slot]) : new Map<string, number>();
    const adjustments = await this.items.adjustments(actor.organizationId, id, m);
    const used = usage.get(id) ?? { current: [], late: [], lateStarts: [] };
    const rated = slotLines(slot, used, devices.get(id) ?? 0);
    let lines = slot.kind === 'block' ? await this.bills.lines(actor.organizationId, id, m) : rated.lines;
    let effects: ReturnType<typeof prepaidUsage>['effects'] = [];
    let after = new Map<string, BlockAfterDraw>();
    if (slot.kind !== 'block' && a.prepaid) {
      const state = (await this.prepaid.states(m, actor.organizationId, [a.id])).get(a.id)!;
      const drawn = prepaidUsage({ slot, used, deviceCount: devices.get(id) ?? 0, state, blockNumbers: state.blockNumbers });
      lines = drawn.lines;
      effects = drawn.effects;
      after = blocksAfterDraws({ ...state, ...drawn.state });
    }
    const remade = composeBill({
      slot,
      used,
      lines,
      rateVersions: rated.used,
      deviceCount: devices.get(id) ?? 0,
      seller: await this.runs.sellerSnapshot(m, actor.organizationId),
      window: { scheduledIssueDate: bill.issueDate, reviewUntil: bill.reviewUntil!, issueNow: false },
      number: null,
      adjustments: adjustments.map((x) => ({ type: x.type, amountMinor: x.amountMinor, percent: x.percent })),
      now: this.clock(),
    });
    await this.bills.replaceDraft(m, remade);
    await this.ledger.record(m, actor.organizationId, [{ associationId: a.id, billId: id, effects }], (block) => after.get(block));
    await this.audit.record(m, actor, {
      action: 'bill.refreshed',
      entityType: 'bill',
      entityId: id,
      before,
      after: { totalMinor: remade.totalMinor, taxMinor: remade.taxMinor, lines: remade.lines.length },
    });
  }

  /**
   * Issues the organization's drafts whose review window ended by `asOf`, BATCH per transaction: each gets the next
   * numbers of the gapless series (the sequence row stays locked until the batch commits) and keeps its scheduled
   * dates. Claims skip rows another instance holds, so each draft is issued once.
   */
  async issueDue(organizationId: string, asOf: Date): Promise<number> {
    let issued = 0;
    for (;;) {
      const n = await this.dataSource.transaction(async (m) => {
        // Lock the series before claiming: a batch claimed first could be numbered after a later one another
        // instance claimed meanwhile, giving a later period a smaller number.
        await this.runs.reserveSequence(m, organizationId, 0);
        const due = await this.runs.claimDueDrafts(m, organizationId, asOf, BATCH);
        if (due.length === 0) return 0;
        const first = await this.runs.reserveSequence(m, organizationId, due.length);
        await this.runs.issueDrafts(
          m,
          organizationId,
          due.map((d, i) => ({
            id: d.id,
            sequence: first + i,
            number: formatBillNumber(this.config.billNumberPrefix, first + i),
            status: settledStatus(d),
            issueDate: null,
          })),
        );
        await this.events.many(
          m,
          organizationId,
          due.map((d) => d.id),
          () => 'bill.issued',
        );
        await this.autoSend.bills(
          m,
          organizationId,
          due.map((d) => d.id),
        );
        return due.length;
      });
      issued += n;
      if (n < BATCH) return issued;
    }
  }
}
