import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError, ProblemsConflictError, statusForCode } from './domain-error';

interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  errors?: { field: string; message: string }[];
  problems?: readonly { code: string; field: string; message: string }[];
}

const CODE_BY_STATUS: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
};

/** The one place where errors become HTTP responses (API.md "Errors"). */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const req = host.switchToHttp().getRequest<Request>();
    const body = this.toBody(exception, req);
    if (body.statusCode >= 500) {
      this.logger.error({ err: loggable(exception), path: req?.path }, 'Unhandled error');
    }
    // A streamed answer (CSV export) failed half-way: cut the connection rather than leave the client waiting.
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown, req: Request): ErrorBody {
    if (exception instanceof DomainError) {
      const body: ErrorBody = { statusCode: statusForCode(exception.code), code: exception.code, message: exception.message };
      if (exception.errors) body.errors = exception.errors;
      if (exception instanceof ProblemsConflictError) body.problems = exception.problems;
      return body;
    }
    // A Postgres data exception (class 22: bad encoding, out of range…) is input that slipped past validation.
    const pgCode = (exception as { driverError?: { code?: string }; code?: string })?.driverError?.code;
    if (typeof pgCode === 'string' && pgCode.startsWith('22')) {
      this.logger.warn({ err: loggable(exception), path: req?.path }, 'Input rejected by the database');
      return { statusCode: 400, code: 'INVALID_VALUE', message: 'A value in the request can not be stored' };
    }
    const parserBody = bodyParserErrorBody(exception);
    if (parserBody) return parserBody;
    const bodyParserError = exception as { status?: number; statusCode?: number; message?: string };
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const code = CODE_BY_STATUS[status] ?? (status >= 500 ? 'INTERNAL_ERROR' : 'BAD_REQUEST');
      let message = exception.message;
      if (status === 404) message = `No route ${req?.method} ${req?.path}`;
      return { statusCode: status, code, message };
    }
    const status = bodyParserError?.status ?? bodyParserError?.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return { statusCode: status, code: CODE_BY_STATUS[status] ?? 'BAD_REQUEST', message: bodyParserError.message ?? 'Bad request' };
    }
    return { statusCode: 500, code: 'INTERNAL_ERROR', message: 'Internal server error' };
  }
}

/**
 * An error as it may be logged: TypeORM's query errors carry the statement's `parameters` (a password hash,
 * an API key hash, a customer's address), which never reach the log, nor Postgres's `detail` (it quotes values); the statement and the message do.
 */
export function loggable(exception: unknown): unknown {
  if (!(exception instanceof Error)) return exception;
  const e = exception as Error & { code?: string; query?: string; constraint?: string };
  return { type: e.name, message: e.message, code: e.code, constraint: e.constraint, query: e.query, stack: e.stack };
}

/** Errors raised by express's body parsers, before any route runs. */
export function bodyParserErrorBody(exception: unknown): ErrorBody | null {
  const type = (exception as { type?: string })?.type;
  if (type === 'entity.parse.failed') return { statusCode: 400, code: 'MALFORMED_JSON', message: 'The request body is not valid JSON' };
  if (type === 'entity.too.large') return { statusCode: 413, code: 'PAYLOAD_TOO_LARGE', message: 'The request body is larger than 10 MB' };
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') {
    return { statusCode: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Unsupported body encoding or charset' };
  }
  if (type === 'request.aborted' || type === 'request.size.invalid') {
    return { statusCode: 400, code: 'BAD_REQUEST', message: 'The request body was incomplete' };
  }
  return null;
}
