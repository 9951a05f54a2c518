/**
 * The contract is generated from the code (`npm run contracts`) and checked in; these tests fail when a
 * generated file is stale, and when Redocly's recommended rules find any problem in the document.
 * With RB_UPDATE_CONTRACTS=1 (npm run contracts) they write the files instead.
 */
import { NestFactory } from '@nestjs/core';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppModule } from '../../apps/api/src/app.module';
import { loadConfig } from '../../apps/api/src/config/app-config';
import { API_PREFIX } from '../../apps/api/src/create-app';
import { buildOpenApiDocument } from '../../apps/api/src/openapi';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { generateMetadata, TYPES_ARGS } = require('../../scripts/contracts.js');

const root = join(__dirname, '../..');
const update = process.env.RB_UPDATE_CONTRACTS === '1';
const bin = (name: string) => join(root, 'node_modules/.bin', name);
const files = {
  metadata: join(root, 'apps/api/src/openapi-metadata.ts'),
  document: join(__dirname, 'openapi.json'),
  types: join(__dirname, 'src/api.ts'),
};

let tmp: string;
beforeAll(() => (tmp = mkdtempSync(join(tmpdir(), 'rb-contracts-'))));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The document as the API builds it, from the TypeScript sources, without a database (Nest's preview mode). */
async function currentDocument(): Promise<string> {
  const config = loadConfig({ LOG_LEVEL: 'silent', DATA_DIR: join(tmp, 'data') });
  const app = await NestFactory.create(
    AppModule.forRoot({ config, databaseUrl: 'postgres://unused@127.0.0.1:1/unused', jwtSecret: 'x'.repeat(32) }),
    { preview: true, logger: false },
  );
  app.setGlobalPrefix(API_PREFIX);
  const doc = await buildOpenApiDocument(app);
  await app.close();
  return `${JSON.stringify(doc, null, 2)}\n`;
}

function expectCurrent(file: string, generated: string, hint: string): void {
  if (update) {
    writeFileSync(file, generated);
    return;
  }
  const committed = readFileSync(file, 'utf8');
  if (committed !== generated) throw new Error(`${file} is stale (${hint}): run \`npm run contracts\` and commit the result`);
}

test('the Swagger plugin metadata is generated from the current sources', () => {
  if (update) return; // scripts/contracts.js wrote it before starting this process
  generateMetadata(tmp, 'openapi-metadata.ts');
  expectCurrent(files.metadata, readFileSync(join(tmp, 'openapi-metadata.ts'), 'utf8'), 'a DTO, view or controller changed');
}, 60_000);

test('libs/contracts/openapi.json is the document the API serves', async () => {
  expectCurrent(files.document, await currentDocument(), 'an operation or a schema changed');
});

test('libs/contracts/src/api.ts holds the types of the current document', () => {
  const out = join(tmp, 'api.ts');
  execFileSync(bin('openapi-typescript'), [files.document, '-o', out, ...TYPES_ARGS], { cwd: root, stdio: 'pipe' });
  expectCurrent(files.types, readFileSync(out, 'utf8'), 'the document changed');
}, 60_000);

test('Redocly (recommended rules) finds no error and no warning in the document', () => {
  const r = spawnSync(bin('redocly'), ['lint', files.document, '--format=json'], { cwd: root, encoding: 'utf8' });
  const report = JSON.parse(r.stdout) as {
    totals: { errors: number; warnings: number };
    problems: { ruleId: string; message: string; location: { pointer?: string }[] }[];
  };
  const problems = report.problems.map((p) => `${p.ruleId}: ${p.message} at ${p.location[0]?.pointer ?? '?'}`);
  expect(problems).toEqual([]);
  expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
}, 60_000);
