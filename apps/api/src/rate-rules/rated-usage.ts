import { formatMoney, rateLateSessions, rateRuledBill, startOfDay, versionAt, versionsInForce } from '@app/billing';
import type { BillLine, PlanSnapshot, RatedSession, RuledVersion, VersionEffect } from '@app/billing';
import type { DueAssociation, TakenSessions } from '../billing/billing-run.repository';
import type { Slot } from '../billing/bill-composer';
import type { RateVersionRow, StoredRates } from '../plans/plans.repository';
import { engineRules, hasRules } from './rate-rules';

/**
 * How one bill's usage is rated under rate rules and rate versions (issue #18). Pure: the billing run and a draft's
 * refresh read the versions and sessions, this decides.
 *
 * - The versions in force for the customer over the bill (libs/billing versionsInForce): a dated version from the first
 *   instant of its day in the customer's zone; an undated one (version 1 too) from the start, so it rates every period
 *   not billed yet (billed ones are never rated again; a draft refreshed afterwards is, with it).
 * - Classic bills (`rateBill`, as before rate rules): one version over the whole period and no rules; the association
 *   is rated with that version's rates. Prepaid customers (issue #17) always are, with the version in force at the
 *   period's start (prepaid plans take no rate rules; a dated change applies to them from the next period).
 * - Otherwise the bill is ruled (`rateRuledBill`): the sessions' start, end and type are read, each part of the period
 *   is rated with its version, the customer's own business hours and holidays (else the version's) in its time zone.
 */

/** The versions of one customer's plan, as stored (version 1 from the plan row when none are stored). */
export type PlanVersions = readonly RateVersionRow[];

const ratesOfAssociation = (a: DueAssociation): StoredRates => ({
  ...a.rateRules,
  billingType: a.billingType,
  sessionRateMinor: a.sessionRateMinor,
  hourRateMinor: a.hourRateMinor,
  unattendedDeviceRateMinor: a.unattendedDeviceRateMinor,
  billingIncrementMinutes: a.billingIncrementMinutes,
  minimumBillableMinutes: a.minimumBillableMinutes,
});

/** The association as billed under one version's rates. */
export function withRates(a: DueAssociation, rates: StoredRates): DueAssociation {
  return {
    ...a,
    billingType: rates.billingType,
    sessionRateMinor: rates.sessionRateMinor,
    hourRateMinor: rates.hourRateMinor,
    unattendedDeviceRateMinor: rates.unattendedDeviceRateMinor,
    billingIncrementMinutes: rates.billingIncrementMinutes,
    minimumBillableMinutes: rates.minimumBillableMinutes,
    rateRules: rates,
  };
}

/** Whether a bill of the association may be ruled (its sessions' start, end and type are then read). */
export const mayBeRuled = (a: DueAssociation): boolean => !a.prepaid && (a.rateVersion > 1 || hasRules(a.rateRules));

export interface VersionInForce {
  number: number;
  rates: StoredRates;
  effectiveFrom: Date;
}

/** The versions in force for a bill of the association. */
export function versionsFor(a: DueAssociation, versions: PlanVersions | undefined): VersionInForce[] {
  if (!versions || versions.length === 0 || a.rateVersion === 1) {
    return [{ number: 1, rates: ratesOfAssociation(a), effectiveFrom: new Date(-8.64e15) }];
  }
  const effects: VersionEffect<StoredRates>[] = versions.map((v) => ({
    version: v.rates,
    number: v.version,
    // Undated (version 1 too): from the start, i.e. every period not billed yet (a billed one is never rated again).
    from: v.effectiveFrom ? startOfDay(v.effectiveFrom, a.timeZone).getTime() : null,
  }));
  return versionsInForce(effects).map((v) => ({ number: v.number, rates: v.version, effectiveFrom: v.effectiveFrom }));
}

/** Whether a bill over [start, end) with these versions is ruled: more than one version over it, or rules. */
export function isRuled(versions: readonly VersionInForce[], start: Date, end: Date): boolean {
  const over = versions.filter(
    (v, i) => v.effectiveFrom.getTime() < end.getTime() && (versions[i + 1]?.effectiveFrom.getTime() ?? Infinity) > start.getTime(),
  );
  return over.length > 1 || over.some((v) => hasRules(v.rates));
}

const planOf = (currency: string, r: StoredRates): PlanSnapshot => ({
  currency,
  billingType: r.billingType,
  sessionRateMinor: r.sessionRateMinor ?? 0,
  hourRateMinor: r.hourRateMinor ?? 0,
  unattendedDeviceRateMinor: r.unattendedDeviceRateMinor,
  billingIncrementMinutes: r.billingIncrementMinutes,
  minimumBillableMinutes: r.minimumBillableMinutes,
});

const DAY_LABEL = new Map<string, Intl.DateTimeFormat>();
function dayLabel(at: Date, timeZone: string): string {
  let f = DAY_LABEL.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone });
    DAY_LABEL.set(timeZone, f);
  }
  return f.format(at);
}

/** The sessions a ruled bill took, with start, end and type. */
export interface DetailedSessions {
  current: RatedSession[];
  late: RatedSession[];
}

/** What a ruled bill records of the versions it used (in planSnapshot.rateVersions). */
export interface UsedVersion {
  version: number;
  from: string;
  until: string;
}

/** The engine's versions for a customer: each version's prices with its calendar (its own, else the version's). */
function ruledVersions(a: DueAssociation, versions: readonly VersionInForce[], years: [number, number]): RuledVersion[] {
  return versions.map((v) => ({
    id: String(v.number),
    number: v.number,
    effectiveFrom: v.effectiveFrom,
    plan: planOf(a.currency, v.rates),
    rules: engineRules(v.rates, a.ownCalendar ?? v.rates, a.timeZone, years, v.rates.billingType),
  }));
}

/**
 * Decides how a slot is rated (before its sessions are taken): the versions in force over it, whether it is ruled
 * (then its sessions' details are read), and otherwise the association as billed under the version in force at its
 * period's start.
 */
export function prepareSlot(slot: Slot, versions: PlanVersions | undefined): void {
  const a = slot.association;
  const inForce = versionsFor(a, versions);
  const [from, until] = slot.kind === 'late_usage' ? [a.startsAt, slot.periodEnd] : [slot.periodStart, slot.periodEnd];
  const ruled = slot.kind !== 'block' && !a.prepaid && isRuled(inForce, from, until);
  slot.rating = { versions: inForce, ruled };
  slot.detail = ruled;
  if (!ruled && a.rateVersion > 1) slot.association = withRates(a, versionAt(inForce, slot.periodStart.getTime()).rates);
}

/** A prepared slot's lines when it is ruled (else undefined: rated as before), and the versions it used. */
export function slotLines(slot: Slot, used: TakenSessions, deviceCount: number): { lines: BillLine[] | undefined; used: UsedVersion[] } {
  const rating = slot.rating;
  if (!rating) return { lines: undefined, used: [] };
  if (!rating.ruled) {
    if (slot.kind === 'late_usage') return { lines: undefined, used: [] };
    const v = versionAt(rating.versions, slot.periodStart.getTime());
    return { lines: undefined, used: [{ version: v.number, from: slot.periodStart.toISOString(), until: slot.periodEnd.toISOString() }] };
  }
  if (slot.kind === 'late_usage') {
    const late = used.detail?.late ?? [];
    const fromYear = Math.min(slot.periodEnd.getUTCFullYear(), ...late.map((s) => s.startedAt.getUTCFullYear()));
    const ruled = ruledVersions(slot.association, rating.versions, [fromYear - 1, slot.periodEnd.getUTCFullYear() + 1]);
    const lines = rateLateSessions(ruled, late, (minor) => formatMoney(minor, slot.association.currency));
    return { lines, used: [] };
  }
  return ruledLines({
    association: slot.association,
    versions: rating.versions,
    periodStart: slot.periodStart,
    periodEnd: slot.periodEnd,
    proration: slot.proration,
    used,
    deviceCount,
  });
}

/** A ruled bill's lines and the versions its parts used. */
export function ruledLines(input: {
  association: DueAssociation;
  versions: readonly VersionInForce[];
  periodStart: Date;
  periodEnd: Date;
  proration: { coveredSeconds: number; periodSeconds: number } | null;
  used: TakenSessions;
  deviceCount: number;
}): { lines: BillLine[]; used: UsedVersion[] } {
  const a = input.association;
  const sessions = input.used.detail ?? { current: [], late: [] };
  let fromYear = input.periodStart.getUTCFullYear();
  for (const s of sessions.late) fromYear = Math.min(fromYear, s.startedAt.getUTCFullYear());
  const years: [number, number] = [fromYear - 1, input.periodEnd.getUTCFullYear() + 1];
  const ruled = ruledVersions(a, input.versions, years);
  const bill = rateRuledBill({
    versions: ruled,
    periodStart: input.periodStart,
    periodEnd: input.periodEnd,
    fullPeriodSeconds: input.proration?.periodSeconds ?? Math.floor((input.periodEnd.getTime() - input.periodStart.getTime()) / 1000),
    proration: input.proration,
    sessions: sessions.current,
    lateSessions: sessions.late,
    deviceCount: input.deviceCount,
    formatMoney: (minor) => formatMoney(minor, a.currency),
    partLabel: (part) => `From ${dayLabel(part.start, a.timeZone)}`,
  });
  return {
    lines: bill.lines,
    used: bill.parts.map((p) => ({ version: p.number, from: p.start.toISOString(), until: p.end.toISOString() })),
  };
}
