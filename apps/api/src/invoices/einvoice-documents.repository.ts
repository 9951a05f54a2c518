import type { EInvoiceFormat, GeneratedEInvoice, InvoiceStatementSession } from '@app/invoicing';
import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';

type Stored = Omit<GeneratedEInvoice, 'bytes'> & { bytes: Buffer };

/** Every query of e-invoices: the stored ones (einvoice_documents) and what a session statement reads. */
@Injectable()
export class EInvoiceDocumentsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async find(organizationId: string, documentId: string, format: EInvoiceFormat): Promise<Stored | null> {
    const rows: { content: Buffer; content_type: Stored['contentType']; filename: string }[] = await this.dataSource.query(
      'SELECT content, content_type, filename FROM einvoice_documents WHERE organization_id = $1 AND document_id = $2 AND format = $3',
      [organizationId, documentId, format],
    );
    const r = rows[0];
    return r ? { format, contentType: r.content_type, filename: r.filename, bytes: r.content } : null;
  }

  /** Stores it unless one is stored already (the first one wins, as with archived PDFs), and answers the stored one. */
  async store(organizationId: string, documentId: string, e: GeneratedEInvoice): Promise<Stored> {
    const inserted: unknown[] = await this.dataSource.query(
      `INSERT INTO einvoice_documents (organization_id, document_id, format, content_type, filename, content, sha256)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING RETURNING document_id`,
      [organizationId, documentId, e.format, e.contentType, e.filename, e.bytes, createHash('sha256').update(e.bytes).digest('hex')],
    );
    if (inserted.length > 0) return e; // ours is the stored one, as with archived PDFs: no read-back
    return (await this.find(organizationId, documentId, e.format))!;
  }

  /**
   * The sessions a bill charged, oldest first (their billable time is the caller's: it needs the plan snapshot). Read
   * through the department's sessions (sessions_department_time_idx): no index on bill_id weighs on every billing run.
   */
  async billedSessions(
    organizationId: string,
    departmentId: string,
    billId: string,
  ): Promise<Omit<InvoiceStatementSession, 'billableSeconds'>[]> {
    const rows: {
      external_id: string;
      started_at: Date;
      ended_at: Date;
      technician: string | null;
      type: string;
      duration_seconds: number;
    }[] = await this.dataSource.query(
      `SELECT external_id, started_at, ended_at, technician, type, duration_seconds FROM sessions
          WHERE organization_id = $1 AND department_id = $2 AND bill_id = $3 ORDER BY started_at, id`,
      [organizationId, departmentId, billId],
    );
    return rows.map((r) => ({
      externalId: r.external_id,
      startedAt: r.started_at.toISOString(),
      endedAt: r.ended_at.toISOString(),
      technician: r.technician,
      type: r.type,
      durationSeconds: Number(r.duration_seconds),
    }));
  }
}
