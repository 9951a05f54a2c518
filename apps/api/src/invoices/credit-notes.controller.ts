import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Caller, RequirePermission } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import { ListCreditNotesDto } from '../billing/bills.dto';
import { CorrectionView } from '../billing/bills.view';
import { CorrectionsService } from '../billing/corrections.service';
import { ApiConflict, ApiErrors, ApiPage } from '../common/openapi';
import type { Page } from '../common/pagination';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { EmailInvoiceDto } from './invoices.dto';
import { sendPdf } from './invoices.controller';
import { InvoicesService } from './invoices.service';
import { EmailQueuedView } from './invoices.view';

/**
 * Credit notes (the names of ../shared/API.md): the `credit_note` corrections of `/corrections`, issued by a discount
 * on an issued bill or by voiding it.
 */
@ApiTags('bills')
@Controller('credit-notes')
export class CreditNotesController {
  constructor(
    private readonly corrections: CorrectionsService,
    private readonly invoices: InvoicesService,
  ) {}

  /** List credit notes, newest first */
  @Get()
  @ApiPage(CorrectionView)
  @RequirePermission('bills:read')
  list(@Caller() caller: Principal, @Query() query: ListCreditNotesDto): Promise<Page<CorrectionView>> {
    return this.corrections.list(caller, { ...query, type: 'credit_note' });
  }

  /** A credit note */
  @Get(':id')
  @ApiOkResponse({ type: CorrectionView })
  @RequirePermission('bills:read')
  get(@Caller() caller: Principal, @Param('id', ParseIdPipe) id: string): Promise<CorrectionView> {
    return this.corrections.get(caller, id, 'credit_note');
  }

  /** Download a credit note as a PDF (its archived bytes) */
  @Get(':id/pdf')
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'The PDF, as an attachment named after its number', schema: { type: 'string', format: 'binary' } })
  @ApiErrors({ status: 503, description: 'PDF_RENDER_FAILED: the browser could not render it; try again' })
  @RequirePermission('bills:read')
  async pdf(@Caller() caller: Principal, @Param('id', ParseIdPipe) id: string, @Res() res: Response): Promise<void> {
    sendPdf(res, await this.invoices.correctionPdf(caller, id, 'credit_note'));
  }

  /** Email a credit note: queued in the outbox (listed with its bill's e-mails) */
  @Post(':id/email')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: EmailQueuedView })
  @ApiConflict('NO_RECIPIENTS')
  @RequirePermission('bills:write')
  email(@Caller() caller: Principal, @Param('id', ParseIdPipe) id: string, @Body() dto: EmailInvoiceDto): Promise<EmailQueuedView> {
    return this.invoices.queueCorrectionEmail(caller, id, dto, 'credit_note');
  }
}
