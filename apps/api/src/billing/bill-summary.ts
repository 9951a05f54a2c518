import type { BillRow } from './bills.repository';
import type { BillSummaryView } from './bills.view';

/** A bill as lists show it (GET /bills, and the payload of `bill.*` webhook events). */
export function billSummary(b: BillRow): BillSummaryView {
  return {
    id: b.id,
    number: b.number,
    status: b.status,
    state: b.status === 'draft' ? 'draft' : 'issued',
    overdue: b.overdue,
    einvoiceFormat: b.einvoiceFormat,
    kind: b.kind,
    periodStart: b.periodStart.toISOString(),
    periodEnd: b.periodEnd.toISOString(),
    issueDate: b.issueDate,
    dueDate: b.dueDate,
    reviewUntil: b.reviewUntil?.toISOString() ?? null,
    issuedAt: b.issuedAt?.toISOString() ?? null,
    timeZone: b.timeZone,
    currency: b.currency,
    department: { id: b.departmentId, name: b.departmentName },
    plan: { id: b.planId, name: b.planName },
    associationId: b.associationId,
    subtotalMinor: b.subtotalMinor,
    adjustmentsMinor: b.adjustmentsMinor,
    netMinor: b.netMinor,
    taxMinor: b.taxMinor,
    totalMinor: b.totalMinor,
    taxTreatment: b.taxTreatment,
    paidMinor: b.paidMinor,
    creditedMinor: b.creditedMinor,
    supplementaryMinor: b.supplementaryMinor,
    balanceMinor: b.balanceMinor,
    createdAt: b.createdAt.toISOString(),
  };
}
