import { addDays, CorrectionAmounts, epochDay, formatBillNumber, localDate } from '@app/billing';
import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../auth/principal';
import { Clock, CLOCK } from '../common/clock';
import { NotFoundError } from '../common/domain-error';
import { decodeCursor, DEFAULT_LIMIT, Page, toPage } from '../common/pagination';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { WebhookEvents } from '../webhooks/webhook-events';
import { AutoSend } from './auto-send';
import { BillingRunRepository } from './billing-run.repository';
import type { BillRow } from './bills.repository';
import type { CorrectionView } from './bills.view';
import { CorrectionFilter, CorrectionRow, CorrectionsRepository } from './corrections.repository';

export function correctionView(c: CorrectionRow): CorrectionView {
  return {
    id: c.id,
    type: c.type,
    number: c.number,
    cause: c.cause,
    billId: c.billId,
    correctsBillId: c.billId,
    billNumber: c.billNumber,
    billIssueDate: c.billIssueDate,
    issueDate: c.issueDate,
    dueDate: c.dueDate,
    issuedAt: c.issuedAt.toISOString(),
    currency: c.currency,
    reason: c.reason,
    fixedAmountMinor: c.fixedAmountMinor,
    percent: c.percent === null ? null : Number(c.percent),
    lines: c.lines,
    netMinor: c.netMinor,
    taxMinor: c.taxMinor,
    totalMinor: c.totalMinor,
    taxes: c.taxes.map((t) => ({ ...t, ratePercent: Number(t.ratePercent) })),
    author: { id: c.authorId, name: c.authorName },
    createdAt: c.createdAt.toISOString(),
  };
}

/** What a correction was asked as: an adjustment (its fixed amount or percent) or the void of its bill. */
export type CorrectionCause =
  { cause: 'adjustment'; reason: string; fixedAmountMinor: number | null; percent: number | null } | { cause: 'void'; reason: string };

/**
 * Credit notes and supplementary invoices (libs/billing corrections.ts): issued in the transaction of the change
 * to their bill, whose row the caller holds locked, so a bill's corrections and totals change one at a time.
 */
@Injectable()
export class CorrectionsService {
  constructor(
    private readonly corrections: CorrectionsRepository,
    private readonly runs: BillingRunRepository,
    private readonly audit: AuditService,
    private readonly events: WebhookEvents,
    private readonly autoSend: AutoSend,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * Issues `amounts` for the issued `bill`: numbered in its series (credit notes their own, supplementary invoices the
   * invoices'), dated today in the bill's zone, a supplementary invoice due as many days later as the bill was; one
   * line that says why. Audited, and its webhook event written.
   */
  async issue(m: EntityManager, actor: Principal, bill: BillRow, amounts: CorrectionAmounts, why: CorrectionCause): Promise<CorrectionRow> {
    const creditNote = amounts.type === 'credit_note';
    const sequence = creditNote
      ? await this.corrections.reserveCreditNoteSequence(m, actor.organizationId)
      : await this.runs.reserveSequence(m, actor.organizationId, 1);
    const number = formatBillNumber(creditNote ? this.config.creditNotePrefix : this.config.billNumberPrefix, sequence);
    const issueDate = localDate(this.clock(), bill.timeZone);
    const dueDate = creditNote ? bill.dueDate : addDays(issueDate, epochDay(bill.dueDate) - epochDay(bill.issueDate));
    const id = randomUUID();
    await this.corrections.insert(m, {
      organizationId: actor.organizationId,
      id,
      billId: bill.id,
      type: amounts.type,
      cause: why.cause,
      sequence,
      number,
      issueDate,
      dueDate,
      reason: why.reason,
      fixedAmountMinor: why.cause === 'adjustment' ? why.fixedAmountMinor : null,
      percent: why.cause === 'adjustment' && why.percent !== null ? String(why.percent) : null,
      lines: [
        {
          kind: 'correction',
          description: why.reason,
          quantity: 1,
          unit: 'item',
          unitAmountMinor: amounts.netMinor,
          amountMinor: amounts.netMinor,
        },
      ],
      netMinor: amounts.netMinor,
      taxMinor: amounts.taxMinor,
      totalMinor: amounts.totalMinor,
      taxes: amounts.taxes,
      authorId: actor.kind === 'user' ? actor.id : null,
      authorName: actor.name,
    });
    const row = (await this.corrections.findById(actor.organizationId, id, m))!;
    const view = correctionView(row);
    await this.audit.record(m, actor, {
      action: creditNote ? 'credit_note.issued' : 'supplementary_invoice.issued',
      entityType: 'bill',
      entityId: bill.id,
      after: {
        correctionId: id,
        number,
        cause: why.cause,
        reason: why.reason,
        netMinor: view.netMinor,
        taxMinor: view.taxMinor,
        totalMinor: view.totalMinor,
      },
    });
    const type = creditNote ? 'credit_note.issued' : 'supplementary_invoice.issued';
    if ((await this.events.subscribedTypes(m, actor.organizationId)).has(type)) await this.events.emit(m, actor.organizationId, type, view);
    await this.autoSend.correction(m, actor.organizationId, bill.id, id);
    return row;
  }

  forBill(organizationId: string, billId: string, manager?: EntityManager): Promise<CorrectionRow[]> {
    return this.corrections.forBill(organizationId, billId, manager);
  }

  /** One correction; with `type`, only one of that type (`/credit-notes/:id` answers 404 for a supplementary invoice). */
  async get(actor: Principal, id: string, type?: CorrectionFilter['type']): Promise<CorrectionView> {
    const row = await this.corrections.findById(actor.organizationId, id);
    if (!row || (type && row.type !== type)) throw new NotFoundError(type === 'credit_note' ? 'Credit note' : 'Correction');
    return correctionView(row);
  }

  async list(
    actor: Principal,
    q: { type?: CorrectionFilter['type']; billId?: string; cursor?: string; limit?: number },
  ): Promise<Page<CorrectionView>> {
    const limit = q.limit ?? DEFAULT_LIMIT;
    const c = decodeCursor(q.cursor, ['instant', 'uuid']);
    const rows = await this.corrections.list(actor.organizationId, {
      type: q.type,
      billId: q.billId?.toLowerCase(),
      limit,
      after: c ? { issuedAt: String(c[0]), id: String(c[1]) } : null,
    });
    return toPage(rows, limit, (r) => [r.issuedAt.toISOString(), r.id], correctionView);
  }
}
