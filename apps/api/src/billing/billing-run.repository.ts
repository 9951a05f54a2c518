import type { BillingCycle, BillingType, PricedRetainer, TaxRate, TaxTreatment } from '@app/billing';
import { pricedRetainer, RetainerView } from '../prepaid/retainer';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { overdue } from './bills.repository';
import { storedCalendar, storedRules } from '../rate-rules/rate-rules';
import type { BusinessCalendar, StoredRateRules } from '../rate-rules/rate-rules';
import type { DetailedSessions } from '../rate-rules/rated-usage';

/** A due association with everything a bill copies from it, its plan and its department. */
export interface DueAssociation {
  organizationId: string;
  id: string;
  planId: string;
  departmentId: string;
  billingCycle: BillingCycle;
  billStartDate: string;
  dueDays: number;
  billingAddress: unknown;
  recipients: string[];
  timeZone: string;
  /** First instant of the association's interval [startsAt, endedAt). */
  startsAt: Date;
  endedAt: Date | null;
  nextPeriodIndex: number;
  nextPeriodStart: Date;
  planName: string;
  departmentName: string;
  currency: string;
  billingType: BillingType;
  sessionRateMinor: number | null;
  hourRateMinor: number | null;
  unattendedDeviceRateMinor: number;
  billingIncrementMinutes: number;
  minimumBillableMinutes: number;
  /** The customer's tax data (departments) and the contract's references (associations), as they are now. */
  customerLegalName: string | null;
  customerVatId: string | null;
  /** null: the organization's */
  invoiceLanguage: string | null;
  taxTreatment: Exclude<TaxTreatment, 'none'>;
  exemptionReason: string | null;
  /** The customer's override when it has one, else its plan's rates, in position order */
  taxRates: TaxRate[];
  buyerReference: string | null;
  purchaseOrder: string | null;
  /** The customer's review window, else the organization's (days) */
  reviewDays: number;
  /** Its own retainer when it overrides the plan's, else the plan's; null: none */
  retainer: PricedRetainer | null;
  /** Whether its bills draw prepaid units: it has a retainer or a block */
  prepaid: boolean;
  /** The plan's newest rate rules and rate version (issue #18; a bill uses the versions in force over its period) */
  rateRules: StoredRateRules;
  rateVersion: number;
  /** Its own business hours and holidays, replacing the plan's; null: the plan's */
  ownCalendar: BusinessCalendar | null;
}

/** The version of the seller profile a bill points at, and what else a bill needs from its organization. */
export interface SellerSnapshot {
  id: string;
  vatId: string | null;
  invoiceLanguage: string;
}

/** One bill to make: an association's period, with the range of unbilled sessions it takes. */
export interface BillSlot {
  billId: string;
  organizationId: string;
  departmentId: string;
  /** Sessions started in [takeFrom, takeUntil) are taken; those before periodStart are late usage. */
  takeFrom: Date;
  periodStart: Date;
  /** The end of what the bill covers: the period's end, or the association's end on a short last period. */
  takeUntil: Date;
  /** Read each session's start, end and type too (a bill under rate rules) */
  detail?: boolean;
}

/** The sessions a bill took: durations (whole seconds) of its period's own and of late ones, and when the late ones started. */
export interface TakenSessions {
  current: number[];
  late: number[];
  /** lateStarts[i]: when late[i] started (its period's prepaid balances are the ones it draws from) */
  lateStarts: Date[];
  /** With the slot's `detail`: the sessions with start, end and type */
  detail?: DetailedSessions;
}

/** A draft whose review window ended, claimed to be issued. */
export interface DueDraft {
  id: string;
  balanceMinor: number;
}

/** A draft as it is issued; `issueDate` null keeps its scheduled one. */
export interface IssuedDraft {
  id: string;
  sequence: number;
  number: string;
  status: 'unpaid' | 'paid';
  issueDate: string | null;
}

/** Why one association could not be billed in a run. */
export interface BillingFailure {
  associationId: string;
  code: string;
  message: string;
}

/** An association whose last billing attempt failed, as admins see it. */
export interface OpenBillingFailure extends BillingFailure {
  departmentId: string;
  departmentName: string;
  planId: string;
  planName: string;
  periodStart: Date | null;
  attempts: number;
  firstFailedAt: Date;
  lastFailedAt: Date;
}

/** One billing run of one organization, as recorded. */
export interface BillingRunRecord {
  id: string;
  trigger: 'api' | 'cron';
  asOf: Date;
  startedAt: Date;
  finishedAt: Date;
  billsCreated: number;
  draftsIssued: number;
  associationsScanned: number;
  failures: (BillingFailure & { departmentName: string; planName: string; periodStart: string | null })[];
}

export interface NewBill {
  organizationId: string;
  id: string;
  /** null on a draft (numbers are given when it is issued) */
  sequence: number | null;
  number: string | null;
  associationId: string;
  departmentId: string;
  planId: string;
  kind: 'period' | 'late_usage' | 'block';
  periodIndex: number | null;
  periodStart: Date;
  periodEnd: Date;
  issueDate: string;
  dueDate: string;
  timeZone: string;
  currency: string;
  departmentName: string;
  planName: string;
  planSnapshot: unknown;
  billingAddress: unknown;
  recipients: string[];
  status: 'draft' | 'unpaid' | 'paid';
  /** a draft's end of review; null when issued */
  reviewUntil: Date | null;
  /** when it was issued; null on a draft */
  issuedAt: Date | null;
  subtotalMinor: number;
  /** charges − discounts (a draft made again keeps its adjustments) */
  adjustmentsMinor: number;
  /** the gross */
  totalMinor: number;
  balanceMinor: number;
  sellerProfileId: string;
  buyer: { legalName: string | null; vatId: string | null; buyerReference: string | null; purchaseOrder: string | null };
  language: string;
  taxTreatment: TaxTreatment;
  taxExemptionReason: string | null;
  taxRates: TaxRate[];
  taxes: unknown[];
  taxMinor: number;
  lines: { kind: string; description: string; quantity: number; unit: string; unitAmountMinor: number; amountMinor: number }[];
}

const n = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/** The rates of `o` (a plan_tax_rates or department_tax_rates row) joined to `r` (tax_rates), as libs/billing's TaxRate[]. */
const RATES_JSON = `coalesce(json_agg(json_build_object('name', r.name, 'ratePercent', r.rate_percent::text, 'categoryCode', r.category_code,
  'exemptionReason', r.exemption_reason) ORDER BY o.position), '[]'::json)`;

/** What a bill prints of its seller (organizations row, unaliased): the profile's fields and the logo's identity, not its bytes. */
const SELLER_PROFILE_JSON = `jsonb_build_object('name', name, 'legalName', legal_name, 'address', address, 'vatId', vat_id,
  'taxNumber', tax_number, 'companyRegistration', company_registration, 'contactEmail', contact_email, 'phone', phone,
  'website', website, 'accountHolder', account_holder, 'iban', iban, 'bic', bic, 'paymentInstructions', payment_instructions,
  'paymentTerms', payment_terms, 'invoiceFooter', invoice_footer,
  'logo', CASE WHEN logo IS NULL THEN NULL ELSE jsonb_build_object('contentType', logo_content_type, 'sha256', logo_sha256,
    'width', logo_width, 'height', logo_height) END)`;

/** The columns of a DueAssociation: the association `a`, its plan `p`, department `d` and organization `org` (DUE_JOINS). */
const DUE_COLUMNS = `a.organization_id, a.id, a.plan_id, a.department_id, a.billing_cycle, to_char(a.bill_start_date, 'YYYY-MM-DD') AS bill_start_date,
              a.due_days, a.billing_address, a.recipients, a.time_zone, a.starts_at, a.ended_at, a.next_period_index, a.next_period_start,
              p.name AS plan_name, d.name AS department_name, p.currency, p.billing_type, p.session_rate_minor, p.hour_rate_minor,
              p.unattended_device_rate_minor, p.billing_increment_minutes, p.minimum_billable_minutes,
              d.legal_name, d.vat_id, d.invoice_language, d.tax_treatment, d.exemption_reason, a.buyer_reference, a.purchase_order,
              coalesce(d.review_days, org.review_days) AS review_days,
              CASE WHEN a.retainer_override THEN a.retainer ELSE p.retainer END AS retainer,
              p.rate_rules, p.rate_version, a.business_calendar,
              EXISTS (SELECT 1 FROM prepaid_blocks pb WHERE pb.organization_id = a.organization_id AND pb.association_id = a.id) AS has_blocks,
              CASE WHEN d.tax_rates_override
                   THEN (SELECT ${RATES_JSON} FROM department_tax_rates o JOIN tax_rates r ON r.organization_id = o.organization_id AND r.id = o.tax_rate_id
                          WHERE o.organization_id = d.organization_id AND o.department_id = d.id)
                   ELSE (SELECT ${RATES_JSON} FROM plan_tax_rates o JOIN tax_rates r ON r.organization_id = o.organization_id AND r.id = o.tax_rate_id
                          WHERE o.organization_id = p.organization_id AND o.plan_id = p.id)
              END AS tax_rates`;
const DUE_JOINS = `         JOIN plans p ON p.organization_id = a.organization_id AND p.id = a.plan_id
         JOIN departments d ON d.organization_id = a.organization_id AND d.id = a.department_id
         JOIN organizations org ON org.id = a.organization_id`;

function toDueAssociation(r: Record<string, unknown>): DueAssociation {
  return {
    organizationId: r.organization_id as string,
    id: r.id as string,
    planId: r.plan_id as string,
    departmentId: r.department_id as string,
    billingCycle: r.billing_cycle as DueAssociation['billingCycle'],
    billStartDate: r.bill_start_date as string,
    dueDays: r.due_days as number,
    billingAddress: r.billing_address,
    recipients: r.recipients as string[],
    timeZone: r.time_zone as string,
    startsAt: r.starts_at as Date,
    endedAt: r.ended_at as Date | null,
    nextPeriodIndex: r.next_period_index as number,
    nextPeriodStart: r.next_period_start as Date,
    planName: r.plan_name as string,
    departmentName: r.department_name as string,
    currency: (r.currency as string).trim(),
    billingType: r.billing_type as DueAssociation['billingType'],
    sessionRateMinor: n(r.session_rate_minor),
    hourRateMinor: n(r.hour_rate_minor),
    unattendedDeviceRateMinor: Number(r.unattended_device_rate_minor),
    billingIncrementMinutes: r.billing_increment_minutes as number,
    minimumBillableMinutes: r.minimum_billable_minutes as number,
    customerLegalName: (r.legal_name ?? null) as string | null,
    customerVatId: (r.vat_id ?? null) as string | null,
    invoiceLanguage: (r.invoice_language ?? null) as string | null,
    taxTreatment: r.tax_treatment as DueAssociation['taxTreatment'],
    exemptionReason: (r.exemption_reason ?? null) as string | null,
    taxRates: r.tax_rates as TaxRate[],
    buyerReference: (r.buyer_reference ?? null) as string | null,
    purchaseOrder: (r.purchase_order ?? null) as string | null,
    reviewDays: Number(r.review_days),
    retainer: pricedRetainer((r.retainer ?? null) as RetainerView | null),
    prepaid: r.retainer != null || r.has_blocks === true,
    rateRules: storedRules(r.rate_rules),
    rateVersion: Number(r.rate_version),
    ownCalendar: r.business_calendar ? storedCalendar(r.business_calendar) : null,
  };
}

/**
 * An enrolment interval `e` [enrolled_at, removed_at) shares an instant with [range_start, range_end): the
 * SQL twin of libs/billing's isDeviceActiveIn (max(starts) < min(ends)), so a device enrolled and removed at
 * the same instant never counts. Tested against the pure function in billing-run.repository.int-spec.ts.
 */
export const DEVICE_ACTIVE_IN = `greatest(e.enrolled_at, slot.range_start) < least(coalesce(e.removed_at, 'infinity'::timestamptz), slot.range_end)`;

/**
 * An ended association (alias a) billed through its end, with unbilled sessions inside its interval, whose
 * last bill's full period has closed by $1: due for a late-usage bill of its own.
 */
const LATE_USAGE_DUE = `(a.ended_at IS NOT NULL AND a.next_period_start >= a.ended_at AND a.next_period_start <= $1
  AND EXISTS (SELECT 1 FROM sessions s WHERE s.organization_id = a.organization_id AND s.department_id = a.department_id
                AND s.bill_id IS NULL AND s.started_at >= a.starts_at AND s.started_at < a.ended_at))`;

/**
 * The billing run's SQL, set-based: one statement per step for a whole batch of bills.
 * Every method runs inside the caller's transaction.
 */
@Injectable()
export class BillingRunRepository {
  /** Organizations with at least one due association. */
  async organizationsWithDueWork(m: EntityManager, asOf: Date, organizationId?: string): Promise<string[]> {
    const rows: { organization_id: string }[] = await m.query(
      `SELECT DISTINCT organization_id FROM associations a
        WHERE ($2::uuid IS NULL OR organization_id = $2) AND next_period_end <= $1 AND (ended_at IS NULL OR next_period_start < ended_at)
       UNION
       SELECT DISTINCT organization_id FROM associations a
        WHERE ($2::uuid IS NULL OR organization_id = $2) AND ${LATE_USAGE_DUE}
       UNION
       SELECT DISTINCT organization_id FROM bills
        WHERE ($2::uuid IS NULL OR organization_id = $2) AND status = 'draft' AND review_until <= $1
       UNION
       SELECT o.id FROM organizations o
        WHERE ($2::uuid IS NULL OR o.id = $2) AND cardinality(o.reminder_schedule) > 0
          AND EXISTS (SELECT 1 FROM bills b WHERE b.organization_id = o.id AND b.status = 'unpaid'
                        AND b.due_date + o.reminder_schedule[1] <= ($1::timestamptz AT TIME ZONE 'UTC')::date + 1)
       UNION
       SELECT DISTINCT organization_id FROM bills b
        WHERE ($2::uuid IS NULL OR organization_id = $2) AND b.status = 'unpaid' AND b.overdue_at IS NULL
          AND b.due_date < ($1::timestamptz AT TIME ZONE 'UTC')::date + 1 AND ${overdue('$1')}`,
      [asOf, organizationId ?? null],
    );
    return rows.map((r) => r.organization_id);
  }

  /**
   * Claims up to `limit` due associations of one organization: locked FOR UPDATE, skipping rows another
   * run holds, so several instances share the work and never bill one twice.
   */
  async claimDue(
    m: EntityManager,
    organizationId: string,
    asOf: Date,
    limit: number,
    only: { ids?: string[]; exclude?: string[] } = {},
  ): Promise<DueAssociation[]> {
    const rows: Record<string, unknown>[] = await m.query(
      `WITH due AS (
         SELECT organization_id, id FROM associations a
          WHERE organization_id = $1
            AND ((next_period_end <= $2 AND (ended_at IS NULL OR next_period_start < ended_at)) OR ${LATE_USAGE_DUE.replace(/\$1/g, '$2')})
            AND ($4::uuid[] IS NULL OR id = ANY($4)) AND NOT (id = ANY($5::uuid[]))
          ORDER BY next_period_end, id
          LIMIT $3
          FOR UPDATE SKIP LOCKED
       )
       SELECT ${DUE_COLUMNS}
         FROM due
         JOIN associations a ON a.organization_id = due.organization_id AND a.id = due.id
${DUE_JOINS}`,
      [organizationId, asOf, limit, only.ids ?? null, only.exclude ?? []],
    );
    return rows.map(toDueAssociation);
  }

  /** One association with everything its bills copy, not locked (reads such as its prepaid balances). */
  async association(m: EntityManager, organizationId: string, id: string): Promise<DueAssociation | null> {
    const rows: Record<string, unknown>[] = await m.query(
      `SELECT ${DUE_COLUMNS}
         FROM associations a
${DUE_JOINS}
        WHERE a.organization_id = $1 AND a.id = $2`,
      [organizationId, id],
    );
    return rows[0] ? toDueAssociation(rows[0]) : null;
  }

  /** One association with everything its bills copy, locked FOR UPDATE (a draft's refresh: no billing run bills it meanwhile). */
  async associationForUpdate(m: EntityManager, organizationId: string, id: string): Promise<DueAssociation | null> {
    const rows: Record<string, unknown>[] = await m.query(
      `SELECT ${DUE_COLUMNS}
         FROM associations a
${DUE_JOINS}
        WHERE a.organization_id = $1 AND a.id = $2
          FOR UPDATE OF a`,
      [organizationId, id],
    );
    return rows[0] ? toDueAssociation(rows[0]) : null;
  }

  /**
   * Claims up to `limit` drafts of one organization whose review window ended by `asOf`, oldest window first:
   * locked FOR UPDATE, skipping rows another instance holds, so each is issued once.
   */
  async claimDueDrafts(m: EntityManager, organizationId: string, asOf: Date, limit: number): Promise<DueDraft[]> {
    const rows: Record<string, unknown>[] = await m.query(
      `SELECT id, balance_minor FROM bills
        WHERE organization_id = $1 AND status = 'draft' AND review_until <= $2
        ORDER BY review_until, period_start, id
        LIMIT $3
        FOR UPDATE SKIP LOCKED`,
      [organizationId, asOf, limit],
    );
    return rows.map((r) => ({ id: r.id as string, balanceMinor: Number(r.balance_minor) }));
  }

  /**
   * Marks the organization's bills that became overdue by `asOf` (unpaid after their due date in their own zone) and
   * were not seen overdue before; answers their ids (each is marked once: its `bill.overdue` event).
   */
  async markOverdue(m: EntityManager, organizationId: string, asOf: Date): Promise<string[]> {
    const [rows]: [{ id: string }[], number] = await m.query(
      `UPDATE bills b SET overdue_at = $2
        WHERE b.organization_id = $1 AND b.status = 'unpaid' AND b.overdue_at IS NULL
          AND b.due_date < ($2::timestamptz AT TIME ZONE 'UTC')::date + 1 AND ${overdue('$2')}
        RETURNING b.id`,
      [organizationId, asOf],
    );
    return rows.map((r) => r.id);
  }

  /**
   * Queues the payment reminders due by `asOf` (README "Payment reminders"): for each unpaid bill of a customer that
   * has not opted out and with recipients, the latest step of the organization's schedule whose day (due date +
   * offset, compared with the local day of `asOf` in the bill's zone) has come, unless that step or a later one was
   * queued already (steps a run missed are skipped, never sent late in a burst). One per bill and step (a unique
   * index), so racing runs queue it once. Answers what it queued.
   */
  async queueReminders(
    m: EntityManager,
    organizationId: string,
    asOf: Date,
    maxAttempts: number,
  ): Promise<{ id: string; billId: string; step: number; offsetDays: number }[]> {
    // TypeORM answers an INSERT … RETURNING with the rows (an UPDATE … RETURNING with [rows, rowCount]).
    const rows: { id: string; bill_id: string; reminder_step: number; reminder_offset_days: number }[] = await m.query(
      `WITH org AS (SELECT reminder_schedule AS s FROM organizations WHERE id = $1 AND cardinality(reminder_schedule) > 0),
       cand AS (
         SELECT b.organization_id, b.id AS bill_id, b.recipients,
                (SELECT max(i) FROM generate_subscripts(org.s, 1) AS i
                  WHERE b.due_date + org.s[i] <= ($2::timestamptz AT TIME ZONE b.time_zone)::date) AS step
           FROM bills b CROSS JOIN org
           JOIN departments d ON d.organization_id = b.organization_id AND d.id = b.department_id
          WHERE b.organization_id = $1 AND b.status = 'unpaid' AND d.reminders_enabled AND cardinality(b.recipients) > 0
            AND b.due_date + org.s[1] <= ($2::timestamptz AT TIME ZONE 'UTC')::date + 1
       )
       INSERT INTO email_deliveries (organization_id, id, bill_id, to_addresses, status, max_attempts, requested_by_name,
                                     kind, reminder_step, reminder_offset_days)
       SELECT c.organization_id, gen_random_uuid(), c.bill_id, c.recipients, 'queued', $3, 'reminders', 'reminder', c.step - 1, org.s[c.step]
         FROM cand c CROSS JOIN org
        WHERE c.step IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM email_deliveries e WHERE e.organization_id = c.organization_id AND e.bill_id = c.bill_id
                            AND e.kind = 'reminder' AND e.reminder_step >= c.step - 1)
       ON CONFLICT DO NOTHING
       RETURNING id, bill_id, reminder_step, reminder_offset_days`,
      [organizationId, asOf, maxAttempts],
    );
    return rows.map((r) => ({ id: r.id, billId: r.bill_id, step: r.reminder_step, offsetDays: r.reminder_offset_days }));
  }

  /**
   * Queues the invoice e-mail of just-issued documents for customers with automatic sending on (README "Bill
   * lifecycle"): each issued bill of `billIds` (or, with `correctionId`, that correction of its one bill) with
   * recipients and a total above 0. Answers what it queued.
   */
  async queueAutoSend(
    m: EntityManager,
    organizationId: string,
    billIds: string[],
    correctionId: string | null,
    maxAttempts: number,
  ): Promise<{ id: string; billId: string; to: string[] }[]> {
    if (billIds.length === 0) return [];
    const rows: { id: string; bill_id: string; to_addresses: string[] }[] = await m.query(
      `INSERT INTO email_deliveries (organization_id, id, bill_id, correction_id, to_addresses, status, max_attempts, requested_by_name, kind)
       SELECT b.organization_id, gen_random_uuid(), b.id, $3::uuid, b.recipients, 'queued', $4, 'automatic sending', 'invoice'
         FROM bills b JOIN departments d ON d.organization_id = b.organization_id AND d.id = b.department_id
        WHERE b.organization_id = $1 AND b.id = ANY($2::uuid[]) AND b.status <> 'draft' AND d.auto_send AND cardinality(b.recipients) > 0
          AND ($3::uuid IS NOT NULL OR b.total_minor > 0)
       RETURNING id, bill_id, to_addresses`,
      [organizationId, billIds, correctionId, maxAttempts],
    );
    return rows.map((r) => ({ id: r.id, billId: r.bill_id, to: r.to_addresses }));
  }

  /** Issues drafts: numbers, status, and (when given) new issue and due dates, keeping the due date's distance. */
  async issueDrafts(m: EntityManager, organizationId: string, issued: IssuedDraft[]): Promise<void> {
    if (issued.length === 0) return;
    await m.query(
      `UPDATE bills b SET sequence = t.sequence, number = t.number, status = t.status, review_until = NULL, issued_at = now(),
              due_date = coalesce(t.issue_date, b.issue_date) + (b.due_date - b.issue_date),
              issue_date = coalesce(t.issue_date, b.issue_date), updated_at = now()
         FROM unnest($2::uuid[], $3::bigint[], $4::text[], $5::text[], $6::date[]) AS t(id, sequence, number, status, issue_date)
        WHERE b.organization_id = $1 AND b.id = t.id AND b.status = 'draft'`,
      [
        organizationId,
        issued.map((d) => d.id),
        issued.map((d) => d.sequence),
        issued.map((d) => d.number),
        issued.map((d) => d.status),
        issued.map((d) => d.issueDate),
      ],
    );
  }

  /**
   * The current version of the organization's seller profile (seller_profiles), made when its content is new:
   * one row per distinct content, so bills made under the same profile share it. The insert of a racing run
   * with the same content wins or waits; its row is then read by a second try (a new statement snapshot).
   */
  async sellerSnapshot(m: EntityManager, organizationId: string): Promise<SellerSnapshot> {
    for (let attempt = 0; ; attempt++) {
      const rows: { id: string; vat_id: string | null; invoice_language: string }[] = await m.query(
        `WITH o AS (
           SELECT id, vat_id, invoice_language, logo, logo_content_type, ${SELLER_PROFILE_JSON} AS profile FROM organizations WHERE id = $1
         ), h AS (
           SELECT o.*, encode(sha256(convert_to(o.profile::text, 'UTF8')), 'hex') AS sha256 FROM o
         ), ins AS (
           INSERT INTO seller_profiles (organization_id, id, sha256, profile, logo, logo_content_type)
           SELECT h.id, gen_random_uuid(), h.sha256, h.profile, h.logo, h.logo_content_type FROM h
           ON CONFLICT (organization_id, sha256) DO NOTHING
           RETURNING id
         )
         SELECT coalesce((SELECT id FROM ins), s.id) AS id, h.vat_id, h.invoice_language
           FROM h LEFT JOIN seller_profiles s ON s.organization_id = h.id AND s.sha256 = h.sha256`,
        [organizationId],
      );
      const row = rows[0];
      if (!row) throw new Error(`Organization ${organizationId} not found`);
      if (row.id) return { id: row.id, vatId: row.vat_id, invoiceLanguage: row.invoice_language };
      if (attempt >= 2) throw new Error('The seller profile version could not be read');
    }
  }

  /**
   * Marks every unbilled session each slot takes with the slot's bill, and returns their durations split
   * into current and late. Marking and reading are one statement, so a session arriving meanwhile is
   * either in this bill (marked and rated) or left for the next one: never marked without being rated.
   */
  async takeSessions(m: EntityManager, slots: BillSlot[]): Promise<Map<string, TakenSessions>> {
    const out = new Map<string, TakenSessions>();
    if (slots.length === 0) return out;
    const rows: {
      bill_id: string;
      late: boolean;
      durations: number[];
      starts: Date[] | null;
      started: number[] | null;
      ended: number[] | null;
      unattended: boolean[] | null;
    }[] = await m.query(
      `WITH slot AS (
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::timestamptz[], $5::timestamptz[], $6::timestamptz[], $7::bool[])
           AS t(bill_id, organization_id, department_id, take_from, period_start, take_until, detail)
       ), marked AS (
         UPDATE sessions s SET bill_id = slot.bill_id
           FROM slot
          WHERE s.organization_id = slot.organization_id AND s.department_id = slot.department_id
            AND s.bill_id IS NULL AND s.started_at >= slot.take_from AND s.started_at < slot.take_until
         RETURNING s.bill_id, s.duration_seconds, s.started_at, s.ended_at, s.type, slot.detail, s.started_at < slot.period_start AS late
       )
       -- Every aggregate of a group reads its rows in the same order (none sorts on its own), so starts[i], started[i],
       -- ended[i] and unattended[i] belong to the session of durations[i]; \`detail\` is the same for a whole group.
       SELECT bill_id, late, array_agg(duration_seconds) AS durations, array_agg(started_at) FILTER (WHERE late) AS starts,
              array_agg(extract(epoch FROM started_at)::float8 * 1000) FILTER (WHERE detail) AS started,
              array_agg(extract(epoch FROM ended_at)::float8 * 1000) FILTER (WHERE detail) AS ended,
              array_agg(type = 'unattended') FILTER (WHERE detail) AS unattended
         FROM marked GROUP BY bill_id, late`,
      [
        slots.map((s) => s.billId),
        slots.map((s) => s.organizationId),
        slots.map((s) => s.departmentId),
        slots.map((s) => s.takeFrom),
        slots.map((s) => s.periodStart),
        slots.map((s) => s.takeUntil),
        slots.map((s) => s.detail === true),
      ],
    );
    for (const r of rows) {
      const entry = out.get(r.bill_id) ?? { current: [], late: [], lateStarts: [] };
      (r.late ? entry.late : entry.current).push(...r.durations.map(Number));
      if (r.late) entry.lateStarts.push(...r.starts!);
      if (r.started) {
        const detail = (entry.detail ??= { current: [], late: [] });
        const list = r.late ? detail.late : detail.current;
        for (let i = 0; i < r.started.length; i++) {
          list.push({
            startedAt: new Date(Math.round(r.started[i])),
            endedAt: new Date(Math.round(r.ended![i])),
            durationSeconds: Number(r.durations[i]),
            type: r.unattended![i] ? 'unattended' : 'attended',
          });
        }
      }
      out.set(r.bill_id, entry);
    }
    return out;
  }

  /**
   * Distinct devices with an enrolment interval active at some instant of each slot's
   * [periodStart, takeUntil) (see DEVICE_ACTIVE_IN, the SQL twin of libs/billing's isDeviceActiveIn).
   */
  async countDevices(m: EntityManager, slots: BillSlot[]): Promise<Map<string, number>> {
    if (slots.length === 0) return new Map();
    const rows: { bill_id: string; n: number }[] = await m.query(
      `SELECT slot.bill_id, count(DISTINCT e.device_id)::int AS n
         FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::timestamptz[], $5::timestamptz[])
           AS slot(bill_id, organization_id, department_id, range_start, range_end)
         JOIN device_enrolments e ON e.organization_id = slot.organization_id AND e.department_id = slot.department_id
          AND e.enrolled_at < slot.range_end AND ${DEVICE_ACTIVE_IN}
        GROUP BY slot.bill_id`,
      [
        slots.map((s) => s.billId),
        slots.map((s) => s.organizationId),
        slots.map((s) => s.departmentId),
        slots.map((s) => s.periodStart),
        slots.map((s) => s.takeUntil),
      ],
    );
    return new Map(rows.map((r) => [r.bill_id, r.n]));
  }

  /**
   * Reserves `count` consecutive bill numbers for the organization. The sequence row stays locked until the
   * transaction ends, so numbers are gapless: a rolled-back run gives its numbers back.
   */
  async reserveSequence(m: EntityManager, organizationId: string, count: number): Promise<number> {
    await m.query('INSERT INTO bill_sequences (organization_id) VALUES ($1) ON CONFLICT DO NOTHING', [organizationId]);
    // TypeORM answers an UPDATE … RETURNING with [rows, rowCount].
    const [rows]: [{ last_value: string }[], number] = await m.query(
      'UPDATE bill_sequences SET last_value = last_value + $2 WHERE organization_id = $1 RETURNING last_value',
      [organizationId, count],
    );
    return Number(rows[0].last_value) - count + 1;
  }

  async insertBills(m: EntityManager, bills: NewBill[]): Promise<void> {
    if (bills.length === 0) return;
    const col = <K extends keyof NewBill>(k: K) => bills.map((b) => b[k]);
    await m.query(
      `INSERT INTO bills (organization_id, id, sequence, number, association_id, department_id, plan_id, period_index, period_start, period_end,
                          issue_date, due_date, time_zone, currency, department_name, plan_name, plan_snapshot, billing_address, recipients,
                          status, subtotal_minor, adjustments_minor, total_minor, paid_minor, balance_minor, kind,
                          seller_profile_id, buyer, language, tax_treatment, tax_exemption_reason, tax_rates, taxes, tax_minor,
                          review_until, issued_at)
       SELECT t.organization_id, t.id, t.sequence, t.number, t.association_id, t.department_id, t.plan_id, t.period_index, t.period_start, t.period_end,
              t.issue_date, t.due_date, t.time_zone, t.currency, t.department_name, t.plan_name, t.plan_snapshot, t.billing_address,
              ARRAY(SELECT jsonb_array_elements_text(t.recipients)), t.status, t.subtotal_minor, 0, t.total_minor, 0, t.balance_minor, t.kind,
              t.seller_profile_id, t.buyer, t.language, t.tax_treatment, t.tax_exemption_reason, t.tax_rates, t.taxes, t.tax_minor,
              t.review_until, t.issued_at
         FROM unnest($1::uuid[], $2::uuid[], $3::bigint[], $4::text[], $5::uuid[], $6::uuid[], $7::uuid[], $8::int[], $9::timestamptz[], $10::timestamptz[],
                     $11::date[], $12::date[], $13::text[], $14::text[], $15::text[], $16::text[], $17::jsonb[], $18::jsonb[], $19::jsonb[],
                     $20::text[], $21::bigint[], $22::bigint[], $23::bigint[], $24::text[],
                     $25::uuid[], $26::jsonb[], $27::text[], $28::text[], $29::text[], $30::jsonb[], $31::jsonb[], $32::bigint[],
                     $33::timestamptz[], $34::timestamptz[])
           AS t(organization_id, id, sequence, number, association_id, department_id, plan_id, period_index, period_start, period_end,
                issue_date, due_date, time_zone, currency, department_name, plan_name, plan_snapshot, billing_address, recipients,
                status, subtotal_minor, total_minor, balance_minor, kind,
                seller_profile_id, buyer, language, tax_treatment, tax_exemption_reason, tax_rates, taxes, tax_minor,
                review_until, issued_at)`,
      [
        col('organizationId'),
        col('id'),
        col('sequence'),
        col('number'),
        col('associationId'),
        col('departmentId'),
        col('planId'),
        col('periodIndex'),
        col('periodStart'),
        col('periodEnd'),
        col('issueDate'),
        col('dueDate'),
        col('timeZone'),
        col('currency'),
        col('departmentName'),
        col('planName'),
        bills.map((b) => JSON.stringify(b.planSnapshot)),
        bills.map((b) => JSON.stringify(b.billingAddress)),
        bills.map((b) => JSON.stringify(b.recipients)),
        col('status'),
        col('subtotalMinor'),
        col('totalMinor'),
        col('balanceMinor'),
        col('kind'),
        col('sellerProfileId'),
        bills.map((b) => JSON.stringify(b.buyer)),
        col('language'),
        col('taxTreatment'),
        col('taxExemptionReason'),
        bills.map((b) => JSON.stringify(b.taxRates)),
        bills.map((b) => JSON.stringify(b.taxes)),
        col('taxMinor'),
        col('reviewUntil'),
        col('issuedAt'),
      ],
    );
    const lines = bills.flatMap((b) => b.lines.map((l, i) => ({ ...l, organizationId: b.organizationId, billId: b.id, position: i + 1 })));
    await m.query(
      `INSERT INTO bill_lines (organization_id, bill_id, position, kind, description, quantity, unit, unit_amount_minor, amount_minor)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::smallint[], $4::text[], $5::text[], $6::numeric[], $7::text[], $8::bigint[], $9::bigint[])`,
      [
        lines.map((l) => l.organizationId),
        lines.map((l) => l.billId),
        lines.map((l) => l.position),
        lines.map((l) => l.kind),
        lines.map((l) => l.description),
        lines.map((l) => l.quantity),
        lines.map((l) => l.unit),
        lines.map((l) => l.unitAmountMinor),
        lines.map((l) => l.amountMinor),
      ],
    );
  }

  /** Moves each association to its next unbilled period. */
  async advance(m: EntityManager, rows: { organizationId: string; id: string; index: number; start: Date; end: Date }[]): Promise<void> {
    if (rows.length === 0) return;
    await m.query(
      `UPDATE associations a SET next_period_index = t.idx, next_period_start = t.start_at, next_period_end = t.end_at, updated_at = now()
         FROM unnest($1::uuid[], $2::uuid[], $3::int[], $4::timestamptz[], $5::timestamptz[]) AS t(organization_id, id, idx, start_at, end_at)
        WHERE a.organization_id = t.organization_id AND a.id = t.id`,
      [
        rows.map((r) => r.organizationId),
        rows.map((r) => r.id),
        rows.map((r) => r.index),
        rows.map((r) => r.start),
        rows.map((r) => r.end),
      ],
    );
  }

  /** Records one failed attempt per association (the period it was on, or null for late usage). */
  async recordFailures(m: EntityManager, organizationId: string, runId: string, failures: BillingFailure[]): Promise<void> {
    if (failures.length === 0) return;
    await m.query(
      `INSERT INTO billing_failures (organization_id, association_id, period_start, code, message, billing_run_id)
       SELECT a.organization_id, a.id, CASE WHEN a.ended_at IS NULL OR a.next_period_start < a.ended_at THEN a.next_period_start END,
              f.code, f.message, $2
         FROM unnest($3::uuid[], $4::text[], $5::text[]) AS f(association_id, code, message)
         JOIN associations a ON a.organization_id = $1 AND a.id = f.association_id
       ON CONFLICT (organization_id, association_id) DO UPDATE
          SET period_start = EXCLUDED.period_start, code = EXCLUDED.code, message = EXCLUDED.message,
              attempts = billing_failures.attempts + 1, last_failed_at = now(), billing_run_id = EXCLUDED.billing_run_id`,
      [organizationId, runId, failures.map((f) => f.associationId), failures.map((f) => f.code), failures.map((f) => f.message)],
    );
  }

  /** Forgets the failures of associations that have just been billed. */
  async clearFailures(m: EntityManager, organizationId: string, associationIds: string[]): Promise<void> {
    if (associationIds.length === 0) return;
    await m.query('DELETE FROM billing_failures WHERE organization_id = $1 AND association_id = ANY($2::uuid[])', [
      organizationId,
      associationIds,
    ]);
  }

  /** The associations whose last billing attempt failed, oldest failure first. */
  async openFailures(m: EntityManager, organizationId: string): Promise<OpenBillingFailure[]> {
    const rows: Record<string, unknown>[] = await m.query(
      `SELECT f.association_id, f.code, f.message, f.period_start, f.attempts, f.first_failed_at, f.last_failed_at,
              a.department_id, d.name AS department_name, a.plan_id, p.name AS plan_name
         FROM billing_failures f
         JOIN associations a ON a.organization_id = f.organization_id AND a.id = f.association_id
         JOIN departments d ON d.organization_id = a.organization_id AND d.id = a.department_id
         JOIN plans p ON p.organization_id = a.organization_id AND p.id = a.plan_id
        WHERE f.organization_id = $1
        ORDER BY f.first_failed_at, f.association_id`,
      [organizationId],
    );
    return rows.map((r) => ({
      associationId: r.association_id as string,
      code: r.code as string,
      message: r.message as string,
      periodStart: (r.period_start as Date | null) ?? null,
      attempts: r.attempts as number,
      firstFailedAt: r.first_failed_at as Date,
      lastFailedAt: r.last_failed_at as Date,
      departmentId: r.department_id as string,
      departmentName: r.department_name as string,
      planId: r.plan_id as string,
      planName: r.plan_name as string,
    }));
  }

  async insertRun(m: EntityManager, organizationId: string, run: BillingRunRecord): Promise<void> {
    await m.query(
      `INSERT INTO billing_runs (organization_id, id, trigger, as_of, started_at, finished_at, bills_created, associations_scanned, failures,
                                 drafts_issued)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        organizationId,
        run.id,
        run.trigger,
        run.asOf,
        run.startedAt,
        run.finishedAt,
        run.billsCreated,
        run.associationsScanned,
        JSON.stringify(run.failures),
        run.draftsIssued,
      ],
    );
  }

  /** Billing-run history, newest first, keyset-paged by (started_at, id). */
  async listRuns(
    m: EntityManager,
    organizationId: string,
    limit: number,
    after: { startedAt: string; id: string } | null,
  ): Promise<BillingRunRecord[]> {
    const rows: Record<string, unknown>[] = await m.query(
      `SELECT id, trigger, as_of, started_at, finished_at, bills_created, drafts_issued, associations_scanned, failures
         FROM billing_runs
        WHERE organization_id = $1 AND ($2::timestamptz IS NULL OR (started_at, id) < ($2::timestamptz, $3::uuid))
        ORDER BY started_at DESC, id DESC
        LIMIT $4`,
      [organizationId, after?.startedAt ?? null, after?.id ?? null, limit + 1],
    );
    return rows.map((r) => ({
      id: r.id as string,
      trigger: r.trigger as 'api' | 'cron',
      asOf: r.as_of as Date,
      startedAt: r.started_at as Date,
      finishedAt: r.finished_at as Date,
      billsCreated: r.bills_created as number,
      draftsIssued: r.drafts_issued as number,
      associationsScanned: r.associations_scanned as number,
      failures: r.failures as BillingRunRecord['failures'],
    }));
  }

  /** Department and plan names of associations (for failure reports). */
  async describeAssociations(
    m: EntityManager,
    organizationId: string,
    ids: string[],
  ): Promise<Map<string, { departmentName: string; planName: string; periodStart: Date | null }>> {
    if (ids.length === 0) return new Map();
    const rows: { id: string; department_name: string; plan_name: string; period_start: Date | null }[] = await m.query(
      `SELECT a.id, d.name AS department_name, p.name AS plan_name,
              CASE WHEN a.ended_at IS NULL OR a.next_period_start < a.ended_at THEN a.next_period_start END AS period_start
         FROM associations a
         JOIN departments d ON d.organization_id = a.organization_id AND d.id = a.department_id
         JOIN plans p ON p.organization_id = a.organization_id AND p.id = a.plan_id
        WHERE a.organization_id = $1 AND a.id = ANY($2::uuid[])`,
      [organizationId, ids],
    );
    return new Map(rows.map((r) => [r.id, { departmentName: r.department_name, planName: r.plan_name, periodStart: r.period_start }]));
  }
}
