import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CreateAssociationDto, ListPlanAssociationsDto } from '../associations/associations.dto';
import { AssociationsService } from '../associations/associations.service';
import { AssociationView } from '../associations/associations.view';
import { Caller, RequirePermission } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import { ApiConflict, ApiPage } from '../common/openapi';
import type { Page } from '../common/pagination';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { CreatePlanDto, ListPlansDto, UpdatePlanDto } from './plans.dto';
import { PlansService } from './plans.service';
import { PlanDetailView, PlanView } from './plans.view';

/** Conflicts of associating a department with a plan. */
const ASSOCIATE_CONFLICTS = ['DEPARTMENT_ALREADY_ASSOCIATED', 'ASSOCIATION_STARTS_BEFORE_PREVIOUS_END'];

@ApiTags('plans')
@ApiBearerAuth()
@Controller('plans')
export class PlansController {
  constructor(
    private readonly plans: PlansService,
    private readonly associations: AssociationsService,
  ) {}

  /** List plans by name, optionally those whose name contains `q` */
  @Get()
  @ApiPage(PlanView)
  @RequirePermission('plans:read')
  list(@Caller() caller: Principal, @Query() query: ListPlansDto): Promise<Page<PlanView>> {
    return this.plans.list(caller, query);
  }

  /** A plan with its associations (active and ended) */
  @Get(':id')
  @ApiOkResponse({ type: PlanDetailView })
  @RequirePermission('plans:read')
  get(@Caller() caller: Principal, @Param('id', ParseIdPipe) id: string): Promise<PlanDetailView> {
    return this.plans.get(caller, id);
  }

  /**
   * Create a plan, optionally with its first customers
   *
   * @remarks All or nothing: the plan and every association in `associations`, or none (a 400 names each bad
   * field, e.g. `associations.1.departmentId`, `taxRateIds.0`).
   */
  @Post()
  @ApiCreatedResponse({ type: PlanDetailView, description: 'The new plan with the associations created with it' })
  @ApiConflict('PLAN_NAME_TAKEN', ...ASSOCIATE_CONFLICTS)
  @RequirePermission('plans:write')
  create(@Caller() caller: Principal, @Body() dto: CreatePlanDto): Promise<PlanDetailView> {
    return this.plans.create(caller, dto);
  }

  /**
   * Edit a plan's name, rates and default tax rates
   *
   * @remarks The rates apply to bills made afterwards (each bill keeps a copy of the rates it used). The currency is
   * fixed once the plan has or had a customer (409 PLAN_CURRENCY_LOCKED). `taxRateIds` replaces the default tax rates:
   * at most 2 live rates of the organization with different names (an unknown, archived or repeated one is a 400 on
   * `taxRateIds.<index>`).
   */
  @Patch(':id')
  @ApiOkResponse({ type: PlanView, description: 'The plan as it is now' })
  @ApiConflict('PLAN_NAME_TAKEN', 'PLAN_CURRENCY_LOCKED', 'PLAN_HAS_PREPAID_BLOCKS')
  @RequirePermission('plans:write')
  update(@Caller() caller: Principal, @Param('id', ParseIdPipe) id: string, @Body() dto: UpdatePlanDto): Promise<PlanView> {
    return this.plans.update(caller, id, dto);
  }

  /**
   * Delete a plan that no customer is on
   *
   * @remarks The plan is hidden: its bills keep their copy of it, and the closed periods of its ended associations
   * that are not billed yet still get their bills.
   */
  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiConflict('PLAN_HAS_ACTIVE_ASSOCIATIONS')
  @RequirePermission('plans:write')
  async remove(@Caller() caller: Principal, @Param('id', ParseIdPipe) id: string): Promise<void> {
    await this.plans.remove(caller, id);
  }

  /** Associate a department with the plan */
  @Post(':id/associations')
  @ApiCreatedResponse({ type: AssociationView, description: 'The new association' })
  @ApiConflict(...ASSOCIATE_CONFLICTS)
  @RequirePermission('plans:write')
  associate(
    @Caller() caller: Principal,
    @Param('id', ParseIdPipe) id: string,
    @Body() dto: CreateAssociationDto,
  ): Promise<AssociationView> {
    return this.associations.associate(caller, id, dto);
  }

  /** List the plan's associations, oldest first */
  @Get(':id/associations')
  @ApiPage(AssociationView)
  @RequirePermission('plans:read')
  listAssociations(
    @Caller() caller: Principal,
    @Param('id', ParseIdPipe) id: string,
    @Query() query: ListPlanAssociationsDto,
  ): Promise<Page<AssociationView>> {
    return this.associations.listForPlan(caller, id, query);
  }
}
