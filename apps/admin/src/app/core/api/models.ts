/**
 * Typed resources of the REST contract (/work/shared/API.md, v1). Money fields end in `Minor` and are
 * integer counts of the currency's minor units; calendar days are `YYYY-MM-DD`; instants are ISO strings.
 * Fields marked optional are ones API.md does not promise; the console copes when they are absent.
 */
export type Role = 'admin' | 'billing' | 'viewer';
export type BillingType = 'per_session' | 'per_hour';
export type BillingCycle = 'weekly' | 'monthly' | 'quarterly' | 'half_yearly' | 'yearly';
export type BillStatus = 'unpaid' | 'paid' | 'void';
/** `unpaid` includes overdue and partly paid; `partly_paid` = unpaid with payments (overdue or not). */
export type BillStatusFilter = 'unpaid' | 'paid' | 'overdue' | 'partly_paid' | 'void';
export type ApiKeyScope = 'usage:write' | 'usage:read' | 'plans:read' | 'bills:read' | 'bills:write';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Ref {
  id: string;
  name: string;
}

export interface ApiFieldError {
  field: string;
  message: string;
}

export interface ApiErrorBody {
  statusCode: number;
  code: string;
  message: string;
  errors?: ApiFieldError[];
}

// ---- auth -------------------------------------------------------------------------------------
export interface LoginResponse {
  accessToken: string;
  expiresIn: number; // seconds
}

export interface CurrentUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  organization: { id: string; name: string; timeZone: string };
}

// ---- departments ------------------------------------------------------------------------------
export interface Department {
  id: string;
  name: string;
  externalId?: string | null;
  createdAt?: string;
}

export interface DepartmentInput {
  name: string;
  externalId?: string | null;
}

// ---- plans and associations -------------------------------------------------------------------
export interface BillingAddress {
  name: string;
  line1: string;
  line2?: string | null;
  city: string;
  region?: string | null;
  postalCode?: string | null;
  country: string;
}

export interface AssociationInput {
  departmentId: string;
  billingCycle: BillingCycle;
  billStartDate: string;
  dueDays: number;
  billingAddress: BillingAddress;
  recipients: string[];
  timeZone?: string;
}

export interface Association extends AssociationInput {
  id: string;
  planId?: string;
  plan?: Ref;
  department?: Ref;
  timeZone: string;
  /** `ended` once its end has passed; one with a scheduled (future) end stays `active` until then. */
  status?: 'active' | 'ended';
  /** First instant of its interval [startsAt, endedAt): the bill start date's start in its zone. */
  startsAt?: string;
  /** Its end (past, or future: scheduled); null while open. An end once set is not moved. */
  endedAt?: string | null;
  active?: boolean;
  /** Has a bill: cycle, start date and time zone are then frozen. */
  billed?: boolean;
  /** End of its last billed period (null before its first bill): the earliest instant it may end at. */
  billedThrough?: string | null;
  createdAt?: string;
}

export interface PlanInput {
  name: string;
  currency: string;
  billingType: BillingType;
  /** null: no rate (allowed for the type the plan does not bill by). */
  sessionRateMinor?: number | null;
  hourRateMinor?: number | null;
  unattendedDeviceRateMinor?: number;
  billingIncrementMinutes?: number;
  minimumBillableMinutes?: number;
}

export interface Plan extends PlanInput {
  id: string;
  sessionRateMinor: number | null;
  hourRateMinor: number | null;
  unattendedDeviceRateMinor: number;
  billingIncrementMinutes: number;
  minimumBillableMinutes: number;
  /** Active associations (customers) on the plan. */
  activeAssociationsCount?: number;
  customersCount?: number;
  associations?: Association[];
  createdAt?: string;
  updatedAt?: string;
}

export interface CreatePlanInput extends PlanInput {
  associations?: AssociationInput[];
}

// ---- usage ------------------------------------------------------------------------------------
export interface RemoteSession {
  id: string;
  externalId: string;
  departmentId: string;
  department?: Ref;
  technician?: string | null;
  type: 'attended' | 'unattended';
  startedAt: string;
  endedAt: string;
  billId?: string | null;
  /** False when no association of its department covers its start: it is never billed. */
  covered: boolean;
}

export interface ImportResult {
  accepted: number;
  duplicates: number;
  refused: { line: number; field: string; message: string }[];
}

export interface Device {
  id: string;
  externalId: string;
  departmentId: string;
  department?: Ref;
  name: string;
  /** The latest enrolment's start and removal. */
  enrolledAt: string;
  removedAt?: string | null;
  status?: 'active' | 'removed';
  /** Enrolment history, oldest first: `[enrolledAt, removedAt)` intervals; billed in periods they overlap. */
  enrolments?: DeviceEnrolment[];
}

export interface DeviceEnrolment {
  enrolledAt: string;
  removedAt: string | null;
}

export interface DeviceInput {
  externalId: string;
  departmentId: string;
  name: string;
  enrolledAt: string;
}

// ---- bills ------------------------------------------------------------------------------------
export interface BillLine {
  kind: 'sessions' | 'hours' | 'devices' | 'late_usage';
  description: string;
  quantity: number;
  unit?: string;
  unitAmountMinor: number;
  amountMinor: number;
}

/** A list item's line as counted (no amounts): the list's charge details. */
export interface BillLineQuantity {
  kind: BillLine['kind'] | string;
  quantity: number;
  unit: string;
}

export interface Adjustment {
  id: string;
  type: 'charge' | 'discount';
  /** The computed amount (a percentage resolved against the subtotal). */
  amountMinor: number;
  fixedAmountMinor?: number | null;
  percent?: number | string | null;
  reason: string;
  author?: string | Partial<Ref & { email: string }> | null;
  createdAt?: string;
}

export interface Payment {
  id: string;
  amountMinor: number;
  paidAt: string;
  method?: string | null;
  reference?: string | null;
  reversedAt?: string | null;
  reversalReason?: string | null;
  createdAt?: string;
}

export interface BillSummary {
  id: string;
  number: string;
  /** `late_usage`: an ended association's bill of sessions that arrived after its final bill. */
  kind?: 'period' | 'late_usage';
  status: BillStatus;
  overdue: boolean;
  periodStart: string;
  periodEnd: string;
  issueDate: string;
  dueDate: string;
  /** The association's IANA zone: the period's days are shown in it. */
  timeZone?: string;
  currency: string;
  department: Ref;
  associationId?: string;
  plan: Ref;
  subtotalMinor: number;
  adjustmentsMinor: number;
  totalMinor: number;
  paidMinor: number;
  balanceMinor: number;
  /** The association's invoice recipients, when the API includes them (pre-fills "Email Invoice"). */
  recipients?: string[];
  /** List items only: what each line counts, in line order. */
  lineSummary?: BillLineQuantity[];
}

export interface Bill extends BillSummary {
  billingAddress: BillingAddress;
  lines: BillLine[];
  adjustments: Adjustment[];
  payments: Payment[];
  voidReason?: string | null;
  voidedAt?: string | null;
}

export interface BillFilters {
  status?: BillStatusFilter | '';
  departmentId?: string;
  planId?: string;
  from?: string;
  to?: string;
}

export interface PaymentInput {
  amountMinor?: number;
  paidAt?: string;
  method?: string;
  reference?: string;
}

export interface AdjustmentInput {
  type: 'charge' | 'discount';
  amountMinor?: number;
  percent?: number;
  reason: string;
}

export interface EmailInput {
  to?: string[];
  cc?: string[];
  message?: string;
}

export interface EmailDelivery {
  id: string;
  to: string[];
  cc?: string[];
  status: 'queued' | 'sending' | 'sent' | 'failed';
  attempts: number;
  lastError?: string | null;
  sentAt?: string | null;
  createdAt?: string;
}

// ---- audit ------------------------------------------------------------------------------------
export interface AuditEvent {
  id: string;
  occurredAt: string;
  entityType: string;
  entityId: string;
  action: string; // e.g. "payment.confirmed"
  /** `name` as recorded (a user's e-mail, "api-key:<name>"); `displayName` the user's or key's name. */
  actor?: { type?: string; id?: string | null; name?: string | null; displayName?: string | null; email?: string } | string | null;
  before?: unknown;
  after?: unknown;
}

// ---- dashboard and billing runs ---------------------------------------------------------------
/** Dashboard sums: a number, or a bigint past 2^53 (the dashboard is parsed with every digit). */
export type ExactMinor = number | bigint;

export interface CurrencyTotals {
  currency: string;
  billedMinor: ExactMinor;
  collectedMinor: ExactMinor;
  outstandingMinor: ExactMinor;
  overdueMinor: ExactMinor;
}

export interface MonthTotals {
  month: string; // YYYY-MM
  currency: string;
  billedMinor: ExactMinor;
  collectedMinor: ExactMinor;
}

export interface Dashboard {
  currencies: CurrencyTotals[];
  months: MonthTotals[];
  nextBillingRunAt: string | null;
  /** Associations whose last billing attempt failed (retried by every run until they bill). */
  billingFailures?: OpenBillingFailure[];
  /** Sessions no association covers: never billed. */
  uncoveredSessions?: number;
}

export interface BillingRunResult {
  id?: string;
  billsCreated: number;
  associationsScanned?: number;
  failures?: BillingFailure[];
  asOf?: string;
}

/** An association a billing run could not bill (the others were billed). */
export interface BillingFailure {
  associationId: string;
  departmentName: string;
  planName: string;
  /** The period it was on (null for a late-usage bill). */
  periodStart: string | null;
  code: string;
  message: string;
}

/** One recorded run of `GET /billing-runs` (newest first). */
export interface BillingRun {
  id: string;
  trigger: 'api' | 'cron';
  asOf: string;
  startedAt: string;
  finishedAt: string;
  billsCreated: number;
  associationsScanned: number;
  failures: BillingFailure[];
}

/** An association whose last billing attempt failed (`GET /billing-runs/failures`): retried by every run. */
export interface OpenBillingFailure extends BillingFailure {
  departmentId: string;
  planId: string;
  attempts: number;
  firstFailedAt: string;
  lastFailedAt: string;
}

// ---- settings ---------------------------------------------------------------------------------
export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
  active: boolean;
  createdAt?: string;
}

export interface UserInput {
  email: string;
  name: string;
  role: Role;
  password: string;
}

export interface ApiKey {
  id: string;
  name: string;
  scopes: ApiKeyScope[];
  prefix?: string;
  createdAt?: string;
  lastUsedAt?: string | null;
  revokedAt?: string | null;
}

export interface CreatedApiKey extends Partial<ApiKey> {
  id: string;
  key: string;
}
