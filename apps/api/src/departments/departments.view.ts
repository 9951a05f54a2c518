import { ApiProperty } from '@nestjs/swagger';
import { CUSTOMER_EINVOICE_FORMATS } from '@app/invoicing';
import type { CustomerEInvoiceFormat } from '@app/invoicing';
import { ApiElectronicAddress, ElectronicAddressView } from '../common/electronic-address';
import { ApiId, ApiInstant } from '../common/openapi';
import { INVOICE_LANGUAGES } from '../organizations/organization.view';
import type { InvoiceLanguage } from '../organizations/organization.view';
import { TAX_RATE_IDS_RULE, taxRateIdsSchema } from '../taxes/tax-rate-ids';
import { CUSTOMER_TAX_TREATMENTS } from './customer-tax';
import type { CustomerTaxTreatment } from './customer-tax';

export const TAX_TREATMENT_DOC =
  "How the customer's bills are taxed: standard (the tax rates apply), reverse_charge (an EU business customer in another " +
  "member state: 0 % and the reverse-charge note; needs vatId, and the seller's VAT ID at billing), exempt (0 % with " +
  "exemptionReason), export (outside the seller's tax area: zero-rated)";

/**
 * A customer: the department that is billed, with its tax data (its billing address, buyer reference and purchase
 * order are on each of its associations).
 */
export class DepartmentView {
  @ApiId() id: string;
  name: string;
  /** Its id in another system, unique in the organization (sessions and devices may name the department by it as `departmentExternalId`); null if none. */
  externalId: string | null;
  /** The customer's registered legal name, printed as the buyer on invoices; null: the billing address's name is printed */
  legalName: string | null;
  /** Its VAT identification number with the country prefix, uppercase without spaces (e.g. ATU13585627); null if none */
  vatId: string | null;
  @ApiProperty({ enum: [...INVOICE_LANGUAGES, null], nullable: true, description: "Its invoices' language; null: the organization's" })
  invoiceLanguage: InvoiceLanguage | null;
  @ApiProperty({ enum: [...CUSTOMER_TAX_TREATMENTS], description: TAX_TREATMENT_DOC })
  taxTreatment: CustomerTaxTreatment;
  /** The legal reason printed with an exempt treatment (and with reverse_charge or export, when given); null under standard */
  exemptionReason: string | null;
  @ApiProperty(
    taxRateIdsSchema(
      `The customer's own tax rates, replacing its plan's default ones (e.g. a US state's sales tax). ${TAX_RATE_IDS_RULE}. ` +
        "null: its plan's rates apply; []: explicitly none",
      true,
    ),
  )
  taxRateIds: string[] | null;
  /** Days a closed period's bill stays a draft for review before it is issued (0..90); null: the organization's `reviewDays` */
  @ApiProperty({ type: 'integer', minimum: 0, maximum: 90, nullable: true })
  reviewDays: number | null;
  /** Whether the organization's payment reminders go to this customer (default true) */
  remindersEnabled: boolean;
  /** Whether each invoice, credit note and supplementary invoice issued for it is e-mailed to its recipients when issued */
  autoSend: boolean;
  @ApiProperty({
    enum: [...CUSTOMER_EINVOICE_FORMATS],
    description:
      'The e-invoice its invoices, credit notes and supplementary invoices go in (attached to their e-mails; GET /bills/:id/einvoice): ' +
      'peppol (Peppol BIS Billing 3.0, UBL), xrechnung_ubl / xrechnung_cii (XRechnung 3.0), facturx (Factur-X / ZUGFeRD EN 16931, a PDF/A-3 ' +
      'with the XML inside); none: the PDF alone',
  })
  einvoiceFormat: CustomerEInvoiceFormat;
  @ApiElectronicAddress('Its electronic address (EN 16931 BT-49, the Peppol endpoint); null: none')
  electronicAddress: ElectronicAddressView | null;
  /** Whether its e-invoices carry the session statement (a CSV of every billed session, EN 16931 BG-24) */
  attachSessionStatement: boolean;
  @ApiInstant() createdAt: string;
  @ApiInstant() updatedAt: string;
}
