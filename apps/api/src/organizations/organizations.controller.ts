import { Body, Controller, Get, Patch } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Caller, RequirePermission } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import { UpdateOrganizationDto } from './organization.dto';
import { OrganizationView } from './organization.view';
import { OrganizationsService } from './organizations.service';

/** The caller's own organization: name, time zone and invoice e-mail settings (Settings > Organization). */
@ApiTags('organization')
@ApiBearerAuth()
@Controller('organization')
export class OrganizationsController {
  constructor(private readonly organizations: OrganizationsService) {}

  /** The caller's organization, with its invoice e-mail settings and the server's defaults */
  @Get()
  @ApiOkResponse({ type: OrganizationView })
  @RequirePermission('organization:read')
  get(@Caller() caller: Principal): Promise<OrganizationView> {
    return this.organizations.get(caller);
  }

  /**
   * Change the organization's name and invoice e-mail settings
   *
   * @remarks Only the fields sent change; `null` (or an empty string) sets a mail setting back to the server's default.
   */
  @Patch()
  @ApiOkResponse({ type: OrganizationView, description: 'The organization as it is now' })
  @RequirePermission('organization:manage')
  update(@Caller() caller: Principal, @Body() dto: UpdateOrganizationDto): Promise<OrganizationView> {
    return this.organizations.update(caller, dto);
  }
}
