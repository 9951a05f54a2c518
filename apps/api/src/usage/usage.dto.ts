/**
 * Query DTOs of the usage endpoints, and the OpenAPI shapes of their bodies. The bodies are validated by
 * hand in usage-input.ts (fast path for 10,000-item batches), not by these classes: the `*Doc` classes only
 * document what usage-input.ts and DevicesService.update accept, and must say exactly that.
 */
import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { ApiId, ApiInstant } from '../common/openapi';
import { PageQueryDto } from '../common/pagination';
import { MAX_BATCH } from './usage-input';
import type { SessionType } from './usage-input';

/** One remote session. */
@ApiSchema({
  description:
    'One remote session. Give the department as `departmentId` or as `departmentExternalId`, not both. Text is trimmed; ' +
    'an empty optional field counts as absent. Unknown fields are refused.',
})
export class SessionDoc {
  /** The reporting service's id of the session: sending it again is safe (idempotent per organization). */
  @ApiProperty({ minLength: 1, maxLength: 200 }) externalId: string;
  /** Our id of the department (or give `departmentExternalId`). */
  @ApiId({ nullable: true }) departmentId?: string | null;
  /** The service's own department id: the department's `externalId` (or give `departmentId`). */
  @ApiProperty({ type: 'string', nullable: true, maxLength: 200 }) departmentExternalId?: string | null;
  @ApiProperty({ type: 'string', nullable: true, maxLength: 200 }) technician?: string | null;
  type: SessionType;
  /** With an offset or `Z`; at most a day in the future. */
  @ApiInstant({ example: '2026-01-31T10:00:00Z' }) startedAt: string;
  /** Not before `startedAt`; a session lasts at most 7 days. */
  @ApiInstant({ example: '2026-01-31T10:30:00Z' }) endedAt: string;
}

/** All or nothing. */
@ApiSchema({
  description: "All or nothing: one bad item refuses the batch, naming every bad item's field as `sessions.<index>.<field>` (up to 1,000).",
})
export class SessionBatchDoc {
  @ApiProperty({ type: [SessionDoc], minItems: 1, maxItems: MAX_BATCH }) sessions: SessionDoc[];
}

/** One unattended device. */
@ApiSchema({
  description:
    'One unattended device, billed in every period it is enrolled in at any time. Give the department as `departmentId` ' +
    'or as `departmentExternalId`, not both. Text is trimmed; an empty optional field counts as absent. Unknown fields are refused.',
})
export class DeviceDoc {
  /** The reporting service's id of the device: sending it again is safe (idempotent per organization). */
  @ApiProperty({ minLength: 1, maxLength: 200 }) externalId: string;
  /** Our id of the department (or give `departmentExternalId`). */
  @ApiId({ nullable: true }) departmentId?: string | null;
  /** The service's own department id: the department's `externalId` (or give `departmentId`). */
  @ApiProperty({ type: 'string', nullable: true, maxLength: 200 }) departmentExternalId?: string | null;
  @ApiProperty({ minLength: 1, maxLength: 200 }) name: string;
  @ApiInstant({ example: '2026-01-01T00:00:00Z' }) enrolledAt: string;
  /** Already removed at this time (not before `enrolledAt`); absent or null: active. */
  @ApiInstant({ nullable: true }) removedAt?: string | null;
}

/** All or nothing. */
@ApiSchema({
  description: "All or nothing: one bad item refuses the batch, naming every bad item's field as `devices.<index>.<field>` (up to 1,000).",
})
export class DeviceBatchDoc {
  @ApiProperty({ type: [DeviceDoc], minItems: 1, maxItems: MAX_BATCH }) devices: DeviceDoc[];
}

/** Remove a device, or enrol it again. */
@ApiSchema({
  description:
    'Remove a device, or enrol it again. The enrolment history is kept: re-enrolling opens a new interval and never ' +
    'erases a removal. Unknown fields are refused.',
})
export class DevicePatchDoc {
  /**
   * An instant: the device is removed then (or its latest removal is corrected to then; not before its latest
   * enrolment; a future instant schedules the removal). `null`: enrol it again, at `enrolledAt`.
   */
  @ApiInstant({ nullable: true, example: '2026-03-01T00:00:00Z' }) removedAt: string | null;
  /**
   * Only with `removedAt: null`: when it is enrolled again (not before its latest removal). Default: now,
   * or, when the latest removal is still in the future, that removal is simply cancelled.
   */
  @ApiInstant({ example: '2026-04-01T00:00:00Z' }) enrolledAt?: string;
}

export class ListSessionsDto extends PageQueryDto {
  /** Only this department's sessions. */
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  departmentId?: string;
  /** Sessions that started at or after it: a day `YYYY-MM-DD` (UTC midnight) or an instant with offset. */
  @IsOptional() @IsString() @MaxLength(64) from?: string;
  /** Sessions that started before it (exclusive): a day `YYYY-MM-DD` (UTC midnight) or an instant with offset. */
  @IsOptional() @IsString() @MaxLength(64) to?: string;
  /** `uncovered`: sessions no association covers (never billed); `covered`: the others. */
  @IsOptional() @IsIn(['covered', 'uncovered']) coverage?: 'covered' | 'uncovered';
}

export class ListDevicesDto extends PageQueryDto {
  /** Only this department's devices. */
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  departmentId?: string;
  /** `active`: no removal recorded; `removed`: a removal is recorded (also one still in the future). */
  @IsOptional() @IsIn(['active', 'removed']) status?: 'active' | 'removed';
}
