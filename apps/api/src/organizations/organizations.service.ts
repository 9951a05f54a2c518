import { parseMailbox } from '@app/invoicing';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../auth/principal';
import { DomainError, NotFoundError, ValidationFailedError } from '../common/domain-error';
import { electronicAddressOf, storedElectronicAddress } from '../common/electronic-address';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { inspectLogo, LogoContentType } from './logo';
import { OrganizationEntity, SellerAddress } from './organization.entity';
import { OrganizationPatch, OrganizationsRepository } from './organizations.repository';
import { SellerAddressDto, UpdateOrganizationDto } from './organization.dto';
import { OrganizationLogoView, OrganizationView } from './organization.view';
import { FormatOnlyVatIdVerifier, VAT_ID_VERIFIER, VatIdVerifier } from './vat-id-verifier';

/** The fields of the DTO that are one column each, under the same name. */
const PROFILE_FIELDS = [
  'legalName',
  'vatId',
  'taxNumber',
  'companyRegistration',
  'contactEmail',
  'phone',
  'website',
  'accountHolder',
  'iban',
  'bic',
  'paymentInstructions',
  'paymentTerms',
  'invoiceFooter',
  'invoiceLanguage',
  'reviewDays',
  'reminderSchedule',
] as const;

/**
 * The caller's organization: its settings (GET/PATCH /organization), its seller profile and logo
 * (PUT/GET/DELETE /organization/logo), and what the mail settings mean for invoice e-mails.
 */
@Injectable()
export class OrganizationsService {
  private readonly vatIds: VatIdVerifier;

  constructor(
    private readonly dataSource: DataSource,
    private readonly organizations: OrganizationsRepository,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Optional() @Inject(VAT_ID_VERIFIER) vatIds?: VatIdVerifier,
  ) {
    this.vatIds = vatIds ?? new FormatOnlyVatIdVerifier();
  }

  async get(actor: Principal): Promise<OrganizationView> {
    const org = await this.organizations.findById(actor.organizationId);
    if (!org) throw new NotFoundError('Organization');
    return this.view(org);
  }

  async update(actor: Principal, dto: UpdateOrganizationDto): Promise<OrganizationView> {
    // The online check (if any) runs before the transaction: a slow registry never holds the row lock.
    if (typeof dto.vatId === 'string') {
      const verdict = await this.vatIds.verify(dto.vatId);
      if (!verdict.valid) throw refused('vatId', verdict.message ?? 'vatId is not a valid VAT ID');
    }
    return this.dataSource.transaction(async (m) => {
      const before = await this.organizations.findByIdForUpdate(actor.organizationId, m);
      if (!before) throw new NotFoundError('Organization');
      const patch: OrganizationPatch = {};
      if (dto.name !== undefined) patch.name = dto.name;
      if (dto.senderName !== undefined) patch.mailSenderName = dto.senderName;
      if (dto.replyToEmail !== undefined) patch.mailReplyTo = dto.replyToEmail;
      for (const field of PROFILE_FIELDS) {
        if (dto[field] !== undefined) (patch as Record<string, unknown>)[field] = dto[field];
      }
      if (dto.address !== undefined) patch.address = dto.address === null ? null : sellerAddress(dto.address);
      if (dto.electronicAddress !== undefined) {
        const { scheme, id } = storedElectronicAddress(dto.electronicAddress);
        patch.electronicAddressScheme = scheme;
        patch.electronicAddressId = id;
      }
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

  /**
   * Stores `bytes` as the logo when they are a PNG or a JPEG of the declared type (logo.ts), replacing any.
   * Every refusal is a 400 naming `logo`.
   */
  async setLogo(actor: Principal, declaredType: string, bytes: Buffer): Promise<OrganizationLogoView> {
    const image = inspectLogo(bytes);
    if ('error' in image) throw refused('logo', image.error);
    if (image.contentType !== declaredType) {
      throw refused('logo', `logo is a ${typeName(image.contentType)} image but was sent as ${declaredType}`);
    }
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    return this.dataSource.transaction(async (m) => {
      const before = await this.organizations.findByIdForUpdate(actor.organizationId, m);
      if (!before) throw new NotFoundError('Organization');
      const after = await this.organizations.setLogo(actor.organizationId, { bytes, ...image, sha256 }, m);
      const view = logoOf(after)!;
      await this.audit.record(m, actor, {
        action: 'organization.logo_updated',
        entityType: 'organization',
        entityId: after.id,
        before: logoOf(before),
        after: view,
      });
      return view;
    });
  }

  /** Removes the logo; removing none changes nothing (and records nothing). */
  async removeLogo(actor: Principal): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const before = await this.organizations.findByIdForUpdate(actor.organizationId, m);
      if (!before) throw new NotFoundError('Organization');
      if (!before.logoContentType) return;
      await this.organizations.removeLogo(actor.organizationId, m);
      await this.audit.record(m, actor, {
        action: 'organization.logo_removed',
        entityType: 'organization',
        entityId: before.id,
        before: logoOf(before),
      });
    });
  }

  /** The logo's bytes and type (404 NOT_FOUND when there is none). */
  async logo(actor: Principal): Promise<{ bytes: Buffer; contentType: LogoContentType }> {
    const logo = await this.organizations.findLogo(actor.organizationId);
    if (!logo) throw new DomainError('NOT_FOUND', 'The organization has no logo');
    return logo;
  }

  private view(org: OrganizationEntity): OrganizationView {
    const from = parseMailbox(this.config.mailFrom);
    return {
      id: org.id,
      ...settingsOf(org),
      timeZone: org.timeZone,
      defaults: { senderName: from.name, senderAddress: from.address, replyToEmail: this.config.mailReplyTo },
      logo: logoOf(org),
    };
  }
}

/** The address as stored: optional lines null when left out or empty, the country uppercase. */
function sellerAddress(a: SellerAddressDto): SellerAddress {
  return {
    line1: a.line1,
    line2: a.line2 || null,
    postalCode: a.postalCode || null,
    city: a.city,
    region: a.region || null,
    country: a.country.toUpperCase(),
  };
}

/** A 400 naming one field, with a message that names it already ("logo must be…"). */
function refused(field: string, message: string): ValidationFailedError {
  return new ValidationFailedError([{ field, message }], message);
}

function typeName(contentType: LogoContentType): string {
  return contentType === 'image/png' ? 'PNG' : 'JPEG';
}

function logoOf(org: OrganizationEntity): OrganizationLogoView | null {
  if (!org.logoContentType) return null;
  return {
    contentType: org.logoContentType,
    sizeBytes: org.logoSize!,
    width: org.logoWidth!,
    height: org.logoHeight!,
    sha256: org.logoSha256!,
    updatedAt: org.logoUpdatedAt!.toISOString(),
  };
}

/** What an admin can change with PATCH, as the API names it (also what the audit records). */
function settingsOf(org: OrganizationEntity) {
  return {
    name: org.name,
    senderName: org.mailSenderName,
    replyToEmail: org.mailReplyTo,
    legalName: org.legalName,
    vatId: org.vatId,
    taxNumber: org.taxNumber,
    companyRegistration: org.companyRegistration,
    address: org.address,
    contactEmail: org.contactEmail,
    phone: org.phone,
    website: org.website,
    accountHolder: org.accountHolder,
    iban: org.iban,
    bic: org.bic,
    paymentInstructions: org.paymentInstructions,
    paymentTerms: org.paymentTerms,
    invoiceFooter: org.invoiceFooter,
    invoiceLanguage: org.invoiceLanguage,
    reviewDays: org.reviewDays,
    reminderSchedule: org.reminderSchedule,
    electronicAddress: electronicAddressOf(org.electronicAddressScheme, org.electronicAddressId),
  };
}
