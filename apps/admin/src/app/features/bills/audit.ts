import type { AuditEventView, CorrectionView } from '@app/contracts';
import { formatDay } from '../../core/format';
import { reminderOffsetText } from '../../core/reminders';
import { showMoney } from '../../core/money';
import { PrepaidUnit, Retainer, retainerText } from '../../core/prepaid';
import { BusinessInterval, businessHoursText, daysText } from '../../core/rate-rules';
import { formatZoned } from '../../core/zoned-time';

/**
 * The audit trail as sentences: "Ada Admin added a 10% discount of $1.20 (reason: loyalty)",
 * "Plan 'Gold': Ada Admin changed the rate per hour from $10.00 to $12.00". The page passes what it
 * knows (the bill's currency, names of plans, departments and bills by id) so no UUID is shown; an
 * action this file does not know still reads as a generic sentence.
 */
export interface AuditContext {
  /** Currency of `…Minor` amounts when the event itself does not say (a bill's events). */
  currency?: string;
  /** Names the page already knows, by id: plans, departments, bills (their number), associations. */
  names?: ReadonlyMap<string, string>;
  /** Bills the page knows are drafts (no number yet): named "the draft". */
  drafts?: ReadonlySet<string>;
  /** The bill's credit notes and supplementary invoices, by id: what was asked (a percent) when the event does not say. */
  corrections?: ReadonlyMap<string, Pick<CorrectionView, 'percent' | 'fixedAmountMinor'>>;
  /** The unit of retainers' quantities (the plan's): a retainer change reads "2 h included per period, …". */
  prepaidUnit?: PrepaidUnit;
}

/** Who did it, for people: "Ada Admin", "API key 'importer'", "The system" (or "The e-mail outbox"). */
export function auditActor(e: AuditEventView): string {
  const { type, name, displayName } = e.actor;
  if (type === 'api_key') return `API key '${displayName}'`;
  if (type === 'system') return name === 'outbox' ? 'The e-mail outbox' : name === 'reminders' ? 'Payment reminders' : 'The system';
  return displayName;
}

/** The whole sentence of one event. Never throws: an unreadable event falls back to its action's name. */
export function auditSentence(e: AuditEventView, ctx: AuditContext = {}): string {
  try {
    return sentence(e, ctx);
  } catch {
    return `${auditActor(e)}: ${humanize(e.action)}.`;
  }
}

/** Details below the sentence, for changes the sentence does not spell out (none for most events). */
export function auditDetails(e: AuditEventView, ctx: AuditContext = {}): string[] {
  try {
    if (KNOWN.has(e.action)) return [];
    const { before, after } = e;
    const currency = currencyOf(e, ctx);
    return changedKeys(before, after)
      .map((key) => detail(key, before?.[key], after?.[key], currency, ctx, !!before))
      .filter((line): line is string => !!line)
      .slice(0, 8);
  } catch {
    return [];
  }
}

/** "payment.recorded" → "Payment recorded" (kept for callers that show the bare action). */
export function auditAction(e: AuditEventView): string {
  return capitalize(humanize(e.action));
}

// ---- the sentences ---------------------------------------------------------------------------

const KNOWN = new Set([
  'plan.created',
  'plan.updated',
  'plan.deleted',
  'association.created',
  'association.updated',
  'association.ended',
  'payment.recorded',
  'payment.confirmed',
  'payment.reversed',
  'adjustment.added',
  'bill.voided',
  'credit_note.issued',
  'supplementary_invoice.issued',
  'bill.issued',
  'bill.refreshed',
  'bill.discarded',
  'email.queued',
  'email.sent',
  'email.failed',
  'reminder.queued',
  'department.created',
  'department.updated',
  'user.created',
  'user.updated',
  'api_key.created',
  'api_key.revoked',
  'device.removed',
  'device.reenrolled',
  'organization.created',
]);

function sentence(e: AuditEventView, ctx: AuditContext): string {
  const who = auditActor(e);
  const before = e.before ?? {};
  const after = e.after ?? {};
  const currency = currencyOf(e, ctx);
  const money = (minor: unknown) => (isAmount(minor) ? showMoney(minor as number, currency) : 'an amount');
  const reason = (r: unknown) => (typeof r === 'string' && r.trim() ? ` (reason: ${r.trim()})` : '');
  const billName = () =>
    ctx.drafts?.has(e.entityId) ? 'the draft' : nameOf(e.entityId, ctx) ? `bill ${nameOf(e.entityId, ctx)}` : 'the bill';

  switch (e.action) {
    case 'plan.created': {
      const rate = planRate(after);
      return `${who} created plan ${quote(after['name'] ?? nameOf(e.entityId, ctx))}${rate ? ` (${rate})` : ''}.`;
    }
    case 'plan.updated': {
      const plan = quote(after['name'] ?? before['name'] ?? nameOf(e.entityId, ctx));
      const parts = changedKeys(before, after)
        .filter((k) => k !== 'name')
        .map((k) => change(k, before[k], after[k], String(after['currency'] ?? before['currency'] ?? currency ?? ''), ctx, true))
        .filter((p): p is string => !!p);
      const renamed = before['name'] !== undefined && after['name'] !== undefined && before['name'] !== after['name'];
      if (renamed) parts.unshift(`the name from ${quote(before['name'])} to ${quote(after['name'])}`);
      return parts.length
        ? `${who} changed plan ${renamed ? quote(before['name']) : plan}: ${list(parts)}.`
        : `${who} saved plan ${plan} without changes.`;
    }
    case 'plan.deleted':
      return `${who} deleted plan ${quote(before['name'] ?? nameOf(e.entityId, ctx))}.`;
    case 'association.created': {
      const cycle = humanize(String(after['billingCycle'] ?? '')).toLowerCase();
      const start = typeof after['billStartDate'] === 'string' ? ` from ${formatDay(after['billStartDate'])}` : '';
      return (
        `${who} put ${department(after, ctx)} on plan ${quote(refName(after['plan']) ?? nameOf(after['planId'], ctx))}` +
        `${cycle ? `, billed ${cycle}${start}` : ''}.`
      );
    }
    case 'association.updated': {
      const parts = changedKeys(before, after)
        .map((k) => change(k, before[k], after[k], currency, ctx, true))
        .filter((p): p is string => !!p);
      const whose = `${department(after, ctx)}'s billing on plan ${quote(refName(after['plan']) ?? nameOf(after['planId'], ctx))}`;
      return parts.length ? `${who} changed ${whose}: ${list(parts)}.` : `${who} saved ${whose} without changes.`;
    }
    case 'association.ended': {
      const whose = `${department(after, ctx)}'s billing on plan ${quote(refName(after['plan']) ?? nameOf(after['planId'], ctx))}`;
      const end = typeof after['endedAt'] === 'string' ? after['endedAt'] : null;
      if (!end) return `${who} ended ${whose}.`;
      const when = formatZoned(end, typeof after['timeZone'] === 'string' ? after['timeZone'] : null);
      return Date.parse(end) > Date.parse(e.occurredAt)
        ? `${who} scheduled the end of ${whose} for ${when}.`
        : `${who} ended ${whose} as of ${when}.`;
    }
    case 'payment.recorded':
    case 'payment.confirmed': {
      const method = typeof after['method'] === 'string' && after['method'] ? ` by ${humanize(after['method']).toLowerCase()}` : '';
      const ref = typeof after['reference'] === 'string' && after['reference'] ? ` (reference ${after['reference']})` : '';
      const left = isAmount(after['balanceMinor']) ? `; balance now ${money(after['balanceMinor'])}` : '';
      return `${who} confirmed a payment of ${money(after['amountMinor'])}${method}${ref}${left}.`;
    }
    case 'payment.reversed':
      return `${who} reversed a payment of ${money(before['amountMinor'] ?? after['amountMinor'])}${reason(after['reason'])}.`;
    case 'adjustment.added': {
      const kind = after['type'] === 'discount' ? 'discount' : 'charge';
      const percent = after['percent'];
      const amount = isAmount(after['computedMinor']) ? money(Math.abs(Number(after['computedMinor']))) : null;
      const what =
        percent !== null && percent !== undefined && percent !== ''
          ? `a ${String(percent)}% ${kind}${amount ? ` of ${amount}` : ''}`
          : `a ${kind} of ${money(after['amountMinor'] ?? after['computedMinor'])}`;
      return `${who} added ${what}${reason(after['reason'])}.`;
    }
    case 'bill.voided':
      return `${who} voided ${billName()}${reason(after['reason'])}.`;
    case 'credit_note.issued':
    case 'supplementary_invoice.issued': {
      // An issued bill never changes: a discount, a charge or the void issued a document of its own.
      const creditNote = e.action === 'credit_note.issued';
      const document = `${creditNote ? 'credit note' : 'supplementary invoice'}${typeof after['number'] === 'string' ? ` ${after['number']}` : ''}`;
      const net = after['netMinor'];
      const tax = after['taxMinor'];
      const amount =
        isAmount(tax) && Number(tax) !== 0 && isAmount(net)
          ? `${money(after['totalMinor'])} (${money(net)} + ${money(tax)} tax)`
          : money(after['totalMinor']);
      if (after['cause'] === 'void') return `${who} issued ${document} of ${amount}, cancelling ${billName()}.`;
      const asked = typeof after['correctionId'] === 'string' ? ctx.corrections?.get(after['correctionId']) : undefined;
      const percent = asked?.percent;
      const kind = creditNote ? 'discount' : 'charge';
      const what = percent !== null && percent !== undefined ? `a ${String(percent)}% ${kind}` : `a ${kind}`;
      return `${who} issued ${document} of ${amount} for ${what} on ${billName()}${reason(after['reason'])}.`;
    }
    case 'bill.issued': {
      // Approved before its review ended: numbered and dated then.
      const number = typeof after['number'] === 'string' && after['number'] ? ` as ${after['number']}` : '';
      const day = typeof after['issueDate'] === 'string' ? `, dated ${formatDay(after['issueDate'])}` : '';
      return e.actor.type === 'system' ? `${who} issued the draft${number}${day}.` : `${who} approved the draft: issued${number}${day}.`;
    }
    case 'bill.refreshed': {
      const from = before['totalMinor'];
      const to = after['totalMinor'];
      const total =
        isAmount(from) && isAmount(to)
          ? String(from) === String(to)
            ? `: nothing changed (total ${money(to)})`
            : `: total ${money(from)} → ${money(to)}`
          : '';
      return `${who} refreshed the draft from current usage${total}.`;
    }
    case 'bill.discarded': {
      const released = Number(after['sessionsReleased'] ?? 0);
      const sessions = released ? `; ${released} session${released === 1 ? '' : 's'} went back to the customer's next bill` : '';
      return `${who} discarded the draft${isAmount(before['totalMinor']) ? ` of ${money(before['totalMinor'])}` : ''}${reason(after['reason'])}${sessions}.`;
    }
    case 'email.queued':
      return `${who} e-mailed ${billName()} to ${emails(after['to'])}${asArray(after['cc']).length ? ` (cc ${emails(after['cc'])})` : ''}.`;
    case 'email.sent':
      return `${who} delivered the e-mail of ${billName()} to ${emails(after['to'])}.`;
    case 'email.failed':
      return (
        `${who} gave up sending the e-mail of ${billName()} after ${String(after['attempts'] ?? 'several')} attempts` +
        `${typeof after['lastError'] === 'string' ? ` (${after['lastError']})` : ''}.`
      );
    case 'reminder.queued': {
      const step = typeof after['step'] === 'number' ? after['step'] : null;
      const offset = typeof after['offsetDays'] === 'number' ? after['offsetDays'] : null;
      const when = offset === null ? '' : ` (${offset === 0 ? 'on the due date' : reminderOffsetText(offset)})`;
      return `${who} queued payment reminder${step === null ? '' : ` ${step + 1}`}${when} for ${billName()}.`;
    }
    case 'department.created':
      return `${who} created department ${quote(after['name'])}.`;
    case 'department.updated':
      return before['name'] !== after['name'] && after['name'] !== undefined
        ? `${who} renamed department ${quote(before['name'])} to ${quote(after['name'])}.`
        : `${who} changed department ${quote(after['name'] ?? before['name'])}.`;
    case 'user.created':
      return `${who} added user ${quote(after['name'] || after['email'])}${after['role'] ? ` as ${String(after['role'])}` : ''}.`;
    case 'user.updated':
      return `${who} changed user ${quote(after['name'] || after['email'] || before['email'])}.`;
    case 'api_key.created':
      return `${who} created API key ${quote(after['name'])}${asArray(after['scopes']).length ? ` (${asArray(after['scopes']).join(', ')})` : ''}.`;
    case 'api_key.revoked':
      return `${who} revoked API key ${quote(after['name'] ?? before['name'])}.`;
    case 'device.removed':
      return `${who} marked device ${quote(after['name'] ?? before['name'])} removed.`;
    case 'device.reenrolled':
      return `${who} enrolled device ${quote(after['name'] ?? before['name'])} again.`;
    case 'organization.created':
      return `${who} created organization ${quote(after['name'])}.`;
    default:
      return generic(e, who, ctx);
  }
}

/**
 * "bill.approved" → "Ada Admin approved bill 'INV-000001'."; "credit_note.issued" → "… issued a credit note.";
 * "bill.reminder_scheduled" → "Ada Admin recorded "reminder scheduled" on bill 'INV-000001'."
 */
function generic(e: AuditEventView, who: string, ctx: AuditContext): string {
  const action = e.action;
  const dot = action.lastIndexOf('.');
  const known = ctx.drafts?.has(e.entityId) ? undefined : nameOf(e.entityId, ctx);
  if (dot <= 0) return `${who}: ${humanize(action) || 'a change'}${known ? ` (${known})` : ''}.`;
  const thing = humanize(action.slice(0, dot));
  const verb = humanize(action.slice(dot + 1));
  const target = ctx.drafts?.has(e.entityId) ? 'the draft' : known ? `${thing} ${quote(known)}` : `a ${thing}`;
  // "approved" reads as a verb; "reminder scheduled" does not: it is quoted as what was recorded.
  return /^[a-z]+ed$/.test(verb) ? `${who} ${verb} ${target}.` : `${who} recorded "${verb}" on ${target}.`;
}

// ---- values ----------------------------------------------------------------------------------

const FIELD_LABELS: Record<string, string> = {
  sessionRateMinor: 'rate per session',
  hourRateMinor: 'rate per hour',
  unattendedDeviceRateMinor: 'rate per unattended device',
  billingIncrementMinutes: 'billing increment',
  minimumBillableMinutes: 'minimum billable time',
  billingType: 'billing type',
  billingCycle: 'billing cycle',
  billStartDate: 'bill start date',
  dueDays: 'due days',
  billingAddress: 'billing address',
  recipients: 'invoice recipients',
  timeZone: 'time zone',
  endedAt: 'end',
  externalId: 'external id',
  taxRateIds: 'tax rates',
  retainerOverride: 'own retainer',
  buyerReference: 'buyer reference',
  purchaseOrder: 'purchase order number',
  legalName: 'legal name',
  vatId: 'VAT ID',
  invoiceLanguage: 'invoice language',
  taxTreatment: 'tax treatment',
  exemptionReason: 'exemption reason',
};

/** Bookkeeping fields that are never worth a sentence. */
const SKIPPED = new Set([
  'id',
  'createdAt',
  'updatedAt',
  'organizationId',
  'activeAssociationsCount',
  // A plan's rate version: the plan page lists the versions with their days.
  'rateVersion',
  'rateEffectiveFrom',
  'billed',
  'status',
  'plan',
  'department',
]);

function change(
  key: string,
  from: unknown,
  to: unknown,
  currency: string | undefined,
  ctx: AuditContext,
  hasBefore: boolean,
): string | null {
  if (SKIPPED.has(key)) return null;
  if (key === 'taxRateIds') {
    const b = taxRates(to, ctx);
    return hasBefore && from !== undefined ? `the ${label(key)} from ${taxRates(from, ctx)} to ${b}` : `${label(key)} ${b}`;
  }
  // Ids: only when the page knows the name behind them.
  if (/Id$/.test(key) && (isUuid(from) || isUuid(to))) {
    const a = nameOf(from, ctx);
    const b = nameOf(to, ctx);
    if (!b) return null;
    return hasBefore && a ? `${label(key)} from ${a} to ${b}` : `${label(key)} ${b}`;
  }
  const a = value(key, from, currency, ctx);
  const b = value(key, to, currency, ctx);
  if (key === 'billingAddress' && from !== undefined && to !== undefined) return `the billing address to ${b}`;
  if (!hasBefore || from === undefined) return `${label(key)} ${b}`;
  return `the ${label(key)} from ${a} to ${b}`;
}

/** "send on: 2026-03-05", "attempts: 2 → 3": one line per field of an event the sentences do not know. */
function detail(
  key: string,
  from: unknown,
  to: unknown,
  currency: string | undefined,
  ctx: AuditContext,
  hasBefore: boolean,
): string | null {
  if (SKIPPED.has(key)) return null;
  const show = (v: unknown) =>
    key === 'taxRateIds' ? taxRates(v, ctx) : isUuid(v) ? (nameOf(v, ctx) ?? null) : value(key, v, currency, ctx);
  const b = show(to);
  if (b === null) return null; // an id without a name: nothing a person can read
  const a = hasBefore && from !== undefined ? show(from) : null;
  return `${capitalize(label(key))}: ${a !== null ? `${a} → ${b}` : b}`;
}

function value(key: string, v: unknown, currency: string | undefined, ctx: AuditContext = {}): string {
  if (v === null || v === undefined || v === '') return key.endsWith('Minor') || key === 'retainer' ? 'none' : 'nothing';
  if (key === 'retainer' && ctx.prepaidUnit && currency && isRetainer(v)) return quote(retainerText(v, ctx.prepaidUnit, currency));
  if (key.endsWith('Minor') && isAmount(v)) return showMoney(v as number, currency);
  if (key.endsWith('Minutes')) return `${String(v)} ${Number(v) === 1 ? 'minute' : 'minutes'}`;
  if (key === 'dueDays') return `${String(v)} ${Number(v) === 1 ? 'day' : 'days'}`;
  if (key === 'billingType' || key === 'billingCycle' || key === 'role' || key === 'taxTreatment') return humanize(String(v)).toLowerCase();
  if (key === 'billStartDate' && typeof v === 'string') return formatDay(v);
  if (key === 'billingAddress') return quote(address(v));
  if (key === 'businessHours' && Array.isArray(v)) return businessHoursText(v as BusinessInterval[]) ?? 'nothing';
  if (key === 'weekendDays' && Array.isArray(v)) return v.length ? daysText(v as number[]) : 'none';
  if (key === 'tiers' && Array.isArray(v) && currency) {
    return v.length ? tierBandsText(v as { upTo: number | null; rateMinor: number }[], currency) : 'none';
  }
  if (Array.isArray(v)) return v.map((x) => (typeof x === 'object' ? JSON.stringify(x) : String(x))).join(', ') || 'nothing';
  if (typeof v === 'object') return quote(shorten(JSON.stringify(v)));
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (typeof v === 'string' && isUuid(v)) return 'another record';
  return typeof v === 'string' ? quote(shorten(v)) : String(v);
}

/** A plan's or customer's tax rates by the names the page knows: "VAT 19 %", "none"; null on a customer: its plan's. */
function taxRates(v: unknown, ctx: AuditContext): string {
  if (v === null) return "the plan's rates";
  const ids = asArray(v);
  if (ids.length === 0) return 'none';
  return ids.map((id) => nameOf(id, ctx) ?? 'a tax rate').join(' + ');
}

function planRate(plan: Record<string, unknown>): string | null {
  const currency = String(plan['currency'] ?? '');
  const perHour = plan['billingType'] === 'per_hour';
  const rate = perHour ? plan['hourRateMinor'] : plan['sessionRateMinor'];
  if (!isAmount(rate)) return null;
  return `${showMoney(rate as number, currency)} per ${perHour ? 'hour' : 'session'}`;
}

function department(view: Record<string, unknown>, ctx: AuditContext): string {
  return refName(view['department']) ?? nameOf(view['departmentId'], ctx) ?? 'a department';
}

function currencyOf(e: AuditEventView, ctx: AuditContext): string | undefined {
  const own = e.after?.['currency'] ?? e.before?.['currency'];
  return typeof own === 'string' && own ? own : ctx.currency;
}

function address(v: unknown): string {
  const a = asRecord(v);
  if (!a) return String(v);
  return [a['name'], a['line1'], a['line2'], a['city'], [a['region'], a['postalCode']].filter(Boolean).join(' '), a['country']]
    .filter((x) => typeof x === 'string' && x.trim())
    .join(', ');
}

/** The keys whose value differs, in the order people read a plan or an association (jsonb sorts keys its own way). */
function changedKeys(before: Record<string, unknown> | null, after: Record<string, unknown> | null): string[] {
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  const rank = (k: string) => READING_ORDER.indexOf(k) + 1 || READING_ORDER.length + 1;
  return [...keys]
    .filter((k) => JSON.stringify(before?.[k]) !== JSON.stringify(after?.[k]))
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

const READING_ORDER = [
  'name',
  'currency',
  'billingType',
  'sessionRateMinor',
  'hourRateMinor',
  'unattendedDeviceRateMinor',
  'billingIncrementMinutes',
  'minimumBillableMinutes',
  'taxRateIds',
  'retainer',
  'retainerOverride',
  'billingCycle',
  'billStartDate',
  'timeZone',
  'dueDays',
  'billingAddress',
  'recipients',
  'endedAt',
];

/** Tier bands in short: "up to 10 at €80.00, then €70.00" (the unit is the plan's). */
function tierBandsText(bands: { upTo: number | null; rateMinor: number }[], currency: string): string {
  return bands
    .map((b) => (b.upTo === null ? `then ${showMoney(b.rateMinor, currency)}` : `up to ${b.upTo} at ${showMoney(b.rateMinor, currency)}`))
    .join(', ');
}

function nameOf(id: unknown, ctx: AuditContext): string | undefined {
  return typeof id === 'string' ? ctx.names?.get(id) : undefined;
}

function refName(ref: unknown): string | undefined {
  const r = asRecord(ref);
  return typeof r?.['name'] === 'string' && r['name'] ? r['name'] : undefined;
}

function label(key: string): string {
  return FIELD_LABELS[key] ?? humanize(key.replace(/Minor$/, '')).toLowerCase();
}

function list(parts: string[]): string {
  return parts.length <= 1 ? parts.join('') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

function emails(v: unknown): string {
  const to = asArray(v).map(String);
  return to.length ? to.join(', ') : 'its recipients';
}

function quote(v: unknown): string {
  return typeof v === 'string' && v ? `'${v}'` : v === undefined || v === null || v === '' ? '(unnamed)' : `'${String(v)}'`;
}

function shorten(text: string): string {
  return text.length > 80 ? text.slice(0, 77) + '…' : text;
}

function isAmount(v: unknown): boolean {
  return (typeof v === 'number' && Number.isFinite(v)) || (typeof v === 'string' && /^-?\d+$/.test(v));
}

function isUuid(v: unknown): boolean {
  return typeof v === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v);
}

function isRetainer(v: unknown): v is Retainer {
  const r = asRecord(v);
  return !!r && ['included', 'feeMinor', 'rolloverCap', 'rolloverPeriods'].every((k) => typeof r[k] === 'number');
}

function asRecord(value: unknown): Record<string, unknown> | null {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** "credit_note.issued" → "credit note issued"; "billingType" → "billing type". */
function humanize(text: string): string {
  return text
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/[._]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
