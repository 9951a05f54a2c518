import { ApiId, ApiInstant, ApiObject } from '../common/openapi';
import type { Principal } from '../auth/principal';

/** The kinds of entity an audit event is about. */
export const AUDIT_ENTITY_TYPES = [
  'organization',
  'user',
  'api_key',
  'department',
  'plan',
  'association',
  'tax_rate',
  'session',
  'device',
  'bill',
  'payment',
  'adjustment',
  'email',
  'webhook_endpoint',
  'prepaid_block',
  'import_profile',
] as const;
export type AuditEntityType = (typeof AUDIT_ENTITY_TYPES)[number];

/** Who made a change. */
export class AuditActorView {
  /** A person, an API key, or the system (the billing cron, start-up) */
  type: Principal['kind'];
  /** The user's or the API key's id; null for the system. */
  @ApiId({ nullable: true }) id: string | null;
  /** As recorded: a user's e-mail, `api-key:<name>`, or `system` */
  name: string;
  /** The user's or the key's name today (the recorded name when it has none or is gone). */
  displayName: string;
}

/** One change: who, when, what, and the entity before and after. */
export class AuditEventView {
  @ApiId() id: string;
  @ApiInstant() occurredAt: string;
  actor: AuditActorView;
  /** `<entity>.<verb>`, e.g. `plan.updated`, `payment.recorded` */
  action: string;
  entityType: AuditEntityType;
  @ApiId() entityId: string;
  /** What changed, as it was (its shape belongs to the action); null when the action has no before, e.g. a creation. */
  @ApiObject({ nullable: true }) before: Record<string, unknown> | null;
  /** What changed, as it became; null when the action has no after, e.g. a deletion. */
  @ApiObject({ nullable: true }) after: Record<string, unknown> | null;
}
