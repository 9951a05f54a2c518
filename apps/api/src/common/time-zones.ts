import { isValidTimeZone, PostgresTimeZones } from '@app/billing';

/**
 * The time zones this process accepts: libs/billing's rule (Intl and PostgreSQL both know the zone) over
 * the names of the connected PostgreSQL, loaded by createApp before the app serves anything. Every input
 * zone goes through isAcceptedTimeZone: the IsTimeZone validator, ORG_TIME_ZONE at start-up.
 */
let postgresZones: PostgresTimeZones | null = null;

export function usePostgresTimeZones(zones: PostgresTimeZones): void {
  postgresZones = zones;
}

export function isAcceptedTimeZone(name: string): boolean {
  if (!postgresZones) throw new Error('PostgreSQL time zones are not loaded yet (createApp loads them before serving)');
  return isValidTimeZone(name, postgresZones);
}
