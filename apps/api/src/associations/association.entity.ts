import type { BillingCycle as Cycle } from '@app/billing';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { RetainerView } from '../prepaid/retainer';
import type { BusinessCalendar } from '../rate-rules/rate-rules';

/** The billing library's cycles (one declaration, in libs/billing). */
export type BillingCycle = Cycle;

/** The `billing_address` column as stored (rows written since addresses are cleaned hold every key, optional ones null). */
export interface BillingAddress {
  name: string;
  line1: string;
  line2?: string | null;
  city: string;
  region?: string | null;
  postalCode?: string | null;
  country: string;
}

/** A department on a plan. */
@Entity('associations')
export class AssociationEntity {
  @PrimaryColumn('uuid', { name: 'organization_id' }) organizationId: string;
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'plan_id' }) planId: string;
  @Column('uuid', { name: 'department_id' }) departmentId: string;
  @Column('text', { name: 'billing_cycle' }) billingCycle: BillingCycle;
  @Column('date', { name: 'bill_start_date' }) billStartDate: string;
  @Column('integer', { name: 'due_days' }) dueDays: number;
  @Column('jsonb', { name: 'billing_address' }) billingAddress: BillingAddress;
  @Column('text', { array: true }) recipients: string[];
  @Column('text', { name: 'time_zone' }) timeZone: string;
  /** The buyer reference (EN 16931 BT-10, e.g. a German Leitweg-ID) printed on its invoices; null if none. */
  @Column('text', { name: 'buyer_reference', nullable: true }) buyerReference: string | null;
  /** The customer's purchase order number (BT-13) printed on its invoices; null if none. */
  @Column('text', { name: 'purchase_order', nullable: true }) purchaseOrder: string | null;
  /** First instant of the association's interval [startsAt, endedAt): its bill start date's start in its zone. */
  @Column('timestamptz', { name: 'starts_at' }) startsAt: Date;
  /** End of its interval (past: ended; future: scheduled); null while open-ended. */
  @Column('timestamptz', { name: 'ended_at', nullable: true }) endedAt: Date | null;
  /** true: its own `retainer` (null: none) replaces the plan's (issue #17). */
  @Column('boolean', { name: 'retainer_override' }) retainerOverride: boolean;
  @Column('jsonb', { nullable: true }) retainer: RetainerView | null;
  /** true: its own `businessCalendar` (business hours and holidays) replaces the plan's (issue #18). */
  @Column('boolean', { name: 'business_hours_override' }) businessHoursOverride: boolean;
  @Column('jsonb', { name: 'business_calendar', nullable: true }) businessCalendar: BusinessCalendar | null;
  @Column('integer', { name: 'next_period_index' }) nextPeriodIndex: number;
  @Column('timestamptz', { name: 'next_period_start' }) nextPeriodStart: Date;
  @Column('timestamptz', { name: 'next_period_end' }) nextPeriodEnd: Date;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
}
