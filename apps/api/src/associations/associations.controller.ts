import { Body, Controller, Delete, Get, Param, Patch, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Caller, RequirePermission } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { EndAssociationDto, ListAssociationsDto, UpdateAssociationDto } from './associations.dto';
import { AssociationsService } from './associations.service';

@ApiTags('associations')
@ApiBearerAuth()
@Controller('associations')
export class AssociationsController {
  constructor(private readonly associations: AssociationsService) {}

  @Get()
  @RequirePermission('plans:read')
  list(@Caller() caller: Principal, @Query() query: ListAssociationsDto) {
    return this.associations.list(caller, query);
  }

  @Get(':id')
  @RequirePermission('plans:read')
  get(@Caller() caller: Principal, @Param('id', ParseIdPipe) id: string) {
    return this.associations.get(caller, id);
  }

  @Patch(':id')
  @RequirePermission('plans:write')
  update(@Caller() caller: Principal, @Param('id', ParseIdPipe) id: string, @Body() dto: UpdateAssociationDto) {
    return this.associations.update(caller, id, dto);
  }

  /**
   * Ends the association, now or at `endedAt` (past, no earlier than the end of its last billed period, or
   * future: scheduled). Its last period is billed as a short period ending there.
   */
  @Delete(':id')
  @RequirePermission('plans:write')
  end(@Caller() caller: Principal, @Param('id', ParseIdPipe) id: string, @Body() dto: EndAssociationDto) {
    return this.associations.end(caller, id, dto ?? {});
  }
}
