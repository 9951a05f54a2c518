import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { UserEntity } from './user.entity';

/** Every query on users. Password hashes leave this file only through findForLogin and passwordHashForUpdate. */
@Injectable()
export class UsersRepository {
  constructor(private readonly dataSource: DataSource) {}

  private repo(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(UserEntity);
  }

  findForLogin(email: string): Promise<UserEntity | null> {
    return this.repo().createQueryBuilder('u').addSelect('u.passwordHash').where('lower(u.email) = lower(:email)', { email }).getOne();
  }

  findById(organizationId: string, id: string, manager?: EntityManager): Promise<UserEntity | null> {
    return this.repo(manager).findOne({ where: { organizationId, id } });
  }

  findByIdForUpdate(organizationId: string, id: string, manager: EntityManager): Promise<UserEntity | null> {
    return this.repo(manager).findOne({ where: { organizationId, id }, lock: { mode: 'pessimistic_write' } });
  }

  /** The user's password hash, its row locked for the change that follows (own-password change). */
  async passwordHashForUpdate(organizationId: string, id: string, manager: EntityManager): Promise<string | null> {
    const user = await this.repo(manager)
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.organization_id = :organizationId AND u.id = :id', { organizationId, id })
      .setLock('pessimistic_write')
      .getOne();
    return user?.passwordHash ?? null;
  }

  list(organizationId: string, after: { email: string; id: string } | null, limit: number): Promise<UserEntity[]> {
    const qb = this.repo().createQueryBuilder('u').where('u.organization_id = :organizationId', { organizationId });
    if (after) qb.andWhere('(lower(u.email), u.id) > (:email, :id::uuid)', after);
    return qb
      .orderBy('lower(u.email)')
      .addOrderBy('u.id')
      .limit(limit + 1)
      .getMany();
  }

  countActiveAdmins(organizationId: string, manager: EntityManager): Promise<number> {
    return this.repo(manager).count({ where: { organizationId, role: 'admin', active: true } });
  }

  async insert(user: Omit<UserEntity, 'createdAt' | 'updatedAt'>, manager: EntityManager): Promise<UserEntity> {
    await this.repo(manager).insert(user);
    return (await this.findById(user.organizationId, user.id, manager))!;
  }

  async update(organizationId: string, id: string, patch: Partial<UserEntity>, manager: EntityManager): Promise<UserEntity> {
    await this.repo(manager).update({ organizationId, id }, { ...patch, updatedAt: new Date() });
    return (await this.findById(organizationId, id, manager))!;
  }
}
