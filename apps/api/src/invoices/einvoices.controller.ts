import { applyDecorators, Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Caller, RequirePermission } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import { ApiConflict, ApiErrors } from '../common/openapi';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { EInvoiceFile, EInvoicesService } from './einvoices.service';
import { EInvoiceQueryDto } from './invoices.dto';
import { EInvoiceProblemsView } from './invoices.view';

const REFUSALS = [
  'EINVOICE_FORMAT_NOT_SET',
  'or the first problem of the document, e.g. BUYER_REFERENCE_MISSING, SELLER_ELECTRONIC_ADDRESS_MISSING, TWO_TAXES_ON_LINE, CURRENCY_DECIMALS (all in `problems`)',
];

/** The e-invoice as an attachment named after the document's number and format. */
function sendEInvoice(res: Response, e: EInvoiceFile): void {
  res
    .status(200)
    .type(e.contentType === 'application/xml' ? 'application/xml; charset=utf-8' : e.contentType)
    .setHeader('Content-Disposition', `attachment; filename="${e.filename.replace(/[^\w.-]/g, '_')}"`);
  res.end(e.bytes);
}

/** What every e-invoice download documents and requires. */
const EInvoiceDownload = (...conflicts: string[]) =>
  applyDecorators(
    ApiProduces('application/xml', 'application/pdf'),
    ApiOkResponse({
      description:
        'The e-invoice: UBL or CII XML (application/xml), or for facturx the PDF/A-3 with factur-x.xml embedded (application/pdf); ' +
        'made at the first request and the same bytes afterwards',
      schema: { type: 'string', format: 'binary' },
    }),
    ApiConflict(...conflicts, ...REFUSALS),
    ApiErrors({ status: 503, description: 'PDF_RENDER_FAILED (facturx): the browser could not render the PDF; try again' }),
    RequirePermission('bills:read'),
  );

@ApiTags('bills')
@Controller('bills')
export class BillEInvoicesController {
  constructor(private readonly einvoices: EInvoicesService) {}

  /** Download the e-invoice of an issued bill (Peppol BIS 3.0, XRechnung 3.0 UBL or CII, Factur-X) */
  @Get(':id/einvoice')
  @EInvoiceDownload('BILL_DRAFT')
  async einvoice(
    @Caller() caller: Principal,
    @Param('id', ParseIdPipe) id: string,
    @Query() q: EInvoiceQueryDto,
    @Res() res: Response,
  ): Promise<void> {
    sendEInvoice(res, await this.einvoices.forBill(caller, id, q.format));
  }

  /** What keeps a bill (a draft too) from becoming an e-invoice of the customer's format (or `?format=`) */
  @Get(':id/einvoice/problems')
  @ApiOkResponse({ type: EInvoiceProblemsView })
  @RequirePermission('bills:read')
  problems(@Caller() caller: Principal, @Param('id', ParseIdPipe) id: string, @Query() q: EInvoiceQueryDto): Promise<EInvoiceProblemsView> {
    return this.einvoices.problemsForBill(caller, id, q.format);
  }
}

@ApiTags('bills')
@Controller('corrections')
export class CorrectionEInvoicesController {
  constructor(private readonly einvoices: EInvoicesService) {}

  /** Download the e-invoice of a credit note or supplementary invoice */
  @Get(':id/einvoice')
  @EInvoiceDownload()
  async einvoice(
    @Caller() caller: Principal,
    @Param('id', ParseIdPipe) id: string,
    @Query() q: EInvoiceQueryDto,
    @Res() res: Response,
  ): Promise<void> {
    sendEInvoice(res, await this.einvoices.forCorrection(caller, id, q.format));
  }
}

@ApiTags('bills')
@Controller('credit-notes')
export class CreditNoteEInvoicesController {
  constructor(private readonly einvoices: EInvoicesService) {}

  /** Download the e-invoice of a credit note (UBL CreditNote, CII type 381) */
  @Get(':id/einvoice')
  @EInvoiceDownload()
  async einvoice(
    @Caller() caller: Principal,
    @Param('id', ParseIdPipe) id: string,
    @Query() q: EInvoiceQueryDto,
    @Res() res: Response,
  ): Promise<void> {
    sendEInvoice(res, await this.einvoices.forCorrection(caller, id, q.format, 'credit_note'));
  }
}
