import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { systemPrincipal } from '../auth/principal';
import { Clock, CLOCK } from '../common/clock';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { nextAttemptAt, parseRetryAfter } from './retry-schedule';
import { secretAad, SecretBox } from './secret-box';
import { webhookHeaders } from './signing';
import { postWebhook } from './webhook-sender';
import { ClaimedDelivery, WebhooksRepository } from './webhooks.repository';

export const WEBHOOK_SECRET_BOX = Symbol('WEBHOOK_SECRET_BOX');

/**
 * Works the webhook outbox: claims due deliveries (FOR UPDATE SKIP LOCKED, with a lease: several instances never
 * send one delivery at once), signs and POSTs each (webhook-sender.ts: checked addresses only, no redirects, a time
 * limit), and records the outcome. A 2xx is delivered; anything else (another status, a timeout, a connection
 * error, a refused address) is tried again on the retry schedule until WEBHOOK_MAX_ATTEMPTS, then `failed`; a 410
 * Gone fails the delivery at once and disables the endpoint. At least once: a process killed after the receiver
 * answered but before the outcome was written sends again when the lease ends, with the same webhook-id, so the
 * receiver de-duplicates by it. WebhooksCron calls `drain` on a schedule; an admin's test ping or redelivery calls
 * it at once. The time comes from the injected clock.
 */
@Injectable()
export class WebhookDeliveryService {
  private readonly logger = new Logger('Webhooks');
  private running: Promise<number> | null = null;
  private rerun = false;
  private stopping = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: WebhooksRepository,
    private readonly audit: AuditService,
    @Inject(WEBHOOK_SECRET_BOX) private readonly box: SecretBox,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * Sends everything due now; answers how many attempts it made. One drain at a time per process: a call while one
   * runs joins it, and makes it look once more for due work before it ends (a ping queued meanwhile goes out too).
   */
  drain(): Promise<number> {
    if (this.stopping) return Promise.resolve(0);
    if (this.running) {
      this.rerun = true;
      return this.running;
    }
    this.running = (async () => {
      let handled = 0;
      do {
        this.rerun = false;
        handled += await this.work();
      } while (this.rerun && !this.stopping);
      return handled;
    })().finally(() => (this.running = null));
    return this.running;
  }

  /** Claims nothing more (shutdown): the attempts in flight finish, `idle()` waits for them. */
  stop(): void {
    this.stopping = true;
  }

  /** The drain in progress, if any (shutdown waits for it). */
  idle(): Promise<void> {
    return (this.running ?? Promise.resolve()).then(
      () => undefined,
      () => undefined,
    );
  }

  /** Keeps up to WEBHOOK_CONCURRENCY attempts in flight, claiming more as each one ends. */
  private async work(): Promise<number> {
    const width = this.config.webhookConcurrency;
    const inFlight = new Set<Promise<void>>();
    let handled = 0;
    let exhausted = false;
    while (!exhausted || inFlight.size > 0) {
      if (this.stopping) exhausted = true;
      if (!exhausted && inFlight.size < width) {
        const due = await this.repository.claimDue(this.clock(), width - inFlight.size, this.config.webhookLeaseSeconds);
        if (due.length === 0) exhausted = true;
        for (const d of due) {
          const p: Promise<void> = this.attempt(d).finally(() => inFlight.delete(p));
          inFlight.add(p);
          handled += 1;
        }
        if (due.length > 0) continue;
      }
      if (inFlight.size > 0) await Promise.race(inFlight);
    }
    return handled;
  }

  /** One attempt of a claimed delivery; never throws (a failure to record is logged, and the lease brings it back). */
  private async attempt(d: ClaimedDelivery): Promise<void> {
    try {
      const started = this.clock();
      let secrets: string[];
      try {
        secrets = this.secretsOf(d, started);
      } catch (err) {
        await this.failed(d, null, err instanceof Error ? err.message : String(err), null);
        return;
      }
      const headers = webhookHeaders(secrets, d.eventId, Math.floor(started.getTime() / 1000), d.body);
      const outcome = await postWebhook(d.url, headers, d.body, {
        timeoutMs: this.config.webhookTimeoutMs,
        allowPrivate: this.config.webhookAllowPrivateAddresses,
        allowHttp: this.config.webhookAllowHttp,
      });
      if (outcome.ok) {
        if (!(await this.repository.markDelivered(d, outcome.statusCode!, this.clock()))) this.leaseLost(d);
        return;
      }
      await this.failed(d, outcome.statusCode, outcome.error ?? 'failed', outcome.gone ? 'gone' : (outcome.retryAfter ?? null));
      if (outcome.gone && (await this.repository.disableGone(d.organizationId, d.endpointId))) {
        this.logger.warn(`Webhook endpoint ${d.endpointId} answered 410 Gone: disabled`);
        await this.dataSource.transaction((m) =>
          this.audit.record(
            m,
            { ...systemPrincipal(d.organizationId), name: 'webhooks' },
            {
              action: 'webhook_endpoint.disabled',
              entityType: 'webhook_endpoint',
              entityId: d.endpointId,
              after: { enabled: false, disabledReason: 'receiver_gone', deliveryId: d.id, eventId: d.eventId },
            },
          ),
        );
      }
    } catch (err) {
      this.logger.error(`Webhook delivery ${d.id} attempt ${d.attempts}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /** Records a failed attempt and schedules the next one (none after the last attempt, nor after a 410). */
  private async failed(d: ClaimedDelivery, statusCode: number | null, error: string, retryAfter: string | 'gone' | null): Promise<void> {
    const at = this.clock();
    const next =
      retryAfter === 'gone'
        ? null
        : nextAttemptAt(at, d.attempts, d.maxAttempts, this.config.webhookRetryScheduleSeconds, {
            retryAfterMs: parseRetryAfter(retryAfter ?? undefined, at),
          });
    if (!(await this.repository.markFailedAttempt(d, statusCode, error, next))) return this.leaseLost(d);
    this.logger.warn(
      `Webhook delivery ${d.id} (${d.eventType}) attempt ${d.attempts}/${d.maxAttempts} failed: ${error}` +
        (next ? `; next attempt at ${next.toISOString()}` : '; giving up'),
    );
  }

  /** The current secret, and the previous one while its rotation grace period lasts (signatures of both are sent). */
  private secretsOf(d: ClaimedDelivery, now: Date): string[] {
    const aad = secretAad(d.organizationId, d.endpointId);
    const secrets = [this.box.open(d.secretCiphertext, aad, d.secretKeyId)];
    if (d.previousSecretCiphertext && d.previousSecretKeyId && d.previousSecretExpiresAt && d.previousSecretExpiresAt > now) {
      try {
        secrets.push(this.box.open(d.previousSecretCiphertext, aad, d.previousSecretKeyId));
      } catch {
        // the previous secret only helps receivers mid-rotation: without it the current signature still goes out
      }
    }
    return secrets;
  }

  private leaseLost(d: ClaimedDelivery): void {
    this.logger.warn(`Webhook delivery ${d.id}: its lease ran out during attempt ${d.attempts}; another worker has it now`);
  }
}
