import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Principal } from '../auth/principal';
import type { AuditEntityType } from './audit.view';

@Entity('audit_events')
export class AuditEventEntity {
  @PrimaryColumn('uuid', { name: 'organization_id' }) organizationId: string;
  @PrimaryColumn('uuid') id: string;
  @Column('timestamptz', { name: 'occurred_at' }) occurredAt: Date;
  @Column('text', { name: 'actor_type' }) actorType: Principal['kind'];
  @Column('uuid', { name: 'actor_id', nullable: true }) actorId: string | null;
  @Column('text', { name: 'actor_name' }) actorName: string;
  @Column('text') action: string;
  @Column('text', { name: 'entity_type' }) entityType: AuditEntityType;
  @Column('uuid', { name: 'entity_id' }) entityId: string;
  /** Always an object or null (what AuditService.record writes). */
  @Column('jsonb', { nullable: true }) before: Record<string, unknown> | null;
  @Column('jsonb', { nullable: true }) after: Record<string, unknown> | null;
}
