import { browserLocale } from './money';

/** Calendar day `YYYY-MM-DD` shown in the browser's locale (no time-zone shift: built at local noon). */
export function formatDay(day: string | null | undefined): string {
  if (!day) return '—';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(day);
  if (!m) return day;
  const date = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 12);
  return new Intl.DateTimeFormat(browserLocale(), { dateStyle: 'medium' }).format(date);
}

/** An instant shown as a date and time in the browser's locale and time zone. */
export function formatInstant(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(browserLocale(), { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

/** An instant shown as a local day. */
export function formatInstantDay(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(browserLocale(), { dateStyle: 'medium' }).format(date);
}

/**
 * A bill period `[periodStart, periodEnd)` as days: the end is exclusive, so the last day shown is
 * the day before `periodEnd` (one millisecond earlier). Days are those of `timeZone` (the bill's
 * association zone, in which the period was cut) when given, else the browser's.
 */
export function formatPeriod(periodStart: string, periodEnd: string, timeZone?: string): string {
  const start = new Date(periodStart);
  const lastInstant = new Date(new Date(periodEnd).getTime() - 1);
  if (Number.isNaN(start.getTime()) || Number.isNaN(lastInstant.getTime())) return `${periodStart} – ${periodEnd}`;
  let fmt: Intl.DateTimeFormat;
  try {
    fmt = new Intl.DateTimeFormat(browserLocale(), { dateStyle: 'medium', ...(timeZone ? { timeZone } : {}) });
  } catch {
    fmt = new Intl.DateTimeFormat(browserLocale(), { dateStyle: 'medium' }); // unknown zone
  }
  return `${fmt.format(start)} – ${fmt.format(lastInstant)}`;
}

/** Session length in h:mm:ss from two instants. */
export function formatDuration(startedAt: string, endedAt: string): string {
  const seconds = Math.max(0, Math.round((new Date(endedAt).getTime() - new Date(startedAt).getTime()) / 1000));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
}

/** Today as `YYYY-MM-DD` in the browser's time zone. */
export function todayIso(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** The day after a `YYYY-MM-DD` day (calendar math, no time zone involved). */
export function nextDay(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  const date = new Date(Date.UTC(y!, m! - 1, d! + 1));
  return date.toISOString().slice(0, 10);
}

/** Local midnight of a `YYYY-MM-DD` day as an ISO instant (for filters on instants). */
export function localMidnight(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y!, m! - 1, d!).toISOString();
}

/** `<input type="datetime-local">` value (local) → ISO instant with offset (UTC `Z`). */
export function localDateTimeToIso(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** Now as a `datetime-local` input value. */
export function nowLocalDateTime(): string {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Humane labels for enum values (`half_yearly` → "Half yearly", `per_hour` → "Per hour"). */
export function humanize(value: string | null | undefined): string {
  if (!value) return '';
  const text = value.replace(/_/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}
