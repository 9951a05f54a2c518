import { Injectable } from '@nestjs/common';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { NotFoundError } from '../common/domain-error';
import type { Page } from '../common/pagination';
import { ApiKeyEntity } from './api-key.entity';
import { ApiKeysRepository } from './api-keys.repository';
import { CreateApiKeyDto } from './auth.dto';
import { ApiKeyCreatedView, ApiKeyView } from './auth.view';
import type { Principal } from './principal';

export const API_KEY_PREFIX = 'rb_';

/**
 * API keys are 32 random bytes; only their SHA-256 is stored (a fast hash is right for a high-entropy
 * secret and keeps authentication of hot ingest paths cheap). The key is shown once, at creation.
 */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

function toView(k: ApiKeyEntity): ApiKeyView {
  return {
    id: k.id,
    name: k.name,
    prefix: k.keyPrefix,
    scopes: k.scopes,
    createdAt: k.createdAt.toISOString(),
    revokedAt: k.revokedAt?.toISOString() ?? null,
    lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
  };
}

@Injectable()
export class ApiKeysService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly keys: ApiKeysRepository,
    private readonly audit: AuditService,
  ) {}

  async create(actor: Principal, dto: CreateApiKeyDto): Promise<ApiKeyCreatedView> {
    const key = API_KEY_PREFIX + randomBytes(32).toString('base64url');
    return this.dataSource.transaction(async (m) => {
      const row = await this.keys.insert(
        {
          organizationId: actor.organizationId,
          id: randomUUID(),
          name: dto.name,
          keyPrefix: key.slice(0, 10),
          keyHash: hashApiKey(key),
          scopes: dto.scopes,
          createdBy: actor.id,
        },
        m,
      );
      const view = toView(row);
      await this.audit.record(m, actor, { action: 'api_key.created', entityType: 'api_key', entityId: row.id, after: view });
      return { ...view, key };
    });
  }

  async list(actor: Principal): Promise<Page<ApiKeyView>> {
    return { items: (await this.keys.list(actor.organizationId)).map(toView), nextCursor: null };
  }

  async revoke(actor: Principal, id: string): Promise<ApiKeyView> {
    return this.dataSource.transaction(async (m) => {
      const before = await this.keys.findById(actor.organizationId, id, m);
      if (!before) throw new NotFoundError('API key');
      await this.keys.revoke(actor.organizationId, id, m);
      const after = toView((await this.keys.findById(actor.organizationId, id, m))!);
      await this.audit.record(m, actor, { action: 'api_key.revoked', entityType: 'api_key', entityId: id, before: toView(before), after });
      return after;
    });
  }
}
