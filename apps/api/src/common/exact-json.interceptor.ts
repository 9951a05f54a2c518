import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import { stringify } from 'lossless-json';
import { map, Observable } from 'rxjs';

/**
 * Writes a handler's result with lossless-json instead of JSON.stringify, so bigint values (money sums past
 * 2^53) come out as JSON integers with all their digits; numbers are written as JSON.stringify writes them.
 * For the responses that may carry such values (`@UseInterceptors(ExactJsonInterceptor)`); clients that
 * need every digit parse them with a bigint-aware parser (the console uses lossless-json too). In the OpenAPI
 * document such fields are `integer` (format `int64`) with a description saying they may pass 2^53
 * (billing/dashboard.view.ts).
 */
@Injectable()
export class ExactJsonInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<string> {
    const res = context.switchToHttp().getResponse<Response>();
    return next.handle().pipe(
      map((body: unknown) => {
        res.type('application/json');
        return stringify(body) ?? 'null';
      }),
    );
  }
}
