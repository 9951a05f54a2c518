import { isValidTimeZone, PostgresTimeZones } from './time-zones';

/**
 * A PostgreSQL as PostgreSQL 18 answers (checked by hand with psql): pg_timezone_names has no
 * US/Pacific-New (retired from tzdata in 2020) and no SystemV/* (PostgreSQL reads 'SystemV/AST4' as a POSIX
 * TZ string, not a zone); 'Factory' is a zone file Intl does not know; UTC, EST and CET are also
 * abbreviations (UTC +00:00, EST -05:00, CET +01:00 all year).
 */
const postgres: PostgresTimeZones = {
  names: new Set(['UTC', 'Etc/UTC', 'Europe/Berlin', 'America/New_York', 'EST5EDT', 'EST', 'CET', 'Factory', 'Asia/Kolkata']),
  abbreviations: new Map([
    ['UTC', 0],
    ['EST', -300],
    ['CET', 60],
    ['PST', -480],
  ]),
};

describe('isValidTimeZone: luxon and PostgreSQL both know the zone', () => {
  it.each(['UTC', 'Etc/UTC', 'Europe/Berlin', 'America/New_York', 'EST5EDT', 'Asia/Kolkata'])('accepts %s', (zone) =>
    expect(isValidTimeZone(zone, postgres)).toBe(true),
  );

  it('refuses names Intl knows but PostgreSQL does not', () => {
    expect(isValidTimeZone('US/Pacific-New', postgres)).toBe(false);
    expect(isValidTimeZone('SystemV/AST4', postgres)).toBe(false);
    expect(isValidTimeZone('Asia/Calcutta', postgres)).toBe(false); // an alias, absent from this server's list
  });

  it('refuses names PostgreSQL knows but luxon does not', () => {
    expect(isValidTimeZone('Factory', postgres)).toBe(false);
  });

  it('refuses spellings PostgreSQL only takes as abbreviations or case-folded', () => {
    expect(isValidTimeZone('utc', postgres)).toBe(false);
    expect(isValidTimeZone('PST', postgres)).toBe(false);
    expect(isValidTimeZone('europe/berlin', postgres)).toBe(false);
  });

  it('accepts a name that is also an abbreviation only when the zone keeps its offset', () => {
    // EST: -05:00 all year in both. CET: +02:00 in July for luxon, +01:00 for PostgreSQL's AT TIME ZONE 'CET'.
    expect(isValidTimeZone('EST', postgres)).toBe(true);
    expect(isValidTimeZone('CET', postgres)).toBe(false);
  });

  it('refuses what is not a zone at all', () => {
    for (const bad of ['', ' UTC', '+02:00', 'UTC+2', 'Mars/Olympus', undefined as unknown as string, 42 as unknown as string]) {
      expect(isValidTimeZone(bad, postgres)).toBe(false);
    }
  });
});
