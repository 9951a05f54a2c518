import type { PricedRetainer } from '@app/billing';
import { IsInt, Max, Min, ValidateIf } from 'class-validator';
import { ApiProperty } from '@nestjs/swagger';
import { ApiInteger, ApiMinor, ApiNullableObject } from '../common/openapi';
import { MAX_RATE_MINOR } from '../plans/plan-rules';

/** The most units a retainer or a block may hold: 10^9 seconds (31 years) or sessions. */
export const MAX_UNITS = 1_000_000_000;
/** The most periods rolled units may be kept for. */
export const MAX_ROLLOVER_PERIODS = 120;

const UNITS = 'billable seconds on a per_hour plan (3600: one hour), sessions on a per_session plan';
const units = (target: object, key: string) => {
  IsInt({ message: `${key} must be a whole number of units (${UNITS})` })(target, key);
  Min(0)(target, key);
  Max(MAX_UNITS)(target, key);
};

/** A retainer: units included in each period at a fixed fee; unused units roll over up to a cap for some periods. */
export class RetainerDto {
  @ApiInteger({ minimum: 0, maximum: MAX_UNITS, description: `Units included in each full period: ${UNITS}` })
  @units
  included: number;
  @ApiMinor({
    minimum: 0,
    maximum: MAX_RATE_MINOR,
    description: "The retainer's fee per full period, integer minor units (a line on each bill; prorated on a short period)",
  })
  @IsInt({ message: 'feeMinor must be an integer count of minor units' })
  @Min(0)
  @Max(MAX_RATE_MINOR)
  feeMinor: number;
  @ApiInteger({
    minimum: 0,
    maximum: MAX_UNITS,
    description: `The most unused units that may stand rolled over at once (0: nothing rolls): ${UNITS}`,
  })
  @units
  rolloverCap: number;
  @ApiInteger({
    minimum: 0,
    maximum: MAX_ROLLOVER_PERIODS,
    description: 'How many later periods rolled units may be drawn in before they expire (0: nothing rolls)',
  })
  @IsInt({ message: 'rolloverPeriods must be a whole number of periods' })
  @Min(0)
  @Max(MAX_ROLLOVER_PERIODS)
  rolloverPeriods: number;
  @ApiMinor({
    minimum: 0,
    maximum: MAX_RATE_MINOR,
    nullable: true,
    description: "Overage (usage nothing prepaid covers) per hour or session, integer minor units; null: the plan's rate",
  })
  @ValidateIf((_, v) => v !== undefined && v !== null)
  @IsInt({ message: 'overageRateMinor must be an integer count of minor units' })
  @Min(0)
  @Max(MAX_RATE_MINOR)
  overageRateMinor?: number | null;
}

/** A retainer as the API shows it. */
export class RetainerView {
  @ApiInteger({ description: `Units included in each full period: ${UNITS}` }) included: number;
  @ApiMinor({ description: "The retainer's fee per full period, integer minor units" }) feeMinor: number;
  @ApiInteger({ description: 'The most unused units that may stand rolled over at once (0: nothing rolls)' }) rolloverCap: number;
  @ApiInteger({ description: 'How many later periods rolled units may be drawn in (0: nothing rolls)' }) rolloverPeriods: number;
  @ApiMinor({ nullable: true, description: "Overage per hour or session, integer minor units; null: the plan's rate" })
  overageRateMinor: number | null;
}

/** The retainer as stored (jsonb) and shown: every key present. */
export function storedRetainer(dto: RetainerDto | null | undefined): RetainerView | null {
  if (!dto) return null;
  return {
    included: dto.included,
    feeMinor: dto.feeMinor,
    rolloverCap: dto.rolloverCap,
    rolloverPeriods: dto.rolloverPeriods,
    overageRateMinor: dto.overageRateMinor ?? null,
  };
}

/** A retainer as the API shows it, from what the drawdown reads (pricedRetainer's inverse). */
export function retainerView(r: PricedRetainer | null): RetainerView | null {
  if (!r) return null;
  return {
    included: r.includedPerPeriod,
    feeMinor: r.feeMinor,
    rolloverCap: r.rolloverCap,
    rolloverPeriods: r.rolloverPeriods,
    overageRateMinor: r.overageRateMinor,
  };
}

/** What the drawdown reads of a stored retainer. */
export function pricedRetainer(r: RetainerView | null): PricedRetainer | null {
  if (!r) return null;
  return {
    includedPerPeriod: r.included,
    rolloverCap: r.rolloverCap,
    rolloverPeriods: r.rolloverPeriods,
    feeMinor: r.feeMinor,
    overageRateMinor: r.overageRateMinor,
  };
}

/** RetainerView written out (an object-or-null property: see ApiNullableObject). */
const RETAINER_SCHEMA = {
  included: { type: 'integer', description: `Units included in each full period: ${UNITS}` },
  feeMinor: { type: 'integer', description: "The retainer's fee per full period, integer minor units" },
  rolloverCap: { type: 'integer', description: 'The most unused units that may stand rolled over at once (0: nothing rolls)' },
  rolloverPeriods: { type: 'integer', description: 'How many later periods rolled units may be drawn in (0: nothing rolls)' },
  overageRateMinor: {
    type: 'integer',
    nullable: true,
    description: "Overage per hour or session, integer minor units; null: the plan's rate",
  },
} as const;

/** A response's retainer, or null. */
export const ApiRetainer = (description: string) => ApiNullableObject<RetainerView>(RETAINER_SCHEMA, description);

/** A request's retainer, or null: what RetainerDto validates. */
export const ApiRetainerInput = (description: string) =>
  ApiProperty({
    type: 'object',
    nullable: true,
    required: ['included', 'feeMinor', 'rolloverCap', 'rolloverPeriods'],
    properties: {
      ...RETAINER_SCHEMA,
      included: { ...RETAINER_SCHEMA.included, minimum: 0, maximum: MAX_UNITS },
      feeMinor: { ...RETAINER_SCHEMA.feeMinor, minimum: 0, maximum: MAX_RATE_MINOR },
      rolloverCap: { ...RETAINER_SCHEMA.rolloverCap, minimum: 0, maximum: MAX_UNITS },
      rolloverPeriods: { ...RETAINER_SCHEMA.rolloverPeriods, minimum: 0, maximum: MAX_ROLLOVER_PERIODS },
      overageRateMinor: { ...RETAINER_SCHEMA.overageRateMinor, minimum: 0, maximum: MAX_RATE_MINOR },
    },
    description,
  } as never);
