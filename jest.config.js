/**
 * One Jest run, three projects:
 *  - unit: *.spec.ts beside the code (scripts/ too) and test/architecture, no database
 *  - int:  *.int-spec.ts, real Postgres with the migrations applied
 *  - e2e:  test/**\/*.e2e-spec.ts, the whole app over HTTP (and the console in a real browser)
 * The int and e2e projects share one globalSetup (the same module: Jest runs it once per run, not once per
 * project) that starts one PostgreSQL for the run (embedded unless DATABASE_URL is set). Jest runs a
 * project's globalSetup only when that project has tests to run: `--selectProjects unit` starts no PostgreSQL.
 */
// Every test runs in UTC (workers inherit the environment of this process, which reads the config first).
process.env.TZ = 'UTC';

const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];
const moduleNameMapper = {
  '^@app/billing(|/.*)$': '<rootDir>/libs/billing/src$1',
  '^@app/invoicing(|/.*)$': '<rootDir>/libs/invoicing/src$1',
  '^@app/contracts(|/.*)$': '<rootDir>/libs/contracts/src$1',
};
const base = {
  rootDir: __dirname,
  // openapi-backend (test/support/contract.ts) needs json-schema-ref-parser, which ships only ES modules:
  // SWC turns them into CommonJS for Jest (Node 20 cannot require() ESM).
  transform: { '^.+\\.ts$': swc, '/node_modules/@apidevtools/json-schema-ref-parser/.+\\.js$': swc },
  transformIgnorePatterns: ['/node_modules/(?!@apidevtools/json-schema-ref-parser/)'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper,
  testEnvironment: 'node',
};
const withPostgres = {
  globalSetup: '<rootDir>/test/support/global-setup.js',
  globalTeardown: '<rootDir>/test/support/global-teardown.js',
};
/**
 * Workers: Jest's default (cores - 1) would be ONE worker on a 2-core CI machine, i.e. every file in turn. Most e2e time
 * is spent waiting (on PostgreSQL, on spawned API processes, on Chromium, on SMTP and webhook receivers), so files
 * run side by side: RB_TEST_WORKERS (or --maxWorkers) overrides. Each file has its own database cloned from the
 * template (test/support/database.ts), its own ports and temp folders, so files do not see each other.
 * Longest files start first (test/support/sequencer.js), so the run does not end on one long file alone.
 * On 2 cores the files run one at a time unless RB_TEST_WORKERS says otherwise: side by side (3 workers, then 2),
 * Chromium-heavy files starved each other in 3 of 7 clean runs on 2026-12-06 (a browser launch "Target closed", console
 * pages past their 15 s waits), while one at a time has passed every clean run so far. With 4 cores or more, one
 * worker per core.
 */
const cores = require('node:os').availableParallelism();
const maxWorkers = process.env.RB_TEST_WORKERS ? Number(process.env.RB_TEST_WORKERS) : cores >= 4 ? Math.min(8, cores) : 1;

module.exports = {
  testTimeout: 60000,
  maxWorkers,
  testSequencer: '<rootDir>/test/support/sequencer.js',
  projects: [
    {
      ...base,
      displayName: 'unit',
      testMatch: ['<rootDir>/{apps/api,libs,scripts}/**/*.spec.ts', '<rootDir>/test/architecture/*.spec.ts'],
    },
    { ...base, ...withPostgres, displayName: 'int', testMatch: ['<rootDir>/{apps/api,libs}/**/*.int-spec.ts'] },
    { ...base, ...withPostgres, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'] },
  ],
};
