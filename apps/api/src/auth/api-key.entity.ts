import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ApiKeyScope } from './permissions';

@Entity('api_keys')
export class ApiKeyEntity {
  @PrimaryColumn('uuid', { name: 'organization_id' }) organizationId: string;
  @PrimaryColumn('uuid') id: string;
  @Column('text') name: string;
  @Column('text', { name: 'key_prefix' }) keyPrefix: string;
  @Column('text', { name: 'key_hash', select: false }) keyHash: string;
  @Column('text', { array: true }) scopes: ApiKeyScope[];
  @Column('uuid', { name: 'created_by', nullable: true }) createdBy: string | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'revoked_at', nullable: true }) revokedAt: Date | null;
  @Column('timestamptz', { name: 'last_used_at', nullable: true }) lastUsedAt: Date | null;
}
