import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Caller, RequirePermission } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import { ApiErrors } from '../common/openapi';
import { InvoicePreviewQueryDto } from './invoices.dto';
import { InvoicesService } from './invoices.service';

/** The invoice preview of Settings > Organization (issue #14, point 6). */
@ApiTags('organization')
@Controller('organization')
export class InvoicePreviewController {
  constructor(private readonly invoices: InvoicesService) {}

  /**
   * Preview an invoice with the seller profile as it is now
   *
   * @remarks A sample invoice (marked SAMPLE) with the organization's current seller profile and logo, in `language`
   * or the organization's invoice language: what the next bills will look like. Nothing is stored.
   */
  @Get('invoice-preview')
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'The sample invoice as a PDF, shown inline', schema: { type: 'string', format: 'binary' } })
  @ApiErrors({ status: 503, description: 'PDF_RENDER_FAILED: the browser could not render it; try again' })
  @RequirePermission('organization:read')
  async pdf(@Caller() caller: Principal, @Query() query: InvoicePreviewQueryDto, @Res() res: Response): Promise<void> {
    const pdf = await this.invoices.preview(caller, query.language);
    res
      .status(200)
      .type('application/pdf')
      .setHeader('Cache-Control', 'private, no-store')
      .setHeader('Content-Disposition', 'inline; filename="invoice-preview.pdf"');
    res.end(pdf);
  }
}
