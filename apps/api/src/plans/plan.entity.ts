import type { BillingType } from '@app/billing';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintToNumber } from '../database/transformers';
import type { RetainerView } from '../prepaid/retainer';

@Entity('plans')
export class PlanEntity {
  @PrimaryColumn('uuid', { name: 'organization_id' }) organizationId: string;
  @PrimaryColumn('uuid') id: string;
  @Column('text') name: string;
  @Column('char', { length: 3 }) currency: string;
  @Column('text', { name: 'billing_type' }) billingType: BillingType;
  @Column('bigint', { name: 'session_rate_minor', nullable: true, transformer: bigintToNumber }) sessionRateMinor: number | null;
  @Column('bigint', { name: 'hour_rate_minor', nullable: true, transformer: bigintToNumber }) hourRateMinor: number | null;
  @Column('bigint', { name: 'unattended_device_rate_minor', transformer: bigintToNumber }) unattendedDeviceRateMinor: number;
  @Column('integer', { name: 'billing_increment_minutes' }) billingIncrementMinutes: number;
  @Column('integer', { name: 'minimum_billable_minutes' }) minimumBillableMinutes: number;
  /** Included units per period at a fixed fee (issue #17); null: none. */
  @Column('jsonb', { nullable: true }) retainer: RetainerView | null;
  @Column('timestamptz', { name: 'deleted_at', nullable: true }) deletedAt: Date | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
}
