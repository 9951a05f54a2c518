/**
 * Rate versions (issue #18, part 4): a plan's rates and rules change from an effective instant; a period that
 * straddles one is billed per part, each part with the version in force over it. Pure; the caller stores the versions.
 *
 * Rules:
 * - The version in force at an instant is the one with the latest `effectiveFrom` at or before it; a period starting
 *   before every version uses the earliest (a plan always has one). Parts are [max(periodStart, effectiveFrom),
 *   min(periodEnd, next effectiveFrom)), in order; a version whose part would be empty is not a part.
 * - A session belongs to the part in which it starts, and is rated wholly by that part's version (its classes, its
 *   increment and minimum), so no session is ever split between versions.
 * - Tiers run across the parts of one period: a graduated part starts counting after the units of the parts before it
 *   (`unitsBefore`), each part priced with its own version's bands; a volume part is priced at the band its own
 *   version's bands give the PERIOD's total (the units of every part). Units are known before pricing (billable
 *   seconds or sessions of each part's sessions under its version), so no part is rated twice.
 * - The minimum commitment is each version's commitment for the share of the period its part covers (seconds of the
 *   part over seconds of the full period; on a short period the parts cover less, which prorates it), added exactly and
 *   rounded once, half away from zero; it tops up the usage of all parts together.
 * - Lines keep their order: the parts in time order, each part's lines as `rateWithRules` orders them. With more than
 *   one part, each line's description starts with its part's label (`partLabel`, e.g. "From 15 Mar 2026").
 */
import { roundHalfUp, toSafeNumber } from './money';
import { billableSeconds } from './rating';
import { commitmentTopUp, rateWithRules } from './rate-rules';
import type { CommitmentTopUp, RatedSession, RateRules, RatingPlan, UsageLine } from './rate-rules';

export interface RateVersion {
  id: string;
  effectiveFrom: Date;
  plan: RatingPlan;
  rules: RateRules;
}

export interface VersionPart {
  version: RateVersion;
  start: Date;
  end: Date;
}

/** The parts of [periodStart, periodEnd) and the version in force over each (rules above). */
export function versionParts(periodStart: Date, periodEnd: Date, versions: readonly RateVersion[]): VersionPart[] {
  if (versions.length === 0) throw new RangeError('versions: a plan has at least one rate version');
  const from = periodStart.getTime();
  const to = periodEnd.getTime();
  if (!(from < to)) throw new RangeError('periodEnd must be after periodStart');
  const sorted = [...versions].sort((a, b) => a.effectiveFrom.getTime() - b.effectiveFrom.getTime() || (a.id < b.id ? -1 : 1));
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i].effectiveFrom.getTime() === sorted[i - 1].effectiveFrom.getTime()) {
      throw new RangeError(`versions: ${sorted[i - 1].id} and ${sorted[i].id} take effect at the same instant`);
    }
  }
  const parts: VersionPart[] = [];
  sorted.forEach((version, i) => {
    const start = i === 0 ? from : Math.max(from, version.effectiveFrom.getTime());
    const next = sorted[i + 1]?.effectiveFrom.getTime() ?? Infinity;
    const end = Math.min(to, next);
    if (start < end) parts.push({ version, start: new Date(start), end: new Date(end) });
  });
  return parts;
}

export interface VersionedPeriodInput {
  versions: readonly RateVersion[];
  periodStart: Date;
  /** the end of what the bill covers (a short last period ends early) */
  periodEnd: Date;
  /** seconds of the full period (the commitment's share of a part is its seconds over these) */
  fullPeriodSeconds: number;
  sessions: readonly RatedSession[];
  formatMoney: (minor: number) => string;
  /** the label a part's lines start with when there is more than one part */
  partLabel: (part: VersionPart) => string;
}

export interface VersionedUsage {
  lines: UsageLine[];
  parts: { versionId: string; start: Date; end: Date; units: number }[];
  commitment: CommitmentTopUp;
}

function unitsOf(plan: RatingPlan, sessions: readonly RatedSession[]): number {
  if (plan.billingType === 'per_session') return sessions.length;
  return sessions.reduce((sum, s) => sum + billableSeconds(s.durationSeconds, plan), 0);
}

/** A period's usage rated per version part (rules above). */
export function rateVersionedPeriod(input: VersionedPeriodInput): VersionedUsage {
  const parts = versionParts(input.periodStart, input.periodEnd, input.versions);
  const fullSeconds = input.fullPeriodSeconds;
  if (!Number.isSafeInteger(fullSeconds) || fullSeconds <= 0) throw new RangeError('fullPeriodSeconds must be a whole number > 0');
  const sessionsOf = parts.map((part) =>
    input.sessions.filter((s) => s.startedAt.getTime() >= part.start.getTime() && s.startedAt.getTime() < part.end.getTime()),
  );
  // Sessions before the first part or after the last (the caller's range is the bill's) go to the nearest part.
  input.sessions.forEach((s) => {
    const t = s.startedAt.getTime();
    if (t < parts[0].start.getTime()) sessionsOf[0].push(s);
    else if (t >= parts[parts.length - 1].end.getTime()) sessionsOf[parts.length - 1].push(s);
  });
  const units = parts.map((part, i) => unitsOf(part.version.plan, sessionsOf[i]));
  const total = units.reduce((a, b) => a + b, 0);
  const lines: UsageLine[] = [];
  let before = 0;
  let usage = 0;
  // The commitment: each version's, for its part's share of the full period, summed exactly (numerator over fullSeconds).
  let commitmentNumerator = 0n;
  let anyCommitment = false;
  parts.forEach((part, i) => {
    const rated = rateWithRules({
      plan: part.version.plan,
      rules: { ...part.version.rules, minimumCommitmentMinor: null },
      sessions: sessionsOf[i],
      unitsBefore: before,
      unitsAfter: total - before - units[i],
      formatMoney: input.formatMoney,
    });
    const label = parts.length > 1 ? `${input.partLabel(part)}: ` : '';
    for (const line of rated.lines) lines.push({ ...line, description: `${label}${line.description}` });
    usage += rated.lines.reduce((sum, l) => sum + l.amountMinor, 0);
    before += units[i];
    const commitment = part.version.rules.minimumCommitmentMinor ?? 0;
    if (commitment > 0) anyCommitment = true;
    const seconds = Math.floor((part.end.getTime() - part.start.getTime()) / 1000);
    commitmentNumerator += BigInt(commitment) * BigInt(seconds);
  });
  const due = anyCommitment ? toSafeNumber(roundHalfUp(commitmentNumerator, BigInt(fullSeconds)), 'commitment') : 0;
  const whole = parts.length === 1 && Math.floor((parts[0].end.getTime() - parts[0].start.getTime()) / 1000) === fullSeconds;
  // One version over the whole period: its own wording ("€500.00 a period"); otherwise what this period owes.
  const commitment = whole
    ? commitmentTopUp(usage, parts[0].version.rules.minimumCommitmentMinor ?? null, null, input.formatMoney)
    : usage < due
      ? {
          topUpMinor: due - usage,
          line: { description: `Minimum commitment (${input.formatMoney(due)} for this period): top-up`, amountMinor: due - usage },
        }
      : { topUpMinor: 0, line: null };
  return {
    lines,
    parts: parts.map((part, i) => ({ versionId: part.version.id, start: part.start, end: part.end, units: units[i] })),
    commitment,
  };
}
