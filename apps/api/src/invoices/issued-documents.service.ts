import { InvoiceDocument, PdfRenderer, renderInvoiceHtml } from '@app/invoicing';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Principal } from '../auth/principal';
import { BillsRepository } from '../billing/bills.repository';
import { BillsService } from '../billing/bills.service';
import type { BillDetailView, CorrectionView } from '../billing/bills.view';
import { CorrectionsService } from '../billing/corrections.service';
import { DomainError } from '../common/domain-error';
import { ArchivedDocumentType, DocumentArchiveRepository } from './document-archive.repository';
import { asIssued, toCorrectionDocument, toInvoiceDocument } from './invoice-document';

export const PDF_RENDERER = Symbol('PDF_RENDERER');

/**
 * The documents of bills and corrections as libs/invoicing prints them, and their archived PDFs: what the PDF
 * downloads, the invoice e-mails and the e-invoices are all made from.
 */
@Injectable()
export class IssuedDocumentsService {
  private readonly logger = new Logger('Invoices');

  constructor(
    private readonly bills: BillsService,
    private readonly billsRepository: BillsRepository,
    private readonly corrections: CorrectionsService,
    private readonly archive: DocumentArchiveRepository,
    @Inject(PDF_RENDERER) private readonly renderer: PdfRenderer,
  ) {}

  /** The bill as it is printed: its own seller and buyer snapshots, and the logo's bytes of its seller snapshot. */
  async document(actor: Principal, billId: string): Promise<{ bill: BillDetailView; doc: InvoiceDocument }> {
    const bill = await this.bills.get(actor, billId);
    const logo = bill.seller.logo ? await this.billsRepository.sellerLogo(actor.organizationId, billId) : null;
    return { bill, doc: toInvoiceDocument(bill, logo) };
  }

  async correctionDocument(
    actor: Principal,
    correctionId: string,
    type?: CorrectionView['type'],
  ): Promise<{ correction: CorrectionView; bill: BillDetailView; doc: InvoiceDocument }> {
    const correction = await this.corrections.get(actor, correctionId, type);
    const bill = await this.bills.get(actor, correction.billId);
    const logo = bill.seller.logo ? await this.billsRepository.sellerLogo(actor.organizationId, bill.id) : null;
    return { correction, bill, doc: toCorrectionDocument(bill, correction, logo) };
  }

  /** The archived bytes of an issued document, rendered (as issued) and stored first when there are none yet. */
  async archived(organizationId: string, documentId: string, type: ArchivedDocumentType, doc: InvoiceDocument): Promise<Buffer> {
    const stored = await this.archive.find(organizationId, documentId);
    if (stored) return stored;
    const printed = type === 'invoice' ? asIssued(doc) : doc;
    return this.archive.store(organizationId, documentId, type, await this.render(renderInvoiceHtml(printed)));
  }

  /** A browser failure is the server's trouble, not the client's: 503 with a code, and the cause in the log. */
  async render(html: string): Promise<Buffer> {
    try {
      return await this.renderer.render(html);
    } catch (err) {
      this.logger.error(`PDF rendering failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      throw new DomainError('PDF_RENDER_FAILED', 'The PDF could not be rendered right now; try again');
    }
  }
}
