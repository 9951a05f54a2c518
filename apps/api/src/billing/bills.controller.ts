import { Body, Controller, Delete, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Caller, RequirePermission } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import { ApiConflict, ApiPage } from '../common/openapi';
import type { Page } from '../common/pagination';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { AdjustmentDto, DeleteDraftDto, DiscardDto, ExportBillsDto, ListBillsDto, PaymentDto, ReverseDto, VoidDto } from './bills.dto';
import { BillsService } from './bills.service';
import { BillDetailView, BillListItemView, DiscardedView } from './bills.view';

@ApiTags('bills')
@Controller('bills')
export class BillsController {
  constructor(private readonly bills: BillsService) {}

  /** List bills, newest period first, filtered by status, customer, plan and period */
  @Get()
  @ApiPage(BillListItemView)
  @RequirePermission('bills:read')
  list(@Caller() caller: Principal, @Query() query: ListBillsDto): Promise<Page<BillListItemView>> {
    return this.bills.list(caller, query);
  }

  /** Export the filtered bills as CSV (every page, streamed) */
  @Get('export.csv')
  @ApiProduces('text/csv')
  @ApiOkResponse({
    description: 'One row per bill; cells a spreadsheet would run as a formula start with a quote',
    schema: { type: 'string' },
  })
  @RequirePermission('bills:read')
  async export(@Caller() caller: Principal, @Query() query: ExportBillsDto, @Res() res: Response): Promise<void> {
    const chunks = this.bills.exportCsv(caller, query);
    const first = await chunks.next(); // validation errors surface before the headers go out
    res.status(200).type('text/csv; charset=utf-8').setHeader('Content-Disposition', 'attachment; filename="bills.csv"');
    if (!first.done) res.write(first.value);
    for await (const chunk of chunks) if (!res.write(chunk)) await new Promise((r) => res.once('drain', r));
    res.end();
  }

  /** A bill with its lines, charges and discounts, and payments */
  @Get(':id')
  @ApiOkResponse({ type: BillDetailView })
  @RequirePermission('bills:read')
  get(@Caller() caller: Principal, @Param('id', ParseIdPipe) id: string): Promise<BillDetailView> {
    return this.bills.get(caller, id);
  }

  /** Confirm Payment: record a payment (default: the whole balance) */
  @Post(':id/payments')
  @ApiCreatedResponse({ type: BillDetailView, description: 'The bill with the payment' })
  @ApiConflict('BILL_VOID', 'BILL_DRAFT', 'BILL_ALREADY_PAID', 'PAYMENT_EXCEEDS_BALANCE')
  @RequirePermission('bills:write')
  pay(@Caller() caller: Principal, @Param('id', ParseIdPipe) id: string, @Body() dto: PaymentDto): Promise<BillDetailView> {
    return this.bills.addPayment(caller, id, dto);
  }

  /** Reverse a payment recorded by mistake (it stays in the history, marked reversed) */
  @Post(':id/payments/:paymentId/reverse')
  @ApiCreatedResponse({ type: BillDetailView, description: 'The bill without the payment' })
  @ApiConflict('BILL_VOID', 'PAYMENT_ALREADY_REVERSED')
  @RequirePermission('bills:write')
  reverse(
    @Caller() caller: Principal,
    @Param('id', ParseIdPipe) id: string,
    @Param('paymentId', ParseIdPipe) paymentId: string,
    @Body() dto: ReverseDto,
  ) {
    return this.bills.reversePayment(caller, id, paymentId, dto.reason);
  }

  /**
   * Add Charges: an additional charge or a discount, fixed or a percent of the subtotal
   *
   * On a draft it changes the draft. On an issued bill the invoice stays as issued: a discount issues a credit note
   * and a charge a supplementary invoice (`corrections` of the answer), each taxed at the bill's rates, and the
   * balance counts them. A credit note may not exceed the balance (DISCOUNT_EXCEEDS_TOTAL).
   */
  @Post(':id/adjustments')
  @ApiCreatedResponse({ type: BillDetailView, description: 'The bill with the charge or discount' })
  @ApiConflict('BILL_VOID', 'BILL_PAID', 'DISCOUNT_EXCEEDS_TOTAL', 'ADJUSTMENT_IS_ZERO')
  @RequirePermission('bills:write')
  adjust(@Caller() caller: Principal, @Param('id', ParseIdPipe) id: string, @Body() dto: AdjustmentDto): Promise<BillDetailView> {
    return this.bills.addAdjustment(caller, id, dto);
  }

  /**
   * Void an issued bill that has no payments (its usage is not billed again)
   *
   * A credit note for its whole open amount (total + supplementary − credited) is issued with it. A draft is
   * discarded instead (BILL_DRAFT).
   */
  @Post(':id/void')
  @ApiCreatedResponse({ type: BillDetailView, description: 'The void bill' })
  @ApiConflict('BILL_VOID', 'BILL_DRAFT', 'BILL_HAS_PAYMENTS')
  @RequirePermission('bills:write')
  void(@Caller() caller: Principal, @Param('id', ParseIdPipe) id: string, @Body() dto: VoidDto): Promise<BillDetailView> {
    return this.bills.void(caller, id, dto.reason);
  }

  /** Approve a draft: issue it now (numbered, dated today, due its due days later) */
  @Post(':id/approve')
  @ApiCreatedResponse({ type: BillDetailView, description: 'The issued bill' })
  @ApiConflict('BILL_NOT_DRAFT')
  @RequirePermission('bills:write')
  approve(@Caller() caller: Principal, @Param('id', ParseIdPipe) id: string): Promise<BillDetailView> {
    return this.bills.approve(caller, id);
  }

  /**
   * Refresh a draft: make it again from current usage and data
   *
   * Its sessions plus every session of its association that arrived unbilled up to its end (late sessions join it),
   * its devices, the plan's current rates, the customer's tax data and the seller profile; its charges and discounts
   * stay. Refreshing twice with nothing new gives the same bill.
   */
  @Post(':id/refresh')
  @ApiCreatedResponse({ type: BillDetailView, description: 'The refreshed draft' })
  @ApiConflict('BILL_NOT_DRAFT')
  @RequirePermission('bills:write')
  refresh(@Caller() caller: Principal, @Param('id', ParseIdPipe) id: string): Promise<BillDetailView> {
    return this.bills.refresh(caller, id);
  }

  /** Discard a draft: it is deleted and its sessions go to the association's next bill */
  @Post(':id/discard')
  @ApiCreatedResponse({ type: DiscardedView, description: 'What was discarded' })
  @ApiConflict('BILL_NOT_DRAFT')
  @RequirePermission('bills:write')
  discard(@Caller() caller: Principal, @Param('id', ParseIdPipe) id: string, @Body() dto: DiscardDto): Promise<DiscardedView> {
    return this.bills.discard(caller, id, dto.reason);
  }

  /** Delete a draft (the name of ../shared/API.md for discard): its sessions go to the association's next bill */
  @Delete(':id')
  @ApiOkResponse({ type: DiscardedView, description: 'What was discarded' })
  @ApiConflict('BILL_NOT_DRAFT')
  @RequirePermission('bills:write')
  remove(@Caller() caller: Principal, @Param('id', ParseIdPipe) id: string, @Body() dto: DeleteDraftDto): Promise<DiscardedView> {
    return this.bills.discard(caller, id, dto.reason ?? 'Deleted');
  }
}
