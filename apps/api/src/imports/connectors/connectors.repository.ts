import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { ZohoDataCentre } from './zoho-assist.client';

/** A stored connector, its secrets still sealed. */
export interface ConnectorRow {
  organizationId: string;
  id: string;
  profileId: string;
  kind: 'zoho_assist';
  dataCentre: ZohoDataCentre;
  clientId: string;
  clientSecretEnc: Buffer;
  refreshTokenEnc: Buffer;
  enabled: boolean;
  pollMinutes: number;
  pullFrom: Date;
  cursor: Date;
  nextRunAt: Date;
  claimedUntil: Date | null;
  lastRunAt: Date | null;
  lastError: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export type ConnectorChange = Partial<
  Pick<
    ConnectorRow,
    | 'dataCentre'
    | 'clientId'
    | 'clientSecretEnc'
    | 'refreshTokenEnc'
    | 'enabled'
    | 'pollMinutes'
    | 'pullFrom'
    | 'cursor'
    | 'nextRunAt'
    | 'lastError'
  >
>;

const COLUMNS = `organization_id AS "organizationId", id, profile_id AS "profileId", kind, data_centre AS "dataCentre", client_id AS "clientId",
  client_secret_enc AS "clientSecretEnc", refresh_token_enc AS "refreshTokenEnc", enabled, poll_minutes AS "pollMinutes", pull_from AS "pullFrom",
  cursor, next_run_at AS "nextRunAt", claimed_until AS "claimedUntil", last_run_at AS "lastRunAt", last_error AS "lastError",
  created_at AS "createdAt", updated_at AS "updatedAt"`;

const CHANGE_COLUMNS: Record<keyof ConnectorChange, string> = {
  dataCentre: 'data_centre',
  clientId: 'client_id',
  clientSecretEnc: 'client_secret_enc',
  refreshTokenEnc: 'refresh_token_enc',
  enabled: 'enabled',
  pollMinutes: 'poll_minutes',
  pullFrom: 'pull_from',
  cursor: 'cursor',
  nextRunAt: 'next_run_at',
  lastError: 'last_error',
};

/** UPDATE … RETURNING through TypeORM answers [rows, count]. */
const returned = <T>(result: unknown): T[] => (Array.isArray(result) && Array.isArray(result[0]) ? (result[0] as T[]) : (result as T[]));

/** Every query of import connectors (issue #19 point 5). */
@Injectable()
export class ConnectorsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private m(manager?: EntityManager) {
    return manager ?? this.dataSource.manager;
  }

  async insert(
    m: EntityManager,
    c: Omit<ConnectorRow, 'claimedUntil' | 'lastRunAt' | 'lastError' | 'createdAt' | 'updatedAt'>,
  ): Promise<void> {
    await m.query(
      `INSERT INTO import_connectors (organization_id, id, profile_id, kind, data_centre, client_id, client_secret_enc, refresh_token_enc,
                                      enabled, poll_minutes, pull_from, cursor, next_run_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [
        c.organizationId,
        c.id,
        c.profileId,
        c.kind,
        c.dataCentre,
        c.clientId,
        c.clientSecretEnc,
        c.refreshTokenEnc,
        c.enabled,
        c.pollMinutes,
        c.pullFrom,
        c.cursor,
        c.nextRunAt,
      ],
    );
  }

  async get(organizationId: string, id: string, manager?: EntityManager): Promise<ConnectorRow | null> {
    const rows: ConnectorRow[] = await this.m(manager).query(
      `SELECT ${COLUMNS} FROM import_connectors WHERE organization_id = $1 AND id = $2`,
      [organizationId, id],
    );
    return rows[0] ?? null;
  }

  async ofProfile(organizationId: string, profileId: string): Promise<ConnectorRow[]> {
    return this.m().query(
      `SELECT ${COLUMNS} FROM import_connectors WHERE organization_id = $1 AND profile_id = $2 ORDER BY created_at, id`,
      [organizationId, profileId],
    );
  }

  async update(m: EntityManager, organizationId: string, id: string, change: ConnectorChange): Promise<void> {
    const entries = Object.entries(change).filter(([, v]) => v !== undefined) as [keyof ConnectorChange, unknown][];
    if (entries.length === 0) return;
    const sets = entries.map(([k], i) => `${CHANGE_COLUMNS[k]} = $${i + 3}`);
    await m.query(`UPDATE import_connectors SET ${sets.join(', ')}, updated_at = now() WHERE organization_id = $1 AND id = $2`, [
      organizationId,
      id,
      ...entries.map(([, v]) => v),
    ]);
  }

  async delete(m: EntityManager, organizationId: string, id: string): Promise<void> {
    await m.query(`DELETE FROM import_connectors WHERE organization_id = $1 AND id = $2`, [organizationId, id]);
  }

  /**
   * Claims up to `limit` enabled connectors due at `now` and not claimed by another instance (FOR UPDATE SKIP LOCKED:
   * instances never wait for each other's rows), until `until`. Committed at once: the pull itself runs outside.
   */
  async claimDue(now: Date, until: Date, limit: number): Promise<{ organizationId: string; id: string }[]> {
    const result: unknown = await this.m().query(
      `WITH due AS (
         SELECT organization_id, id FROM import_connectors
          WHERE enabled AND next_run_at <= $1 AND (claimed_until IS NULL OR claimed_until < $1)
          ORDER BY next_run_at, organization_id, id
          LIMIT $3
          FOR UPDATE SKIP LOCKED)
       UPDATE import_connectors c SET claimed_until = $2 FROM due
        WHERE c.organization_id = due.organization_id AND c.id = due.id
       RETURNING c.organization_id AS "organizationId", c.id`,
      [now, until, limit],
    );
    return returned(result);
  }

  /** Claims one connector for a pull asked for now; false when another pull holds it. */
  async claim(organizationId: string, id: string, now: Date, until: Date): Promise<boolean> {
    const result: unknown = await this.m().query(
      `UPDATE import_connectors SET claimed_until = $4
        WHERE organization_id = $1 AND id = $2 AND (claimed_until IS NULL OR claimed_until < $3)
       RETURNING id`,
      [organizationId, id, now, until],
    );
    return returned(result).length > 0;
  }

  /** In the import's transaction: the window is pulled up to `to`. */
  async advance(m: EntityManager, organizationId: string, id: string, to: Date): Promise<void> {
    await m.query(`UPDATE import_connectors SET cursor = GREATEST(cursor, $3) WHERE organization_id = $1 AND id = $2`, [
      organizationId,
      id,
      to,
    ]);
  }

  /** A pull ended (well or not): the claim is released and the next run set. */
  async finish(organizationId: string, id: string, f: { lastRunAt: Date; lastError: string | null; nextRunAt: Date }): Promise<void> {
    await this.m().query(
      `UPDATE import_connectors SET claimed_until = NULL, last_run_at = $3, last_error = $4, next_run_at = $5
        WHERE organization_id = $1 AND id = $2`,
      [organizationId, id, f.lastRunAt, f.lastError, f.nextRunAt],
    );
  }

  /** A pull stopped by a shutdown: the claim is released, the connector stays due. */
  async release(organizationId: string, id: string): Promise<void> {
    await this.m().query(`UPDATE import_connectors SET claimed_until = NULL WHERE organization_id = $1 AND id = $2`, [organizationId, id]);
  }
}
