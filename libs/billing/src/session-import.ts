/**
 * Session imports (issue #19): rows of a remote-support tool's session report, read through an import profile, made
 * into sessions. Pure: the API streams the file, stores profiles, customer mappings, held rows and what was imported.
 *
 * Rules:
 * - A row is read through the profile's mapping (column names, or property paths for JSON). Times: the profile's
 *   `timeFormat` ('iso', 'epoch_ms', 'epoch_s', or a pattern of yyyy MM M dd d HH H hh h mm ss a); a time without an
 *   offset is local in the profile's `timeZone` (a local time that does not exist moves on by the gap, one that happens
 *   twice is the earlier, as business-hours.ts). The end is the `end` column, else start + `duration`.
 * - A row is refused, with its reason and field, when its start or end is missing or unreadable, it ends before it
 *   starts, it has no customer key, or the report repeats an id it already had in this file (the second is a
 *   duplicate). Every row ends accepted, merged (into another row's session), duplicate, held (its customer key is not
 *   mapped to a department) or refused: none is dropped silently.
 * - Short connections: a connection shorter than `minSeconds` is refused ("shorter than …"), before merging.
 * - Merging: connections of the same customer key and technician (rows without a technician merge with each other
 *   only when `mergeGapMinutes` > 0 — a tool without technicians merges by customer), sorted by start, where one starts
 *   at most `mergeGapMinutes` after the latest end so far, are one session from the first start to the latest end; its
 *   id is the first connection's (by start, then id). A connection already imported before (the caller's `known`) is a
 *   duplicate and never merged again; only new connections are merged, with each other.
 * - External ids: `${idPrefix}:${the tool's id}`, or, without an id column, `${idPrefix}:h` + a hash of the row's
 *   customer key, technician, start and end (stable: re-importing the same file gives the same ids).
 * - Type: unattended when the type column's value is one of `unattendedValues` (case-insensitive), else attended; a
 *   merged session is unattended only when all its connections are.
 */
import { instantAt, isTimeZone } from './calendar';

export interface ImportMapping {
  /** CSV: column names; JSON: property names (a dotted path such as 'technician.email' reads nested objects) */
  externalId: string | null;
  start: string;
  end: string | null;
  duration: string | null;
  technician: string | null;
  type: string | null;
  customerKey: string;
}

export interface ImportProfileSettings {
  format: 'csv' | 'json';
  delimiter: ',' | ';' | '\t' | null;
  /** JSON: the path of the array of rows ('' : the document is the array) */
  jsonPath: string | null;
  mapping: ImportMapping;
  timeFormat: string;
  timeZone: string;
  durationUnit: 'ms' | 's' | 'min' | 'hms';
  unattendedValues: string[];
  mergeGapMinutes: number;
  minSeconds: number;
}

/** A row read: a connection of one technician with one customer. */
export interface Connection {
  /** 1-based row number in the file (data rows; a CSV header is not counted) */
  row: number;
  /** the tool's id, or null (a hash is the id) */
  toolId: string | null;
  externalId: string;
  startMs: number;
  endMs: number;
  technician: string | null;
  type: 'attended' | 'unattended';
  customerKey: string;
}

export interface RefusedRow {
  row: number;
  field: string;
  reason: string;
}

export type ReadRow = { ok: true; connection: Connection } | { ok: false; refused: RefusedRow };

/** A session to import. */
export interface ImportedSession {
  externalId: string;
  customerKey: string;
  startMs: number;
  endMs: number;
  technician: string | null;
  type: 'attended' | 'unattended';
  /** the rows it is made of (several when merged) */
  rows: number[];
  /** the connections' own external ids, in order (each recorded, so a re-import knows them) */
  connectionIds: string[];
}

export type RowOutcome =
  | { row: number; outcome: 'accepted'; externalId: string }
  | { row: number; outcome: 'merged'; externalId: string }
  | { row: number; outcome: 'duplicate'; externalId: string }
  | { row: number; outcome: 'held'; customerKey: string }
  | { row: number; outcome: 'refused'; field: string; reason: string };

/** Why settings are not a profile: the first problem, naming the field; null when they are. */
export function checkSettings(s: ImportProfileSettings): { field: string; message: string } | null {
  if (s.format !== 'csv' && s.format !== 'json') return { field: 'format', message: "format must be 'csv' or 'json'" };
  if (!isTimeZone(s.timeZone)) return { field: 'timeZone', message: `timeZone: unknown time zone ${String(s.timeZone)}` };
  const m = s.mapping;
  if (!m || typeof m.start !== 'string' || !m.start) return { field: 'mapping.start', message: 'mapping.start must name a column' };
  if (!m.customerKey) return { field: 'mapping.customerKey', message: 'mapping.customerKey must name a column' };
  if (!m.end && !m.duration) return { field: 'mapping.end', message: 'mapping.end or mapping.duration must name a column' };
  const pattern = timePattern(s.timeFormat);
  if (pattern === null)
    return { field: 'timeFormat', message: `timeFormat: not 'iso', 'epoch_ms', 'epoch_s' or a pattern of yyyy MM dd HH mm ss` };
  if (!Number.isInteger(s.mergeGapMinutes) || s.mergeGapMinutes < 0 || s.mergeGapMinutes > 1440) {
    return { field: 'mergeGapMinutes', message: 'mergeGapMinutes must be a whole number 0 … 1440' };
  }
  if (!Number.isInteger(s.minSeconds) || s.minSeconds < 0 || s.minSeconds > 86400) {
    return { field: 'minSeconds', message: 'minSeconds must be a whole number 0 … 86400' };
  }
  return null;
}

type Token = { kind: 'field'; name: string } | { kind: 'literal'; text: string };
const TOKENS = ['yyyy', 'MM', 'M', 'dd', 'd', 'HH', 'H', 'hh', 'h', 'mm', 'ss', 'a'];
const PATTERNS = new Map<string, RegExp | null>();

/** A time pattern as one regular expression with named groups; 'iso' and epochs give a marker. */
function timePattern(format: string): RegExp | 'iso' | 'epoch_ms' | 'epoch_s' | null {
  if (format === 'iso' || format === 'epoch_ms' || format === 'epoch_s') return format;
  if (typeof format !== 'string' || format.length === 0 || format.length > 40) return null;
  let cached = PATTERNS.get(format);
  if (cached !== undefined) return cached;
  const tokens: Token[] = [];
  for (let i = 0; i < format.length;) {
    const t = TOKENS.find((k) => format.startsWith(k, i));
    if (t) {
      tokens.push({ kind: 'field', name: t });
      i += t.length;
    } else {
      tokens.push({ kind: 'literal', text: format[i] });
      i++;
    }
  }
  const names = tokens.filter((t) => t.kind === 'field').map((t) => (t as { name: string }).name);
  const has = (...n: string[]) => n.some((x) => names.includes(x));
  const ok = has('yyyy') && has('MM', 'M') && has('dd', 'd') && has('HH', 'H', 'hh', 'h') && has('mm') && !(has('hh', 'h') && !has('a'));
  if (!ok || new Set(names).size !== names.length) cached = null;
  else {
    const group: Record<string, string> = {
      yyyy: '(?<y>\\d{4})',
      MM: '(?<mo>\\d{2})',
      M: '(?<mo>\\d{1,2})',
      dd: '(?<d>\\d{2})',
      d: '(?<d>\\d{1,2})',
      HH: '(?<h>\\d{2})',
      H: '(?<h>\\d{1,2})',
      hh: '(?<h12>\\d{2})',
      h: '(?<h12>\\d{1,2})',
      mm: '(?<mi>\\d{2})',
      ss: '(?<s>\\d{2})',
      a: '(?<ap>[AaPp]\\.?[Mm]\\.?)',
    };
    const source = tokens.map((t) => (t.kind === 'field' ? group[t.name] : t.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('');
    cached = new RegExp(`^\\s*${source}\\s*$`);
  }
  PATTERNS.set(format, cached);
  return cached;
}

const pad2 = (v: string) => v.padStart(2, '0');
const ISO_OFFSET = /(Z|[+-]\d{2}:?\d{2})$/i;
const ISO_LOCAL = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(:\d{2})?)(\.\d{1,9})?$/;

/** Epoch ms of a time written in the profile's format (null when it is not one). */
export function parseTime(raw: unknown, format: string, timeZone: string): number | null {
  if (raw === null || raw === undefined || raw === '') return null;
  const pattern = timePattern(format);
  if (pattern === null) return null;
  if (pattern === 'epoch_ms' || pattern === 'epoch_s') {
    const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(raw) ? Number(raw) : NaN;
    if (!Number.isFinite(n)) return null;
    const ms = pattern === 'epoch_s' ? n * 1000 : n;
    return Math.abs(ms) <= 8.64e15 ? Math.round(ms) : null;
  }
  if (typeof raw !== 'string') return null;
  const text = raw.trim();
  if (pattern === 'iso') {
    if (ISO_OFFSET.test(text)) {
      const ms = Date.parse(text);
      return Number.isNaN(ms) || !/^\d{4}-\d{2}-\d{2}T/.test(text) ? null : ms;
    }
    const m = ISO_LOCAL.exec(text);
    if (!m) return null;
    return local(`${m[1]}T${m[2].length === 5 ? `${m[2]}:00` : m[2]}`, timeZone, m[4] ? Math.round(Number(`0${m[4]}`) * 1000) : 0);
  }
  const g = pattern.exec(text)?.groups as
    { y: string; mo: string; d: string; h?: string; h12?: string; mi: string; s?: string; ap?: string } | undefined;
  if (!g) return null;
  let hour = g.h !== undefined ? Number(g.h) : Number(g.h12);
  if (g.h12 !== undefined) {
    if (hour < 1 || hour > 12) return null;
    const pm = /^p/i.test(g.ap ?? '');
    hour = (hour % 12) + (pm ? 12 : 0);
  }
  return local(`${g.y}-${pad2(g.mo)}-${pad2(g.d)}T${pad2(String(hour))}:${g.mi}:${g.s ?? '00'}`, timeZone, 0);
}

/** Per (zone, local day): the zone's offset all day (ms), or NaN on a day whose offset changes (bounded). */
const DAY_OFFSETS = new Map<string, number>();

function local(dateTime: string, timeZone: string, extraMs: number): number | null {
  const [y, mo, d] = dateTime.slice(0, 10).split('-').map(Number);
  const day = Date.UTC(y, mo - 1, d);
  const check = new Date(day);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return null;
  const [h, mi, sec] = dateTime.slice(11).split(':').map(Number);
  if (!(h <= 23 && mi <= 59 && sec <= 59)) return null;
  // A day with one offset from its first instant to the next day's is read without the zone's rules (a report's
  // million rows fall on few days): instantAt is the exact path, taken on the days clocks change.
  const key = `${timeZone}|${dateTime.slice(0, 10)}`;
  let offset = DAY_OFFSETS.get(key);
  if (offset === undefined) {
    try {
      const date = dateTime.slice(0, 10);
      const next = new Date(day + 86_400_000).toISOString().slice(0, 10);
      const start = instantAt(`${date}T00:00:00`, timeZone).getTime() - day;
      const end = instantAt(`${next}T00:00:00`, timeZone).getTime() - (day + 86_400_000);
      offset = start === end ? start : NaN;
    } catch {
      return null;
    }
    if (DAY_OFFSETS.size >= 10_000) DAY_OFFSETS.clear();
    DAY_OFFSETS.set(key, offset);
  }
  if (!Number.isNaN(offset)) return day + ((h * 60 + mi) * 60 + sec) * 1000 + offset + extraMs;
  try {
    return instantAt(dateTime, timeZone).getTime() + extraMs;
  } catch {
    return null;
  }
}

const HMS = /^\s*(\d+):([0-5]\d):([0-5]\d)\s*$/;

/** Whole seconds of a duration in the profile's unit (null when it is not one). */
export function parseDuration(raw: unknown, unit: ImportProfileSettings['durationUnit']): number | null {
  if (raw === null || raw === undefined || raw === '') return null;
  if (unit === 'hms') {
    const m = typeof raw === 'string' ? HMS.exec(raw) : null;
    return m ? Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) : null;
  }
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isFinite(n) || n < 0) return null;
  const seconds = unit === 'ms' ? n / 1000 : unit === 'min' ? n * 60 : n;
  return seconds <= 1e9 ? Math.floor(seconds) : null;
}

/** The value at a dotted path of a JSON row, or a CSV row's column. */
export function readPath(row: Record<string, unknown>, path: string): unknown {
  if (path in row) return row[path];
  let v: unknown = row;
  for (const part of path.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

const text = (v: unknown): string | null => {
  if (v === null || v === undefined) return null;
  const s = (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v)).trim();
  return s === '' ? null : s;
};

/** FNV-1a over a string, two 32-bit lanes: 16 hex digits (an id, not a secret). */
export function rowHash(value: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193 + 2);
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}

const MAX_KEY = 200;

/** One row read through the profile (rules in the header). */
export function readRow(row: Record<string, unknown>, rowNumber: number, s: ImportProfileSettings, idPrefix: string): ReadRow {
  const m = s.mapping;
  const refuse = (field: string, reason: string): ReadRow => ({ ok: false, refused: { row: rowNumber, field, reason } });
  const startRaw = readPath(row, m.start);
  const start = parseTime(startRaw, s.timeFormat, s.timeZone);
  if (start === null)
    return refuse(
      m.start,
      startRaw === undefined || startRaw === '' || startRaw === null
        ? 'no start time'
        : `start ${String(text(startRaw))} is not a time in the format ${s.timeFormat}`,
    );
  let end: number | null = null;
  if (m.end) {
    const endRaw = readPath(row, m.end);
    end = parseTime(endRaw, s.timeFormat, s.timeZone);
    if (end === null && !m.duration) {
      return refuse(
        m.end,
        endRaw === undefined || endRaw === '' || endRaw === null
          ? 'no end time'
          : `end ${String(text(endRaw))} is not a time in the format ${s.timeFormat}`,
      );
    }
  }
  if (end === null) {
    const raw = readPath(row, m.duration!);
    const seconds = parseDuration(raw, s.durationUnit);
    if (seconds === null)
      return refuse(
        m.duration!,
        raw === undefined || raw === '' || raw === null
          ? 'no end time or duration'
          : `duration ${String(text(raw))} is not a duration in ${s.durationUnit}`,
      );
    end = start + seconds * 1000;
  }
  if (end < start) return refuse(m.end ?? m.duration!, 'ends before it starts');
  const customerKey = text(readPath(row, m.customerKey));
  if (!customerKey) return refuse(m.customerKey, 'no customer key');
  if (customerKey.length > MAX_KEY) return refuse(m.customerKey, `customer key longer than ${MAX_KEY} characters`);
  const technician = m.technician ? text(readPath(row, m.technician)) : null;
  const typeValue = m.type ? text(readPath(row, m.type)) : null;
  const unattended = typeValue !== null && s.unattendedValues.some((v) => v.toLowerCase() === typeValue.toLowerCase());
  const toolId = m.externalId ? text(readPath(row, m.externalId)) : null;
  if (m.externalId && !toolId) return refuse(m.externalId, 'no session id');
  if (toolId && toolId.length > 180) return refuse(m.externalId!, 'session id longer than 180 characters');
  const id = toolId ?? `h${rowHash(`${customerKey}\u0000${technician ?? ''}\u0000${start}\u0000${end}`)}`;
  return {
    ok: true,
    connection: {
      row: rowNumber,
      toolId,
      externalId: `${idPrefix}:${id}`,
      startMs: start,
      endMs: end,
      technician: technician ? technician.slice(0, 200) : null,
      type: unattended ? 'unattended' : 'attended',
      customerKey,
    },
  };
}

export interface ImportPlan {
  sessions: ImportedSession[];
  outcomes: RowOutcome[];
}

/**
 * What the connections of one import become (rules in the header): `known(externalId)` says a connection was
 * imported before; `mapped(customerKey)` whether the key is mapped to a department (else its rows are held).
 * Outcomes are in row order.
 */
export function planImport(
  connections: readonly Connection[],
  refused: readonly RefusedRow[],
  s: Pick<ImportProfileSettings, 'mergeGapMinutes' | 'minSeconds'>,
  known: (externalId: string) => boolean,
  mapped: (customerKey: string) => boolean,
): ImportPlan {
  const outcomes: RowOutcome[] = refused.map((r) => ({ row: r.row, outcome: 'refused', field: r.field, reason: r.reason }));
  const seen = new Set<string>();
  const fresh: Connection[] = [];
  for (const c of connections) {
    if (seen.has(c.externalId) || known(c.externalId)) {
      outcomes.push({ row: c.row, outcome: 'duplicate', externalId: c.externalId });
      continue;
    }
    seen.add(c.externalId);
    if ((c.endMs - c.startMs) / 1000 < s.minSeconds) {
      outcomes.push({
        row: c.row,
        outcome: 'refused',
        field: 'duration',
        reason: `shorter than ${s.minSeconds} s (the profile's minimum)`,
      });
      continue;
    }
    if (!mapped(c.customerKey)) {
      outcomes.push({ row: c.row, outcome: 'held', customerKey: c.customerKey });
      continue;
    }
    fresh.push(c);
  }
  const sessions = mergeConnections(fresh, s.mergeGapMinutes);
  for (const session of sessions) {
    session.rows.forEach((row, i) => outcomes.push({ row, outcome: i === 0 ? 'accepted' : 'merged', externalId: session.externalId }));
  }
  outcomes.sort((a, b) => a.row - b.row);
  return { sessions, outcomes };
}

/** Connections merged into sessions (rules in the header); 0 minutes: each connection is a session. */
export function mergeConnections(connections: readonly Connection[], gapMinutes: number): ImportedSession[] {
  const sorted = [...connections].sort(
    (a, b) =>
      (a.customerKey < b.customerKey ? -1 : a.customerKey > b.customerKey ? 1 : 0) ||
      ((a.technician ?? '') < (b.technician ?? '') ? -1 : (a.technician ?? '') > (b.technician ?? '') ? 1 : 0) ||
      a.startMs - b.startMs ||
      (a.externalId < b.externalId ? -1 : a.externalId > b.externalId ? 1 : 0),
  );
  const gap = gapMinutes * 60_000;
  const out: ImportedSession[] = [];
  let current: ImportedSession | null = null;
  for (const c of sorted) {
    if (
      current &&
      gapMinutes > 0 &&
      current.customerKey === c.customerKey &&
      current.technician === c.technician &&
      c.startMs - current.endMs <= gap
    ) {
      current.endMs = Math.max(current.endMs, c.endMs);
      current.rows.push(c.row);
      current.connectionIds.push(c.externalId);
      if (c.type === 'attended') current.type = 'attended';
      continue;
    }
    current = {
      externalId: c.externalId,
      customerKey: c.customerKey,
      startMs: c.startMs,
      endMs: c.endMs,
      technician: c.technician,
      type: c.type,
      rows: [c.row],
      connectionIds: [c.externalId],
    };
    out.push(current);
  }
  return out;
}
