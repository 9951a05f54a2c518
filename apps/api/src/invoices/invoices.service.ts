import {
  composeInvoiceEmail,
  composePrepaidAlertEmail,
  composeReminderEmail,
  InvoiceEmail,
  InvoiceLanguage,
  invoicePreviewDocument,
  renderInvoiceHtml,
} from '@app/invoicing';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Principal, systemPrincipal } from '../auth/principal';
import { OrganizationsRepository } from '../organizations/organizations.repository';
import { BillsService } from '../billing/bills.service';
import type { BillDetailView, CorrectionView } from '../billing/bills.view';
import { CorrectionsService } from '../billing/corrections.service';
import { ConflictError, NotFoundError } from '../common/domain-error';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { DeliveryRow, EmailDeliveriesRepository } from './email-deliveries.repository';
import { DocumentArchiveRepository, PendingDocument } from './document-archive.repository';
import { EInvoicesService } from './einvoices.service';
import { IssuedDocumentsService } from './issued-documents.service';
import { currentSeller } from './invoice-document';
import { PrepaidRepository } from '../prepaid/prepaid.repository';
import type { EmailInvoiceDto } from './invoices.dto';
import type { EmailDeliveryView, EmailQueuedView } from './invoices.view';

export { PDF_RENDERER } from './issued-documents.service';

export function deliveryView(d: DeliveryRow): EmailDeliveryView {
  return {
    id: d.id,
    billId: d.billId,
    correctionId: d.correctionId,
    to: d.to,
    cc: d.cc,
    status: d.status,
    kind: d.kind,
    reminderStep: d.reminderStep,
    reminderOffsetDays: d.reminderOffsetDays,
    attempts: d.attempts,
    maxAttempts: d.maxAttempts,
    lastError: d.lastError,
    nextAttemptAt: d.status === 'queued' ? d.nextAttemptAt.toISOString() : null,
    sentAt: d.sentAt?.toISOString() ?? null,
    requestedBy: d.requestedByName,
    createdAt: d.createdAt.toISOString(),
  };
}

/** Bill documents: the PDF, and invoice e-mails queued in the outbox. */
@Injectable()
export class InvoicesService {
  private readonly logger = new Logger('Invoices');

  constructor(
    private readonly dataSource: DataSource,
    private readonly bills: BillsService,
    private readonly corrections: CorrectionsService,
    private readonly docs: IssuedDocumentsService,
    private readonly einvoices: EInvoicesService,
    private readonly archive: DocumentArchiveRepository,
    private readonly deliveries: EmailDeliveriesRepository,
    private readonly organizations: OrganizationsRepository,
    private readonly audit: AuditService,
    private readonly prepaid: PrepaidRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Download Bill: a draft is rendered as it is now (DRAFT across it); an issued bill answers its archived PDF, the
   * bytes rendered once as it was issued (archived now if the archive worker has not come to it yet).
   */
  async pdf(actor: Principal, billId: string): Promise<{ number: string; pdf: Buffer }> {
    const { bill, doc } = await this.docs.document(actor, billId);
    if (bill.status === 'draft') return { number: 'draft', pdf: await this.docs.render(renderInvoiceHtml(doc)) };
    return { number: doc.bill.number, pdf: await this.docs.archived(actor.organizationId, bill.id, 'invoice', doc) };
  }

  /** A credit note's or supplementary invoice's archived PDF. */
  async correctionPdf(actor: Principal, correctionId: string, type?: CorrectionView['type']): Promise<{ number: string; pdf: Buffer }> {
    const { correction, doc } = await this.docs.correctionDocument(actor, correctionId, type);
    return { number: correction.number, pdf: await this.docs.archived(actor.organizationId, correction.id, correction.type, doc) };
  }

  /** Archives one document the archive worker found pending (ArchiveCron); answers whether it was still there. */
  async archivePending(p: PendingDocument): Promise<boolean> {
    const actor = systemPrincipal(p.organizationId);
    try {
      if (p.source === 'bill') await this.pdf(actor, p.id);
      else await this.correctionPdf(actor, p.id);
      await this.archive.markArchived(p); // stored before by a download or an e-mail: store() did not run
      return true;
    } catch (err) {
      if (err instanceof NotFoundError) {
        await this.archive.markArchived(p);
        return false;
      }
      throw err;
    }
  }

  /**
   * Archives what is pending, a batch at a time, until nothing is, `limit` documents were done, or `going()` says
   * stop (checked before each document: a shutdown waits for one render at most).
   */
  async archiveDue(limit = 200, going: () => boolean = () => true): Promise<number> {
    let done = 0;
    while (done < limit && going()) {
      const batch = await this.archive.pending(Math.min(20, limit - done));
      if (batch.length === 0) break;
      for (const p of batch) {
        if (!going()) return done;
        try {
          await this.archivePending(p);
        } catch (err) {
          this.logger.error(`Archiving ${p.source} ${p.id} failed: ${err instanceof Error ? err.message : String(err)}`);
          return done; // the renderer's trouble: try again at the next tick
        }
        done++;
      }
    }
    return done;
  }

  /**
   * The invoice preview of Settings > Organization: the sample invoice with the organization's seller profile and
   * logo as they are now, in `language` (default: the organization's invoice language), with a SAMPLE watermark.
   * Nothing is stored.
   */
  async preview(actor: Principal, language?: InvoiceLanguage): Promise<Buffer> {
    const org = await this.organizations.findById(actor.organizationId);
    if (!org) throw new NotFoundError('Organization');
    const logo = org.logoContentType ? await this.organizations.findLogo(org.id) : null;
    const doc = invoicePreviewDocument(currentSeller(org, logo), language ?? org.invoiceLanguage);
    return this.docs.render(renderInvoiceHtml(doc, { sample: true }));
  }

  /**
   * The message for one delivery, rendered when it is sent (so it shows the bill, and the organization's sender
   * name and Reply-To, as they are then). The address is always MAIL_FROM's; MAIL_REPLY_TO is the default Reply-To.
   */
  /**
   * The message for one delivery: the invoice e-mail, or a payment reminder (null when its bill is no longer unpaid:
   * paid or voided since it was queued, so it is cancelled instead of sent).
   */
  async compose(d: DeliveryRow): Promise<InvoiceEmail | null> {
    const actor = systemPrincipal(d.organizationId);
    const org = await this.organizations.findById(d.organizationId);
    const opts = {
      from: this.config.mailFrom,
      senderName: org?.mailSenderName,
      replyTo: org?.mailReplyTo ?? this.config.mailReplyTo,
      message: d.message ?? undefined,
      organizationName: org?.name,
    };
    if (d.kind === 'prepaid_alert') {
      const block = await this.prepaid.alertEmailData(this.dataSource.manager, d.organizationId, d.prepaidBlockId!);
      if (!block) return null;
      return composePrepaidAlertEmail(
        {
          kind: d.prepaidAlert!,
          language: block.language as InvoiceLanguage,
          sellerName: org?.name ?? block.organizationName,
          customerName: block.departmentName,
          blockNumber: block.number,
          unit: block.unit,
          units: block.units,
          // What is left now (never above what the block held; an 'empty' alert says 0 even if a reversal gave some back).
          remaining: d.prepaidAlert === 'empty' ? 0 : Math.min(block.remaining, block.units),
          lowBalancePercent: block.lowBalancePercent,
          expiresAt: block.expiresAt,
          timeZone: block.timeZone,
        },
        { from: opts.from, senderName: opts.senderName, replyTo: opts.replyTo },
      );
    }
    if (d.correctionId) {
      const { correction, bill, doc } = await this.docs.correctionDocument(actor, d.correctionId);
      const einvoice = await this.einvoices.forEmail(actor, bill, correction.id);
      return composeInvoiceEmail(doc, await this.docs.archived(d.organizationId, correction.id, correction.type, doc), {
        ...opts,
        einvoice,
      });
    }
    const { bill, doc } = await this.docs.document(actor, d.billId);
    if (d.kind === 'reminder' && doc.bill.status !== 'unpaid') return null;
    // The invoice as issued is attached (the e-mail's own text says what is due now).
    const pdf = await this.docs.archived(d.organizationId, bill.id, 'invoice', doc);
    if (d.kind !== 'reminder') {
      return composeInvoiceEmail(doc, pdf, {
        ...opts,
        einvoice: await this.einvoices.forEmail(actor, bill, null),
      });
    }
    // The title counts the reminders after the due date ("Second payment reminder"): this one's place among them.
    const earlier = (await this.deliveries.listForBill(d.organizationId, d.billId)).filter(
      (e) => e.kind === 'reminder' && e.status !== 'cancelled' && e.reminderStep! < d.reminderStep! && e.reminderOffsetDays! > 0,
    );
    const step = d.reminderOffsetDays! > 0 ? earlier.length : d.reminderStep!;
    return composeReminderEmail(doc, pdf, { step, offsetDays: d.reminderOffsetDays! }, opts);
  }

  async queueEmail(actor: Principal, billId: string, dto: EmailInvoiceDto): Promise<EmailQueuedView> {
    const bill = await this.bills.get(actor, billId);
    if (bill.status === 'void') throw new ConflictError('BILL_VOID', 'A void bill is not e-mailed');
    if (bill.status === 'draft') throw new ConflictError('BILL_DRAFT', 'A draft is not e-mailed: approve it first');
    return this.queue(actor, bill, null, dto);
  }

  /** Email a credit note or supplementary invoice (also when its bill is void: the cancelling credit note is sent). */
  async queueCorrectionEmail(
    actor: Principal,
    correctionId: string,
    dto: EmailInvoiceDto,
    type?: CorrectionView['type'],
  ): Promise<EmailQueuedView> {
    const correction = await this.corrections.get(actor, correctionId, type);
    return this.queue(actor, await this.bills.get(actor, correction.billId), correction, dto);
  }

  private async queue(
    actor: Principal,
    bill: BillDetailView,
    correction: CorrectionView | null,
    dto: EmailInvoiceDto,
  ): Promise<EmailQueuedView> {
    const billId = bill.id;
    const to = dto.to?.length ? dto.to : bill.recipients;
    if (!to.length) throw new ConflictError('NO_RECIPIENTS', 'The bill has no recipients: give `to`');
    await this.einvoices.assertEmailable(actor, bill, correction);
    const id = randomUUID();
    await this.dataSource.transaction(async (m) => {
      await this.deliveries.insert(m, {
        organizationId: actor.organizationId,
        id,
        billId,
        correctionId: correction?.id ?? null,
        to,
        cc: dto.cc ?? [],
        message: dto.message ?? null,
        maxAttempts: this.config.mailMaxAttempts,
        requestedByName: actor.name,
      });
      await this.audit.record(m, actor, {
        action: 'email.queued',
        entityType: 'bill',
        entityId: billId,
        after: { deliveryId: id, to, cc: dto.cc ?? [], ...(correction ? { correctionId: correction.id, number: correction.number } : {}) },
      });
    });
    return { deliveryId: id, status: 'queued' };
  }

  async listEmails(actor: Principal, billId: string) {
    await this.bills.get(actor, billId);
    return { items: (await this.deliveries.listForBill(actor.organizationId, billId)).map(deliveryView), nextCursor: null };
  }
}
