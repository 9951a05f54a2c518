import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { ApiInstant, ApiInteger } from '../../common/openapi';
import { IsInstant, IsOptionalNonNull, NO_CONTROL_CHARS, trim } from '../../common/validators';
import { ZOHO_DATA_CENTRES } from './zoho-assist.client';
import type { ZohoDataCentre } from './zoho-assist.client';

const DATA_CENTRE = {
  enum: [...ZOHO_DATA_CENTRES],
  description:
    "The Zoho account's data centre, as the domain of its servers ends: com (US), eu, in, com.au, com.cn, jp, ca (zohocloud.ca), sa, uk",
};
const SECRET = (what: string, max: number) => ({
  type: 'string' as const,
  minLength: 1,
  maxLength: max,
  writeOnly: true,
  description: `${what}: stored encrypted, never answered (views say only whether it is set)`,
});
const POLL = { minimum: 5, maximum: 10080, description: 'Minutes between scheduled pulls (5 … 10080, a week)' };

/** A Zoho Assist account pulled into the profile: a Self Client or server-based client's credentials. */
export class CreateImportConnectorDto {
  @ApiProperty(DATA_CENTRE) @IsIn([...ZOHO_DATA_CENTRES]) dataCentre: ZohoDataCentre;
  @ApiProperty({ minLength: 1, maxLength: 200, description: 'The OAuth client id (Zoho API console), e.g. 1000.ABC…' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @Matches(NO_CONTROL_CHARS, { message: 'clientId must not contain control characters' })
  clientId: string;
  @ApiProperty(SECRET('The OAuth client secret', 500))
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  @Matches(/^\S+$/, { message: 'clientSecret must not contain spaces or control characters' })
  clientSecret: string;
  @ApiProperty(SECRET('A refresh token with the scope ZohoAssist.reportapi.READ', 1000))
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  @Matches(/^\S+$/, { message: 'refreshToken must not contain spaces or control characters' })
  refreshToken: string;
  @ApiInteger({ ...POLL, default: 60 }) @IsOptional() @IsInt() @Min(5) @Max(10080) pollMinutes?: number;
  @ApiInstant({ description: 'Pull sessions from this instant on (default: two days ago); not in the future' })
  @IsOptional()
  @IsInstant()
  pullFrom?: string;
  @ApiProperty({ default: true, description: 'false: pulled only when asked (POST /import-connectors/{id}/pull), never on schedule' })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

/** Changes to a connector; new secrets replace the stored ones. */
export class UpdateImportConnectorDto {
  @ApiProperty(DATA_CENTRE) @IsOptionalNonNull() @IsIn([...ZOHO_DATA_CENTRES]) dataCentre?: ZohoDataCentre;
  @ApiProperty({ minLength: 1, maxLength: 200 })
  @IsOptionalNonNull()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @Matches(NO_CONTROL_CHARS, { message: 'clientId must not contain control characters' })
  clientId?: string;
  @ApiProperty(SECRET('The OAuth client secret', 500))
  @IsOptionalNonNull()
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  @Matches(/^\S+$/, { message: 'clientSecret must not contain spaces or control characters' })
  clientSecret?: string;
  @ApiProperty(SECRET('A refresh token with the scope ZohoAssist.reportapi.READ', 1000))
  @IsOptionalNonNull()
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  @Matches(/^\S+$/, { message: 'refreshToken must not contain spaces or control characters' })
  refreshToken?: string;
  @ApiInteger(POLL) @IsOptionalNonNull() @IsInt() @Min(5) @Max(10080) pollMinutes?: number;
  @ApiInstant({
    description: 'Pull again from this instant on (the cursor moves back or forward to it; sessions already imported stay once)',
  })
  @IsOptionalNonNull()
  @IsInstant()
  pullFrom?: string;
  @IsOptionalNonNull() @IsBoolean() enabled?: boolean;
}
