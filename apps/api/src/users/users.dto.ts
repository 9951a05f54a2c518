import { IsEmailAddress, IsOptionalNonNull, NO_CONTROL_CHARS } from '../common/validators';
import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsString, MaxLength, MinLength, Matches } from 'class-validator';
import { PageQueryDto } from '../common/pagination';
import { Role, ROLES } from './user.entity';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class CreateUserDto {
  /** Unique across the server, case-insensitively (409 EMAIL_TAKEN); stored lowercase. */
  @ApiProperty({ format: 'email' }) @Transform(trim) @IsEmailAddress() @MaxLength(254) email: string;
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @Matches(NO_CONTROL_CHARS, { message: 'name must not contain control characters' })
  name: string;
  @IsIn(ROLES) role: Role;
  @ApiProperty({ format: 'password' }) @IsString() @MinLength(8) @MaxLength(200) password: string;
}

export class UpdateUserDto {
  @IsOptionalNonNull()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @Matches(NO_CONTROL_CHARS, { message: 'name must not contain control characters' })
  name?: string;
  /** The organization keeps at least one active admin (409 LAST_ADMIN). */
  @IsOptionalNonNull() @IsIn(ROLES) role?: Role;
  /** false: the user can no longer sign in. */
  @IsOptionalNonNull() @IsBoolean() active?: boolean;
  /** A new password for the user. */
  @ApiProperty({ format: 'password' }) @IsOptionalNonNull() @IsString() @MinLength(8) @MaxLength(200) password?: string;
}

export class ListUsersDto extends PageQueryDto {}

/** `POST /auth/password`: the caller's own password; the current one must match. */
export class ChangePasswordDto {
  @ApiProperty({ format: 'password' }) @IsString() @MinLength(1) @MaxLength(200) currentPassword: string;
  /** Must differ from the current one. */
  @ApiProperty({ format: 'password' }) @IsString() @MinLength(8) @MaxLength(200) newPassword: string;
}

/** `POST /users/:id/password`: an admin sets another user's password. */
export class ResetPasswordDto {
  @ApiProperty({ format: 'password' }) @IsString() @MinLength(8) @MaxLength(200) newPassword: string;
}
