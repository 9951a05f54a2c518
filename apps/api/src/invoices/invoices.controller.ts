import { Body, Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Caller, RequirePermission } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { EmailInvoiceDto, InvoicesService } from './invoices.service';

@ApiTags('bills')
@ApiBearerAuth()
@Controller('bills')
export class InvoicesController {
  constructor(private readonly invoices: InvoicesService) {}

  /** Download Bill. */
  @Get(':id/pdf')
  @ApiProduces('application/pdf')
  @RequirePermission('bills:read')
  async pdf(@Caller() caller: Principal, @Param('id', ParseIdPipe) id: string, @Res() res: Response): Promise<void> {
    const { number, pdf } = await this.invoices.pdf(caller, id);
    res
      .status(200)
      .type('application/pdf')
      .setHeader('Content-Disposition', `attachment; filename="${number.replace(/[^\w.-]/g, '_')}.pdf"`);
    res.end(pdf);
  }

  /** Email Invoice: queued in the outbox, sent by the worker. */
  @Post(':id/email')
  @HttpCode(202)
  @RequirePermission('bills:write')
  email(@Caller() caller: Principal, @Param('id', ParseIdPipe) id: string, @Body() dto: EmailInvoiceDto) {
    return this.invoices.queueEmail(caller, id, dto);
  }

  @Get(':id/emails')
  @RequirePermission('bills:read')
  emails(@Caller() caller: Principal, @Param('id', ParseIdPipe) id: string) {
    return this.invoices.listEmails(caller, id);
  }
}
