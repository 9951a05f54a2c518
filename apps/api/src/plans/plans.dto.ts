import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { CreateAssociationDto } from '../associations/associations.dto';
import type { AssociationView } from '../associations/associations.dto';
import { PageQueryDto } from '../common/pagination';
import { IsCurrency, IsOptionalNonNull, NO_CONTROL_CHARS, trim } from '../common/validators';
import type { BillingType } from './plan.entity';
import { BILLING_INCREMENTS, MAX_RATE_MINOR } from './plan-rules';

const BILLING_TYPES: BillingType[] = ['per_session', 'per_hour'];
const rate = () => (target: object, key: string) => {
  IsInt({ message: `${key} must be an integer count of minor units` })(target, key);
  Min(0)(target, key);
  Max(MAX_RATE_MINOR)(target, key);
};

export class CreatePlanDto {
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @Matches(NO_CONTROL_CHARS, { message: 'name must not contain control characters' })
  name: string;
  @IsCurrency() currency: string;
  @IsIn(BILLING_TYPES) billingType: BillingType;
  @ValidateIf((o: CreatePlanDto, v) => (v !== undefined && v !== null) || o.billingType === 'per_session') @rate() sessionRateMinor?:
    number | null;
  @ValidateIf((o: CreatePlanDto, v) => (v !== undefined && v !== null) || o.billingType === 'per_hour') @rate() hourRateMinor?:
    number | null;
  @IsOptional() @rate() unattendedDeviceRateMinor?: number;
  @IsOptional() @IsIn(BILLING_INCREMENTS as unknown as number[]) billingIncrementMinutes?: number;
  @IsOptional() @IsInt() @Min(0) @Max(1440) minimumBillableMinutes?: number;
  /** Associate customers now, in the same transaction. (IsObject: ValidateNested passes an item that is itself an array.) */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => CreateAssociationDto)
  associations?: CreateAssociationDto[];
}

export class UpdatePlanDto {
  @IsOptionalNonNull()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @Matches(NO_CONTROL_CHARS, { message: 'name must not contain control characters' })
  name?: string;
  @IsOptionalNonNull() @IsCurrency() currency?: string;
  @IsOptionalNonNull() @IsIn(BILLING_TYPES) billingType?: BillingType;
  @IsOptional() @ValidateIf((_, v) => v !== null) @rate() sessionRateMinor?: number | null;
  @IsOptional() @ValidateIf((_, v) => v !== null) @rate() hourRateMinor?: number | null;
  @IsOptionalNonNull() @rate() unattendedDeviceRateMinor?: number;
  @IsOptionalNonNull() @IsIn(BILLING_INCREMENTS as unknown as number[]) billingIncrementMinutes?: number;
  @IsOptionalNonNull() @IsInt() @Min(0) @Max(1440) minimumBillableMinutes?: number;
}

export class ListPlansDto extends PageQueryDto {
  @IsOptional() @IsString() @MaxLength(100) q?: string;
}

export interface PlanView {
  id: string;
  name: string;
  currency: string;
  billingType: BillingType;
  sessionRateMinor: number | null;
  hourRateMinor: number | null;
  unattendedDeviceRateMinor: number;
  billingIncrementMinutes: number;
  minimumBillableMinutes: number;
  activeAssociationsCount: number;
  createdAt: string;
  updatedAt: string;
  associations?: AssociationView[];
}
