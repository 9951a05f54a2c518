import { Column, Entity, PrimaryColumn } from 'typeorm';

export type Role = 'admin' | 'billing' | 'viewer';
export const ROLES: Role[] = ['admin', 'billing', 'viewer'];

@Entity('users')
export class UserEntity {
  @PrimaryColumn('uuid', { name: 'organization_id' }) organizationId: string;
  @PrimaryColumn('uuid') id: string;
  @Column('text') email: string;
  @Column('text') name: string;
  @Column('text') role: Role;
  @Column('text', { name: 'password_hash', select: false }) passwordHash: string;
  @Column('boolean') active: boolean;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
}
