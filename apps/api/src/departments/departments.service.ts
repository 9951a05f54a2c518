import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../auth/principal';
import { NotFoundError, ValidationFailedError } from '../common/domain-error';
import { electronicAddressOf, ElectronicAddressDto, storedElectronicAddress } from '../common/electronic-address';
import { onUniqueViolation } from '../common/unique-violation';
import { decodeCursor, DEFAULT_LIMIT, Page, toPage } from '../common/pagination';
import { TaxRatesService } from '../taxes/tax-rates.service';
import { customerTaxErrors } from './customer-tax';
import { DepartmentEntity } from './department.entity';
import { CreateDepartmentDto, ListDepartmentsDto, UpdateDepartmentDto } from './departments.dto';
import { DepartmentRow, DepartmentsRepository } from './departments.repository';
import { DepartmentView } from './departments.view';

export function toDepartmentView(d: DepartmentRow): DepartmentView {
  return {
    id: d.id,
    name: d.name,
    externalId: d.externalId,
    legalName: d.legalName,
    vatId: d.vatId,
    invoiceLanguage: d.invoiceLanguage,
    taxTreatment: d.taxTreatment,
    exemptionReason: d.exemptionReason,
    taxRateIds: d.taxRateIds,
    reviewDays: d.reviewDays,
    remindersEnabled: d.remindersEnabled,
    autoSend: d.autoSend,
    einvoiceFormat: d.einvoiceFormat,
    electronicAddress: electronicAddressOf(d.electronicAddressScheme, d.electronicAddressId),
    attachSessionStatement: d.attachSessionStatement,
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
  };
}

function electronicAddressColumns(dto: ElectronicAddressDto | null) {
  const { scheme, id } = storedElectronicAddress(dto);
  return { electronicAddressScheme: scheme, electronicAddressId: id };
}

const externalIdTaken = onUniqueViolation({
  departments_external_id_key: ['DEPARTMENT_EXTERNAL_ID_TAKEN', 'Another department already has this externalId'],
});

/** The tax fields a request sets, as stored (null clears). */
const TAX_FIELDS = ['legalName', 'vatId', 'invoiceLanguage', 'taxTreatment', 'exemptionReason'] as const;

/**
 * Departments (customers) and their tax data. The tax treatment, VAT ID and exemption reason are checked together on
 * the customer as it will be stored (customer-tax.ts); `taxRateIds` goes through the tax rates' own check.
 */
@Injectable()
export class DepartmentsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly departments: DepartmentsRepository,
    private readonly taxRates: TaxRatesService,
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
    const tax = {
      legalName: dto.legalName ?? null,
      vatId: dto.vatId ?? null,
      invoiceLanguage: dto.invoiceLanguage ?? null,
      taxTreatment: dto.taxTreatment ?? 'standard',
      exemptionReason: dto.exemptionReason ?? null,
    };
    const errors = customerTaxErrors(tax);
    if (errors.length) throw new ValidationFailedError(errors, errors.map((e) => `${e.field}: ${e.message}`).join('; '));
    return this.dataSource
      .transaction(async (m) => {
        const override = dto.taxRateIds !== undefined && dto.taxRateIds !== null;
        const inserted = await this.departments.insert(
          actor.organizationId,
          {
            name: dto.name,
            externalId: dto.externalId ?? null,
            ...tax,
            taxRatesOverride: override,
            reviewDays: dto.reviewDays ?? null,
            remindersEnabled: dto.remindersEnabled ?? true,
            autoSend: dto.autoSend ?? true,
            einvoiceFormat: dto.einvoiceFormat ?? 'none',
            ...electronicAddressColumns(dto.electronicAddress ?? null),
            attachSessionStatement: dto.attachSessionStatement ?? false,
          },
          m,
        );
        const d = toDepartmentView(override ? await this.setRates(m, actor, inserted.id, dto.taxRateIds!) : inserted);
        await this.audit.record(m, actor, { action: 'department.created', entityType: 'department', entityId: d.id, after: d });
        return d;
      })
      .catch(externalIdTaken);
  }

  async update(actor: Principal, id: string, dto: UpdateDepartmentDto): Promise<DepartmentView> {
    return this.dataSource
      .transaction(async (m) => {
        const locked = await this.departments.findByIdForUpdate(actor.organizationId, id, m);
        if (!locked) throw new NotFoundError('Department');
        const before = toDepartmentView((await this.departments.findById(actor.organizationId, id, m))!);
        const patch: Partial<DepartmentEntity> = {};
        if (dto.name !== undefined) patch.name = dto.name;
        if (dto.externalId !== undefined) patch.externalId = dto.externalId;
        if (dto.reviewDays !== undefined) patch.reviewDays = dto.reviewDays;
        if (dto.remindersEnabled !== undefined) patch.remindersEnabled = dto.remindersEnabled;
        if (dto.autoSend !== undefined) patch.autoSend = dto.autoSend;
        if (dto.einvoiceFormat !== undefined) patch.einvoiceFormat = dto.einvoiceFormat;
        if (dto.electronicAddress !== undefined) Object.assign(patch, electronicAddressColumns(dto.electronicAddress));
        if (dto.attachSessionStatement !== undefined) patch.attachSessionStatement = dto.attachSessionStatement;
        for (const key of TAX_FIELDS) if (dto[key] !== undefined) (patch as Record<string, unknown>)[key] = dto[key];
        const errors = customerTaxErrors({ ...locked, ...patch });
        if (errors.length) throw new ValidationFailedError(errors, errors.map((e) => `${e.field}: ${e.message}`).join('; '));
        if (dto.taxRateIds !== undefined) patch.taxRatesOverride = dto.taxRateIds !== null;
        let after = await this.departments.update(actor.organizationId, id, patch, m);
        if (dto.taxRateIds !== undefined) after = await this.setRates(m, actor, id, dto.taxRateIds ?? []);
        const view = toDepartmentView(after);
        await this.audit.record(m, actor, { action: 'department.updated', entityType: 'department', entityId: id, before, after: view });
        return view;
      })
      .catch(externalIdTaken);
  }

  /** Checks and stores the department's own rates; answers the department as it is now. */
  private async setRates(m: EntityManager, actor: Principal, id: string, ids: string[]): Promise<DepartmentRow> {
    const taxRateIds = await this.taxRates.checkAssignable(m, actor.organizationId, ids);
    await this.taxRates.setRates(m, 'department', actor.organizationId, id, taxRateIds);
    return (await this.departments.findById(actor.organizationId, id, m))!;
  }
}
