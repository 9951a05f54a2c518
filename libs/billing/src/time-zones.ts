/**
 * The one rule for time-zone names the application accepts (associations, ORG_TIME_ZONE, any other input).
 *
 * A zone is computed twice: by `Intl` in this library (calendar.ts), and by PostgreSQL in SQL (`AT TIME ZONE`, e.g.
 * whether a bill is overdue). A name is valid only when both know it and read it the same way:
 * - Intl knows it as an IANA zone (`isTimeZone`: no raw offsets, no 'local');
 * - it is in PostgreSQL's zone database (`pg_timezone_names`), spelled exactly so. PostgreSQL also takes
 *   abbreviations ('PST', 'utc') and POSIX TZ strings ('SystemV/AST4', 'XYZ5'), but those are not zones of
 *   its database; and Intl-only names (the retired 'US/Pacific-New') make PostgreSQL fail: both are refused.
 * - `AT TIME ZONE` reads a name that is also one of PostgreSQL's abbreviations (`pg_timezone_abbrevs`,
 *   case-insensitive) as that abbreviation, a fixed offset: 'CET' is +01:00 there all year, while the zone
 *   CET keeps summer time. Such a name is valid only when the zone keeps that offset from 1970 to 2199 (the
 *   days the API accepts): 'UTC', 'GMT', 'EST' are; 'CET', 'EET', 'MET', 'WET' are not.
 */
import { isTimeZone, utcOffsetMinutes } from './calendar';

/** What a PostgreSQL server knows, read once when the app connects. */
export interface PostgresTimeZones {
  /** `SELECT name FROM pg_timezone_names`. */
  names: ReadonlySet<string>;
  /** `pg_timezone_abbrevs`: the abbreviation upper-cased → its UTC offset in minutes. */
  abbreviations: ReadonlyMap<string, number>;
}

/** True when Intl and PostgreSQL both know the zone `name` and compute the same offsets for it. */
export function isValidTimeZone(name: string, postgres: PostgresTimeZones): boolean {
  if (typeof name !== 'string' || !postgres.names.has(name) || !isTimeZone(name)) return false;
  const abbreviationOffset = postgres.abbreviations.get(name.toUpperCase());
  return abbreviationOffset === undefined || keepsOffset(name, abbreviationOffset);
}

const FIRST_YEAR = 1970;
const LAST_YEAR = 2199;
const KEEPS_OFFSET = new Map<string, boolean>();

/** Whether zone `name` is `offsetMinutes` from UTC on the 1st and the 15th of every month of the accepted years. */
function keepsOffset(name: string, offsetMinutes: number): boolean {
  const key = `${name} ${offsetMinutes}`;
  let keeps = KEEPS_OFFSET.get(key);
  if (keeps === undefined) {
    const offset = (ms: number) => utcOffsetMinutes(new Date(ms), name);
    keeps = true;
    for (let year = FIRST_YEAR; year <= LAST_YEAR && keeps; year++) {
      for (let month = 0; month < 12 && keeps; month++) {
        keeps = offset(Date.UTC(year, month, 1)) === offsetMinutes && offset(Date.UTC(year, month, 15)) === offsetMinutes;
      }
    }
    if (KEEPS_OFFSET.size < 1_000) KEEPS_OFFSET.set(key, keeps);
  }
  return keeps;
}
