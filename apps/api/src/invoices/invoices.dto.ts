import { EINVOICE_FORMATS } from '@app/invoicing';
import type { EInvoiceFormat } from '@app/invoicing';
import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { INVOICE_LANGUAGES } from '../organizations/organization.view';
import type { InvoiceLanguage } from '../organizations/organization.view';
import { IsEmailAddress, NO_CONTROL_CHARS } from '../common/validators';

export class EmailInvoiceDto {
  /** Default: the association's invoice recipients. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsEmailAddress({ each: true, message: 'each address in to must be an e-mail address' })
  to?: string[];
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsEmailAddress({ each: true, message: 'each address in cc must be an e-mail address' })
  cc?: string[];
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  @Matches(NO_CONTROL_CHARS, { message: 'message must not contain control characters' })
  message?: string;
}

/** `GET /organization/invoice-preview` */
export class InvoicePreviewQueryDto {
  /** The language of the preview; default: the organization's invoice language */
  @IsOptional()
  @IsIn(INVOICE_LANGUAGES, { message: `language must be one of ${INVOICE_LANGUAGES.join(', ')}` })
  language?: InvoiceLanguage;
}

/** `?format=` of an e-invoice download; absent: the customer's e-invoice format. */
export class EInvoiceQueryDto {
  @ApiProperty({
    enum: [...EINVOICE_FORMATS],
    required: false,
    description:
      "The format; default: the customer's `einvoiceFormat`. `xrechnung-ubl` and `xrechnung-cii` (the names of ../shared/API.md) are taken too",
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.replace(/^xrechnung-(ubl|cii)$/, 'xrechnung_$1') : value,
  )
  @IsIn(EINVOICE_FORMATS, { message: `format must be one of ${EINVOICE_FORMATS.join(', ')}` })
  format?: EInvoiceFormat;
}
