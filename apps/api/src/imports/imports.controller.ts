import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Caller, RequirePermission } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import { DomainError } from '../common/domain-error';
import { ApiConflict, ApiErrors } from '../common/openapi';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { CreateImportProfileDto, MapCustomerKeyDto, UpdateImportProfileDto } from './imports.dto';
import { ImportsService } from './imports.service';
import { CustomerKeyView, ImportPresetView, ImportProfileView, ImportRunView, MappedKeyView } from './imports.view';

const REPORT_TYPES = /^(text\/(csv|plain)|application\/json)\b/i;
const REPORT_BODY = {
  description: "The tool's session report as it was exported: CSV (Content-Type text/csv) or JSON (application/json), up to 100 MB",
  schema: { type: 'string' },
};
const REPORT_ERRORS = ApiErrors(
  { status: 413, description: 'PAYLOAD_TOO_LARGE: the report is larger than 100 MB' },
  { status: 415, description: 'UNSUPPORTED_MEDIA_TYPE: not text/csv or application/json' },
);

function report(req: Request): Request {
  if (!REPORT_TYPES.test(req.headers['content-type'] ?? '')) {
    throw new DomainError('UNSUPPORTED_MEDIA_TYPE', 'Send the report as Content-Type: text/csv or application/json');
  }
  return req;
}

/** Session imports from the remote-support tools' reports (issue #19). */
@ApiTags('usage')
@ApiBearerAuth()
@Controller()
export class ImportsController {
  constructor(private readonly imports: ImportsService) {}

  /** The presets: each tool's session report format, from its public documentation */
  @Get('import-presets')
  @ApiOkResponse({ type: [ImportPresetView] })
  @RequirePermission('usage:read')
  presets(): ImportPresetView[] {
    return this.imports.presets();
  }

  /** List the import profiles by name */
  @Get('import-profiles')
  @ApiOkResponse({ type: [ImportProfileView] })
  @RequirePermission('usage:read')
  list(@Caller() caller: Principal): Promise<ImportProfileView[]> {
    return this.imports.list(caller);
  }

  /** Create an import profile, from a preset or with its own settings */
  @Post('import-profiles')
  @ApiCreatedResponse({ type: ImportProfileView })
  @ApiConflict('IMPORT_PROFILE_NAME_TAKEN')
  @RequirePermission('usage:write')
  create(@Caller() caller: Principal, @Body() dto: CreateImportProfileDto): Promise<ImportProfileView> {
    return this.imports.create(caller, dto);
  }

  /** An import profile */
  @Get('import-profiles/:id')
  @ApiOkResponse({ type: ImportProfileView })
  @RequirePermission('usage:read')
  get(@Caller() caller: Principal, @Param('id', ParseIdPipe) id: string): Promise<ImportProfileView> {
    return this.imports.get(caller, id);
  }

  /** Rename an import profile or change its settings (later imports read with them) */
  @Patch('import-profiles/:id')
  @ApiOkResponse({ type: ImportProfileView })
  @ApiConflict('IMPORT_PROFILE_NAME_TAKEN')
  @RequirePermission('usage:write')
  update(
    @Caller() caller: Principal,
    @Param('id', ParseIdPipe) id: string,
    @Body() dto: UpdateImportProfileDto,
  ): Promise<ImportProfileView> {
    return this.imports.update(caller, id, dto);
  }

  /** Delete an import profile, its customer keys, held rows and runs (sessions it imported stay) */
  @Delete('import-profiles/:id')
  @HttpCode(204)
  @ApiNoContentResponse()
  @RequirePermission('usage:write')
  remove(@Caller() caller: Principal, @Param('id', ParseIdPipe) id: string): Promise<void> {
    return this.imports.remove(caller, id);
  }

  /**
   * Preview a report
   *
   * @remarks Reads the whole report as an import would and says what every row would become (accepted, merged,
   * duplicate, held, refused with its reason); stores nothing but the run's record.
   */
  @Post('import-profiles/:id/preview')
  @HttpCode(200)
  @ApiConsumes('text/csv', 'application/json')
  @ApiBody(REPORT_BODY)
  @ApiOkResponse({ type: ImportRunView })
  @REPORT_ERRORS
  @RequirePermission('usage:write')
  preview(@Caller() caller: Principal, @Param('id', ParseIdPipe) id: string, @Req() req: Request): Promise<ImportRunView> {
    return this.imports.run(caller, id, report(req), true);
  }

  /**
   * Import a report
   *
   * @remarks Stores its sessions (idempotent: importing the same report again adds nothing), keeps the rows of
   * unmapped customer keys (held, imported once mapped) and answers what every row became.
   */
  @Post('import-profiles/:id/imports')
  @HttpCode(200)
  @ApiConsumes('text/csv', 'application/json')
  @ApiBody(REPORT_BODY)
  @ApiOkResponse({ type: ImportRunView })
  @REPORT_ERRORS
  @RequirePermission('usage:write')
  importReport(@Caller() caller: Principal, @Param('id', ParseIdPipe) id: string, @Req() req: Request): Promise<ImportRunView> {
    return this.imports.run(caller, id, report(req), false);
  }

  /** The profile's previews and imports, newest first (the last 100) */
  @Get('import-profiles/:id/runs')
  @ApiOkResponse({ type: [ImportRunView] })
  @RequirePermission('usage:read')
  runs(@Caller() caller: Principal, @Param('id', ParseIdPipe) id: string): Promise<ImportRunView[]> {
    return this.imports.runs(caller, id);
  }

  /** The profile's customer keys: mapped ones and those with held rows */
  @Get('import-profiles/:id/customer-keys')
  @ApiOkResponse({ type: [CustomerKeyView] })
  @RequirePermission('usage:read')
  customerKeys(@Caller() caller: Principal, @Param('id', ParseIdPipe) id: string): Promise<CustomerKeyView[]> {
    return this.imports.customerKeys(caller, id);
  }

  /** Map a customer key to a department: its held rows are imported at once, exactly once */
  @Put('import-profiles/:id/customer-keys')
  @ApiOkResponse({ type: MappedKeyView })
  @RequirePermission('usage:write')
  mapKey(@Caller() caller: Principal, @Param('id', ParseIdPipe) id: string, @Body() dto: MapCustomerKeyDto): Promise<MappedKeyView> {
    return this.imports.mapKey(caller, id, dto.customerKey, dto.departmentId);
  }
}
