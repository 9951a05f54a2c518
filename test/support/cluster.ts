import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from './app';
import { freePort, ServerProcess, startServer, waitForHealthy } from './process';

export const CLUSTER_JWT_SECRET = 'cluster-test-secret-0123456789abcdef';

/** The built API (as `npm start` runs it) on a shared database: one of several instances, or one to kill. */
export interface ApiProcess {
  url: string;
  api: string;
  server: ServerProcess;
  /** JSON in, JSON out against /api/v1; throws on a network error (e.g. the process was killed). */
  request(method: string, path: string, opts?: { token?: string; body?: unknown }): Promise<{ status: number; body: any }>;
  login(): Promise<string>;
  /** SIGKILL: no shutdown hooks, no flush, like a power cut of this process. */
  kill(): Promise<void>;
  /** SIGTERM and wait. */
  stop(): Promise<void>;
}

export async function startApiProcess(databaseUrl: string, env: Record<string, string> = {}): Promise<ApiProcess> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'rb-cluster-'));
  chmodSync(dataDir, 0o755);
  const url = `http://127.0.0.1:${port}`;
  const server = startServer({
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    JWT_SECRET: CLUSTER_JWT_SECRET,
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    ORG_NAME: 'Cluster Org',
    LOG_LEVEL: process.env.RB_TEST_LOG ?? 'warn',
    BILLING_CRON_ENABLED: 'false',
    // These processes bill thousands of bills: no invoice e-mail queued by issuing, no archive worker rendering them.
    INVOICE_AUTO_SEND: 'false',
    PDF_ARCHIVE_ENABLED: 'false',
    LOGIN_RATE_LIMIT: '1000',
    ...env,
  });
  const cleanup = () => rmSync(dataDir, { recursive: true, force: true });
  try {
    await waitForHealthy(url, server);
  } catch (err) {
    server.child.kill('SIGKILL');
    cleanup();
    throw err;
  }
  const api = `${url}/api/v1`;
  const request: ApiProcess['request'] = async (method, path, opts = {}) => {
    const headers: Record<string, string> = {};
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    if (opts.body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${api}${path}`, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
    const text = await res.text();
    return { status: res.status, body: (res.headers.get('content-type') ?? '').includes('json') && text ? JSON.parse(text) : text };
  };
  const alive = () => server.child.exitCode === null && server.child.signalCode === null;
  return {
    url,
    api,
    server,
    request,
    login: async () => {
      const res = await request('POST', '/auth/login', { body: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD } });
      if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.accessToken as string;
    },
    kill: async () => {
      if (alive()) server.child.kill('SIGKILL');
      await server.exited;
      cleanup();
    },
    stop: async () => {
      if (alive()) server.child.kill('SIGTERM');
      await server.exited;
      cleanup();
    },
  };
}

/** Runs `fn` over `items` with at most `width` at a time, in order of start. */
export async function inParallel<T, R>(items: T[], width: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i], i);
      }
    }),
  );
  return out;
}

export interface BillingWork {
  departmentIds: string[];
  sessions: number;
}

/**
 * Billing work through the API: `departments` departments on per-session plans (100 associations per plan),
 * weekly cycles from Monday 2026-01-05 (so `asOf` 2026-07-01 closes 25 periods each), and
 * `sessionsPerDepartment` sessions spread over those weeks.
 */
export async function seedBillingWork(
  p: ApiProcess,
  token: string,
  departments: number,
  sessionsPerDepartment: number,
): Promise<BillingWork> {
  const must = (res: { status: number; body: any }, what: string) => {
    if (res.status >= 300) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body).slice(0, 500)}`);
    return res.body;
  };
  const departmentIds = await inParallel(
    Array.from({ length: departments }, (_, i) => i),
    8,
    async (i) =>
      must(await p.request('POST', '/departments', { token, body: { name: `Customer ${String(i).padStart(5, '0')}` } }), 'department')
        .id as string,
  );
  const address = { name: 'Customer', line1: '1 Road', city: 'Town', country: 'US' };
  for (let i = 0; i < departmentIds.length; i += 100) {
    must(
      await p.request('POST', '/plans', {
        token,
        body: {
          name: `Plan ${i / 100}`,
          currency: 'USD',
          billingType: 'per_session',
          sessionRateMinor: 1000 + i,
          associations: departmentIds.slice(i, i + 100).map((departmentId) => ({
            departmentId,
            billingCycle: 'weekly',
            billStartDate: '2026-01-05',
            dueDays: 14,
            billingAddress: address,
            recipients: ['ap@customer.test'],
            timeZone: 'UTC',
          })),
        },
      }),
      'plan',
    );
  }
  const key = must(await p.request('POST', '/api-keys', { token, body: { name: 'seed', scopes: ['usage:write'] } }), 'api key')
    .key as string;
  const sessions: unknown[] = [];
  const week = 7 * 86_400_000;
  const first = Date.parse('2026-01-05T00:00:00Z');
  departmentIds.forEach((departmentId, d) => {
    for (let k = 0; k < sessionsPerDepartment; k++) {
      const start = first + ((k * 7 + d) % 25) * week + ((k * 3_600_000 + d * 60_000) % week);
      sessions.push({
        externalId: `s-${d}-${k}`,
        departmentId,
        type: 'attended',
        startedAt: new Date(start).toISOString(),
        endedAt: new Date(start + 30 * 60_000).toISOString(),
      });
    }
  });
  for (let i = 0; i < sessions.length; i += 10_000) {
    must(await p.request('POST', '/sessions/batch', { token: key, body: { sessions: sessions.slice(i, i + 10_000) } }), 'sessions');
  }
  return { departmentIds, sessions: sessions.length };
}

/** What the database holds after billing, for the "exactly once, no gaps, nothing lost" checks. */
export interface BillingAudit {
  bills: number;
  duplicatePeriods: number;
  sequenceMin: number;
  sequenceMax: number;
  distinctSequences: number;
  distinctNumbers: number;
  unbilledSessions: number;
  /** Sessions whose bill is for another department or a period that does not contain them. */
  misbilledSessions: number;
  /** Sum of the quantities of the bills' `sessions` lines. */
  sessionsOnLines: number;
  /** Bills without lines (a half-written bill). */
  billsWithoutLines: number;
  /** Associations whose next period to bill is not the one after their last bill. */
  associationsOutOfStep: number;
}

export async function auditBilling(query: (sql: string) => Promise<any[]>): Promise<BillingAudit> {
  const one = async (sql: string) => Number(Object.values((await query(sql))[0])[0] ?? 0);
  const seq = (
    await query(`SELECT coalesce(min(sequence), 0)::int AS lo, coalesce(max(sequence), 0)::int AS hi,
    count(DISTINCT sequence)::int AS n, count(DISTINCT number)::int AS numbers FROM bills`)
  )[0];
  return {
    bills: await one(`SELECT count(*)::int FROM bills`),
    duplicatePeriods: await one(
      `SELECT count(*)::int FROM (SELECT 1 FROM bills GROUP BY organization_id, association_id, period_start HAVING count(*) > 1) d`,
    ),
    sequenceMin: seq.lo,
    sequenceMax: seq.hi,
    distinctSequences: seq.n,
    distinctNumbers: seq.numbers,
    unbilledSessions: await one(`SELECT count(*)::int FROM sessions WHERE bill_id IS NULL`),
    misbilledSessions:
      await one(`SELECT count(*)::int FROM sessions s JOIN bills b ON b.organization_id = s.organization_id AND b.id = s.bill_id
      WHERE b.department_id <> s.department_id OR s.started_at < b.period_start OR s.started_at >= b.period_end`),
    sessionsOnLines: await one(`SELECT coalesce(sum(quantity), 0)::int FROM bill_lines WHERE kind = 'sessions'`),
    billsWithoutLines: await one(
      `SELECT count(*)::int FROM bills b WHERE NOT EXISTS (SELECT 1 FROM bill_lines l WHERE l.organization_id = b.organization_id AND l.bill_id = b.id)`,
    ),
    // The bills of each association counted in one pass (a correlated count per association scanned the whole
    // organization's bills once per association: ~12 s at 1,200 associations and 30,000 bills).
    associationsOutOfStep: await one(`SELECT count(*)::int FROM associations a
      LEFT JOIN (SELECT organization_id, association_id, count(*) AS n FROM bills GROUP BY organization_id, association_id) b
        ON b.organization_id = a.organization_id AND b.association_id = a.id
      WHERE a.next_period_index <> coalesce(b.n, 0)`),
  };
}

/** The audit of a correct, complete billing of `work` with `periods` closed periods per association. */
export function expectedAudit(work: BillingWork, periods: number): BillingAudit {
  const bills = work.departmentIds.length * periods;
  return {
    bills,
    duplicatePeriods: 0,
    sequenceMin: 1,
    sequenceMax: bills,
    distinctSequences: bills,
    distinctNumbers: bills,
    unbilledSessions: 0,
    misbilledSessions: 0,
    sessionsOnLines: work.sessions,
    billsWithoutLines: 0,
    associationsOutOfStep: 0,
  };
}
