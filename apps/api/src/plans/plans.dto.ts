import { BILLING_TYPES } from '@app/billing';
import type { BillingType } from '@app/billing';
import { ApiProperty } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID as IsUUIDEach,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { CreateAssociationDto } from '../associations/associations.dto';
import { ApiInteger, ApiMinor } from '../common/openapi';
import { PageQueryDto } from '../common/pagination';
import { TAX_RATE_IDS_RULE, taxRateIdsSchema } from '../taxes/tax-rate-ids';
// IsUUIDEach: the Swagger plugin reads a decorator named IsUUID as the field's own format, even with `each`; the
// items' format is in TAX_RATES.
// Imported under another name: the Swagger plugin reads a decorator named IsCurrency as class-validator's
// (a money amount, `format: currency`); ours checks an ISO 4217 code, documented by CURRENCY below.
import { IsCurrency as IsCurrencyCode, IsOptionalNonNull, NO_CONTROL_CHARS, trim } from '../common/validators';
import { BILLING_INCREMENTS, MAX_RATE_MINOR } from './plan-rules';
import { ApiRetainerInput, RetainerDto } from '../prepaid/retainer';
import { RateRulesDto } from '../rate-rules/rate-rules.dto';
import { IsCalendarDay } from '../common/validators';

const rate = () => (target: object, key: string) => {
  IsInt({ message: `${key} must be an integer count of minor units` })(target, key);
  Min(0)(target, key);
  Max(MAX_RATE_MINOR)(target, key);
};
const RATE = { minimum: 0, maximum: MAX_RATE_MINOR };
const CURRENCY = { description: 'ISO 4217 code, uppercase; the rates are minor units of it', pattern: '^[A-Z]{3}$', example: 'EUR' };
const INCREMENT = {
  enum: [...BILLING_INCREMENTS],
  description: "per_hour: each session's time is rounded up to a multiple of these minutes",
};
const TAX_RATES = taxRateIdsSchema(
  `The plan's default tax rates, for customers that do not choose their own. ${TAX_RATE_IDS_RULE}; [] or left out: none`,
);
const MINIMUM = { minimum: 0, maximum: 1440, description: 'per_hour: each session bills at least these minutes (0: no minimum)' };

/** A plan, with its rate rules (RateRulesDto, issue #18: left out, none). */
export class CreatePlanDto extends RateRulesDto {
  /** Unique (case-insensitively) among the organization's plans */
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @Matches(NO_CONTROL_CHARS, { message: 'name must not contain control characters' })
  name: string;
  @ApiProperty(CURRENCY) @IsCurrencyCode() currency: string;
  @IsIn(BILLING_TYPES) billingType: BillingType;
  @ApiMinor({ ...RATE, nullable: true, description: 'Price of one session, integer minor units; required for per_session' })
  @ValidateIf((o: CreatePlanDto, v) => (v !== undefined && v !== null) || o.billingType === 'per_session')
  @rate()
  sessionRateMinor?: number | null;
  @ApiMinor({ ...RATE, nullable: true, description: 'Price of one hour, integer minor units; required for per_hour' })
  @ValidateIf((o: CreatePlanDto, v) => (v !== undefined && v !== null) || o.billingType === 'per_hour')
  @rate()
  hourRateMinor?: number | null;
  @ApiMinor({ ...RATE, description: 'Fee per unattended device active in a period, integer minor units; default 0 (none)' })
  @IsOptional()
  @rate()
  unattendedDeviceRateMinor?: number;
  @ApiInteger({ ...INCREMENT, default: 1 }) @IsOptional() @IsIn(BILLING_INCREMENTS) billingIncrementMinutes?: number;
  @ApiInteger({ ...MINIMUM, default: 0 }) @IsOptional() @IsInt() @Min(0) @Max(1440) minimumBillableMinutes?: number;
  @ApiProperty(TAX_RATES)
  @IsOptionalNonNull()
  @IsArray()
  @ArrayMaxSize(2)
  @IsUUIDEach('all', { each: true, message: 'each of taxRateIds must be a UUID' })
  taxRateIds?: string[];
  @ApiRetainerInput('Prepaid units included in each period at a fixed fee (issue #17); null or left out: none')
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => RetainerDto)
  retainer?: RetainerDto | null;
  // IsObject: ValidateNested passes an item that is itself an array.
  /** Customers to associate now, in the same transaction: all or nothing. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => CreateAssociationDto)
  associations?: CreateAssociationDto[];
}

/**
 * Every field optional. A rate may be cleared with null unless the (new) billing type needs it. A change of the rates
 * or rate rules is a new rate version, in force from `effectiveFrom`.
 */
export class UpdatePlanDto extends RateRulesDto {
  @ApiProperty({
    type: 'string',
    format: 'date',
    description:
      "The day a change of rates or rate rules takes effect, in each customer's time zone (a period straddling it is billed per part); not before what is already billed. Left out: from each customer's next bill (every period not billed yet)",
  })
  @IsOptionalNonNull()
  @IsCalendarDay()
  effectiveFrom?: string;
  /** Unique (case-insensitively) among the organization's plans */
  @IsOptionalNonNull()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @Matches(NO_CONTROL_CHARS, { message: 'name must not contain control characters' })
  name?: string;
  @ApiProperty({ ...CURRENCY, description: `${CURRENCY.description}. Fixed once the plan has or had a customer (409)` })
  @IsOptionalNonNull()
  @IsCurrencyCode()
  currency?: string;
  @IsOptionalNonNull() @IsIn(BILLING_TYPES) billingType?: BillingType;
  @ApiMinor({ ...RATE, nullable: true, description: 'Price of one session, integer minor units; required for per_session' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @rate()
  sessionRateMinor?: number | null;
  @ApiMinor({ ...RATE, nullable: true, description: 'Price of one hour, integer minor units; required for per_hour' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @rate()
  hourRateMinor?: number | null;
  @ApiMinor({ ...RATE, description: 'Fee per unattended device active in a period, integer minor units; 0: none' })
  @IsOptionalNonNull()
  @rate()
  unattendedDeviceRateMinor?: number;
  @ApiInteger(INCREMENT) @IsOptionalNonNull() @IsIn(BILLING_INCREMENTS) billingIncrementMinutes?: number;
  @ApiInteger(MINIMUM) @IsOptionalNonNull() @IsInt() @Min(0) @Max(1440) minimumBillableMinutes?: number;
  @ApiProperty({ ...TAX_RATES, description: `${TAX_RATES.description}. Replaces the list; bills made afterwards use it` })
  @IsOptionalNonNull()
  @IsArray()
  @ArrayMaxSize(2)
  @IsUUIDEach('all', { each: true, message: 'each of taxRateIds must be a UUID' })
  taxRateIds?: string[];
  @ApiRetainerInput(
    'Replaces the retainer (null: none); bills made afterwards use it. Its units follow the billing type, so a change of billingType sets it again',
  )
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => RetainerDto)
  retainer?: RetainerDto | null;
}

export class ListPlansDto extends PageQueryDto {
  /** Case-insensitive substring of the name. */
  @IsOptional() @IsString() @MaxLength(100) q?: string;
}
