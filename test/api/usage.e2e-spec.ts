import { startTestApp, TestApp } from '../support/app';

const session = (externalId: string, departmentId: string, extra: Record<string, unknown> = {}) => ({
  externalId,
  departmentId,
  technician: 'tina',
  type: 'attended',
  startedAt: '2026-03-10T09:00:00Z',
  endedAt: '2026-03-10T09:45:30Z',
  ...extra,
});
const fields = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((e) => e.field);

describe('usage ingestion: sessions and devices', () => {
  let t: TestApp;
  let admin: string;
  let key: string;
  let dep: string;
  let dep2: string;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.login();
    dep = (await t.request('POST', '/departments', { token: admin, body: { name: 'Support A', externalId: 'ext-a' } })).body.id;
    dep2 = (await t.request('POST', '/departments', { token: admin, body: { name: 'Support B' } })).body.id;
    key = (await t.request('POST', '/api-keys', { token: admin, body: { name: 'platform', scopes: ['usage:write'] } })).body.key;
  });
  afterAll(async () => t?.close());

  it('stores one session, and answers a repeat with the stored one', async () => {
    const first = await t.request('POST', '/sessions', { token: key, body: session('one-1', dep) });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ externalId: 'one-1', departmentId: dep, durationSeconds: 2730, duplicate: false, billId: null });
    const again = await t.request('POST', '/sessions', { token: key, body: session('one-1', dep, { technician: 'someone else' }) });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: first.body.id, technician: 'tina', duplicate: true });
  });

  it('ingests a batch idempotently, within and across requests', async () => {
    const sessions = Array.from({ length: 500 }, (_, i) => session(`b-${i}`, i % 2 ? dep : dep2));
    sessions.push(session('b-0', dep2));
    const first = await t.request('POST', '/sessions/batch', { token: key, body: { sessions } });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ accepted: 500, duplicates: 1 });
    const replay = await t.request('POST', '/sessions/batch', { token: key, body: { sessions } });
    expect(replay.body).toEqual({ accepted: 0, duplicates: 501 });
    const count = await t.dataSource.query(`SELECT count(*)::int AS n FROM sessions WHERE external_id LIKE 'b-%'`);
    expect(count[0].n).toBe(500);
  });

  it('names the department by the service’s external id', async () => {
    const res = await t.request('POST', '/sessions/batch', {
      token: key,
      body: { sessions: [{ ...session('ext-1', dep), departmentId: undefined, departmentExternalId: 'ext-a' }] },
    });
    expect(res.body).toEqual({ accepted: 1, duplicates: 0 });
    const stored = await t.dataSource.query(`SELECT department_id FROM sessions WHERE external_id = 'ext-1'`);
    expect(stored[0].department_id).toBe(dep);
  });

  it('rejects a batch with any invalid item whole, naming each item index and field', async () => {
    const res = await t.request('POST', '/sessions/batch', {
      token: key,
      body: {
        sessions: [
          session('w-0', dep),
          session('w-1', dep, { endedAt: '2026-03-10T08:00:00Z' }),
          session('w-2', dep, { startedAt: '2026-03-10T09:00:00' }),
          session('w-3', '00000000-0000-4000-8000-00000000000a'),
          session('w-4', dep, { endedAt: '2026-03-18T09:00:01Z' }),
        ],
      },
    });
    expect(res.status).toBe(400);
    expect(fields(res.body)).toEqual(expect.arrayContaining(['sessions.1.endedAt', 'sessions.2.startedAt', 'sessions.4.endedAt']));
    const unknownDept = await t.request('POST', '/sessions/batch', {
      token: key,
      body: { sessions: [session('w-5', dep), session('w-6', '00000000-0000-4000-8000-00000000000a')] },
    });
    expect(unknownDept.status).toBe(400);
    expect(fields(unknownDept.body)).toEqual(['sessions.1.departmentId']);
    const stored = await t.dataSource.query(`SELECT count(*)::int AS n FROM sessions WHERE external_id LIKE 'w-%'`);
    expect(stored[0].n).toBe(0);
  });

  it('limits a batch to 10,000 sessions', async () => {
    const res = await t.request('POST', '/sessions/batch', {
      token: key,
      body: { sessions: Array.from({ length: 10_001 }, (_, i) => session(`big-${i}`, dep)) },
    });
    expect(res.status).toBe(400);
    expect(fields(res.body)).toEqual(['sessions']);
  });

  it('imports a CSV report, storing valid lines and returning the refused ones by line number', async () => {
    const csv = [
      'externalId,departmentExternalId,technician,type,startedAt,endedAt,notes',
      'csv-1,ext-a,ann,attended,2026-03-01T10:00:00Z,2026-03-01T10:30:00Z,fine',
      'csv-2,ext-a,ann,unattended,2026-03-01T11:00:00Z,2026-03-01T10:30:00Z,ends before it starts',
      'csv-3,nope,ann,attended,2026-03-01T10:00:00Z,2026-03-01T10:30:00Z,unknown department',
      '',
      'csv-4,ext-a,"Smith, Jo",attended,2026-03-02T10:00:00+01:00,2026-03-02T10:05:00+01:00,quoted',
      'csv-5,ext-a,ann,remote,2026-03-01T10:00:00Z,2026-03-01T10:30:00Z,bad type',
      'csv-1,ext-a,ann,attended,2026-03-01T10:00:00Z,2026-03-01T10:30:00Z,duplicate',
    ].join('\n');
    const res = await t.request('POST', '/sessions/import', { token: key, raw: csv, headers: { 'content-type': 'text/csv' } });
    expect(res.status).toBe(200);
    expect(res.body.accepted).toBe(2);
    expect(res.body.duplicates).toBe(1);
    expect(res.body.refused).toEqual(
      expect.arrayContaining([
        { line: 3, field: 'endedAt', message: expect.any(String) },
        { line: 4, field: 'departmentExternalId', message: expect.any(String) },
        { line: 7, field: 'type', message: expect.any(String) },
      ]),
    );
    expect(res.body.refused).toHaveLength(3);
    const jo = await t.dataSource.query(`SELECT technician FROM sessions WHERE external_id = 'csv-4'`);
    expect(jo[0].technician).toBe('Smith, Jo');
  });

  it('never answers 400 after storing: a line that breaks the CSV ends the import, refused with what follows', async () => {
    const header = 'externalId,departmentExternalId,type,startedAt,endedAt';
    const line = (id: string) => `${id},ext-a,attended,2026-03-03T10:00:00Z,2026-03-03T10:30:00Z`;
    const count = async (prefix: string) =>
      (await t.dataSource.query(`SELECT count(*)::int AS n FROM sessions WHERE external_id LIKE $1`, [`${prefix}%`]))[0].n;
    const broken = 'brk-x,ext-a,"unclosed,2026-03-03T10:00:00Z,2026-03-03T10:30:00Z';

    // Broken within the first chunk (1,000 lines): nothing stored, a 400.
    const early = [header, line('early-1'), line('early-2'), broken, line('early-3')].join('\n');
    const r1 = await t.request('POST', '/sessions/import', { token: key, raw: early, headers: { 'content-type': 'text/csv' } });
    expect(r1.status).toBe(400);
    expect(await count('early-')).toBe(0);

    // Broken after 1,500 lines: the 1,500 are stored and the answer says where reading stopped.
    const late = [header, ...Array.from({ length: 1500 }, (_, i) => line(`late-${i}`)), broken, line('late-after')].join('\n');
    const r2 = await t.request('POST', '/sessions/import', { token: key, raw: late, headers: { 'content-type': 'text/csv' } });
    expect(r2.status).toBe(200);
    expect(r2.body.accepted).toBe(1500);
    expect(r2.body.refused).toEqual([{ line: expect.any(Number), field: 'csv', message: expect.stringContaining('were not imported') }]);
    expect(r2.body.refused[0].line).toBeGreaterThanOrEqual(1502);
    expect(await count('late-')).toBe(1500);
  });

  it('refuses a CSV without the needed columns, naming them', async () => {
    const res = await t.request('POST', '/sessions/import', {
      token: key,
      raw: 'externalId,type\nx,attended\n',
      headers: { 'content-type': 'text/csv' },
    });
    expect(res.status).toBe(400);
    expect(res.body.message).toContain('startedAt');
  });

  it('lists sessions newest first with cursor paging and filters', async () => {
    const reader = (await t.request('POST', '/api-keys', { token: admin, body: { name: 'reader', scopes: ['usage:read'] } })).body.key;
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: {
        status: number;
        body: { items: { id: string; departmentId: string; startedAt: string }[]; nextCursor: string | null };
      } = await t.request('GET', `/sessions?departmentId=${dep2}&limit=100${cursor ? `&cursor=${cursor}` : ''}`, { token: reader });
      expect(page.status).toBe(200);
      for (const s of page.body.items) expect(s.departmentId).toBe(dep2);
      seen.push(...page.body.items.map((s) => s.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(250);
    expect(new Set(seen).size).toBe(250);
    const ranged = await t.request('GET', '/sessions?from=2026-03-02&to=2026-03-03', { token: reader });
    expect(ranged.body.items.map((s: { externalId: string }) => s.externalId)).toEqual(['csv-4']);
    expect((await t.request('GET', '/sessions?from=yesterday', { token: reader })).status).toBe(400);
  });

  it('keeps a usage:write key away from bills, plans and reads it was not given', async () => {
    expect((await t.request('GET', '/sessions', { token: key })).status).toBe(403);
    expect((await t.request('GET', '/plans', { token: key })).status).toBe(403);
    expect((await t.request('POST', '/plans', { token: key, body: {} })).status).toBe(403);
    expect((await t.request('GET', '/audit-events', { token: key })).status).toBe(403);
  });

  it('enrols devices singly and in batches idempotently, and marks them removed', async () => {
    const one = await t.request('POST', '/devices', {
      token: key,
      body: { externalId: 'dev-1', departmentId: dep, name: 'Kiosk 1', enrolledAt: '2026-01-01T00:00:00Z' },
    });
    expect(one.status).toBe(201);
    expect(
      (
        await t.request('POST', '/devices', {
          token: key,
          body: { externalId: 'dev-1', departmentId: dep, name: 'Kiosk 1', enrolledAt: '2026-01-01T00:00:00Z' },
        })
      ).status,
    ).toBe(200);
    const devices = Array.from({ length: 20 }, (_, i) => ({
      externalId: `dev-b${i}`,
      departmentExternalId: 'ext-a',
      name: `PC ${i}`,
      enrolledAt: '2026-02-01T00:00:00Z',
    }));
    expect((await t.request('POST', '/devices/batch', { token: key, body: { devices } })).body).toEqual({ accepted: 20, duplicates: 0 });
    expect((await t.request('POST', '/devices/batch', { token: key, body: { devices } })).body).toEqual({ accepted: 0, duplicates: 20 });
    const removed = await t.request('PATCH', `/devices/${one.body.id}`, { token: key, body: { removedAt: '2026-03-01T00:00:00Z' } });
    expect(removed.status).toBe(200);
    expect(removed.body).toMatchObject({ status: 'removed', removedAt: '2026-03-01T00:00:00.000Z' });
    const tooEarly = await t.request('PATCH', `/devices/${one.body.id}`, { token: key, body: { removedAt: '2025-03-01T00:00:00Z' } });
    expect(tooEarly.status).toBe(400);
    expect(fields(tooEarly.body)).toEqual(['removedAt']);
    const list = await t.request('GET', `/devices?status=active&limit=500`, { token: admin });
    expect(list.body.items).toHaveLength(20);
    const audit = await t.request('GET', `/audit-events?entityType=device&entityId=${one.body.id}`, { token: admin });
    expect(audit.body.items[0].action).toBe('device.removed');
  });

  it('refuses bad devices naming the field', async () => {
    const res = await t.request('POST', '/devices/batch', {
      token: key,
      body: { devices: [{ externalId: 'x', departmentId: dep, enrolledAt: 'then' }] },
    });
    expect(res.status).toBe(400);
    expect(fields(res.body)).toEqual(expect.arrayContaining(['devices.0.name', 'devices.0.enrolledAt']));
  });
});
