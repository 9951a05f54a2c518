import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CreateAssociationDto, ListAssociationsDto } from '../associations/associations.dto';
import { AssociationsService } from '../associations/associations.service';
import { Caller, RequirePermission } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { CreatePlanDto, ListPlansDto, UpdatePlanDto } from './plans.dto';
import { PlansService } from './plans.service';

@ApiTags('plans')
@ApiBearerAuth()
@Controller('plans')
export class PlansController {
  constructor(
    private readonly plans: PlansService,
    private readonly associations: AssociationsService,
  ) {}

  @Get()
  @RequirePermission('plans:read')
  list(@Caller() caller: Principal, @Query() query: ListPlansDto) {
    return this.plans.list(caller, query);
  }

  @Get(':id')
  @RequirePermission('plans:read')
  get(@Caller() caller: Principal, @Param('id', ParseIdPipe) id: string) {
    return this.plans.get(caller, id);
  }

  @Post()
  @RequirePermission('plans:write')
  create(@Caller() caller: Principal, @Body() dto: CreatePlanDto) {
    return this.plans.create(caller, dto);
  }

  @Patch(':id')
  @RequirePermission('plans:write')
  update(@Caller() caller: Principal, @Param('id', ParseIdPipe) id: string, @Body() dto: UpdatePlanDto) {
    return this.plans.update(caller, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermission('plans:write')
  async remove(@Caller() caller: Principal, @Param('id', ParseIdPipe) id: string): Promise<void> {
    await this.plans.remove(caller, id);
  }

  @Post(':id/associations')
  @RequirePermission('plans:write')
  associate(@Caller() caller: Principal, @Param('id', ParseIdPipe) id: string, @Body() dto: CreateAssociationDto) {
    return this.associations.associate(caller, id, dto);
  }

  @Get(':id/associations')
  @RequirePermission('plans:read')
  listAssociations(@Caller() caller: Principal, @Param('id', ParseIdPipe) id: string, @Query() query: ListAssociationsDto) {
    return this.associations.listForPlan(caller, id, query);
  }
}
