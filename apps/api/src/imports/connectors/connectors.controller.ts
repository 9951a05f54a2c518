import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Caller, RequirePermission } from '../../auth/decorators';
import type { Principal } from '../../auth/principal';
import { ApiConflict, ApiErrors } from '../../common/openapi';
import { ParseIdPipe } from '../../common/parse-id.pipe';
import { ImportRunView } from '../imports.view';
import { CreateImportConnectorDto, UpdateImportConnectorDto } from './connectors.dto';
import { ConnectorsService } from './connectors.service';
import { ImportConnectorView } from './connectors.view';

/** Import connectors: a tool's reports API pulled into an import profile on a schedule (issue #19 point 5). */
@ApiTags('usage')
@ApiBearerAuth()
@Controller()
export class ImportConnectorsController {
  constructor(private readonly connectors: ConnectorsService) {}

  /**
   * Connect a Zoho Assist account to a profile
   *
   * @remarks Its sessions are pulled from `pullFrom` on, every `pollMinutes`, through the profile (a JSON one: the
   * `zoho_assist` preset). The client secret and the refresh token are stored encrypted and never answered.
   */
  @Post('import-profiles/:id/connectors')
  @ApiCreatedResponse({ type: ImportConnectorView })
  @RequirePermission('usage:write')
  create(
    @Caller() caller: Principal,
    @Param('id', ParseIdPipe) id: string,
    @Body() dto: CreateImportConnectorDto,
  ): Promise<ImportConnectorView> {
    return this.connectors.create(caller, id, dto);
  }

  /** The profile's connectors, oldest first */
  @Get('import-profiles/:id/connectors')
  @ApiOkResponse({ type: [ImportConnectorView] })
  @RequirePermission('usage:read')
  list(@Caller() caller: Principal, @Param('id', ParseIdPipe) id: string): Promise<ImportConnectorView[]> {
    return this.connectors.list(caller, id);
  }

  /** Change a connector: credentials, schedule, on/off, or where it pulls from */
  @Patch('import-connectors/:id')
  @ApiOkResponse({ type: ImportConnectorView })
  @ApiConflict('CONNECTOR_BUSY')
  @RequirePermission('usage:write')
  update(
    @Caller() caller: Principal,
    @Param('id', ParseIdPipe) id: string,
    @Body() dto: UpdateImportConnectorDto,
  ): Promise<ImportConnectorView> {
    return this.connectors.update(caller, id, dto);
  }

  /** Delete a connector (the sessions it imported stay) */
  @Delete('import-connectors/:id')
  @HttpCode(204)
  @ApiNoContentResponse()
  @RequirePermission('usage:write')
  remove(@Caller() caller: Principal, @Param('id', ParseIdPipe) id: string): Promise<void> {
    return this.connectors.remove(caller, id);
  }

  /**
   * Pull now
   *
   * @remarks Reads the tool's sessions since the connector's cursor (with an overlap) and imports them through its
   * profile, exactly as a scheduled pull: answers the import run. A pull that fails (the token refused, rate limits
   * that outlast the retries) is recorded on the connector (`lastError`), advances nothing, and answers 502
   * CONNECTOR_PULL_FAILED with the reason.
   */
  @Post('import-connectors/:id/pull')
  @HttpCode(200)
  @ApiOkResponse({ type: ImportRunView })
  @ApiConflict('CONNECTOR_BUSY')
  @ApiErrors({
    status: 502,
    description: 'CONNECTOR_PULL_FAILED: the tool refused or failed (the reason is in the message and in lastError)',
  })
  @RequirePermission('usage:write')
  pull(@Caller() caller: Principal, @Param('id', ParseIdPipe) id: string): Promise<ImportRunView> {
    return this.connectors.pullNow(caller, id);
  }
}
