import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Caller, RequirePermission } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import { ApiPage } from '../common/openapi';
import type { Page } from '../common/pagination';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { ListCorrectionsDto } from './bills.dto';
import { CorrectionView } from './bills.view';
import { CorrectionsService } from './corrections.service';

/**
 * Credit notes and supplementary invoices: issued by a charge or discount on an issued bill
 * (`POST /bills/:id/adjustments`) or by voiding it (`POST /bills/:id/void`); never changed after.
 */
@ApiTags('bills')
@Controller('corrections')
export class CorrectionsController {
  constructor(private readonly corrections: CorrectionsService) {}

  /** List credit notes and supplementary invoices, newest first */
  @Get()
  @ApiPage(CorrectionView)
  @RequirePermission('bills:read')
  list(@Caller() caller: Principal, @Query() query: ListCorrectionsDto): Promise<Page<CorrectionView>> {
    return this.corrections.list(caller, query);
  }

  /** A credit note or supplementary invoice */
  @Get(':id')
  @ApiOkResponse({ type: CorrectionView })
  @RequirePermission('bills:read')
  get(@Caller() caller: Principal, @Param('id', ParseIdPipe) id: string): Promise<CorrectionView> {
    return this.corrections.get(caller, id);
  }
}
