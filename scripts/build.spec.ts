import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { check, build, readStamp } = require('./build') as {
  check(names?: string[], root?: string): Array<{ name: string; print: { hash: string; files: number }; reason: string | null }>;
  build(todo: unknown[], opts: { root: string; stdio?: 'ignore' }): number;
  readStamp(name: string, root: string): { fingerprint: string } | null;
};

/** A tiny workspace with the layout scripts/build.js knows, whose build scripts are fakes writing the outputs. */
function workspace(buildApi: string): string {
  const root = mkdtempSync(join(tmpdir(), 'rb-build-stamp-'));
  const write = (file: string, text: string) => {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), text);
  };
  write('apps/api/src/main.ts', 'export const a = 1;\n');
  write('apps/api/src/main.spec.ts', 'test\n');
  write('libs/billing/src/money.ts', 'export const m = 1;\n');
  write('libs/invoicing/src/html.ts', 'export const h = 1;\n');
  write('apps/admin/src/main.ts', 'export const b = 1;\n');
  write('tsconfig.json', '{}');
  write('nest-cli.json', '{}');
  write('angular.json', '{}');
  write('package-lock.json', '{}');
  const out = (file: string) =>
    `require('fs').mkdirSync(require('path').dirname('${file}'),{recursive:true});require('fs').writeFileSync('${file}','')`;
  write(
    'package.json',
    JSON.stringify({
      name: 'fake',
      version: '0.0.0',
      scripts: {
        'build:api': buildApi || `node -e "${out('dist/apps/api/apps/api/src/main.js')}"`,
        'build:admin': `node -e "${out('dist/apps/admin/browser/index.html')}"`,
      },
    }),
  );
  return root;
}

const reasons = (root: string) => Object.fromEntries(check(undefined, root).map((h) => [h.name, h.reason]));

describe('scripts/build.js: a build stamp per half, so a current build is not built again', () => {
  const roots: string[] = [];
  const make = (buildApi = '') => {
    const root = workspace(buildApi);
    roots.push(root);
    return root;
  };
  afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

  it('builds what was never built, then finds both halves current (a second start builds nothing)', () => {
    const root = make();
    expect(reasons(root)).toEqual({ api: 'not built yet', admin: 'not built yet' });
    expect(build(check(undefined, root), { root, stdio: 'ignore' })).toBe(0);
    expect(reasons(root)).toEqual({ api: null, admin: null });
    expect(readStamp('api', root)?.fingerprint).toMatch(/^[0-9a-f]{64}$/);
  }, 30_000);

  it('makes only the half whose sources changed stale: an edit, a new file, a deleted file, the lock file', () => {
    const root = make();
    build(check(undefined, root), { root, stdio: 'ignore' });
    // libs/invoicing feeds the API only; libs/billing both (the console imports @app/billing).
    writeFileSync(join(root, 'libs/invoicing/src/html.ts'), 'export const h = 2;\n');
    expect(reasons(root)).toEqual({ api: 'sources changed since the last build', admin: null });
    build(check(['api'], root), { root, stdio: 'ignore' });
    expect(reasons(root)).toEqual({ api: null, admin: null });
    writeFileSync(join(root, 'libs/billing/src/money.ts'), 'export const m = 2;\n');
    expect(reasons(root)).toEqual({ api: 'sources changed since the last build', admin: 'sources changed since the last build' });
    build(check(undefined, root), { root, stdio: 'ignore' });
    expect(reasons(root)).toEqual({ api: null, admin: null });

    writeFileSync(join(root, 'apps/admin/src/extra.ts'), 'export {};\n');
    expect(reasons(root)).toEqual({ api: null, admin: 'sources changed since the last build' });
    unlinkSync(join(root, 'apps/admin/src/extra.ts'));
    expect(reasons(root)).toEqual({ api: null, admin: null }); // back to what was built

    unlinkSync(join(root, 'apps/api/src/main.ts'));
    expect(reasons(root).api).toBe('sources changed since the last build');
    writeFileSync(join(root, 'apps/api/src/main.ts'), 'export const a = 1;\n');
    writeFileSync(join(root, 'package-lock.json'), '{"lockfileVersion":3}');
    expect(reasons(root)).toEqual({ api: 'sources changed since the last build', admin: 'sources changed since the last build' });
  }, 30_000);

  it('ignores test files and file times: the content decides', () => {
    const root = make();
    build(check(undefined, root), { root, stdio: 'ignore' });
    writeFileSync(join(root, 'apps/api/src/main.spec.ts'), 'another test\n');
    writeFileSync(join(root, 'apps/api/src/main.ts'), 'export const a = 1;\n'); // same content, new mtime
    expect(reasons(root)).toEqual({ api: null, admin: null });
  }, 30_000);

  it('is stale when the output or the stamp is missing', () => {
    const root = make();
    build(check(undefined, root), { root, stdio: 'ignore' });
    unlinkSync(join(root, 'dist/apps/api/.build-stamp.json'));
    expect(reasons(root).api).toBe('built without a stamp');
    rmSync(join(root, 'dist/apps/admin'), { recursive: true });
    expect(reasons(root).admin).toBe('not built yet');
  }, 30_000);

  it('writes no stamp for a failed build, and stops before the next half', () => {
    const root = make('node -e "process.exit(3)"');
    expect(build(check(undefined, root), { root, stdio: 'ignore' })).toBe(3);
    expect(readStamp('api', root)).toBeNull();
    expect(existsSync(join(root, 'dist/apps/admin/browser/index.html'))).toBe(false);
  }, 30_000);

  it('stamps the sources as they were when the build started: an edit during the build leaves it stale', () => {
    const root = make(
      `node -e "require('fs').writeFileSync('apps/api/src/main.ts','edited meanwhile');require('fs').mkdirSync('dist/apps/api/apps/api/src',{recursive:true});require('fs').writeFileSync('dist/apps/api/apps/api/src/main.js','')"`,
    );
    expect(build(check(['api'], root), { root, stdio: 'ignore' })).toBe(0);
    expect(reasons(root).api).toBe('sources changed since the last build');
  }, 30_000);
});
