import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const ROOT = join(__dirname, '../..');
export const MAIN_JS = join(ROOT, 'dist/apps/api/apps/api/src/main.js');
/** What `npm start` runs: builds the halves whose sources changed, then the server in the same process. */
export const START_JS = join(ROOT, 'scripts/start.js');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

/** The built server (or `script`, e.g. START_JS), with its output collected. */
export interface ServerProcess {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

export function startServer(env: Record<string, string>, script = MAIN_JS): ServerProcess {
  return spawnCollected(process.execPath, [script], env);
}

/** `npm start` itself (npm, its shell, then scripts/start.js), e.g. to check that npm hands signals on. */
export function startNpm(env: Record<string, string>): ServerProcess {
  return spawnCollected('npm', ['start', '--silent'], env);
}

function spawnCollected(command: string, args: string[], env: Record<string, string>): ServerProcess {
  let output = '';
  const child = spawn(command, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', TZ: 'UTC', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (c) => (output += c.toString()));
  child.stderr!.on('data', (c) => (output += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

export async function waitForHealthy(url: string, server: ServerProcess, timeoutMs = 60_000): Promise<number> {
  const started = Date.now();
  let exitCode: number | null | undefined;
  void server.exited.then((c) => (exitCode = c));
  while (Date.now() - started < timeoutMs) {
    if (exitCode !== undefined) throw new Error(`server exited (${exitCode}):\n${server.output()}`);
    try {
      const res = await fetch(`${url}/api/v1/health`);
      if (res.status === 200) return Date.now() - started;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server not healthy after ${timeoutMs} ms:\n${server.output()}`);
}
