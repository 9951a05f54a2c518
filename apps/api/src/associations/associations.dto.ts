import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
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
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { PageQueryDto } from '../common/pagination';
import { IsCalendarDay, IsEmailAddress, IsInstant, IsOptionalNonNull, IsTimeZone, NO_CONTROL_CHARS, trim } from '../common/validators';
import type { BillingAddress, BillingCycle } from './association.entity';

export const BILLING_CYCLES: BillingCycle[] = ['weekly', 'monthly', 'quarterly', 'half_yearly', 'yearly'];
const text = { message: '$property must not contain control characters' };

export class BillingAddressDto implements BillingAddress {
  @Transform(trim) @IsString() @MinLength(1) @MaxLength(200) @Matches(NO_CONTROL_CHARS, text) name: string;
  @Transform(trim) @IsString() @MinLength(1) @MaxLength(200) @Matches(NO_CONTROL_CHARS, text) line1: string;
  @IsOptional() @Transform(trim) @IsString() @MaxLength(200) @Matches(NO_CONTROL_CHARS, text) line2?: string;
  @Transform(trim) @IsString() @MinLength(1) @MaxLength(100) @Matches(NO_CONTROL_CHARS, text) city: string;
  @IsOptional() @Transform(trim) @IsString() @MaxLength(100) @Matches(NO_CONTROL_CHARS, text) region?: string;
  @IsOptional() @Transform(trim) @IsString() @MaxLength(20) @Matches(NO_CONTROL_CHARS, text) postalCode?: string;
  @IsString() @IsISO31661Alpha2({ message: 'country must be an ISO 3166-1 alpha-2 code such as DE' }) country: string;
}

export class CreateAssociationDto {
  @IsUUID('all', { message: 'departmentId must be a UUID' }) departmentId: string;
  @IsIn(BILLING_CYCLES) billingCycle: BillingCycle;
  @IsCalendarDay() billStartDate: string;
  @IsInt() @Min(0) @Max(365) dueDays: number;
  @IsObject() @ValidateNested() @Type(() => BillingAddressDto) billingAddress: BillingAddressDto;
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @IsEmailAddress({ each: true, message: 'each recipient must be an e-mail address' })
  @MaxLength(254, { each: true })
  recipients: string[];
  @IsOptional() @IsTimeZone() timeZone?: string;
}

/** Cycle, start date and time zone may change only until the first bill. */
export class UpdateAssociationDto {
  @IsOptionalNonNull() @IsIn(BILLING_CYCLES) billingCycle?: BillingCycle;
  @IsOptionalNonNull() @IsCalendarDay() billStartDate?: string;
  @IsOptionalNonNull() @IsInt() @Min(0) @Max(365) dueDays?: number;
  @IsOptionalNonNull() @IsObject() @ValidateNested() @Type(() => BillingAddressDto) billingAddress?: BillingAddressDto;
  @IsOptionalNonNull()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @IsEmailAddress({ each: true, message: 'each recipient must be an e-mail address' })
  @MaxLength(254, { each: true })
  recipients?: string[];
  @IsOptionalNonNull() @IsTimeZone() timeZone?: string;
}

/** `DELETE /associations/:id` body: when the association ends (default now); past or future (scheduled). */
export class EndAssociationDto {
  @IsOptional() @IsInstant() endedAt?: string;
}

export class ListAssociationsDto extends PageQueryDto {
  @IsOptional() @IsUUID('all') departmentId?: string;
  @IsOptional() @IsUUID('all') planId?: string;
  @IsOptional() @IsIn(['active', 'ended']) status?: 'active' | 'ended';
}

export interface AssociationView {
  id: string;
  planId: string;
  plan: { id: string; name: string };
  departmentId: string;
  department: { id: string; name: string };
  billingCycle: BillingCycle;
  billStartDate: string;
  dueDays: number;
  billingAddress: BillingAddress;
  recipients: string[];
  timeZone: string;
  /** `ended` once its end has passed; an association with a scheduled end is `active` until then. */
  status: 'active' | 'ended';
  /** Its interval of time [startsAt, endedAt): sessions that start inside it are its own. */
  startsAt: string;
  endedAt: string | null;
  billed: boolean;
  /** End of its last billed period (null before its first bill): the earliest instant it may end at. */
  billedThrough: string | null;
  createdAt: string;
  updatedAt: string;
}
