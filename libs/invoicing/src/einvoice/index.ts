export * from './formats';
export { einvoiceProblems, type EInvoiceProblem, type EInvoiceProblemCode } from './problems';
export { generateEInvoice, EInvoiceRefusedError, type GeneratedEInvoice } from './generate-einvoice';
export { toEInvoiceModel } from './einvoice-model';
export { sessionStatementCsv } from './session-statement';
export * from './electronic-address';
