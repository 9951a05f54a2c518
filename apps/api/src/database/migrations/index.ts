import { Foundation1764100000000 } from './1764100000000-Foundation';
import { PlansAndUsage1764200000000 } from './1764200000000-PlansAndUsage';
import { Bills1764300000000 } from './1764300000000-Bills';
import { Lifecycle1764400000000 } from './1764400000000-Lifecycle';
import { OrganizationMail1764500000000 } from './1764500000000-OrganizationMail';
import { SellerProfile1764600000000 } from './1764600000000-SellerProfile';
import { TaxRates1764700000000 } from './1764700000000-TaxRates';
import { BillTaxes1764800000000 } from './1764800000000-BillTaxes';
import { Webhooks1764900000000 } from './1764900000000-Webhooks';
import { Drafts1765000000000 } from './1765000000000-Drafts';
import { OverdueEvents1765100000000 } from './1765100000000-OverdueEvents';
import { Reminders1765200000000 } from './1765200000000-Reminders';
import { Corrections1765300000000 } from './1765300000000-Corrections';
import { IssuedDocuments1765400000000 } from './1765400000000-IssuedDocuments';
import { EInvoices1765500000000 } from './1765500000000-EInvoices';
import { PrepaidHours1765600000000 } from './1765600000000-PrepaidHours';
import { RateRules1765700000000 } from './1765700000000-RateRules';
import { SessionImports1765800000000 } from './1765800000000-SessionImports';
import { ImportConnectors1765900000000 } from './1765900000000-ImportConnectors';

/** Every migration, in order. New migrations are appended here. */
export const MIGRATIONS = [
  Foundation1764100000000,
  PlansAndUsage1764200000000,
  Bills1764300000000,
  Lifecycle1764400000000,
  OrganizationMail1764500000000,
  SellerProfile1764600000000,
  TaxRates1764700000000,
  BillTaxes1764800000000,
  Webhooks1764900000000,
  Drafts1765000000000,
  OverdueEvents1765100000000,
  Reminders1765200000000,
  Corrections1765300000000,
  IssuedDocuments1765400000000,
  EInvoices1765500000000,
  PrepaidHours1765600000000,
  RateRules1765700000000,
  SessionImports1765800000000,
  ImportConnectors1765900000000,
];
