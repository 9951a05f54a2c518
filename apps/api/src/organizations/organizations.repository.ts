import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { OrganizationEntity } from './organization.entity';

/** The columns an organization's settings may change. */
export type OrganizationPatch = Partial<Pick<OrganizationEntity, 'name' | 'mailSenderName' | 'mailReplyTo'>>;

/** Every query on organizations. */
@Injectable()
export class OrganizationsRepository {
  constructor(private readonly dataSource: DataSource) {}

  findById(id: string, manager?: EntityManager): Promise<OrganizationEntity | null> {
    return (manager ?? this.dataSource.manager).findOne(OrganizationEntity, { where: { id } });
  }

  findFirst(manager?: EntityManager): Promise<OrganizationEntity | null> {
    return (manager ?? this.dataSource.manager)
      .getRepository(OrganizationEntity)
      .createQueryBuilder('o')
      .orderBy('o.created_at')
      .limit(1)
      .getOne();
  }

  async insert(name: string, timeZone: string, manager?: EntityManager): Promise<OrganizationEntity> {
    const id = randomUUID();
    await (manager ?? this.dataSource.manager).insert(OrganizationEntity, { id, name, timeZone });
    return (await this.findById(id, manager))!;
  }

  /** The row, locked until the end of the transaction (check, lock, then change). */
  findByIdForUpdate(id: string, manager: EntityManager): Promise<OrganizationEntity | null> {
    return manager.findOne(OrganizationEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** Writes the given columns (an empty patch writes nothing) and returns the row as it is now. */
  async update(id: string, patch: OrganizationPatch, manager: EntityManager): Promise<OrganizationEntity> {
    if (Object.keys(patch).length > 0) await manager.update(OrganizationEntity, { id }, patch);
    return (await this.findById(id, manager))!;
  }

  /** Serializes first-start bootstrap across instances (transaction-scoped advisory lock). */
  async lockBootstrap(manager: EntityManager): Promise<void> {
    await manager.query('SELECT pg_advisory_xact_lock(727274202)');
  }
}
