/**
 * Taxes of a bill: the VAT (sales tax, GST/PST…) breakdown of EN 16931, computed from net lines and the
 * bill's adjustments (DESIGN "Taxes").
 *
 * Rules:
 * - Lines are net. A tax group is (name, category, rate); a line with two taxes (Canada GST + PST) is in
 *   two groups, and each tax is computed on the net, never on another tax.
 * - A line's "tax set" is the set of its groups (order of the taxes on the line does not matter). Lines
 *   that share a set share its base.
 * - Base of a group = the nets of its lines + its share of the adjustments. Tax of a group =
 *   base × rate / 100 rounded half away from zero ONCE per group, in minor units (EN 16931 BR-CO-17),
 *   with exact integer math: tax = round(base × rateE4 / 1 000 000), rateE4 = rate in 1/10 000 %.
 *   Summing per-line rounded taxes would differ: 3 lines of 10.50 at 19 % are 3 × 1.995 → 3 × 2.00 = 6.00
 *   per line, but 31.50 × 19 % = 5.985 → 5.99 per group.
 * - Adjustments (charges +, discounts −, already resolved to amounts by totals.ts) carry the tax of the
 *   lines: with one tax set every adjustment goes to it whole; with several, EACH adjustment is split
 *   across the sets in proportion to the net of their lines by the largest-remainder method (floor of
 *   each exact share of |adjustment|, then one more unit to the largest remainders, ties to the set of
 *   the earlier line; the sign is applied last, so split(−a) = −split(a)); the shares sum exactly to the
 *   adjustment. When every line is 0 the adjustment goes whole to the set of the first line.
 * - Treatment `standard`: the lines' rates apply, and every line needs at least one tax (a line outside
 *   the scope of VAT says so with a category O rate), so every line and adjustment is in the breakdown.
 *   `reverse_charge`, `exempt`, `export`: the lines' rates are ignored and the whole bill is ONE 0 % group
 *   (AE "Reverse charge", E "Exempt", G "Export") whose base is the net, with note 'reverse_charge',
 *   'exempt' or 'export'; `exempt` needs the bill's exemption reason, the other two carry it when given.
 *   `none` (bills from before taxes): no group, tax 0, gross = net. The lines' taxes are validated under
 *   every treatment but only used under `standard`.
 * - A 0 % group still appears, with its base. A group base may be negative (adjustments above the lines,
 *   which totals.ts refuses for a bill); its tax then rounds half away from zero too (−2.5 → −3).
 * - Line nets are integers >= 0 (reductions are adjustments; corrections are documents of their own);
 *   adjustments are signed. A bill without lines has no group, so it cannot carry an adjustment (under
 *   `none` it can: nothing is taxed).
 * - net = Σ line nets + Σ adjustments; tax = Σ group taxes; gross = net + tax. Groups and sets are in
 *   order of first appearance (line by line, tax by tax). Every result is a safe integer
 *   (`AmountOutOfRangeError` otherwise).
 * - A rate: name 1..100 characters (trimmed), percent 0..100 with at most 4 decimals (`parsePercent`),
 *   category in `TAX_CATEGORY_CODES`; S above 0 %, every other category exactly 0 %; E needs an exemption
 *   reason, S and Z have none (BR-S-10, BR-Z-10). A line has at most 2 taxes, with different names
 *   (trimmed, case-insensitive). Two lines' taxes of the same group must give the same exemption reason.
 *   The group's rate is the normalised decimal ("19.00" → "19", 7.750 → "7.75").
 */
import { isCurrencyCode, minorToDecimal, parsePercent, roundHalfUp, toSafeNumber } from './money';

/**
 * EN 16931 VAT category codes (UNCL5305 subset): S standard rate, Z zero rated, E exempt, AE reverse
 * charge, K intra-community supply, G export outside the EU, O outside the scope of VAT.
 */
export const TAX_CATEGORY_CODES = Object.freeze(['S', 'Z', 'E', 'AE', 'K', 'G', 'O'] as const);
export type TaxCategoryCode = (typeof TAX_CATEGORY_CODES)[number];

/** How a bill is taxed. `none`: an untaxed bill (every bill from before taxes): no tax group at all. */
export const TAX_TREATMENTS = Object.freeze(['none', 'standard', 'reverse_charge', 'exempt', 'export'] as const);
export type TaxTreatment = (typeof TAX_TREATMENTS)[number];

/** The note an invoice prints for a treatment that does not charge the rates. */
export type TaxNote = 'reverse_charge' | 'exempt' | 'export';

/** A tax applied to a line. */
export interface TaxRate {
  /** 1..100 characters once trimmed ("VAT", "GST", "PST") */
  name: string;
  /** 0..100 with at most 4 decimals ("19", 7.75, "33.3333"), read like `parsePercent` */
  ratePercent: number | string;
  categoryCode: TaxCategoryCode;
  /** required for category E; never for S or Z */
  exemptionReason?: string | null;
}

/** One problem with a tax input; `field` is the path of the offending value (the API's 400 names it). */
export interface TaxProblem {
  field: string;
  message: string;
}

/** Invalid tax input: every problem found, by field. */
export class TaxInputError extends RangeError {
  readonly code = 'INVALID_TAX';
  constructor(readonly problems: readonly TaxProblem[]) {
    super(`Invalid tax input: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`);
    this.name = 'TaxInputError';
  }
}

/** A net line and its taxes (0..2; at least 1 under `standard`). */
export interface TaxLineInput {
  /** the line's net amount in minor units, a safe integer >= 0 */
  netMinor: number;
  taxes: readonly TaxRate[];
}

/** What `computeTaxes` takes. */
export interface TaxInput {
  /** ISO 4217 code (validated; amounts are already in its minor units) */
  currency: string;
  treatment: TaxTreatment;
  lines: readonly TaxLineInput[];
  /** resolved adjustment amounts, signed: charges +, discounts − (percentages computed by totals.ts) */
  adjustmentsMinor: readonly number[];
  /** the bill's exemption reason: required under `exempt`, optional under reverse charge and export, ignored otherwise */
  exemptionReason?: string | null;
}

/** One line of the tax breakdown (EN 16931 BG-23). */
export interface TaxGroup {
  name: string;
  categoryCode: TaxCategoryCode;
  /** normalised decimal: no trailing zeros ("19", "7.75", "0") */
  ratePercent: string;
  baseMinor: number;
  amountMinor: number;
  exemptionReason: string | null;
}

/** Lines sharing the same groups, and their share of each adjustment. */
export interface TaxSet {
  /** indexes into `TaxBreakdown.taxes`, ascending */
  taxes: number[];
  /** indexes of the input lines in this set, ascending */
  lines: number[];
  linesNetMinor: number;
  /** this set's share of each adjustment, in input order (over all sets they sum to the adjustment) */
  adjustmentSharesMinor: number[];
  /** linesNet + Σ shares */
  baseMinor: number;
}

/** The taxes of a bill. */
export interface TaxBreakdown {
  /** Σ line nets + Σ adjustments */
  netMinor: number;
  taxes: TaxGroup[];
  /** the adjustment split behind the group bases (empty under `none`) */
  taxSets: TaxSet[];
  /** Σ group amounts */
  taxMinor: number;
  /** net + tax */
  grossMinor: number;
  note: TaxNote | null;
}

const MAX_TAXES_PER_LINE = 2;
const MAX_NAME_LENGTH = 100;
const MAX_PERCENT_E4 = 1_000_000n; // 100 %
const RATE_DENOMINATOR = 1_000_000n; // 100 (percent) × 10 000 (4 decimals)

/** The single 0 % group of a treatment that does not charge the lines' rates. */
const TREATMENT_GROUPS: Readonly<Record<TaxNote, { name: string; categoryCode: TaxCategoryCode }>> = {
  reverse_charge: { name: 'Reverse charge', categoryCode: 'AE' },
  exempt: { name: 'Exempt', categoryCode: 'E' },
  export: { name: 'Export', categoryCode: 'G' },
};

const isBlank = (text: string | null | undefined): boolean => text == null || (typeof text === 'string' && text.trim() === '');

/**
 * The problems of one rate (empty when it is valid). Fields are the rate's properties (`name`,
 * `ratePercent`, `categoryCode`, `exemptionReason`), prefixed with `field.` when `field` is given.
 */
export function validateTaxRate(rate: TaxRate, field?: string): TaxProblem[] {
  const at = (property: string) => (field ? `${field}.${property}` : property);
  if (rate === null || typeof rate !== 'object') return [{ field: field ?? 'tax', message: 'must be a tax rate' }];
  const problems: TaxProblem[] = [];
  const { name, ratePercent, categoryCode, exemptionReason } = rate;
  if (typeof name !== 'string' || name.trim() === '') problems.push({ field: at('name'), message: 'must not be empty' });
  else if ([...name.trim()].length > MAX_NAME_LENGTH) {
    problems.push({ field: at('name'), message: `must be at most ${MAX_NAME_LENGTH} characters` });
  }
  let scaled: bigint | null = null;
  try {
    scaled = parsePercent(ratePercent);
  } catch {
    problems.push({ field: at('ratePercent'), message: 'must be a number with at most 4 decimal places' });
  }
  if (scaled !== null && (scaled < 0n || scaled > MAX_PERCENT_E4)) {
    problems.push({ field: at('ratePercent'), message: 'must be from 0 to 100' });
    scaled = null;
  }
  const category = (TAX_CATEGORY_CODES as readonly unknown[]).includes(categoryCode) ? categoryCode : null;
  if (category === null) problems.push({ field: at('categoryCode'), message: `must be one of ${TAX_CATEGORY_CODES.join(', ')}` });
  if (category !== null && scaled !== null) {
    if (category === 'S' && scaled === 0n) {
      problems.push({ field: at('ratePercent'), message: 'must be above 0 for a standard-rated (S) tax' });
    } else if (category !== 'S' && scaled !== 0n) {
      problems.push({ field: at('ratePercent'), message: `must be 0 for category ${category}` });
    }
  }
  if (exemptionReason != null && typeof exemptionReason !== 'string') {
    problems.push({ field: at('exemptionReason'), message: 'must be a text' });
  } else if (category === 'E' && isBlank(exemptionReason)) {
    problems.push({ field: at('exemptionReason'), message: 'is required for an exempt (E) tax' });
  } else if ((category === 'S' || category === 'Z') && !isBlank(exemptionReason)) {
    problems.push({ field: at('exemptionReason'), message: `must be empty for category ${category}` });
  }
  return problems;
}

/**
 * The problems of a line's taxes (empty when valid): at most 2, each valid (`validateTaxRate`, fields
 * `taxes[i].…`), with different names (trimmed, case-insensitive: the same tax is never applied twice).
 */
export function validateLineTaxes(taxes: readonly TaxRate[], field = 'taxes'): TaxProblem[] {
  if (!Array.isArray(taxes)) return [{ field, message: `must be a list of at most ${MAX_TAXES_PER_LINE} taxes` }];
  const problems: TaxProblem[] = [];
  if (taxes.length > MAX_TAXES_PER_LINE) problems.push({ field, message: `must have at most ${MAX_TAXES_PER_LINE} taxes` });
  const names: string[] = [];
  const rates: readonly (TaxRate | null | undefined)[] = taxes;
  rates.forEach((tax, i) => {
    problems.push(...validateTaxRate(tax as TaxRate, `${field}[${i}]`));
    const name = typeof tax?.name === 'string' ? tax.name.trim().toLowerCase() : '';
    if (name !== '' && names.includes(name)) problems.push({ field: `${field}[${i}].name`, message: 'is already a tax of the line' });
    names.push(name);
  });
  return problems;
}

/** A group before its base is known. */
interface GroupKey {
  name: string;
  categoryCode: TaxCategoryCode;
  ratePercent: string;
  rateE4: bigint;
  exemptionReason: string | null;
}

/** "19.0000" → "19", "7.7500" → "7.75", "0.0000" → "0". */
function normalisedPercent(scaled: bigint): string {
  return minorToDecimal(scaled, 4)
    .replace(/(\.\d*?)0+$/, '$1')
    .replace(/\.$/, '');
}

const trimmedOrNull = (text: string | null | undefined): string | null => (isBlank(text) ? null : (text as string).trim());

function groupOf(rate: TaxRate): GroupKey {
  const rateE4 = parsePercent(rate.ratePercent);
  return {
    name: rate.name.trim(),
    categoryCode: rate.categoryCode,
    ratePercent: normalisedPercent(rateE4),
    rateE4,
    exemptionReason: trimmedOrNull(rate.exemptionReason),
  };
}

const keyOf = (g: GroupKey) => JSON.stringify([g.name, g.categoryCode, g.ratePercent]);

/**
 * Splits `amount` across `weights` (>= 0) in proportion, by the largest-remainder method: floors of the
 * exact shares of |amount|, then one unit more to the largest remainders (ties: lower index first); the
 * sign is applied last. One weight, or all weights 0: the first takes it whole. Σ result = amount.
 */
function splitByLargestRemainder(amount: bigint, weights: readonly bigint[]): bigint[] {
  const shares = weights.map(() => 0n);
  const total = weights.reduce((sum, w) => sum + w, 0n);
  if (weights.length === 1 || total === 0n) {
    shares[0] = amount;
    return shares;
  }
  const magnitude = amount < 0n ? -amount : amount;
  const remainders = weights.map((weight, index) => {
    shares[index] = (magnitude * weight) / total;
    return { index, remainder: (magnitude * weight) % total };
  });
  let left = magnitude - shares.reduce((sum, s) => sum + s, 0n);
  remainders.sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  for (let k = 0; left > 0n; k += 1, left -= 1n) shares[remainders[k].index] += 1n;
  return amount < 0n ? shares.map((s) => -s) : shares;
}

/** The problems of a `computeTaxes` input, and the groups of each line when there are none. */
function checkInput(input: TaxInput): { problems: TaxProblem[]; groups: GroupKey[]; lineGroups: number[][] } {
  const problems: TaxProblem[] = [];
  const groups: GroupKey[] = [];
  const lineGroups: number[][] = [];
  if (!isCurrencyCode(input.currency)) problems.push({ field: 'currency', message: 'must be an ISO 4217 currency code' });
  const treatment = (TAX_TREATMENTS as readonly unknown[]).includes(input.treatment) ? input.treatment : null;
  if (treatment === null) problems.push({ field: 'treatment', message: `must be one of ${TAX_TREATMENTS.join(', ')}` });
  if (input.exemptionReason != null && typeof input.exemptionReason !== 'string') {
    problems.push({ field: 'exemptionReason', message: 'must be a text' });
  } else if (treatment === 'exempt' && isBlank(input.exemptionReason)) {
    problems.push({ field: 'exemptionReason', message: 'is required for an exempt bill' });
  }
  const lines: readonly TaxLineInput[] = Array.isArray(input.lines) ? input.lines : [];
  if (!Array.isArray(input.lines)) problems.push({ field: 'lines', message: 'must be a list' });
  const adjustments: readonly number[] = Array.isArray(input.adjustmentsMinor) ? input.adjustmentsMinor : [];
  if (!Array.isArray(input.adjustmentsMinor)) problems.push({ field: 'adjustmentsMinor', message: 'must be a list' });
  adjustments.forEach((amount, k) => {
    if (!Number.isSafeInteger(amount)) problems.push({ field: `adjustmentsMinor[${k}]`, message: 'must be a safe integer' });
  });
  if (lines.length === 0 && adjustments.length > 0 && treatment !== 'none') {
    problems.push({ field: 'adjustmentsMinor', message: 'needs at least one line to carry its tax' });
  }
  const firstLineOfGroup = new Map<string, number>();
  lines.forEach((line, i) => {
    const field = `lines[${i}]`;
    if (!Number.isSafeInteger(line?.netMinor) || line.netMinor < 0) {
      problems.push({ field: `${field}.netMinor`, message: 'must be a safe integer >= 0' });
    }
    const taxProblems = validateLineTaxes(line?.taxes, `${field}.taxes`);
    problems.push(...taxProblems);
    if (treatment !== 'standard' || taxProblems.length > 0) return;
    if (line.taxes.length === 0) {
      problems.push({
        field: `${field}.taxes`,
        message: 'must have a tax under the standard treatment (category O: outside the scope of VAT)',
      });
      return;
    }
    lineGroups[i] = line.taxes.map((rate, j) => {
      const group = groupOf(rate);
      const key = keyOf(group);
      const existing = groups.findIndex((g) => keyOf(g) === key);
      if (existing < 0) {
        groups.push(group);
        firstLineOfGroup.set(key, i);
        return groups.length - 1;
      }
      if (groups[existing].exemptionReason !== group.exemptionReason) {
        problems.push({
          field: `${field}.taxes[${j}].exemptionReason`,
          message: `differs from the exemption reason of the same tax on lines[${firstLineOfGroup.get(key)}]`,
        });
      }
      return existing;
    });
  });
  return { problems, groups, lineGroups };
}

/**
 * The tax breakdown of a bill: groups with base and tax, net, tax and gross (rules in the header).
 * Throws `TaxInputError` (a `RangeError`, code 'INVALID_TAX', with every problem by field) on invalid
 * input, and `AmountOutOfRangeError` when a result is not a safe integer.
 */
export function computeTaxes(input: TaxInput): TaxBreakdown {
  const checked = checkInput(input);
  if (checked.problems.length > 0) throw new TaxInputError(checked.problems);
  const { treatment } = input;
  const nets = input.lines.map((line) => BigInt(line.netMinor));
  const adjustments = input.adjustmentsMinor.map((amount) => BigInt(amount));
  const net = [...nets, ...adjustments].reduce((sum, amount) => sum + amount, 0n);
  const netMinor = toSafeNumber(net, 'net');
  if (treatment === 'none') return { netMinor, taxes: [], taxSets: [], taxMinor: 0, grossMinor: netMinor, note: null };

  let groups: GroupKey[];
  let lineGroups: number[][];
  if (treatment === 'standard') {
    ({ groups, lineGroups } = checked);
  } else {
    const group = TREATMENT_GROUPS[treatment];
    groups = nets.length === 0 ? [] : [{ ...group, ratePercent: '0', rateE4: 0n, exemptionReason: trimmedOrNull(input.exemptionReason) }];
    lineGroups = nets.map(() => [0]);
  }

  const sets: { taxes: number[]; lines: number[]; net: bigint }[] = [];
  const setByKey = new Map<string, (typeof sets)[number]>();
  lineGroups.forEach((indexes, line) => {
    const taxes = [...indexes].sort((a, b) => a - b);
    const key = taxes.join(',');
    let set = setByKey.get(key);
    if (!set) {
      set = { taxes, lines: [], net: 0n };
      setByKey.set(key, set);
      sets.push(set);
    }
    set.lines.push(line);
    set.net += nets[line];
  });

  const sharesBySet: bigint[][] = sets.map(() => []);
  for (const adjustment of adjustments) {
    splitByLargestRemainder(
      adjustment,
      sets.map((set) => set.net),
    ).forEach((share, s) => sharesBySet[s].push(share));
  }
  const bases = groups.map(() => 0n);
  const taxSets: TaxSet[] = sets.map((set, s) => {
    const base = set.net + sharesBySet[s].reduce((sum, share) => sum + share, 0n);
    for (const g of set.taxes) bases[g] += base;
    return {
      taxes: set.taxes,
      lines: set.lines,
      linesNetMinor: toSafeNumber(set.net, 'tax set net'),
      adjustmentSharesMinor: sharesBySet[s].map((share) => toSafeNumber(share, 'adjustment share')),
      baseMinor: toSafeNumber(base, 'tax set base'),
    };
  });

  let tax = 0n;
  const taxes: TaxGroup[] = groups.map((group, g) => {
    const amount = roundHalfUp(bases[g] * group.rateE4, RATE_DENOMINATOR);
    tax += amount;
    return {
      name: group.name,
      categoryCode: group.categoryCode,
      ratePercent: group.ratePercent,
      baseMinor: toSafeNumber(bases[g], 'tax base'),
      amountMinor: toSafeNumber(amount, 'tax'),
      exemptionReason: group.exemptionReason,
    };
  });
  return {
    netMinor,
    taxes,
    taxSets,
    taxMinor: toSafeNumber(tax, 'tax'),
    grossMinor: toSafeNumber(net + tax, 'gross'),
    note: treatment === 'standard' ? null : treatment,
  };
}

/** A customer's tax set-up when its bill is made (the department's treatment and its effective rates). */
export interface CustomerTaxSetup {
  treatment: Exclude<TaxTreatment, 'none'>;
  /** the customer's override, else its plan's rates (0..2) */
  rates: readonly TaxRate[];
  exemptionReason?: string | null;
  buyerVatId?: string | null;
  sellerVatId?: string | null;
}

/** A bill can not be taxed as its customer is set up; the billing run records it as that association's failure. */
export class TaxSetupError extends Error {
  readonly code = 'TAX_SETUP_INCOMPLETE';
  constructor(message: string) {
    super(message);
    this.name = 'TaxSetupError';
  }
}

/**
 * The tax input of a new bill (`BillTaxInput` without the currency):
 * - `standard` with at least one rate: those rates on every line. `standard` with none (the organization has
 *   not set up taxes for this plan or customer): an untaxed bill, treatment `none`, as every bill before taxes.
 * - `reverse_charge` needs the seller's and the buyer's VAT IDs (both are printed; EN 16931 BR-AE-02);
 *   `exempt` needs its reason. Otherwise `TaxSetupError`.
 * The rates are kept (and validated) under every treatment, as the snapshot of what the customer had.
 */
export function billTaxFor(setup: CustomerTaxSetup): { treatment: TaxTreatment; rates: TaxRate[]; exemptionReason: string | null } {
  const rates = setup.rates.map((r) => ({ ...r, exemptionReason: r.exemptionReason ?? null }));
  const exemptionReason = isBlank(setup.exemptionReason) ? null : (setup.exemptionReason as string).trim();
  if (setup.treatment === 'reverse_charge') {
    if (isBlank(setup.sellerVatId))
      throw new TaxSetupError("A reverse-charge bill needs the seller's VAT ID: set it in Settings > Organization");
    if (isBlank(setup.buyerVatId)) throw new TaxSetupError("A reverse-charge bill needs the customer's VAT ID");
  }
  if (setup.treatment === 'exempt' && exemptionReason === null) throw new TaxSetupError('An exempt bill needs the exemption reason');
  const treatment = setup.treatment === 'standard' && rates.length === 0 ? 'none' : setup.treatment;
  return { treatment, rates, exemptionReason: treatment === 'standard' || treatment === 'none' ? null : exemptionReason };
}
