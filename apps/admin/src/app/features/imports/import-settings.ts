import { HttpErrorResponse } from '@angular/common/http';
import { NonNullableFormBuilder, Validators } from '@angular/forms';
import type { ImportPresetView, ImportSettingsDto, MappedKeyView } from '@app/contracts';
import type { ReportContentType } from '../../core/api/imports.api';
import { errorMessage, fieldErrors } from '../../core/errors';

/** The largest report the API reads (its MAX_CSV_BYTES): larger ones are refused before they are sent. */
export const MAX_REPORT_BYTES = 100 * 1024 * 1024;

export type Delimiter = NonNullable<ImportSettingsDto['delimiter']>;
export type DurationUnit = ImportSettingsDto['durationUnit'];
export type MappingField = keyof ImportSettingsDto['mapping'];

export const DELIMITERS: { value: Delimiter; label: string }[] = [
  { value: ',', label: 'Comma ( , )' },
  { value: ';', label: 'Semicolon ( ; )' },
  { value: '\t', label: 'Tab' },
];

export const DURATION_UNITS: { value: DurationUnit; label: string }[] = [
  { value: 's', label: 'Seconds' },
  { value: 'ms', label: 'Milliseconds' },
  { value: 'min', label: 'Minutes' },
  { value: 'hms', label: 'H:MM:SS' },
];

/** The columns of a session, in the order the form asks them; `required` ones the API needs in every profile. */
export const MAPPING_FIELDS: { key: MappingField; label: string; hint: string; required?: boolean }[] = [
  { key: 'start', label: 'Start', hint: 'When the connection started', required: true },
  { key: 'end', label: 'End', hint: 'When it ended (empty: start + duration)' },
  { key: 'duration', label: 'Duration', hint: 'Read only when there is no end' },
  { key: 'customerKey', label: 'Customer', hint: "The tool's customer: group, company, account or device name", required: true },
  { key: 'technician', label: 'Technician', hint: 'Optional' },
  { key: 'externalId', label: 'Session id', hint: "The tool's id of the session (empty: a hash of the row)" },
  { key: 'type', label: 'Type', hint: 'Attended or unattended (empty: every session attended)' },
];

/** Suggestions of the time-format field (any pattern of yyyy MM M dd d HH H hh h a mm ss is read). */
export const TIME_FORMATS: { value: string; label: string }[] = [
  { value: 'iso', label: 'ISO 8601 (2026-10-06T09:00:00Z)' },
  { value: 'epoch_s', label: 'Unix seconds' },
  { value: 'epoch_ms', label: 'Unix milliseconds' },
  { value: 'yyyy-MM-dd HH:mm:ss', label: '2026-10-06 09:00:00' },
  { value: 'dd.MM.yyyy HH:mm', label: '06.10.2026 09:00' },
  { value: 'MM/dd/yyyy hh:mm a', label: '10/06/2026 09:00 AM' },
];

/** The settings of an import profile as a form (`settings.*` of the API's 400s land on these controls by path). */
export function settingsGroup(fb: NonNullableFormBuilder) {
  const column = (required = false) =>
    fb.control('', required ? [Validators.required, Validators.maxLength(100)] : [Validators.maxLength(100)]);
  return fb.group({
    format: fb.control<ImportSettingsDto['format']>('csv'),
    delimiter: fb.control<Delimiter>(','),
    jsonPath: fb.control('', Validators.maxLength(100)),
    mapping: fb.group({
      externalId: column(),
      start: column(true),
      end: column(),
      duration: column(),
      technician: column(),
      type: column(),
      customerKey: column(true),
    }),
    timeFormat: fb.control('iso', [Validators.required, Validators.maxLength(40)]),
    timeZone: fb.control('UTC', Validators.required),
    durationUnit: fb.control<DurationUnit>('s'),
    /** Comma-separated. */
    unattendedValues: fb.control(''),
    mergeGapMinutes: fb.control<number | null>(0, [Validators.required, Validators.min(0), Validators.max(1440)]),
    minSeconds: fb.control<number | null>(0, [Validators.required, Validators.min(0), Validators.max(86400)]),
  });
}

export type SettingsGroup = ReturnType<typeof settingsGroup>;
export type SettingsValue = ReturnType<SettingsGroup['getRawValue']>;

/** Settings as the form shows them (a JSON profile keeps a comma in its hidden delimiter field). */
export function settingsToForm(s: ImportSettingsDto): SettingsValue {
  const m = s.mapping;
  return {
    format: s.format,
    delimiter: s.delimiter ?? ',',
    jsonPath: s.jsonPath ?? '',
    mapping: {
      externalId: m.externalId ?? '',
      start: m.start,
      end: m.end ?? '',
      duration: m.duration ?? '',
      technician: m.technician ?? '',
      type: m.type ?? '',
      customerKey: m.customerKey,
    },
    timeFormat: s.timeFormat,
    timeZone: s.timeZone,
    durationUnit: s.durationUnit,
    unattendedValues: s.unattendedValues.join(', '),
    mergeGapMinutes: s.mergeGapMinutes,
    minSeconds: s.minSeconds,
  };
}

/** The form's settings as the API takes them: an empty column is null, the other format's field null. */
export function formToSettings(v: SettingsValue): ImportSettingsDto {
  const column = (value: string) => value.trim() || null;
  return {
    format: v.format,
    delimiter: v.format === 'csv' ? v.delimiter : null,
    jsonPath: v.format === 'json' ? v.jsonPath.trim() : null,
    mapping: {
      externalId: column(v.mapping.externalId),
      start: v.mapping.start.trim(),
      end: column(v.mapping.end),
      duration: column(v.mapping.duration),
      technician: column(v.mapping.technician),
      type: column(v.mapping.type),
      customerKey: v.mapping.customerKey.trim(),
    },
    timeFormat: v.timeFormat.trim(),
    timeZone: v.timeZone.trim(),
    durationUnit: v.durationUnit,
    unattendedValues: v.unattendedValues
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean),
    // Numbers left empty are caught by the form's `required`; the API answers anything else.
    mergeGapMinutes: v.mergeGapMinutes ?? 0,
    minSeconds: v.minSeconds ?? 0,
  };
}

/** "1 row", "2 rows". */
export const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

export function timeFormatText(format: string): string {
  if (format === 'iso') return 'ISO 8601';
  if (format === 'epoch_s') return 'Unix seconds';
  if (format === 'epoch_ms') return 'Unix milliseconds';
  return format;
}

/** The settings in words, one line per aspect, for the preset card and the profile page. */
export function settingsDetails(s: ImportSettingsDto): { label: string; value: string; key: string }[] {
  const m = s.mapping;
  const delimiter = DELIMITERS.find((d) => d.value === s.delimiter)?.label.toLowerCase() ?? String(s.delimiter);
  const columns = MAPPING_FIELDS.filter((f) => m[f.key])
    .map((f) => `${f.label.toLowerCase()}: ${m[f.key]}`)
    .join(' · ');
  return [
    {
      key: 'format',
      label: 'Format',
      value:
        s.format === 'csv'
          ? `CSV, ${delimiter} separated`
          : s.jsonPath
            ? `JSON, the rows in ${s.jsonPath}`
            : 'JSON, the document is the array of rows',
    },
    { key: 'columns', label: 'Columns', value: columns },
    {
      key: 'times',
      label: 'Times',
      value: `${timeFormatText(s.timeFormat)}; without an offset in ${s.timeZone}`,
    },
    {
      key: 'duration',
      label: 'Duration unit',
      value: m.duration
        ? (DURATION_UNITS.find((u) => u.value === s.durationUnit)?.label ?? s.durationUnit)
        : 'not read (no duration column)',
    },
    {
      key: 'unattended',
      label: 'Unattended',
      value: !m.type
        ? 'no type column: every session attended'
        : s.unattendedValues.length
          ? `${m.type} is ${s.unattendedValues.join(' or ')}`
          : `no value of ${m.type} means unattended`,
    },
    {
      key: 'merge',
      label: 'Merging',
      value: s.mergeGapMinutes
        ? `connections of one technician and customer with breaks of at most ${plural(s.mergeGapMinutes, 'minute')} are one session (breaks billed)`
        : 'never: every connection is a session',
    },
    {
      key: 'minimum',
      label: 'Minimum',
      value: s.minSeconds ? `connections shorter than ${plural(s.minSeconds, 'second')} are refused` : 'none: every connection counts',
    },
  ];
}

/** One line for a list: "JSON · ISO 8601 · merges ≤ 5 min · min 60 s". */
export function settingsLine(s: ImportSettingsDto): string {
  const parts = [s.format.toUpperCase(), timeFormatText(s.timeFormat)];
  if (s.mergeGapMinutes) parts.push(`merges breaks ≤ ${s.mergeGapMinutes} min`);
  if (s.minSeconds) parts.push(`min ${s.minSeconds} s`);
  return parts.join(' · ');
}

/** A preset's source as text with its web addresses as links. */
export function sourceParts(source: string): { text: string; href: string | null }[] {
  return source
    .split(/(https?:\/\/[^\s;,)]+)/)
    .filter(Boolean)
    .map((text) => ({ text, href: /^https?:\/\//.test(text) ? text : null }));
}

export function presetLabel(presets: ImportPresetView[], name: string | null): string {
  if (!name) return 'Own settings';
  return presets.find((p) => p.name === name)?.label ?? name;
}

/**
 * The Content-Type a report goes with: by its extension, else by the type the browser gives it; a file the browser
 * knows as something else (a spreadsheet, XML) keeps that type, so the API's 415 says so. Without either: the
 * profile's format.
 */
export function reportContentType(file: File, format: ImportSettingsDto['format']): ReportContentType | string {
  const ext = /\.([a-z0-9]+)$/i.exec(file.name)?.[1]?.toLowerCase();
  if (ext === 'csv' || ext === 'tsv' || ext === 'txt') return 'text/csv';
  if (ext === 'json') return 'application/json';
  if (/json/i.test(file.type)) return 'application/json';
  if (/^text\/(csv|plain)/i.test(file.type)) return 'text/csv';
  if (file.type) return file.type;
  return format === 'json' ? 'application/json' : 'text/csv';
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value >= 10 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}

/** Why an upload failed, for a person: the limits (413, 415) and an unreadable report (400 on `report`) in words. */
export function uploadErrorText(err: unknown): string {
  if (err instanceof HttpErrorResponse) {
    if (err.status === 413)
      return `The file is larger than ${formatBytes(MAX_REPORT_BYTES)}, the most a report may be: import it in parts (e.g. a month each).`;
    if (err.status === 415) {
      return 'Only CSV (text/csv) and JSON (application/json) reports can be imported: export the report from the tool as CSV or JSON.';
    }
    if (err.status === 400) {
      const errors = fieldErrors(err);
      const report = errors.find((e) => e.field === 'report');
      if (report) return `The report could not be read: ${report.message}`;
      if (errors.length) return errors.map((e) => e.message).join(' · ');
    }
  }
  return errorMessage(err, 'The report could not be sent');
}

/** "2 held rows imported as 1 session" and what else the mapping did. */
export function mappedText(result: MappedKeyView, departmentName: string): string {
  const to = `${result.customerKey} is mapped to ${departmentName}`;
  if (result.rows === 0) return `${to}. It had no held rows; its rows in later imports go to ${departmentName}.`;
  const imported = `${plural(result.rows, 'held row')} imported as ${plural(result.sessions, 'session')}`;
  const before = result.duplicates ? ` (${plural(result.duplicates, 'row')} had been imported before)` : '';
  return `${to}: ${imported}${before}.`;
}
