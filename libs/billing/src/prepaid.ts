/**
 * Prepaid hours (issue #17): what a period's usage draws from the customer's retainer, rolled-over retainer hours
 * and prepaid blocks, and what is left as overage. Pure: the ledger (apps/api) stores what this decides.
 *
 * Units: billable SECONDS for per_hour plans (after each session's minimum and increment, `billableSeconds`), whole
 * SESSIONS for per_session plans. Every quantity is a safe integer >= 0; draws are exact to the unit.
 *
 * Rules:
 * - Order of drawing: this period's retainer first, then rolled-over retainer units oldest first (by the period they
 *   came from), then blocks by earliest expiry (a block without expiry last; ties by purchase, then id). A block
 *   marked "usable once paid" is skipped until it is paid. A block is available to a period when it was bought before
 *   the period ended and had not expired when the period started.
 * - The retainer of a period is `includedPerPeriod`, prorated on a short period by the seconds covered (half away
 *   from zero, like every fixed per-period charge).
 * - Rolled units expire after `rolloverPeriods` periods: units from period p can be drawn in periods p+1 … p+M and
 *   expire when period p+M+1 is billed (before it draws). Unused units of this period's retainer roll over, as far as
 *   the rolled balance stays within `rolloverCap` (what exceeds it lapses). Without a retainer nothing rolls.
 * - What no source covers is overage (billed at the plan's hour or session rate, or the retainer's overage rate).
 * - A balance never goes below 0: a draw takes at most what the source has left.
 * - Late usage (sessions of an earlier period that arrived after its bill) draws from what was available to THEIR
 *   period and still has units left now (`drawLate`): that period's own unused retainer (rolled over from it), the units
 *   rolled into it, its blocks; never a later period's retainer, a block bought after it or one expired before it;
 *   what is not covered is overage.
 */
import { assertSafeInteger, roundHalfUp, toSafeNumber } from './money';
import { assertPlanSnapshot, billableSeconds, rateDevices, USAGE_LINE } from './rating';
import type { BillingType, BillLine, PlanSnapshot, Proration } from './rating';

/** A plan's (or an association's own) retainer: included units per period at a fixed fee. */
export interface Retainer {
  /** seconds (per_hour) or sessions (per_session) included in each full period */
  includedPerPeriod: number;
  /** the most units that may stand rolled over at once (0: nothing rolls) */
  rolloverCap: number;
  /** how many later periods rolled units may be drawn in (0: nothing rolls) */
  rolloverPeriods: number;
}

/** Units rolled over from one period's retainer. */
export interface RolledUnits {
  /** the period index they came from */
  fromPeriod: number;
  remaining: number;
}

/** A prepaid block as the drawdown sees it. */
export interface BlockBalance {
  id: string;
  remaining: number;
  purchasedAt: Date;
  /** null: never expires */
  expiresAt: Date | null;
  /** false while it waits for its payment ("usable once paid") */
  usable: boolean;
}

/** One draw from one source. */
export interface Draw {
  source: 'retainer' | 'rollover' | 'block';
  /** the block's id, or the period index the rolled units came from (as text); the retainer: the period's own index */
  sourceId: string;
  quantity: number;
  /** what the source has left after the draw */
  remainingAfter: number;
}

/** What a period's bill does to the balances. */
export interface Drawdown {
  /** this period's retainer, prorated (0 without a retainer) */
  retainerGranted: number;
  /** rolled units that expired before this period drew, oldest first */
  expired: RolledUnits[];
  draws: Draw[];
  /** units no source covered */
  overage: number;
  /** unused retainer units that roll over from this period (0 when nothing rolls) */
  rolledOver: number;
  /** unused retainer units that lapse (above the cap, or nothing rolls) */
  lapsed: number;
}

export interface DrawdownInput {
  /** billable units of the period's sessions */
  demand: number;
  periodIndex: number;
  periodStart: Date;
  periodEnd: Date;
  /** set on a short period: the retainer is prorated by it */
  proration?: Proration | null;
  retainer?: Retainer | null;
  rolled: readonly RolledUnits[];
  blocks: readonly BlockBalance[];
}

function quantity(value: number, name: string): void {
  assertSafeInteger(value, name);
  if (value < 0) throw new RangeError(`${name} must be >= 0, got ${value}`);
}

/** The retainer units of a period: included per period, prorated on a short one (half away from zero). */
export function retainerUnits(retainer: Retainer | null | undefined, proration?: Proration | null): number {
  if (!retainer) return 0;
  quantity(retainer.includedPerPeriod, 'includedPerPeriod');
  if (!proration || proration.coveredSeconds === proration.periodSeconds) return retainer.includedPerPeriod;
  return toSafeNumber(roundHalfUp(BigInt(retainer.includedPerPeriod) * BigInt(proration.coveredSeconds), BigInt(proration.periodSeconds)));
}

/** Blocks in drawing order (earliest expiry first, none last; then purchase, then id), usable and available ones only. */
export function drawableBlocks(blocks: readonly BlockBalance[], periodStart: Date, periodEnd: Date): BlockBalance[] {
  return blocks
    .filter((b) => b.usable && b.remaining > 0 && b.purchasedAt < periodEnd && (b.expiresAt === null || b.expiresAt > periodStart))
    .sort(
      (a, b) =>
        (a.expiresAt?.getTime() ?? Infinity) - (b.expiresAt?.getTime() ?? Infinity) ||
        a.purchasedAt.getTime() - b.purchasedAt.getTime() ||
        (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    );
}

/** Takes `demand` from the sources in order; answers the draws and what is left. */
function take(demand: number, sources: { source: Draw['source']; sourceId: string; remaining: number }[]): { draws: Draw[]; left: number } {
  const draws: Draw[] = [];
  let left = demand;
  for (const s of sources) {
    if (left === 0) break;
    const q = Math.min(left, s.remaining);
    if (q === 0) continue;
    draws.push({ source: s.source, sourceId: s.sourceId, quantity: q, remainingAfter: s.remaining - q });
    left -= q;
  }
  return { draws, left };
}

/** A period's drawdown (see the rules above). */
export function drawdown(input: DrawdownInput): Drawdown {
  const { demand, periodIndex, retainer } = input;
  quantity(demand, 'demand');
  for (const r of input.rolled) quantity(r.remaining, 'rolled.remaining');
  for (const b of input.blocks) quantity(b.remaining, 'block.remaining');
  const granted = retainerUnits(retainer, input.proration);
  const keep = retainer?.rolloverPeriods ?? 0;
  const expired = input.rolled.filter((r) => r.remaining > 0 && r.fromPeriod + keep < periodIndex);
  const rolled = input.rolled
    .filter((r) => r.remaining > 0 && r.fromPeriod + keep >= periodIndex && r.fromPeriod < periodIndex)
    .sort((a, b) => a.fromPeriod - b.fromPeriod);
  const { draws, left } = take(demand, [
    ...(granted > 0 ? [{ source: 'retainer' as const, sourceId: String(periodIndex), remaining: granted }] : []),
    ...rolled.map((r) => ({ source: 'rollover' as const, sourceId: String(r.fromPeriod), remaining: r.remaining })),
    ...drawableBlocks(input.blocks, input.periodStart, input.periodEnd).map((b) => ({
      source: 'block' as const,
      sourceId: b.id,
      remaining: b.remaining,
    })),
  ]);
  const usedOfRetainer = draws.find((d) => d.source === 'retainer')?.quantity ?? 0;
  const unused = granted - usedOfRetainer;
  const rolledAfter = rolled.reduce(
    (sum, r) => sum + (draws.find((d) => d.source === 'rollover' && d.sourceId === String(r.fromPeriod))?.remainingAfter ?? r.remaining),
    0,
  );
  const room = retainer && keep > 0 ? Math.max(0, retainer.rolloverCap - rolledAfter) : 0;
  const rolledOver = Math.min(unused, room);
  return { retainerGranted: granted, expired, draws, overage: left, rolledOver, lapsed: unused - rolledOver };
}

/**
 * Late usage of an earlier period p: drawn first from p's own unused retainer (the units that rolled over FROM p),
 * then from the units rolled into p (oldest first), then from the blocks available to p, as far as each still has
 * units now; never from a later period's retainer. The rest is overage. Nothing expires or rolls here.
 */
export function drawLate(input: {
  demand: number;
  /** the late sessions' own period */
  periodIndex: number;
  periodStart: Date;
  periodEnd: Date;
  retainer?: Retainer | null;
  rolled: readonly RolledUnits[];
  blocks: readonly BlockBalance[];
}): { draws: Draw[]; overage: number } {
  quantity(input.demand, 'demand');
  const keep = input.retainer?.rolloverPeriods ?? 0;
  const own = input.rolled.filter((r) => r.remaining > 0 && r.fromPeriod === input.periodIndex);
  const rolled = input.rolled
    .filter((r) => r.remaining > 0 && r.fromPeriod < input.periodIndex && r.fromPeriod + keep >= input.periodIndex)
    .sort((a, b) => a.fromPeriod - b.fromPeriod);
  const { draws, left } = take(input.demand, [
    ...own.map((r) => ({ source: 'rollover' as const, sourceId: String(r.fromPeriod), remaining: r.remaining })),
    ...rolled.map((r) => ({ source: 'rollover' as const, sourceId: String(r.fromPeriod), remaining: r.remaining })),
    ...drawableBlocks(input.blocks, input.periodStart, input.periodEnd).map((b) => ({
      source: 'block' as const,
      sourceId: b.id,
      remaining: b.remaining,
    })),
  ]);
  return { draws, overage: left };
}

/** "3 h 30 min", "45 min" (seconds shown when not whole minutes: "1 h 0 min 20 s"); "12 sessions". */
export function formatUnits(units: number, unit: 'seconds' | 'sessions'): string {
  quantity(units, 'units');
  if (unit === 'sessions') return `${units} session${units === 1 ? '' : 's'}`;
  const h = Math.floor(units / 3600);
  const m = Math.floor((units % 3600) / 60);
  const s = units % 60;
  return `${h ? `${h} h ` : ''}${m} min${s ? ` ${s} s` : ''}`;
}

/** How prepaid lines are priced and named. */
export interface PrepaidPricing {
  unit: 'seconds' | 'sessions';
  /** ISO 4217: the amounts named in line texts are in it */
  currency: string;
  /** the plan's hour rate (seconds) or session rate (sessions), in minor units */
  rateMinor: number;
  /** the overage rate, when it differs from the plan's rate */
  overageRateMinor?: number | null;
  /** the retainer's fee per full period (0 or absent: no fee line) */
  retainerFeeMinor?: number | null;
}

/** A bill line of prepaid usage. */
export interface PrepaidLine {
  kind: 'retainer' | 'prepaid' | 'overage';
  description: string;
  /** hours (4 decimals, display), sessions, or 1 (the retainer's period) */
  quantity: number;
  unit: 'hour' | 'session' | 'item';
  unitAmountMinor: number;
  amountMinor: number;
}

const hoursOf = (seconds: number) => toSafeNumber(roundHalfUp(BigInt(seconds) * 10_000n, 3600n), 'hours') / 10_000;

/** "block B-000012", "this period's retainer", "hours rolled over from period 4" (sessions: "sessions …"). */
function sourceName(d: Draw, unit: PrepaidPricing['unit'], blockLabel: (id: string) => string): string {
  if (d.source === 'block') return `block ${blockLabel(d.sourceId)}`;
  if (d.source === 'retainer') return "this period's retainer";
  return `${unit === 'seconds' ? 'hours' : 'sessions'} rolled over from period ${Number(d.sourceId) + 1}`;
}

/**
 * The lines of a period's prepaid usage: the retainer's fee (prorated on a short period, like every fixed charge), one
 * line per draw at 0 saying what was taken and what is left ("3 h 30 min from block B-000012 (6 h 30 min left)"), and
 * the overage at its rate ("Overage 1 h 15 min at 90.00 EUR/h"), rated once for the line, half away from zero.
 */
export function prepaidLines(
  d: Pick<Drawdown, 'draws' | 'overage' | 'retainerGranted'>,
  pricing: PrepaidPricing,
  options: {
    blockLabel?: (id: string) => string;
    proration?: Proration | null;
    withRetainer?: boolean;
    formatMoney: (minor: number) => string;
  },
): PrepaidLine[] {
  const lines: PrepaidLine[] = [];
  const label = options.blockLabel ?? ((id: string) => id);
  const fee = pricing.retainerFeeMinor ?? 0;
  if (options.withRetainer && (fee > 0 || d.retainerGranted > 0)) {
    const short = !!options.proration && options.proration.coveredSeconds < options.proration.periodSeconds;
    lines.push({
      kind: 'retainer',
      description: `Retainer: ${formatUnits(d.retainerGranted, pricing.unit)} included${short ? ' (prorated to the period covered)' : ''}`,
      quantity: 1,
      unit: 'item',
      unitAmountMinor: fee,
      amountMinor: prorateFee(fee, options.proration),
    });
  }
  const unit = pricing.unit === 'seconds' ? 'hour' : 'session';
  const count = (units: number) => (pricing.unit === 'seconds' ? hoursOf(units) : units);
  for (const draw of d.draws) {
    lines.push({
      kind: 'prepaid',
      description: `${formatUnits(draw.quantity, pricing.unit)} from ${sourceName(draw, pricing.unit, label)} (${draw.remainingAfter ? `${formatUnits(draw.remainingAfter, pricing.unit)} left` : 'none left'})`,
      quantity: count(draw.quantity),
      unit,
      unitAmountMinor: 0,
      amountMinor: 0,
    });
  }
  if (d.overage > 0) {
    const rate = pricing.overageRateMinor ?? pricing.rateMinor;
    assertSafeInteger(rate, 'rateMinor');
    const amount =
      pricing.unit === 'seconds'
        ? toSafeNumber(roundHalfUp(BigInt(d.overage) * BigInt(rate), 3600n))
        : toSafeNumber(BigInt(d.overage) * BigInt(rate));
    lines.push({
      kind: 'overage',
      description: `Overage ${formatUnits(d.overage, pricing.unit)} at ${options.formatMoney(rate)}${pricing.unit === 'seconds' ? '/h' : ' per session'}`,
      quantity: count(d.overage),
      unit,
      unitAmountMinor: rate,
      amountMinor: amount,
    });
  }
  return lines;
}

function prorateFee(fee: number, proration: Proration | null | undefined): number {
  assertSafeInteger(fee, 'retainerFeeMinor');
  if (!proration || proration.coveredSeconds === proration.periodSeconds) return fee;
  return toSafeNumber(roundHalfUp(BigInt(fee) * BigInt(proration.coveredSeconds), BigInt(proration.periodSeconds)));
}

/** The balances after a period's drawdown (what the ledger's entries of that bill add up to). */
export function afterDrawdown(
  state: { rolled: readonly RolledUnits[]; blocks: readonly BlockBalance[] },
  d: Drawdown,
  periodIndex: number,
): { rolled: RolledUnits[]; blocks: BlockBalance[] } {
  const drawnFrom = (source: Draw['source'], id: string) => d.draws.find((x) => x.source === source && x.sourceId === id);
  const expired = new Set(d.expired.map((e) => e.fromPeriod));
  const rolled = state.rolled
    .filter((r) => !expired.has(r.fromPeriod))
    .map((r) => ({ ...r, remaining: drawnFrom('rollover', String(r.fromPeriod))?.remainingAfter ?? r.remaining }))
    .filter((r) => r.remaining > 0);
  if (d.rolledOver > 0) rolled.push({ fromPeriod: periodIndex, remaining: d.rolledOver });
  const blocks = state.blocks.map((b) => ({ ...b, remaining: drawnFrom('block', b.id)?.remainingAfter ?? b.remaining }));
  return { rolled, blocks };
}

/** What the drawdown reads of an association's balances: rolled units per period of origin, and its blocks. */
export interface PrepaidState {
  rolled: RolledUnits[];
  blocks: BlockBalance[];
}

/** A retainer with its money: the fee per full period and the overage rate (null: the plan's rate). */
export interface PricedRetainer extends Retainer {
  feeMinor: number;
  overageRateMinor: number | null;
}

/**
 * One change a bill makes to the balances, as the ledger stores it: a signed quantity on one bucket (this period's
 * retainer, the units rolled over from a period, a block). A period's retainer bucket is always back to 0 after its
 * bill: granted, then drawn, rolled over (moved to the period's rollover bucket) or lapsed.
 */
export interface LedgerEffect {
  kind: 'grant' | 'draw' | 'rollover' | 'expiry' | 'lapse';
  source: Draw['source'];
  /** the period index (retainer and rollover buckets, as text) or the block's id */
  sourceId: string;
  /** + adds to the bucket, - takes from it; never 0 */
  quantity: number;
  /** the period whose bill or usage made it */
  periodIndex: number;
}

/** The late usage of one earlier period. */
export interface LateUsage {
  periodIndex: number;
  periodStart: Date;
  periodEnd: Date;
  durations: readonly number[];
}

export interface PrepaidBillInput {
  plan: PlanSnapshot;
  retainer: PricedRetainer | null;
  periodIndex: number;
  periodStart: Date;
  periodEnd: Date;
  proration?: Proration | null;
  /** durations (whole seconds) of the period's own sessions */
  sessionDurations: readonly number[];
  /** sessions of earlier periods that arrived after those were billed, by their period */
  late: readonly LateUsage[];
  deviceCount: number;
  state: PrepaidState;
  /** the printed name of a block ("B-000012") */
  blockLabel: (id: string) => string;
  formatMoney: (minor: number) => string;
}

export interface PrepaidBill {
  lines: BillLine[];
  effects: LedgerEffect[];
  /** the balances after this bill (what the next period of the same run draws from) */
  state: PrepaidState;
  /** units no source covered (billed on the overage lines) */
  overage: number;
}

/** The units a plan draws in: billable seconds (per_hour, after minimum and increment) or sessions (per_session). */
export function prepaidUnit(billingType: BillingType): 'seconds' | 'sessions' {
  return billingType === 'per_hour' ? 'seconds' : 'sessions';
}

/** The demand of some sessions in the plan's unit. */
export function demandOf(plan: PlanSnapshot, durations: readonly number[]): number {
  if (plan.billingType === 'per_session') return durations.length;
  let total = 0;
  for (const d of durations) total += billableSeconds(d, plan);
  assertSafeInteger(total, 'demand');
  return total;
}

function applyDraws(state: PrepaidState, draws: readonly Draw[]): PrepaidState {
  const left = (source: Draw['source'], id: string) => draws.find((d) => d.source === source && d.sourceId === id)?.remainingAfter;
  return {
    rolled: state.rolled
      .map((r) => ({ ...r, remaining: left('rollover', String(r.fromPeriod)) ?? r.remaining }))
      .filter((r) => r.remaining > 0),
    blocks: state.blocks.map((b) => ({ ...b, remaining: left('block', b.id) ?? b.remaining })),
  };
}

const drawEffects = (draws: readonly Draw[], periodIndex: number): LedgerEffect[] =>
  draws.map((d) => ({ kind: 'draw', source: d.source, sourceId: d.sourceId, quantity: -d.quantity, periodIndex }));

/** How prepaid lines are priced for a plan and its retainer. */
function pricingOf(plan: PlanSnapshot, retainer: PricedRetainer | null): PrepaidPricing {
  const unit = prepaidUnit(plan.billingType);
  return {
    unit,
    currency: plan.currency,
    rateMinor: unit === 'seconds' ? plan.hourRateMinor : plan.sessionRateMinor,
    overageRateMinor: retainer?.overageRateMinor ?? null,
    retainerFeeMinor: retainer?.feeMinor ?? 0,
  };
}

export interface PrepaidLateInput {
  plan: PlanSnapshot;
  retainer: PricedRetainer | null;
  /** sessions of earlier periods that arrived after those were billed, by their period */
  late: readonly LateUsage[];
  state: PrepaidState;
  blockLabel: (id: string) => string;
  formatMoney: (minor: number) => string;
}

/**
 * Late usage on a prepaid association: each earlier period draws, oldest first, from what was available to its own
 * bill and still has units (`drawLate`); the draws are lines at 0 ("Late usage of period 3: 30 min from block …"),
 * the overage of all of them one late-usage line at the overage rate.
 */
export function ratePrepaidLate(input: PrepaidLateInput): PrepaidBill {
  const { plan, retainer } = input;
  assertPlanSnapshot(plan);
  const pricing = pricingOf(plan, retainer);
  const options = { blockLabel: input.blockLabel, formatMoney: input.formatMoney };
  const lines: BillLine[] = [];
  const effects: LedgerEffect[] = [];
  let state = input.state;
  let overage = 0;
  for (const late of [...input.late].sort((a, b) => a.periodIndex - b.periodIndex)) {
    const taken = drawLate({ demand: demandOf(plan, late.durations), ...late, retainer, rolled: state.rolled, blocks: state.blocks });
    effects.push(...drawEffects(taken.draws, late.periodIndex));
    state = applyDraws(state, taken.draws);
    for (const line of prepaidLines({ draws: taken.draws, overage: 0, retainerGranted: 0 }, pricing, options)) {
      lines.push({ ...line, description: `Late usage of period ${late.periodIndex + 1}: ${line.description}` });
    }
    overage += taken.overage;
  }
  if (overage > 0) {
    const [line] = prepaidLines({ draws: [], overage, retainerGranted: 0 }, pricing, options);
    lines.push({
      ...line,
      kind: 'late_usage',
      description: `Late usage from earlier periods: ${line.description.replace(/^Overage/, 'overage')}`,
    });
  }
  return { lines, effects, state, overage };
}

/**
 * A prepaid association's period bill: the retainer's fee, what the period's usage drew (lines at 0 saying from what
 * and what is left), the overage at its rate, the devices, then the late usage of earlier periods (`ratePrepaidLate`).
 * Before drawing, blocks that expired by the period's start and rolled units past their periods expire. Every change
 * is a ledger effect; the returned state is the balances after them.
 */
export function ratePrepaidBill(input: PrepaidBillInput): PrepaidBill {
  const { plan, retainer, periodIndex } = input;
  assertPlanSnapshot(plan);
  const pricing = pricingOf(plan, retainer);
  const effects: LedgerEffect[] = [];
  // Blocks past their expiry at the period's start: what is left of them expires.
  const startMs = input.periodStart.getTime();
  const expiredBlock = (b: BlockBalance) => b.remaining > 0 && b.expiresAt !== null && b.expiresAt.getTime() <= startMs;
  for (const b of input.state.blocks.filter(expiredBlock)) {
    effects.push({ kind: 'expiry', source: 'block', sourceId: b.id, quantity: -b.remaining, periodIndex });
  }
  let state: PrepaidState = {
    rolled: input.state.rolled,
    blocks: input.state.blocks.map((b) => (expiredBlock(b) ? { ...b, remaining: 0 } : b)),
  };
  const d = drawdown({
    demand: demandOf(plan, input.sessionDurations),
    periodIndex,
    periodStart: input.periodStart,
    periodEnd: input.periodEnd,
    proration: input.proration,
    retainer,
    rolled: state.rolled,
    blocks: state.blocks,
  });
  for (const e of d.expired) {
    effects.push({ kind: 'expiry', source: 'rollover', sourceId: String(e.fromPeriod), quantity: -e.remaining, periodIndex });
  }
  const own = String(periodIndex);
  if (d.retainerGranted > 0) effects.push({ kind: 'grant', source: 'retainer', sourceId: own, quantity: d.retainerGranted, periodIndex });
  effects.push(...drawEffects(d.draws, periodIndex));
  if (d.rolledOver > 0) {
    effects.push({ kind: 'rollover', source: 'retainer', sourceId: own, quantity: -d.rolledOver, periodIndex });
    effects.push({ kind: 'rollover', source: 'rollover', sourceId: own, quantity: d.rolledOver, periodIndex });
  }
  if (d.lapsed > 0) effects.push({ kind: 'lapse', source: 'retainer', sourceId: own, quantity: -d.lapsed, periodIndex });
  state = afterDrawdown(state, d, periodIndex);

  const options = {
    blockLabel: input.blockLabel,
    proration: input.proration,
    withRetainer: retainer !== null,
    formatMoney: input.formatMoney,
  };
  const lines: BillLine[] = prepaidLines(d, pricing, options);
  if (!lines.some((l) => l.kind !== 'retainer')) {
    // Nothing used: the usage line at 0 says so (a bill always has its usage line).
    lines.push({
      ...USAGE_LINE[plan.billingType],
      quantity: 0,
      unit: pricing.unit === 'seconds' ? 'hour' : 'session',
      unitAmountMinor: pricing.rateMinor,
      amountMinor: 0,
    });
  }
  const devices = rateDevices(input.deviceCount, plan, input.proration);
  if (devices) lines.push(devices);
  const late = ratePrepaidLate({ ...input, state });
  return { lines: [...lines, ...late.lines], effects: [...effects, ...late.effects], state: late.state, overage: d.overage + late.overage };
}
