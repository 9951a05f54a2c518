import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Caller, RequirePermission } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import { DomainError } from '../common/domain-error';
import { ApiErrors, ApiPage } from '../common/openapi';
import type { Page } from '../common/pagination';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { DevicesService } from './devices.service';
import { SessionsService } from './sessions.service';
import { DeviceBatchDoc, DeviceDoc, DevicePatchDoc, ListDevicesDto, ListSessionsDto, SessionBatchDoc, SessionDoc } from './usage.dto';
import { DeviceCreatedView, DeviceView, ImportResultView, SessionCreatedView, SessionView, UsageBatchView } from './usage.view';

const CSV_HEADER = 'externalId,departmentExternalId,technician,type,startedAt,endedAt';

@ApiTags('usage')
@Controller()
export class UsageController {
  constructor(
    private readonly sessions: SessionsService,
    private readonly devices: DevicesService,
  ) {}

  /**
   * Report one session
   *
   * @remarks Idempotent by `externalId`: sending a stored session again answers 200 with the stored one, unchanged.
   */
  @Post('sessions')
  @ApiBody({ type: SessionDoc })
  @ApiCreatedResponse({ type: SessionCreatedView, description: 'Stored (`duplicate: false`)' })
  @ApiOkResponse({ type: SessionCreatedView, description: 'Its externalId was already stored: the stored session (`duplicate: true`)' })
  @RequirePermission('usage:write')
  async createSession(
    @Caller() caller: Principal,
    @Body() body: unknown,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SessionCreatedView> {
    const session = await this.sessions.create(caller, body);
    res.status(session.duplicate ? 200 : 201);
    return session;
  }

  /** Report up to 10,000 sessions at once (all or nothing) */
  @Post('sessions/batch')
  @HttpCode(200)
  @ApiBody({ type: SessionBatchDoc })
  @ApiOkResponse({ type: UsageBatchView })
  @RequirePermission('usage:write')
  batchSessions(@Caller() caller: Principal, @Body() body: unknown): Promise<UsageBatchView> {
    return this.sessions.batch(caller, body);
  }

  /**
   * Import a CSV session report
   *
   * @remarks A header row names the columns with the session's field names (`departmentId` or `departmentExternalId`;
   * unknown columns are ignored), then one session per line. Valid lines are stored, refused ones come back
   * with their line number. A file that breaks the CSV before anything was stored is a 400; once lines were
   * stored, the breaking line is refused with field `csv` and the lines after it are not read. Sending the same
   * file again is safe. Up to 100 MB.
   */
  @Post('sessions/import')
  @HttpCode(200)
  @ApiConsumes('text/csv', 'text/plain')
  @ApiBody({
    description: 'UTF-8 CSV (a BOM is allowed) with a header row',
    schema: { type: 'string', example: `${CSV_HEADER}\ns-1,crm-42,Ada,attended,2026-01-31T10:00:00Z,2026-01-31T10:30:00Z\n` },
  })
  @ApiOkResponse({ type: ImportResultView })
  @ApiErrors(
    { status: 413, description: 'PAYLOAD_TOO_LARGE: the file is larger than 100 MB (lines before the limit may be stored)' },
    { status: 415, description: 'UNSUPPORTED_MEDIA_TYPE: the Content-Type is not text/csv (or text/plain)' },
  )
  @RequirePermission('usage:write')
  importSessions(@Caller() caller: Principal, @Req() req: Request): Promise<ImportResultView> {
    if (!/^text\/(csv|plain)\b/i.test(req.headers['content-type'] ?? '')) {
      throw new DomainError('UNSUPPORTED_MEDIA_TYPE', 'Send the session report as Content-Type: text/csv');
    }
    return this.sessions.importCsv(caller, req);
  }

  /** List sessions, latest start first, by department, start time and coverage */
  @Get('sessions')
  @ApiPage(SessionView)
  @RequirePermission('usage:read')
  listSessions(@Caller() caller: Principal, @Query() query: ListSessionsDto): Promise<Page<SessionView>> {
    return this.sessions.list(caller, query);
  }

  /**
   * Report one unattended device
   *
   * @remarks Idempotent by `externalId`: sending a stored device again answers 200 with the stored one, unchanged
   * (change its enrolment with `PATCH /devices/{id}`).
   */
  @Post('devices')
  @ApiBody({ type: DeviceDoc })
  @ApiCreatedResponse({ type: DeviceCreatedView, description: 'Stored (`duplicate: false`)' })
  @ApiOkResponse({ type: DeviceCreatedView, description: 'Its externalId was already stored: the stored device (`duplicate: true`)' })
  @RequirePermission('usage:write')
  async createDevice(
    @Caller() caller: Principal,
    @Body() body: unknown,
    @Res({ passthrough: true }) res: Response,
  ): Promise<DeviceCreatedView> {
    const device = await this.devices.create(caller, body);
    res.status(device.duplicate ? 200 : 201);
    return device;
  }

  /** Report up to 10,000 devices at once (all or nothing) */
  @Post('devices/batch')
  @HttpCode(200)
  @ApiBody({ type: DeviceBatchDoc })
  @ApiOkResponse({ type: UsageBatchView })
  @RequirePermission('usage:write')
  batchDevices(@Caller() caller: Principal, @Body() body: unknown): Promise<UsageBatchView> {
    return this.devices.batch(caller, body);
  }

  /** Remove a device, correct its removal, or enrol it again */
  @Patch('devices/:id')
  @ApiBody({ type: DevicePatchDoc })
  @ApiOkResponse({ type: DeviceView })
  @RequirePermission('usage:write')
  updateDevice(@Caller() caller: Principal, @Param('id', ParseIdPipe) id: string, @Body() body: unknown): Promise<DeviceView> {
    return this.devices.update(caller, id, body);
  }

  /** List devices, latest first enrolment first, by department and status */
  @Get('devices')
  @ApiPage(DeviceView)
  @RequirePermission('usage:read')
  listDevices(@Caller() caller: Principal, @Query() query: ListDevicesDto): Promise<Page<DeviceView>> {
    return this.devices.list(caller, query);
  }
}
