import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../auth/principal';
import { NotFoundError } from '../common/domain-error';
import { onUniqueViolation } from '../common/unique-violation';
import { decodeCursor, DEFAULT_LIMIT, Page, toPage } from '../common/pagination';
import { DepartmentEntity } from './department.entity';
import { CreateDepartmentDto, ListDepartmentsDto, UpdateDepartmentDto } from './departments.dto';
import { DepartmentsRepository } from './departments.repository';
import { DepartmentView } from './departments.view';

export function toDepartmentView(d: DepartmentEntity): DepartmentView {
  return { id: d.id, name: d.name, externalId: d.externalId, createdAt: d.createdAt.toISOString(), updatedAt: d.updatedAt.toISOString() };
}

const externalIdTaken = onUniqueViolation({
  departments_external_id_key: ['DEPARTMENT_EXTERNAL_ID_TAKEN', 'Another department already has this externalId'],
});

@Injectable()
export class DepartmentsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly departments: DepartmentsRepository,
    private readonly audit: AuditService,
  ) {}

  async list(actor: Principal, query: ListDepartmentsDto): Promise<Page<DepartmentView>> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const c = decodeCursor(query.cursor, ['text', 'uuid']);
    const rows = await this.departments.list(actor.organizationId, {
      q: query.q,
      limit,
      after: c ? { name: String(c[0]), id: String(c[1]) } : null,
    });
    return toPage(rows, limit, (d) => [d.name.toLowerCase(), d.id], toDepartmentView);
  }

  async get(actor: Principal, id: string): Promise<DepartmentView> {
    const d = await this.departments.findById(actor.organizationId, id);
    if (!d) throw new NotFoundError('Department');
    return toDepartmentView(d);
  }

  async create(actor: Principal, dto: CreateDepartmentDto): Promise<DepartmentView> {
    return this.dataSource
      .transaction(async (m) => {
        const d = toDepartmentView(
          await this.departments.insert(actor.organizationId, { name: dto.name, externalId: dto.externalId ?? null }, m),
        );
        await this.audit.record(m, actor, { action: 'department.created', entityType: 'department', entityId: d.id, after: d });
        return d;
      })
      .catch(externalIdTaken);
  }

  async update(actor: Principal, id: string, dto: UpdateDepartmentDto): Promise<DepartmentView> {
    return this.dataSource
      .transaction(async (m) => {
        const before = await this.departments.findByIdForUpdate(actor.organizationId, id, m);
        if (!before) throw new NotFoundError('Department');
        const patch: Partial<DepartmentEntity> = {};
        if (dto.name !== undefined) patch.name = dto.name;
        if (dto.externalId !== undefined) patch.externalId = dto.externalId;
        const after = toDepartmentView(await this.departments.update(actor.organizationId, id, patch, m));
        await this.audit.record(m, actor, {
          action: 'department.updated',
          entityType: 'department',
          entityId: id,
          before: toDepartmentView(before),
          after,
        });
        return after;
      })
      .catch(externalIdTaken);
  }
}
