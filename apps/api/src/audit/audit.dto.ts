import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQueryDto } from '../common/pagination';
import { AUDIT_ENTITY_TYPES } from './audit.view';
import type { AuditEntityType } from './audit.view';

export class AuditQueryDto extends PageQueryDto {
  /** Only events about this kind of entity. */
  @IsOptional() @IsString() @IsIn(AUDIT_ENTITY_TYPES) entityType?: AuditEntityType;
  /** Only events about this entity (with `entityType`, or alone). */
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  entityId?: string;
}
