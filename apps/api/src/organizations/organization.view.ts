import { ApiProperty } from '@nestjs/swagger';
import type { SchemaObjectMetadata } from '@nestjs/swagger/dist/interfaces/schema-object-metadata.interface';
import { ApiElectronicAddress, ElectronicAddressView } from '../common/electronic-address';
import { ApiId, ApiInstant, ApiInteger, ApiNullableObject } from '../common/openapi';
import { LOGO_CONTENT_TYPES } from './logo';
import type { LogoContentType } from './logo';

const text = (description?: string): SchemaObjectMetadata => ({ type: 'string', ...(description ? { description } : {}) });
const optionalText: SchemaObjectMetadata = { type: 'string', nullable: true };

/** The languages invoices can be written in (the invoice documents of issue #14 bring their texts). */
export type InvoiceLanguage = 'en' | 'de' | 'fr' | 'es' | 'nl' | 'it';
export const INVOICE_LANGUAGES: readonly InvoiceLanguage[] = ['en', 'de', 'fr', 'es', 'nl', 'it'];

/** What the server uses where the organization sets nothing (MAIL_FROM, MAIL_REPLY_TO). */
export class MailDefaultsView {
  /** MAIL_FROM's name; '' when it has none */
  senderName: string;
  /** MAIL_FROM's address: invoice e-mails are always sent from it */
  senderAddress: string;
  /** MAIL_REPLY_TO; null: no Reply-To */
  replyToEmail: string | null;
}

/** The seller's address (printed under its legal name). */
export class SellerAddressView {
  line1: string;
  line2: string | null;
  postalCode: string | null;
  city: string;
  region: string | null;
  /** ISO 3166-1 alpha-2, uppercase */
  country: string;
}

/** SellerAddressView written out for ApiNullableObject (an object-or-null property). */
export const SELLER_ADDRESS_SCHEMA: Record<keyof SellerAddressView, SchemaObjectMetadata> = {
  line1: text(),
  line2: optionalText,
  postalCode: optionalText,
  city: text(),
  region: optionalText,
  country: text('ISO 3166-1 alpha-2, uppercase'),
};

/** The stored logo, without its bytes (`GET /organization/logo` answers them). */
export class OrganizationLogoView {
  /** What its bytes are (recognized from them) */
  contentType: LogoContentType;
  /** Its size in bytes (at most 262144) */
  @ApiInteger() sizeBytes: number;
  /** In pixels, from the image's header */
  @ApiInteger() width: number;
  @ApiInteger() height: number;
  /** SHA-256 of its bytes, hex: changes when the logo does */
  sha256: string;
  @ApiInstant() updatedAt: string;
}

/** The caller's organization: its seller profile (printed on invoices) and its invoice e-mail settings. */
export class OrganizationView {
  @ApiId() id: string;
  /** Printed on invoices (unless `legalName` is set) and in invoice e-mails */
  name: string;
  /** The default IANA time zone of new associations (ORG_TIME_ZONE at first start) */
  timeZone: string;
  /** The From name of invoice e-mails; null: the server's default applies (`defaults.senderName`) */
  senderName: string | null;
  /** Where replies to invoice e-mails go; null: the server's default applies (`defaults.replyToEmail`) */
  replyToEmail: string | null;
  defaults: MailDefaultsView;
  /** The registered legal name; null: invoices print `name` */
  legalName: string | null;
  /** With its country prefix, uppercase, without spaces (e.g. DE136695976) */
  vatId: string | null;
  /** Another tax identifier, as entered */
  taxNumber: string | null;
  /** The company's registration, e.g. "Amtsgericht München HRB 123456" */
  companyRegistration: string | null;
  @ApiNullableObject<SellerAddressView>(SELLER_ADDRESS_SCHEMA, "The seller's address (printed under its legal name); null: none")
  address: SellerAddressView | null;
  /** The e-mail address printed on invoices for questions */
  contactEmail: string | null;
  phone: string | null;
  /** An https:// URL */
  website: string | null;
  /** The name on the bank account */
  accountHolder: string | null;
  /** Electronic format (uppercase, no spaces) */
  iban: string | null;
  bic: string | null;
  /** Other ways to pay, free text */
  paymentInstructions: string | null;
  /** The default payment terms printed on invoices */
  paymentTerms: string | null;
  /** The footer of every invoice page */
  invoiceFooter: string | null;
  /** The language of invoices for customers that have none of their own */
  invoiceLanguage: InvoiceLanguage;
  /** Days a closed period's bill stays a draft for review before it is issued, for customers without their own (0: issued when made) */
  @ApiInteger({ minimum: 0, maximum: 90 }) reviewDays: number;
  /**
   * Payment reminders of unpaid bills: each step in days from the due date (negative: before it, 0: on it), ascending,
   * at most 6; empty: no reminders
   */
  @ApiProperty({ type: 'array', items: { type: 'integer', minimum: -30, maximum: 365 }, maxItems: 6 })
  reminderSchedule: number[];
  @ApiNullableObject<OrganizationLogoView>(
    {
      contentType: { type: 'string', enum: [...LOGO_CONTENT_TYPES], description: 'What its bytes are (recognized from them)' },
      sizeBytes: { type: 'integer', description: 'Its size in bytes (at most 262144)' },
      width: { type: 'integer', description: "In pixels, from the image's header" },
      height: { type: 'integer' },
      sha256: text('SHA-256 of its bytes, hex: changes when the logo does'),
      updatedAt: { type: 'string', format: 'date-time' },
    },
    'The logo printed on invoices (its bytes: `GET /organization/logo`); null: none',
  )
  logo: OrganizationLogoView | null;
  @ApiElectronicAddress("The seller's electronic address (EN 16931 BT-34, the Peppol endpoint) e-invoices name; null: none")
  electronicAddress: ElectronicAddressView | null;
}
