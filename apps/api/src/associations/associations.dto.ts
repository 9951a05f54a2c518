import { BILLING_CYCLES } from '@app/billing';
import type { BillingCycle } from '@app/billing';
import { ApiProperty } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
// MaxLengthOfEach: the Swagger plugin reads a decorator named MaxLength as the field's own maxLength, even with
// `each` (the items' length); under another name it leaves the recipients' item length to RECIPIENTS.
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO31661Alpha2,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  MaxLength as MaxLengthOfEach,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { ApiDay, ApiInstant, ApiInteger } from '../common/openapi';
import { PageQueryDto } from '../common/pagination';
import { IsCalendarDay, IsEmailAddress, IsInstant, IsOptionalNonNull, IsTimeZone, NO_CONTROL_CHARS, trim } from '../common/validators';
import type { BillingAddress } from './association.entity';
import { ApiRetainerInput, RetainerDto } from '../prepaid/retainer';
import { BusinessCalendarDto } from '../rate-rules/rate-rules.dto';
import { ASSOCIATION_STATUSES } from './associations.view';
import type { AssociationStatus } from './associations.view';

const text = { message: '$property must not contain control characters' };
const RECIPIENTS = {
  type: 'array',
  items: { type: 'string', format: 'email', maxLength: 254 },
  minItems: 1,
  maxItems: 10,
  description: 'Where invoice e-mails go: 1 to 10 addresses, none twice (compared case-insensitively)',
} as const;
const TIME_ZONE = 'An IANA time zone that PostgreSQL knows too, e.g. Europe/Berlin';
/** '' (or only spaces) means null: none. */
const trimToNull = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() || null : value);
const oneLine = (field: string) =>
  Matches(/^[^\u0000-\u001f\u007f\u2028\u2029]*$/, { message: `${field} must be one line without control characters` });

/** Optional lines may be left out, empty or null: they are stored as null. */
export class BillingAddressDto implements BillingAddress {
  @Transform(trim) @IsString() @MinLength(1) @MaxLength(200) @Matches(NO_CONTROL_CHARS, text) name: string;
  @Transform(trim) @IsString() @MinLength(1) @MaxLength(200) @Matches(NO_CONTROL_CHARS, text) line1: string;
  @IsOptional() @Transform(trim) @IsString() @MaxLength(200) @Matches(NO_CONTROL_CHARS, text) line2?: string | null;
  @Transform(trim) @IsString() @MinLength(1) @MaxLength(100) @Matches(NO_CONTROL_CHARS, text) city: string;
  @IsOptional() @Transform(trim) @IsString() @MaxLength(100) @Matches(NO_CONTROL_CHARS, text) region?: string | null;
  @IsOptional() @Transform(trim) @IsString() @MaxLength(20) @Matches(NO_CONTROL_CHARS, text) postalCode?: string | null;
  /** ISO 3166-1 alpha-2, e.g. DE (stored uppercase) */
  @IsString() @IsISO31661Alpha2({ message: 'country must be an ISO 3166-1 alpha-2 code such as DE' }) country: string;
}

/** A customer on a plan; the calendar fields (BusinessCalendarDto, issue #18) are its own business hours and holidays. */
export class CreateAssociationDto extends BusinessCalendarDto {
  /**
   * true: the customer's own business hours and holidays (the calendar fields) replace the plan's; false: the plan's
   * apply (its own are dropped). Setting a calendar field implies true; fields left out are taken from the plan's.
   */
  @IsOptional() @IsBoolean() businessHoursOverride?: boolean;

  /** A department of the organization without an open-ended association */
  @IsUUID('all', { message: 'departmentId must be a UUID' }) departmentId: string;
  @IsIn(BILLING_CYCLES) billingCycle: BillingCycle;
  /** The first day of the first period, in the association's time zone; no earlier than the end of the department's previous association. */
  @ApiDay() @IsCalendarDay() billStartDate: string;
  /** A bill is due this many days after its issue date. */
  @ApiInteger() @IsInt() @Min(0) @Max(365) dueDays: number;
  @IsObject() @ValidateNested() @Type(() => BillingAddressDto) billingAddress: BillingAddressDto;
  @ApiProperty(RECIPIENTS)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @IsEmailAddress({ each: true, message: 'each recipient must be an e-mail address' })
  @MaxLengthOfEach(254, { each: true })
  recipients: string[];
  @ApiProperty({ description: `${TIME_ZONE}; default: the organization's` })
  @IsOptional()
  @IsTimeZone()
  timeZone?: string;
  /** The buyer reference printed on its invoices (EN 16931 BT-10, e.g. a German Leitweg-ID), at most 200 characters. '' or null: none. */
  @IsOptional() @Transform(trimToNull) @IsString() @MaxLength(200) @oneLine('buyerReference') buyerReference?: string | null;
  /** The customer's purchase order number printed on its invoices (EN 16931 BT-13), at most 200 characters. '' or null: none. */
  @IsOptional() @Transform(trimToNull) @IsString() @MaxLength(200) @oneLine('purchaseOrder') purchaseOrder?: string | null;
  /** true: the customer's own `retainer` replaces the plan's; false: the plan's applies (its own is dropped). Setting `retainer` implies true. */
  @IsOptional() @IsBoolean() retainerOverride?: boolean;
  @ApiRetainerInput(
    "The customer's own retainer (issue #17), replacing the plan's; null: none for this customer. Left out: unchanged (the plan's, for a new one)",
  )
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => RetainerDto)
  retainer?: RetainerDto | null;
}

/** Every field optional. Cycle, start date and time zone may change only until the first bill. */
export class UpdateAssociationDto extends BusinessCalendarDto {
  /**
   * true: the customer's own business hours and holidays (the calendar fields) replace the plan's; false: the plan's
   * apply (its own are dropped). Setting a calendar field implies true; fields left out are taken from the plan's.
   */
  @IsOptional() @IsBoolean() businessHoursOverride?: boolean;

  @IsOptionalNonNull() @IsIn(BILLING_CYCLES) billingCycle?: BillingCycle;
  /** The first day of the first period, in the association's time zone. */
  @ApiDay() @IsOptionalNonNull() @IsCalendarDay() billStartDate?: string;
  /** A bill is due this many days after its issue date (bills made afterwards). */
  @ApiInteger() @IsOptionalNonNull() @IsInt() @Min(0) @Max(365) dueDays?: number;
  @IsOptionalNonNull() @IsObject() @ValidateNested() @Type(() => BillingAddressDto) billingAddress?: BillingAddressDto;
  @ApiProperty(RECIPIENTS)
  @IsOptionalNonNull()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @IsEmailAddress({ each: true, message: 'each recipient must be an e-mail address' })
  @MaxLengthOfEach(254, { each: true })
  recipients?: string[];
  @ApiProperty({ description: TIME_ZONE }) @IsOptionalNonNull() @IsTimeZone() timeZone?: string;
  /** The buyer reference printed on its invoices (EN 16931 BT-10, e.g. a German Leitweg-ID), at most 200 characters; bills made afterwards. '' or null: none. */
  @IsOptional() @Transform(trimToNull) @IsString() @MaxLength(200) @oneLine('buyerReference') buyerReference?: string | null;
  /** The customer's purchase order number printed on its invoices (EN 16931 BT-13), at most 200 characters; bills made afterwards. '' or null: none. */
  @IsOptional() @Transform(trimToNull) @IsString() @MaxLength(200) @oneLine('purchaseOrder') purchaseOrder?: string | null;
  /** true: the customer's own `retainer` replaces the plan's; false: the plan's applies (its own is dropped). Setting `retainer` implies true. */
  @IsOptional() @IsBoolean() retainerOverride?: boolean;
  @ApiRetainerInput(
    "The customer's own retainer (issue #17), replacing the plan's; null: none for this customer. Left out: unchanged (the plan's, for a new one)",
  )
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => RetainerDto)
  retainer?: RetainerDto | null;
}

/** `DELETE /associations/:id` body: when the association ends (default now); past or future (scheduled). */
export class EndAssociationDto {
  /** An instant with an offset; default now. Past: no earlier than `billedThrough` nor the start; future: a scheduled end. */
  @ApiInstant() @IsOptional() @IsInstant() endedAt?: string;
}

/** `GET /plans/:id/associations`: every filter optional. */
export class ListPlanAssociationsDto extends PageQueryDto {
  /** `active` includes an association whose end is scheduled but not reached. */
  @IsOptional() @IsIn(ASSOCIATION_STATUSES) status?: AssociationStatus;
  /** Only this department's associations. */
  @IsOptional() @IsUUID('all') departmentId?: string;
}

/** `GET /associations`: every filter optional. */
export class ListAssociationsDto extends ListPlanAssociationsDto {
  /** Only this plan's associations. */
  @IsOptional() @IsUUID('all') planId?: string;
}
