/**
 * Building blocks of the OpenAPI contract (the document is built in ../openapi.ts). Response shapes are
 * classes in `*.view.ts` files: the Swagger plugin (through the generated ../openapi-metadata.ts) reads their
 * TypeScript types (string/number/boolean, `| null` → nullable, string-literal unions → enum, optional `?`),
 * and these decorators add what a type cannot say: integers, formats, and the error responses.
 */
import { applyDecorators, Type } from '@nestjs/common';
import { ApiExtraModels, ApiProperty, ApiPropertyOptions, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import type { SchemaObjectMetadata } from '@nestjs/swagger/dist/interfaces/schema-object-metadata.interface';
import { ErrorView } from './errors.view';

export { ErrorView, FieldErrorView } from './errors.view';

type Extra = Omit<ApiPropertyOptions, 'type' | 'format'>;

/** An amount in integer minor units of the bill's currency (cents for EUR, yen for JPY). */
export const ApiMinor = (o: Extra = {}) =>
  ApiProperty({ type: 'integer', description: 'integer minor units of the currency', ...o } as ApiPropertyOptions);

/** A whole number (a count, a number of days). */
export const ApiInteger = (o: Extra = {}) => ApiProperty({ type: 'integer', ...o } as ApiPropertyOptions);

/** An instant, ISO 8601 in UTC (`2026-01-31T23:00:00.000Z`). */
export const ApiInstant = (o: Extra = {}) => ApiProperty({ type: 'string', format: 'date-time', ...o } as ApiPropertyOptions);

/** A calendar day `YYYY-MM-DD` (in the bill's or the association's time zone). */
export const ApiDay = (o: Extra = {}) => ApiProperty({ type: 'string', format: 'date', ...o } as ApiPropertyOptions);

/** An id (UUID). */
export const ApiId = (o: Extra = {}) => ApiProperty({ type: 'string', format: 'uuid', ...o } as ApiPropertyOptions);

/** A free-form JSON object (a snapshot whose shape belongs to its own version). */
export const ApiObject = (o: Extra = {}) => ApiProperty({ type: 'object', additionalProperties: true, ...o } as ApiPropertyOptions);

/**
 * `X | null` for an object, written out in place. The Swagger plugin writes it as `nullable` beside
 * `allOf: [$ref X]`, but in OpenAPI 3.0 `nullable` only widens a `type` of the same schema, so null still fails X
 * (the e2e contract check refuses it). Every property of `T`, no other (the compiler checks the keys), all required.
 */
export const ApiNullableObject = <T>(properties: Record<keyof T & string, SchemaObjectMetadata>, description: string) =>
  ApiProperty({ type: 'object', nullable: true, selfRequired: true, required: Object.keys(properties), properties, description });
/** Statuses an operation can answer with besides the ones every operation of its kind has (see ../openapi.ts). */
export const ApiErrors = (...statuses: { status: number; description: string }[]) =>
  applyDecorators(
    ...statuses.map((s) => ApiResponse({ status: s.status, description: s.description, schema: { $ref: getSchemaPath(ErrorView) } })),
  );

/** A 409 with the codes it may carry (state conflicts). */
export const ApiConflict = (...codes: string[]) => ApiErrors({ status: 409, description: `State conflict: ${codes.join(', ')}` });

/** The response of a list: one page of items and the cursor of the next page. */
export const ApiPage = (item: Type<unknown>, description = 'One page; `nextCursor` is null on the last page') =>
  applyDecorators(
    ApiExtraModels(item),
    ApiResponse({
      status: 200,
      description,
      schema: {
        type: 'object',
        required: ['items', 'nextCursor'],
        properties: {
          items: { type: 'array', items: { $ref: getSchemaPath(item) } },
          nextCursor: { type: 'string', nullable: true, description: 'pass as `cursor` for the next page' },
        },
      },
    }),
  );
