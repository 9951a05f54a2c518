import { parseMailbox } from '@app/invoicing';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../auth/principal';
import { NotFoundError } from '../common/domain-error';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { OrganizationEntity } from './organization.entity';
import { OrganizationPatch, OrganizationsRepository } from './organizations.repository';
import { UpdateOrganizationDto } from './organization.dto';
import { OrganizationView } from './organization.view';

/** The caller's organization: its settings (GET/PATCH /organization) and what they mean for invoice e-mails. */
@Injectable()
export class OrganizationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly organizations: OrganizationsRepository,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async get(actor: Principal): Promise<OrganizationView> {
    const org = await this.organizations.findById(actor.organizationId);
    if (!org) throw new NotFoundError('Organization');
    return this.view(org);
  }

  async update(actor: Principal, dto: UpdateOrganizationDto): Promise<OrganizationView> {
    return this.dataSource.transaction(async (m) => {
      const before = await this.organizations.findByIdForUpdate(actor.organizationId, m);
      if (!before) throw new NotFoundError('Organization');
      const patch: OrganizationPatch = {};
      if (dto.name !== undefined) patch.name = dto.name;
      if (dto.senderName !== undefined) patch.mailSenderName = dto.senderName;
      if (dto.replyToEmail !== undefined) patch.mailReplyTo = dto.replyToEmail;
      const after = await this.organizations.update(actor.organizationId, patch, m);
      await this.audit.record(m, actor, {
        action: 'organization.updated',
        entityType: 'organization',
        entityId: after.id,
        before: settingsOf(before),
        after: settingsOf(after),
      });
      return this.view(after);
    });
  }

  private view(org: OrganizationEntity): OrganizationView {
    const from = parseMailbox(this.config.mailFrom);
    return {
      id: org.id,
      ...settingsOf(org),
      timeZone: org.timeZone,
      defaults: { senderName: from.name, senderAddress: from.address, replyToEmail: this.config.mailReplyTo },
    };
  }
}

/** What an admin can change, as the API names it (also what the audit records). */
function settingsOf(org: OrganizationEntity) {
  return { name: org.name, senderName: org.mailSenderName, replyToEmail: org.mailReplyTo };
}
