/**
 * The REST contract for TypeScript clients (the console imports `@app/contracts`). Every shape is generated
 * from the API's OpenAPI document into ./api.ts (`npm run contracts`); this file adds only the page wrapper
 * every list shares. Types only: nothing here reaches a bundle.
 */
export type * from './api';

/** One page of a list: `nextCursor` goes into the next request's `cursor`; null on the last page. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
