import { BrowserPdfRenderer, PdfRenderer } from '@app/invoicing';
import { MailerModule } from '@nestjs-modules/mailer';
import { Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { BillingModule } from '../billing/billing.module';
import { DepartmentsModule } from '../departments/departments.module';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { EmailDeliveriesRepository } from './email-deliveries.repository';
import { InvoicePreviewController } from './invoice-preview.controller';
import { ArchiveCron } from './archive.cron';
import { CreditNotesController } from './credit-notes.controller';
import { DocumentArchiveRepository } from './document-archive.repository';
import { EInvoiceDocumentsRepository } from './einvoice-documents.repository';
import { BillEInvoicesController, CorrectionEInvoicesController, CreditNoteEInvoicesController } from './einvoices.controller';
import { EInvoicesService } from './einvoices.service';
import { IssuedDocumentsService } from './issued-documents.service';
import { CorrectionDocumentsController, InvoicesController } from './invoices.controller';
import { InvoicesService, PDF_RENDERER } from './invoices.service';
import { OutboxCron } from './outbox.cron';
import { OutboxService } from './outbox.service';

/** SMTP with pooled connections (a few kept open), unless the URL says otherwise. */
function smtpTransport(url: string): string {
  const u = new URL(url);
  if (!u.searchParams.has('pool')) u.searchParams.set('pool', 'true');
  if (!u.searchParams.has('maxConnections')) u.searchParams.set('maxConnections', '3');
  return u.toString();
}

/** PDF bills (one reused Chromium, bounded concurrency) and the invoice e-mail outbox. */
@Module({
  imports: [
    BillingModule,
    DepartmentsModule,
    MailerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        // Without SMTP_URL, messages are built in memory and written as .eml files by the outbox (OutboxService).
        transport: config.smtpUrl ? smtpTransport(config.smtpUrl) : { streamTransport: true, buffer: true, newline: 'unix' },
        defaults: { from: config.mailFrom },
      }),
    }),
  ],
  controllers: [
    InvoicesController,
    CorrectionDocumentsController,
    CreditNotesController,
    InvoicePreviewController,
    BillEInvoicesController,
    CorrectionEInvoicesController,
    CreditNoteEInvoicesController,
  ],
  providers: [
    EmailDeliveriesRepository,
    DocumentArchiveRepository,
    EInvoiceDocumentsRepository,
    IssuedDocumentsService,
    EInvoicesService,
    InvoicesService,
    ArchiveCron,
    OutboxService,
    OutboxCron,
    {
      provide: PDF_RENDERER,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig): PdfRenderer =>
        new BrowserPdfRenderer({ concurrency: config.pdfConcurrency, executablePath: config.chromiumPath ?? undefined }),
    },
  ],
  exports: [InvoicesService, OutboxService, PDF_RENDERER],
})
export class InvoicesModule implements OnApplicationShutdown {
  constructor(@Inject(PDF_RENDERER) private readonly renderer: PdfRenderer) {}

  async onApplicationShutdown(): Promise<void> {
    await this.renderer.close();
  }
}
