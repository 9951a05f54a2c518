import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { Principal } from '../auth/principal';
import { isUuid } from '../common/parse-id.pipe';
import { decodeCursor, DEFAULT_LIMIT, Page, toPage } from '../common/pagination';
import { invalidField } from '../common/domain-error';
import { AuditQueryDto } from './audit.dto';
import { AuditRepository } from './audit.repository';
import { AuditEntityType, AuditEventView } from './audit.view';

export interface AuditChange {
  action: string;
  entityType: AuditEntityType;
  entityId: string;
  /** The entity (or what changed of it) before and after: an object. */
  before?: unknown;
  after?: unknown;
}

/** What is stored and listed as `before`/`after`: an object or null (anything else is kept under `value`). */
function snapshot(v: unknown): Record<string, unknown> | null {
  if (v === undefined || v === null) return null;
  return typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : { value: v };
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
        before: snapshot(c.before),
        after: snapshot(c.after),
      })),
      manager,
    );
  }

  async list(actor: Principal, query: AuditQueryDto): Promise<Page<AuditEventView>> {
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
      (r): AuditEventView => ({
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
