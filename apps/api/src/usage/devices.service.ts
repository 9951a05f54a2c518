import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../auth/principal';
import { invalidField, NotFoundError, ValidationFailedError } from '../common/domain-error';
import { decodeCursor, DEFAULT_LIMIT, Page, toPage } from '../common/pagination';
import { isUuid } from '../common/parse-id.pipe';
import { isInstantWithOffset } from '../common/validators';
import { DepartmentResolver } from './department-resolver';
import { DeviceRow, DevicesRepository, StoredDevice } from './devices.repository';
import { DeviceInput, MAX_BATCH, parseBatch, parseDevice } from './usage-input';
import { ListDevicesDto } from './usage.dto';
import { DeviceCreatedView, DeviceView, UsageBatchView } from './usage.view';

function toView(d: StoredDevice): DeviceView {
  return {
    id: d.id,
    externalId: d.externalId,
    departmentId: d.departmentId,
    name: d.name,
    enrolledAt: new Date(d.enrolledAt).toISOString(),
    removedAt: d.removedAt ? new Date(d.removedAt).toISOString() : null,
    status: d.removedAt ? 'removed' : 'active',
    enrolments: (d.enrolments ?? []).map((e) => ({
      enrolledAt: new Date(e.enrolledAt).toISOString(),
      removedAt: e.removedAt ? new Date(e.removedAt).toISOString() : null,
    })),
    createdAt: new Date(d.createdAt).toISOString(),
    updatedAt: new Date(d.updatedAt).toISOString(),
  };
}

/** Unattended devices: enrolled in a department, billed per device active at any time in a period. */
@Injectable()
export class DevicesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly devices: DevicesRepository,
    private readonly resolver: DepartmentResolver,
    private readonly audit: AuditService,
  ) {}

  async create(actor: Principal, body: unknown): Promise<DeviceCreatedView> {
    const parsed = parseDevice(body, '');
    if (!parsed.value) throw new ValidationFailedError(parsed.errors);
    const [row] = await this.toRows(actor, [parsed.value], () => '');
    const accepted = await this.devices.insertMany(actor.organizationId, [row]);
    return { ...toView((await this.devices.findByExternalId(actor.organizationId, row.externalId))!), duplicate: accepted === 0 };
  }

  async batch(actor: Principal, body: unknown): Promise<UsageBatchView> {
    const { values, errors } = parseBatch(body, 'devices', MAX_BATCH, parseDevice);
    if (errors.length) throw new ValidationFailedError(errors.slice(0, 1000));
    const rows = await this.toRows(actor, values, (i) => `devices.${i}.`);
    const accepted = await this.devices.insertMany(actor.organizationId, rows);
    return { accepted, duplicates: rows.length - accepted };
  }

  private async toRows(actor: Principal, values: DeviceInput[], pathOf: (i: number) => string): Promise<DeviceRow[]> {
    const { ids, errors } = await this.resolver.resolve(actor.organizationId, values, pathOf);
    if (errors.length) throw new ValidationFailedError(errors.map((e) => e.error).slice(0, 1000));
    return values.map((v, i) => ({
      externalId: v.externalId,
      departmentId: ids[i]!,
      name: v.name,
      enrolledAt: v.enrolledAt,
      removedAt: v.removedAt,
    }));
  }

  /**
   * Removes a device at `removedAt` (or corrects the time of its latest removal), or with `removedAt: null`
   * enrols it again, at `enrolledAt` (default now). Every change keeps the enrolment history: re-enrolling
   * opens a new interval and never erases a removal, so the months a device was away are never billed.
   */
  async update(actor: Principal, id: string, body: unknown, now = new Date()): Promise<DeviceView> {
    const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    const unknown = Object.keys(b).filter((k) => k !== 'removedAt' && k !== 'enrolledAt');
    if (unknown.length) throw new ValidationFailedError(unknown.map((k) => ({ field: k, message: 'is not a known field' })));
    if (!('removedAt' in b)) throw invalidField('removedAt', 'removedAt is required (an instant, or null to re-enrol)');
    if (b.removedAt !== null && !isInstantWithOffset(b.removedAt))
      throw invalidField('removedAt', 'removedAt must be an ISO 8601 instant with an offset, or null');
    if (b.enrolledAt !== undefined && b.removedAt !== null)
      throw invalidField('enrolledAt', 'enrolledAt is only taken when re-enrolling (removedAt: null)');
    if (b.enrolledAt !== undefined && !isInstantWithOffset(b.enrolledAt))
      throw invalidField('enrolledAt', 'enrolledAt must be an ISO 8601 instant with an offset');
    const removedAt = b.removedAt === null ? null : new Date(b.removedAt as string);
    return this.dataSource.transaction(async (m) => {
      const before = await this.devices.findById(actor.organizationId, id, m, true);
      if (!before) throw new NotFoundError('Device');
      const latest = await this.devices.latestEnrolment(actor.organizationId, id, m);
      if (removedAt) {
        if (removedAt < new Date(latest.enrolledAt)) {
          throw invalidField(
            'removedAt',
            `removedAt must not be before the device's latest enrolment (${new Date(latest.enrolledAt).toISOString()})`,
          );
        }
        await this.devices.setRemovedAt(actor.organizationId, id, latest, removedAt, m);
      } else {
        if (latest.removedAt === null) return toView(before); // already enrolled: nothing to do
        const removal = new Date(latest.removedAt);
        // Without a date, re-enrolling before a removal that has not happened yet simply cancels that removal.
        const cancel = b.enrolledAt === undefined && removal > now;
        const enrolledAt = cancel ? new Date(latest.enrolledAt) : b.enrolledAt !== undefined ? new Date(b.enrolledAt as string) : now;
        if (!cancel && enrolledAt < removal) {
          throw invalidField(
            'enrolledAt',
            `enrolledAt must not be before the device's latest removal (${new Date(latest.removedAt).toISOString()})`,
          );
        }
        // A cancelled removal, or enrolled again at the very instant of an empty interval's start: that interval stays open.
        if (enrolledAt.getTime() === new Date(latest.enrolledAt).getTime())
          await this.devices.setRemovedAt(actor.organizationId, id, latest, null, m);
        else await this.devices.reenrol(actor.organizationId, id, enrolledAt, m);
      }
      const after = toView((await this.devices.findById(actor.organizationId, id, m))!);
      await this.audit.record(m, actor, {
        action: removedAt ? 'device.removed' : 'device.reenrolled',
        entityType: 'device',
        entityId: id,
        before: toView(before),
        after,
      });
      return after;
    });
  }

  async list(actor: Principal, q: ListDevicesDto): Promise<Page<DeviceView>> {
    const limit = q.limit ?? DEFAULT_LIMIT;
    const c = decodeCursor(q.cursor, ['instant', 'uuid']);
    if (q.departmentId !== undefined && !isUuid(q.departmentId)) throw invalidField('departmentId', 'must be a UUID');
    const rows = await this.devices.list(actor.organizationId, {
      departmentId: q.departmentId?.toLowerCase(),
      status: q.status,
      limit,
      after: c ? { enrolledAt: String(c[0]), id: String(c[1]) } : null,
    });
    return toPage(rows, limit, (d) => [new Date(d.enrolledAt).toISOString(), d.id], toView);
  }
}
