import type { InvoiceLanguage } from '../organizations/organization.view';
import type { CustomerEInvoiceFormat } from '@app/invoicing';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { CustomerTaxTreatment } from './customer-tax';

@Entity('departments')
export class DepartmentEntity {
  @PrimaryColumn('uuid', { name: 'organization_id' }) organizationId: string;
  @PrimaryColumn('uuid') id: string;
  @Column('text') name: string;
  @Column('text', { name: 'external_id', nullable: true }) externalId: string | null;
  @Column('text', { name: 'legal_name', nullable: true }) legalName: string | null;
  @Column('text', { name: 'vat_id', nullable: true }) vatId: string | null;
  @Column('text', { name: 'invoice_language', nullable: true }) invoiceLanguage: InvoiceLanguage | null;
  @Column('text', { name: 'tax_treatment' }) taxTreatment: CustomerTaxTreatment;
  @Column('text', { name: 'exemption_reason', nullable: true }) exemptionReason: string | null;
  /** Whether department_tax_rates replaces the plan's default rates (true with no row: explicitly none). */
  @Column('boolean', { name: 'tax_rates_override' }) taxRatesOverride: boolean;
  /** Days a closed period's bill stays a draft before it is issued; null: the organization's. */
  @Column('integer', { name: 'review_days', nullable: true }) reviewDays: number | null;
  /** false: the customer gets no payment reminders. */
  @Column('boolean', { name: 'reminders_enabled' }) remindersEnabled: boolean;
  @Column('boolean', { name: 'auto_send' }) autoSend: boolean;
  /** The e-invoice format its invoices go in ('none': the PDF alone). */
  @Column('text', { name: 'einvoice_format' }) einvoiceFormat: CustomerEInvoiceFormat;
  /** Its electronic address (EN 16931 BT-49): the EAS scheme and the id, both or neither. */
  @Column('text', { name: 'electronic_address_scheme', nullable: true }) electronicAddressScheme: string | null;
  @Column('text', { name: 'electronic_address_id', nullable: true }) electronicAddressId: string | null;
  /** Whether its e-invoices carry the session statement (BG-24). */
  @Column('boolean', { name: 'attach_session_statement' }) attachSessionStatement: boolean;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
}
