import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { Principal } from '../auth/principal';
import { isUuid } from '../common/parse-id.pipe';
import { decodeCursor, DEFAULT_LIMIT, Page, toPage } from '../common/pagination';
import { invalidField } from '../common/domain-error';
import { AuditRepository } from './audit.repository';

export interface AuditChange {
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
}

export interface AuditEventView {
  id: string;
  occurredAt: string;
  /** `name` as recorded (a user's e-mail, "api-key:<name>", "system"); `displayName` the user's or key's name today. */
  actor: { type: string; id: string | null; name: string; displayName: string };
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
}

/** Writes who changed what, in the same transaction as the change. */
@Injectable()
export class AuditService {
  constructor(private readonly repository: AuditRepository) {}

  async record(manager: EntityManager, actor: Principal, ...changes: AuditChange[]): Promise<void> {
    await this.repository.insert(
      changes.map((c) => ({
        organizationId: actor.organizationId,
        actorType: actor.kind,
        actorId: actor.id,
        actorName: actor.name,
        action: c.action,
        entityType: c.entityType,
        entityId: c.entityId,
        before: c.before ?? null,
        after: c.after ?? null,
      })),
      manager,
    );
  }

  async list(
    actor: Principal,
    query: { entityType?: string; entityId?: string; cursor?: string; limit?: number },
  ): Promise<Page<AuditEventView>> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const cursor = decodeCursor(query.cursor, ['instant', 'uuid']);
    if (query.entityId !== undefined && !isUuid(query.entityId)) throw invalidField('entityId', 'must be a UUID');
    const rows = await this.repository.list(actor.organizationId, {
      entityType: query.entityType,
      entityId: query.entityId,
      after: cursor ? { occurredAt: String(cursor[0]), id: String(cursor[1]) } : null,
      limit,
    });
    const actorIds = [...new Set(rows.filter((r) => r.actorType !== 'system' && r.actorId).map((r) => r.actorId!))];
    const names = await this.repository.actorDisplayNames(actor.organizationId, actorIds);
    return toPage(
      rows,
      limit,
      (r) => [r.occurredAt.toISOString(), r.id],
      (r) => ({
        id: r.id,
        occurredAt: r.occurredAt.toISOString(),
        actor: { type: r.actorType, id: r.actorId, name: r.actorName, displayName: (r.actorId && names.get(r.actorId)) || r.actorName },
        action: r.action,
        entityType: r.entityType,
        entityId: r.entityId,
        before: r.before,
        after: r.after,
      }),
    );
  }
}
