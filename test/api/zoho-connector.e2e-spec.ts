import type { NestExpressApplication } from '@nestjs/platform-express';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { loadConfig } from '../../apps/api/src/config/app-config';
import { createApp } from '../../apps/api/src/create-app';
import { ConnectorsService } from '../../apps/api/src/imports/connectors/connectors.service';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startTestApp, TestApp } from '../support/app';
import { contractFor } from '../support/contract';
import { startZohoAssistFake, ZohoAssistFake, zohoSession } from '../support/zoho-assist-fake';

/**
 * The Zoho Assist connector (issue #19 point 5) against a local server that speaks Zoho's documented token and
 * reports endpoints (test/support/zoho-assist-fake.ts): two days of sessions pulled page by page through a
 * `zoho_assist` profile, the refresh token used as Zoho documents it, a 429 waited out, rate limits that outlast the
 * retries recorded without advancing, a refused access token refreshed once, then the app restarted on the same
 * database: the scheduler's next pull adds the new sessions exactly once and nothing twice. The secrets are in no
 * answer and only encrypted in the database. Expected figures from the fake's data, by hand, next to each.
 */
jest.setTimeout(120_000);

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const CREDS = {
  clientId: '1000.ZOHOCLIENTID0123456789',
  clientSecret: `zoho-client-secret-${randomBytes(12).toString('hex')}`,
  refreshToken: `1000.refresh.${randomBytes(16).toString('hex')}`,
};
const IMPORT_SECRET_KEY = randomBytes(32).toString('base64');

// Two days of sessions, one every two hours from 47 h before the start of this hour to 1 h before it: 24 sessions,
// ids 900001 … 900024, alternately Acme Corp and Globex (departments of those names: mapped on their own), every
// third one unattended (URS), lasting 15, 25, 35, 45 minutes in turn.
const ANCHOR = Math.floor(Date.now() / HOUR) * HOUR;
const TWO_DAYS = Array.from({ length: 24 }, (_, i) =>
  zohoSession({
    id: 900001 + i,
    start: ANCHOR - 47 * HOUR + i * 2 * HOUR,
    minutes: 15 + (i % 4) * 10,
    customer: i % 2 === 0 ? 'Acme Corp' : 'Globex',
    technician: i % 2 === 0 ? 'ann@msp.test' : 'bob@msp.test',
    type: i % 3 === 2 ? 'URS' : 'rs',
  }),
);

interface App {
  app: NestExpressApplication;
  request(method: string, path: string, body?: unknown): Promise<{ status: number; body: any; text: string }>;
}

describe('Zoho Assist connector', () => {
  let t: TestApp;
  let fake: ZohoAssistFake;
  let pg: Client;
  let current: App;
  let admin: string;
  let profileId: string;
  let connectorId: string;
  const answers: string[] = [];
  const env = () => ({
    ZOHO_ACCOUNTS_URL: fake.accountsUrl,
    ZOHO_ASSIST_URL: fake.assistUrl,
    IMPORT_SECRET_KEY,
    IMPORT_CONNECTORS_ENABLED: 'false',
  });
  const req = async (method: string, path: string, body?: unknown) => {
    const res = await current.request(method, path, body);
    answers.push(res.text);
    return res;
  };
  const count = async (sql: string, params: unknown[] = []) => Number((await pg.query(sql, params)).rows[0].n);
  const sessionCount = () => count(`SELECT count(*)::int AS n FROM sessions WHERE external_id LIKE 'zoho-assist:%'`);
  const connector = async () => (await req('GET', `/import-profiles/${profileId}/connectors`)).body.find((c: any) => c.id === connectorId);
  const session = async (externalId: string) => {
    const rows = (
      await pg.query(`SELECT external_id, started_at, ended_at, type, technician FROM sessions WHERE external_id = $1`, [externalId])
    ).rows;
    return rows.map((r) => [r.external_id, r.started_at.toISOString(), r.ended_at.toISOString(), r.type, r.technician]);
  };
  const iso = (ms: number) => new Date(ms).toISOString();

  /** A second app on the same database (a restart), with the checks of test/support/app.ts. */
  async function startAgain(extra: Record<string, string>): Promise<App> {
    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: process.env.RB_TEST_LOG ?? 'silent',
      ADMIN_EMAIL,
      ADMIN_PASSWORD,
      ORG_NAME: 'Test Org',
      DATA_DIR: t.config.dataDir,
      BILLING_CRON_ENABLED: 'false',
      INVOICE_AUTO_SEND: 'false',
      PDF_ARCHIVE_ENABLED: 'false',
      LOGIN_RATE_LIMIT: '1000',
      ...env(),
      ...extra,
    });
    const app = await createApp({ config, databaseUrl: t.db.url, jwtSecret: 'test-secret-0123456789abcdef', dbPoolSize: 5 });
    await app.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
    const contract = await contractFor(await (await fetch(`${base}/api/docs-json`)).json());
    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD }),
    });
    const token = ((await login.json()) as { accessToken: string }).accessToken;
    return {
      app,
      request: async (method, path, body) => {
        const url = new URL(`${base}/api/v1${path}`);
        const res = await fetch(url, {
          method,
          headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        const text = await res.text();
        const contentType = res.headers.get('content-type') ?? '';
        const parsed: unknown = contentType.includes('json') && text ? JSON.parse(text) : text;
        contract.check(method, url.pathname, res.status, contentType, parsed);
        return { status: res.status, body: parsed, text };
      },
    };
  }

  beforeAll(async () => {
    fake = await startZohoAssistFake(CREDS);
    fake.sessions.push(...TWO_DAYS);
    fake.maxCount = 7; // Zoho pages smaller than asked here: 24 sessions are 4 pages (7, 7, 7, 3)
    t = await startTestApp(env());
    admin = await t.login();
    current = { app: t.app, request: (method, path, body) => t.request(method, path, { token: admin, body }) };
    pg = new Client({ connectionString: t.db.url });
    await pg.connect();
    await req('POST', '/departments', { name: 'Acme Corp' });
    await req('POST', '/departments', { name: 'Globex' });
    const profile = await req('POST', '/import-profiles', { name: 'Zoho Assist', preset: 'zoho_assist' });
    expect(profile.status).toBe(201);
    profileId = profile.body.id;
  });
  afterAll(async () => {
    await current?.app.close();
    await pg?.end();
    await t?.db.drop();
    await fake?.close();
  });

  it('a connector is refused with 400s naming the fields, 404 for another tenant, and answers no secret', async () => {
    const bad = await req('POST', `/import-profiles/${profileId}/connectors`, {
      dataCentre: 'us',
      clientId: '',
      pollMinutes: 2,
      pullFrom: 'yesterday',
    });
    expect(bad.status).toBe(400);
    const fields = (body: { errors: { field: string }[] }) => [...new Set(body.errors.map((e) => e.field))].sort();
    expect(fields(bad.body)).toEqual(['clientId', 'clientSecret', 'dataCentre', 'pollMinutes', 'pullFrom', 'refreshToken']);
    const future = await req('POST', `/import-profiles/${profileId}/connectors`, {
      ...CREDS,
      dataCentre: 'eu',
      pullFrom: iso(Date.now() + HOUR),
    });
    expect(future.status).toBe(400);
    expect(future.body.errors).toEqual([{ field: 'pullFrom', message: 'pullFrom must not be in the future' }]);
    const csv = await req('POST', '/import-profiles', { name: 'A CSV tool', preset: 'splashtop' });
    const onCsv = await req('POST', `/import-profiles/${csv.body.id}/connectors`, { ...CREDS, dataCentre: 'eu' });
    expect(onCsv.status).toBe(400);
    expect(onCsv.body.errors[0].field).toBe('profile');
    const other = await t.createOrganization('Other MSP');
    const theirs = await t.request('POST', '/import-profiles', { token: other.token, body: { name: 'Theirs', preset: 'zoho_assist' } });
    expect((await req('POST', `/import-profiles/${theirs.body.id}/connectors`, { ...CREDS, dataCentre: 'eu' })).status).toBe(404);
    expect((await req('GET', `/import-profiles/${theirs.body.id}/connectors`)).status).toBe(404);

    const before = Date.now();
    const created = await req('POST', `/import-profiles/${profileId}/connectors`, { ...CREDS, dataCentre: 'eu' });
    expect(created.status).toBe(201);
    connectorId = created.body.id;
    expect(created.body).toMatchObject({
      profileId,
      kind: 'zoho_assist',
      dataCentre: 'eu',
      clientId: CREDS.clientId,
      hasClientSecret: true,
      hasRefreshToken: true,
      enabled: true,
      pollMinutes: 60,
      lastRunAt: null,
      lastError: null,
    });
    expect(Object.keys(created.body).sort()).toEqual(
      [
        'id',
        'profileId',
        'kind',
        'dataCentre',
        'clientId',
        'hasClientSecret',
        'hasRefreshToken',
        'enabled',
        'pollMinutes',
        'pullFrom',
        'cursor',
        'nextRunAt',
        'lastRunAt',
        'lastError',
        'createdAt',
        'updatedAt',
      ].sort(),
    );
    // pullFrom defaults to two days back; the cursor starts there.
    const pullFrom = Date.parse(created.body.pullFrom);
    expect(pullFrom).toBeGreaterThanOrEqual(before - 48 * HOUR - 1000);
    expect(pullFrom).toBeLessThanOrEqual(Date.now() - 48 * HOUR + 1000);
    expect(created.body.cursor).toBe(created.body.pullFrom);
    // Another tenant cannot see, change, pull or delete it.
    for (const [method, path] of [
      ['PATCH', `/import-connectors/${connectorId}`],
      ['POST', `/import-connectors/${connectorId}/pull`],
      ['DELETE', `/import-connectors/${connectorId}`],
    ]) {
      expect(
        (await t.request(method, path, { token: other.token, body: method === 'PATCH' ? { pollMinutes: 30 } : undefined })).status,
      ).toBe(404);
    }
    const patched = await req('PATCH', `/import-connectors/${connectorId}`, { pollMinutes: 0, dataCentre: 'mars' });
    expect(patched.status).toBe(400);
    expect(fields(patched.body)).toEqual(['dataCentre', 'pollMinutes']);
  });

  it('pulls two days of sessions page by page, refreshing the access token with the documented form fields', async () => {
    const started = Date.now();
    const res = await req('POST', `/import-connectors/${connectorId}/pull`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ profileId, dryRun: false, rows: 24, accepted: 24, duplicates: 0, held: 0, refused: 0, sessions: 24 });
    expect(await sessionCount()).toBe(24);

    // One token request: a POST with the refresh token grant as a form body, nothing in the query string.
    const tokens = fake.tokenRequests();
    expect(tokens).toHaveLength(1);
    expect(tokens[0]).toMatchObject({ method: 'POST', query: {}, status: 200 });
    expect(tokens[0].contentType).toMatch(/^application\/x-www-form-urlencoded/);
    expect(tokens[0].form).toEqual({
      grant_type: 'refresh_token',
      client_id: CREDS.clientId,
      client_secret: CREDS.clientSecret,
      refresh_token: CREDS.refreshToken,
    });
    // Four pages of the reports API, each with the access token in Zoho's header, the next one from `page.next`.
    const pages = fake.reportRequests();
    expect(pages.map((p) => [p.status, p.query.index, p.query.count])).toEqual([
      [200, '1', '100'],
      [200, '8', '7'],
      [200, '15', '7'],
      [200, '22', '7'],
    ]);
    expect(new Set(pages.map((p) => p.authorization)).size).toBe(1);
    expect(pages[0].authorization).toMatch(/^Zoho-oauthtoken 1000\.[0-9a-f]{32}\.[0-9a-f]{32}$/);
    const c = await connector();
    // The window: from the connector's start to five minutes before the pull; the cursor moved there.
    expect(pages.every((p) => p.query.type === 'all' && p.query.fromdate === String(Date.parse(c.pullFrom)))).toBe(true);
    const to = Number(pages[0].query.todate);
    expect(to).toBeGreaterThanOrEqual(started - 5 * MINUTE - 1000);
    expect(to).toBeLessThanOrEqual(Date.now() - 5 * MINUTE);
    expect(c).toMatchObject({ cursor: iso(to), lastError: null });
    expect(Date.parse(c.nextRunAt) - Date.parse(c.lastRunAt)).toBe(60 * MINUTE);

    // A few sessions by hand: the first (Acme, ann, 15 min), the third (URS: unattended, 35 min), the last (Globex, bob,
    // 45 min, the 24th: URS too).
    expect(await session('zoho-assist:900001')).toEqual([
      ['zoho-assist:900001', iso(ANCHOR - 47 * HOUR), iso(ANCHOR - 47 * HOUR + 15 * MINUTE), 'attended', 'ann@msp.test'],
    ]);
    expect(await session('zoho-assist:900003')).toEqual([
      ['zoho-assist:900003', iso(ANCHOR - 43 * HOUR), iso(ANCHOR - 43 * HOUR + 35 * MINUTE), 'unattended', 'ann@msp.test'],
    ]);
    expect(await session('zoho-assist:900024')).toEqual([
      ['zoho-assist:900024', iso(ANCHOR - HOUR), iso(ANCHOR - HOUR + 45 * MINUTE), 'unattended', 'bob@msp.test'],
    ]);
    // Acme Corp has the 12 even ones, Globex the 12 odd ones.
    const byDepartment = (
      await pg.query(
        `SELECT d.name, count(*)::int AS n FROM sessions s JOIN departments d ON d.id = s.department_id GROUP BY d.name ORDER BY d.name`,
      )
    ).rows;
    expect(byDepartment).toEqual([
      { name: 'Acme Corp', n: 12 },
      { name: 'Globex', n: 12 },
    ]);
  });

  it('waits out a 429 (Retry-After: 1) in the middle of a pull and goes on; what it reads again is stored once', async () => {
    fake.requests.length = 0;
    const cursor = Date.parse((await connector()).cursor);
    fake.maxCount = 2; // three pages of 2 this time
    fake.rateLimit({ skip: 1, times: 1, retryAfter: '1' });
    const res = await req('POST', `/import-connectors/${connectorId}/pull`);
    fake.maxCount = 7;
    expect(res.status).toBe(200);
    // The window reads 12 h back from the cursor: the sessions started since (by hand from the fake's data).
    const again = TWO_DAYS.filter((s) => s.start_time >= cursor - 12 * HOUR).length;
    expect(again).toBe(6);
    expect(res.body).toMatchObject({ rows: again, accepted: 0, duplicates: again, sessions: 0 });
    const pages = fake.reportRequests();
    expect(pages.map((p) => [p.status, p.query.index])).toEqual([
      [200, '1'],
      [429, '3'], // Zoho says: wait a second
      [200, '3'], // the same page, asked again after it
      [200, '5'],
    ]);
    expect(pages[2].at - pages[1].at).toBeGreaterThanOrEqual(950);
    expect(pages[0].query.fromdate).toBe(String(cursor - 12 * HOUR));
    expect(fake.tokenRequests()).toHaveLength(0); // the access token is cached until it expires
    expect(await sessionCount()).toBe(24);
  });

  it('rate limited past its retries: the pull fails, says why, advances nothing, and the next one gets everything', async () => {
    fake.requests.length = 0;
    const before = await connector();
    fake.rateLimit({ times: 100, retryAfter: null });
    const failed = await req('POST', `/import-connectors/${connectorId}/pull`);
    expect(failed.status).toBe(502);
    expect(failed.body.code).toBe('CONNECTOR_PULL_FAILED');
    expect(failed.body.message).toMatch(/rate limited \(429\) 4 times in a row/);
    // Four attempts, with backoff between them (no Retry-After: 0.5–1 s, 1–2 s, 2–4 s).
    const tries = fake.reportRequests();
    expect(tries.map((p) => p.status)).toEqual([429, 429, 429, 429]);
    expect(tries[3].at - tries[0].at).toBeGreaterThanOrEqual(3400);
    const after = await connector();
    expect(after.cursor).toBe(before.cursor);
    expect(after.lastError).toMatch(/^Zoho Assist rate limited \(429\) 4 times in a row: tried again at the next run$/);
    expect(Date.parse(after.nextRunAt) - Date.parse(after.lastRunAt)).toBe(60 * MINUTE);
    fake.rateLimit({ times: 0 });
    const ok = await req('POST', `/import-connectors/${connectorId}/pull`);
    expect(ok.status).toBe(200);
    expect(ok.body.sessions).toBe(0);
    expect(await connector()).toMatchObject({ lastError: null });
    expect(Date.parse((await connector()).cursor)).toBeGreaterThan(Date.parse(before.cursor));
  });

  it('an access token Zoho refuses (401) is refreshed once and the pull goes on', async () => {
    fake.requests.length = 0;
    fake.revokeAccessTokens();
    const res = await req('POST', `/import-connectors/${connectorId}/pull`);
    expect(res.status).toBe(200);
    expect(fake.requests.map((r) => [r.method, r.path, r.status])).toEqual([
      ['GET', '/assist/api/v2/reports', 401],
      ['POST', '/accounts/oauth/v2/token', 200],
      ['GET', '/assist/api/v2/reports', 200],
    ]);
    expect(fake.requests[2].authorization).not.toBe(fake.requests[0].authorization);
  });

  it('two schedulers at once (as on two instances): one claims the due connector, the other skips it', async () => {
    fake.requests.length = 0;
    await pg.query(`UPDATE import_connectors SET next_run_at = now() WHERE id = $1`, [connectorId]);
    const scheduler = current.app.get(ConnectorsService);
    const pulled = await Promise.all([scheduler.pullDue(), scheduler.pullDue()]);
    expect(pulled.sort()).toEqual([0, 1]);
    // One window read once (one page: the 12 h overlap holds 6 sessions).
    expect(fake.reportRequests().map((p) => [p.status, p.query.index])).toEqual([[200, '1']]);
    const c = await connector();
    expect(c.lastError).toBeNull();
    expect(Date.parse(c.nextRunAt) - Date.parse(c.lastRunAt)).toBe(60 * MINUTE);
    expect(await sessionCount()).toBe(24);
  });

  it('restarted on the same database, the scheduler pulls the new sessions exactly once and nothing twice', async () => {
    const before = await connector();
    // After the restart Zoho has two more: one started 30 minutes ago, one 3 hours ago (before the cursor: it ended
    // late, and the overlap of the window finds it).
    const now = Date.now();
    const late = [
      zohoSession({ id: 900025, start: now - 30 * MINUTE, minutes: 10, customer: 'Acme Corp', technician: 'ann@msp.test' }),
      zohoSession({ id: 900026, start: now - 3 * HOUR, minutes: 20, customer: 'Globex', technician: 'bob@msp.test', type: 'URS' }),
    ];
    expect(late[1].start_time).toBeLessThan(Date.parse(before.cursor));
    await current.app.close();
    fake.requests.length = 0;
    fake.sessions.push(...late);
    current = await startAgain({ IMPORT_CONNECTORS_ENABLED: 'true', IMPORT_CONNECTORS_TICK_SECONDS: '1' });
    // Not due yet: the scheduler leaves it alone.
    await new Promise((r) => setTimeout(r, 1500));
    expect(fake.requests).toHaveLength(0);
    // The poll interval has passed.
    await pg.query(`UPDATE import_connectors SET next_run_at = now() WHERE id = $1`, [connectorId]);
    const deadline = Date.now() + 20_000;
    let after = await connector();
    while (after.lastRunAt === before.lastRunAt && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      after = await connector();
    }
    expect(after.lastRunAt).not.toBe(before.lastRunAt);
    expect(after.lastError).toBeNull();
    expect(Date.parse(after.cursor)).toBeGreaterThan(Date.parse(before.cursor));
    // A new process has no access token: one refresh, then the pages.
    expect(fake.tokenRequests()).toHaveLength(1);
    expect(await sessionCount()).toBe(26);
    expect(await count(`SELECT count(DISTINCT external_id)::int AS n FROM sessions`)).toBe(
      await count(`SELECT count(*)::int AS n FROM sessions`),
    );
    expect(await session('zoho-assist:900025')).toEqual([
      ['zoho-assist:900025', iso(late[0].start_time), iso(late[0].end_time), 'attended', 'ann@msp.test'],
    ]);
    expect(await session('zoho-assist:900026')).toEqual([
      ['zoho-assist:900026', iso(late[1].start_time), iso(late[1].end_time), 'unattended', 'bob@msp.test'],
    ]);
    const runs = (await req('GET', `/import-profiles/${profileId}/runs`)).body;
    expect(runs[0]).toMatchObject({ sessions: 2, accepted: 2, refused: 0 });
    // Pulled again by hand: nothing new.
    const again = await req('POST', `/import-connectors/${connectorId}/pull`);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ accepted: 0, sessions: 0 });
    expect(await sessionCount()).toBe(26);
  });

  it('the secrets are in no answer, and in the database only encrypted', async () => {
    for (const text of answers) {
      expect(text).not.toContain(CREDS.clientSecret);
      expect(text).not.toContain(CREDS.refreshToken);
    }
    expect(answers.length).toBeGreaterThan(10);
    const row = (await pg.query(`SELECT * FROM import_connectors WHERE id = $1`, [connectorId])).rows[0];
    for (const secret of [CREDS.clientSecret, CREDS.refreshToken]) {
      expect(JSON.stringify(row)).not.toContain(secret);
      expect(row.client_secret_enc.includes(Buffer.from(secret))).toBe(false);
      expect(row.refresh_token_enc.includes(Buffer.from(secret))).toBe(false);
      // Nor anywhere else in the database: the audit trail, the runs.
      for (const table of ['audit_events', 'import_runs', 'import_connectors']) {
        expect(await count(`SELECT count(*)::int AS n FROM ${table} t WHERE row_to_json(t)::text LIKE '%' || $1 || '%'`, [secret])).toBe(0);
      }
    }
    // Sealed: version 1, an 8-byte key id, a 12-byte nonce, a 16-byte tag, then as many bytes as the secret.
    expect(row.client_secret_enc.length).toBe(1 + 8 + 12 + 16 + CREDS.clientSecret.length);
    expect(row.client_secret_enc[0]).toBe(1);
    // Each value has its own random nonce.
    expect(row.client_secret_enc.subarray(9, 21).equals(row.refresh_token_enc.subarray(9, 21))).toBe(false);
  });

  it('new credentials replace the stored ones (a refused refresh token is recorded); deleting the connector keeps its sessions', async () => {
    const wrong = await req('PATCH', `/import-connectors/${connectorId}`, { refreshToken: '1000.revoked.token', enabled: false });
    expect(wrong.status).toBe(200);
    expect(wrong.body).toMatchObject({ hasRefreshToken: true, enabled: false, lastError: null });
    const failed = await req('POST', `/import-connectors/${connectorId}/pull`);
    expect(failed.status).toBe(502);
    expect(failed.body.message).toBe(
      'The pull failed: Zoho Accounts refused the token refresh (invalid_code): the refresh token is revoked or expired: generate a new one',
    );
    expect(fake.tokenRequests().at(-1)!.form!.refresh_token).toBe('1000.revoked.token');
    const deleted = await req('DELETE', `/import-connectors/${connectorId}`);
    expect(deleted.status).toBe(204);
    expect((await req('GET', `/import-profiles/${profileId}/connectors`)).body).toEqual([]);
    expect((await req('POST', `/import-connectors/${connectorId}/pull`)).status).toBe(404);
    expect(await sessionCount()).toBe(26);
  });
});
