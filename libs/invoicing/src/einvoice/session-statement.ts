/**
 * The session statement attached to an e-invoice (EN 16931 BG-24, "supporting document"): one CSV row per billed
 * session, RFC 4180 (comma, CRLF, fields quoted when they hold a comma, quote or line break; a field starting with
 * = + - @ or TAB/CR is prefixed with ' so a spreadsheet never runs it as a formula). Times are UTC instants.
 */
import type { InvoiceStatementSession } from '../invoice-document';

const HEADER = ['session', 'started_at', 'ended_at', 'technician', 'type', 'duration_seconds', 'billable_seconds', 'billable_hours'];

function field(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** billable seconds as hours with 4 decimals, exact to the half-up rounding (5400 → "1.5000") */
function hours(seconds: number): string {
  const e4 = Math.floor((seconds * 10_000 * 2 + 3600) / 7200);
  return `${Math.floor(e4 / 10_000)}.${String(e4 % 10_000).padStart(4, '0')}`;
}

export function sessionStatementCsv(sessions: readonly InvoiceStatementSession[]): string {
  const rows = sessions.map((s) =>
    [
      s.externalId,
      s.startedAt,
      s.endedAt,
      s.technician ?? '',
      s.type,
      String(s.durationSeconds),
      String(s.billableSeconds),
      hours(s.billableSeconds),
    ]
      .map(field)
      .join(','),
  );
  return [HEADER.join(','), ...rows].join('\r\n') + '\r\n';
}
