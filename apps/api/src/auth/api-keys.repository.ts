import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { ApiKeyEntity } from './api-key.entity';

/** Every query on api_keys. */
@Injectable()
export class ApiKeysRepository {
  constructor(private readonly dataSource: DataSource) {}

  private repo(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(ApiKeyEntity);
  }

  findActiveByHash(keyHash: string): Promise<ApiKeyEntity | null> {
    return this.repo().createQueryBuilder('k').where('k.key_hash = :keyHash AND k.revoked_at IS NULL', { keyHash }).getOne();
  }

  /** Records use at most once a minute per key, so hot ingest paths do not write on every request. */
  async touch(organizationId: string, id: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE api_keys SET last_used_at = now()
        WHERE organization_id = $1 AND id = $2 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`,
      [organizationId, id],
    );
  }

  findById(organizationId: string, id: string, manager?: EntityManager): Promise<ApiKeyEntity | null> {
    return this.repo(manager).findOne({ where: { organizationId, id } });
  }

  list(organizationId: string): Promise<ApiKeyEntity[]> {
    return this.repo().find({ where: { organizationId }, order: { createdAt: 'DESC', id: 'DESC' } });
  }

  async insert(key: Omit<ApiKeyEntity, 'createdAt' | 'revokedAt' | 'lastUsedAt'>, manager: EntityManager): Promise<ApiKeyEntity> {
    await this.repo(manager).insert(key);
    return (await this.findById(key.organizationId, key.id, manager))!;
  }

  async revoke(organizationId: string, id: string, manager: EntityManager): Promise<boolean> {
    const result = await this.repo(manager).update({ organizationId, id, revokedAt: IsNull() }, { revokedAt: new Date() });
    return (result.affected ?? 0) > 0;
  }
}
