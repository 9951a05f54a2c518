import {
  billDates, billTotals, closedPeriods, formatBillNumber, PlanSnapshot, periodAt, rateBill, settledStatus, startOfDay,
} from '@app/billing';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { MetricsService } from '../health/metrics.service';
import { BillingRunRepository, BillSlot, DueAssociation, NewBill } from './billing-run.repository';

export interface BillingRunResult {
  billsCreated: number;
  associationsScanned: number;
}

/** Associations claimed per transaction: many whole bills commit together. */
const BATCH = 500;
/** Missed periods billed per association per transaction (a long catch-up continues in the next batch). */
const MAX_PERIODS_PER_PASS = 100;

export function planSnapshot(a: DueAssociation): PlanSnapshot & { name: string } {
  return {
    name: a.planName, currency: a.currency, billingType: a.billingType, sessionRateMinor: a.sessionRateMinor ?? 0,
    hourRateMinor: a.hourRateMinor ?? 0, unattendedDeviceRateMinor: a.unattendedDeviceRateMinor,
    billingIncrementMinutes: a.billingIncrementMinutes, minimumBillableMinutes: a.minimumBillableMinutes,
  };
}

/**
 * Closes billing cycles: every period of every association that ended at or before `asOf` and has no bill
 * gets one, with its lines, in the transaction that marks the sessions it bills. Safe to run from several
 * instances at once (claims use FOR UPDATE SKIP LOCKED; bills are unique per association and period).
 */
@Injectable()
export class BillingRunService {
  private readonly logger = new Logger('BillingRun');

  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: BillingRunRepository,
    private readonly metrics: MetricsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async run(asOf: Date, organizationId?: string): Promise<BillingRunResult> {
    const result: BillingRunResult = { billsCreated: 0, associationsScanned: 0 };
    const orgs = await this.repo.organizationsWithDueWork(this.dataSource.manager, asOf, organizationId);
    for (const org of orgs) {
      for (;;) {
        const batch = await this.dataSource.transaction((m) => this.closeBatch(m, org, asOf));
        result.billsCreated += batch.billsCreated;
        result.associationsScanned += batch.associationsScanned;
        if (batch.associationsScanned === 0) break;
      }
    }
    if (result.billsCreated > 0) this.logger.log(`Closed ${result.billsCreated} bill(s) as of ${asOf.toISOString()}`);
    this.metrics.billsCreated.inc(result.billsCreated);
    return result;
  }

  private async closeBatch(m: EntityManager, organizationId: string, asOf: Date): Promise<BillingRunResult> {
    const due = await this.repo.claimDue(m, organizationId, asOf, BATCH);
    if (due.length === 0) return { billsCreated: 0, associationsScanned: 0 };

    const slots: (BillSlot & { association: DueAssociation; periodIndex: number; lastDate: string })[] = [];
    const advances: { organizationId: string; id: string; index: number; start: Date; end: Date }[] = [];
    for (const a of due) {
      const periods = closedPeriods({
        cycle: a.billingCycle, billStartDate: a.billStartDate, timeZone: a.timeZone, asOf,
        fromIndex: a.nextPeriodIndex, endedAt: a.endedAt, maxPeriods: MAX_PERIODS_PER_PASS,
      });
      const billingStart = startOfDay(a.billStartDate, a.timeZone);
      periods.forEach((p, i) => {
        slots.push({
          billId: randomUUID(), organizationId: a.organizationId, departmentId: a.departmentId,
          takeFrom: i === 0 ? billingStart : p.start, periodStart: p.start, periodEnd: p.end,
          association: a, periodIndex: p.index, lastDate: p.lastDate,
        });
      });
      const nextIndex = a.nextPeriodIndex + periods.length;
      const next = periodAt(a.billingCycle, a.billStartDate, a.timeZone, nextIndex);
      advances.push({ organizationId: a.organizationId, id: a.id, index: nextIndex, start: next.start, end: next.end });
    }

    const usage = await this.repo.takeSessions(m, slots);
    const devices = await this.repo.countDevices(m, slots);
    const firstSequence = slots.length ? await this.repo.reserveSequence(m, organizationId, slots.length) : 0;
    const bills: NewBill[] = slots.map((slot, i) => {
      const a = slot.association;
      const plan = planSnapshot(a);
      const used = usage.get(slot.billId) ?? { current: [], late: [] };
      const rated = rateBill({ plan, sessionDurations: used.current, lateSessionDurations: used.late, deviceCount: devices.get(slot.billId) ?? 0 });
      const totals = billTotals({ lines: rated.lines, adjustments: [], payments: [] });
      const { issueDate, dueDate } = billDates({ lastDate: slot.lastDate }, a.dueDays);
      const sequence = firstSequence + i;
      return {
        organizationId: a.organizationId, id: slot.billId, sequence, number: formatBillNumber(this.config.billNumberPrefix, sequence),
        associationId: a.id, departmentId: a.departmentId, planId: a.planId, periodIndex: slot.periodIndex,
        periodStart: slot.periodStart, periodEnd: slot.periodEnd, issueDate, dueDate, timeZone: a.timeZone, currency: a.currency,
        departmentName: a.departmentName, planName: a.planName, planSnapshot: plan, billingAddress: a.billingAddress, recipients: a.recipients,
        status: settledStatus(totals), subtotalMinor: totals.subtotalMinor, totalMinor: totals.totalMinor, balanceMinor: totals.balanceMinor,
        lines: rated.lines,
      };
    });
    await this.repo.insertBills(m, bills);
    await this.repo.advance(m, advances);
    return { billsCreated: bills.length, associationsScanned: due.length };
  }
}
