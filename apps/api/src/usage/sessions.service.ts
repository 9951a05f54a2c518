import { Inject, Injectable } from '@nestjs/common';
import { CsvError, parse } from 'csv-parse';
import type { Readable } from 'node:stream';
import type { Principal } from '../auth/principal';
import { Clock, CLOCK } from '../common/clock';
import { DomainError, FieldError, invalidField, ValidationFailedError } from '../common/domain-error';
import { decodeCursor, DEFAULT_LIMIT, Page, toPage } from '../common/pagination';
import { isUuid } from '../common/parse-id.pipe';
import { isInstantWithOffset } from '../common/validators';
import { MetricsService } from '../health/metrics.service';
import { DepartmentResolver } from './department-resolver';
import { ListSessionsDto } from './usage.dto';
import { SessionRow, SessionsRepository, StoredSession } from './sessions.repository';
import { MAX_BATCH, parseBatch, parseSession, SessionInput } from './usage-input';
import { ImportResultView, SessionCreatedView, SessionView, UsageBatchView } from './usage.view';

export const MAX_CSV_BYTES = 100 * 1024 * 1024;
const CSV_CHUNK = 1000;
const CSV_COLUMNS = ['externalId', 'departmentId', 'departmentExternalId', 'technician', 'type', 'startedAt', 'endedAt'];

function toView(s: StoredSession): SessionView {
  return {
    id: s.id,
    externalId: s.externalId,
    departmentId: s.departmentId,
    technician: s.technician,
    type: s.type,
    startedAt: new Date(s.startedAt).toISOString(),
    endedAt: new Date(s.endedAt).toISOString(),
    durationSeconds: s.durationSeconds,
    billId: s.billId,
    covered: s.covered,
    createdAt: new Date(s.createdAt).toISOString(),
  };
}

/** Remote sessions in: one, a batch, or a CSV report. Idempotent by external id. */
@Injectable()
export class SessionsService {
  constructor(
    private readonly sessions: SessionsRepository,
    private readonly resolver: DepartmentResolver,
    private readonly metrics: MetricsService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** One session: 201 with it, or `duplicate: true` and the stored one when its externalId was seen before. */
  async create(actor: Principal, body: unknown): Promise<SessionCreatedView> {
    const parsed = parseSession(body, '', this.clock().getTime());
    if (!parsed.value) throw new ValidationFailedError(parsed.errors, summary(parsed.errors));
    const [row] = await this.toRows(actor, [parsed.value], () => '');
    const accepted = await this.sessions.insertMany(actor.organizationId, [row]);
    this.metrics.sessionsIngested.inc(accepted);
    const stored = await this.sessions.findByExternalId(actor.organizationId, row.externalId);
    return { ...toView(stored!), duplicate: accepted === 0 };
  }

  /** All or nothing: any invalid item rejects the batch, with every bad item's index and field. */
  async batch(actor: Principal, body: unknown): Promise<UsageBatchView> {
    const now = this.clock().getTime();
    const { values, errors } = parseBatch(body, 'sessions', MAX_BATCH, (raw, path) => parseSession(raw, path, now));
    if (errors.length) throw new ValidationFailedError(errors.slice(0, 1000), summary(errors));
    const rows = await this.toRows(actor, values, (i) => `sessions.${i}.`);
    const accepted = await this.sessions.insertMany(actor.organizationId, rows);
    this.metrics.sessionsIngested.inc(accepted);
    return { accepted, duplicates: rows.length - accepted };
  }

  private async toRows(actor: Principal, values: SessionInput[], pathOf: (i: number) => string): Promise<SessionRow[]> {
    const { ids, errors } = await this.resolver.resolve(actor.organizationId, values, pathOf);
    if (errors.length) {
      const fieldErrors = errors.map((e) => e.error);
      throw new ValidationFailedError(fieldErrors.slice(0, 1000), summary(fieldErrors));
    }
    return values.map((v, i) => ({
      externalId: v.externalId,
      departmentId: ids[i]!,
      technician: v.technician,
      type: v.type,
      startedAt: v.startedAt,
      endedAt: v.endedAt,
      durationSeconds: v.durationSeconds,
    }));
  }

  /**
   * Streams a CSV session report (header row with the JSON field names). Valid lines are stored in chunks;
   * refused lines come back with their line number and field. Unknown columns are ignored.
   * A line that breaks the CSV itself (an unclosed quote…) ends the reading: before any chunk was stored the
   * answer is a 400 and nothing is written; after, the lines read so far are stored and the breaking line is
   * refused with field `csv`, saying that it and the lines after it were not imported (re-sending the fixed
   * file is safe: sessions are idempotent by externalId). Never a 400 after a write.
   */
  async importCsv(actor: Principal, stream: Readable): Promise<ImportResultView> {
    const result: ImportResultView = { accepted: 0, duplicates: 0, refused: [] };
    let bytes = 0;
    const parser = stream.pipe(
      parse({
        columns: (header: string[]) => checkHeader(header),
        info: true,
        skip_empty_lines: true,
        trim: true,
        bom: true,
        relax_column_count: true,
      }),
    );
    stream.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > MAX_CSV_BYTES) parser.destroy(new DomainError('PAYLOAD_TOO_LARGE', 'CSV imports are limited to 100 MB'));
    });
    let chunk: { line: number; value: SessionInput }[] = [];
    let stored = false;
    const flush = async () => {
      if (chunk.length === 0) return;
      stored = true;
      const items = chunk;
      chunk = [];
      const { ids, errors } = await this.resolver.resolve(
        actor.organizationId,
        items.map((c) => c.value),
        () => '',
      );
      const bad = new Set(errors.map((e) => e.index));
      for (const e of errors) result.refused.push({ line: items[e.index].line, field: e.error.field, message: e.error.message });
      const rows: SessionRow[] = [];
      items.forEach((c, i) => {
        if (!bad.has(i)) rows.push({ ...c.value, departmentId: ids[i]! });
      });
      const accepted = await this.sessions.insertMany(actor.organizationId, rows);
      this.metrics.sessionsIngested.inc(accepted);
      result.accepted += accepted;
      result.duplicates += rows.length - accepted;
    };
    const now = this.clock().getTime();
    try {
      for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
        const raw: Record<string, string> = {};
        for (const key of CSV_COLUMNS) if (record[key] !== undefined && record[key] !== '') raw[key] = record[key];
        const parsed = parseSession(raw, '', now);
        if (parsed.value) chunk.push({ line: info.lines, value: parsed.value });
        else for (const e of parsed.errors) result.refused.push({ line: info.lines, field: e.field, message: e.message });
        if (chunk.length >= CSV_CHUNK) await flush();
      }
      await flush();
    } catch (err) {
      if (err instanceof DomainError) throw err;
      // Every parser error is a CsvError (not all codes start with CSV_: INVALID_OPENING_QUOTE does not).
      if (err instanceof CsvError) {
        if (!stored)
          throw new ValidationFailedError(
            [{ field: `line ${String(err.lines ?? '?')}`, message: err.message }],
            `Malformed CSV: ${err.message}`,
          );
        await flush();
        result.refused.push({
          line: Number(err.lines ?? 0),
          field: 'csv',
          message: `malformed CSV (${err.message}): this line and the ones after it were not imported`,
        });
        return result;
      }
      throw err;
    }
    return result;
  }

  async list(actor: Principal, q: ListSessionsDto): Promise<Page<SessionView>> {
    const limit = q.limit ?? DEFAULT_LIMIT;
    const c = decodeCursor(q.cursor, ['instant', 'uuid']);
    if (q.departmentId !== undefined && !isUuid(q.departmentId)) throw invalidField('departmentId', 'must be a UUID');
    const rows = await this.sessions.list(actor.organizationId, {
      departmentId: q.departmentId?.toLowerCase(),
      from: instantParam('from', q.from),
      to: instantParam('to', q.to),
      coverage: q.coverage,
      limit,
      after: c ? { startedAt: String(c[0]), id: String(c[1]) } : null,
    });
    return toPage(rows, limit, (s) => [new Date(s.startedAt).toISOString(), s.id], toView);
  }
}

/** `from`/`to` filters: an instant with offset, or a calendar day (UTC midnight). */
export function instantParam(field: string, v: string | undefined): Date | undefined {
  if (v === undefined || v === '') return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`))) return new Date(`${v}T00:00:00Z`);
  if (isInstantWithOffset(v)) return new Date(v);
  throw invalidField(field, `${field} must be a YYYY-MM-DD day or an ISO 8601 instant with offset`);
}

function checkHeader(header: string[]): string[] {
  const cols = header.map((h) => h.trim());
  const missing = ['externalId', 'type', 'startedAt', 'endedAt'].filter((c) => !cols.includes(c));
  if (!cols.includes('departmentId') && !cols.includes('departmentExternalId')) missing.push('departmentId or departmentExternalId');
  if (missing.length) {
    throw new ValidationFailedError(
      missing.map((m) => ({ field: 'header', message: `the header row lacks the column ${m}` })),
      `CSV header lacks: ${missing.join(', ')}`,
    );
  }
  return cols;
}

function summary(errors: FieldError[]): string {
  const head = errors
    .slice(0, 3)
    .map((e) => `${e.field}: ${e.message}`)
    .join('; ');
  return errors.length > 3 ? `${head}; and ${errors.length - 3} more` : head;
}
