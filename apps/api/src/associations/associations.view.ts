import type { BillingCycle } from '@app/billing';
import { RefView } from '../billing/bills.view';
import { ApiDay, ApiId, ApiInstant, ApiInteger } from '../common/openapi';
import { ApiRetainer, RetainerView } from '../prepaid/retainer';
import { BusinessCalendarView } from '../rate-rules/rate-rules.view';

/** `ended` once its end has passed; an association with a scheduled end is `active` until then. */
export type AssociationStatus = 'active' | 'ended';
export const ASSOCIATION_STATUSES: readonly AssociationStatus[] = ['active', 'ended'];

/** Where the department's bills are addressed; printed on each bill (bills keep a copy). */
export class BillingAddressView {
  name: string;
  line1: string;
  line2: string | null;
  city: string;
  region: string | null;
  postalCode: string | null;
  /** ISO 3166-1 alpha-2, uppercase */
  country: string;
}

/**
 * A department (customer) on a plan for an interval of time, billed every cycle. Its calendar fields
 * (BusinessCalendarView) are the business hours and holidays its bills use: its own when `businessHoursOverride`,
 * else the plan's.
 */
export class AssociationView extends BusinessCalendarView {
  @ApiId() id: string;
  @ApiId() planId: string;
  plan: RefView;
  @ApiId() departmentId: string;
  department: RefView;
  billingCycle: BillingCycle;
  /** The first day of its first period, in its time zone; every period starts on this day of the cycle. */
  @ApiDay() billStartDate: string;
  /** A bill is due this many days after its issue date. */
  @ApiInteger() dueDays: number;
  billingAddress: BillingAddressView;
  /** Where invoice e-mails go. */
  recipients: string[];
  /** The IANA time zone of its periods and days. */
  timeZone: string;
  /** The buyer reference printed on its invoices (EN 16931 BT-10, e.g. a German Leitweg-ID); null if none. */
  buyerReference: string | null;
  /** The customer's purchase order number printed on its invoices (EN 16931 BT-13); null if none. */
  purchaseOrder: string | null;
  /** true: the customer's own retainer (`retainer`, null: none) replaces the plan's; false: the plan's applies. */
  retainerOverride: boolean;
  @ApiRetainer("The retainer its bills use: its own when `retainerOverride`, else the plan's; null: none")
  retainer: RetainerView | null;
  /** true: its own business hours and holidays (the calendar fields) replace the plan's; false: the plan's apply. */
  businessHoursOverride: boolean;
  status: AssociationStatus;
  /** The first instant of its interval [startsAt, endedAt): the start of billStartDate in its time zone. Sessions that start inside the interval are its own. */
  @ApiInstant() startsAt: string;
  /** The end of its interval, past (ended) or future (scheduled); null while open-ended. */
  @ApiInstant({ nullable: true }) endedAt: string | null;
  /** Whether it has a bill (billingCycle, billStartDate and timeZone are then fixed). */
  billed: boolean;
  /** End of its last billed period (null before its first bill): the earliest instant it may end at. */
  @ApiInstant({ nullable: true }) billedThrough: string | null;
  @ApiInstant() createdAt: string;
  @ApiInstant() updatedAt: string;
}
