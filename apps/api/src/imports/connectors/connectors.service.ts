import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import { Principal, systemPrincipal } from '../../auth/principal';
import { CLOCK, type Clock } from '../../common/clock';
import { ConflictError, DomainError, NotFoundError, invalidField } from '../../common/domain-error';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { ImportsService } from '../imports.service';
import { ImportRunView } from '../imports.view';
import { ConnectorSecrets, secretAad } from './connector-secrets';
import { CreateImportConnectorDto, UpdateImportConnectorDto } from './connectors.dto';
import { ConnectorChange, ConnectorRow, ConnectorsRepository } from './connectors.repository';
import { ImportConnectorView } from './connectors.view';
import { RetryPolicy } from './retry';
import { AccessTokenCache, ConnectorError, ZohoAssistClient, zohoAccountsBase, zohoAssistBase } from './zoho-assist.client';

export const CONNECTOR_SECRETS = Symbol('CONNECTOR_SECRETS');
/** The retry policy of the tools' APIs (tests may provide a faster one). */
export const CONNECTOR_RETRY = Symbol('CONNECTOR_RETRY');

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Default start of a new connector: two days back. */
const DEFAULT_PULL_BACK_MS = 2 * DAY;
/**
 * Each pull reads again this far before the cursor: a session appears in Zoho's report once it has ended but is dated
 * by its start, so one that was running at the previous pull is dated before the cursor. Sessions longer than this
 * (counted until Zoho lists them) would be missed; those read twice are duplicates, skipped by their session id.
 */
export const OVERLAP_MS = 12 * HOUR;
/** A window ends this long before now: sessions that just ended may not be in the report yet. */
export const LAG_MS = 5 * MINUTE;
/** The longest window of one pull; a connector further behind catches up on the next ticks. */
export const MAX_WINDOW_MS = 31 * DAY;
/** How long a claimed connector stays claimed: a pull whose instance died is taken up again after this. */
const CLAIM_MS = 15 * MINUTE;
/** Connectors claimed at a time by the scheduler of one instance. */
const CLAIM_BATCH = 10;

const toView = (c: ConnectorRow): ImportConnectorView => ({
  id: c.id,
  profileId: c.profileId,
  kind: c.kind,
  dataCentre: c.dataCentre,
  clientId: c.clientId,
  hasClientSecret: c.clientSecretEnc.length > 0,
  hasRefreshToken: c.refreshTokenEnc.length > 0,
  enabled: c.enabled,
  pollMinutes: c.pollMinutes,
  pullFrom: c.pullFrom.toISOString(),
  cursor: c.cursor.toISOString(),
  nextRunAt: c.nextRunAt.toISOString(),
  lastRunAt: c.lastRunAt?.toISOString() ?? null,
  lastError: c.lastError,
  createdAt: c.createdAt.toISOString(),
  updatedAt: c.updatedAt.toISOString(),
});

/**
 * Import connectors (issue #19 point 5): a Zoho Assist account's session reports pulled into an import profile, by the
 * scheduler (ConnectorsCron) or on demand. A pull reads the window [cursor − overlap, now − lag] page by page and
 * imports it through the profile (ImportsService.importRows: sessions are unique by external id, so what is read
 * twice is stored once); the cursor moves in the import's transaction, so a crash or a failed pull repeats a window
 * and never skips one.
 */
@Injectable()
export class ConnectorsService implements OnApplicationShutdown {
  private readonly logger = new Logger('ImportConnectors');
  private readonly tokens = new AccessTokenCache();
  private readonly stopping = new AbortController();

  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: ConnectorsRepository,
    private readonly imports: ImportsService,
    private readonly audit: AuditService,
    @Inject(CONNECTOR_SECRETS) private readonly secrets: ConnectorSecrets,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CONNECTOR_RETRY) private readonly retry: RetryPolicy,
  ) {}

  onApplicationShutdown(): void {
    this.stop();
  }

  /** Aborts the waits and requests of the pull in flight (its claim is released) and claims nothing more. */
  stop(): void {
    this.stopping.abort();
  }

  async list(actor: Principal, profileId: string): Promise<ImportConnectorView[]> {
    await this.imports.found(actor, profileId);
    return (await this.repo.ofProfile(actor.organizationId, profileId)).map(toView);
  }

  private async found(actor: Principal, id: string): Promise<ConnectorRow> {
    const c = await this.repo.get(actor.organizationId, id);
    if (!c) throw new NotFoundError('Import connector');
    return c;
  }

  private pullFrom(value: string, now: Date): Date {
    const at = new Date(value);
    if (at.getTime() > now.getTime()) throw invalidField('pullFrom', 'pullFrom must not be in the future');
    return at;
  }

  async create(actor: Principal, profileId: string, dto: CreateImportConnectorDto): Promise<ImportConnectorView> {
    const profile = await this.imports.found(actor, profileId);
    if (profile.settings.format !== 'json') {
      throw invalidField('profile', "a Zoho Assist connector imports JSON rows: use a JSON profile (the 'zoho_assist' preset)");
    }
    const now = this.clock();
    const pullFrom = dto.pullFrom ? this.pullFrom(dto.pullFrom, now) : new Date(now.getTime() - DEFAULT_PULL_BACK_MS);
    const id = randomUUID();
    const org = actor.organizationId;
    return this.dataSource.transaction(async (m) => {
      await this.repo.insert(m, {
        organizationId: org,
        id,
        profileId,
        kind: 'zoho_assist',
        dataCentre: dto.dataCentre,
        clientId: dto.clientId,
        clientSecretEnc: this.secrets.seal(dto.clientSecret, secretAad(org, id, 'client_secret')),
        refreshTokenEnc: this.secrets.seal(dto.refreshToken, secretAad(org, id, 'refresh_token')),
        enabled: dto.enabled ?? true,
        pollMinutes: dto.pollMinutes ?? 60,
        pullFrom,
        cursor: pullFrom,
        nextRunAt: now,
      });
      const view = toView((await this.repo.get(org, id, m))!);
      await this.audit.record(m, actor, {
        action: 'import_connector.created',
        entityType: 'import_profile',
        entityId: profileId,
        after: view,
      });
      return view;
    });
  }

  async update(actor: Principal, id: string, dto: UpdateImportConnectorDto): Promise<ImportConnectorView> {
    const before = await this.found(actor, id);
    const now = this.clock();
    const org = actor.organizationId;
    const change: ConnectorChange = {
      dataCentre: dto.dataCentre,
      clientId: dto.clientId,
      enabled: dto.enabled,
      pollMinutes: dto.pollMinutes,
    };
    if (dto.clientSecret !== undefined) change.clientSecretEnc = this.secrets.seal(dto.clientSecret, secretAad(org, id, 'client_secret'));
    if (dto.refreshToken !== undefined) change.refreshTokenEnc = this.secrets.seal(dto.refreshToken, secretAad(org, id, 'refresh_token'));
    const credentials = [dto.dataCentre, dto.clientId, dto.clientSecret, dto.refreshToken].some((v) => v !== undefined);
    if (dto.pullFrom !== undefined) {
      if (before.claimedUntil && before.claimedUntil > now) {
        throw new ConflictError('CONNECTOR_BUSY', 'The connector is being pulled right now: change where it pulls from once it is done');
      }
      change.pullFrom = this.pullFrom(dto.pullFrom, now);
      change.cursor = change.pullFrom;
    }
    // New credentials, a new start or a connector switched on are tried at the next tick; a new interval counts from the last run.
    if (credentials || dto.pullFrom !== undefined || (dto.enabled === true && !before.enabled)) change.nextRunAt = now;
    else if (dto.pollMinutes !== undefined) change.nextRunAt = new Date((before.lastRunAt ?? now).getTime() + dto.pollMinutes * MINUTE);
    if (credentials) change.lastError = null;
    return this.dataSource.transaction(async (m) => {
      await this.repo.update(m, org, id, change);
      const view = toView((await this.repo.get(org, id, m))!);
      const changed = Object.keys(dto).filter((k) => (dto as Record<string, unknown>)[k] !== undefined);
      await this.audit.record(m, actor, {
        action: 'import_connector.updated',
        entityType: 'import_profile',
        entityId: before.profileId,
        before: toView(before),
        after: { ...view, changed },
      });
      return view;
    });
  }

  async remove(actor: Principal, id: string): Promise<void> {
    const before = await this.found(actor, id);
    await this.dataSource.transaction(async (m) => {
      await this.repo.delete(m, actor.organizationId, id);
      await this.audit.record(m, actor, {
        action: 'import_connector.deleted',
        entityType: 'import_profile',
        entityId: before.profileId,
        before: toView(before),
      });
    });
  }

  /** A pull asked for now (POST /import-connectors/:id/pull): the run, or 409 with why it failed. */
  async pullNow(actor: Principal, id: string): Promise<ImportRunView> {
    await this.found(actor, id);
    const now = this.clock();
    if (!(await this.repo.claim(actor.organizationId, id, now, new Date(now.getTime() + CLAIM_MS)))) {
      throw new ConflictError('CONNECTOR_BUSY', 'The connector is being pulled right now: try again once it is done');
    }
    const result = await this.pullClaimed(actor, id);
    if ('error' in result) throw new ConflictError('CONNECTOR_PULL_FAILED', `The pull failed: ${result.error}`);
    return result.run;
  }

  /**
   * The scheduler's work: claims due connectors (FOR UPDATE SKIP LOCKED, so instances share them) and pulls each, one
   * after another; one connector's failure is recorded on it and never stops the others. The count pulled.
   */
  async pullDue(): Promise<number> {
    let pulled = 0;
    while (!this.stopping.signal.aborted) {
      const now = this.clock();
      const claimed = await this.repo.claimDue(now, new Date(now.getTime() + CLAIM_MS), CLAIM_BATCH);
      if (claimed.length === 0) break;
      for (const c of claimed) {
        if (this.stopping.signal.aborted) {
          await this.repo.release(c.organizationId, c.id);
          continue;
        }
        await this.pullClaimed({ ...systemPrincipal(c.organizationId), name: 'import connector' }, c.id).catch((err: unknown) =>
          this.logger.error(`Import connector ${c.id}: ${err instanceof Error ? err.message : String(err)}`),
        );
        pulled++;
      }
    }
    return pulled;
  }

  /** Pulls a connector this instance has claimed, records how it went and releases it. */
  private async pullClaimed(actor: Principal, id: string): Promise<{ run: ImportRunView } | { error: string }> {
    const org = actor.organizationId;
    const c = await this.repo.get(org, id);
    if (!c) return { error: 'the connector was deleted' };
    let outcome: { run: ImportRunView; caughtUp: boolean } | { error: string };
    try {
      outcome = await this.pull(actor, c);
    } catch (err) {
      if (this.stopping.signal.aborted) {
        await this.repo.release(org, id);
        return { error: 'stopped: the server is shutting down' };
      }
      const known = err instanceof ConnectorError || err instanceof DomainError;
      // What the tool said (or a rule of ours) is the connector's to show; anything else stays in the server log.
      const message = known ? err.message : 'an unexpected error (in the server log)';
      if (!known) this.logger.error(`Import connector ${id}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      outcome = { error: message.slice(0, 1000) };
    }
    const finished = this.clock();
    const interval = new Date(finished.getTime() + c.pollMinutes * MINUTE);
    if ('error' in outcome) {
      await this.repo.finish(org, id, { lastRunAt: finished, lastError: outcome.error, nextRunAt: interval });
      this.logger.warn(`Import connector ${id} (organization ${org}): ${outcome.error}`);
      return outcome;
    }
    // Behind (a window shorter than the backlog): on at the next tick; else after the interval.
    await this.repo.finish(org, id, { lastRunAt: finished, lastError: null, nextRunAt: outcome.caughtUp ? interval : finished });
    return { run: outcome.run };
  }

  private async pull(actor: Principal, c: ConnectorRow): Promise<{ run: ImportRunView; caughtUp: boolean }> {
    const org = c.organizationId;
    const profile = await this.imports.found(actor, c.profileId);
    const client = new ZohoAssistClient({
      accountsUrl: this.config.zohoAccountsUrl ?? zohoAccountsBase(c.dataCentre),
      assistUrl: this.config.zohoAssistUrl ?? zohoAssistBase(c.dataCentre),
      credentials: {
        clientId: c.clientId,
        clientSecret: this.secrets.open(c.clientSecretEnc, secretAad(org, c.id, 'client_secret')),
        refreshToken: this.secrets.open(c.refreshTokenEnc, secretAad(org, c.id, 'refresh_token')),
      },
      cache: this.tokens,
      cacheKey: `${org}:${c.id}`,
      policy: this.retry,
      signal: this.stopping.signal,
    });
    const now = this.clock().getTime();
    const latest = now - LAG_MS;
    const from = Math.max(c.pullFrom.getTime(), c.cursor.getTime() - OVERLAP_MS);
    const to = Math.max(from, Math.min(latest, c.cursor.getTime() + MAX_WINDOW_MS));
    const rows = await client.sessions(from, to);
    const run = await this.imports.importRows(actor, profile, rows, false, (m) => this.repo.advance(m, org, c.id, new Date(to)));
    return { run, caughtUp: to >= latest };
  }
}
