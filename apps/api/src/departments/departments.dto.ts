import { Transform } from 'class-transformer';
import { IsOptional, IsString, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { PageQueryDto } from '../common/pagination';
import { IsOptionalNonNull } from '../common/validators';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const NO_CONTROL_CHARS = /^[^\u0000-\u001f\u007f]*$/;

export class CreateDepartmentDto {
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @Matches(NO_CONTROL_CHARS, { message: 'name must not contain control characters' })
  name: string;

  /** Its id in another system, unique in the organization (409 DEPARTMENT_EXTERNAL_ID_TAKEN); usage may name the department by it. */
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @Matches(NO_CONTROL_CHARS, { message: 'externalId must not contain control characters' })
  externalId?: string;
}

export class UpdateDepartmentDto {
  @IsOptionalNonNull()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @Matches(NO_CONTROL_CHARS, { message: 'name must not contain control characters' })
  name?: string;

  /** Its id in another system, unique in the organization; null clears it. */
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @Matches(NO_CONTROL_CHARS, { message: 'externalId must not contain control characters' })
  externalId?: string | null;
}

export class ListDepartmentsDto extends PageQueryDto {
  /** Case-insensitive substring of the name. */
  @IsOptional() @IsString() @MaxLength(200) q?: string;
}
