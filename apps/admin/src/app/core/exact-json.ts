import { isInteger, isSafeNumber, parse } from 'lossless-json';

/**
 * JSON.parse without losing digits: an integer beyond Number's safe range (a money sum past 2^53) becomes a
 * bigint, every other number a number. For the responses the API writes with all their digits (the dashboard).
 */
export function parseExactJson<T>(text: string): T {
  return parse(text, null, (value: string) => (isInteger(value) && !isSafeNumber(value) ? BigInt(value) : Number(value))) as T;
}
