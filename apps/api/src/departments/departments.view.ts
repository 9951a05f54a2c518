import { ApiId, ApiInstant } from '../common/openapi';

/** A customer: the department that is billed (its billing details are on each of its associations). */
export class DepartmentView {
  @ApiId() id: string;
  name: string;
  /** Its id in another system, unique in the organization (sessions and devices may name the department by it as `departmentExternalId`); null if none. */
  externalId: string | null;
  @ApiInstant() createdAt: string;
  @ApiInstant() updatedAt: string;
}
