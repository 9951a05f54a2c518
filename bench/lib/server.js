'use strict';
/**
 * The built API (dist/…/main.js) as a child process, bound to 127.0.0.1, plus a small keep-alive HTTP client.
 */
const { spawn } = require('node:child_process');
const { existsSync } = require('node:fs');
const http = require('node:http');
const { createServer } = require('node:net');
const { join } = require('node:path');
const { randomBytes } = require('node:crypto');

const ROOT = join(__dirname, '../..');
const MAIN_JS = join(ROOT, 'dist/apps/api/apps/api/src/main.js');
const ADMIN_EMAIL = 'admin@example.com';
const ADMIN_PASSWORD = 'change-me-now';

/** Every child still running, so the runner can stop them on any exit path. */
const live = new Set();

/** @returns {Promise<number>} a TCP port free on 127.0.0.1 right now */
function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      // Listening on a TCP host and port: address() is an AddressInfo (a string only for a pipe or socket path).
      const { port } = /** @type {import('node:net').AddressInfo} */ (srv.address());
      srv.close(() => resolve(port));
    });
  });
}

/** @type {(ms: number) => Promise<void>} */
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Spawns the API. env: DATA_DIR and optionally DATABASE_URL/JWT_SECRET (without them the app starts its own
 * embedded Postgres in DATA_DIR/pg). Resolves once the process is spawned; call waitHealthy next.
 * @param {object} options
 * @param {string} options.dataDir DATA_DIR
 * @param {string} [options.databaseUrl] DATABASE_URL (and a random JWT_SECRET); none: the app's embedded Postgres in dataDir/pg
 * @param {Record<string, string>} [options.env] more environment variables (they win)
 * @param {string[]} [options.nodeArgs] node's own arguments, before main.js
 */
async function spawnApp({ dataDir, databaseUrl, env = {}, nodeArgs = [] }) {
  if (!existsSync(MAIN_JS)) throw new Error(`${MAIN_JS} is missing: run \`npm run build:api\` first`);
  const port = await freePort();
  const childEnv = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    TZ: 'UTC',
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    BILLING_CRON_ENABLED: 'false',
    // One path at a time: no invoice e-mail queued by issuing and no archive worker rendering in the background
    // (the mail benchmark asks for its e-mails, whose PDFs are archived when they are sent).
    INVOICE_AUTO_SEND: 'false',
    PDF_ARCHIVE_ENABLED: 'false',
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    ...(databaseUrl ? { DATABASE_URL: databaseUrl, JWT_SECRET: randomBytes(24).toString('base64url').slice(0, 32) } : {}),
    ...env,
  };
  const spawnedAt = process.hrtime.bigint();
  const child = spawn(process.execPath, [...nodeArgs, MAIN_JS], { cwd: ROOT, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (c) => {
    output += c.toString();
    if (output.length > 64_000) output = output.slice(-32_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exitCode;
  const exited = new Promise((resolve) =>
    child.on('exit', (code, signal) => {
      exitCode = code ?? signal;
      live.delete(app);
      resolve(exitCode);
    }),
  );
  const app = {
    pid: child.pid,
    port,
    url: `http://127.0.0.1:${port}`,
    api: `http://127.0.0.1:${port}/api/v1`,
    dataDir,
    child,
    spawnedAt,
    output: () => output,
    exited,
    hasExited: () => exitCode !== undefined,
    /** SIGTERM (the app drains HTTP and stops its embedded Postgres), SIGKILL after the timeout. */
    async stop(timeoutMs = 20_000) {
      if (exitCode !== undefined) return;
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      await exited;
      clearTimeout(t);
    },
  };
  live.add(app);
  return app;
}

/**
 * What waitHealthy needs of an app: spawnApp's, or start.js's `npm start`.
 * @typedef {object} Startable
 * @property {string} api the API's base URL (…/api/v1)
 * @property {bigint} spawnedAt process.hrtime.bigint() at spawn
 * @property {() => boolean} hasExited
 * @property {() => string} output the tail of its stdout and stderr
 */

/**
 * Polls GET /health until 200; returns seconds since spawn.
 * @param {Startable} app
 * @param {number} [timeoutMs]
 * @returns {Promise<number>}
 */
async function waitHealthy(app, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (app.hasExited()) throw new Error(`the API exited before it was healthy:\n${app.output().slice(-4000)}`);
    try {
      const res = await request('GET', `${app.api}/health`, { timeoutMs: 2000, agent: false });
      if (res.status === 200) return Number(process.hrtime.bigint() - app.spawnedAt) / 1e9;
    } catch {
      // not listening yet
    }
    await sleep(25);
  }
  throw new Error(`the API was not healthy after ${timeoutMs} ms:\n${app.output().slice(-4000)}`);
}

/** @type {Map<number, http.Agent>} */
const agents = new Map();
/** @param {number} max */
function agentFor(max) {
  if (!agents.has(max)) agents.set(max, new http.Agent({ keepAlive: true, maxSockets: max }));
  return agents.get(max);
}

/**
 * @typedef {object} RequestOptions
 * @property {unknown} [body] a Buffer (sent as it is, as JSON) or a value (JSON.stringify'd); none: no body
 * @property {string | null} [token] a JWT or an API key, sent as `Authorization: Bearer …`; none (or null): no header
 * @property {number} [timeoutMs] 0 (default): no timeout
 * @property {http.Agent | false} [agent] false: not the shared pool but Node's global agent; default: a shared keep-alive agent per maxSockets
 * @property {number} [maxSockets] of that shared agent (default 16)
 */

/**
 * @typedef {object} Response
 * @property {number} status
 * @property {string} text
 * @property {any} json the parsed body, null when not JSON
 */

/**
 * One HTTP request. body: Buffer (sent as JSON) or a value (JSON.stringify'd).
 * Resolves { status, text, json } (json null when not JSON).
 * @param {string} method
 * @param {string} url
 * @param {RequestOptions} [options]
 * @returns {Promise<Response>}
 */
function request(method, url, { body, token, timeoutMs = 0, agent, maxSockets = 16 } = {}) {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? null : Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body));
    /** @type {http.OutgoingHttpHeaders} */
    const headers = { accept: 'application/json' };
    if (payload) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = payload.length;
    }
    if (token) headers.authorization = `Bearer ${token}`;
    const req = http.request(url, { method, headers, agent: agent === false ? undefined : (agent ?? agentFor(maxSockets)) }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json = null;
        try {
          json = JSON.parse(text);
        } catch {
          // not JSON
        }
        // A client's response always has a status code (statusCode is optional only for a server's request).
        resolve({ status: /** @type {number} */ (res.statusCode), text, json });
      });
      res.on('error', reject);
    });
    if (timeoutMs) req.setTimeout(timeoutMs, () => req.destroy(new Error(`${method} ${url} timed out after ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(payload ?? undefined);
  });
}

/**
 * request() that throws unless the status is expected; returns the parsed JSON body.
 * @param {string} method
 * @param {string} url
 * @param {RequestOptions} [opts]
 * @param {number[]} [expect]
 * @returns {Promise<any>}
 */
async function call(method, url, opts = {}, expect = [200, 201]) {
  const res = await request(method, url, opts);
  if (!expect.includes(res.status)) throw new Error(`${method} ${url} → ${res.status}: ${res.text.slice(0, 2000)}`);
  return res.json;
}

/**
 * The admin's access token (JWT).
 * @param {{ api: string }} app
 * @returns {Promise<string>}
 */
async function login(app) {
  const r = await call('POST', `${app.api}/auth/login`, { body: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD } }, [200]);
  return r.accessToken;
}

async function stopAll() {
  await Promise.all([...live].map((a) => a.stop(10_000).catch(() => undefined)));
}

/** Sync last resort on process exit. */
function killAllSync() {
  for (const a of live) {
    try {
      a.child.kill('SIGKILL');
    } catch {
      // gone
    }
  }
}

module.exports = {
  MAIN_JS,
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
  freePort,
  spawnApp,
  waitHealthy,
  request,
  call,
  login,
  stopAll,
  killAllSync,
  sleep,
};
