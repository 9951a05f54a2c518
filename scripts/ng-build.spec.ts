import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { runGuarded } = require('./ng-build') as {
  runGuarded(opts: {
    command: string;
    args: string[];
    output: string;
    graceMs?: number;
    log?: Writable;
    stdout?: Writable;
  }): Promise<number>;
};

/** A fake `ng build`: optionally writes the output, prints the CLI's last line, then exits or keeps a child running. */
function fakeNg(opts: { write: boolean; hang: boolean; code?: number }, output: string): string[] {
  const script = [
    opts.write ? `require('fs').writeFileSync(${JSON.stringify(output)}, '<html></html>');` : '',
    `console.log('Output location: /somewhere');`,
    // like the esbuild service: a child that lives on and a handle that keeps the parent's event loop alive
    opts.hang
      ? `require('child_process').spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: ['pipe', 'ignore', 'ignore'] });`
      : '',
    opts.hang ? '' : `process.exitCode = ${opts.code ?? 0};`,
  ].join('\n');
  return ['-e', script];
}

function sink(): Writable & { text: () => string } {
  let text = '';
  const w = new Writable({
    write: (chunk, _enc, cb) => {
      text += chunk.toString();
      cb();
    },
  }) as Writable & { text: () => string };
  w.text = () => text;
  return w;
}

describe('scripts/ng-build.js: a finished Angular build that never exits does not hold the build', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rb-ng-build-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('a build that exits passes its own exit code through, whatever it printed', async () => {
    const output = join(dir, 'index.html');
    const log = sink();
    await expect(
      runGuarded({
        command: process.execPath,
        args: fakeNg({ write: true, hang: false, code: 0 }, output),
        output,
        graceMs: 5000,
        log,
        stdout: sink(),
      }),
    ).resolves.toBe(0);
    await expect(
      runGuarded({
        command: process.execPath,
        args: fakeNg({ write: true, hang: false, code: 3 }, output),
        output,
        graceMs: 5000,
        log,
        stdout: sink(),
      }),
    ).resolves.toBe(3);
    expect(log.text()).toBe('');
  });

  it('a build that reports completion, wrote its output and hangs is stopped and counts as a success', async () => {
    const output = join(dir, 'index.html');
    const log = sink();
    const started = Date.now();
    await expect(
      runGuarded({
        command: process.execPath,
        args: fakeNg({ write: true, hang: true }, output),
        output,
        graceMs: 500,
        log,
        stdout: sink(),
      }),
    ).resolves.toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(log.text()).toContain('did not exit within 0.5 s');
  });

  it('a build that reports completion without writing its output and hangs fails', async () => {
    const output = join(dir, 'index.html');
    const log = sink();
    await expect(
      runGuarded({
        command: process.execPath,
        args: fakeNg({ write: false, hang: true }, output),
        output,
        graceMs: 500,
        log,
        stdout: sink(),
      }),
    ).resolves.toBe(1);
    expect(log.text()).toContain('was not written: failing');
  });
});
