/**
 * Model-based property test of the association lifecycle (fast-check commands): random timelines of
 * association create / patch / end / re-associate, plan rate edits, sessions and devices arriving before and
 * after billing runs at random moments, against the real app and PostgreSQL. A small model written here,
 * independently of libs/billing (periods from luxon, amounts from their definitions), says what every bill
 * must contain and what every call must answer. After each run the system must agree exactly, and every
 * covered session is billed exactly once, on a bill of the association whose interval holds its start.
 *
 * Size: RB_SOAK=1 (`npm run test:soak`) runs many more and longer timelines.
 */
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { startTestApp, TestApp } from '../support/app';
import { RELIABILITY_TIMEOUT_MS, record, size } from '../support/soak';

jest.setTimeout(RELIABILITY_TIMEOUT_MS);

const RUNS = size(8, 120);
const MAX_COMMANDS = size(30, 60);
const T0 = Date.parse('2025-01-01T00:00:00Z');
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const ZONES = ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Pacific/Auckland'];
const address = { name: 'Customer', line1: '1 Road', city: 'Town', country: 'US' };

// ---------- the model ----------

type Cycle = 'weekly' | 'monthly';
interface MPlan {
  id: string;
  type: 'per_session' | 'per_hour';
  sessionRate: number;
  hourRate: number;
  deviceRate: number;
  increment: number;
  minimum: number;
}
interface MAssoc {
  id: string;
  dept: number;
  plan: number;
  cycle: Cycle;
  billStartDate: string;
  tz: string;
  startsAt: number;
  endedAt: number | null;
  next: number;
}
interface MSession {
  externalId: string;
  dept: number;
  start: number;
  seconds: number;
  billedBy: string | null;
}
interface MDevice {
  id: string;
  dept: number;
  intervals: { from: number; to: number | null }[];
}
type Line = [kind: string, quantity: number, amountMinor: number];
interface MBill {
  associationId: string;
  kind: 'period' | 'late_usage';
  periodStart: string;
  periodEnd: string;
  issueDate: string;
  lines: Line[];
}
interface Model {
  plans: MPlan[];
  assocs: MAssoc[];
  sessions: MSession[];
  devices: MDevice[];
  bills: MBill[];
  lastAsOf: number;
  counter: number;
}

/** Local day `date` + k cycles, luxon's calendar arithmetic from the anchor (month ends clamp). */
function boundaryDate(a: MAssoc, k: number): string {
  const d = DateTime.fromISO(a.billStartDate, { zone: 'UTC' });
  return (a.cycle === 'weekly' ? d.plus({ weeks: k }) : d.plus({ months: k })).toISODate()!;
}
const dayStart = (date: string, tz: string) => DateTime.fromISO(date, { zone: tz }).toMillis();
function period(a: MAssoc, k: number) {
  const next = boundaryDate(a, k + 1);
  return {
    start: dayStart(boundaryDate(a, k), a.tz),
    end: dayStart(next, a.tz),
    lastDate: DateTime.fromISO(next, { zone: 'UTC' }).minus({ days: 1 }).toISODate()!,
  };
}
const iso = (ms: number) => new Date(ms).toISOString();
const halfUp = (n: bigint, d: bigint) => ((n % d) * 2n >= d ? n / d + 1n : n / d);

function usageLine(plan: MPlan, sessions: MSession[], kind?: string): Line {
  if (plan.type === 'per_session') return [kind ?? 'sessions', sessions.length, sessions.length * plan.sessionRate];
  let seconds = 0n;
  for (const s of sessions) {
    const raised = Math.max(s.seconds, plan.minimum * 60);
    const inc = plan.increment * 60;
    seconds += BigInt(inc === 0 ? raised : Math.ceil(raised / inc) * inc);
  }
  return [kind ?? 'hours', Number(halfUp(seconds * 10_000n, 3600n)) / 10_000, Number(halfUp(seconds * BigInt(plan.hourRate), 3600n))];
}

const openOf = (m: Model, dept: number) => m.assocs.find((a) => a.dept === dept && a.endedAt === null);
const latestEnd = (m: Model, dept: number, except?: string) =>
  Math.max(-Infinity, ...m.assocs.filter((a) => a.dept === dept && a.id !== except && a.endedAt !== null).map((a) => a.endedAt!));
const covers = (a: MAssoc, t: number) => a.startsAt <= t && (a.endedAt === null || t < a.endedAt);

/** What a billing run as of `asOf` must make, applied to the model. */
function modelRun(m: Model, asOf: number): void {
  for (const a of m.assocs) {
    const plan = m.plans[a.plan];
    const take = (from: number, until: number) => {
      const taken = m.sessions.filter((s) => s.dept === a.dept && s.billedBy === null && s.start >= from && s.start < until);
      for (const s of taken) s.billedBy = a.id;
      return taken;
    };
    const nextStart = period(a, a.next).start;
    if (a.endedAt !== null && nextStart >= a.endedAt) {
      if (nextStart > asOf) continue;
      const late = take(a.startsAt, a.endedAt);
      if (late.length) {
        m.bills.push({
          associationId: a.id,
          kind: 'late_usage',
          periodStart: iso(a.startsAt),
          periodEnd: iso(a.endedAt),
          issueDate: DateTime.fromMillis(asOf, { zone: a.tz }).toISODate()!,
          lines: [usageLine(plan, late, 'late_usage')],
        });
      }
      continue;
    }
    for (;;) {
      const p = period(a, a.next);
      if (p.end > asOf || (a.endedAt !== null && p.start >= a.endedAt)) break;
      const until = a.endedAt !== null && a.endedAt < p.end ? a.endedAt : p.end;
      const taken = take(a.startsAt, until);
      const current = taken.filter((s) => s.start >= p.start);
      const late = taken.filter((s) => s.start < p.start);
      const devices = m.devices.filter(
        (d) => d.dept === a.dept && d.intervals.some((i) => Math.max(i.from, p.start) < Math.min(i.to ?? Infinity, until)),
      ).length;
      const lines: Line[] = [usageLine(plan, current)];
      if (devices > 0) {
        const full = BigInt(Math.floor((p.end - p.start) / 1000));
        const covered = BigInt(Math.floor((until - p.start) / 1000));
        lines.push(['devices', devices, Number(halfUp(BigInt(devices * plan.deviceRate) * covered, full))]);
      }
      if (late.length) lines.push(usageLine(plan, late, 'late_usage'));
      m.bills.push({ associationId: a.id, kind: 'period', periodStart: iso(p.start), periodEnd: iso(until), issueDate: p.lastDate, lines });
      a.next += 1;
    }
  }
}

// ---------- the real system ----------

interface Real {
  t: TestApp;
  token: string;
  key: string;
  departments: string[];
  orgId: string;
}
const call = async (r: Real, method: string, path: string, body?: unknown) => r.t.request(method, path, { token: r.token, body });

function expectStatus(res: { status: number; body: any }, status: number, code?: string): void {
  if (res.status !== status || (code && res.body?.code !== code)) {
    throw new Error(`expected ${status}${code ? ` ${code}` : ''}, got ${res.status} ${JSON.stringify(res.body)}`);
  }
}

async function compare(m: Model, r: Real): Promise<void> {
  const res = await call(r, 'GET', '/bills?limit=500');
  expectStatus(res, 200);
  const items = res.body.items as any[];
  const actual = await Promise.all(
    items.map(async (b) => {
      const d = (await call(r, 'GET', `/bills/${b.id}`)).body;
      return {
        associationId: b.associationId,
        kind: b.kind,
        periodStart: b.periodStart,
        periodEnd: b.periodEnd,
        issueDate: b.issueDate,
        lines: d.lines.map((l: any) => [l.kind, l.quantity, l.amountMinor] as Line),
      };
    }),
  );
  const key = (b: MBill) => `${b.associationId} ${b.periodStart} ${b.kind} ${b.periodEnd} ${b.issueDate} ${JSON.stringify(b.lines)}`;
  expect(actual.map(key).sort()).toEqual(m.bills.map(key).sort());
  expect(items.map((b) => b.number).sort()).toEqual(items.map((_, i) => `INV-${String(i + 1).padStart(6, '0')}`));

  // Every session: billed by the association the model says (covered ones exactly once), never by another.
  const rows: { external_id: string; association_id: string | null }[] = await r.t.dataSource.query(
    `SELECT s.external_id, b.association_id FROM sessions s LEFT JOIN bills b ON b.organization_id = s.organization_id AND b.id = s.bill_id
      WHERE s.organization_id = $1`,
    [r.orgId],
  );
  const owner = new Map(rows.map((x) => [x.external_id, x.association_id]));
  for (const s of m.sessions) expect([s.externalId, owner.get(s.externalId) ?? null]).toEqual([s.externalId, s.billedBy]);
  // Sessions no association covers are listed as uncovered, and none of them is billed.
  const uncovered = (await call(r, 'GET', '/sessions?coverage=uncovered&limit=500')).body.items.map((s: any) => s.externalId).sort();
  expect(uncovered).toEqual(
    m.sessions
      .filter((s) => !m.assocs.some((a) => a.dept === s.dept && covers(a, s.start)))
      .map((s) => s.externalId)
      .sort(),
  );
}

// ---------- commands ----------

type Cmd = fc.AsyncCommand<Model, Real>;
const dept = fc.integer({ min: 0, max: 1 });
const dayInYear = fc.integer({ min: 0, max: 330 });
const minuteInYear = fc.integer({ min: 0, max: 360 * 24 * 60 });
const dateOf = (days: number) => DateTime.fromMillis(T0 + days * DAY, { zone: 'UTC' }).toISODate()!;

class CreateAssociation implements Cmd {
  constructor(
    readonly dept: number,
    readonly plan: number,
    readonly cycle: Cycle,
    readonly day: number,
    readonly zone: number,
  ) {}
  check = () => true;
  async run(m: Model, r: Real) {
    const billStartDate = dateOf(this.day);
    const tz = ZONES[this.zone];
    const startsAt = dayStart(billStartDate, tz);
    const res = await call(r, 'POST', `/plans/${m.plans[this.plan].id}/associations`, {
      departmentId: r.departments[this.dept],
      billingCycle: this.cycle,
      billStartDate,
      timeZone: tz,
      dueDays: 5,
      billingAddress: address,
      recipients: ['ap@x.test'],
    });
    // Both refusals may apply at once: either code is right then.
    const refusals = [
      ...(openOf(m, this.dept) ? ['DEPARTMENT_ALREADY_ASSOCIATED'] : []),
      ...(startsAt < latestEnd(m, this.dept) ? ['ASSOCIATION_STARTS_BEFORE_PREVIOUS_END'] : []),
    ];
    if (refusals.length) {
      expect([res.status, refusals.includes(res.body?.code)]).toEqual([409, true]);
      return;
    }
    expectStatus(res, 201);
    expect(res.body.startsAt).toBe(iso(startsAt));
    m.assocs.push({
      id: res.body.id,
      dept: this.dept,
      plan: this.plan,
      cycle: this.cycle,
      billStartDate,
      tz,
      startsAt,
      endedAt: null,
      next: 0,
    });
  }
  toString = () => `create(d${this.dept}, p${this.plan}, ${this.cycle}, ${dateOf(this.day)}, ${ZONES[this.zone]})`;
}

class PatchStart implements Cmd {
  constructor(
    readonly dept: number,
    readonly day: number,
    readonly zone: number,
  ) {}
  check = (m: Readonly<Model>) => !!openOf(m as Model, this.dept);
  async run(m: Model, r: Real) {
    const a = openOf(m, this.dept)!;
    const billStartDate = dateOf(this.day);
    const tz = ZONES[this.zone];
    const startsAt = dayStart(billStartDate, tz);
    const res = await call(r, 'PATCH', `/associations/${a.id}`, { billStartDate, timeZone: tz });
    const changed = billStartDate !== a.billStartDate || tz !== a.tz;
    if (changed && a.next > 0) return expectStatus(res, 409, 'ASSOCIATION_ALREADY_BILLED');
    if (changed && startsAt < latestEnd(m, this.dept, a.id)) return expectStatus(res, 409, 'ASSOCIATION_STARTS_BEFORE_PREVIOUS_END');
    expectStatus(res, 200);
    Object.assign(a, { billStartDate, tz, startsAt });
  }
  toString = () => `patch(d${this.dept}, ${dateOf(this.day)}, ${ZONES[this.zone]})`;
}

class End implements Cmd {
  constructor(
    readonly dept: number,
    readonly minute: number,
  ) {}
  check = (m: Readonly<Model>) => !!openOf(m as Model, this.dept);
  async run(m: Model, r: Real) {
    const a = openOf(m, this.dept)!;
    const endedAt = T0 + this.minute * MINUTE;
    const res = await call(r, 'DELETE', `/associations/${a.id}`, { endedAt: iso(endedAt) });
    if (endedAt < a.startsAt) return expectStatus(res, 409, 'ASSOCIATION_END_BEFORE_START');
    if (a.next > 0 && endedAt < period(a, a.next).start) return expectStatus(res, 409, 'ASSOCIATION_END_BEFORE_BILLED_PERIOD');
    expectStatus(res, 200);
    a.endedAt = endedAt;
  }
  toString = () => `end(d${this.dept}, ${iso(T0 + this.minute * MINUTE)})`;
}

class EditPlan implements Cmd {
  constructor(
    readonly plan: number,
    readonly rate: number,
    readonly deviceRate: number,
  ) {}
  check = () => true;
  async run(m: Model, r: Real) {
    const p = m.plans[this.plan];
    const body =
      p.type === 'per_session'
        ? { sessionRateMinor: this.rate, unattendedDeviceRateMinor: this.deviceRate }
        : { hourRateMinor: this.rate, unattendedDeviceRateMinor: this.deviceRate };
    expectStatus(await call(r, 'PATCH', `/plans/${p.id}`, body), 200);
    if (p.type === 'per_session') p.sessionRate = this.rate;
    else p.hourRate = this.rate;
    p.deviceRate = this.deviceRate;
  }
  toString = () => `editPlan(p${this.plan}, ${this.rate}, ${this.deviceRate})`;
}

class PushSessions implements Cmd {
  constructor(
    readonly dept: number,
    readonly list: { minute: number; seconds: number }[],
  ) {}
  check = () => true;
  async run(m: Model, r: Real) {
    const sessions = this.list.map((s) => {
      const externalId = `s-${++m.counter}`;
      const start = T0 + s.minute * MINUTE;
      m.sessions.push({ externalId, dept: this.dept, start, seconds: s.seconds, billedBy: null });
      return {
        externalId,
        departmentId: r.departments[this.dept],
        type: 'attended',
        startedAt: iso(start),
        endedAt: iso(start + s.seconds * 1000),
      };
    });
    const res = await r.t.request('POST', '/sessions/batch', { token: r.key, body: { sessions } });
    expectStatus(res, 200);
    expect(res.body.accepted).toBe(sessions.length);
  }
  toString = () => `sessions(d${this.dept}, ${this.list.map((s) => `${iso(T0 + s.minute * MINUTE)}+${s.seconds}s`).join(' ')})`;
}

class AddDevice implements Cmd {
  constructor(
    readonly dept: number,
    readonly minute: number,
    readonly lasts: number | null,
  ) {}
  check = () => true;
  async run(m: Model, r: Real) {
    const externalId = `dev-${++m.counter}`;
    const from = T0 + this.minute * MINUTE;
    const to = this.lasts === null ? null : from + this.lasts * MINUTE;
    const res = await r.t.request('POST', '/devices', {
      token: r.key,
      body: {
        externalId,
        departmentId: r.departments[this.dept],
        name: externalId,
        enrolledAt: iso(from),
        ...(to !== null ? { removedAt: iso(to) } : {}),
      },
    });
    expect([200, 201]).toContain(res.status);
    m.devices.push({ id: res.body.device?.id ?? res.body.id, dept: this.dept, intervals: [{ from, to }] });
  }
  toString = () => `device(d${this.dept}, ${iso(T0 + this.minute * MINUTE)}, ${this.lasts ?? '∞'} min)`;
}

class ToggleDevice implements Cmd {
  constructor(
    readonly device: number,
    readonly minute: number,
  ) {}
  check = (m: Readonly<Model>) => m.devices.length > 0;
  async run(m: Model, r: Real) {
    const d = m.devices[this.device % m.devices.length];
    const at = T0 + this.minute * MINUTE;
    const last = d.intervals[d.intervals.length - 1];
    if (last.to === null) {
      const res = await call(r, 'PATCH', `/devices/${d.id}`, { removedAt: iso(at) });
      if (at < last.from) return expectStatus(res, 400);
      expectStatus(res, 200);
      last.to = at;
    } else {
      const res = await call(r, 'PATCH', `/devices/${d.id}`, { removedAt: null, enrolledAt: iso(at) });
      if (at < last.to) return expectStatus(res, 400);
      expectStatus(res, 200);
      if (at === last.from) last.to = null;
      else d.intervals.push({ from: at, to: null });
    }
  }
  toString = () => `toggleDevice(${this.device}, ${iso(T0 + this.minute * MINUTE)})`;
}

class Run implements Cmd {
  constructor(readonly advanceDays: number) {}
  check = () => true;
  async run(m: Model, r: Real) {
    const asOf = Math.min(m.lastAsOf + this.advanceDays * DAY, Date.parse('2026-03-01T00:00:00Z'));
    m.lastAsOf = asOf;
    const res = await call(r, 'POST', '/billing-runs', { asOf: iso(asOf) });
    expectStatus(res, 201);
    expect(res.body.failures).toEqual([]);
    const before = m.bills.length;
    modelRun(m, asOf);
    expect(res.body.billsCreated).toBe(m.bills.length - before);
    await compare(m, r);
  }
  toString = () => `run(+${this.advanceDays}d)`;
}

const create = fc
  .tuple(
    dept,
    fc.integer({ min: 0, max: 1 }),
    fc.constantFrom<Cycle>('weekly', 'monthly'),
    dayInYear,
    fc.integer({ min: 0, max: ZONES.length - 1 }),
  )
  .map(([d, p, c, day, z]) => new CreateAssociation(d, p, c, day, z));
const push = fc
  .tuple(
    dept,
    fc.array(fc.record({ minute: minuteInYear, seconds: fc.integer({ min: 0, max: 3 * 3600 }) }), { minLength: 1, maxLength: 8 }),
  )
  .map(([d, list]) => new PushSessions(d, list));
const run = fc.integer({ min: 0, max: 75 }).map((days) => new Run(days));
/** Creating, pushing sessions and running are listed twice: they weigh double. */
const commands = [
  create,
  create,
  push,
  push,
  run,
  run,
  fc.tuple(dept, dayInYear, fc.integer({ min: 0, max: ZONES.length - 1 })).map(([d, day, z]) => new PatchStart(d, day, z)),
  fc
    .tuple(
      dept,
      fc.oneof(
        minuteInYear,
        dayInYear.map((day) => day * 24 * 60),
      ),
    )
    .map(([d, minute]) => new End(d, minute)),
  fc
    .tuple(fc.integer({ min: 0, max: 1 }), fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 0, max: 3000 }))
    .map(([p, rate, dr]) => new EditPlan(p, rate, dr)),
  fc
    .tuple(dept, minuteInYear, fc.option(fc.integer({ min: 0, max: 90 * 24 * 60 }), { nil: null }))
    .map(([d, minute, lasts]) => new AddDevice(d, minute, lasts)),
  fc.tuple(fc.nat(), minuteInYear).map(([i, minute]) => new ToggleDevice(i, minute)),
];

describe('association lifecycle, model-based', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t?.close());

  it('bills exactly what the model says, and every covered session exactly once on its own association', async () => {
    let timelines = 0;
    let runs = 0;
    let bills = 0;
    const started = Date.now();
    await fc.assert(
      fc.asyncProperty(fc.commands(commands, { maxCommands: MAX_COMMANDS, size: 'max' }), async (cmds) => {
        const setup = async () => {
          const o = await t.createOrganization(`Model ${++timelines}`);
          const r: Real = { t, token: o.token, orgId: o.organizationId, key: '', departments: [] };
          r.key = (await call(r, 'POST', '/api-keys', { name: 'k', scopes: ['usage:write'] })).body.key;
          for (const n of ['Alpha', 'Beta']) r.departments.push((await call(r, 'POST', '/departments', { name: n })).body.id);
          const plans: MPlan[] = [
            { id: '', type: 'per_session', sessionRate: 1250, hourRate: 0, deviceRate: 900, increment: 1, minimum: 0 },
            { id: '', type: 'per_hour', sessionRate: 0, hourRate: 6000, deviceRate: 1100, increment: 15, minimum: 10 },
          ];
          plans[0].id = (
            await call(r, 'POST', '/plans', {
              name: 'Per session',
              currency: 'USD',
              billingType: 'per_session',
              sessionRateMinor: 1250,
              unattendedDeviceRateMinor: 900,
            })
          ).body.id;
          plans[1].id = (
            await call(r, 'POST', '/plans', {
              name: 'Per hour',
              currency: 'EUR',
              billingType: 'per_hour',
              hourRateMinor: 6000,
              unattendedDeviceRateMinor: 1100,
              billingIncrementMinutes: 15,
              minimumBillableMinutes: 10,
            })
          ).body.id;
          const model: Model = { plans, assocs: [], sessions: [], devices: [], bills: [], lastAsOf: T0, counter: 0 };
          return { model, real: r };
        };
        // Every timeline ends with a run far enough ahead to close what it started.
        const list = [...cmds];
        await fc.asyncModelRun(setup, [...list, new Run(400), new Run(400)]);
        runs += list.filter((c) => String(c).startsWith('run(')).length + 2;
        if (process.env.RB_MODEL_TRACE) console.log(list.map(String).join('\n'));
      }),
      { seed: 20261201, numRuns: RUNS, endOnFailure: true },
    );
    bills = (await t.dataSource.query(`SELECT count(*)::int AS n FROM bills`))[0].n;
    record('lifecycle-model', { timelines, runs, bills, seconds: Math.round((Date.now() - started) / 1000) });
    expect(bills).toBeGreaterThan(0);
  });
});
