import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { IsEmailAddress, NO_CONTROL_CHARS } from '../common/validators';
import { API_KEY_SCOPES } from './permissions';
import type { ApiKeyScope } from './permissions';

export class LoginDto {
  /** Case and surrounding spaces do not matter. */
  @ApiProperty({ format: 'email' })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsEmailAddress()
  @MaxLength(254)
  email: string;
  @IsString() @MinLength(1) @MaxLength(200) password: string;
}

export class CreateApiKeyDto {
  /** What the key is for, e.g. the service that uses it. */
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @Matches(NO_CONTROL_CHARS, { message: 'name must not contain control characters' })
  name: string;
  /** What the key may do (each scope also grants reading departments). */
  @ApiProperty({ maxItems: API_KEY_SCOPES.length })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(API_KEY_SCOPES.length)
  @ArrayUnique()
  @IsIn(API_KEY_SCOPES, { each: true })
  scopes: ApiKeyScope[];
}
