/**
 * A bill of a plan with rate rules or rate versions (issue #18): the period's usage rated per version part with
 * classes, tiers, the unattended rate and the minimum commitment (rate-versions.ts, rate-rules.ts), the devices, and
 * the late sessions. Pure; the API builds the versions in force for one association (`versionsInForce`).
 *
 * Rules:
 * - Versions in force: a version takes effect at its instant (a dated change: the first instant of its date in the
 *   customer's zone; a change without a date: the first instant of the customer's period that had not closed when it
 *   was made). At any instant the version in force is the NEWEST one (highest number) among those in effect, so a
 *   later change supersedes an earlier pending one from its own instant on; version 1 is in effect from the start.
 * - Usage of the period: `rateVersionedPeriod` (a session by the version in force at its start). A period without
 *   sessions still has its usage line, at 0, priced as the first part's plan (as `rateBill`).
 * - Devices: one line per part, each part's device rate for the share of the full period it covers (rounded once per
 *   line); with one part exactly `rateDevices` (prorated on a short period).
 * - Late sessions (started in earlier, already billed periods): each rated by the version in force at its start, with
 *   its classes and unattended rate but outside the tiers and the commitment (their own period's tiers were closed
 *   with its bill): lines of kind `late_usage`, "Late usage from earlier periods (…)".
 * - The commitment's top-up is a line of kind `commitment` (unit item, quantity 1), last.
 */
import { prorate, rateDevices, USAGE_LINE } from './rating';
import type { BillLine, PlanSnapshot, Proration } from './rating';
import { rateWithRules } from './rate-rules';
import type { RatedSession, UsageLine } from './rate-rules';
import { rateVersionedPeriod } from './rate-versions';
import type { RateVersion, VersionPart } from './rate-versions';

/** A rate version as a bill reads it: its number and the whole plan snapshot (devices included). */
export interface RuledVersion extends RateVersion {
  number: number;
  plan: PlanSnapshot;
}

/** A version and the instant it takes effect for one customer (null: from the start; +Infinity never applies). */
export interface VersionEffect<V> {
  version: V;
  number: number;
  /** ms since the epoch; null: from the start (version 1) */
  from: number | null;
}

/** The earliest instant a Date holds: version 1's effective instant. */
const BEGINNING = -8.64e15;

/**
 * The versions that are ever in force, in time order, each with the instant it starts being in force (rule 1): a
 * version whose number is not above every version already in effect by its instant never is. Ties in instant: the
 * higher number wins. The first is in force from the beginning (its `effectiveFrom` is the earliest Date).
 */
export function versionsInForce<V>(effects: readonly VersionEffect<V>[]): { version: V; number: number; effectiveFrom: Date }[] {
  if (effects.length === 0) throw new RangeError('versions: a plan has at least one rate version');
  const sorted = effects
    .filter((e) => e.from === null || Number.isFinite(e.from))
    .map((e) => ({ ...e, at: e.from ?? BEGINNING }))
    .sort((a, b) => a.at - b.at || b.number - a.number);
  const out: { version: V; number: number; effectiveFrom: Date }[] = [];
  let newest = -Infinity;
  for (const e of sorted) {
    if (e.number <= newest) continue;
    newest = e.number;
    const at = out.length === 0 ? BEGINNING : e.at;
    if (out.length > 0 && out[out.length - 1].effectiveFrom.getTime() === at) out.pop();
    out.push({ version: e.version, number: e.number, effectiveFrom: new Date(at) });
  }
  if (out[0].effectiveFrom.getTime() !== BEGINNING) out[0] = { ...out[0], effectiveFrom: new Date(BEGINNING) };
  return out;
}

export interface RuledBillInput {
  /** in force, in time order (`versionsInForce`), the first from the beginning */
  versions: readonly RuledVersion[];
  periodStart: Date;
  /** the end of what the bill covers (a short last period ends early) */
  periodEnd: Date;
  fullPeriodSeconds: number;
  proration: Proration | null;
  sessions: readonly RatedSession[];
  lateSessions: readonly RatedSession[];
  deviceCount: number;
  formatMoney: (minor: number) => string;
  partLabel: (part: VersionPart) => string;
}

export interface RuledBill {
  lines: BillLine[];
  /** the versions the period's parts used, in time order */
  parts: { versionId: string; number: number; start: Date; end: Date }[];
}

const toLine = (l: UsageLine | BillLine): BillLine => ({
  kind: l.kind,
  description: l.description,
  quantity: l.quantity,
  unit: l.unit,
  unitAmountMinor: l.unitAmountMinor,
  amountMinor: l.amountMinor,
});

/** The version in force at instant `t` (versions in time order, the first from the beginning). */
export function versionAt<V extends { effectiveFrom: Date }>(versions: readonly V[], t: number): V {
  let found = versions[0];
  for (const v of versions) if (v.effectiveFrom.getTime() <= t) found = v;
  return found;
}

/** A period's bill under rate rules and versions (rules in the module header). */
export function rateRuledBill(input: RuledBillInput): RuledBill {
  const { versions } = input;
  const usage = rateVersionedPeriod({
    versions,
    periodStart: input.periodStart,
    periodEnd: input.periodEnd,
    fullPeriodSeconds: input.fullPeriodSeconds,
    sessions: input.sessions,
    formatMoney: input.formatMoney,
    partLabel: input.partLabel,
  });
  // The parts rateVersionedPeriod rated, with their versions (not cut again).
  const byId = new Map(versions.map((v) => [v.id, v]));
  const parts: VersionPart[] = usage.parts.map((p) => ({ version: byId.get(p.versionId)!, start: p.start, end: p.end }));
  const lines: BillLine[] = usage.lines.map(toLine);
  if (lines.length === 0) {
    const plan = parts[0].version.plan as PlanSnapshot;
    const usageLine = USAGE_LINE[plan.billingType];
    lines.push({
      ...usageLine,
      description: `${usageLine.description}: none`,
      quantity: 0,
      unit: plan.billingType === 'per_hour' ? 'hour' : 'session',
      unitAmountMinor: plan.billingType === 'per_hour' ? plan.hourRateMinor : plan.sessionRateMinor,
      amountMinor: 0,
    });
  }

  if (parts.length === 1) {
    const devices = rateDevices(input.deviceCount, parts[0].version.plan as PlanSnapshot, input.proration);
    if (devices) lines.push(devices);
  } else if (input.deviceCount > 0) {
    for (const part of parts) {
      const plan = part.version.plan as PlanSnapshot;
      const seconds = Math.floor((part.end.getTime() - part.start.getTime()) / 1000);
      const amount = prorate(input.deviceCount * plan.unattendedDeviceRateMinor, {
        coveredSeconds: seconds,
        periodSeconds: input.fullPeriodSeconds,
      });
      lines.push({
        kind: 'devices',
        description: `${input.partLabel(part)}: Unattended devices, for ${Math.round((seconds / input.fullPeriodSeconds) * 100)}% of the period`,
        quantity: input.deviceCount,
        unit: 'device',
        unitAmountMinor: plan.unattendedDeviceRateMinor,
        amountMinor: amount,
      });
    }
  }

  lines.push(...rateLateSessions(versions, input.lateSessions, input.formatMoney));

  if (usage.commitment.line) {
    lines.push({
      kind: 'commitment',
      description: usage.commitment.line.description,
      quantity: 1,
      unit: 'item',
      unitAmountMinor: usage.commitment.line.amountMinor,
      amountMinor: usage.commitment.line.amountMinor,
    });
  }
  return {
    lines,
    parts: usage.parts.map((p) => ({ versionId: p.versionId, number: byId.get(p.versionId)!.number, start: p.start, end: p.end })),
  };
}

/**
 * Late sessions (started in earlier, already billed periods), each rated by the version in force at its start with its
 * classes and unattended rate, outside tiers and commitment: lines of kind `late_usage` (rule 4 above). A late-usage
 * bill of an ended association is made of these alone.
 */
export function rateLateSessions(
  versions: readonly RuledVersion[],
  lateSessions: readonly RatedSession[],
  formatMoney: (minor: number) => string,
): BillLine[] {
  const lines: BillLine[] = [];
  if (lateSessions.length === 0) return lines;
  const groups = new Map<RuledVersion, RatedSession[]>();
  for (const s of lateSessions) {
    const v = versionAt(versions, s.startedAt.getTime());
    groups.set(v, [...(groups.get(v) ?? []), s]);
  }
  for (const v of versions) {
    const sessions = groups.get(v);
    if (!sessions) continue;
    const rated = rateWithRules({ plan: v.plan, rules: { ...v.rules, tiers: null, minimumCommitmentMinor: null }, sessions, formatMoney });
    for (const l of rated.lines) {
      lines.push({ ...toLine(l), kind: 'late_usage', description: `Late usage from earlier periods (${l.description})` });
    }
  }
  return lines;
}
