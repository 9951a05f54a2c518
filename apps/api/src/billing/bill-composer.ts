import {
  BillLine,
  formatMoney,
  periodAt,
  periodIndexAt,
  PrepaidBill,
  PrepaidState,
  ratePrepaidBill,
  ratePrepaidLate,
  billDates,
  billTaxFor,
  billTotals,
  PlanSnapshot,
  Proration,
  rateBill,
  rateLateUsageBill,
  ReviewWindow,
  settledStatus,
  type AdjustmentInput,
} from '@app/billing';
import type { BillSlot, DueAssociation, NewBill, SellerSnapshot, TakenSessions } from './billing-run.repository';
import type { UsedVersion, VersionInForce } from '../rate-rules/rated-usage';

/**
 * What a bill is made of, from its association, its sessions and devices: shared by the billing run (new bills) and
 * a draft's refresh (the same bill made again from current usage and data). Pure: no queries here.
 */
export function planSnapshot(a: DueAssociation): PlanSnapshot & { name: string } {
  return {
    name: a.planName,
    currency: a.currency,
    billingType: a.billingType,
    sessionRateMinor: a.sessionRateMinor ?? 0,
    hourRateMinor: a.hourRateMinor ?? 0,
    unattendedDeviceRateMinor: a.unattendedDeviceRateMinor,
    billingIncrementMinutes: a.billingIncrementMinutes,
    minimumBillableMinutes: a.minimumBillableMinutes,
  };
}

/** One bill to make (or to make again): where its sessions come from and what it covers. */
export type Slot = BillSlot & {
  association: DueAssociation;
  kind: 'period' | 'late_usage' | 'block';
  periodIndex: number | null;
  /** End of the bill's period as it is recorded: the full period's end, or the association's end when it cuts it short. */
  periodEnd: Date;
  issueDate: string;
  proration: Proration | null;
  /** Set by prepareSlot (rate-rules/rated-usage.ts): the versions in force over it and whether it is ruled */
  rating?: { versions: VersionInForce[]; ruled: boolean };
};

/** A bill's lines, taxes and totals, and every field it copies from its association, seller and window. */
export function composeBill(input: {
  slot: Slot;
  used: TakenSessions;
  deviceCount: number;
  seller: SellerSnapshot;
  window: ReviewWindow & { issueNow: boolean };
  /** null: the bill stays a draft */
  number: { sequence: number; number: string } | null;
  /** the draft's adjustments (a new bill has none) */
  adjustments?: readonly AdjustmentInput[];
  /** a prepaid association's lines (`prepaidUsage`) or a ruled bill's (`slotLines`), instead of rating the usage here */
  lines?: BillLine[];
  /** the rate versions the bill's period used (issue #18), recorded in its plan snapshot */
  rateVersions?: UsedVersion[];
  now: Date;
}): NewBill {
  const { slot, used, seller, window } = input;
  const a = slot.association;
  const plan = planSnapshot(a);
  const { lines } = input.lines
    ? { lines: input.lines }
    : slot.kind === 'late_usage'
      ? rateLateUsageBill(plan, used.late)
      : rateBill({
          plan,
          sessionDurations: used.current,
          lateSessionDurations: used.late,
          deviceCount: input.deviceCount,
          proration: slot.proration,
        });
  const tax = billTaxFor({
    treatment: a.taxTreatment,
    rates: a.taxRates,
    exemptionReason: a.exemptionReason,
    buyerVatId: a.customerVatId,
    sellerVatId: seller.vatId,
  });
  const totals = billTotals({ lines, adjustments: input.adjustments ?? [], payments: [], tax: { currency: a.currency, ...tax } });
  const { issueDate, dueDate } = billDates({ lastDate: window.scheduledIssueDate }, a.dueDays);
  const issued = input.number !== null;
  return {
    organizationId: a.organizationId,
    id: slot.billId,
    sequence: input.number?.sequence ?? null,
    number: input.number?.number ?? null,
    associationId: a.id,
    departmentId: a.departmentId,
    planId: a.planId,
    kind: slot.kind,
    periodIndex: slot.periodIndex,
    periodStart: slot.kind === 'late_usage' ? a.startsAt : slot.periodStart,
    periodEnd: slot.periodEnd,
    issueDate,
    dueDate,
    timeZone: a.timeZone,
    currency: a.currency,
    departmentName: a.departmentName,
    planName: a.planName,
    planSnapshot: { ...plan, rateVersions: input.rateVersions ?? [] },
    billingAddress: a.billingAddress,
    recipients: a.recipients,
    status: issued ? settledStatus(totals) : 'draft',
    reviewUntil: issued ? null : window.reviewUntil,
    issuedAt: issued ? input.now : null,
    subtotalMinor: totals.subtotalMinor,
    adjustmentsMinor: totals.adjustmentsMinor,
    totalMinor: totals.totalMinor,
    balanceMinor: totals.balanceMinor,
    sellerProfileId: seller.id,
    buyer: { legalName: a.customerLegalName, vatId: a.customerVatId, buyerReference: a.buyerReference, purchaseOrder: a.purchaseOrder },
    language: a.invoiceLanguage ?? seller.invoiceLanguage,
    taxTreatment: tax.treatment,
    taxExemptionReason: tax.exemptionReason,
    taxRates: tax.rates,
    taxes: totals.taxes,
    taxMinor: totals.taxMinor,
    lines,
  };
}

/**
 * A prepaid association's usage on one bill (issue #17): what it draws from the association's balances `state` and
 * what is overage, its lines and ledger effects. Late sessions draw from their own period's balances: each one's period
 * is found from when it started, among the periods billed before this bill.
 */
export function prepaidUsage(input: {
  slot: Slot;
  used: TakenSessions;
  deviceCount: number;
  state: PrepaidState;
  blockNumbers: ReadonlyMap<string, string>;
}): PrepaidBill {
  const { slot, used } = input;
  const a = slot.association;
  const plan = planSnapshot(a);
  // Periods billed before this bill: 0 ..< its own index, or (a late-usage bill) every period of the association.
  const billedBefore = slot.kind === 'period' ? slot.periodIndex! : a.nextPeriodIndex;
  const byPeriod = new Map<number, number[]>();
  used.late.forEach((duration, i) => {
    const index = billedBefore > 0 ? periodIndexAt(a.billingCycle, a.billStartDate, a.timeZone, used.lateStarts[i], billedBefore) : 0;
    byPeriod.set(index, [...(byPeriod.get(index) ?? []), duration]);
  });
  const late = [...byPeriod].map(([index, durations]) => {
    const p = periodAt(a.billingCycle, a.billStartDate, a.timeZone, index);
    return { periodIndex: index, periodStart: p.start, periodEnd: p.end, durations };
  });
  const common = {
    plan,
    retainer: a.retainer,
    late,
    state: input.state,
    blockLabel: (id: string) => input.blockNumbers.get(id) ?? id,
    formatMoney: (minor: number) => formatMoney(minor, a.currency),
  };
  if (slot.kind === 'late_usage') return ratePrepaidLate(common);
  return ratePrepaidBill({
    ...common,
    periodIndex: slot.periodIndex!,
    periodStart: slot.periodStart,
    periodEnd: slot.periodEnd,
    proration: slot.proration,
    sessionDurations: used.current,
    deviceCount: input.deviceCount,
  });
}
