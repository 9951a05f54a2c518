import {
  BillTotalsInput,
  billTotals,
  cancellationOf,
  checkAdjustment,
  checkCorrection,
  checkPayment,
  adjustmentAmountMinor,
  fromMinor,
  isCalendarDate,
  settledStatus,
} from '@app/billing';
import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../auth/principal';
import { Clock, CLOCK } from '../common/clock';
import { ConflictError, invalidField, NotFoundError, ValidationFailedError } from '../common/domain-error';
import { decodeCursor, DEFAULT_LIMIT, Page, toPage } from '../common/pagination';
import { instantParam } from '../usage/sessions.service';
import { AdjustmentRow, BillItemsRepository, PaymentRow } from './bill-items.repository';
import { AdjustmentDto, ListBillsDto, PaymentDto } from './bills.dto';
import { BillBuyer, BillFilter, BillRow, BillsRepository, PeriodBound } from './bills.repository';
import { AdjustmentView, BillDetailView, BillListItemView, BillSellerView, DiscardedView, PaymentView } from './bills.view';
import { DraftsService } from './drafts.service';
import { PrepaidLedger } from '../prepaid/prepaid-ledger';
import { BillEvents } from './bill-events';
import { billSummary } from './bill-summary';
import { correctionView, CorrectionsService } from './corrections.service';

/** The seller profile version a bill was made with, every field present (null when it was not set then). */
function sellerView(p: Record<string, unknown>): BillSellerView {
  const v = (k: string) => (p[k] ?? null) as string | null;
  return {
    name: (p.name ?? '') as string,
    legalName: v('legalName'),
    address: (p.address ?? null) as BillSellerView['address'],
    vatId: v('vatId'),
    taxNumber: v('taxNumber'),
    companyRegistration: v('companyRegistration'),
    contactEmail: v('contactEmail'),
    phone: v('phone'),
    website: v('website'),
    accountHolder: v('accountHolder'),
    iban: v('iban'),
    bic: v('bic'),
    paymentInstructions: v('paymentInstructions'),
    paymentTerms: v('paymentTerms'),
    invoiceFooter: v('invoiceFooter'),
    logo: (p.logo ?? null) as BillSellerView['logo'],
  };
}

function adjustmentView(a: AdjustmentRow): AdjustmentView {
  return {
    id: a.id,
    type: a.type,
    amountMinor: a.computedMinor,
    fixedAmountMinor: a.amountMinor,
    percent: a.percent === null ? null : Number(a.percent),
    reason: a.reason,
    author: { id: a.authorId, name: a.authorName },
    createdAt: a.createdAt.toISOString(),
  };
}

function paymentView(p: PaymentRow): PaymentView {
  return {
    id: p.id,
    amountMinor: p.amountMinor,
    paidAt: p.paidAt.toISOString(),
    method: p.method,
    reference: p.reference,
    recordedBy: p.recordedByName,
    reversed: p.reversedAt !== null,
    reversedAt: p.reversedAt?.toISOString() ?? null,
    reversalReason: p.reversalReason,
    reversedBy: p.reversedByName,
    createdAt: p.createdAt.toISOString(),
  };
}

/**
 * A `from`/`to` bill filter. A day `YYYY-MM-DD` is a calendar day compared with the first day of the bill's
 * period in the bill's own time zone (so a Berlin bill for February, starting 2026-01-31T23:00Z, is a
 * February bill); an instant with offset is compared with the period's first instant. In UTC both agree.
 */
export function periodBound(field: string, v: string | undefined): PeriodBound | undefined {
  if (v === undefined || v === '') return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) {
    if (!isCalendarDate(v)) throw invalidField(field, `${field} must be a YYYY-MM-DD day or an ISO 8601 instant with offset`);
    return { day: v };
  }
  return { instant: instantParam(field, v)! };
}

/** CSV cells that a spreadsheet would run as a formula are prefixed with a quote (OWASP's advice). */
export function csvCell(value: string | number | boolean | null): string {
  if (value === null) return '';
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Bills after issue: reads, payments, adjustments, void. Check, lock, then change state. */
@Injectable()
export class BillsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly bills: BillsRepository,
    private readonly items: BillItemsRepository,
    private readonly audit: AuditService,
    private readonly drafts: DraftsService,
    private readonly events: BillEvents,
    private readonly corrections: CorrectionsService,
    private readonly ledger: PrepaidLedger,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Issues a draft now (DraftsService.approve) and answers it as issued. */
  approve(actor: Principal, id: string): Promise<BillDetailView> {
    return this.dataSource.transaction(async (m) => {
      await this.drafts.approve(m, actor, id);
      return this.get(actor, id, m);
    });
  }

  /** Makes a draft again from current usage and data (DraftsService.refresh) and answers it. */
  refresh(actor: Principal, id: string): Promise<BillDetailView> {
    return this.dataSource.transaction(async (m) => {
      await this.drafts.refresh(m, actor, id);
      return this.get(actor, id, m);
    });
  }

  async discard(actor: Principal, id: string, reason: string): Promise<DiscardedView> {
    return { id, ...(await this.drafts.discard(actor, id, reason)) };
  }

  private filter(q: ListBillsDto, limit: number): BillFilter {
    const c = decodeCursor(q.cursor, ['instant', 'uuid']);
    return {
      status: q.status,
      departmentId: q.departmentId?.toLowerCase(),
      planId: q.planId?.toLowerCase(),
      from: periodBound('from', q.from),
      to: periodBound('to', q.to),
      now: this.clock(),
      limit,
      after: c ? { periodStart: String(c[0]), id: String(c[1]) } : null,
    };
  }

  async list(actor: Principal, q: ListBillsDto): Promise<Page<BillListItemView>> {
    const limit = q.limit ?? DEFAULT_LIMIT;
    const rows = await this.bills.list(actor.organizationId, { ...this.filter(q, limit), withLineSummary: true });
    return toPage(
      rows,
      limit,
      (b) => [b.periodStart.toISOString(), b.id],
      (b) => ({ ...billSummary(b), lineSummary: b.lineSummary ?? [] }),
    );
  }

  async get(actor: Principal, id: string, manager?: EntityManager): Promise<BillDetailView> {
    const bill = await this.bills.findById(actor.organizationId, id, this.clock(), manager);
    if (!bill) throw new NotFoundError('Bill');
    // One after another: inside a transaction they share one connection.
    const lines = await this.bills.lines(actor.organizationId, id, manager);
    const adjustments = await this.items.adjustments(actor.organizationId, id, manager);
    const corrections = await this.corrections.forBill(actor.organizationId, id, manager);
    const payments = await this.items.payments(actor.organizationId, id, manager);
    return {
      ...billSummary(bill),
      billingAddress: bill.billingAddress,
      recipients: bill.recipients,
      planSnapshot: bill.planSnapshot,
      rateVersions: Array.isArray(bill.planSnapshot.rateVersions) ? (bill.planSnapshot.rateVersions as BillDetailView['rateVersions']) : [],
      taxes: (bill.taxes ?? []).map((t) => ({ ...t, ratePercent: Number(t.ratePercent) })),
      taxRates: (bill.taxRates ?? []).map((r) => ({
        name: r.name,
        ratePercent: Number(r.ratePercent),
        categoryCode: r.categoryCode,
        exemptionReason: r.exemptionReason ?? null,
      })),
      taxExemptionReason: bill.taxExemptionReason ?? null,
      language: bill.language as BillDetailView['language'],
      seller: sellerView(bill.seller ?? {}),
      buyer: { name: bill.departmentName, ...(bill.buyer as BillBuyer) },
      lines,
      adjustments: adjustments.map(adjustmentView),
      corrections: corrections.map(correctionView),
      payments: payments.map(paymentView),
      voidReason: bill.voidReason,
      voidedAt: bill.voidedAt?.toISOString() ?? null,
    };
  }

  /** The filtered list as CSV, in pages, so a million bills never sit in memory at once. */
  async *exportCsv(actor: Principal, q: ListBillsDto): AsyncGenerator<string> {
    // The filter first: a bad one fails the first next(), before the controller sends the headers.
    let f = this.filter({ ...q, cursor: undefined }, 1000);
    yield 'number,status,overdue,department,plan,periodStart,periodEnd,issueDate,dueDate,currency,subtotal,adjustments,net,tax,total,credited,supplementary,paid,balance,taxTreatment\r\n';
    for (;;) {
      const rows = await this.bills.list(actor.organizationId, f);
      const page = rows.slice(0, 1000);
      yield page
        .map(
          (b) =>
            [
              csvCell(b.number),
              b.status,
              b.overdue,
              csvCell(b.departmentName),
              csvCell(b.planName),
              b.periodStart.toISOString(),
              b.periodEnd.toISOString(),
              b.issueDate,
              b.dueDate,
              b.currency,
              fromMinor(b.subtotalMinor, b.currency),
              fromMinor(b.adjustmentsMinor, b.currency),
              fromMinor(b.netMinor, b.currency),
              fromMinor(b.taxMinor, b.currency),
              fromMinor(b.totalMinor, b.currency),
              fromMinor(b.creditedMinor, b.currency),
              fromMinor(b.supplementaryMinor, b.currency),
              fromMinor(b.paidMinor, b.currency),
              fromMinor(b.balanceMinor, b.currency),
              b.taxTreatment,
            ].join(',') + '\r\n',
        )
        .join('');
      if (rows.length <= 1000) return;
      const last = page[page.length - 1];
      f = { ...f, after: { periodStart: last.periodStart.toISOString(), id: last.id } };
    }
  }

  /** Locks the bill and recomputes its totals from lines, adjustments and payments (libs/billing's billTotals). */
  private async lockWithItems(m: EntityManager, actor: Principal, id: string) {
    const bill = await this.bills.findById(actor.organizationId, id, this.clock(), m, true);
    if (!bill) throw new NotFoundError('Bill');
    const lines = await this.bills.lines(actor.organizationId, id, m);
    const adjustments = await this.items.adjustments(actor.organizationId, id, m);
    const corrections = await this.corrections.forBill(actor.organizationId, id, m);
    const payments = await this.items.payments(actor.organizationId, id, m);
    const input: BillTotalsInput = {
      lines,
      adjustments: adjustments.map((a) => ({ type: a.type, amountMinor: a.amountMinor, percent: a.percent })),
      payments: payments.map((p) => ({ amountMinor: p.amountMinor, reversed: p.reversedAt !== null })),
      tax: { currency: bill.currency, treatment: bill.taxTreatment, rates: bill.taxRates ?? [], exemptionReason: bill.taxExemptionReason },
      corrections: corrections.map((c) => ({ type: c.type, totalMinor: c.totalMinor })),
    };
    return { bill, input, corrections };
  }

  private async saveTotals(m: EntityManager, actor: Principal, bill: BillRow, input: Parameters<typeof billTotals>[0]): Promise<void> {
    const t = billTotals(input);
    const status = bill.status === 'void' || bill.status === 'draft' ? bill.status : settledStatus(t);
    await this.bills.saveTotals(m, actor.organizationId, bill.id, { status, ...t });
  }

  async addPayment(actor: Principal, id: string, dto: PaymentDto): Promise<BillDetailView> {
    return this.dataSource.transaction(async (m) => {
      const { bill, input } = await this.lockWithItems(m, actor, id);
      if (bill.status === 'void') throw new ConflictError('BILL_VOID', 'A void bill takes no payments');
      if (bill.status === 'draft') throw new ConflictError('BILL_DRAFT', 'A draft takes no payments: approve it first');
      const balance = billTotals(input).balanceMinor;
      if (balance <= 0) throw new ConflictError('BILL_ALREADY_PAID', 'The bill has no balance left to pay');
      const amountMinor = dto.amountMinor ?? balance;
      const problem = checkPayment(input, { amountMinor });
      if (problem) throw new ConflictError(problem, `A payment of ${amountMinor} is above the balance of ${balance}`);
      const paymentId = randomUUID();
      const paidAt = dto.paidAt ? new Date(dto.paidAt) : this.clock();
      await this.items.insertPayment(m, {
        organizationId: actor.organizationId,
        id: paymentId,
        billId: id,
        amountMinor,
        paidAt,
        method: dto.method ?? null,
        reference: dto.reference ?? null,
        recordedById: actor.id,
        recordedByName: actor.name,
      });
      await this.saveTotals(m, actor, bill, { ...input, payments: [...input.payments, { amountMinor }] });
      const after = await this.get(actor, id, m);
      await this.audit.record(m, actor, {
        action: 'payment.recorded',
        entityType: 'bill',
        entityId: id,
        before: { status: bill.status, paidMinor: bill.paidMinor, balanceMinor: bill.balanceMinor },
        after: {
          paymentId,
          amountMinor,
          paidAt: paidAt.toISOString(),
          method: dto.method ?? null,
          reference: dto.reference ?? null,
          status: after.status,
          paidMinor: after.paidMinor,
          balanceMinor: after.balanceMinor,
        },
      });
      await this.events.payment(m, actor.organizationId, 'payment.recorded', after);
      if (after.status === 'paid') await this.events.one(m, actor.organizationId, 'bill.paid', id);
      return after;
    });
  }

  async reversePayment(actor: Principal, id: string, paymentId: string, reason: string): Promise<BillDetailView> {
    return this.dataSource.transaction(async (m) => {
      const { bill, input } = await this.lockWithItems(m, actor, id);
      const payments = await this.items.payments(actor.organizationId, id, m);
      const payment = payments.find((p) => p.id === paymentId);
      if (!payment) throw new NotFoundError('Payment');
      if (payment.reversedAt) throw new ConflictError('PAYMENT_ALREADY_REVERSED', 'This payment was already reversed');
      if (bill.status === 'void') throw new ConflictError('BILL_VOID', 'The payments of a void bill can not change');
      await this.items.reversePayment(m, actor.organizationId, paymentId, reason, actor.name);
      await this.saveTotals(m, actor, bill, {
        ...input,
        payments: payments.map((p) => ({ amountMinor: p.amountMinor, reversed: p.reversedAt !== null || p.id === paymentId })),
      });
      const after = await this.get(actor, id, m);
      await this.audit.record(m, actor, {
        action: 'payment.reversed',
        entityType: 'bill',
        entityId: id,
        before: { paymentId, amountMinor: payment.amountMinor, status: bill.status, balanceMinor: bill.balanceMinor },
        after: { paymentId, reason, status: after.status, balanceMinor: after.balanceMinor },
      });
      await this.events.payment(m, actor.organizationId, 'payment.reversed', after);
      return after;
    });
  }

  async addAdjustment(actor: Principal, id: string, dto: AdjustmentDto): Promise<BillDetailView> {
    if ((dto.amountMinor === undefined) === (dto.percent === undefined)) {
      throw new ValidationFailedError(
        ['amountMinor', 'percent'].map((field) => ({ field, message: 'give exactly one of amountMinor and percent' })),
        'Give exactly one of amountMinor and percent',
      );
    }
    return this.dataSource.transaction(async (m) => {
      const { bill, input } = await this.lockWithItems(m, actor, id);
      if (bill.status === 'void') throw new ConflictError('BILL_VOID', 'A void bill takes no adjustments');
      // Paid by a payment: no adjustments until it is reversed. Paid only because the balance is 0 with nothing
      // paid (a zero bill, or one discounted to 0) takes a charge and becomes unpaid.
      if (bill.status === 'paid' && billTotals(input).paidMinor > 0) {
        throw new ConflictError('BILL_PAID', 'A paid bill takes no adjustments: reverse the payment first');
      }
      const adjustment = { type: dto.type, amountMinor: dto.amountMinor ?? null, percent: dto.percent ?? null };
      if (bill.status !== 'draft') return this.correct(m, actor, bill, input, adjustment, dto.reason);
      const problem = checkAdjustment(input, adjustment);
      if (problem === 'INVALID_ADJUSTMENT')
        throw invalidField(dto.percent !== undefined ? 'percent' : 'amountMinor', 'is not a valid adjustment');
      if (problem) throw new ConflictError(problem, 'The discount would take the total below what is already paid (or below 0)');
      const computedMinor = adjustmentAmountMinor(bill.subtotalMinor, adjustment);
      const adjustmentId = randomUUID();
      await this.items.insertAdjustment(m, {
        organizationId: actor.organizationId,
        id: adjustmentId,
        billId: id,
        type: dto.type,
        amountMinor: dto.amountMinor ?? null,
        percent: dto.percent ?? null,
        computedMinor,
        reason: dto.reason,
        authorId: actor.id,
        authorName: actor.name,
      });
      await this.saveTotals(m, actor, bill, { ...input, adjustments: [...input.adjustments, adjustment] });
      const after = await this.get(actor, id, m);
      await this.audit.record(m, actor, {
        action: 'adjustment.added',
        entityType: 'bill',
        entityId: id,
        before: { totalMinor: bill.totalMinor, balanceMinor: bill.balanceMinor, status: bill.status },
        after: {
          adjustmentId,
          ...adjustment,
          computedMinor,
          reason: dto.reason,
          totalMinor: after.totalMinor,
          balanceMinor: after.balanceMinor,
          status: after.status,
        },
      });
      return after;
    });
  }

  /**
   * A charge or discount on an ISSUED bill: the invoice stays as issued, and a supplementary invoice or a credit note
   * is issued for it (libs/billing corrections.ts); what is due on the bill counts it.
   */
  private async correct(
    m: EntityManager,
    actor: Principal,
    bill: BillRow,
    input: BillTotalsInput,
    adjustment: { type: 'charge' | 'discount'; amountMinor: number | null; percent: number | null },
    reason: string,
  ): Promise<BillDetailView> {
    const checked = checkCorrection(input, adjustment);
    if (checked.problem === 'INVALID_ADJUSTMENT')
      throw invalidField(adjustment.percent !== null ? 'percent' : 'amountMinor', 'is not a valid adjustment');
    if (checked.problem === 'ADJUSTMENT_IS_ZERO')
      throw new ConflictError(
        checked.problem,
        'The adjustment comes to 0 on this bill (a percent of a 0 subtotal): there is nothing to correct',
      );
    if (checked.problem) throw new ConflictError(checked.problem, 'The credit note would exceed what is due on the bill');
    const row = await this.corrections.issue(m, actor, bill, checked.correction, {
      cause: 'adjustment',
      reason,
      fixedAmountMinor: adjustment.amountMinor,
      percent: adjustment.percent,
    });
    await this.saveTotals(m, actor, bill, {
      ...input,
      corrections: [...(input.corrections ?? []), { type: row.type, totalMinor: row.totalMinor }],
    });
    const after = await this.get(actor, bill.id, m);
    // A credit note that leaves nothing due settles the bill, as a payment would.
    if (after.status === 'paid' && bill.status !== 'paid') await this.events.one(m, actor.organizationId, 'bill.paid', bill.id);
    return after;
  }

  async void(actor: Principal, id: string, reason: string): Promise<BillDetailView> {
    return this.dataSource.transaction(async (m) => {
      const { bill, input, corrections } = await this.lockWithItems(m, actor, id);
      if (bill.status === 'void') throw new ConflictError('BILL_VOID', 'The bill is already void');
      if (bill.status === 'draft') throw new ConflictError('BILL_DRAFT', 'A draft is not voided: discard it');
      if (billTotals(input).paidMinor > 0) throw new ConflictError('BILL_HAS_PAYMENTS', 'Reverse the payments before voiding the bill');
      // An issued invoice is never changed: what is still open of it is cancelled by a credit note.
      const cancellation = cancellationOf({ netMinor: bill.netMinor, taxes: bill.taxes ?? [] }, corrections);
      let creditNote: string | null = null;
      if (cancellation) {
        const row = await this.corrections.issue(m, actor, bill, cancellation, { cause: 'void', reason });
        input.corrections = [...(input.corrections ?? []), { type: 'credit_note', totalMinor: row.totalMinor }];
        creditNote = row.number;
      }
      await this.bills.markVoid(m, actor.organizationId, id, reason);
      // Crediting the whole bill gives back its prepaid draws (and cancels a block whose invoice it is).
      await this.ledger.billGone(
        m,
        { organizationId: actor.organizationId, id, associationId: bill.associationId, kind: bill.kind },
        false,
      );
      await this.saveTotals(m, actor, { ...bill, status: 'void' }, input);
      const after = await this.get(actor, id, m);
      await this.audit.record(m, actor, {
        action: 'bill.voided',
        entityType: 'bill',
        entityId: id,
        before: { status: bill.status, balanceMinor: bill.balanceMinor },
        after: { status: 'void', reason, creditNote, balanceMinor: after.balanceMinor },
      });
      await this.events.one(m, actor.organizationId, 'bill.voided', id);
      return after;
    });
  }
}
