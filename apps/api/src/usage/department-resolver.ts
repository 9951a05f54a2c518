import { Injectable } from '@nestjs/common';
import type { FieldError } from '../common/domain-error';
import { DepartmentsRepository } from '../departments/departments.repository';

interface DepartmentRef {
  departmentId: string | null;
  departmentExternalId: string | null;
}

/** Turns each item's department (our id or the service's external id) into our id, with one query per kind. */
@Injectable()
export class DepartmentResolver {
  constructor(private readonly departments: DepartmentsRepository) {}

  async resolve<T extends DepartmentRef>(
    organizationId: string,
    items: T[],
    pathOf: (index: number) => string,
  ): Promise<{ ids: (string | null)[]; errors: { index: number; error: FieldError }[] }> {
    const byId = [...new Set(items.filter((i) => i.departmentId).map((i) => i.departmentId!))];
    const byExt = [...new Set(items.filter((i) => i.departmentExternalId).map((i) => i.departmentExternalId!))];
    const [known, extMap] = await Promise.all([
      this.departments.existingIds(organizationId, byId),
      this.departments.idsByExternalId(organizationId, byExt),
    ]);
    const ids: (string | null)[] = [];
    const errors: { index: number; error: FieldError }[] = [];
    items.forEach((item, index) => {
      if (item.departmentId) {
        if (known.has(item.departmentId)) ids.push(item.departmentId);
        else {
          ids.push(null);
          errors.push({
            index,
            error: { field: `${pathOf(index)}departmentId`, message: 'departmentId is not a department of this organization' },
          });
        }
      } else {
        const id = extMap.get(item.departmentExternalId!);
        ids.push(id ?? null);
        if (!id)
          errors.push({ index, error: { field: `${pathOf(index)}departmentExternalId`, message: 'no department has this externalId' } });
      }
    });
    return { ids, errors };
  }
}
