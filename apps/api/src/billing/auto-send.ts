import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { systemPrincipal } from '../auth/principal';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { BillingRunRepository } from './billing-run.repository';

/**
 * Automatic sending: in the transaction that issues documents, queues their invoice e-mail in the outbox for
 * customers with `autoSend` on (INVOICE_AUTO_SEND=false turns it off for the whole server), audited in one insert.
 * A bill whose total is 0 is not sent (nothing to pay, nothing to tell); a credit note or supplementary invoice is.
 */
@Injectable()
export class AutoSend {
  constructor(
    private readonly runs: BillingRunRepository,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Issued bills of `billIds` (drafts among them are skipped). */
  bills(m: EntityManager, organizationId: string, billIds: string[]): Promise<void> {
    return this.queue(m, organizationId, billIds, null);
  }

  /** A credit note or supplementary invoice just issued for `billId`. */
  correction(m: EntityManager, organizationId: string, billId: string, correctionId: string): Promise<void> {
    return this.queue(m, organizationId, [billId], correctionId);
  }

  private async queue(m: EntityManager, organizationId: string, billIds: string[], correctionId: string | null): Promise<void> {
    if (!this.config.invoiceAutoSend || billIds.length === 0) return;
    const queued = await this.runs.queueAutoSend(m, organizationId, billIds, correctionId, this.config.mailMaxAttempts);
    if (queued.length === 0) return;
    await this.audit.record(
      m,
      { ...systemPrincipal(organizationId), name: 'automatic sending' },
      ...queued.map((q) => ({
        action: 'email.queued',
        entityType: 'bill' as const,
        entityId: q.billId,
        after: { deliveryId: q.id, to: q.to, cc: [], automatic: true, ...(correctionId ? { correctionId } : {}) },
      })),
    );
  }
}
