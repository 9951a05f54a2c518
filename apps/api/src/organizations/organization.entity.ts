import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { LogoContentType } from './logo';
import type { InvoiceLanguage } from './organization.view';

/** The seller's address (jsonb `address`); optional lines are null. */
export interface SellerAddress {
  line1: string;
  line2: string | null;
  postalCode: string | null;
  city: string;
  region: string | null;
  /** ISO 3166-1 alpha-2, uppercase */
  country: string;
}

@Entity('organizations')
export class OrganizationEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('text') name: string;
  @Column('text', { name: 'time_zone' }) timeZone: string;
  /** Sender name of invoice e-mails; null: MAIL_FROM's name. */
  @Column('text', { name: 'mail_sender_name', nullable: true }) mailSenderName: string | null;
  /** Reply-To of invoice e-mails; null: MAIL_REPLY_TO (or none). */
  @Column('text', { name: 'mail_reply_to', nullable: true }) mailReplyTo: string | null;
  // The seller profile (printed on invoices); null: not set.
  @Column('text', { name: 'legal_name', nullable: true }) legalName: string | null;
  @Column('text', { name: 'vat_id', nullable: true }) vatId: string | null;
  @Column('text', { name: 'tax_number', nullable: true }) taxNumber: string | null;
  @Column('text', { name: 'company_registration', nullable: true }) companyRegistration: string | null;
  @Column('jsonb', { nullable: true }) address: SellerAddress | null;
  @Column('text', { name: 'contact_email', nullable: true }) contactEmail: string | null;
  @Column('text', { nullable: true }) phone: string | null;
  @Column('text', { nullable: true }) website: string | null;
  @Column('text', { name: 'account_holder', nullable: true }) accountHolder: string | null;
  @Column('text', { nullable: true }) iban: string | null;
  @Column('text', { nullable: true }) bic: string | null;
  @Column('text', { name: 'payment_instructions', nullable: true }) paymentInstructions: string | null;
  @Column('text', { name: 'payment_terms', nullable: true }) paymentTerms: string | null;
  @Column('text', { name: 'invoice_footer', nullable: true }) invoiceFooter: string | null;
  @Column('text', { name: 'invoice_language' }) invoiceLanguage: InvoiceLanguage;
  /** Days a closed period's bill stays a draft for review before it is issued (0: issued when made). */
  @Column('integer', { name: 'review_days' }) reviewDays: number;
  /** Payment reminder steps, days from the due date (negative: before), ascending; empty: none. */
  @Column('integer', { name: 'reminder_schedule', array: true }) reminderSchedule: number[];
  /** The logo's bytes: never loaded with the row (`select: false`); OrganizationsRepository.findLogo reads them. */
  @Column('bytea', { name: 'logo', nullable: true, select: false }) logo?: Buffer | null;
  @Column('text', { name: 'logo_content_type', nullable: true }) logoContentType: LogoContentType | null;
  @Column('integer', { name: 'logo_size', nullable: true }) logoSize: number | null;
  @Column('integer', { name: 'logo_width', nullable: true }) logoWidth: number | null;
  @Column('integer', { name: 'logo_height', nullable: true }) logoHeight: number | null;
  @Column('text', { name: 'logo_sha256', nullable: true }) logoSha256: string | null;
  @Column('timestamptz', { name: 'logo_updated_at', nullable: true }) logoUpdatedAt: Date | null;
  /** The seller's electronic address (EN 16931 BT-34): the EAS scheme and the id, both or neither. */
  @Column('text', { name: 'electronic_address_scheme', nullable: true }) electronicAddressScheme: string | null;
  @Column('text', { name: 'electronic_address_id', nullable: true }) electronicAddressId: string | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
}
