import { IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { PageQueryDto } from '../common/pagination';
import { IsInstant, IsPercent, NO_CONTROL_CHARS } from '../common/validators';

export const BILL_STATUS_FILTERS = ['draft', 'unpaid', 'paid', 'overdue', 'partly_paid', 'void'] as const;
export type BillStatusFilter = (typeof BILL_STATUS_FILTERS)[number];

export class ListBillsDto extends PageQueryDto {
  /**
   * `draft`: under review, not issued yet; `unpaid` includes overdue and partly paid bills; `overdue`: unpaid past
   * the due date (in the bill's zone); `partly_paid`: unpaid with payments (overdue or not); `paid`; `void`.
   */
  @IsOptional() @IsIn(BILL_STATUS_FILTERS) status?: BillStatusFilter;
  @IsOptional() @IsUUID('all') departmentId?: string;
  @IsOptional() @IsUUID('all') planId?: string;
  /**
   * A day `YYYY-MM-DD`: bills whose period's first day, in the bill's own time zone, is on or after it.
   * An instant with offset: bills whose period starts at or after it.
   */
  @IsOptional() @IsString() @MaxLength(64) from?: string;
  /** A day: bills whose period's first local day is before it (exclusive). An instant: period starts before it. */
  @IsOptional() @IsString() @MaxLength(64) to?: string;
}

export class ExportBillsDto extends ListBillsDto {}

export class BillingRunDto {
  @IsOptional() @IsInstant() asOf?: string;
}

export class PaymentDto {
  /** Default: the whole balance. */
  @IsOptional()
  @IsInt({ message: 'amountMinor must be an integer count of minor units' })
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  amountMinor?: number;
  @IsOptional() @IsInstant() paidAt?: string;
  @IsOptional()
  @IsString()
  @MaxLength(50)
  @Matches(NO_CONTROL_CHARS, { message: 'method must not contain control characters' })
  method?: string;
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Matches(NO_CONTROL_CHARS, { message: 'reference must not contain control characters' })
  reference?: string;
}

export class ReverseDto {
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  @Matches(NO_CONTROL_CHARS, { message: 'reason must not contain control characters' })
  reason: string;
}

export class AdjustmentDto {
  @IsIn(['charge', 'discount']) type: 'charge' | 'discount';
  @ValidateIf((o: AdjustmentDto) => o.percent === undefined || o.amountMinor !== undefined)
  @IsInt({ message: 'amountMinor must be an integer count of minor units (or give percent)' })
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  amountMinor?: number;
  @ValidateIf((o: AdjustmentDto) => o.amountMinor === undefined || o.percent !== undefined)
  @IsPercent({ message: 'percent must be a number with at most 4 decimals (or give amountMinor)' })
  @Min(0.0001)
  @Max(1000)
  percent?: number;
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  @Matches(NO_CONTROL_CHARS, { message: 'reason must not contain control characters' })
  reason: string;
}

export class VoidDto {
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  @Matches(NO_CONTROL_CHARS, { message: 'reason must not contain control characters' })
  reason: string;
}

export class DiscardDto {
  /** Why the draft is not issued (kept in the audit trail) */
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  @Matches(NO_CONTROL_CHARS, { message: 'reason must not contain control characters' })
  reason: string;
}

export class ListCorrectionsDto extends PageQueryDto {
  /** `credit_note` or `supplementary_invoice`; default both */
  @IsOptional() @IsIn(['credit_note', 'supplementary_invoice']) type?: 'credit_note' | 'supplementary_invoice';
  /** The corrections of one bill */
  @IsOptional() @IsUUID('all') billId?: string;
}

export class ListCreditNotesDto extends PageQueryDto {
  /** The credit notes of one bill */
  @IsOptional() @IsUUID('all') billId?: string;
}

export class DeleteDraftDto {
  /** Why the draft is not issued (kept in the audit trail); default "Deleted" */
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  @Matches(NO_CONTROL_CHARS, { message: 'reason must not contain control characters' })
  reason?: string;
}
