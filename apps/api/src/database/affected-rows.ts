import { DataSource, EntityManager } from 'typeorm';

/** Runs a write and returns how many rows it touched (DataSource.query hides rowCount for INSERT). */
export async function affectedRows(source: DataSource | EntityManager, sql: string, params: unknown[]): Promise<number> {
  const manager = source instanceof DataSource ? source.manager : source;
  const runner = manager.queryRunner;
  if (runner && !runner.isReleased) return (await runner.query(sql, params, true)).affected ?? 0;
  const own = manager.connection.createQueryRunner();
  try {
    return (await own.query(sql, params, true)).affected ?? 0;
  } finally {
    await own.release();
  }
}
