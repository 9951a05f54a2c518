import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { invalidField } from './domain-error';
import { isUuid } from './parse-id.pipe';
import { isInstantWithOffset } from './validators';

/** `?limit=&cursor=`: every list pages with an opaque cursor (API.md). */
export class PageQueryDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 500, default: 50, description: 'Items per page' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
  @ApiPropertyOptional({ maxLength: 500, description: "The previous page's `nextCursor` (opaque)" })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Encodes the sort key of the last row of a page. */
export function encodeCursor(values: (string | number)[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

/** What each value of a cursor is: a sort key (text such as a lowercased name, or an instant) or an id. */
export type CursorPart = 'text' | 'instant' | 'uuid';
const CURSOR_PART: Record<CursorPart, (v: unknown) => boolean> = {
  text: (v) => typeof v === 'string' && !v.includes('\u0000'),
  instant: isInstantWithOffset,
  uuid: isUuid,
};

/**
 * Decodes a cursor made by encodeCursor, checking each value's kind, so a tampered one never reaches a
 * query (where a bad instant or id would be a database error): a 400 on `cursor`.
 */
export function decodeCursor(cursor: string | undefined, parts: CursorPart[]): string[] | null {
  if (cursor === undefined || cursor === '') return null;
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(values) && values.length === parts.length && parts.every((kind, i) => CURSOR_PART[kind](values[i]))) {
      return values as string[];
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
