/**
 * The error envelope (a `*.view.ts` file, so the Swagger plugin reads its fields through
 * ../openapi-metadata.ts like every other view).
 */
import { ApiProperty } from '@nestjs/swagger';

/** A field error of a 400: the dotted path of the field and what is wrong with it. */
export class FieldErrorView {
  /** e.g. `sessions.17.endedAt` */
  field: string;
  message: string;
}

/** What keeps a document from becoming an e-invoice of a format. */
export class ProblemView {
  /** e.g. `BUYER_REFERENCE_MISSING` */
  code: string;
  /** Where to fix it: `organization.*` (the seller profile), `department.*` (the customer), `association.*`, `bill.*` */
  field: string;
  message: string;
}

/** The error envelope of every 4xx and 5xx. */
export class ErrorView {
  @ApiProperty({ type: 'integer', example: 409 }) statusCode: number;
  /** A stable code, e.g. `VALIDATION_FAILED`, `NOT_FOUND`, `BILL_VOID` */
  code: string;
  message: string;
  /** Only on 400 VALIDATION_FAILED: every bad field. */
  errors?: FieldErrorView[];
  /** Only on a 409 refusing an e-invoice: every problem (the code is the first one's). */
  problems?: ProblemView[];
}
