import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { invalidField } from './domain-error';

/** `?limit=&cursor=`: every list pages with an opaque cursor (API.md). */
export class PageQueryDto {
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
  @IsOptional() @IsString() @MaxLength(500) cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Encodes the sort key of the last row of a page. */
export function encodeCursor(values: (string | number)[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

/** Decodes a cursor made by encodeCursor; a tampered cursor is a 400 on `cursor`. */
export function decodeCursor(cursor: string | undefined, length: number): (string | number)[] | null {
  if (cursor === undefined || cursor === '') return null;
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(values) && values.length === length && values.every((v) => typeof v === 'string' || typeof v === 'number')) {
      return values as (string | number)[];
    }
  } catch {
    // fall through
  }
  throw invalidField('cursor', 'is not a cursor returned by this list');
}

/** Given rows fetched with limit + 1, builds the page and the cursor for the next one. */
export function toPage<R, T>(rows: R[], limit: number, key: (row: R) => (string | number)[], map: (row: R) => T): Page<T> {
  const hasMore = rows.length > limit;
  const pageRows = hasMore ? rows.slice(0, limit) : rows;
  return {
    items: pageRows.map(map),
    nextCursor: hasMore ? encodeCursor(key(pageRows[pageRows.length - 1])) : null,
  };
}

export const DEFAULT_LIMIT = 50;
