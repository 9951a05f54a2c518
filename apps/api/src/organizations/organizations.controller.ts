import { Body, Controller, Get, Patch } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Caller, RequirePermission } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import { UpdateOrganizationDto } from './organization.dto';
import { OrganizationsService } from './organizations.service';

/** The caller's own organization: name, time zone and invoice e-mail settings (Settings > Organization). */
@ApiTags('organization')
@ApiBearerAuth()
@Controller('organization')
export class OrganizationsController {
  constructor(private readonly organizations: OrganizationsService) {}

  @Get()
  @RequirePermission('organization:read')
  get(@Caller() caller: Principal) {
    return this.organizations.get(caller);
  }

  @Patch()
  @RequirePermission('organization:manage')
  update(@Caller() caller: Principal, @Body() dto: UpdateOrganizationDto) {
    return this.organizations.update(caller, dto);
  }
}
