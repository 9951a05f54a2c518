import { parseInstant } from '../common/validators';
import type { FieldError } from '../common/domain-error';

/**
 * Hand-written validation of ingested usage (sessions, devices): the batch endpoints take up to 10,000
 * items per request, and this runs an order of magnitude faster than class-validator on nested DTOs.
 * Messages follow the same shape: a dotted field path and a sentence.
 */
export const MAX_SESSION_SECONDS = 7 * 24 * 3600;
/** Most items in one batch request (sessions or devices). */
export const MAX_BATCH = 10_000;
/** Sessions may not start further in the future than this (clock skew of the reporting service). */
export const MAX_FUTURE_MS = 24 * 3600 * 1000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CONTROL = /[\u0000-\u001f\u007f]/;

/** How the remote session ran: with someone at the remote end (`attended`) or without (`unattended`); billed alike. */
export type SessionType = 'attended' | 'unattended';

export interface SessionInput {
  externalId: string;
  departmentId: string | null;
  departmentExternalId: string | null;
  technician: string | null;
  type: SessionType;
  /** UTC ISO text (what the database receives). */
  startedAt: string;
  endedAt: string;
  durationSeconds: number;
}

export interface DeviceInput {
  externalId: string;
  departmentId: string | null;
  departmentExternalId: string | null;
  name: string;
  enrolledAt: Date;
  removedAt: Date | null;
}

type Raw = Record<string, unknown>;

function text(raw: Raw, key: string, path: string, errors: FieldError[], opts: { required: boolean; max: number }): string | null {
  const v = raw[key];
  if (v === undefined || v === null || v === '') {
    if (opts.required) errors.push({ field: path + key, message: `${key} is required` });
    return null;
  }
  if (typeof v !== 'string') {
    errors.push({ field: path + key, message: `${key} must be a string` });
    return null;
  }
  const s = v.trim();
  if (s.length === 0 && opts.required) errors.push({ field: path + key, message: `${key} is required` });
  else if (s.length > opts.max) errors.push({ field: path + key, message: `${key} must be at most ${opts.max} characters` });
  else if (CONTROL.test(s)) errors.push({ field: path + key, message: `${key} must not contain control characters` });
  else return s.length ? s : null;
  return null;
}

/** Already what Date#toISOString would write (UTC, at most milliseconds): kept as is, saving a format per field. */
const CANONICAL_UTC = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,3})?Z$/;

/** An instant as a Date and as the UTC ISO text the database receives. */
export interface Instant {
  date: Date;
  iso: string;
}

function instant(raw: Raw, key: string, path: string, errors: FieldError[], required: boolean): Instant | null {
  const v = raw[key];
  if (v === undefined || v === null || v === '') {
    if (required) errors.push({ field: path + key, message: `${key} is required` });
    return null;
  }
  const ms = parseInstant(v);
  if (Number.isNaN(ms)) {
    errors.push({ field: path + key, message: `${key} must be an ISO 8601 instant with an offset, e.g. 2026-01-31T10:00:00Z` });
    return null;
  }
  const date = new Date(ms);
  return { date, iso: CANONICAL_UTC.test(v as string) ? (v as string) : date.toISOString() };
}

function department(raw: Raw, path: string, errors: FieldError[]): { departmentId: string | null; departmentExternalId: string | null } {
  const hasId = raw.departmentId !== undefined && raw.departmentId !== null && raw.departmentId !== '';
  const departmentExternalId = text(raw, 'departmentExternalId', path, errors, { required: false, max: 200 });
  if (hasId) {
    if (typeof raw.departmentId !== 'string' || !UUID.test(raw.departmentId)) {
      errors.push({ field: `${path}departmentId`, message: 'departmentId must be a UUID' });
      return { departmentId: null, departmentExternalId: null };
    }
    if (departmentExternalId)
      errors.push({ field: `${path}departmentExternalId`, message: 'give departmentId or departmentExternalId, not both' });
    return { departmentId: raw.departmentId.toLowerCase(), departmentExternalId: null };
  }
  if (!departmentExternalId && !errors.some((e) => e.field === `${path}departmentExternalId`)) {
    errors.push({ field: `${path}departmentId`, message: 'departmentId (or departmentExternalId) is required' });
  }
  return { departmentId: null, departmentExternalId };
}

function unknownKeys(raw: Raw, allowed: ReadonlySet<string>, path: string, errors: FieldError[]): void {
  for (const key of Object.keys(raw)) if (!allowed.has(key)) errors.push({ field: path + key, message: 'is not a known field' });
}

const SESSION_KEYS = new Set(['externalId', 'departmentId', 'departmentExternalId', 'technician', 'type', 'startedAt', 'endedAt']);
const DEVICE_KEYS = new Set(['externalId', 'departmentId', 'departmentExternalId', 'name', 'enrolledAt', 'removedAt']);

/** Validates one session; `path` prefixes fields (e.g. `sessions.17.`). `now` bounds future start times. */
export function parseSession(raw: unknown, path: string, now: number): { value?: SessionInput; errors: FieldError[] } {
  const errors: FieldError[] = [];
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { errors: [{ field: path ? path.slice(0, -1) : 'body', message: 'must be an object' }] };
  }
  const r = raw as Raw;
  unknownKeys(r, SESSION_KEYS, path, errors);
  const externalId = text(r, 'externalId', path, errors, { required: true, max: 200 });
  const dep = department(r, path, errors);
  const technician = text(r, 'technician', path, errors, { required: false, max: 200 });
  const type = r.type;
  if (type !== 'attended' && type !== 'unattended') errors.push({ field: `${path}type`, message: 'type must be attended or unattended' });
  const startedAt = instant(r, 'startedAt', path, errors, true);
  const endedAt = instant(r, 'endedAt', path, errors, true);
  let durationSeconds = 0;
  if (startedAt && endedAt) {
    const ms = endedAt.date.getTime() - startedAt.date.getTime();
    if (ms < 0) errors.push({ field: `${path}endedAt`, message: 'endedAt must not be before startedAt' });
    else if (ms > MAX_SESSION_SECONDS * 1000) errors.push({ field: `${path}endedAt`, message: 'a session may last at most 7 days' });
    durationSeconds = Math.floor(ms / 1000);
    if (startedAt.date.getTime() > now + MAX_FUTURE_MS)
      errors.push({ field: `${path}startedAt`, message: 'startedAt is more than a day in the future' });
  }
  if (errors.length) return { errors };
  return {
    value: {
      externalId: externalId!,
      ...dep,
      technician,
      type: type as SessionType,
      startedAt: startedAt!.iso,
      endedAt: endedAt!.iso,
      durationSeconds,
    },
    errors,
  };
}

/** Validates one device. */
export function parseDevice(raw: unknown, path: string): { value?: DeviceInput; errors: FieldError[] } {
  const errors: FieldError[] = [];
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { errors: [{ field: path ? path.slice(0, -1) : 'body', message: 'must be an object' }] };
  }
  const r = raw as Raw;
  unknownKeys(r, DEVICE_KEYS, path, errors);
  const externalId = text(r, 'externalId', path, errors, { required: true, max: 200 });
  const dep = department(r, path, errors);
  const name = text(r, 'name', path, errors, { required: true, max: 200 });
  const enrolledAt = instant(r, 'enrolledAt', path, errors, true);
  const removedAt = instant(r, 'removedAt', path, errors, false);
  if (enrolledAt && removedAt && removedAt.date < enrolledAt.date)
    errors.push({ field: `${path}removedAt`, message: 'removedAt must not be before enrolledAt' });
  if (errors.length) return { errors };
  return {
    value: { externalId: externalId!, ...dep, name: name!, enrolledAt: enrolledAt!.date, removedAt: removedAt?.date ?? null },
    errors,
  };
}

/** Validates `{[key]: [...]}` with 1..max items; every bad item is reported with its index. */
export function parseBatch<T>(
  body: unknown,
  key: string,
  max: number,
  parse: (raw: unknown, path: string) => { value?: T; errors: FieldError[] },
): { values: T[]; errors: FieldError[] } {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return { values: [], errors: [{ field: 'body', message: 'must be a JSON object' }] };
  const b = body as Raw;
  const extra = Object.keys(b).filter((k) => k !== key);
  const errors: FieldError[] = extra.map((k) => ({ field: k, message: 'is not a known field' }));
  const items = b[key];
  if (!Array.isArray(items)) return { values: [], errors: [...errors, { field: key, message: `${key} must be an array` }] };
  if (items.length === 0 || items.length > max)
    return { values: [], errors: [...errors, { field: key, message: `${key} must hold 1 to ${max} items` }] };
  const values: T[] = [];
  for (let i = 0; i < items.length; i++) {
    const r = parse(items[i], `${key}.${i}.`);
    if (r.value) values.push(r.value);
    else errors.push(...r.errors);
  }
  return { values, errors };
}
