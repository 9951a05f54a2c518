import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';

export type ArchivedDocumentType = 'invoice' | 'credit_note' | 'supplementary_invoice';

/** An issued document the archive worker has still to render: a bill (`invoice`) or a correction. */
export interface PendingDocument {
  organizationId: string;
  id: string;
  source: 'bill' | 'correction';
}

/** Every query on archived PDFs (document_pdfs) and on what is still to archive. */
@Injectable()
export class DocumentArchiveRepository {
  constructor(private readonly dataSource: DataSource) {}

  async find(organizationId: string, documentId: string): Promise<Buffer | null> {
    const rows: { pdf: Buffer }[] = await this.dataSource.query(
      'SELECT pdf FROM document_pdfs WHERE organization_id = $1 AND document_id = $2',
      [organizationId, documentId],
    );
    return rows[0]?.pdf ?? null;
  }

  /**
   * Stores the PDF of an issued document unless one is stored already (the first one wins: two instances rendering
   * the same document at once store one), marks it archived, and answers the stored bytes.
   */
  async store(organizationId: string, documentId: string, type: ArchivedDocumentType, pdf: Buffer): Promise<Buffer> {
    return this.dataSource.transaction(async (m) => {
      const inserted: unknown[] = await m.query(
        `INSERT INTO document_pdfs (organization_id, document_id, document_type, pdf, sha256) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT DO NOTHING RETURNING document_id`,
        [organizationId, documentId, type, pdf, createHash('sha256').update(pdf).digest('hex')],
      );
      const table = type === 'invoice' ? 'bills' : 'corrections';
      await m.query(`UPDATE ${table} SET archive_pending = false WHERE organization_id = $1 AND id = $2 AND archive_pending`, [
        organizationId,
        documentId,
      ]);
      if (inserted.length > 0) return pdf; // ours is the stored one: no need to read 90 KB back
      const rows: { pdf: Buffer }[] = await m.query('SELECT pdf FROM document_pdfs WHERE organization_id = $1 AND document_id = $2', [
        organizationId,
        documentId,
      ]);
      return rows[0].pdf;
    });
  }

  /** Marks a document archived (it was stored by a download or e-mail before the worker came to it). */
  async markArchived(p: PendingDocument): Promise<void> {
    const table = p.source === 'bill' ? 'bills' : 'corrections';
    await this.dataSource.query(`UPDATE ${table} SET archive_pending = false WHERE organization_id = $1 AND id = $2 AND archive_pending`, [
      p.organizationId,
      p.id,
    ]);
  }

  /** Issued documents not archived yet, oldest issue first (every organization: the archive worker's queue). */
  async pending(limit: number): Promise<PendingDocument[]> {
    const rows: { organization_id: string; id: string; source: PendingDocument['source'] }[] = await this.dataSource.query(
      `(SELECT organization_id, id, 'bill' AS source, issued_at FROM bills WHERE archive_pending AND issued_at IS NOT NULL
         ORDER BY issued_at LIMIT $1)
       UNION ALL
       (SELECT organization_id, id, 'correction' AS source, issued_at FROM corrections WHERE archive_pending ORDER BY issued_at LIMIT $1)
       ORDER BY issued_at LIMIT $1`,
      [limit],
    );
    return rows.map((r) => ({ organizationId: r.organization_id, id: r.id, source: r.source }));
  }
}
