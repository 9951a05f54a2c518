import type { InvoiceDocument } from '@app/invoicing';
import type { BillDetailView } from '../billing/bills.view';

/** What libs/invoicing prints, from a bill as the API shows it. */
export function toInvoiceDocument(bill: BillDetailView, organizationName: string): InvoiceDocument {
  const address = bill.billingAddress as unknown as InvoiceDocument['billingAddress'];
  return {
    organization: { name: organizationName },
    bill: {
      number: bill.number,
      status: bill.status,
      overdue: bill.overdue,
      periodStart: bill.periodStart,
      periodEnd: bill.periodEnd,
      issueDate: bill.issueDate,
      dueDate: bill.dueDate,
      currency: bill.currency,
    },
    department: { name: bill.department.name },
    plan: { name: bill.plan.name },
    billingAddress: address,
    lines: bill.lines,
    adjustments: bill.adjustments.map((a) => ({ type: a.type, description: a.reason, percent: a.percent, amountMinor: a.amountMinor })),
    payments: bill.payments.map((p) => ({
      paidAt: p.paidAt,
      method: p.method,
      reference: p.reference,
      amountMinor: p.amountMinor,
      reversed: p.reversed,
    })),
    totals: {
      subtotalMinor: bill.subtotalMinor,
      adjustmentsMinor: bill.adjustmentsMinor,
      totalMinor: bill.totalMinor,
      paidMinor: bill.paidMinor,
      balanceMinor: bill.balanceMinor,
    },
    timeZone: bill.timeZone,
  };
}
