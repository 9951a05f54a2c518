import { billableSeconds, type PlanSnapshot } from '@app/billing';
import {
  EInvoiceFormat,
  einvoiceProblems,
  EInvoiceRefusedError,
  generateEInvoice,
  GeneratedEInvoice,
  InvoiceDocument,
  type EInvoiceProblem,
} from '@app/invoicing';
import { Injectable } from '@nestjs/common';
import type { Principal } from '../auth/principal';
import type { BillDetailView, CorrectionView } from '../billing/bills.view';
import { electronicAddressOf } from '../common/electronic-address';
import { ConflictError, NotFoundError, ProblemsConflictError } from '../common/domain-error';
import { DepartmentsRepository } from '../departments/departments.repository';
import type { DepartmentRow } from '../departments/departments.repository';
import { OrganizationsRepository } from '../organizations/organizations.repository';
import { EInvoiceDocumentsRepository } from './einvoice-documents.repository';
import { asIssued } from './invoice-document';
import { IssuedDocumentsService } from './issued-documents.service';

/** An e-invoice as it is answered: the stored bytes and how to name them. */
export type EInvoiceFile = Pick<GeneratedEInvoice, 'format' | 'contentType' | 'filename' | 'bytes'>;

/**
 * E-invoices of issued documents (issue #16). Each is made from the document as issued (the PDF's data: the bill's
 * seller and buyer snapshots, its lines, taxes and totals) plus the routing data read when it is first made: the
 * seller's and the customer's electronic addresses and whether the customer wants the session statement. The first
 * one made is stored and answered byte for byte from then on (a Factur-X embeds the archived PDF), like the PDF.
 * Which format: `?format=`, else the customer's `einvoiceFormat`.
 */
@Injectable()
export class EInvoicesService {
  constructor(
    private readonly docs: IssuedDocumentsService,
    private readonly stored: EInvoiceDocumentsRepository,
    private readonly organizations: OrganizationsRepository,
    private readonly departments: DepartmentsRepository,
  ) {}

  /** GET /bills/:id/einvoice */
  async forBill(actor: Principal, billId: string, format?: EInvoiceFormat): Promise<EInvoiceFile> {
    const { bill, doc } = await this.docs.document(actor, billId);
    if (bill.status === 'draft')
      throw new ConflictError(
        'BILL_DRAFT',
        'A draft has no e-invoice yet: approve it first (its problems: GET /bills/:id/einvoice/problems)',
      );
    const department = await this.department(actor, bill);
    const chosen = this.formatFor(department, format);
    const found = await this.stored.find(actor.organizationId, bill.id, chosen);
    if (found) return found;
    const full = await this.routed(actor, asIssued(doc), department, bill);
    const pdf = chosen === 'facturx' ? await this.docs.archived(actor.organizationId, bill.id, 'invoice', doc) : undefined;
    return this.stored.store(actor.organizationId, bill.id, await this.generate(full, chosen, pdf));
  }

  /** GET /corrections/:id/einvoice, /credit-notes/:id/einvoice */
  async forCorrection(
    actor: Principal,
    correctionId: string,
    format?: EInvoiceFormat,
    type?: CorrectionView['type'],
  ): Promise<EInvoiceFile> {
    const { correction, bill, doc } = await this.docs.correctionDocument(actor, correctionId, type);
    const department = await this.department(actor, bill);
    const chosen = this.formatFor(department, format);
    const found = await this.stored.find(actor.organizationId, correction.id, chosen);
    if (found) return found;
    const full = await this.routed(actor, doc, department, null);
    const pdf = chosen === 'facturx' ? await this.docs.archived(actor.organizationId, correction.id, correction.type, doc) : undefined;
    return this.stored.store(actor.organizationId, correction.id, await this.generate(full, chosen, pdf));
  }

  /**
   * GET /bills/:id/einvoice/problems: what keeps the bill (a draft too) from becoming an e-invoice of the format (the
   * customer's when not given; none: no format, no problems).
   */
  async problemsForBill(
    actor: Principal,
    billId: string,
    format?: EInvoiceFormat,
  ): Promise<{ format: EInvoiceFormat | null; problems: EInvoiceProblem[] }> {
    const { bill, doc } = await this.docs.document(actor, billId);
    const department = await this.department(actor, bill);
    const chosen = format ?? (department.einvoiceFormat === 'none' ? null : department.einvoiceFormat);
    if (!chosen) return { format: null, problems: [] };
    return { format: chosen, problems: einvoiceProblems(await this.routed(actor, doc, department, null), chosen) };
  }

  /**
   * The e-invoice an invoice e-mail attaches: the customer's format (the bill's `einvoiceFormat`, read with it), or null
   * when it has none (nothing more is read). A document that cannot be one throws the 409 (the e-mail is not sent
   * without it).
   */
  async forEmail(actor: Principal, bill: BillDetailView, correctionId: string | null): Promise<EInvoiceFile | null> {
    if (bill.einvoiceFormat === 'none') return null;
    return correctionId ? this.forCorrection(actor, correctionId) : this.forBill(actor, bill.id);
  }

  /** Refuses up front the e-mail of a document whose customer's e-invoice cannot be made (POST …/email). */
  async assertEmailable(actor: Principal, bill: BillDetailView, correction: CorrectionView | null): Promise<void> {
    if (bill.einvoiceFormat === 'none') return;
    const department = await this.department(actor, bill);
    if (department.einvoiceFormat === 'none') return;
    const doc = correction
      ? (await this.docs.correctionDocument(actor, correction.id)).doc
      : (await this.docs.document(actor, bill.id)).doc;
    const problems = einvoiceProblems(await this.routed(actor, doc, department, null), department.einvoiceFormat);
    if (problems.length) throw refusal(new EInvoiceRefusedError(department.einvoiceFormat, problems));
  }

  private formatFor(department: DepartmentRow, format?: EInvoiceFormat): EInvoiceFormat {
    const chosen = format ?? (department.einvoiceFormat === 'none' ? null : department.einvoiceFormat);
    if (!chosen) {
      throw new ConflictError(
        'EINVOICE_FORMAT_NOT_SET',
        "The customer's e-invoice format is none: give ?format= (peppol, xrechnung_ubl, xrechnung_cii, facturx)",
      );
    }
    return chosen;
  }

  private async department(actor: Principal, bill: BillDetailView): Promise<DepartmentRow> {
    const d = await this.departments.findById(actor.organizationId, bill.department.id);
    if (!d) throw new NotFoundError('Department');
    return d;
  }

  /** The document with the electronic addresses of now, and the session statement when the customer wants it (bills only). */
  private async routed(
    actor: Principal,
    doc: InvoiceDocument,
    department: DepartmentRow,
    bill: BillDetailView | null,
  ): Promise<InvoiceDocument> {
    const org = await this.organizations.findById(actor.organizationId);
    const statement =
      bill && department.attachSessionStatement
        ? (await this.stored.billedSessions(actor.organizationId, department.id, bill.id)).map((s) => ({
            ...s,
            billableSeconds: billable(s.durationSeconds, bill.planSnapshot as unknown as PlanSnapshot),
          }))
        : null;
    return {
      ...doc,
      seller: { ...doc.seller, electronicAddress: org ? electronicAddressOf(org.electronicAddressScheme, org.electronicAddressId) : null },
      buyer: { ...doc.buyer, electronicAddress: electronicAddressOf(department.electronicAddressScheme, department.electronicAddressId) },
      sessionStatement: statement,
    };
  }

  private async generate(doc: InvoiceDocument, format: EInvoiceFormat, pdf?: Buffer): Promise<GeneratedEInvoice> {
    try {
      return await generateEInvoice(doc, format, pdf);
    } catch (err) {
      if (err instanceof EInvoiceRefusedError) throw refusal(err);
      throw err;
    }
  }
}

/** What a per_session plan bills is the session; a per_hour plan bills its increment and minimum. */
function billable(durationSeconds: number, plan: PlanSnapshot): number {
  return plan.billingType === 'per_hour' ? billableSeconds(durationSeconds, plan) : durationSeconds;
}

function refusal(err: EInvoiceRefusedError): ProblemsConflictError {
  return new ProblemsConflictError(err.message, err.problems);
}
