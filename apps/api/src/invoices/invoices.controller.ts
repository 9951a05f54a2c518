import { Body, Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Caller, RequirePermission } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import { ApiConflict, ApiErrors, ApiPage } from '../common/openapi';
import type { Page } from '../common/pagination';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { EmailInvoiceDto } from './invoices.dto';
import { InvoicesService } from './invoices.service';
import { EmailDeliveryView, EmailQueuedView } from './invoices.view';

/** A PDF as an attachment named after the document's number. */
export function sendPdf(res: Response, { number, pdf }: { number: string; pdf: Buffer }): void {
  res
    .status(200)
    .type('application/pdf')
    .setHeader('Content-Disposition', `attachment; filename="${number.replace(/[^\w.-]/g, '_')}.pdf"`);
  res.end(pdf);
}

@ApiTags('bills')
@Controller('bills')
export class InvoicesController {
  constructor(private readonly invoices: InvoicesService) {}

  /** Download Bill: the invoice as a PDF (an issued bill's archived bytes, as issued; a draft as it is now) */
  @Get(':id/pdf')
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'The PDF, as an attachment named after the bill number', schema: { type: 'string', format: 'binary' } })
  @ApiErrors({ status: 503, description: 'PDF_RENDER_FAILED: the browser could not render it; try again' })
  @RequirePermission('bills:read')
  async pdf(@Caller() caller: Principal, @Param('id', ParseIdPipe) id: string, @Res() res: Response): Promise<void> {
    sendPdf(res, await this.invoices.pdf(caller, id));
  }

  /** Email Invoice: queued in the outbox, sent by the worker with the PDF attached */
  @Post(':id/email')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: EmailQueuedView })
  @ApiConflict('BILL_VOID', 'NO_RECIPIENTS')
  @RequirePermission('bills:write')
  email(@Caller() caller: Principal, @Param('id', ParseIdPipe) id: string, @Body() dto: EmailInvoiceDto): Promise<EmailQueuedView> {
    return this.invoices.queueEmail(caller, id, dto);
  }

  /** The invoice e-mails of a bill, newest first, with their delivery status */
  @Get(':id/emails')
  @ApiPage(EmailDeliveryView, 'Every e-mail of the bill (one page: `nextCursor` is always null)')
  @RequirePermission('bills:read')
  emails(@Caller() caller: Principal, @Param('id', ParseIdPipe) id: string): Promise<Page<EmailDeliveryView>> {
    return this.invoices.listEmails(caller, id);
  }
}

@ApiTags('bills')
@Controller('corrections')
export class CorrectionDocumentsController {
  constructor(private readonly invoices: InvoicesService) {}

  /** Download a credit note or supplementary invoice as a PDF (its archived bytes) */
  @Get(':id/pdf')
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'The PDF, as an attachment named after its number', schema: { type: 'string', format: 'binary' } })
  @ApiErrors({ status: 503, description: 'PDF_RENDER_FAILED: the browser could not render it; try again' })
  @RequirePermission('bills:read')
  async pdf(@Caller() caller: Principal, @Param('id', ParseIdPipe) id: string, @Res() res: Response): Promise<void> {
    sendPdf(res, await this.invoices.correctionPdf(caller, id));
  }

  /** Email a credit note or supplementary invoice: queued in the outbox (listed with its bill's e-mails) */
  @Post(':id/email')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: EmailQueuedView })
  @ApiConflict('NO_RECIPIENTS')
  @RequirePermission('bills:write')
  email(@Caller() caller: Principal, @Param('id', ParseIdPipe) id: string, @Body() dto: EmailInvoiceDto): Promise<EmailQueuedView> {
    return this.invoices.queueCorrectionEmail(caller, id, dto);
  }
}
