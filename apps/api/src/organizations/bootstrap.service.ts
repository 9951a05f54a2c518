import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { hashPassword } from '../auth/passwords';
import { systemPrincipal } from '../auth/principal';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { UsersRepository } from '../users/users.repository';
import { OrganizationsRepository } from './organizations.repository';

/** First start: creates the organization (ORG_NAME, ORG_TIME_ZONE) and its admin (ADMIN_EMAIL, ADMIN_PASSWORD). */
@Injectable()
export class BootstrapService {
  private readonly logger = new Logger('Bootstrap');

  constructor(
    private readonly dataSource: DataSource,
    private readonly organizations: OrganizationsRepository,
    private readonly users: UsersRepository,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Returns true when it created the first organization. Safe to call from several instances at once. */
  async ensureFirstOrganization(): Promise<boolean> {
    if (await this.organizations.findFirst()) return false; // the usual start: nothing to hash or lock
    const passwordHash = await hashPassword(this.config.adminPassword);
    return this.dataSource.transaction(async (m) => {
      await this.organizations.lockBootstrap(m);
      if (await this.organizations.findFirst(m)) return false;
      const org = await this.organizations.insert(this.config.orgName, this.config.orgTimeZone, m);
      const user = await this.users.insert(
        {
          organizationId: org.id,
          id: randomUUID(),
          email: this.config.adminEmail,
          name: 'Administrator',
          role: 'admin',
          passwordHash,
          active: true,
        },
        m,
      );
      await this.audit.record(
        m,
        systemPrincipal(org.id),
        { action: 'organization.created', entityType: 'organization', entityId: org.id, after: { name: org.name, timeZone: org.timeZone } },
        { action: 'user.created', entityType: 'user', entityId: user.id, after: { email: user.email, role: user.role } },
      );
      this.logger.log(`Created organization "${org.name}" and admin ${user.email}`);
      return true;
    });
  }
}
