import { Body, Controller, Delete, Get, Param, Patch, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Caller, RequirePermission } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import { ApiConflict, ApiPage } from '../common/openapi';
import type { Page } from '../common/pagination';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { EndAssociationDto, ListAssociationsDto, UpdateAssociationDto } from './associations.dto';
import { AssociationsService } from './associations.service';
import { AssociationView } from './associations.view';

@ApiTags('associations')
@ApiBearerAuth()
@Controller('associations')
export class AssociationsController {
  constructor(private readonly associations: AssociationsService) {}

  /** List associations, oldest first, by department, plan and status */
  @Get()
  @ApiPage(AssociationView)
  @RequirePermission('plans:read')
  list(@Caller() caller: Principal, @Query() query: ListAssociationsDto): Promise<Page<AssociationView>> {
    return this.associations.list(caller, query);
  }

  /** An association */
  @Get(':id')
  @ApiOkResponse({ type: AssociationView })
  @RequirePermission('plans:read')
  get(@Caller() caller: Principal, @Param('id', ParseIdPipe) id: string): Promise<AssociationView> {
    return this.associations.get(caller, id);
  }

  /**
   * Edit an association's billing details
   *
   * @remarks Address, recipients, due days, buyer reference and purchase order any time before it ends; billing
   * cycle, bill start date and time zone only until its first bill (409 ASSOCIATION_ALREADY_BILLED), and never to
   * start before the department's previous association ended nor after its scheduled end.
   */
  @Patch(':id')
  @ApiOkResponse({ type: AssociationView, description: 'The association as it is now' })
  @ApiConflict('ASSOCIATION_ENDED', 'ASSOCIATION_ALREADY_BILLED', 'ASSOCIATION_STARTS_BEFORE_PREVIOUS_END', 'ASSOCIATION_END_BEFORE_START')
  @RequirePermission('plans:write')
  update(@Caller() caller: Principal, @Param('id', ParseIdPipe) id: string, @Body() dto: UpdateAssociationDto): Promise<AssociationView> {
    return this.associations.update(caller, id, dto);
  }

  /**
   * End an association, now or at `endedAt`
   *
   * @remarks `endedAt` in the past (no earlier than the end of its last billed period, nor its start) or in the
   * future (scheduled: it stays `active` until then). Its last period is billed as a short period ending there.
   * Ending again at the same instant, or without `endedAt`, answers the association unchanged; an end once set is
   * not moved (409 ASSOCIATION_ENDED).
   */
  @Delete(':id')
  @ApiBody({ type: EndAssociationDto, required: false })
  @ApiOkResponse({ type: AssociationView, description: 'The ended (or scheduled to end) association' })
  @ApiConflict('ASSOCIATION_ENDED', 'ASSOCIATION_END_BEFORE_START', 'ASSOCIATION_END_BEFORE_BILLED_PERIOD')
  @RequirePermission('plans:write')
  end(@Caller() caller: Principal, @Param('id', ParseIdPipe) id: string, @Body() dto: EndAssociationDto): Promise<AssociationView> {
    return this.associations.end(caller, id, dto ?? {});
  }
}
