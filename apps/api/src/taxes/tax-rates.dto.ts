import { TAX_CATEGORY_CODES } from '@app/billing';
import type { TaxCategoryCode } from '@app/billing';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsNumber, IsOptional, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';
import { PageQueryDto } from '../common/pagination';
import { IsOptionalNonNull, NO_CONTROL_CHARS, trim } from '../common/validators';
import { CATEGORY_CODE_DOC } from './tax-rates.view';

// The value rules (name 1..100 characters, percent 0..100 with at most 4 decimals, the category list, S above 0 %
// and the others at 0 %, E with a reason, S and Z without) are libs/billing's validateTaxRate, run by the service on
// the rate as it will be stored: the DTOs only check the JSON types and characters, so the rules are written once.

/** One line of text: no control character at all (the name is printed in the tax breakdown). */
const ONE_LINE = /^[^\u0000-\u001f\u007f\u2028\u2029]*$/;
/** '' (or only spaces) means none. */
const trimToNull = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() || null : value);
const unlessNull = () => ValidateIf((_: object, v: unknown) => v !== null);

const NAME = { minLength: 1, maxLength: 100, description: 'As printed in the tax breakdown, e.g. "VAT", "GST", "PST" (trimmed)' };
const PERCENT = { type: 'number', minimum: 0, maximum: 100, description: 'Percent, at most 4 decimals (19, 7.75, 9.975)' } as const;
const CATEGORY = { enum: [...TAX_CATEGORY_CODES], description: CATEGORY_CODE_DOC };
const REASON = {
  type: String,
  maxLength: 500,
  nullable: true,
  description:
    'The legal reason printed with the rate (EN 16931 BT-120): required for E, not allowed for S and Z, optional otherwise. ' +
    "'' or null: none",
};

/** `POST /tax-rates`. A live rate with the same name (case-insensitively), category and percent is a 409 TAX_RATE_EXISTS. */
export class CreateTaxRateDto {
  @ApiProperty(NAME)
  @Transform(trim)
  @IsString()
  @Matches(ONE_LINE, { message: 'name must be one line without control characters' })
  name: string;
  @ApiProperty(PERCENT)
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'ratePercent must be a number, e.g. 19 or 7.75' })
  ratePercent: number;
  @ApiProperty(CATEGORY) @IsString() categoryCode: TaxCategoryCode;
  @ApiProperty(REASON)
  @IsOptional()
  @Transform(trimToNull)
  @unlessNull()
  @IsString()
  @MaxLength(500)
  @Matches(NO_CONTROL_CHARS, { message: 'exemptionReason must not contain control characters' })
  exemptionReason?: string | null;
}

/**
 * `PATCH /tax-rates/:id`: every field optional, only those sent change; the rate as a whole must stay valid (e.g.
 * `{categoryCode: "E"}` alone is refused on a 19 % rate). A change applies to bills made afterwards.
 */
export class UpdateTaxRateDto {
  @ApiProperty(NAME)
  @IsOptionalNonNull()
  @Transform(trim)
  @IsString()
  @Matches(ONE_LINE, { message: 'name must be one line without control characters' })
  name?: string;
  @ApiProperty(PERCENT)
  @IsOptionalNonNull()
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'ratePercent must be a number, e.g. 19 or 7.75' })
  ratePercent?: number;
  @ApiProperty(CATEGORY) @IsOptionalNonNull() @IsString() categoryCode?: TaxCategoryCode;
  @ApiProperty(REASON)
  @IsOptional()
  @Transform(trimToNull)
  @unlessNull()
  @IsString()
  @MaxLength(500)
  @Matches(NO_CONTROL_CHARS, { message: 'exemptionReason must not contain control characters' })
  exemptionReason?: string | null;
}

/** `GET /tax-rates`: live rates by name; archived ones too with `includeArchived=true`. */
export class ListTaxRatesDto extends PageQueryDto {
  @ApiPropertyOptional({ type: Boolean, description: 'Also list archived rates (default false)' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'includeArchived must be true or false' })
  includeArchived?: boolean;
}
