import { Body, Controller, Delete, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Caller, RequirePermission } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import { ApiConflict, ApiPage } from '../common/openapi';
import type { Page } from '../common/pagination';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { CreateTaxRateDto, ListTaxRatesDto, UpdateTaxRateDto } from './tax-rates.dto';
import { TaxRatesService } from './tax-rates.service';
import { TaxRateView } from './tax-rates.view';

/** The organization's tax rates, named by plans (their defaults) and customers (an override). */
@ApiTags('organization')
@ApiBearerAuth()
@Controller('tax-rates')
export class TaxRatesController {
  constructor(private readonly rates: TaxRatesService) {}

  /** List the tax rates by name (archived ones only with `includeArchived=true`) */
  @Get()
  @ApiPage(TaxRateView)
  @RequirePermission('plans:read')
  list(@Caller() caller: Principal, @Query() query: ListTaxRatesDto): Promise<Page<TaxRateView>> {
    return this.rates.list(caller, query);
  }

  /** A tax rate (archived ones too) */
  @Get(':id')
  @ApiOkResponse({ type: TaxRateView })
  @RequirePermission('plans:read')
  get(@Caller() caller: Principal, @Param('id', ParseIdPipe) id: string): Promise<TaxRateView> {
    return this.rates.get(caller, id);
  }

  /**
   * Create a tax rate
   *
   * @remarks A bad rate is a 400 naming its field: `name` (1..100 characters), `ratePercent` (0..100, at most 4
   * decimals; above 0 for S, exactly 0 for every other category), `categoryCode`, `exemptionReason` (required for E,
   * not allowed for S and Z).
   */
  @Post()
  @ApiCreatedResponse({ type: TaxRateView, description: 'The new tax rate' })
  @ApiConflict('TAX_RATE_EXISTS')
  @RequirePermission('plans:write')
  create(@Caller() caller: Principal, @Body() dto: CreateTaxRateDto): Promise<TaxRateView> {
    return this.rates.create(caller, dto);
  }

  /**
   * Edit a tax rate
   *
   * @remarks Every field may change, also while plans and customers use the rate: the change applies to bills made
   * afterwards (each bill keeps a copy of the rates it applied). The rate as a whole must stay valid (400 naming the
   * field). An archived rate is not edited (409 TAX_RATE_ARCHIVED); a name that another rate of the same plan or
   * customer has is refused (409 TAX_RATE_NAME_CONFLICT).
   */
  @Patch(':id')
  @ApiOkResponse({ type: TaxRateView, description: 'The tax rate as it is now' })
  @ApiConflict('TAX_RATE_EXISTS', 'TAX_RATE_ARCHIVED', 'TAX_RATE_NAME_CONFLICT')
  @RequirePermission('plans:write')
  update(@Caller() caller: Principal, @Param('id', ParseIdPipe) id: string, @Body() dto: UpdateTaxRateDto): Promise<TaxRateView> {
    return this.rates.update(caller, id, dto);
  }

  /**
   * Archive a tax rate that no plan and no customer uses
   *
   * @remarks The rate is kept (bills and the audit trail refer to it) but can no longer be given to a plan or a
   * customer, and `GET /tax-rates` lists it only with `includeArchived=true`. While a live plan or a customer names
   * it, 409 TAX_RATE_IN_USE. Archiving an archived rate answers it unchanged.
   */
  @Delete(':id')
  @ApiOkResponse({ type: TaxRateView, description: 'The archived tax rate' })
  @ApiConflict('TAX_RATE_IN_USE')
  @RequirePermission('plans:write')
  archive(@Caller() caller: Principal, @Param('id', ParseIdPipe) id: string): Promise<TaxRateView> {
    return this.rates.archive(caller, id);
  }
}
