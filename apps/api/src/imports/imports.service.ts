import { checkSettings, IMPORT_PRESETS, planImport, readPath, readRow } from '@app/billing';
import type { Connection, ImportProfileSettings, PresetName, RefusedRow } from '@app/billing';
import { Inject, Injectable } from '@nestjs/common';
import { parse, CsvError } from 'csv-parse';
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../auth/principal';
import { CLOCK, type Clock } from '../common/clock';
import { ConflictError, DomainError, NotFoundError, invalidField } from '../common/domain-error';
import { DepartmentsRepository } from '../departments/departments.repository';
import { SessionsRepository } from '../usage/sessions.repository';
import { MAX_CSV_BYTES } from '../usage/sessions.service';
import { CreateImportProfileDto, UpdateImportProfileDto } from './imports.dto';
import { ImportProfileRow, ImportRunRow, ImportsRepository } from './imports.repository';
import { CustomerKeyView, ImportPresetView, ImportProfileView, ImportRunView, MappedKeyView } from './imports.view';

const MAX_REFUSALS = 1000;
/** A session may start at most this far ahead of now (a clock off by a day, not a typo in the year). */
const MAX_AHEAD_MS = 24 * 3600 * 1000;

const toView = (p: ImportProfileRow): ImportProfileView => ({
  id: p.id,
  name: p.name,
  preset: p.preset,
  idPrefix: p.idPrefix,
  settings: p.settings,
  createdAt: p.createdAt.toISOString(),
  updatedAt: p.updatedAt.toISOString(),
});

function settingsProblem(s: ImportProfileSettings): void {
  const problem = checkSettings(s);
  if (problem) throw invalidField(`settings.${problem.field}`, problem.message);
  if (s.format === 'csv' && s.delimiter === null) throw invalidField('settings.delimiter', 'a CSV profile needs its delimiter');
  if (s.format === 'json' && s.jsonPath === null)
    throw invalidField('settings.jsonPath', "a JSON profile needs jsonPath ('' for a top-level array)");
}

/** The rows of a report: CSV records by header, or the JSON document's array at the profile's path. */
async function* reportRows(stream: Readable, s: ImportProfileSettings): AsyncGenerator<Record<string, unknown>> {
  let bytes = 0;
  if (s.format === 'json') {
    const chunks: Buffer[] = [];
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      if (bytes > MAX_CSV_BYTES) throw new DomainError('PAYLOAD_TOO_LARGE', 'Reports are limited to 100 MB');
      chunks.push(chunk);
    }
    let doc: unknown;
    try {
      doc = JSON.parse(
        Buffer.concat(chunks)
          .toString('utf8')
          .replace(/^\uFEFF/, ''),
      );
    } catch (err) {
      throw invalidField('report', `not JSON: ${(err as Error).message}`);
    }
    const rows = s.jsonPath ? readPath(doc as Record<string, unknown>, s.jsonPath) : doc;
    if (!Array.isArray(rows)) throw invalidField('report', `no array of rows at ${s.jsonPath ? `'${s.jsonPath}'` : 'the top level'}`);
    for (const row of rows) yield row !== null && typeof row === 'object' && !Array.isArray(row) ? (row as Record<string, unknown>) : {};
    return;
  }
  const parser = stream.pipe(
    parse({ columns: true, delimiter: s.delimiter ?? ',', bom: true, trim: true, skip_empty_lines: true, relax_column_count: true }),
  );
  stream.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
    if (bytes > MAX_CSV_BYTES) parser.destroy(new DomainError('PAYLOAD_TOO_LARGE', 'Reports are limited to 100 MB'));
  });
  try {
    for await (const record of parser as AsyncIterable<Record<string, string>>) yield record;
  } catch (err) {
    if (err instanceof CsvError) throw invalidField('report', `Malformed CSV: ${err.message}`);
    throw err;
  }
}

/**
 * Session imports (issue #19): profiles, previews and imports of a tool's report, customer keys and held rows. The
 * rules of a row are libs/billing session-import.ts's; what is stored: sessions (idempotent by external id), the
 * connections merged into another's session, held rows, and a record of every run.
 */
@Injectable()
export class ImportsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: ImportsRepository,
    private readonly sessions: SessionsRepository,
    private readonly departments: DepartmentsRepository,
    private readonly audit: AuditService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  presets(): ImportPresetView[] {
    return Object.entries(IMPORT_PRESETS).map(([name, p]) => ({ name, label: p.label, source: p.source, settings: p.settings }));
  }

  async list(actor: Principal): Promise<ImportProfileView[]> {
    return (await this.repo.profiles(actor.organizationId)).map(toView);
  }

  async get(actor: Principal, id: string): Promise<ImportProfileView> {
    return toView(await this.found(actor, id));
  }

  /** The profile, or 404. */
  async found(actor: Principal, id: string): Promise<ImportProfileRow> {
    const p = await this.repo.profile(actor.organizationId, id);
    if (!p) throw new NotFoundError('Import profile');
    return p;
  }

  async create(actor: Principal, dto: CreateImportProfileDto): Promise<ImportProfileView> {
    const preset = dto.preset ? IMPORT_PRESETS[dto.preset as PresetName] : null;
    const settings = (dto.settings as ImportProfileSettings | undefined) ?? preset?.settings;
    if (!settings) throw invalidField('settings', 'settings are required without a preset');
    settingsProblem(settings);
    const id = randomUUID();
    return this.dataSource
      .transaction(async (m) => {
        await this.repo.insertProfile(m, {
          organizationId: actor.organizationId,
          id,
          name: dto.name,
          preset: dto.preset ?? null,
          idPrefix: dto.idPrefix ?? (dto.preset ? dto.preset.replace(/_/g, '-') : 'import'),
          settings,
        });
        const view = toView((await this.repo.profile(actor.organizationId, id, m))!);
        await this.audit.record(m, actor, { action: 'import_profile.created', entityType: 'import_profile', entityId: id, after: view });
        return view;
      })
      .catch(nameTaken);
  }

  async update(actor: Principal, id: string, dto: UpdateImportProfileDto): Promise<ImportProfileView> {
    const before = await this.found(actor, id);
    const settings = (dto.settings as ImportProfileSettings | undefined) ?? before.settings;
    settingsProblem(settings);
    return this.dataSource
      .transaction(async (m) => {
        await this.repo.updateProfile(m, actor.organizationId, id, { name: dto.name ?? before.name, settings });
        const view = toView((await this.repo.profile(actor.organizationId, id, m))!);
        await this.audit.record(m, actor, {
          action: 'import_profile.updated',
          entityType: 'import_profile',
          entityId: id,
          before: toView(before),
          after: view,
        });
        return view;
      })
      .catch(nameTaken);
  }

  async remove(actor: Principal, id: string): Promise<void> {
    const before = await this.found(actor, id);
    await this.dataSource.transaction(async (m) => {
      await this.repo.deleteProfile(m, actor.organizationId, id);
      await this.audit.record(m, actor, {
        action: 'import_profile.deleted',
        entityType: 'import_profile',
        entityId: id,
        before: toView(before),
      });
    });
  }

  /** A preview (`dryRun`) or an import of one report through the profile. */
  async run(actor: Principal, profileId: string, stream: Readable, dryRun: boolean): Promise<ImportRunView> {
    const profile = await this.found(actor, profileId);
    return this.importRows(actor, profile, reportRows(stream, profile.settings), dryRun);
  }

  /**
   * Imports (or previews) rows read elsewhere (a report, a connector's pull) through the profile; `inTransaction`
   * runs in the import's transaction after the sessions are stored (a connector advances its cursor there, so a crash
   * never loses or repeats a window).
   */
  async importRows(
    actor: Principal,
    profile: ImportProfileRow,
    records: AsyncIterable<Record<string, unknown>> | Iterable<Record<string, unknown>>,
    dryRun: boolean,
    inTransaction?: (m: EntityManager) => Promise<void>,
  ): Promise<ImportRunView> {
    const profileId = profile.id;
    const s = profile.settings;
    const startedAt = this.clock();
    const connections: Connection[] = [];
    const refused: RefusedRow[] = [];
    let rows = 0;
    const latest = startedAt.getTime() + MAX_AHEAD_MS;
    for await (const record of records) {
      rows++;
      const read = readRow(record, rows, s, profile.idPrefix);
      if (!read.ok) refused.push(read.refused);
      else if (read.connection.startMs > latest)
        refused.push({ row: rows, field: s.mapping.start, reason: 'starts more than a day in the future' });
      else connections.push(read.connection);
    }
    // Customer keys: the profile's mappings, and departments named exactly as an unmapped key (mapped on the way).
    const keys = await this.repo.customerKeys(actor.organizationId, profileId);
    const unmapped = [...new Set(connections.map((c) => c.customerKey))].filter((k) => !keys.has(k));
    const named = await this.repo.departmentsNamed(actor.organizationId, unmapped);
    for (const [k, d] of named) keys.set(k, d);
    const known = await this.repo.known(actor.organizationId, [...new Set(connections.map((c) => c.externalId))]);
    const plan = planImport(
      connections,
      refused,
      s,
      (id) => known.has(id),
      (key) => keys.has(key),
    );
    const counts = new Map<string, number>();
    for (const o of plan.outcomes) counts.set(o.outcome, (counts.get(o.outcome) ?? 0) + 1);
    const count = (o: string) => counts.get(o) ?? 0;
    const heldRows = connections.filter((c) => !keys.has(c.customerKey) && plan.outcomes[c.row - 1]?.outcome === 'held');
    const heldKeys = new Map<string, number>();
    for (const c of heldRows) heldKeys.set(c.customerKey, (heldKeys.get(c.customerKey) ?? 0) + 1);
    const run: ImportRunRow = {
      id: randomUUID(),
      profileId,
      dryRun,
      rows,
      accepted: count('accepted'),
      merged: count('merged'),
      duplicates: count('duplicate'),
      held: count('held'),
      refused: count('refused'),
      sessions: 0,
      refusals: plan.outcomes
        .filter((o) => o.outcome === 'refused')
        .slice(0, MAX_REFUSALS)
        .map((o) => ({ row: o.row, field: (o as { field: string }).field, reason: (o as { reason: string }).reason })),
      startedAt,
      finishedAt: null,
    };
    await this.dataSource.transaction(async (m) => {
      if (!dryRun) {
        await this.repo.mapKeys(m, actor.organizationId, profileId, named);
        run.sessions = await this.store(m, actor.organizationId, plan.sessions, keys);
        await this.repo.hold(m, actor.organizationId, profileId, run.id, heldRows);
        if (inTransaction) await inTransaction(m);
      }
      run.finishedAt = this.clock();
      await this.repo.insertRun(m, actor.organizationId, run, `${actor.kind}:${actor.id ?? actor.name}`);
    });
    return {
      ...run,
      heldKeys: [...heldKeys].map(([customerKey, n]) => ({ customerKey, rows: n })),
      startedAt: run.startedAt.toISOString(),
      finishedAt: run.finishedAt!.toISOString(),
    };
  }

  /** Stores sessions (those already there are skipped) and the connections merged into them; the count stored. */
  private async store(
    m: EntityManager,
    organizationId: string,
    sessions: ReturnType<typeof planImport>['sessions'],
    keys: Map<string, string>,
  ): Promise<number> {
    let stored = 0;
    for (let i = 0; i < sessions.length; i += 5000) {
      const part = sessions.slice(i, i + 5000);
      stored += await this.sessions.insertMany(
        organizationId,
        part.map((x) => ({
          externalId: x.externalId,
          departmentId: keys.get(x.customerKey)!,
          technician: x.technician,
          type: x.type,
          startedAt: new Date(x.startMs).toISOString(),
          endedAt: new Date(x.endMs).toISOString(),
          durationSeconds: Math.floor((x.endMs - x.startMs) / 1000),
        })),
        m,
      );
      await this.repo.recordMerged(
        m,
        organizationId,
        part.flatMap((x) => x.connectionIds.slice(1).map((id) => ({ id, sessionId: x.externalId }))),
      );
    }
    return stored;
  }

  async customerKeys(actor: Principal, profileId: string): Promise<CustomerKeyView[]> {
    await this.found(actor, profileId);
    const mapped = await this.repo.customerKeys(actor.organizationId, profileId);
    const held = await this.repo.heldCounts(actor.organizationId, profileId);
    const all = [...new Set([...mapped.keys(), ...held.keys()])].sort();
    return all.map((k) => ({ customerKey: k, departmentId: mapped.get(k) ?? null, heldRows: held.get(k) ?? 0 }));
  }

  /** Maps a customer key to a department and imports its held rows, once, in the same transaction. */
  async mapKey(actor: Principal, profileId: string, customerKey: string, departmentId: string): Promise<MappedKeyView> {
    const profile = await this.found(actor, profileId);
    const known = await this.departments.existingIds(actor.organizationId, [departmentId.toLowerCase()]);
    if (!known.has(departmentId.toLowerCase())) throw invalidField('departmentId', 'departmentId is not a department of this organization');
    return this.dataSource.transaction(async (m) => {
      await this.repo.mapKeys(m, actor.organizationId, profileId, new Map([[customerKey, departmentId.toLowerCase()]]));
      const held = await this.repo.takeHeld(m, actor.organizationId, profileId, customerKey);
      const ids = await this.repo.known(
        actor.organizationId,
        held.map((h) => h.externalId),
      );
      const plan = planImport(
        held,
        [],
        profile.settings,
        (id) => ids.has(id),
        () => true,
      );
      const sessions = await this.store(m, actor.organizationId, plan.sessions, new Map([[customerKey, departmentId.toLowerCase()]]));
      await this.audit.record(m, actor, {
        action: 'import_customer_key.mapped',
        entityType: 'import_profile',
        entityId: profileId,
        after: { customerKey, departmentId, heldRows: held.length, sessions },
      });
      return {
        customerKey,
        departmentId: departmentId.toLowerCase(),
        rows: held.length,
        sessions,
        duplicates: plan.outcomes.filter((o) => o.outcome === 'duplicate').length,
      };
    });
  }

  async runs(actor: Principal, profileId: string): Promise<ImportRunView[]> {
    await this.found(actor, profileId);
    return (await this.repo.runs(actor.organizationId, profileId)).map((r) => ({
      ...r,
      heldKeys: [],
      startedAt: r.startedAt.toISOString(),
      finishedAt: r.finishedAt?.toISOString() ?? null,
    }));
  }
}

function nameTaken(err: unknown): never {
  if ((err as { code?: string; constraint?: string }).code === '23505') {
    throw new ConflictError('IMPORT_PROFILE_NAME_TAKEN', 'Another import profile of this organization has this name');
  }
  throw err;
}
