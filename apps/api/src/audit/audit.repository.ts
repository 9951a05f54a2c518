import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import type { Principal } from '../auth/principal';
import { AuditEventEntity } from './audit-event.entity';
import type { AuditEntityType } from './audit.view';

export interface NewAuditEvent {
  organizationId: string;
  actorType: Principal['kind'];
  actorId: string | null;
  actorName: string;
  action: string;
  entityType: AuditEntityType;
  entityId: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

export interface AuditFilter {
  entityType?: AuditEntityType;
  entityId?: string;
  after?: { occurredAt: string; id: string } | null;
  limit: number;
}

/** Every query on audit_events. */
@Injectable()
export class AuditRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(events: NewAuditEvent[], manager: EntityManager = this.dataSource.manager): Promise<void> {
    if (events.length === 0) return;
    await manager.insert(
      AuditEventEntity,
      // jsonb columns: TypeORM's insert types do not take `unknown` values, the snapshots are plain JSON objects.
      events.map((e) => ({ ...e, id: randomUUID(), before: e.before as object | null, after: e.after as object | null })),
    );
  }

  /** Newest first; rows fetched with limit + 1 for paging. */
  async list(organizationId: string, filter: AuditFilter): Promise<AuditEventEntity[]> {
    const qb = this.dataSource
      .getRepository(AuditEventEntity)
      .createQueryBuilder('e')
      .where('e.organization_id = :organizationId', { organizationId });
    if (filter.entityType) qb.andWhere('e.entity_type = :entityType', { entityType: filter.entityType });
    if (filter.entityId) qb.andWhere('e.entity_id = :entityId', { entityId: filter.entityId });
    if (filter.after) {
      qb.andWhere('(e.occurred_at, e.id) < (:at::timestamptz, :id::uuid)', { at: filter.after.occurredAt, id: filter.after.id });
    }
    return qb
      .orderBy('e.occurred_at', 'DESC')
      .addOrderBy('e.id', 'DESC')
      .limit(filter.limit + 1)
      .getMany();
  }

  /**
   * Today's display names of the users and API keys among `ids` (the events store the e-mail and
   * "api-key:name" as written): id → name. Unknown ids are left out.
   */
  async actorDisplayNames(organizationId: string, ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows: { id: string; name: string }[] = await this.dataSource.query(
      `SELECT id, name FROM users WHERE organization_id = $1 AND id = ANY($2::uuid[]) AND name <> ''
       UNION ALL
       SELECT id, name FROM api_keys WHERE organization_id = $1 AND id = ANY($2::uuid[])`,
      [organizationId, ids],
    );
    return new Map(rows.map((r) => [r.id, r.name]));
  }
}
