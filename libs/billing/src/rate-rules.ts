/**
 * Rate rules (issue #18, part 2): one billing period's sessions rated under a plan's rate rules — rate classes
 * (business hours / after hours / weekend / holiday, business-hours.ts), tiers, attended vs unattended rates and a
 * minimum commitment. Pure: `rateWithRules` rates the sessions it is given with the rules it is given, so a caller
 * can rate one sub-range of a period with one rate version and the next sub-range with another (`unitsBefore` /
 * `unitsAfter` carry the tier count across the parts).
 *
 * Units: billable SECONDS for per_hour plans, SESSIONS for per_session plans (as prepaid.ts).
 *
 * Rules:
 * 1. per_hour: a session's billable seconds are `billableSeconds(durationSeconds, plan)` (minimum and increment on
 *    the whole session; the stored `durationSeconds`, not end − start). They are split by class at the boundaries
 *    of [startedAt, endedAt) (`splitByClass`); the seconds the minimum and increment add, and any difference between
 *    `durationSeconds` and splitByClass's seconds, go to the class the session ENDS in (its last piece's class; a
 *    session with no piece, startedAt = endedAt, ends in the class of its start). When the pieces hold MORE seconds
 *    than are billable (a stored duration shorter than end − start), the excess is taken off the end of the session,
 *    last piece first, so no class goes below 0. per_session: a session is 1 unit in the class of its start
 *    (`classOfStart`). Without `classes` everything is 'business' and nothing is split.
 * 2. Order: sessions by startedAt, then endedAt, then durationSeconds, then attended before unattended (sessions
 *    equal in all four are interchangeable, so shuffled input gives the same result); within a session its pieces in
 *    time order, the extra seconds last. Tiers count the units of every class and both types in that order, starting
 *    after `unitsBefore`. A band covers the units (previous upTo, upTo]; the last band (upTo null) has no end.
 *    graduated: each unit is priced at the band it falls in; a piece straddling a band edge is split there, to the
 *    second. volume: every unit is priced at the band the period's total reaches, total = unitsBefore + these units +
 *    `unitsAfter` (a total exactly at a band's upTo stays in that band; a total of 0 is in the first band). Without
 *    tiers the base rate is the plan's hourRateMinor / sessionRateMinor.
 * 3. Unattended: when `unattendedRateMinor` is set, unattended units are priced at it (per hour or per session)
 *    instead of the plan's rate or their tier; they still count toward the tiers (tiers price attended units only).
 *    When it is not set, unattended units are priced exactly like attended ones, on lines of their own.
 * 4. Class rates: business is always the base rate ×1. A class with a `multiplier` (a decimal string > 0 with at most
 *    4 decimals, e.g. "1.5") multiplies its units' base rate (tier, plan or unattended); a class with a fixed
 *    `rateMinor` is priced at it instead of any base rate (tier, plan and unattended alike), its units still counting
 *    toward the tiers. A class left out of `rates` bills at business's rate ON the business lines (its seconds still
 *    count under its own class in `byClass`); a class given explicitly, even "1", has lines of its own.
 * 5. Lines: one per (class, type, price) group that has units, where price is the tier band, the plan's rate, the
 *    unattended rate or the class's fixed rate. Order: classes business, after_hours, weekend, holiday; attended
 *    before unattended; bands ascending. amount = roundHalfUp(units × base × multiplier / (3600 | 1)) in bigint with
 *    the multiplier as an exact fraction: ONE rounding per line, the multiplier applied once. unitAmountMinor is base ×
 *    multiplier rounded half up (display); quantity is hours rounded half up to 4 decimals (display) or sessions.
 *    A period without units has no line (the caller adds its zero usage line, as rating.ts does).
 * 6. Minimum commitment: when the usage lines' amounts add up to less than the commitment (prorated on a short period
 *    with `prorate`, half away from zero), the difference is the top-up, returned apart from the lines with its own
 *    line object (kind 'commitment' is the caller's). `commitmentTopUp` does the same for a period rated in parts.
 * 7. Pure and deterministic: the input is never changed; the same input gives the same output; money is exact and a
 *    result that is not a safe integer throws `AmountOutOfRangeError`. Invalid input throws a `RangeError` naming the
 *    field ('plan.hourRateMinor', 'rules.tiers.bands[1].upTo', 'sessions[3].endedAt', …).
 */
import { classOfStart, checkSchedule, RATE_CLASSES, splitByClass } from './business-hours';
import type { BusinessSchedule, RateClass } from './business-hours';
import { isCurrencyCode, roundHalfUp, toSafeNumber } from './money';
import { formatUnits } from './prepaid';
import { BILLING_TYPES, billableSeconds, prorate, USAGE_LINE } from './rating';
import type { BillLine, PlanSnapshot, Proration } from './rating';

/** The plan fields rating reads (a `PlanSnapshot` fits). */
export type RatingPlan = Pick<
  PlanSnapshot,
  'currency' | 'billingType' | 'hourRateMinor' | 'sessionRateMinor' | 'billingIncrementMinutes' | 'minimumBillableMinutes'
>;

/** The classes that may have a rate of their own (business is always the base rate ×1). */
export type SurchargeClass = Exclude<RateClass, 'business'>;

/** A class's rate: a multiplier of the base rate (decimal string > 0, at most 4 decimals) or a fixed rate. */
export type ClassRate = { multiplier: string } | { rateMinor: number };

export interface RateClassRules {
  schedule: BusinessSchedule;
  /** local 'YYYY-MM-DD' days in the schedule's zone */
  holidays: ReadonlySet<string>;
  rates: Partial<Record<SurchargeClass, ClassRate>>;
}

export interface TierBand {
  /** last unit of the band (seconds for per_hour, sessions for per_session); null for the last band only */
  upTo: number | null;
  /** per hour (per_hour) or per session (per_session) */
  rateMinor: number;
}

export interface Tiers {
  mode: 'graduated' | 'volume';
  /** upTo strictly increasing, the last null */
  bands: readonly TierBand[];
}

export interface RateRules {
  classes?: RateClassRules | null;
  tiers?: Tiers | null;
  /** base rate of unattended units, per hour or per session (null: as attended) */
  unattendedRateMinor?: number | null;
  /** per full period */
  minimumCommitmentMinor?: number | null;
}

export type SessionType = 'attended' | 'unattended';

export interface RatedSession {
  startedAt: Date;
  endedAt: Date;
  /** as stored, whole seconds */
  durationSeconds: number;
  type: SessionType;
}

export interface RateRulesInput {
  plan: RatingPlan;
  rules: RateRules;
  sessions: readonly RatedSession[];
  /** units already counted toward the tiers in this period by earlier parts (default 0) */
  unitsBefore?: number;
  /** units later parts of this period will count (volume tiers only; default 0) */
  unitsAfter?: number;
  /** set on a short period: the commitment is prorated by it */
  proration?: Proration | null;
  /** money in line texts, e.g. (minor) => formatMoney(minor, plan.currency) */
  formatMoney: (minor: number) => string;
}

/** A usage line: a `BillLine` plus what it was priced from. */
export interface UsageLine extends BillLine {
  kind: 'hours' | 'sessions';
  unit: 'hour' | 'session';
  /** the line's class (a class without a rate of its own is on the business lines) */
  class: RateClass;
  sessionType: SessionType;
  /** exact units of the line: billable seconds (per_hour) or sessions */
  units: number;
  /** the rate before the class multiplier (band, plan, unattended or the class's fixed rate) */
  baseRateMinor: number;
  /** normalised multiplier ("1.5"), null for ×1 and fixed rates */
  multiplier: string | null;
  /** index of the tier band that priced the line, null when no band did */
  band: number | null;
}

/** The minimum commitment's top-up line (its kind, 'commitment', is added by the caller). */
export interface CommitmentLine {
  description: string;
  amountMinor: number;
}

export interface CommitmentTopUp {
  topUpMinor: number;
  line: CommitmentLine | null;
}

export interface RatedUsage {
  lines: UsageLine[];
  /** total units of these sessions */
  units: number;
  /** units per class the sessions fell in */
  byClass: Record<RateClass, number>;
  commitment: CommitmentTopUp;
}

const SURCHARGE_CLASSES: readonly SurchargeClass[] = ['after_hours', 'weekend', 'holiday'];
const CLASS_LABEL: Readonly<Record<RateClass, string>> = {
  business: 'business hours',
  after_hours: 'after hours',
  weekend: 'weekend',
  holiday: 'holiday',
};
const MULTIPLIER_PATTERN = /^(\d+)(?:\.(\d{1,4}))?$/;
const MULTIPLIER_SCALE = 10_000n;

function count(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${field} must be a whole number >= 0, got ${String(value)}`);
  }
  return value;
}

function optionalCount(value: number | null | undefined, field: string): number | null {
  return value === null || value === undefined ? null : count(value, field);
}

function checkPlan(plan: RatingPlan): void {
  if (typeof plan !== 'object' || plan === null) throw new RangeError('plan must be an object');
  if (!isCurrencyCode(plan.currency)) throw new RangeError(`plan.currency: unknown currency ${String(plan.currency)}`);
  if (!(BILLING_TYPES as readonly string[]).includes(plan.billingType)) {
    throw new RangeError(`plan.billingType: unknown billing type ${String(plan.billingType)}`);
  }
  count(plan.hourRateMinor, 'plan.hourRateMinor');
  count(plan.sessionRateMinor, 'plan.sessionRateMinor');
  count(plan.billingIncrementMinutes, 'plan.billingIncrementMinutes');
  count(plan.minimumBillableMinutes, 'plan.minimumBillableMinutes');
}

/** A class's price, resolved once per call. */
interface Price {
  /** fixed rate (replaces any base rate), or null */
  fixed: number | null;
  /** multiplier as num / 10^4 */
  num: bigint;
  /** normalised text, null when none (×1 or fixed) */
  text: string | null;
  /** the class has a rate of its own (lines of its own) */
  own: boolean;
}

const UNIT_PRICE: Price = { fixed: null, num: MULTIPLIER_SCALE, text: null, own: false };

function classPrice(rate: ClassRate | undefined, field: string): Price {
  if (rate === undefined) return UNIT_PRICE;
  if (typeof rate !== 'object' || rate === null) throw new RangeError(`${field} must be { multiplier } or { rateMinor }`);
  const hasMultiplier = 'multiplier' in rate;
  const hasRate = 'rateMinor' in rate;
  if (hasMultiplier === hasRate) throw new RangeError(`${field} must have exactly one of multiplier and rateMinor`);
  if (hasRate) return { fixed: count(rate.rateMinor, `${field}.rateMinor`), num: MULTIPLIER_SCALE, text: null, own: true };
  const text = rate.multiplier;
  const match = typeof text === 'string' ? MULTIPLIER_PATTERN.exec(text) : null;
  if (!match) throw new RangeError(`${field}.multiplier must be a decimal string with at most 4 decimals, got ${String(text)}`);
  const [, whole, fraction = ''] = match;
  const num = BigInt(whole) * MULTIPLIER_SCALE + BigInt(fraction.padEnd(4, '0'));
  if (num === 0n) throw new RangeError(`${field}.multiplier must be > 0, got ${text}`);
  const trimmed = fraction.replace(/0+$/, '');
  return { fixed: null, num, text: `${BigInt(whole).toString()}${trimmed ? `.${trimmed}` : ''}`, own: true };
}

function checkTiers(tiers: Tiers): void {
  if (typeof tiers !== 'object' || tiers === null) throw new RangeError('rules.tiers must be an object { mode, bands }');
  if (tiers.mode !== 'graduated' && tiers.mode !== 'volume') {
    throw new RangeError(`rules.tiers.mode must be 'graduated' or 'volume', got ${String(tiers.mode)}`);
  }
  if (!Array.isArray(tiers.bands as unknown) || tiers.bands.length === 0)
    throw new RangeError('rules.tiers.bands must be a non-empty array');
  let previous = 0;
  tiers.bands.forEach((band, i) => {
    const field = `rules.tiers.bands[${i}]`;
    count(band.rateMinor, `${field}.rateMinor`);
    const last = i === tiers.bands.length - 1;
    if (last) {
      if (band.upTo !== null) throw new RangeError(`${field}.upTo must be null (the last band has no end), got ${String(band.upTo)}`);
      return;
    }
    if (band.upTo === null) throw new RangeError(`${field}.upTo: only the last band may be null`);
    if (count(band.upTo, `${field}.upTo`) <= previous) {
      throw new RangeError(`${field}.upTo must be greater than ${previous} (strictly increasing, above 0), got ${band.upTo}`);
    }
    previous = band.upTo;
  });
}

function checkSessions(sessions: readonly RatedSession[]): Float64Array {
  if (!Array.isArray(sessions as unknown)) throw new RangeError('sessions must be an array');
  const times = new Float64Array(sessions.length * 2);
  for (let i = 0; i < sessions.length; i++) {
    const s = sessions[i];
    const start = s.startedAt instanceof Date ? s.startedAt.getTime() : NaN;
    const end = s.endedAt instanceof Date ? s.endedAt.getTime() : NaN;
    if (Number.isNaN(start)) throw new RangeError(`sessions[${i}].startedAt must be a valid Date`);
    if (Number.isNaN(end)) throw new RangeError(`sessions[${i}].endedAt must be a valid Date`);
    if (end < start) throw new RangeError(`sessions[${i}].endedAt must not be before startedAt`);
    count(s.durationSeconds, `sessions[${i}].durationSeconds`);
    if (s.type !== 'attended' && s.type !== 'unattended') {
      throw new RangeError(`sessions[${i}].type must be 'attended' or 'unattended', got ${String(s.type)}`);
    }
    times[2 * i] = start;
    times[2 * i + 1] = end;
  }
  return times;
}

/** Session indexes in rating order (rule 2). */
function ratingOrder(sessions: readonly RatedSession[], times: Float64Array): Uint32Array {
  const order = new Uint32Array(sessions.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  return order.sort(
    (a, b) =>
      times[2 * a] - times[2 * b] ||
      times[2 * a + 1] - times[2 * b + 1] ||
      sessions[a].durationSeconds - sessions[b].durationSeconds ||
      (sessions[a].type === sessions[b].type ? 0 : sessions[a].type === 'attended' ? -1 : 1),
  );
}

const classIndex = (c: RateClass): number => (c === 'business' ? 0 : c === 'after_hours' ? 1 : c === 'weekend' ? 2 : 3);

/**
 * Rates a period's (or a part of a period's) sessions under a plan's rate rules: usage lines, units per class and the
 * minimum commitment's top-up (rules in the module header).
 */
export function rateWithRules(input: RateRulesInput): RatedUsage {
  const { plan, rules, sessions } = input;
  checkPlan(plan);
  if (typeof rules !== 'object' || rules === null) throw new RangeError('rules must be an object');
  if (typeof input.formatMoney !== 'function') throw new RangeError('formatMoney must be a function');
  const unitsBefore = count(input.unitsBefore ?? 0, 'unitsBefore');
  const unitsAfter = count(input.unitsAfter ?? 0, 'unitsAfter');
  const unattendedRate = optionalCount(rules.unattendedRateMinor, 'rules.unattendedRateMinor');
  const commitmentMinor = optionalCount(rules.minimumCommitmentMinor, 'rules.minimumCommitmentMinor');
  const tiers = rules.tiers ?? null;
  if (tiers) checkTiers(tiers);
  const classes = rules.classes ?? null;
  const prices: Price[] = [UNIT_PRICE, UNIT_PRICE, UNIT_PRICE, UNIT_PRICE];
  if (classes) {
    if (typeof classes !== 'object') throw new RangeError('rules.classes must be an object { schedule, holidays, rates }');
    const problem = checkSchedule(classes.schedule);
    if (problem !== null) throw new RangeError(`rules.classes.schedule: ${problem}`);
    if (typeof (classes.holidays as { has?: unknown } | null)?.has !== 'function') {
      throw new RangeError("rules.classes.holidays must be a set of local dates 'YYYY-MM-DD'");
    }
    const rates: unknown = classes.rates;
    if (typeof rates !== 'object' || rates === null) throw new RangeError('rules.classes.rates must be an object');
    for (const key of Object.keys(rates)) {
      if (!(SURCHARGE_CLASSES as readonly string[]).includes(key)) {
        throw new RangeError(`rules.classes.rates.${key}: not a class with a rate of its own (after_hours, weekend, holiday)`);
      }
    }
    for (const c of SURCHARGE_CLASSES) prices[classIndex(c)] = classPrice(classes.rates[c], `rules.classes.rates.${c}`);
  }
  const times = checkSessions(sessions);
  const perHour = plan.billingType === 'per_hour';
  const planRate = perHour ? plan.hourRateMinor : plan.sessionRateMinor;

  // Slots of a (line class, type): 0 … bands − 1 the tier bands (graduated; volume uses slot 0 and resolves the band at
  // the end), then the plan's rate, the unattended rate, the class's fixed rate.
  const bands = tiers?.bands ?? [];
  const graduated = tiers?.mode === 'graduated';
  const bandCount = bands.length;
  const PLAN = bandCount;
  const UNATTENDED = bandCount + 1;
  const FIXED = bandCount + 2;
  const slots = bandCount + 3;
  const groups = new Float64Array(4 * 2 * slots); // units per (line class, type, slot), exact below 2^53
  const byClass = [0, 0, 0, 0];
  let position = unitsBefore; // units counted toward the tiers so far
  let band = 0; // graduated: the band holding `position`
  const bandEnd = (i: number) => bands[i].upTo ?? Infinity;
  while (graduated && position >= bandEnd(band)) band++;

  const add = (cls: number, attended: boolean, units: number) => {
    if (units <= 0) return;
    byClass[cls] += units;
    const price = prices[cls];
    const line = price.own ? cls : 0;
    const base = (line * 2 + (attended ? 0 : 1)) * slots;
    if (price.fixed !== null) groups[base + FIXED] += units;
    else if (!attended && unattendedRate !== null) groups[base + UNATTENDED] += units;
    else if (!tiers) groups[base + PLAN] += units;
    else if (!graduated) groups[base] += units;
    else {
      // graduated: split at band edges
      let left = units;
      let at = position;
      while (left > 0) {
        while (at >= bandEnd(band)) band++;
        const take = Math.min(left, bandEnd(band) - at);
        groups[base + band] += take;
        at += take;
        left -= take;
      }
    }
    position += units;
    if (!Number.isSafeInteger(position)) throw new RangeError('units of the period must be a safe integer');
  };

  const order = ratingOrder(sessions, times);
  for (let k = 0; k < order.length; k++) {
    const s = sessions[order[k]];
    const attended = s.type === 'attended';
    if (!perHour) {
      add(classes ? classIndex(classOfStart(s.startedAt, classes.schedule, classes.holidays)) : 0, attended, 1);
      continue;
    }
    const billable = billableSeconds(s.durationSeconds, plan);
    if (!classes) {
      add(0, attended, billable);
      continue;
    }
    const pieces = splitByClass(s.startedAt, s.endedAt, classes.schedule, classes.holidays);
    let left = billable;
    for (const piece of pieces) {
      const take = Math.min(left, piece.seconds);
      add(classIndex(piece.class), attended, take);
      left -= take;
    }
    if (left > 0) {
      const endClass = pieces.length > 0 ? pieces[pieces.length - 1].class : classOfStart(s.startedAt, classes.schedule, classes.holidays);
      add(classIndex(endClass), attended, left);
    }
  }

  let volumeBand = 0;
  if (tiers && !graduated) {
    const total = position + unitsAfter;
    if (!Number.isSafeInteger(total)) throw new RangeError('units of the period must be a safe integer');
    while (total > bandEnd(volumeBand)) volumeBand++;
  }

  const lines: UsageLine[] = [];
  let usageMinor = 0n;
  for (let line = 0; line < 4; line++) {
    const cls = RATE_CLASSES[line];
    const price = prices[line];
    for (let t = 0; t < 2; t++) {
      for (let slot = 0; slot < slots; slot++) {
        const units = groups[(line * 2 + t) * slots + slot];
        if (units === 0) continue;
        let bandIndex: number | null = null;
        let baseRate: number;
        if (slot === FIXED) baseRate = price.fixed!;
        else if (slot === UNATTENDED) baseRate = unattendedRate!;
        else if (slot === PLAN) baseRate = planRate;
        else {
          bandIndex = graduated ? slot : volumeBand;
          baseRate = bands[bandIndex].rateMinor;
        }
        const product = BigInt(baseRate) * price.num;
        const amount = toSafeNumber(roundHalfUp(BigInt(units) * product, MULTIPLIER_SCALE * (perHour ? 3600n : 1n)), 'line amount');
        usageMinor += BigInt(amount);
        const unitAmount = toSafeNumber(roundHalfUp(product, MULTIPLIER_SCALE), 'unit amount');
        const sessionType: SessionType = t === 0 ? 'attended' : 'unattended';
        lines.push({
          kind: perHour ? 'hours' : 'sessions',
          description: describe({
            perHour,
            classes: classes !== null,
            cls,
            price,
            sessionType,
            unattendedRate: slot === UNATTENDED ? unattendedRate : null,
            band: bandIndex === null ? null : { index: bandIndex, bands, volume: !graduated },
            units,
            formatMoney: input.formatMoney,
          }),
          quantity: perHour ? toSafeNumber(roundHalfUp(BigInt(units) * 10_000n, 3600n), 'hours') / 10_000 : units,
          unit: perHour ? 'hour' : 'session',
          unitAmountMinor: unitAmount,
          amountMinor: amount,
          class: cls,
          sessionType,
          units,
          baseRateMinor: baseRate,
          multiplier: price.text,
          band: bandIndex,
        });
      }
    }
  }

  return {
    lines,
    units: position - unitsBefore,
    byClass: { business: byClass[0], after_hours: byClass[1], weekend: byClass[2], holiday: byClass[3] },
    commitment: commitmentTopUp(toSafeNumber(usageMinor, 'usage'), commitmentMinor, input.proration, input.formatMoney),
  };
}

/** "10 h", "1 h 30 min" (an edge of a band of seconds). */
const hoursEdge = (seconds: number) => (seconds % 3600 === 0 ? `${seconds / 3600} h` : formatUnits(seconds, 'seconds'));

/** "0–10 h", "10 h 30 min–20 h", "over 20 h"; "sessions 1–10", "session 11", "sessions 11 and up". */
function bandRange(bands: readonly TierBand[], index: number, perHour: boolean): string {
  const from = index === 0 ? 0 : bands[index - 1].upTo!;
  const to = bands[index].upTo;
  if (perHour) {
    if (to === null) return `over ${hoursEdge(from)}`;
    if (from % 3600 === 0 && to % 3600 === 0) return `${from / 3600}–${to / 3600} h`;
    return `${hoursEdge(from)}–${hoursEdge(to)}`;
  }
  if (to === null) return `sessions ${from + 1} and up`;
  return to === from + 1 ? `session ${to}` : `sessions ${from + 1}–${to}`;
}

/**
 * "Session hours — after hours (×1.5): 2 h 15 min", "Session hours — business hours, 0–10 h at €80.00/h: 10 h 0 min",
 * "Remote sessions — weekend (×2), unattended at €5.00 per session: 3 sessions"; without classes no class part.
 */
function describe(d: {
  perHour: boolean;
  classes: boolean;
  cls: RateClass;
  price: Price;
  sessionType: SessionType;
  unattendedRate: number | null;
  band: { index: number; bands: readonly TierBand[]; volume: boolean } | null;
  units: number;
  formatMoney: (minor: number) => string;
}): string {
  const per = (minor: number) => `${d.formatMoney(minor)}${d.perHour ? '/h' : ' per session'}`;
  let text = USAGE_LINE[d.perHour ? 'per_hour' : 'per_session'].description;
  if (d.classes) {
    text += ` — ${CLASS_LABEL[d.cls]}`;
    if (d.price.fixed !== null) text += ` (${per(d.price.fixed)})`;
    else if (d.price.text !== null) text += ` (×${d.price.text})`;
  }
  if (d.band) {
    const range = bandRange(d.band.bands, d.band.index, d.perHour);
    const rate = per(d.band.bands[d.band.index].rateMinor);
    text += d.band.volume ? `, volume tier ${range} at ${rate}` : `, ${range} at ${rate}`;
  }
  if (d.sessionType === 'unattended') text += d.unattendedRate === null ? ', unattended' : `, unattended at ${per(d.unattendedRate)}`;
  return `${text}: ${formatUnits(d.units, d.perHour ? 'seconds' : 'sessions')}`;
}

/**
 * The minimum commitment's top-up for usage amounting to `usageMinor`: commitment (prorated on a short period,
 * half away from zero) − usage when positive, else 0 and no line. Null, undefined or 0 commitment: none.
 * `rateWithRules` calls it with its own lines' sum; a caller rating a period in parts calls it with the parts' sum.
 */
export function commitmentTopUp(
  usageMinor: number,
  commitmentMinor: number | null | undefined,
  proration: Proration | null | undefined,
  formatMoney: (minor: number) => string,
): CommitmentTopUp {
  count(usageMinor, 'usageMinor');
  const commitment = optionalCount(commitmentMinor, 'rules.minimumCommitmentMinor');
  if (!commitment) return { topUpMinor: 0, line: null };
  const due = prorate(commitment, proration);
  if (usageMinor >= due) return { topUpMinor: 0, line: null };
  const topUp = due - usageMinor;
  const short = !!proration && proration.coveredSeconds < proration.periodSeconds;
  const prorated = short ? `, ${formatMoney(due)} for the part of the period covered` : '';
  return {
    topUpMinor: topUp,
    line: { description: `Minimum commitment (${formatMoney(commitment)} a period${prorated}): top-up`, amountMinor: topUp },
  };
}
