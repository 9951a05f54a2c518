import type { PostgresTimeZones } from '@app/billing';
import { DataSource } from 'typeorm';

/** The zone names and abbreviations of the connected PostgreSQL (the inputs of libs/billing's isValidTimeZone). */
export async function readPostgresTimeZones(dataSource: DataSource): Promise<PostgresTimeZones> {
  const names: { name: string }[] = await dataSource.query(`SELECT name FROM pg_timezone_names`);
  const abbreviations: { abbrev: string; minutes: string }[] = await dataSource.query(
    `SELECT abbrev, (extract(epoch FROM utc_offset) / 60)::int::text AS minutes FROM pg_timezone_abbrevs`,
  );
  return {
    names: new Set(names.map((r) => r.name)),
    abbreviations: new Map(abbreviations.map((r) => [r.abbrev.toUpperCase(), Number(r.minutes)])),
  };
}
