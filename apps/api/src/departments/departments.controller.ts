import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Caller, RequirePermission } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { CreateDepartmentDto, ListDepartmentsDto, UpdateDepartmentDto } from './departments.dto';
import { DepartmentsService } from './departments.service';

@ApiTags('departments')
@ApiBearerAuth()
@Controller('departments')
export class DepartmentsController {
  constructor(private readonly departments: DepartmentsService) {}

  @Get()
  @RequirePermission('departments:read')
  list(@Caller() caller: Principal, @Query() query: ListDepartmentsDto) {
    return this.departments.list(caller, query);
  }

  @Get(':id')
  @RequirePermission('departments:read')
  get(@Caller() caller: Principal, @Param('id', ParseIdPipe) id: string) {
    return this.departments.get(caller, id);
  }

  @Post()
  @RequirePermission('departments:write')
  create(@Caller() caller: Principal, @Body() dto: CreateDepartmentDto) {
    return this.departments.create(caller, dto);
  }

  @Patch(':id')
  @RequirePermission('departments:write')
  update(@Caller() caller: Principal, @Param('id', ParseIdPipe) id: string, @Body() dto: UpdateDepartmentDto) {
    return this.departments.update(caller, id, dto);
  }
}
