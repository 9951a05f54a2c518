import { daysInMonth, isCalendarDate, isCurrencyCode, parsePercent } from '@app/billing';
import { isEmail, ValidateBy, ValidateIf, ValidationOptions } from 'class-validator';
import { isAcceptedTimeZone } from './time-zones';

/** ISO 4217 code, uppercase, from the billing library's table. */
export const IsCurrency = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isCurrency',
      validator: {
        validate: (v) => typeof v === 'string' && isCurrencyCode(v),
        defaultMessage: (a) => `${a?.property} must be an uppercase ISO 4217 currency code`,
      },
    },
    options,
  );

/** An IANA time zone name such as Europe/Berlin that both the app (Intl) and PostgreSQL know (common/time-zones.ts). */
export const IsTimeZone = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isTimeZone',
      validator: {
        validate: (v) => typeof v === 'string' && v.length <= 64 && isAcceptedTimeZone(v),
        defaultMessage: (a) => `${a?.property} must be an IANA time zone that PostgreSQL knows too, such as Europe/Berlin`,
      },
    },
    options,
  );

/** A real calendar day written YYYY-MM-DD, within 1970..2199. */
export const IsCalendarDay = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isCalendarDay',
      validator: {
        validate: (v) =>
          typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) && isCalendarDate(v) && v >= '1970-01-01' && v <= '2199-12-31',
        defaultMessage: (a) => `${a?.property} must be a calendar day YYYY-MM-DD`,
      },
    },
    options,
  );

/** An instant with an explicit offset or Z (2026-01-31T10:00:00+01:00); no offset is ambiguous and refused. */
export const INSTANT_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;

/**
 * Epoch milliseconds of an instant with an offset, or NaN when `v` is not one (wrong shape, 2026-02-30,
 * hour 24...). One regular expression and one Date.parse: the ingest path runs this twice per session.
 */
export function parseInstant(v: unknown): number {
  if (typeof v !== 'string' || !INSTANT_WITH_OFFSET.test(v)) return NaN;
  const ms = Date.parse(v);
  if (Number.isNaN(ms)) return NaN;
  const year = +v.slice(0, 4),
    month = +v.slice(5, 7),
    day = +v.slice(8, 10);
  if (year < 1 || month < 1 || month > 12 || day < 1 || +v.slice(11, 13) > 23 || +v.slice(14, 16) > 59) return NaN;
  return day <= daysInMonth(year, month) ? ms : NaN;
}

export function isInstantWithOffset(v: unknown): v is string {
  return !Number.isNaN(parseInstant(v));
}
export const IsInstant = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isInstant',
      validator: {
        validate: isInstantWithOffset,
        defaultMessage: (a) => `${a?.property} must be an ISO 8601 instant with an offset, e.g. 2026-01-31T10:00:00Z`,
      },
    },
    options,
  );

/**
 * An e-mail address. class-validator's IsEmail throws (a 500) on a string with a lone UTF-16 surrogate,
 * which JSON can carry ("\ud800"): such a string is refused before it gets there.
 */
export const IsEmailAddress = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isEmail',
      validator: {
        validate: (v) => typeof v === 'string' && !/\p{Cs}/u.test(v) && isEmail(v),
        defaultMessage: (a) => `${a?.property} must be an email`,
      },
    },
    options,
  );

/**
 * A percentage as the billing library reads it (at most 4 decimals, no exponent). class-validator's
 * IsNumber({ maxDecimalPlaces }) throws (a 500) on numbers JavaScript writes with an exponent, like 1e-7.
 */
export const IsPercent = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isPercent',
      validator: {
        validate: (v) => {
          if (typeof v !== 'number') return false;
          try {
            parsePercent(v);
            return true;
          } catch {
            return false;
          }
        },
        defaultMessage: (a) => `${a?.property} must be a number with at most 4 decimals`,
      },
    },
    options,
  );

/**
 * May be left out, but not sent as null. IsOptional lets null through too, and a PATCH then writes it into
 * a NOT NULL column (a 500). Fields where null means "clear" keep IsOptional() with ValidateIf(v !== null).
 */
export const IsOptionalNonNull = (options?: ValidationOptions) => ValidateIf((_: object, v: unknown) => v !== undefined, options);

export const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
export const NO_CONTROL_CHARS = /^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]*$/;
