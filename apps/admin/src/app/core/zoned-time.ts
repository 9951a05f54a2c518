import { browserLocale } from './money';

/**
 * Wall-clock times in a named IANA zone (an association's billing zone) with `Intl` only: a
 * `datetime-local` value read in that zone, and instants shown in it.
 */

function parts(date: Date, timeZone: string): Record<string, number> {
  const out: Record<string, number> = {};
  const fmt = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  for (const p of fmt.formatToParts(date)) if (p.type !== 'literal') out[p.type] = Number(p.value);
  return out;
}

/** The zone's offset from UTC at `date`, in ms (east positive). */
function offsetMs(date: Date, timeZone: string): number {
  const p = parts(date, timeZone);
  const asUtc = Date.UTC(p['year']!, p['month']! - 1, p['day']!, p['hour']!, p['minute']!, p['second']!);
  return asUtc - Math.floor(date.getTime() / 1000) * 1000;
}

/** A known zone, else the browser's (an unknown name must not break a page). */
export function safeZone(timeZone: string | null | undefined): string | undefined {
  if (!timeZone) return undefined;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return timeZone;
  } catch {
    return undefined;
  }
}

/**
 * `YYYY-MM-DDTHH:mm` (a `datetime-local` value) as the instant it names in `timeZone`; null when not a time.
 * In a gap (spring forward) the time after the gap.
 */
export function zonedLocalToInstant(value: string | null | undefined, timeZone: string | null | undefined): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value ?? '');
  if (!m) return null;
  const zone = safeZone(timeZone);
  const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0));
  if (Number.isNaN(wall)) return null;
  if (!zone) {
    const local = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0));
    return Number.isNaN(local.getTime()) ? null : local;
  }
  // A second pass settles on the offset in force at the result (the first is wrong only next to a transition).
  const first = wall - offsetMs(new Date(wall), zone);
  const offset = offsetMs(new Date(first), zone);
  if (wall - offset === first) return new Date(first);
  const second = wall - offset;
  // Valid with its own offset, else the wall time is in a gap: the instant after it.
  return new Date(offsetMs(new Date(second), zone) === offset ? second : Math.max(first, second));
}

/** An instant as a `datetime-local` value (`YYYY-MM-DDTHH:mm`) in `timeZone`. */
export function instantToZonedLocal(instant: string | Date, timeZone: string | null | undefined): string {
  const date = typeof instant === 'string' ? new Date(instant) : instant;
  const zone = safeZone(timeZone);
  const pad = (n: number) => String(n).padStart(2, '0');
  if (!zone)
    return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
  const p = parts(date, zone);
  return `${p['year']}-${pad(p['month']!)}-${pad(p['day']!)}T${pad(p['hour']!)}:${pad(p['minute']!)}`;
}

/**
 * An instant in `timeZone` for people: the day alone when it is that day's first instant (`Mar 1, 2027`),
 * else day and time (`Jan 15, 2026, 12:00 PM`).
 */
export function formatZoned(instant: string | null | undefined, timeZone: string | null | undefined): string {
  if (!instant) return '—';
  const date = new Date(instant);
  if (Number.isNaN(date.getTime())) return instant;
  const zone = safeZone(timeZone);
  const p = zone ? parts(date, zone) : { hour: date.getHours(), minute: date.getMinutes(), second: date.getSeconds() };
  const midnight = p['hour'] === 0 && p['minute'] === 0 && p['second'] === 0;
  return new Intl.DateTimeFormat(browserLocale(), {
    dateStyle: 'medium',
    ...(midnight ? {} : { timeStyle: 'short' }),
    ...(zone ? { timeZone: zone } : {}),
  }).format(date);
}
