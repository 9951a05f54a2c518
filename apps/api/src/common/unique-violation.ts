import { ConflictError } from './domain-error';

/**
 * Turns a unique-index violation (Postgres 23505) into a 409 with a code, by index name; `*` matches any
 * index. Used as `.catch(onUniqueViolation({...}))`: the database enforces uniqueness, never a read-first.
 */
export function onUniqueViolation(byIndex: Record<string, [code: string, message: string]>) {
  return (err: unknown): never => {
    const e = err as { code?: string; constraint?: string; driverError?: { code?: string; constraint?: string } };
    const code = e?.driverError?.code ?? e?.code;
    const index = e?.driverError?.constraint ?? e?.constraint ?? '';
    const hit = code === '23505' ? (byIndex[index] ?? byIndex['*']) : undefined;
    if (hit) throw new ConflictError(hit[0], hit[1]);
    throw err;
  };
}
