import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  Matches,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { ApiInteger, ApiMinor } from '../common/openapi';
import { IsCalendarDay, IsOptionalNonNull } from '../common/validators';
import { MAX_RATE_MINOR } from '../plans/plan-rules';

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const END_TIME = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;
/** A multiplier: a decimal > 0 with at most 4 decimals, below 100. */
export const MULTIPLIER = /^\d{1,2}(\.\d{1,4})?$/;

const minor = (key: string) => (target: object, property: string) => {
  IsInt({ message: `${key} must be an integer count of minor units` })(target, property);
  Min(0)(target, property);
  Max(MAX_RATE_MINOR)(target, property);
};
const nullable = () => ValidateIf((_: object, v: unknown) => v !== undefined && v !== null);

/** One interval of business hours on one weekday, local wall clock in the customer's time zone. */
export class BusinessIntervalDto {
  @ApiInteger({ minimum: 1, maximum: 7, description: 'ISO weekday: 1 = Monday … 7 = Sunday' })
  @IsInt({ message: 'day must be an ISO weekday 1 (Monday) … 7 (Sunday)' })
  @Min(1)
  @Max(7)
  day: number;
  @ApiProperty({ pattern: TIME.source, example: '08:00', description: 'Local start, HH:mm' })
  @Matches(TIME, { message: 'start must be a local time HH:mm (00:00 … 23:59)' })
  start: string;
  @ApiProperty({ pattern: END_TIME.source, example: '18:00', description: "Local end, HH:mm (24:00: the day's end), after start" })
  @Matches(END_TIME, { message: 'end must be a local time HH:mm (00:00 … 24:00)' })
  end: string;
}

/** One tier band: units up to `upTo` (from the band before) at `rateMinor`. */
export class TierBandDto {
  @ApiProperty({
    type: 'number',
    nullable: true,
    minimum: 0,
    description:
      'The band ends at this many units counted in the period: hours on a per_hour plan (at most 2 decimals, e.g. 10 or 7.5), sessions on a per_session plan; null on the last band only (no end)',
  })
  @nullable()
  @IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false }, { message: 'upTo must be a number of hours or sessions' })
  @Min(0)
  @Max(1_000_000)
  upTo: number | null;
  @ApiMinor({ minimum: 0, maximum: MAX_RATE_MINOR, description: 'Price per hour (per_hour) or per session (per_session) in this band' })
  @minor('rateMinor')
  rateMinor: number;
}

/** Where and when the customer works: business hours and holidays (a plan's, or a customer's own). */
export class BusinessCalendarDto {
  @ApiProperty({
    type: [BusinessIntervalDto],
    nullable: true,
    description:
      "Business hours in the customer's time zone, e.g. Monday to Friday 08:00–18:00 (one entry per interval, sorted and not overlapping within a day); []: every weekday is after hours; null: no business hours (no rate classes, nothing is split)",
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(70)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => BusinessIntervalDto)
  businessHours?: BusinessIntervalDto[] | null;
  @ApiProperty({ type: [Number], description: 'ISO weekdays that are weekend (rated as weekend all day); default [6, 7]; [] for none' })
  @IsOptionalNonNull()
  @IsArray()
  @ArrayMaxSize(7)
  @ArrayUnique({ message: 'weekendDays must not repeat a day' })
  @IsInt({ each: true, message: 'each of weekendDays must be an ISO weekday 1 … 7' })
  @Min(1, { each: true, message: 'each of weekendDays must be an ISO weekday 1 … 7' })
  @Max(7, { each: true, message: 'each of weekendDays must be an ISO weekday 1 … 7' })
  weekendDays?: number[];
  @ApiProperty({
    type: 'string',
    nullable: true,
    pattern: '^[A-Z]{2}$',
    example: 'DE',
    description: 'Public holidays of this country (ISO 3166-1 alpha-2, from date-holidays); null: none',
  })
  @nullable()
  @Matches(/^[A-Z]{2}$/, { message: 'holidayCountry must be an ISO 3166-1 alpha-2 code such as DE' })
  holidayCountry?: string | null;
  @ApiProperty({
    type: 'string',
    nullable: true,
    pattern: '^[A-Z0-9]{1,5}$',
    example: 'BY',
    description:
      "A region of holidayCountry with its own public holidays (date-holidays' code, e.g. BY for Bavaria); null: nationwide only",
  })
  @nullable()
  @Matches(/^[A-Z0-9]{1,5}$/, { message: 'holidayRegion must be a region code such as BY' })
  holidayRegion?: string | null;
  @ApiProperty({ type: [String], format: 'date', description: "The organization's own holidays, local days YYYY-MM-DD" })
  @IsOptionalNonNull()
  @IsArray()
  @ArrayMaxSize(400)
  @ArrayUnique({ message: 'holidayDates must not repeat a day' })
  @IsCalendarDay({ each: true, message: 'each of holidayDates must be a calendar day YYYY-MM-DD' })
  holidayDates?: string[];
}

const classRate = (cls: string) => ({
  multiplier: {
    type: 'string' as const,
    nullable: true,
    pattern: MULTIPLIER.source,
    example: '1.5',
    description: `${cls}: the base rate times this (a decimal with at most 4 decimals); null: none. At most one of the multiplier and the rate`,
  },
  rate: {
    minimum: 0,
    maximum: MAX_RATE_MINOR,
    nullable: true,
    description: `${cls}: this rate per hour or per session instead of any base rate; null: none`,
  },
});
const AFTER = classRate('After hours');
const WEEKEND = classRate('Weekend');
const HOLIDAY = classRate('Holidays');
const multiplier = (key: string) =>
  Matches(MULTIPLIER, { message: `${key} must be a decimal such as 1.5 (at most 4 decimals, below 100)` });

/**
 * A plan's rate rules (issue #18): business hours and holidays, a rate per class (after hours, weekend, holiday),
 * tiers, an unattended rate and a minimum commitment. Left out on a create: none; on an update: unchanged.
 */
export class RateRulesDto extends BusinessCalendarDto {
  @ApiProperty(AFTER.multiplier) @nullable() @multiplier('afterHoursMultiplier') afterHoursMultiplier?: string | null;
  @ApiMinor(AFTER.rate) @nullable() @minor('afterHoursRateMinor') afterHoursRateMinor?: number | null;
  @ApiProperty(WEEKEND.multiplier) @nullable() @multiplier('weekendMultiplier') weekendMultiplier?: string | null;
  @ApiMinor(WEEKEND.rate) @nullable() @minor('weekendRateMinor') weekendRateMinor?: number | null;
  @ApiProperty(HOLIDAY.multiplier) @nullable() @multiplier('holidayMultiplier') holidayMultiplier?: string | null;
  @ApiMinor(HOLIDAY.rate) @nullable() @minor('holidayRateMinor') holidayRateMinor?: number | null;
  @ApiProperty({
    enum: ['graduated', 'volume', null],
    nullable: true,
    description:
      "Tiers per period: graduated (each unit at its band's rate) or volume (every unit at the band the period's total reaches); null: no tiers",
  })
  @nullable()
  @IsIn(['graduated', 'volume'])
  tierMode?: 'graduated' | 'volume' | null;
  @ApiProperty({ type: [TierBandDto], description: 'The bands, upTo increasing, the last without an end; [] without tiers' })
  @IsOptionalNonNull()
  @IsArray()
  @ArrayMaxSize(20)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => TierBandDto)
  tiers?: TierBandDto[];
  @ApiMinor({
    minimum: 0,
    maximum: MAX_RATE_MINOR,
    nullable: true,
    description: "Unattended sessions' rate per hour or per session (they still count toward the tiers); null: as attended",
  })
  @nullable()
  @minor('unattendedRateMinor')
  unattendedRateMinor?: number | null;
  @ApiMinor({
    minimum: 0,
    maximum: MAX_RATE_MINOR,
    nullable: true,
    description: 'Usage charges below this per period are topped up to it (prorated on a short period); null: none',
  })
  @nullable()
  @minor('minimumCommitmentMinor')
  minimumCommitmentMinor?: number | null;
}
