import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestApp, TestApp } from '../support/app';

/**
 * Session imports (issue #19) through the API: a profile of its own (CSV with local times), a preview, the import,
 * a re-import that adds nothing, an unmapped customer held then mapped (its rows arrive exactly once), a JSON report,
 * and bad profiles and reports as 4xx naming the field. Expected figures by hand next to each.
 */
const CSV_SETTINGS = {
  format: 'csv',
  delimiter: ';',
  jsonPath: null,
  mapping: {
    externalId: 'Session',
    start: 'Start',
    end: 'End',
    duration: null,
    technician: 'Technician',
    type: 'Kind',
    customerKey: 'Group',
  },
  timeFormat: 'dd.MM.yyyy HH:mm',
  timeZone: 'Europe/Berlin',
  durationUnit: 's',
  unattendedValues: ['unattended'],
  mergeGapMinutes: 5,
  minSeconds: 60,
};
// Rows (data rows from 1), Berlin local time (CEST, UTC+2, in October):
//  1 Acme, ann, 09:00–09:30            accepted (s-1, merged with 2: 09:00–10:00)
//  2 Acme, ann, 09:33–10:00            merged into s-1 (a 3-minute break)
//  3 Acme, bob, 09:40–09:50, unattended accepted
//  4 Acme, ann, 11:00–11:00            refused: shorter than 60 s
//  5 Unmapped GmbH, ann, 12:00–12:45   held
//  6 Unmapped GmbH, ann, 12:48–13:00   held (merged with 5 once mapped: 12:00–13:00)
//  7 Acme, ann, 14:00–13:00            refused: ends before it starts
//  8 s-1 again                         duplicate
//  9 Acme, ann, 31.09.2026             refused: not a time
const CSV = [
  'Session;Start;End;Technician;Kind;Group',
  's-1;05.10.2026 09:00;05.10.2026 09:30;ann;attended;Acme',
  's-2;05.10.2026 09:33;05.10.2026 10:00;ann;attended;Acme',
  's-3;05.10.2026 09:40;05.10.2026 09:50;bob;unattended;Acme',
  's-4;05.10.2026 11:00;05.10.2026 11:00;ann;attended;Acme',
  's-5;05.10.2026 12:00;05.10.2026 12:45;ann;attended;Unmapped GmbH',
  's-6;05.10.2026 12:48;05.10.2026 13:00;ann;attended;Unmapped GmbH',
  's-7;05.10.2026 14:00;05.10.2026 13:00;ann;attended;Acme',
  's-1;05.10.2026 09:00;05.10.2026 09:30;ann;attended;Acme',
  's-9;31.09.2026 10:00;31.09.2026 11:00;ann;attended;Acme',
].join('\n');

describe('session imports', () => {
  let t: TestApp;
  let admin: string;
  let acme: string;
  let unmapped: string;
  let profileId: string;

  const req = (method: string, path: string, body?: unknown) => t.request(method, path, { token: admin, body });
  const upload = (path: string, body: string, contentType: string) =>
    fetch(`${t.baseUrl}/api/v1${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': contentType },
      body,
    }).then(async (res) => ({ status: res.status, body: await res.json() }));
  const sessions = async (departmentId: string) => {
    const res = await req('GET', `/sessions?departmentId=${departmentId}&limit=100`);
    return (res.body.items as { externalId: string; startedAt: string; endedAt: string; type: string; technician: string }[])
      .map((s) => [s.externalId, s.startedAt, s.endedAt, s.type, s.technician])
      .sort();
  };

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.login();
    // "Acme" is mapped on its own: a department of that name.
    acme = (await req('POST', '/departments', { name: 'ACME' })).body.id;
    unmapped = (await req('POST', '/departments', { name: 'Unmapped Customer' })).body.id;
    const created = await req('POST', '/import-profiles', { name: 'Our tool', settings: CSV_SETTINGS, idPrefix: 'ours' });
    expect(created.status).toBe(201);
    profileId = created.body.id;
  });
  afterAll(async () => t?.close());

  it('a preview says what every row would become and stores nothing', async () => {
    const res = await upload(`/import-profiles/${profileId}/preview`, CSV, 'text/csv');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ dryRun: true, rows: 9, accepted: 2, merged: 1, duplicates: 1, held: 2, refused: 3, sessions: 0 });
    expect(res.body.refusals).toEqual([
      { row: 4, field: 'duration', reason: "shorter than 60 s (the profile's minimum)" },
      { row: 7, field: 'End', reason: 'ends before it starts' },
      { row: 9, field: 'Start', reason: 'start 31.09.2026 10:00 is not a time in the format dd.MM.yyyy HH:mm' },
    ]);
    expect(res.body.heldKeys).toEqual([{ customerKey: 'Unmapped GmbH', rows: 2 }]);
    expect(await sessions(acme)).toEqual([]);
    expect((await req('GET', `/import-profiles/${profileId}/customer-keys`)).body).toEqual([]);
  });

  it('the import stores the sessions, maps the key a department is named after and holds the unmapped rows', async () => {
    const res = await upload(`/import-profiles/${profileId}/imports`, CSV, 'text/csv');
    expect(res.body).toMatchObject({ dryRun: false, rows: 9, accepted: 2, merged: 1, duplicates: 1, held: 2, refused: 3, sessions: 2 });
    expect(await sessions(acme)).toEqual([
      ['ours:s-1', '2026-10-05T07:00:00.000Z', '2026-10-05T08:00:00.000Z', 'attended', 'ann'],
      ['ours:s-3', '2026-10-05T07:40:00.000Z', '2026-10-05T07:50:00.000Z', 'unattended', 'bob'],
    ]);
    expect((await req('GET', `/import-profiles/${profileId}/customer-keys`)).body).toEqual([
      { customerKey: 'Acme', departmentId: acme, heldRows: 0 },
      { customerKey: 'Unmapped GmbH', departmentId: null, heldRows: 2 },
    ]);
  });

  it('importing the same report again adds nothing', async () => {
    const res = await upload(`/import-profiles/${profileId}/imports`, CSV, 'text/csv');
    // Rows 1, 2, 3 and 8 were imported (2 merged into 1); 5 and 6 stay held (not held twice).
    expect(res.body).toMatchObject({ accepted: 0, merged: 0, duplicates: 4, held: 2, refused: 3, sessions: 0 });
    expect(await sessions(acme)).toHaveLength(2);
    expect((await req('GET', `/import-profiles/${profileId}/customer-keys`)).body[1]).toMatchObject({ heldRows: 2 });
  });

  it('mapping the held key imports its rows once, merged; a later import of them is a duplicate', async () => {
    const res = await req('PUT', `/import-profiles/${profileId}/customer-keys`, { customerKey: 'Unmapped GmbH', departmentId: unmapped });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ customerKey: 'Unmapped GmbH', departmentId: unmapped, rows: 2, sessions: 1, duplicates: 0 });
    expect(await sessions(unmapped)).toEqual([['ours:s-5', '2026-10-05T10:00:00.000Z', '2026-10-05T11:00:00.000Z', 'attended', 'ann']]);
    const again = await req('PUT', `/import-profiles/${profileId}/customer-keys`, { customerKey: 'Unmapped GmbH', departmentId: unmapped });
    expect(again.body).toMatchObject({ rows: 0, sessions: 0 });
    const reimport = await upload(`/import-profiles/${profileId}/imports`, CSV, 'text/csv');
    expect(reimport.body).toMatchObject({ accepted: 0, merged: 0, duplicates: 6, held: 0, refused: 3, sessions: 0 });
    expect(await sessions(unmapped)).toHaveLength(1);
  });

  it('a JSON report: epoch milliseconds, a duration, nested fields', async () => {
    const json = await req('POST', '/import-profiles', {
      name: 'JSON tool',
      settings: {
        ...CSV_SETTINGS,
        format: 'json',
        delimiter: null,
        jsonPath: 'data.sessions',
        timeFormat: 'epoch_ms',
        timeZone: 'UTC',
        durationUnit: 'ms',
        mergeGapMinutes: 0,
        minSeconds: 0,
        mapping: {
          externalId: 'id',
          start: 'start',
          end: null,
          duration: 'durationMs',
          technician: 'tech.email',
          type: null,
          customerKey: 'customer',
        },
      },
    });
    expect(json.status).toBe(201);
    const doc = {
      data: {
        sessions: [
          // 5 Oct 2026 09:00Z for 1 h 30 min.
          { id: 101, start: Date.parse('2026-10-05T09:00:00Z'), durationMs: 5_400_000, tech: { email: 'cy@msp.test' }, customer: 'ACME' },
          { id: 102, start: 'later', durationMs: 1, customer: 'ACME' },
        ],
      },
    };
    const res = await upload(`/import-profiles/${json.body.id}/imports`, JSON.stringify(doc), 'application/json');
    expect(res.body).toMatchObject({ rows: 2, accepted: 1, refused: 1, sessions: 1 });
    expect(res.body.refusals[0]).toMatchObject({ row: 2, field: 'start' });
    expect((await sessions(acme)).find((s) => s[0] === 'import:101')).toEqual([
      'import:101',
      '2026-10-05T09:00:00.000Z',
      '2026-10-05T10:30:00.000Z',
      'attended',
      'cy@msp.test',
    ]);
    const notArray = await upload(`/import-profiles/${json.body.id}/imports`, JSON.stringify({ data: {} }), 'application/json');
    expect([notArray.status, notArray.body.errors[0].field]).toEqual([400, 'report']);
    const broken = await upload(`/import-profiles/${json.body.id}/preview`, '{"data":', 'application/json');
    expect([broken.status, broken.body.errors[0].field]).toEqual([400, 'report']);
  });

  it('bad profiles and reports are 4xx naming the field', async () => {
    const bad: [Record<string, unknown>, string][] = [
      [{ name: 'x', settings: { ...CSV_SETTINGS, timeZone: 'Mars/Base' } }, 'settings.timeZone'],
      [{ name: 'x', settings: { ...CSV_SETTINGS, timeFormat: 'HH:mm' } }, 'settings.timeFormat'],
      [{ name: 'x', settings: { ...CSV_SETTINGS, mergeGapMinutes: -1 } }, 'settings.mergeGapMinutes'],
      [{ name: 'x', settings: { ...CSV_SETTINGS, mapping: { ...CSV_SETTINGS.mapping, end: null } } }, 'settings.mapping.end'],
      [{ name: 'x', settings: { ...CSV_SETTINGS, delimiter: null } }, 'settings.delimiter'],
      [{ name: 'x' }, 'settings'],
      [{ name: 'x', idPrefix: 'Has Spaces', settings: CSV_SETTINGS }, 'idPrefix'],
    ];
    for (const [body, field] of bad) {
      const res = await req('POST', '/import-profiles', body);
      expect([JSON.stringify(body).slice(0, 60), res.status]).toEqual([JSON.stringify(body).slice(0, 60), 400]);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    const taken = await req('POST', '/import-profiles', { name: 'our TOOL', settings: CSV_SETTINGS });
    expect([taken.status, taken.body.code]).toEqual([409, 'IMPORT_PROFILE_NAME_TAKEN']);
    const xml = await upload(`/import-profiles/${profileId}/imports`, '<xml/>', 'application/xml');
    expect([xml.status, xml.body.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    const foreign = await req('PUT', `/import-profiles/${profileId}/customer-keys`, {
      customerKey: 'X',
      departmentId: '00000000-0000-4000-8000-000000000000',
    });
    expect([foreign.status, foreign.body.errors[0].field]).toEqual([400, 'departmentId']);
    const runs = (await req('GET', `/import-profiles/${profileId}/runs`)).body;
    expect(runs.map((r: { dryRun: boolean }) => r.dryRun)).toEqual([false, false, false, true]);
  });

  describe('each preset imports its sample report (test/fixtures/imports/README.md has every row by hand)', () => {
    // [preset, file, content type, accepted, merged, duplicates, held, refused, A seconds, B seconds, unattended seconds]
    const CASES: [string, string, string, number, number, number, number, number, number, number, number][] = [
      ['zoho_assist', 'zoho-assist.json', 'application/json', 7, 0, 1, 1, 1, 5320, 7725, 1930],
      ['teamviewer', 'teamviewer.json', 'application/json', 5, 1, 1, 1, 2, 5295, 7905, 0],
      ['splashtop', 'splashtop.csv', 'text/csv', 8, 0, 1, 1, 1, 5320, 17325, 0],
      ['screenconnect', 'screenconnect.csv', 'text/csv', 7, 0, 1, 1, 1, 5320, 7725, 1930],
      ['beyondtrust', 'beyondtrust.csv', 'text/csv', 7, 0, 1, 1, 1, 5320, 7725, 0],
      ['anydesk', 'anydesk.json', 'application/json', 7, 0, 1, 1, 1, 5320, 7725, 0],
    ];
    let a: string;
    let b: string;
    let held: string;
    beforeAll(async () => {
      a = (await req('POST', '/departments', { name: 'Müller Maschinenbau' })).body.id;
      b = (await req('POST', '/departments', { name: 'Nordlicht Apotheke' })).body.id;
      held = (await req('POST', '/departments', { name: 'Formerly unmapped' })).body.id;
    });
    const seconds = async (departmentId: string, prefix: string, type?: string) => {
      const res = await req('GET', `/sessions?departmentId=${departmentId}&limit=100`);
      return (res.body.items as { externalId: string; durationSeconds: number; type: string }[])
        .filter((x) => x.externalId.startsWith(`${prefix}:`) && (!type || x.type === type))
        .reduce((sum, x) => sum + x.durationSeconds, 0);
    };

    it('GET /import-presets lists the six, each naming its source', async () => {
      const presets = (await req('GET', '/import-presets')).body as { name: string; source: string }[];
      expect(presets.map((p) => p.name).sort()).toEqual(CASES.map((c) => c[0]).sort());
      for (const p of presets) expect(p.source).toMatch(/\S{10,}/);
    });

    it.each(CASES)(
      '%s: %s',
      async (preset, file, type, accepted, merged, duplicates, heldRows, refused, aSeconds, bSeconds, unattended) => {
        const profile = await req('POST', '/import-profiles', { name: `Preset ${preset}`, preset });
        expect(profile.status).toBe(201);
        const prefix = profile.body.idPrefix as string;
        const id = profile.body.id as string;
        // AnyDesk's customer keys are aliases: mapped by hand before the import (the other files name the departments).
        if (preset === 'anydesk') {
          await req('PUT', `/import-profiles/${id}/customer-keys`, { customerKey: 'mueller-maschinenbau@ad', departmentId: a });
          await req('PUT', `/import-profiles/${id}/customer-keys`, { customerKey: 'nordlicht-apotheke@ad', departmentId: b });
        }
        const report = readFileSync(join(__dirname, '..', 'fixtures', 'imports', file), 'utf8');
        const res = await upload(`/import-profiles/${id}/imports`, report, type);
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ accepted, merged, duplicates, held: heldRows, refused, sessions: accepted });
        expect(await seconds(a, prefix)).toBe(aSeconds);
        expect(await seconds(b, prefix)).toBe(bSeconds);
        expect((await seconds(a, prefix, 'unattended')) + (await seconds(b, prefix, 'unattended'))).toBe(unattended);
        // The held row arrives once its key is mapped (1,800 s), and importing the file again adds nothing.
        const mapped = await req('PUT', `/import-profiles/${id}/customer-keys`, { customerKey: 'Unmapped GmbH', departmentId: held });
        expect(mapped.body).toMatchObject({ rows: 1, sessions: 1 });
        expect(await seconds(held, prefix)).toBe(1800);
        const again = await upload(`/import-profiles/${id}/imports`, report, type);
        expect(again.body).toMatchObject({ accepted: 0, merged: 0, held: 0, sessions: 0, refused });
        expect(await seconds(a, prefix)).toBe(aSeconds);
      },
    );
  });
});
