import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('audit_events')
export class AuditEventEntity {
  @PrimaryColumn('uuid', { name: 'organization_id' }) organizationId: string;
  @PrimaryColumn('uuid') id: string;
  @Column('timestamptz', { name: 'occurred_at' }) occurredAt: Date;
  @Column('text', { name: 'actor_type' }) actorType: string;
  @Column('uuid', { name: 'actor_id', nullable: true }) actorId: string | null;
  @Column('text', { name: 'actor_name' }) actorName: string;
  @Column('text') action: string;
  @Column('text', { name: 'entity_type' }) entityType: string;
  @Column('uuid', { name: 'entity_id' }) entityId: string;
  @Column('jsonb', { nullable: true }) before: unknown;
  @Column('jsonb', { nullable: true }) after: unknown;
}
