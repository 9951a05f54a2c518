import type { BillingType } from '@app/billing';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintToNumber } from '../database/transformers';
import type { RetainerView } from '../prepaid/retainer';
import type { StoredRateRules } from '../rate-rules/rate-rules';

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
  /** Business hours, holidays, class rates, tiers, unattended rate, minimum commitment (issue #18): the newest version's. */
  @Column('jsonb', { name: 'rate_rules' }) rateRules: StoredRateRules;
  /** The newest rate version (plan_rate_versions) and the day it takes effect (null: from each customer's next bill). */
  @Column('integer', { name: 'rate_version' }) rateVersion: number;
  @Column('date', { name: 'rate_effective_from', nullable: true }) rateEffectiveFrom: string | null;
  @Column('timestamptz', { name: 'deleted_at', nullable: true }) deletedAt: Date | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
}
