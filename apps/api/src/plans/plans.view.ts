import type { BillingType } from '@app/billing';
import { ApiProperty } from '@nestjs/swagger';
import { AssociationView } from '../associations/associations.view';
import { ApiDay, ApiId, ApiInstant, ApiInteger, ApiMinor } from '../common/openapi';
import { TAX_RATE_IDS_RULE, taxRateIdsSchema } from '../taxes/tax-rate-ids';
import { BILLING_INCREMENTS } from './plan-rules';
import { ApiRetainer, RetainerView } from '../prepaid/retainer';
import { RateRulesView } from '../rate-rules/rate-rules.view';

/**
 * A billing plan: the rates its customers are billed at. An edit applies to bills made afterwards (each bill
 * keeps a copy of the rates it used, `planSnapshot`).
 */
export class PlanView extends RateRulesView {
  @ApiId() id: string;
  /** Unique (case-insensitively) among the organization's plans */
  name: string;
  /** ISO 4217; the rates are minor units of it. Fixed once the plan has or had a customer. */
  currency: string;
  /** `per_session`: each session costs `sessionRateMinor`; `per_hour`: billed time costs `hourRateMinor` an hour */
  billingType: BillingType;
  @ApiMinor({ nullable: true, description: 'Price of one session, integer minor units; required on a per_session plan' })
  sessionRateMinor: number | null;
  @ApiMinor({ nullable: true, description: 'Price of one hour, integer minor units; required on a per_hour plan' })
  hourRateMinor: number | null;
  @ApiMinor({ description: 'Fee per unattended device active in a period (prorated on a short last period), integer minor units; 0: none' })
  unattendedDeviceRateMinor: number;
  @ApiInteger({ enum: [...BILLING_INCREMENTS], description: "per_hour: each session's time is rounded up to a multiple of these minutes" })
  billingIncrementMinutes: number;
  @ApiInteger({ description: 'per_hour: each session bills at least these minutes (0: no minimum)' })
  minimumBillableMinutes: number;
  @ApiProperty(
    taxRateIdsSchema(
      `The plan's default tax rates, in order: customers without their own (a department's taxRateIds null) are taxed at these. ${TAX_RATE_IDS_RULE}; []: none`,
    ),
  )
  taxRateIds: string[];
  @ApiRetainer(
    "Prepaid hours (or sessions) included in each period at a fixed fee, unused ones rolling over; null: none. A customer may have its own (its association's `retainer`)",
  )
  retainer: RetainerView | null;
  @ApiInteger({ description: 'The newest rate version: its rates and rate rules are the ones shown here' })
  rateVersion: number;
  @ApiDay({
    nullable: true,
    description:
      "The day the newest rate version takes effect in each customer's time zone; null: from each customer's next bill, i.e. every period not billed yet",
  })
  rateEffectiveFrom: string | null;
  @ApiInteger({ description: 'Customers on the plan now: associations not ended yet (a scheduled end included)' })
  activeAssociationsCount: number;
  @ApiInstant() createdAt: string;
  @ApiInstant() updatedAt: string;
}

/** One version of a plan's rates and rate rules (issue #18); versions never change. */
export class RateVersionView extends RateRulesView {
  @ApiId() id: string;
  @ApiInteger({ description: '1, 2, … in the order they were made; the newest in effect at an instant is the one in force' })
  version: number;
  @ApiDay({
    nullable: true,
    description:
      "Takes effect on this day in each customer's zone; null: from each customer's next bill, i.e. every period not billed yet (version 1: from the start)",
  })
  effectiveFrom: string | null;
  billingType: BillingType;
  @ApiMinor({ nullable: true }) sessionRateMinor: number | null;
  @ApiMinor({ nullable: true }) hourRateMinor: number | null;
  @ApiMinor() unattendedDeviceRateMinor: number;
  @ApiInteger() billingIncrementMinutes: number;
  @ApiInteger() minimumBillableMinutes: number;
  @ApiInstant() createdAt: string;
}

/** A plan with its associations, active and ended, oldest first, and its rate versions, newest first. */
export class PlanDetailView extends PlanView {
  associations: AssociationView[];
  rateVersions: RateVersionView[];
}
