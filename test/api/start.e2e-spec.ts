import { existsSync, mkdtempSync, chmodSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, MAIN_JS, START_JS, startNpm, startServer, waitForHealthy } from '../support/process';

/** `npm start` as a newcomer runs it: the built app, an embedded PostgreSQL in DATA_DIR, the console on one port. */
describe('npm start: the built app with embedded PostgreSQL', () => {
  let dataDir: string;

  beforeAll(() => {
    if (!existsSync(MAIN_JS)) throw new Error(`${MAIN_JS} is missing: run npm run build first (npm test does)`);
    dataDir = mkdtempSync(join(tmpdir(), 'rb-start-'));
    chmodSync(dataDir, 0o755);
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('starts, serves API and console on one port, stops Postgres on SIGTERM, and starts again on the same data without building', async () => {
    for (const run of ['first', 'second']) {
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      // The second run sets ADMIN_PASSWORD: a password given by the operator never reaches the log.
      const extra: Record<string, string> = run === 'second' ? { ADMIN_PASSWORD: 'operator-secret-42' } : {};
      // As `npm start` runs it: scripts/start.js builds what is stale (nothing after `npm run build`), then serves.
      const server = startServer({ PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'info', ...extra }, START_JS);
      try {
        await waitForHealthy(url, server, 180_000);
        const built = server.output().includes('"msg":"Building ');
        if (run === 'second') {
          // The first run left a current build: the second one builds nothing and says so.
          expect(built).toBe(false);
          expect(server.output()).toMatch(/"msg":"api: build is current/);
          expect(server.output()).toMatch(/"msg":"admin: build is current/);
        }
        // Every route pattern is one Express 5 accepts as written: no LegacyRouteConverter warning.
        expect(server.output()).not.toMatch(/LegacyRouteConverter|Unsupported route path/);
        const login = await fetch(`${url}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: 'admin@example.com', password: 'change-me-now' }),
        });
        expect(login.status).toBe(200);
        const page = await fetch(`${url}/`);
        expect(page.status).toBe(200);
        expect(await page.text()).toContain('<app-root');
        // The built app documents request bodies field by field (the swagger CLI plugin runs in nest build).
        const docs = (await (await fetch(`${url}/api/docs-json`)).json()) as {
          components: { schemas: Record<string, { properties?: object }> };
        };
        expect(Object.keys(docs.components.schemas.CreatePlanDto.properties ?? {})).toEqual(
          expect.arrayContaining(['name', 'currency', 'sessionRateMinor', 'associations']),
        );
        const deepLink = await fetch(`${url}/bills/some-id`);
        expect(await deepLink.text()).toContain('<app-root');
        expect(server.output()).toContain(`listening on http://127.0.0.1:${port}`);
        expect(server.output()).toContain('Admin login: admin@example.com');
        expect(server.output()).not.toContain('operator-secret-42');
        // JSON lines only (a build, when one ran, prints the builders' own text first).
        if (!built) for (const line of server.output().trim().split('\n')) expect(() => JSON.parse(line)).not.toThrow();
      } finally {
        server.child.kill('SIGTERM');
        expect(await server.exited).toBe(0);
      }
      expect(existsSync(join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);
    }
    expect(readFileSync(join(dataDir, 'pg', 'PG_VERSION'), 'utf8').trim()).toMatch(/^\d+$/);
    expect(readFileSync(join(dataDir, 'jwt-secret'), 'utf8').trim().length).toBeGreaterThanOrEqual(32);
  }, 300_000);

  it.each(['SIGTERM', 'SIGINT'] as const)(
    'hands %s sent to npm alone on to the server, which stops PostgreSQL',
    async (signal) => {
      const port = await freePort();
      const server = startNpm({ PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'info' });
      try {
        await waitForHealthy(`http://127.0.0.1:${port}`, server, 180_000);
      } finally {
        server.child.kill(signal); // npm's pid only, as a process manager does (Ctrl-C signals the whole group)
        expect(await server.exited).toBe(0);
      }
      expect(server.output()).toContain(`${signal} received: shutting down`);
      expect(existsSync(join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);
    },
    240_000,
  );

  it('refuses a bad setting at start-up, naming the variable', async () => {
    const server = startServer({ PORT: 'abc', DATA_DIR: dataDir });
    expect(await server.exited).not.toBe(0);
    expect(server.output()).toContain('PORT must be an integer');
  });

  it('requires JWT_SECRET along with DATABASE_URL', async () => {
    const server = startServer({ DATABASE_URL: 'postgres://x@127.0.0.1:1/x', DATA_DIR: dataDir });
    expect(await server.exited).not.toBe(0);
    expect(server.output()).toContain('JWT_SECRET is required');
  });
});
