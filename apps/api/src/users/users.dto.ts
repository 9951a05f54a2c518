import { IsEmailAddress, IsOptionalNonNull, NO_CONTROL_CHARS } from '../common/validators';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsString, MaxLength, MinLength, Matches } from 'class-validator';
import { PageQueryDto } from '../common/pagination';
import { Role, ROLES } from './user.entity';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class CreateUserDto {
  @Transform(trim) @IsEmailAddress() @MaxLength(254) email: string;
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @Matches(NO_CONTROL_CHARS, { message: 'name must not contain control characters' })
  name: string;
  @IsIn(ROLES) role: Role;
  @IsString() @MinLength(8) @MaxLength(200) password: string;
}

export class UpdateUserDto {
  @IsOptionalNonNull()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @Matches(NO_CONTROL_CHARS, { message: 'name must not contain control characters' })
  name?: string;
  @IsOptionalNonNull() @IsIn(ROLES) role?: Role;
  @IsOptionalNonNull() @IsBoolean() active?: boolean;
  @IsOptionalNonNull() @IsString() @MinLength(8) @MaxLength(200) password?: string;
}

export class ListUsersDto extends PageQueryDto {}

/** `POST /auth/password`: the caller's own password; the current one must match. */
export class ChangePasswordDto {
  @IsString() @MinLength(1) @MaxLength(200) currentPassword: string;
  @IsString() @MinLength(8) @MaxLength(200) newPassword: string;
}

/** `POST /users/:id/password`: an admin sets another user's password. */
export class ResetPasswordDto {
  @IsString() @MinLength(8) @MaxLength(200) newPassword: string;
}

export interface UserView {
  id: string;
  email: string;
  name: string;
  role: Role;
  active: boolean;
  createdAt: string;
}
