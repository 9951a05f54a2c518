import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import type { LogoContentType } from './logo';
import { OrganizationEntity } from './organization.entity';

/** The columns an organization's settings may change (the logo has its own methods). */
export type OrganizationPatch = Partial<
  Pick<
    OrganizationEntity,
    | 'name'
    | 'mailSenderName'
    | 'mailReplyTo'
    | 'legalName'
    | 'vatId'
    | 'taxNumber'
    | 'companyRegistration'
    | 'address'
    | 'contactEmail'
    | 'phone'
    | 'website'
    | 'accountHolder'
    | 'iban'
    | 'bic'
    | 'paymentInstructions'
    | 'paymentTerms'
    | 'invoiceFooter'
    | 'invoiceLanguage'
    | 'reviewDays'
    | 'reminderSchedule'
    | 'electronicAddressScheme'
    | 'electronicAddressId'
  >
>;

/** A logo as stored: its bytes and what was read from them. */
export interface StoredLogo {
  bytes: Buffer;
  contentType: LogoContentType;
  width: number;
  height: number;
  sha256: string;
}

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

  /** Stores the logo (replacing any) and returns the row as it is now (without the bytes). */
  async setLogo(id: string, logo: StoredLogo, manager: EntityManager): Promise<OrganizationEntity> {
    await manager.query(
      `UPDATE organizations SET logo = $2, logo_content_type = $3, logo_size = $4, logo_width = $5, logo_height = $6,
        logo_sha256 = $7, logo_updated_at = now() WHERE id = $1`,
      [id, logo.bytes, logo.contentType, logo.bytes.length, logo.width, logo.height, logo.sha256],
    );
    return (await this.findById(id, manager))!;
  }

  /** Removes the logo. */
  async removeLogo(id: string, manager: EntityManager): Promise<void> {
    await manager.query(
      `UPDATE organizations SET logo = NULL, logo_content_type = NULL, logo_size = NULL, logo_width = NULL, logo_height = NULL,
        logo_sha256 = NULL, logo_updated_at = NULL WHERE id = $1`,
      [id],
    );
  }

  /** The logo's bytes and type; null when the organization has none. */
  async findLogo(id: string, manager?: EntityManager): Promise<{ bytes: Buffer; contentType: LogoContentType } | null> {
    const rows: { logo: Buffer; content_type: LogoContentType }[] = await (manager ?? this.dataSource.manager).query(
      'SELECT logo, logo_content_type AS content_type FROM organizations WHERE id = $1 AND logo IS NOT NULL',
      [id],
    );
    return rows.length ? { bytes: rows[0].logo, contentType: rows[0].content_type } : null;
  }

  /** Serializes first-start bootstrap across instances (transaction-scoped advisory lock). */
  async lockBootstrap(manager: EntityManager): Promise<void> {
    await manager.query('SELECT pg_advisory_xact_lock(727274202)');
  }
}
