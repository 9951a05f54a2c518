import { ApiProperty } from '@nestjs/swagger';
import { CUSTOMER_EINVOICE_FORMATS } from '@app/invoicing';
import type { CustomerEInvoiceFormat } from '@app/invoicing';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
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
  ValidateBy,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
// IsUUIDEach: the Swagger plugin reads a decorator named IsUUID as the field's own format, even with `each`; the
// items' format is in TAX_RATES.
import { ApiElectronicAddress, ElectronicAddressDto } from '../common/electronic-address';
import { PageQueryDto } from '../common/pagination';
import { IsOptionalNonNull } from '../common/validators';
import { INVOICE_LANGUAGES } from '../organizations/organization.view';
import type { InvoiceLanguage } from '../organizations/organization.view';
import { normalizeVatId } from '../organizations/tax-ids';
import { TAX_RATE_IDS_RULE, taxRateIdsSchema } from '../taxes/tax-rate-ids';
import { CUSTOMER_TAX_TREATMENTS, customerVatIdError } from './customer-tax';
import type { CustomerTaxTreatment } from './customer-tax';
import { TAX_TREATMENT_DOC } from './departments.view';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const NO_CONTROL_CHARS = /^[^\u0000-\u001f\u007f]*$/;
/** '' (or only spaces) means null: none, or "the default". */
const trimToNull = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() || null : value);
const unlessNull = () => ValidateIf((_: object, v: unknown) => v !== null);

/** A customer's VAT ID (customer-tax.ts), normalized first (uppercase, no spaces, dots or dashes). */
const IsCustomerVatId = () =>
  ValidateBy({
    name: 'isVatId',
    validator: {
      validate: (v) => typeof v === 'string' && customerVatIdError(v) === null,
      defaultMessage: (a) => (typeof a?.value === 'string' && customerVatIdError(a.value)) || 'vatId must be a string',
    },
  });
const normalizedVatId = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? (value.trim() ? normalizeVatId(value.trim()) : null) : value;

const VAT_ID = {
  type: String,
  nullable: true,
  maxLength: 20,
  example: 'ATU13585627',
  description:
    'The VAT identification number with its country prefix (EU member states with EL for Greece, XI, GB, CH, NO), checked ' +
    "for that country's format and check digits; stored uppercase without spaces, dots or dashes. Required for reverse_charge. " +
    "'' or null: none",
};
const LANGUAGE = {
  enum: [...INVOICE_LANGUAGES, null],
  nullable: true,
  description: "The language of the customer's invoices; null: the organization's",
};
const TREATMENT = { enum: [...CUSTOMER_TAX_TREATMENTS], description: TAX_TREATMENT_DOC };
const REASON = {
  type: String,
  nullable: true,
  maxLength: 500,
  description:
    'The legal reason printed with the treatment, e.g. "Exempt under § 4 Nr. 21 UStG": required for exempt, optional for ' +
    "reverse_charge and export, null under standard. '' or null: none",
};
const TAX_RATES = taxRateIdsSchema(
  `The customer's own tax rates, replacing its plan's default ones. ${TAX_RATE_IDS_RULE}. null: its plan's rates apply; [] explicitly none`,
  true,
);
const legalName = { message: 'legalName must be one line without control characters' };
const reason = { message: 'exemptionReason must not contain control characters' };
const rateId = { message: 'each of taxRateIds must be a UUID' };
const language = { message: `invoiceLanguage must be one of ${INVOICE_LANGUAGES.join(', ')} (or null: the organization's)` };
const treatment = { message: `taxTreatment must be one of ${CUSTOMER_TAX_TREATMENTS.join(', ')}` };

/**
 * `POST /departments`. Tax data is optional: a customer without it is taxed `standard` at its plan's rates.
 * Reverse charge needs `vatId`, exempt needs `exemptionReason` (400 naming the field).
 */
export class CreateDepartmentDto {
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @Matches(NO_CONTROL_CHARS, { message: 'name must not contain control characters' })
  name: string;

  /** Its id in another system, unique in the organization (409 DEPARTMENT_EXTERNAL_ID_TAKEN); usage may name the department by it. */
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @Matches(NO_CONTROL_CHARS, { message: 'externalId must not contain control characters' })
  externalId?: string;

  /** The customer's registered legal name, printed as the buyer on invoices. '' or null: none (the billing address's name is printed). */
  @IsOptional() @Transform(trimToNull) @unlessNull() @IsString() @MaxLength(200) @Matches(NO_CONTROL_CHARS, legalName) legalName?:
    string | null;
  @ApiProperty(VAT_ID)
  @IsOptional()
  @Transform(normalizedVatId)
  @unlessNull()
  @IsString()
  @MaxLength(20)
  @IsCustomerVatId()
  vatId?: string | null;
  @ApiProperty(LANGUAGE) @IsOptional() @unlessNull() @IsIn(INVOICE_LANGUAGES, language) invoiceLanguage?: InvoiceLanguage | null;
  // No `default`: openapi-typescript would type the field as required in the console's request body.
  @ApiProperty({ ...TREATMENT, description: `${TREATMENT.description}. Default: standard` })
  @IsOptionalNonNull()
  @IsIn(CUSTOMER_TAX_TREATMENTS, treatment)
  taxTreatment?: CustomerTaxTreatment;
  @ApiProperty(REASON)
  @IsOptional()
  @Transform(trimToNull)
  @unlessNull()
  @IsString()
  @MaxLength(500)
  @Matches(NO_CONTROL_CHARS, reason)
  exemptionReason?: string | null;
  @ApiProperty(TAX_RATES)
  @IsOptional()
  @unlessNull()
  @IsArray()
  @ArrayMaxSize(2)
  @IsUUIDEach('all', { each: true, ...rateId })
  taxRateIds?: string[] | null;
  /** Days a closed period's bill stays a draft for review before it is issued (0..90); null: the organization's. */
  @ApiProperty({ type: 'integer', minimum: 0, maximum: 90, nullable: true, required: false })
  @IsOptional()
  @unlessNull()
  @IsInt({ message: "reviewDays must be an integer from 0 to 90 (or null: the organization's)" })
  @Min(0, { message: "reviewDays must be an integer from 0 to 90 (or null: the organization's)" })
  @Max(90, { message: "reviewDays must be an integer from 0 to 90 (or null: the organization's)" })
  reviewDays?: number | null;
  /** Whether the organization's payment reminders go to this customer (default true). */
  @IsOptionalNonNull()
  @IsBoolean({ message: 'remindersEnabled must be true or false' })
  remindersEnabled?: boolean;
  /** Whether each invoice, credit note and supplementary invoice issued for this customer is e-mailed to its recipients (default true). */
  @IsOptionalNonNull()
  @IsBoolean({ message: 'autoSend must be true or false' })
  autoSend?: boolean;
  @ApiProperty({
    enum: [...CUSTOMER_EINVOICE_FORMATS],
    required: false,
    description: 'The e-invoice format of its documents; default none (the PDF alone)',
  })
  @IsOptionalNonNull()
  @IsIn(CUSTOMER_EINVOICE_FORMATS, { message: `einvoiceFormat must be one of ${CUSTOMER_EINVOICE_FORMATS.join(', ')}` })
  einvoiceFormat?: CustomerEInvoiceFormat;
  /** Its electronic address (EN 16931 BT-49): an EAS scheme and an id valid in it; null removes it. */
  @ApiElectronicAddress('Its electronic address (EN 16931 BT-49); null: none', { input: true })
  @IsOptional()
  @unlessNull()
  @IsObject({ message: 'electronicAddress must be an object { scheme, id } or null' })
  @ValidateNested()
  @Type(() => ElectronicAddressDto)
  electronicAddress?: ElectronicAddressDto | null;
  /** Whether its e-invoices carry the session statement (BG-24); default false. */
  @IsOptionalNonNull()
  @IsBoolean({ message: 'attachSessionStatement must be true or false' })
  attachSessionStatement?: boolean;
}

/**
 * `PATCH /departments/:id`: every field optional, only those sent change; null clears an optional one. The tax data
 * as a whole must stay valid (e.g. `vatId: null` is refused on a reverse_charge customer). Changes apply to bills made
 * afterwards.
 */
export class UpdateDepartmentDto {
  @IsOptionalNonNull()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @Matches(NO_CONTROL_CHARS, { message: 'name must not contain control characters' })
  name?: string;

  /** Its id in another system, unique in the organization; null clears it. */
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @Matches(NO_CONTROL_CHARS, { message: 'externalId must not contain control characters' })
  externalId?: string | null;

  /** The customer's registered legal name, printed as the buyer on invoices. '' or null: none (the billing address's name is printed). */
  @IsOptional() @Transform(trimToNull) @unlessNull() @IsString() @MaxLength(200) @Matches(NO_CONTROL_CHARS, legalName) legalName?:
    string | null;
  @ApiProperty(VAT_ID)
  @IsOptional()
  @Transform(normalizedVatId)
  @unlessNull()
  @IsString()
  @MaxLength(20)
  @IsCustomerVatId()
  vatId?: string | null;
  @ApiProperty(LANGUAGE) @IsOptional() @unlessNull() @IsIn(INVOICE_LANGUAGES, language) invoiceLanguage?: InvoiceLanguage | null;
  @ApiProperty(TREATMENT) @IsOptionalNonNull() @IsIn(CUSTOMER_TAX_TREATMENTS, treatment) taxTreatment?: CustomerTaxTreatment;
  @ApiProperty(REASON)
  @IsOptional()
  @Transform(trimToNull)
  @unlessNull()
  @IsString()
  @MaxLength(500)
  @Matches(NO_CONTROL_CHARS, reason)
  exemptionReason?: string | null;
  @ApiProperty({ ...TAX_RATES, description: `${TAX_RATES.description}. Replaces the list` })
  @IsOptional()
  @unlessNull()
  @IsArray()
  @ArrayMaxSize(2)
  @IsUUIDEach('all', { each: true, ...rateId })
  taxRateIds?: string[] | null;
  /** Days a closed period's bill stays a draft for review before it is issued (0..90); null: the organization's. */
  @ApiProperty({ type: 'integer', minimum: 0, maximum: 90, nullable: true, required: false })
  @IsOptional()
  @unlessNull()
  @IsInt({ message: "reviewDays must be an integer from 0 to 90 (or null: the organization's)" })
  @Min(0, { message: "reviewDays must be an integer from 0 to 90 (or null: the organization's)" })
  @Max(90, { message: "reviewDays must be an integer from 0 to 90 (or null: the organization's)" })
  reviewDays?: number | null;
  /** Whether the organization's payment reminders go to this customer (default true). */
  @IsOptionalNonNull()
  @IsBoolean({ message: 'remindersEnabled must be true or false' })
  remindersEnabled?: boolean;
  /** Whether each invoice, credit note and supplementary invoice issued for this customer is e-mailed to its recipients (default true). */
  @IsOptionalNonNull()
  @IsBoolean({ message: 'autoSend must be true or false' })
  autoSend?: boolean;
  @ApiProperty({
    enum: [...CUSTOMER_EINVOICE_FORMATS],
    required: false,
    description: 'The e-invoice format of its documents; default none (the PDF alone)',
  })
  @IsOptionalNonNull()
  @IsIn(CUSTOMER_EINVOICE_FORMATS, { message: `einvoiceFormat must be one of ${CUSTOMER_EINVOICE_FORMATS.join(', ')}` })
  einvoiceFormat?: CustomerEInvoiceFormat;
  /** Its electronic address (EN 16931 BT-49): an EAS scheme and an id valid in it; null removes it. */
  @ApiElectronicAddress('Its electronic address (EN 16931 BT-49); null: none', { input: true })
  @IsOptional()
  @unlessNull()
  @IsObject({ message: 'electronicAddress must be an object { scheme, id } or null' })
  @ValidateNested()
  @Type(() => ElectronicAddressDto)
  electronicAddress?: ElectronicAddressDto | null;
  /** Whether its e-invoices carry the session statement (BG-24); default false. */
  @IsOptionalNonNull()
  @IsBoolean({ message: 'attachSessionStatement must be true or false' })
  attachSessionStatement?: boolean;
}

export class ListDepartmentsDto extends PageQueryDto {
  /** Case-insensitive substring of the name. */
  @IsOptional() @IsString() @MaxLength(200) q?: string;
}
