import {
  AmountOutOfRangeError,
  closedPeriods,
  coveredEnd,
  draftOrIssue,
  formatBillNumber,
  localDate,
  periodAt,
  prorationOf,
  TaxInputError,
  TaxSetupError,
} from '@app/billing';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { decodeCursor, DEFAULT_LIMIT, Page, toPage } from '../common/pagination';
import { MetricsService } from '../health/metrics.service';
import { BillingFailure, BillingRunRecord, BillingRunRepository, DueAssociation, NewBill } from './billing-run.repository';
import { composeBill, prepaidUsage, Slot } from './bill-composer';
import { PrepaidRepository } from '../prepaid/prepaid.repository';
import { PlansRepository } from '../plans/plans.repository';
import type { RateVersionRow } from '../plans/plans.repository';
import { prepareSlot, slotLines } from '../rate-rules/rated-usage';
import { PrepaidLedger } from '../prepaid/prepaid-ledger';
import { blocksAfterDraws } from '../prepaid/prepaid-alerts';
import { DraftsService } from './drafts.service';
import { BillEvents } from './bill-events';
import { AutoSend } from './auto-send';
import { AuditService } from '../audit/audit.service';
import { systemPrincipal } from '../auth/principal';
import { BillingFailureView, BillingRunResultView, BillingRunView, OpenBillingFailureView } from './billing-runs.view';

/** What a run did, in one organization or (the cron) all of them together. */
export type BillingRunResult = Omit<BillingRunResultView, 'id' | 'asOf'>;

/** Associations claimed per transaction: many whole bills commit together. */
const BATCH = 500;
/** Missed periods billed per association per transaction (a long catch-up continues in the next batch). */
const MAX_PERIODS_PER_PASS = 100;
/** Longest failure message kept. */
const MAX_MESSAGE = 500;

/** What went wrong with one association, as admins read it: a code and a message, never a stack. */
export function describeFailure(associationId: string, err: unknown): BillingFailure {
  const message = (err instanceof Error ? err.message : String(err)).slice(0, MAX_MESSAGE);
  if (err instanceof AmountOutOfRangeError || err instanceof TaxSetupError || err instanceof TaxInputError)
    return { associationId, code: err.code, message };
  const pgCode = (err as { code?: unknown })?.code;
  if (typeof pgCode === 'string' && /^[0-9A-Z]{5}$/.test(pgCode))
    return { associationId, code: 'DATABASE_ERROR', message: `${pgCode}: ${message}` };
  return { associationId, code: 'BILLING_ERROR', message };
}

/**
 * Closes billing cycles: every period of every association that ended at or before `asOf` and has no bill
 * gets one, with its lines, in the transaction that marks the sessions it bills; an ended association's last
 * period is short (it ends at the end), and sessions that reach an ended association after its final bill
 * get a late-usage bill of their own. Safe to run from several instances at once (claims use FOR UPDATE
 * SKIP LOCKED; bills are unique per association and period). One association that can not be billed is
 * isolated: recorded with its error, retried next run, while every other association is billed.
 */
@Injectable()
export class BillingRunService {
  private readonly logger = new Logger('BillingRun');

  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: BillingRunRepository,
    private readonly metrics: MetricsService,
    private readonly drafts: DraftsService,
    private readonly events: BillEvents,
    private readonly audit: AuditService,
    private readonly autoSend: AutoSend,
    private readonly prepaid: PrepaidRepository,
    private readonly ledger: PrepaidLedger,
    private readonly plans: PlansRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Bills everything due as of `asOf` in every organization (the cron); each organization's run is recorded in its history. */
  async run(asOf: Date): Promise<BillingRunResult> {
    const orgs = await this.repo.organizationsWithDueWork(this.dataSource.manager, asOf);
    const total: BillingRunResult = { billsCreated: 0, draftsIssued: 0, associationsScanned: 0, failures: [] };
    for (const org of orgs) {
      const result = await this.runOrganization(org, asOf, 'cron');
      total.billsCreated += result.billsCreated;
      total.draftsIssued += result.draftsIssued;
      total.associationsScanned += result.associationsScanned;
      total.failures.push(...result.failures);
    }
    return this.report(asOf, total);
  }

  /** Bills everything due as of `asOf` in one organization, recorded in its history even when nothing was due. */
  async runFor(organizationId: string, asOf: Date, trigger: BillingRunView['trigger']): Promise<BillingRunResultView> {
    const { id, ...result } = this.report(asOf, await this.runOrganization(organizationId, asOf, trigger));
    return { id, asOf: asOf.toISOString(), ...result };
  }

  private report<T extends BillingRunResult>(asOf: Date, result: T): T {
    if (result.billsCreated > 0) this.logger.log(`Closed ${result.billsCreated} bill(s) as of ${asOf.toISOString()}`);
    if (result.failures.length > 0)
      this.logger.warn(`${result.failures.length} association(s) could not be billed as of ${asOf.toISOString()}`);
    this.metrics.billsCreated.inc(result.billsCreated);
    return result;
  }

  /** The organization's billing-run history, newest first. */
  async history(organizationId: string, query: { limit?: number; cursor?: string }): Promise<Page<BillingRunView>> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const c = decodeCursor(query.cursor, ['instant', 'uuid']);
    const rows = await this.repo.listRuns(this.dataSource.manager, organizationId, limit, c ? { startedAt: c[0], id: c[1] } : null);
    return toPage(
      rows,
      limit,
      (r) => [r.startedAt.toISOString(), r.id],
      (r): BillingRunView => ({
        id: r.id,
        trigger: r.trigger,
        asOf: r.asOf.toISOString(),
        startedAt: r.startedAt.toISOString(),
        finishedAt: r.finishedAt.toISOString(),
        billsCreated: r.billsCreated,
        draftsIssued: r.draftsIssued,
        associationsScanned: r.associationsScanned,
        failures: r.failures,
      }),
    );
  }

  /** Associations whose last billing attempt failed (they are retried by every run until they bill). */
  async openFailures(organizationId: string): Promise<OpenBillingFailureView[]> {
    const rows = await this.repo.openFailures(this.dataSource.manager, organizationId);
    return rows.map((f) => ({
      associationId: f.associationId,
      departmentId: f.departmentId,
      departmentName: f.departmentName,
      planId: f.planId,
      planName: f.planName,
      periodStart: f.periodStart ? f.periodStart.toISOString() : null,
      code: f.code,
      message: f.message,
      attempts: f.attempts,
      firstFailedAt: f.firstFailedAt.toISOString(),
      lastFailedAt: f.lastFailedAt.toISOString(),
    }));
  }

  private async runOrganization(
    organizationId: string,
    asOf: Date,
    trigger: BillingRunView['trigger'],
  ): Promise<BillingRunResult & { id: string }> {
    const startedAt = new Date();
    const runId = randomUUID();
    const scanned = new Set<string>();
    const failed = new Map<string, BillingFailure>();
    let billsCreated = 0;
    const pass = async (only: { ids?: string[]; exclude?: string[] }, claimed: string[]) => {
      const batch = await this.dataSource.transaction((m) => this.closeBatch(m, organizationId, asOf, only, claimed));
      billsCreated += batch.billsCreated;
      for (const id of batch.claimed) scanned.add(id);
      return batch.claimed.length;
    };
    for (;;) {
      const claimed: string[] = [];
      try {
        if ((await pass({ exclude: [...failed.keys()] }, claimed)) === 0) break;
      } catch (err) {
        // Nothing was claimed: the database itself is failing, not one association.
        if (claimed.length === 0) throw err;
        // The batch rolled back whole: bill its associations one by one to find the ones that fail.
        for (const id of claimed) {
          scanned.add(id);
          try {
            await pass({ ids: [id] }, []);
          } catch (one) {
            failed.set(id, describeFailure(id, one));
          }
        }
      }
    }
    const draftsIssued = await this.drafts.issueDue(organizationId, asOf);
    // Bills that became overdue by asOf: each marked once, with its bill.overdue event, in one transaction.
    await this.dataSource.transaction(async (m) => {
      const ids = await this.repo.markOverdue(m, organizationId, asOf);
      await this.events.many(m, organizationId, ids, () => 'bill.overdue');
    });
    // Payment reminders due by asOf: queued in the e-mail outbox (at least once, one per bill and step), audited.
    await this.dataSource.transaction(async (m) => {
      const queued = await this.repo.queueReminders(m, organizationId, asOf, this.config.mailMaxAttempts);
      if (queued.length === 0) return;
      // One insert for all of them (AuditService.record takes many changes).
      await this.audit.record(
        m,
        { ...systemPrincipal(organizationId), name: 'reminders' },
        ...queued.map((r) => ({
          action: 'reminder.queued',
          entityType: 'bill' as const,
          entityId: r.billId,
          after: { deliveryId: r.id, step: r.step, offsetDays: r.offsetDays },
        })),
      );
    });
    const names = await this.repo.describeAssociations(this.dataSource.manager, organizationId, [...failed.keys()]);
    const failures: BillingFailureView[] = [...failed.values()].map((f) => {
      const n = names.get(f.associationId);
      return {
        associationId: f.associationId,
        departmentName: n?.departmentName ?? '',
        planName: n?.planName ?? '',
        periodStart: n?.periodStart ? n.periodStart.toISOString() : null,
        code: f.code,
        message: f.message,
      };
    });
    const record: BillingRunRecord = {
      id: runId,
      trigger,
      asOf,
      startedAt,
      finishedAt: new Date(),
      billsCreated,
      draftsIssued,
      associationsScanned: scanned.size,
      failures,
    };
    await this.dataSource.transaction(async (m) => {
      await this.repo.recordFailures(m, organizationId, runId, [...failed.values()]);
      await this.repo.insertRun(m, organizationId, record);
    });
    return { id: runId, billsCreated, draftsIssued, associationsScanned: scanned.size, failures };
  }

  /** The bills one claimed association needs now: its closed periods, or a late-usage bill once it is billed through its end. */
  private slotsFor(a: DueAssociation, asOf: Date): { slots: Slot[]; advance: { index: number; start: Date; end: Date } | null } {
    const base = { organizationId: a.organizationId, departmentId: a.departmentId, association: a };
    if (a.endedAt && a.nextPeriodStart.getTime() >= a.endedAt.getTime()) {
      // Billed through its end: what is left are sessions of its interval that arrived after the final bill.
      return {
        slots: [
          {
            ...base,
            billId: randomUUID(),
            kind: 'late_usage',
            periodIndex: null,
            takeFrom: a.startsAt,
            periodStart: a.endedAt,
            takeUntil: a.endedAt,
            periodEnd: a.endedAt,
            issueDate: localDate(asOf, a.timeZone),
            proration: null,
          },
        ],
        advance: null,
      };
    }
    const periods = closedPeriods({
      cycle: a.billingCycle,
      billStartDate: a.billStartDate,
      timeZone: a.timeZone,
      asOf,
      fromIndex: a.nextPeriodIndex,
      endedAt: a.endedAt,
      maxPeriods: MAX_PERIODS_PER_PASS,
    });
    const slots = periods.map((p, i): Slot => {
      const until = coveredEnd(p, a.endedAt);
      return {
        ...base,
        billId: randomUUID(),
        kind: 'period',
        periodIndex: p.index,
        // The first bill of a pass also takes the late sessions of the association's earlier periods.
        takeFrom: i === 0 ? a.startsAt : p.start,
        periodStart: p.start,
        takeUntil: until,
        periodEnd: until,
        issueDate: p.lastDate,
        proration: prorationOf(p, a.endedAt),
      };
    });
    const nextIndex = a.nextPeriodIndex + periods.length;
    const next = periodAt(a.billingCycle, a.billStartDate, a.timeZone, nextIndex);
    return { slots, advance: { index: nextIndex, start: next.start, end: next.end } };
  }

  /** The rate versions of the plans of these associations that have more than one (issue #18). */
  private async planVersions(m: EntityManager, organizationId: string, due: DueAssociation[]): Promise<Map<string, RateVersionRow[]>> {
    const planIds = [...new Set(due.filter((a) => a.rateVersion > 1).map((a) => a.planId))];
    const out = new Map<string, RateVersionRow[]>();
    for (const v of await this.plans.versions(m, organizationId, planIds)) out.set(v.planId, [...(out.get(v.planId) ?? []), v]);
    return out;
  }

  private async closeBatch(
    m: EntityManager,
    organizationId: string,
    asOf: Date,
    only: { ids?: string[]; exclude?: string[] },
    claimed: string[],
  ): Promise<{ billsCreated: number; claimed: string[] }> {
    const due = await this.repo.claimDue(m, organizationId, asOf, BATCH, only);
    claimed.push(...due.map((a) => a.id));
    if (due.length === 0) return { billsCreated: 0, claimed };

    const slots: Slot[] = [];
    const advances: { organizationId: string; id: string; index: number; start: Date; end: Date }[] = [];
    for (const a of due) {
      const planned = this.slotsFor(a, asOf);
      slots.push(...planned.slots);
      if (planned.advance) advances.push({ organizationId: a.organizationId, id: a.id, ...planned.advance });
    }

    // Rate versions and rules (issue #18): which version each slot uses, and whether its sessions' details are read.
    const versions = await this.planVersions(m, organizationId, due);
    for (const slot of slots) prepareSlot(slot, versions.get(slot.association.planId));
    const usage = await this.repo.takeSessions(m, slots);
    const devices = await this.repo.countDevices(m, slots);
    // A late-usage slot whose sessions another run took meanwhile makes no bill.
    const billed = slots.filter((slot) => slot.kind === 'period' || (usage.get(slot.billId)?.late.length ?? 0) > 0);
    const seller = billed.length ? await this.repo.sellerSnapshot(m, organizationId) : null;
    const windows = billed.map((slot) =>
      draftOrIssue({ lastDate: slot.issueDate, reviewDays: slot.association.reviewDays, timeZone: slot.association.timeZone, asOf }),
    );
    // Prepaid associations draw from their balances, read once for the batch; an association's periods are in order,
    // each drawing from what the one before left.
    const prepaidSlots = billed.filter((slot) => slot.association.prepaid);
    const states = await this.prepaid.states(
      m,
      organizationId,
      prepaidSlots.map((slot) => slot.association.id),
    );
    const drawn = new Map<string, ReturnType<typeof prepaidUsage>>();
    for (const slot of prepaidSlots) {
      const state = states.get(slot.association.id)!;
      const result = prepaidUsage({
        slot,
        used: usage.get(slot.billId) ?? { current: [], late: [], lateStarts: [] },
        deviceCount: devices.get(slot.billId) ?? 0,
        state,
        blockNumbers: state.blockNumbers,
      });
      Object.assign(state, result.state);
      drawn.set(slot.billId, result);
    }
    const issuedCount = windows.filter((w) => w.issueNow).length;
    let nextSequence = issuedCount ? await this.repo.reserveSequence(m, organizationId, issuedCount) : 0;
    const now = new Date();
    const bills: NewBill[] = billed.map((slot, i) => {
      const sequence = windows[i].issueNow ? nextSequence++ : null;
      const used = usage.get(slot.billId) ?? { current: [], late: [], lateStarts: [] };
      const rated = slotLines(slot, used, devices.get(slot.billId) ?? 0);
      return composeBill({
        slot,
        used,
        deviceCount: devices.get(slot.billId) ?? 0,
        lines: drawn.get(slot.billId)?.lines ?? rated.lines,
        rateVersions: rated.used,
        seller: seller!,
        window: windows[i],
        number: sequence === null ? null : { sequence, number: formatBillNumber(this.config.billNumberPrefix, sequence) },
        now,
      });
    });
    await this.repo.insertBills(m, bills);
    // The draws are written with their bills: a rolled-back batch draws nothing, and a bill is made once.
    const after = new Map([...states.values()].flatMap((state) => [...blocksAfterDraws(state)]));
    await this.ledger.record(
      m,
      organizationId,
      prepaidSlots.map((slot) => ({ associationId: slot.association.id, billId: slot.billId, effects: drawn.get(slot.billId)!.effects })),
      (id) => after.get(id),
    );
    await this.events.many(
      m,
      organizationId,
      bills.map((b) => b.id),
      (status) => (status === 'draft' ? 'bill.drafted' : 'bill.issued'),
    );
    await this.autoSend.bills(
      m,
      organizationId,
      bills.filter((b) => b.status !== 'draft').map((b) => b.id),
    );
    await this.repo.advance(m, advances);
    await this.repo.clearFailures(
      m,
      organizationId,
      due.map((a) => a.id),
    );
    return { billsCreated: bills.length, claimed };
  }
}
