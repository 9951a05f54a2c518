import { ApiProperty, OmitType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  isURL,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateBy,
  ValidateIf,
  ValidateNested,
  ValidationOptions,
} from 'class-validator';
import { BillingAddressDto } from '../associations/associations.dto';
import { ApiElectronicAddress, ElectronicAddressDto } from '../common/electronic-address';
import { IsEmailAddress, IsOptionalNonNull, NO_CONTROL_CHARS } from '../common/validators';
import { INVOICE_LANGUAGES } from './organization.view';
import type { InvoiceLanguage } from './organization.view';
import { checkBic, checkIban, checkVatId, Checked, normalizeBic, normalizeIban, normalizeVatId } from './tax-ids';

/**
 * One line of text: no control character at all (not even TAB, CR or LF). These values go into e-mail
 * headers (From, Subject) and document titles.
 */
const ONE_LINE = /^[^\u0000-\u001f\u007f\u2028\u2029]*$/;
const oneLine = (field: string) => Matches(ONE_LINE, { message: `${field} must be one line without control characters` });
/** Text of several lines (line breaks and tabs allowed, no other control character). */
const multiLine = (field: string) => Matches(NO_CONTROL_CHARS, { message: `${field} must not contain control characters` });

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
/** A cleared text field: '' (or only spaces) means null, i.e. "use the server's default" or "none". */
const trimToNull = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() || null : value);
/** trimToNull, then `normalize` on what is left. */
const normalized =
  (normalize: (v: string) => string) =>
  ({ value }: { value: unknown }) =>
    typeof value === 'string' ? (value.trim() ? normalize(value.trim()) : null) : value;
const unlessNull = () => ValidateIf((_: object, v: unknown) => v !== null);

/** A string that `check` accepts; its message is the check's own sentence. */
const checkedBy = (name: string, check: (v: string) => Checked, options?: ValidationOptions) =>
  ValidateBy(
    {
      name,
      validator: {
        validate: (v) => typeof v === 'string' && !check(v).error,
        defaultMessage: (a) => (typeof a?.value === 'string' && check(a.value).error) || `${a?.property} must be a string`,
      },
    },
    options,
  );

/** A telephone number as people write it: digits, spaces, + ( ) . / -, with 3 to 20 digits. */
const IsPhone = () =>
  ValidateBy({
    name: 'isPhone',
    validator: {
      validate: (v) =>
        typeof v === 'string' && /^\+?[0-9 ()./-]+$/.test(v) && (v.match(/[0-9]/g)?.length ?? 0) >= 3 && v.replace(/\D/g, '').length <= 20,
      defaultMessage: (a) => `${a?.property} must be a telephone number (digits, spaces and + ( ) . / -), e.g. +49 89 1234567`,
    },
  });

/** An absolute https:// URL with a host name (the website printed on invoices). */
const IsHttpsUrl = () =>
  ValidateBy({
    name: 'isHttpsUrl',
    validator: {
      validate: (v) =>
        typeof v === 'string' &&
        !/[\s\p{Cs}]/u.test(v) &&
        /^https:\/\//i.test(v) &&
        isURL(v, { protocols: ['https'], require_protocol: true, require_valid_protocol: true, require_host: true, require_tld: true }),
      defaultMessage: (a) => `${a?.property} must be an https:// URL, e.g. https://www.example.com`,
    },
  });

/**
 * The seller's address: the shape and checks of a customer's billing address (associations), without `name`:
 * the name printed above it is `legalName` (or `name`). Optional lines may be left out, empty or null.
 */
export class SellerAddressDto extends OmitType(BillingAddressDto, ['name'] as const) {}

/**
 * `PATCH /organization`: every field optional, and only the fields sent change; `null` (or '') clears an optional
 * field (a mail setting goes back to the server's default). `address` is replaced as a whole.
 * Add a field here, to OrganizationView (organization.view.ts) and to OrganizationPatch.
 */
export class UpdateOrganizationDto {
  /** Printed on invoices and in invoice e-mails. */
  @IsOptionalNonNull() @Transform(trim) @IsString() @MinLength(1) @MaxLength(200) @oneLine('name') name?: string;
  /** The From name of invoice e-mails (the address stays MAIL_FROM's). null: MAIL_FROM's own name. */
  @IsOptional() @Transform(trimToNull) @unlessNull() @IsString() @MaxLength(100) @oneLine('senderName') senderName?: string | null;
  /** Where replies to invoice e-mails go. null: MAIL_REPLY_TO, or no Reply-To. */
  @ApiProperty({ type: String, format: 'email' })
  @IsOptional()
  @Transform(trimToNull)
  @unlessNull()
  @IsEmailAddress()
  @MaxLength(254)
  replyToEmail?: string | null;

  // ----- legal identity
  /** The seller's registered legal name, e.g. "Initech GmbH". null: `name` is printed instead. */
  @IsOptional() @Transform(trimToNull) @unlessNull() @IsString() @MaxLength(200) @oneLine('legalName') legalName?: string | null;
  /**
   * The VAT identification number with its country prefix (EL for Greece, XI for Northern Ireland; EU member
   * states, GB, CH, NO), checked for that country's format and check digits; stored uppercase without spaces,
   * dots or dashes. The prefix need not be the address's country (a VAT registration abroad is fine).
   */
  @ApiProperty({ type: String, example: 'DE136695976' })
  @IsOptional()
  @Transform(normalized(normalizeVatId))
  @unlessNull()
  @IsString()
  @MaxLength(20)
  @checkedBy('isVatId', checkVatId)
  vatId?: string | null;
  /** Any other tax identifier as it is printed (a German Steuernummer, a US EIN, an ABN…). Free text. */
  @IsOptional() @Transform(trimToNull) @unlessNull() @IsString() @MaxLength(50) @oneLine('taxNumber') taxNumber?: string | null;
  /** The company's registration, free text, e.g. "Amtsgericht München HRB 123456". */
  @IsOptional()
  @Transform(trimToNull)
  @unlessNull()
  @IsString()
  @MaxLength(200)
  @oneLine('companyRegistration')
  companyRegistration?: string | null;
  /** Replaced as a whole; null removes it. */
  @IsOptional() @unlessNull() @IsObject() @ValidateNested() @Type(() => SellerAddressDto) address?: SellerAddressDto | null;

  // ----- contact
  /** The e-mail address printed on invoices for questions. */
  @ApiProperty({ type: String, format: 'email' })
  @IsOptional()
  @Transform(trimToNull)
  @unlessNull()
  @IsEmailAddress()
  @MaxLength(254)
  contactEmail?: string | null;
  /** As it is printed: digits, spaces and + ( ) . / -, with 3 to 20 digits. */
  @IsOptional() @Transform(trimToNull) @unlessNull() @IsString() @MaxLength(40) @IsPhone() phone?: string | null;
  /** An https:// URL (the scheme is stored lowercase). */
  @ApiProperty({ type: String, format: 'uri', example: 'https://www.example.com' })
  @IsOptional()
  @Transform(normalized((v) => v.replace(/^https:\/\//i, 'https://')))
  @unlessNull()
  @IsString()
  @MaxLength(200)
  @IsHttpsUrl()
  website?: string | null;

  // ----- payment details
  /** The name on the bank account, when it is not the legal name. */
  @IsOptional() @Transform(trimToNull) @unlessNull() @IsString() @MaxLength(200) @oneLine('accountHolder') accountHolder?: string | null;
  /**
   * The IBAN invoices ask to pay to: the length and format of its country and a valid mod-97 checksum; stored in
   * electronic format (uppercase, no spaces).
   */
  @ApiProperty({ type: String, example: 'DE89370400440532013000' })
  @IsOptional()
  @Transform(normalized(normalizeIban))
  @unlessNull()
  @IsString()
  @MaxLength(34)
  @checkedBy('isIban', checkIban)
  iban?: string | null;
  /** The bank's BIC (SWIFT code), 8 or 11 characters; stored uppercase. */
  @ApiProperty({ type: String, example: 'COBADEFFXXX' })
  @IsOptional()
  @Transform(normalized(normalizeBic))
  @unlessNull()
  @IsString()
  @MaxLength(11)
  @checkedBy('isBic', checkBic)
  bic?: string | null;
  /** Other ways to pay, free text (several lines), e.g. for customers outside SEPA. */
  @IsOptional()
  @Transform(trimToNull)
  @unlessNull()
  @IsString()
  @MaxLength(1000)
  @multiLine('paymentInstructions')
  paymentInstructions?: string | null;

  // ----- invoice texts
  /** The default payment terms printed on invoices (several lines), e.g. "Payable within 14 days without deduction." */
  @IsOptional() @Transform(trimToNull) @unlessNull() @IsString() @MaxLength(1000) @multiLine('paymentTerms') paymentTerms?: string | null;
  /** The footer of every invoice page (several lines): registered office, managing directors… */
  @IsOptional()
  @Transform(trimToNull)
  @unlessNull()
  @IsString()
  @MaxLength(2000)
  @multiLine('invoiceFooter')
  invoiceFooter?: string | null;
  /** The language of invoices for customers that have none of their own. */
  @IsOptionalNonNull()
  @IsIn(INVOICE_LANGUAGES, { message: `invoiceLanguage must be one of ${INVOICE_LANGUAGES.join(', ')}` })
  invoiceLanguage?: InvoiceLanguage;
  /** Days a closed period's bill stays a draft for review before it is issued (0..90; 0: issued when made). */
  @ApiProperty({ type: 'integer', minimum: 0, maximum: 90, required: false })
  @IsOptionalNonNull()
  @IsInt({ message: 'reviewDays must be an integer from 0 to 90' })
  @Min(0, { message: 'reviewDays must be an integer from 0 to 90' })
  @Max(90, { message: 'reviewDays must be an integer from 0 to 90' })
  reviewDays?: number;
  /** Payment reminder steps in days from the due date (negative: before), strictly ascending, at most 6; [] turns them off. */
  @ApiProperty({ type: 'array', items: { type: 'integer', minimum: -30, maximum: 365 }, maxItems: 6, required: false })
  @IsOptionalNonNull()
  @IsArray({ message: 'reminderSchedule must be a list of days from the due date' })
  @ArrayMaxSize(6, { message: 'reminderSchedule has at most 6 steps' })
  @IsInt({ each: true, message: 'each step of reminderSchedule must be a whole number of days' })
  @Min(-30, { each: true, message: 'each step of reminderSchedule must be from -30 to 365 days' })
  @Max(365, { each: true, message: 'each step of reminderSchedule must be from -30 to 365 days' })
  @ValidateBy({
    name: 'ascending',
    validator: {
      validate: (v: unknown) => !Array.isArray(v) || v.every((x, i) => i === 0 || (x as number) > (v[i - 1] as number)),
      defaultMessage: () => 'reminderSchedule must be strictly ascending (each step once)',
    },
  })
  reminderSchedule?: number[];

  // ----- e-invoices
  /** The seller's electronic address (EN 16931 BT-34, the Peppol endpoint): an EAS scheme and an id valid in it; null removes it. */
  @ApiElectronicAddress("The seller's electronic address (EN 16931 BT-34); null: none", { input: true })
  @IsOptional()
  @unlessNull()
  @IsObject({ message: 'electronicAddress must be an object { scheme, id } or null' })
  @ValidateNested()
  @Type(() => ElectronicAddressDto)
  electronicAddress?: ElectronicAddressDto | null;
}
