import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Caller, RequirePermission } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import { ApiConflict, ApiPage } from '../common/openapi';
import { Page, PageQueryDto } from '../common/pagination';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { BuyBlockDto } from './prepaid.dto';
import { PrepaidService } from './prepaid.service';
import { BalancesView, BlockView, LedgerEntryView } from './prepaid.view';

/** Prepaid hours: blocks bought by a customer, its balances and their ledger (issue #17). */
@ApiTags('prepaid')
@ApiBearerAuth()
@Controller('associations/:id')
export class PrepaidController {
  constructor(private readonly prepaid: PrepaidService) {}

  /**
   * Buy a prepaid block for the customer
   *
   * @remarks Makes the block's invoice (a bill of kind `block`, taxed like the customer's bills): a draft for the
   * customer's review window, or issued at once when it has none. Its units are granted now; with `requiresPayment`
   * usage draws from it only once the invoice is paid. Units are billable seconds on a per_hour plan, sessions on a
   * per_session plan.
   */
  @Post('blocks')
  @ApiCreatedResponse({ type: BlockView })
  @ApiConflict('ASSOCIATION_ENDED')
  @RequirePermission('bills:write')
  buy(@Caller() caller: Principal, @Param('id', ParseIdPipe) id: string, @Body() dto: BuyBlockDto): Promise<BlockView> {
    return this.prepaid.buyBlock(caller, id, dto);
  }

  /** The customer's prepaid balances: retainer, rolled-over units and blocks, and what expires when */
  @Get('balances')
  @ApiOkResponse({ type: BalancesView })
  @RequirePermission('bills:read')
  balances(@Caller() caller: Principal, @Param('id', ParseIdPipe) id: string): Promise<BalancesView> {
    return this.prepaid.balances(caller, id);
  }

  /** The prepaid ledger: every grant, draw, rollover, expiry, lapse and reversal, newest first */
  @Get('ledger')
  @ApiPage(LedgerEntryView)
  @RequirePermission('bills:read')
  ledger(@Caller() caller: Principal, @Param('id', ParseIdPipe) id: string, @Query() query: PageQueryDto): Promise<Page<LedgerEntryView>> {
    return this.prepaid.ledger(caller, id, query);
  }
}
