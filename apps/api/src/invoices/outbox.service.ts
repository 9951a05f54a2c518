import { MailerService } from '@nestjs-modules/mailer';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { systemPrincipal } from '../auth/principal';
import { ProblemsConflictError } from '../common/domain-error';
import { Clock, CLOCK } from '../common/clock';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { MetricsService } from '../health/metrics.service';
import { DeliveryRow, EmailDeliveriesRepository } from './email-deliveries.repository';
import { InvoicesService } from './invoices.service';

/** One Message-ID per delivery, whatever the attempt. */
export function messageIdOf(deliveryId: string, mailFrom: string): string {
  const domain = /@([^\s>]+)>?\s*$/.exec(mailFrom)?.[1] ?? 'remote-billing.invalid';
  return `<${deliveryId}@${domain}>`;
}

/** When a delivery whose attempt `attempt` (1, 2, …) just failed is tried again: base × 2^(attempt-1) later. */
export function retryAt(failedAt: Date, attempt: number, baseSeconds: number): Date {
  return new Date(failedAt.getTime() + baseSeconds * 1000 * 2 ** (attempt - 1));
}

/**
 * Works the e-mail outbox: claims due deliveries, renders and sends them, retries failures with exponential
 * backoff (MAIL_RETRY_BASE_SECONDS × 2^(attempt-1)) up to MAIL_MAX_ATTEMPTS. The time comes from the injected
 * clock, read when deliveries are claimed and when an attempt fails, so tests drive it with a fixed clock.
 * Delivery is at least once: a process killed after the SMTP server accepted a message but before it was
 * marked sent sends it again when the lease (MAIL_LEASE_SECONDS) expires. Every attempt of a delivery carries the
 * same Message-ID (`<delivery id@sender domain>`), so a receiver can recognise the repeat.
 * OutboxCron calls `drain` on a schedule; nothing else here knows about schedules.
 */
@Injectable()
export class OutboxService {
  private readonly logger = new Logger('Outbox');
  private running: Promise<number> | null = null;
  private stopping = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly deliveries: EmailDeliveriesRepository,
    private readonly invoices: InvoicesService,
    private readonly mailer: MailerService,
    private readonly audit: AuditService,
    private readonly metrics: MetricsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Sends everything due now; returns how many deliveries it handled. One drain at a time per process. */
  drain(): Promise<number> {
    if (!this.running) {
      this.running = this.work().finally(() => (this.running = null));
    }
    return this.running;
  }

  /** No more claims from now on (shutdown): a drain in progress finishes the deliveries it holds and stops. */
  stop(): void {
    this.stopping = true;
  }

  /**
   * The drain in progress, if any (shutdown waits for it), for at most `timeoutMs`: a send that does not finish by
   * then (its SMTP transport closing under it) stays claimed and is sent again when its lease expires, as after a crash.
   */
  idle(timeoutMs = Infinity): Promise<void> {
    const drained = (this.running ?? Promise.resolve()).then(
      () => undefined,
      () => undefined,
    );
    if (!Number.isFinite(timeoutMs)) return drained;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    return Promise.race([drained, timeout]).finally(() => clearTimeout(timer));
  }

  /**
   * Keeps about 2 × PDF_CONCURRENCY deliveries in flight: claims more as soon as one finishes, so the
   * renderer never idles waiting for the slowest message of a batch.
   */
  private async work(): Promise<number> {
    const width = Math.max(2, this.config.pdfConcurrency * 2);
    const inFlight = new Set<Promise<void>>();
    let handled = 0;
    let exhausted = false;
    while ((!exhausted && !this.stopping) || inFlight.size > 0) {
      if (!exhausted && !this.stopping && inFlight.size < width) {
        const due = await this.deliveries.claimDue(this.clock(), width - inFlight.size, this.config.mailLeaseSeconds);
        if (due.length === 0) exhausted = true;
        for (const d of due) {
          const p: Promise<void> = this.send(d).finally(() => inFlight.delete(p));
          inFlight.add(p);
          handled += 1;
        }
        if (due.length > 0) continue;
      }
      if (inFlight.size > 0) await Promise.race(inFlight);
    }
    return handled;
  }

  private async send(d: DeliveryRow): Promise<void> {
    try {
      const mail = await this.invoices.compose(d);
      if (mail === null) {
        await this.deliveries.markCancelled(d, 'The bill is no longer unpaid');
        await this.record(d, 'reminder.cancelled', { deliveryId: d.id, step: d.reminderStep });
        return;
      }
      const info = await this.mailer.sendMail({
        from: mail.from ?? this.config.mailFrom,
        replyTo: mail.replyTo,
        messageId: messageIdOf(d.id, this.config.mailFrom),
        to: d.to,
        cc: d.cc.length ? d.cc : undefined,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        attachments: mail.attachments.map((a) => ({ filename: a.filename, content: a.content, contentType: a.contentType })),
      });
      if (!this.config.smtpUrl && info?.message) {
        await mkdir(this.config.mailDir, { recursive: true });
        await writeFile(join(this.config.mailDir, `${d.id}.eml`), info.message as Buffer);
      }
      await this.deliveries.markSent(d, (info?.messageId as string | undefined) ?? null, this.clock());
      this.metrics.emailsSent.inc({ outcome: 'sent' });
      await this.record(d, 'email.sent', { deliveryId: d.id, to: d.to, attempts: d.attempts });
    } catch (err) {
      // An e-invoice the customer's format cannot take (its data changed since the e-mail was queued, or an automatic
      // e-mail) fails at once, its code first: trying again cannot help until someone fixes the data and resends.
      const refused = err instanceof ProblemsConflictError;
      const message = refused ? `${err.code}: ${err.message}` : err instanceof Error ? err.message : String(err);
      const retry = !refused && d.attempts < d.maxAttempts;
      const next = retry ? retryAt(this.clock(), d.attempts, this.config.mailRetryBaseSeconds) : null;
      await this.deliveries.markFailedAttempt(d, message, next);
      this.metrics.emailsSent.inc({ outcome: retry ? 'retry' : 'failed' });
      this.logger.warn(`Delivery ${d.id} attempt ${d.attempts} failed: ${message}`);
      if (!retry) await this.record(d, 'email.failed', { deliveryId: d.id, attempts: d.attempts, lastError: message });
    }
  }

  private async record(d: DeliveryRow, action: string, after: unknown): Promise<void> {
    await this.dataSource.transaction((m) =>
      this.audit.record(
        m,
        { ...systemPrincipal(d.organizationId), name: 'outbox' },
        { action, entityType: 'bill', entityId: d.billId, after },
      ),
    );
  }
}
