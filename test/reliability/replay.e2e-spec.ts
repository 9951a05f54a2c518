import { startTestApp, TestApp } from '../support/app';
import { size, SOAK } from '../support/soak';
import { mulberry32 } from '../support/random';

/**
 * Reliability: every session and device batch sent twice, and interleaved from two clients at once — no
 * duplicates, no loss. Services retry on timeouts and several workers report the same usage, so a
 * repeated `externalId` must always be a duplicate, never a second row, and never a lost one.
 */
const SESSIONS = size(20_000, 200_000);
const SESSION_BATCH = size(1_000, 5_000);
const DEVICES = size(4_000, 40_000);
const DEVICE_BATCH = size(500, 2_500);
const CSV_LINES = size(5_000, 50_000);
const DEPARTMENTS = 12;

const rng = mulberry32;
/**
 * Stored rows against what was sent, keyed by external id: none stored twice, none never sent, none missing,
 * and every expected field equal (`got` maps a row to the fields of `expected`; `extra` adds a row's own faults).
 */
function expectExactlyOnce<R extends { external_id: string }, E extends object>(
  rows: R[],
  expected: Map<string, E>,
  got: (row: R) => Record<keyof E, unknown>,
  extra: (row: R) => string | null = () => null,
): void {
  const seen = new Set<string>();
  const wrong: string[] = [];
  for (const r of rows) {
    if (seen.has(r.external_id)) wrong.push(`${r.external_id}: stored twice`);
    seen.add(r.external_id);
    const e = expected.get(r.external_id);
    if (!e) {
      wrong.push(`${r.external_id}: never sent`);
      continue;
    }
    const g = got(r);
    for (const k of Object.keys(e) as (keyof E)[])
      if (g[k] !== e[k]) wrong.push(`${r.external_id}.${String(k)}: ${String(g[k])} ≠ ${String(e[k])}`);
    const fault = extra(r);
    if (fault) wrong.push(`${r.external_id}: ${fault}`);
  }
  expect(wrong.slice(0, 20)).toEqual([]);
  expect([...expected.keys()].filter((k) => !seen.has(k)).slice(0, 20)).toEqual([]);
  expect(rows).toHaveLength(expected.size);
}

function shuffled<T>(items: T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
function chunks<T>(items: T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += n) out.push(items.slice(i, i + n));
  return out;
}
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

interface Department {
  id: string;
  externalId: string;
}
type SessionBody = Record<string, string | undefined>;
type DeviceBody = Record<string, string | undefined>;

/** What one session must look like in the database, whatever way it was sent. */
interface ExpectedSession {
  departmentId: string;
  technician: string | null;
  type: string;
  startedMs: number;
  endedMs: number;
  durationSeconds: number;
}
interface ExpectedDevice {
  departmentId: string;
  name: string;
  enrolledMs: number;
  removedMs: number | null;
}

const OFFSETS = ['Z', '+02:00', '-05:30', '+0100', '+14:00', '-12:00'];
/** Writes epoch milliseconds as an ISO instant in a given offset (some with fractions of a second). */
function isoAt(ms: number, offset: string, fraction: 'none' | 'ms' | 'us'): string {
  const m = /^([+-])(\d\d):?(\d\d)$/.exec(offset);
  const shift = m ? (m[1] === '+' ? 1 : -1) * (Number(m[2]) * 60 + Number(m[3])) * 60_000 : 0;
  const local = new Date(ms + shift).toISOString(); // YYYY-MM-DDTHH:MM:SS.mmmZ in the local wall time
  const base = local.slice(0, 19);
  const frac = fraction === 'none' ? '' : fraction === 'ms' ? local.slice(19, 23) : `${local.slice(19, 23)}417`;
  return `${base}${frac}${offset}`;
}

function makeSession(
  i: number,
  prefix: string,
  deps: Department[],
  random: () => number,
): { body: SessionBody; expected: ExpectedSession } {
  const dep = deps[Math.floor(random() * deps.length)];
  const byExternal = random() < 0.3;
  const technician = random() < 0.2 ? null : `tech ${Math.floor(random() * 50)} ✓`;
  const type = random() < 0.5 ? 'attended' : 'unattended';
  // Sessions in 2025 (well in the past), any length from 0 s to exactly 7 days, some with fractions of a second.
  const fraction = (['none', 'ms', 'us'] as const)[Math.floor(random() * 3)];
  const whole = fraction === 'none';
  const startedMs = Date.UTC(2025, 0, 1) + Math.floor(random() * 300 * 86_400) * 1000 + (whole ? 0 : Math.floor(random() * 1000));
  const r = random();
  const lengthMs =
    r < 0.05 ? 0 : r < 0.06 ? 7 * 86_400_000 : whole ? Math.floor(random() * 4 * 3600) * 1000 : Math.floor(random() * 4 * 3_600_000);
  const end = startedMs + lengthMs;
  const body: SessionBody = {
    externalId: `${prefix}-${i}`,
    ...(byExternal ? { departmentExternalId: dep.externalId } : { departmentId: dep.id }),
    ...(technician === null ? {} : { technician }),
    type,
    startedAt: isoAt(startedMs, OFFSETS[i % OFFSETS.length], fraction),
    endedAt: isoAt(end, OFFSETS[(i + 1) % OFFSETS.length], fraction),
  };
  return {
    body,
    expected: { departmentId: dep.id, technician, type, startedMs, endedMs: end, durationSeconds: Math.floor((end - startedMs) / 1000) },
  };
}

function makeDevice(i: number, deps: Department[], random: () => number): { body: DeviceBody; expected: ExpectedDevice } {
  const dep = deps[Math.floor(random() * deps.length)];
  const enrolledMs = Date.UTC(2024, 0, 1) + Math.floor(random() * 600 * 86_400) * 1000;
  const removedMs = random() < 0.3 ? enrolledMs + Math.floor(random() * 90 * 86_400) * 1000 : null;
  const name = `Kiosk ${i} — 東京`;
  const body: DeviceBody = {
    externalId: `dev-${i}`,
    ...(random() < 0.5 ? { departmentExternalId: dep.externalId } : { departmentId: dep.id }),
    name,
    enrolledAt: isoAt(enrolledMs, OFFSETS[i % OFFSETS.length], 'none'),
    ...(removedMs === null ? {} : { removedAt: isoAt(removedMs, 'Z', 'ms') }),
  };
  return { body, expected: { departmentId: dep.id, name, enrolledMs, removedMs } };
}

describe(`replayed and interleaved usage (${SOAK ? 'soak' : 'normal'} size: ${SESSIONS} sessions, ${DEVICES} devices, ${CSV_LINES} CSV lines)`, () => {
  let t: TestApp;
  let admin: string;
  let key1: string;
  let key2: string;
  let deps: Department[];
  const expectedSessions = new Map<string, ExpectedSession>();

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.login();
    const newKey = async (name: string) => {
      const res = await t.request('POST', '/api-keys', { token: admin, body: { name, scopes: ['usage:write'] } });
      expect(res.status).toBe(201);
      return res.body.key as string;
    };
    key1 = await newKey('client 1');
    key2 = await newKey('client 2');
    deps = [];
    for (let i = 0; i < DEPARTMENTS; i++) {
      const res = await t.request('POST', '/departments', { token: admin, body: { name: `Replay ${i}`, externalId: `rep-${i}` } });
      expect(res.status).toBe(201);
      deps.push({ id: res.body.id, externalId: `rep-${i}` });
    }
  });
  afterAll(async () => t?.close());

  const postBatch = async (token: string, path: string, key: string, items: unknown[]) => {
    const res = await t.request('POST', path, { token, body: { [key]: items } });
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${res.text.slice(0, 500)}`);
    expect(res.body.accepted + res.body.duplicates).toBe(items.length);
    return res.body as { accepted: number; duplicates: number };
  };

  /** Every batch twice in a row: the first is accepted whole, the repeat is all duplicates. Returns the accepted counts. */
  async function sendEachTwice(path: string, key: string, batches: unknown[][]): Promise<number[]> {
    const accepted: number[] = [];
    for (const batch of batches) {
      const first = await postBatch(key1, path, key, batch);
      expect(first).toEqual({ accepted: batch.length, duplicates: 0 });
      const again = await postBatch(key1, path, key, batch);
      expect(again).toEqual({ accepted: 0, duplicates: batch.length });
      accepted.push(first.accepted, again.accepted);
    }
    return accepted;
  }

  /** Every stored session of a prefix, compared field by field with what was sent: none missing, none extra. */
  async function expectStoredSessions(prefix: string, expected: Map<string, ExpectedSession>) {
    const rows: {
      external_id: string;
      department_id: string;
      technician: string | null;
      type: string;
      started_at: Date;
      ended_at: Date;
      duration_seconds: number;
      bill_id: string | null;
    }[] = await t.dataSource.query(
      `SELECT external_id, department_id, technician, type, started_at, ended_at, duration_seconds, bill_id FROM sessions WHERE external_id LIKE $1 || '-%'`,
      [prefix],
    );
    expectExactlyOnce(
      rows,
      expected,
      (r) => ({
        departmentId: r.department_id,
        technician: r.technician,
        type: r.type,
        startedMs: r.started_at.getTime(),
        endedMs: r.ended_at.getTime(),
        durationSeconds: r.duration_seconds,
      }),
      (r) => (r.bill_id !== null ? 'billed' : null),
    );
  }

  it('stores each session exactly once when every batch is sent twice, and when two clients interleave them concurrently', async () => {
    const random = rng(20261126);
    const all = Array.from({ length: SESSIONS }, (_, i) => makeSession(i, 'rs', deps, random));
    for (const s of all) expectedSessions.set(s.body.externalId!, s.expected);
    const bodies = all.map((s) => s.body);
    // A: replayed one after another; B and C: pushed by two clients at once, C also mixed with A's.
    const a = bodies.slice(0, Math.floor(SESSIONS * 0.4));
    const b = bodies.slice(a.length, Math.floor(SESSIONS * 0.7));
    const c = bodies.slice(a.length + b.length);

    // (a) every batch twice in a row: the first accepts all of it, the repeat none.
    const accepted = await sendEachTwice('/sessions/batch', 'sessions', chunks(a, SESSION_BATCH));
    expect(sum(accepted)).toBe(a.length);

    // (b) two clients at once. B: both send the same batches in the same order, client 2 each batch reversed,
    // so the same sessions meet head-on in opposite orders. C: client 1 in order, client 2 in reverse order and
    // shuffled, mixed with batches of already stored sessions (A) and one batch that holds an item twice.
    const bBatches = chunks(b, SESSION_BATCH);
    const cBatches = chunks(c, SESSION_BATCH);
    const half = Math.floor(SESSION_BATCH / 2);
    const mixed = chunks(shuffled(c, random), half).map((fresh, i) => shuffled([...fresh, ...a.slice(i * half, (i + 1) * half)], random));
    mixed[0].push(mixed[0][0]);
    const client1 = [...bBatches, ...cBatches, ...chunks(a, SESSION_BATCH).slice(0, 2)];
    const client2 = [
      ...bBatches.map((batch) => [...batch].reverse()),
      ...shuffled([...cBatches.map((batch) => shuffled(batch, random)).reverse(), ...mixed], random),
    ];
    const run = async (token: string, batches: SessionBody[][]) => {
      const out: number[] = [];
      for (const batch of batches) out.push((await postBatch(token, '/sessions/batch', 'sessions', batch)).accepted);
      return out;
    };
    const started = Date.now();
    const [one, two] = await Promise.all([run(key1, client1), run(key2, client2)]);
    const sent = sum([...client1, ...client2].map((x) => x.length));
    expect(sum([...one, ...two])).toBe(b.length + c.length);
    expect(sum([...accepted, ...one, ...two])).toBe(SESSIONS);
    process.stdout.write(`[replay] sessions: ${sent} items interleaved in ${Date.now() - started} ms\n`);

    await expectStoredSessions('rs', expectedSessions);
  });

  it('stores each device exactly once when every batch is sent twice, and when two clients interleave them concurrently', async () => {
    const random = rng(1126);
    const all = Array.from({ length: DEVICES }, (_, i) => makeDevice(i, deps, random));
    const expected = new Map(all.map((d) => [d.body.externalId!, d.expected]));
    const bodies = all.map((d) => d.body);
    const a = bodies.slice(0, Math.floor(DEVICES / 2));
    const rest = bodies.slice(a.length);

    const accepted = await sendEachTwice('/devices/batch', 'devices', chunks(a, DEVICE_BATCH));

    const batches = chunks(rest, DEVICE_BATCH);
    const half = Math.floor(DEVICE_BATCH / 2);
    const mixed = chunks(shuffled(rest, random), half).map((fresh, i) =>
      shuffled([...fresh, ...a.slice(i * half, (i + 1) * half)], random),
    );
    const run = async (token: string, list: DeviceBody[][]) => {
      const out: number[] = [];
      for (const batch of list) out.push((await postBatch(token, '/devices/batch', 'devices', batch)).accepted);
      return out;
    };
    // Head-on (the same batches at the same time, client 2's reversed), then in reverse order, shuffled and mixed.
    const [one, two] = await Promise.all([
      run(key1, [...batches, ...batches, ...mixed.slice(0, 2)]),
      run(key2, [
        ...batches.map((x) => [...x].reverse()),
        ...shuffled([...batches.map((x) => shuffled(x, random)).reverse(), ...mixed], random),
      ]),
    ]);
    expect(sum([...one, ...two])).toBe(rest.length);
    expect(sum([...accepted, ...one, ...two])).toBe(DEVICES);

    const rows: { external_id: string; department_id: string; name: string; enrolled_at: Date; removed_at: Date | null }[] =
      await t.dataSource.query(
        `SELECT external_id, department_id, name, enrolled_at, removed_at FROM devices WHERE external_id LIKE 'dev-%'`,
      );
    expectExactlyOnce(rows, expected, (r) => ({
      departmentId: r.department_id,
      name: r.name,
      enrolledMs: r.enrolled_at.getTime(),
      removedMs: r.removed_at?.getTime() ?? null,
    }));
    expect(rows).toHaveLength(DEVICES);
  });

  it('imports the same CSV report twice at once (once reordered): each line stored once, the refused ones refused by both', async () => {
    const random = rng(2026);
    const lines = Array.from({ length: CSV_LINES }, (_, i) => makeSession(i, 'csv', deps, random));
    const expected = new Map(lines.map((l) => [l.body.externalId!, l.expected]));
    const cell = (v: string | undefined) => (v === undefined ? '' : /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
    const header = 'externalId,departmentId,departmentExternalId,technician,type,startedAt,endedAt';
    const row = (s: SessionBody) =>
      [s.externalId, s.departmentId, s.departmentExternalId, s.technician, s.type, s.startedAt, s.endedAt].map(cell).join(',');
    // Some lines of sessions already stored by the batch test, and a few bad lines.
    const old = [...expectedSessions.keys()].slice(0, 50);
    const oldLines = old.map(
      (id) => `${id},${expectedSessions.get(id)!.departmentId},,,attended,2025-01-01T00:00:00Z,2025-01-01T00:00:00Z`,
    );
    const bad = [
      'bad-1,,rep-0,,attended,2025-01-01T00:00:00Z,2024-12-31T00:00:00Z',
      'bad-2,,no-such-department,,attended,2025-01-01T00:00:00Z,2025-01-01T01:00:00Z',
    ];
    const body1 = [header, ...lines.map((l) => row(l.body)), ...oldLines, ...bad].join('\n');
    const body2 = [header, ...shuffled([...lines.map((l) => row(l.body)), ...oldLines], random), ...bad].join('\r\n');
    const post = (token: string, raw: string) =>
      t.request('POST', '/sessions/import', { token, raw, headers: { 'content-type': 'text/csv' } });
    const [r1, r2] = await Promise.all([post(key1, body1), post(key2, body2)]);
    for (const r of [r1, r2]) {
      expect(r.status).toBe(200);
      expect(r.body.accepted + r.body.duplicates).toBe(CSV_LINES + old.length);
      expect(
        r.body.refused.map((x: { line: number; field: string }) => [x.line, x.field]).sort((x: number[], y: number[]) => x[0] - y[0]),
      ).toEqual([
        [CSV_LINES + old.length + 2, 'endedAt'],
        [CSV_LINES + old.length + 3, 'departmentExternalId'],
      ]);
    }
    expect(r1.body.accepted + r2.body.accepted).toBe(CSV_LINES);
    await expectStoredSessions('csv', expected);
    // The 50 already stored sessions kept what the batch sent first.
    await expectStoredSessions('rs', expectedSessions);
    expect((await t.dataSource.query(`SELECT count(*)::int AS n FROM sessions WHERE external_id LIKE 'bad-%'`))[0].n).toBe(0);
  });

  it('answers 20 concurrent identical POST /sessions and POST /devices with one 201 and nineteen 200 duplicates, storing one row', async () => {
    const tries = 20;
    for (let round = 0; round < 5; round++) {
      const random = rng(round + 1);
      const { body: session, expected } = makeSession(round, 'one', deps, random);
      const device = { ...makeDevice(round, deps, random).body, externalId: `single-dev-${round}` };
      const [sessions, devices] = await Promise.all([
        Promise.all(Array.from({ length: tries }, (_, i) => t.request('POST', '/sessions', { token: i % 2 ? key1 : key2, body: session }))),
        Promise.all(Array.from({ length: tries }, (_, i) => t.request('POST', '/devices', { token: i % 2 ? key1 : key2, body: device }))),
      ]);
      for (const [label, responses] of [
        ['sessions', sessions],
        ['devices', devices],
      ] as const) {
        const statuses = responses.map((r) => r.status).sort((x, y) => x - y);
        expect({ label, statuses }).toEqual({ label, statuses: [...Array(tries - 1).fill(200), 201] });
        expect(responses.filter((r) => r.body.duplicate === false)).toHaveLength(1);
        expect(responses.find((r) => r.status === 201)!.body.duplicate).toBe(false);
        expect(new Set(responses.map((r) => r.body.id)).size).toBe(1);
      }
      expect(sessions[0].body).toMatchObject({
        externalId: session.externalId,
        departmentId: expected.departmentId,
        technician: expected.technician,
        type: expected.type,
        startedAt: new Date(expected.startedMs).toISOString(),
        endedAt: new Date(expected.endedMs).toISOString(),
        durationSeconds: expected.durationSeconds,
      });
      const rows = await t.dataSource.query(
        `SELECT (SELECT count(*)::int FROM sessions WHERE external_id = $1) AS s, (SELECT count(*)::int FROM devices WHERE external_id = $2) AS d`,
        [session.externalId, device.externalId],
      );
      expect(rows[0]).toEqual({ s: 1, d: 1 });
    }
  });
});
