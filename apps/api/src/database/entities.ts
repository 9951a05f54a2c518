import { ApiKeyEntity } from '../auth/api-key.entity';
import { AuditEventEntity } from '../audit/audit-event.entity';
import { DepartmentEntity } from '../departments/department.entity';
import { OrganizationEntity } from '../organizations/organization.entity';
import { UserEntity } from '../users/user.entity';
import { PlanEntity } from '../plans/plan.entity';
import { AssociationEntity } from '../associations/association.entity';

/** Every TypeORM entity of the API. */
export const ENTITIES = [OrganizationEntity, UserEntity, ApiKeyEntity, DepartmentEntity, AuditEventEntity, PlanEntity, AssociationEntity];
