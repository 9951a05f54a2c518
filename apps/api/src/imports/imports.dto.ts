import { ApiProperty } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { ApiInteger } from '../common/openapi';
import { IsOptionalNonNull, IsTimeZone, NO_CONTROL_CHARS, trim } from '../common/validators';

export const PRESET_NAMES = ['zoho_assist', 'teamviewer', 'splashtop', 'screenconnect', 'beyondtrust', 'anydesk'] as const;
const COLUMN = {
  type: 'string' as const,
  maxLength: 100,
  description: 'A column name (CSV) or a property path such as technician.email (JSON)',
};
const column = () => (target: object, key: string) => {
  IsString({ message: `${key} must name a column` })(target, key);
  MinLength(1)(target, key);
  MaxLength(100)(target, key);
  Matches(NO_CONTROL_CHARS, { message: `${key} must not contain control characters` })(target, key);
};
const optionalColumn = () => (target: object, key: string) => {
  ValidateIf((_: object, v: unknown) => v !== undefined && v !== null)(target, key);
  column()(target, key);
};

/** Which column of the report holds each of a session's fields. */
export class ImportMappingDto {
  @ApiProperty({ ...COLUMN, nullable: true, description: `${COLUMN.description}: the session's id in the tool; null: a hash of the row` })
  @optionalColumn()
  externalId: string | null;
  @ApiProperty({ ...COLUMN, description: `${COLUMN.description}: when the connection started` }) @column() start: string;
  @ApiProperty({ ...COLUMN, nullable: true, description: `${COLUMN.description}: when it ended; null: start + duration` })
  @optionalColumn()
  end: string | null;
  @ApiProperty({ ...COLUMN, nullable: true, description: `${COLUMN.description}: its duration (read when there is no end)` })
  @optionalColumn()
  duration: string | null;
  @ApiProperty({ ...COLUMN, nullable: true, description: `${COLUMN.description}: the technician` }) @optionalColumn() technician:
    string | null;
  @ApiProperty({
    ...COLUMN,
    nullable: true,
    description: `${COLUMN.description}: attended or unattended (see unattendedValues); null: attended`,
  })
  @optionalColumn()
  type: string | null;
  @ApiProperty({ ...COLUMN, description: `${COLUMN.description}: the tool's customer (group, company, account or device name)` })
  @column()
  customerKey: string;
}

/** How a tool's session report is read (libs/billing session-import.ts). */
export class ImportSettingsDto {
  @IsIn(['csv', 'json']) format: 'csv' | 'json';
  @ApiProperty({ enum: [',', ';', '\t', null], nullable: true, description: 'CSV: the delimiter; JSON: null' })
  @ValidateIf((_: object, v: unknown) => v !== null)
  @IsIn([',', ';', '\t'])
  delimiter: ',' | ';' | '\t' | null;
  @ApiProperty({
    type: 'string',
    nullable: true,
    maxLength: 100,
    description: "JSON: the path of the array of rows ('': the document is the array)",
  })
  @ValidateIf((_: object, v: unknown) => v !== null)
  @IsString()
  @MaxLength(100)
  jsonPath: string | null;
  @IsObject() @ValidateNested() @Type(() => ImportMappingDto) mapping: ImportMappingDto;
  @ApiProperty({
    maxLength: 40,
    example: 'dd.MM.yyyy HH:mm',
    description: "How times are written: 'iso', 'epoch_ms', 'epoch_s', or a pattern of yyyy MM M dd d HH H hh h (with a) mm ss",
  })
  @IsString()
  @MaxLength(40)
  timeFormat: string;
  @ApiProperty({ description: 'IANA time zone of times written without an offset' }) @IsTimeZone() timeZone: string;
  @IsIn(['ms', 's', 'min', 'hms']) durationUnit: 'ms' | 's' | 'min' | 'hms';
  @ApiProperty({ type: [String], description: 'Values of the type column meaning unattended (case-insensitive)' })
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(50, { each: true })
  unattendedValues: string[];
  @ApiInteger({
    minimum: 0,
    maximum: 1440,
    description: 'Merge connections of one technician and customer with breaks of at most this many minutes (0: never)',
  })
  @IsInt()
  @Min(0)
  @Max(1440)
  mergeGapMinutes: number;
  @ApiInteger({ minimum: 0, maximum: 86400, description: 'Refuse connections shorter than this many seconds (0: keep all)' })
  @IsInt()
  @Min(0)
  @Max(86400)
  minSeconds: number;
}

export class CreateImportProfileDto {
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @Matches(NO_CONTROL_CHARS, { message: 'name must not contain control characters' })
  name: string;
  @ApiProperty({
    enum: [...PRESET_NAMES, null],
    nullable: true,
    description: "A preset's settings (GET /import-presets); its settings may still be changed with `settings`",
  })
  @IsOptional()
  @IsIn([...PRESET_NAMES, null])
  preset?: (typeof PRESET_NAMES)[number] | null;
  @ApiProperty({ description: "How the report is read; required without a preset (the preset's, with a preset)" })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ImportSettingsDto)
  settings?: ImportSettingsDto;
  @ApiProperty({ pattern: '^[a-z0-9_-]{1,30}$', description: "Prefix of the sessions' external ids (default: the preset, else 'import')" })
  @IsOptional()
  @Matches(/^[a-z0-9_-]{1,30}$/, { message: 'idPrefix must be 1–30 of a-z 0-9 _ -' })
  idPrefix?: string;
}

export class UpdateImportProfileDto {
  @IsOptionalNonNull()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @Matches(NO_CONTROL_CHARS, { message: 'name must not contain control characters' })
  name?: string;
  @IsOptionalNonNull() @IsObject() @ValidateNested() @Type(() => ImportSettingsDto) settings?: ImportSettingsDto;
}

/** A customer key mapped to a department: its held rows are imported at once. */
export class MapCustomerKeyDto {
  @Transform(trim) @IsString() @MinLength(1) @MaxLength(200) customerKey: string;
  @IsUUID('all', { message: 'departmentId must be a UUID' }) departmentId: string;
}
