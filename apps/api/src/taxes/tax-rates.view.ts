import { TAX_CATEGORY_CODES } from '@app/billing';
import type { TaxCategoryCode } from '@app/billing';
import { ApiProperty } from '@nestjs/swagger';
import { ApiId, ApiInstant } from '../common/openapi';

export const CATEGORY_CODE_DOC =
  'EN 16931 VAT category (UNCL5305): S standard rate, Z zero rated, E exempt, AE reverse charge, K intra-community supply, ' +
  'G export outside the EU, O outside the scope of VAT. S is above 0 %, every other category exactly 0 %';

/**
 * A tax rate of the organization (VAT, GST, PST, a state sales tax…), applied to a bill's net lines when a plan or a
 * customer names it. Bills will copy the rate they apply, so an edit never changes a bill already made.
 */
export class TaxRateView {
  @ApiId() id: string;
  /** The tax's name as printed in the invoice's tax breakdown, e.g. "VAT", "GST", "PST" (1..100 characters) */
  name: string;
  @ApiProperty({ type: 'number', minimum: 0, maximum: 100, description: 'Percent, at most 4 decimals (19, 7.75, 9.975)' })
  ratePercent: number;
  @ApiProperty({ enum: [...TAX_CATEGORY_CODES], description: CATEGORY_CODE_DOC })
  categoryCode: TaxCategoryCode;
  /** The legal reason printed for an exempt (E) rate, e.g. "Exempt under Art. 132(1)(i) Directive 2006/112/EC"; null for S and Z, optional for the others */
  exemptionReason: string | null;
  /** When it was archived (DELETE): an archived rate is kept for the record but can not be given to a plan or customer; null while live */
  @ApiInstant({ nullable: true }) archivedAt: string | null;
  @ApiInstant() createdAt: string;
  @ApiInstant() updatedAt: string;
}
