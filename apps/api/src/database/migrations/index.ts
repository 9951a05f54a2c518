import { Foundation1764100000000 } from './1764100000000-Foundation';

/** Every migration, in order. New migrations are appended here. */
export const MIGRATIONS = [Foundation1764100000000];
