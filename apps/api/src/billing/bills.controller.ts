import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Caller, RequirePermission } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { AdjustmentDto, ExportBillsDto, ListBillsDto, PaymentDto, ReverseDto, VoidDto } from './bills.dto';
import { BillsService } from './bills.service';

@ApiTags('bills')
@ApiBearerAuth()
@Controller('bills')
export class BillsController {
  constructor(private readonly bills: BillsService) {}

  @Get()
  @RequirePermission('bills:read')
  list(@Caller() caller: Principal, @Query() query: ListBillsDto) {
    return this.bills.list(caller, query);
  }

  @Get('export.csv')
  @ApiProduces('text/csv')
  @RequirePermission('bills:read')
  async export(@Caller() caller: Principal, @Query() query: ExportBillsDto, @Res() res: Response): Promise<void> {
    const chunks = this.bills.exportCsv(caller, query);
    const first = await chunks.next(); // validation errors surface before the headers go out
    res.status(200).type('text/csv; charset=utf-8').setHeader('Content-Disposition', 'attachment; filename="bills.csv"');
    if (!first.done) res.write(first.value);
    for await (const chunk of chunks) if (!res.write(chunk)) await new Promise((r) => res.once('drain', r));
    res.end();
  }

  @Get(':id')
  @RequirePermission('bills:read')
  get(@Caller() caller: Principal, @Param('id', ParseIdPipe) id: string) {
    return this.bills.get(caller, id);
  }

  /** Confirm Payment: records a payment (default: the whole balance). */
  @Post(':id/payments')
  @RequirePermission('bills:write')
  pay(@Caller() caller: Principal, @Param('id', ParseIdPipe) id: string, @Body() dto: PaymentDto) {
    return this.bills.addPayment(caller, id, dto);
  }

  @Post(':id/payments/:paymentId/reverse')
  @RequirePermission('bills:write')
  reverse(
    @Caller() caller: Principal,
    @Param('id', ParseIdPipe) id: string,
    @Param('paymentId', ParseIdPipe) paymentId: string,
    @Body() dto: ReverseDto,
  ) {
    return this.bills.reversePayment(caller, id, paymentId, dto.reason);
  }

  /** Add Charges: an additional charge or a discount, fixed or a percent of the subtotal. */
  @Post(':id/adjustments')
  @RequirePermission('bills:write')
  adjust(@Caller() caller: Principal, @Param('id', ParseIdPipe) id: string, @Body() dto: AdjustmentDto) {
    return this.bills.addAdjustment(caller, id, dto);
  }

  @Post(':id/void')
  @RequirePermission('bills:write')
  void(@Caller() caller: Principal, @Param('id', ParseIdPipe) id: string, @Body() dto: VoidDto) {
    return this.bills.void(caller, id, dto.reason);
  }
}
