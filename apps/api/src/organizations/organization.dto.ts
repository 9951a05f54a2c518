import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { IsEmailAddress, IsOptionalNonNull } from '../common/validators';

/**
 * One line of text: no control character at all (not even TAB, CR or LF). These values go into e-mail
 * headers (From, Subject) and document titles.
 */
const ONE_LINE = /^[^\u0000-\u001f\u007f\u2028\u2029]*$/;
const oneLine = (field: string) => Matches(ONE_LINE, { message: `${field} must be one line without control characters` });

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
/** A cleared text field: '' (or only spaces) means null, i.e. "use the server's default". */
const trimToNull = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() || null : value);
const unlessNull = () => ValidateIf((_: object, v: unknown) => v !== null);

/**
 * `PATCH /organization`: every field optional; `null` (or '') clears a mail setting back to the server's default.
 * The seller profile of a later issue adds its fields here, to OrganizationView (organization.view.ts) and to OrganizationPatch.
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
}
