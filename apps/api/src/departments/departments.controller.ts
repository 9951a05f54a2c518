import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Caller, RequirePermission } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import { ApiConflict, ApiPage } from '../common/openapi';
import type { Page } from '../common/pagination';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { CreateDepartmentDto, ListDepartmentsDto, UpdateDepartmentDto } from './departments.dto';
import { DepartmentsService } from './departments.service';
import { DepartmentView } from './departments.view';

@ApiTags('departments')
@ApiBearerAuth()
@Controller('departments')
export class DepartmentsController {
  constructor(private readonly departments: DepartmentsService) {}

  /** List departments by name, optionally those whose name contains `q` */
  @Get()
  @ApiPage(DepartmentView)
  @RequirePermission('departments:read')
  list(@Caller() caller: Principal, @Query() query: ListDepartmentsDto): Promise<Page<DepartmentView>> {
    return this.departments.list(caller, query);
  }

  /** A department */
  @Get(':id')
  @ApiOkResponse({ type: DepartmentView })
  @RequirePermission('departments:read')
  get(@Caller() caller: Principal, @Param('id', ParseIdPipe) id: string): Promise<DepartmentView> {
    return this.departments.get(caller, id);
  }

  /**
   * Create a department (a customer), optionally with its tax data
   *
   * @remarks Without tax data it is taxed `standard` at its plan's default rates. `reverse_charge` needs `vatId`,
   * `exempt` needs `exemptionReason`; `taxRateIds` (0..2 live rates of the organization) replaces the plan's rates,
   * `[]` with none. A bad field is a 400 naming it (`vatId`, `taxRateIds.1`, …).
   */
  @Post()
  @ApiCreatedResponse({ type: DepartmentView, description: 'The new department' })
  @ApiConflict('DEPARTMENT_EXTERNAL_ID_TAKEN')
  @RequirePermission('departments:write')
  create(@Caller() caller: Principal, @Body() dto: CreateDepartmentDto): Promise<DepartmentView> {
    return this.departments.create(caller, dto);
  }

  /**
   * Edit a department: its name, external id and tax data
   *
   * @remarks Only the fields sent change; `null` clears an optional one (`taxRateIds: null`: its plan's rates apply
   * again). The tax data must stay valid as a whole (400 naming the field). Bills made afterwards use the new data.
   */
  @Patch(':id')
  @ApiOkResponse({ type: DepartmentView, description: 'The department as it is now' })
  @ApiConflict('DEPARTMENT_EXTERNAL_ID_TAKEN')
  @RequirePermission('departments:write')
  update(@Caller() caller: Principal, @Param('id', ParseIdPipe) id: string, @Body() dto: UpdateDepartmentDto): Promise<DepartmentView> {
    return this.departments.update(caller, id, dto);
  }
}
