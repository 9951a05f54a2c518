const { rmSync } = require('node:fs');
const { Client } = require('pg');

module.exports = async function globalTeardown() {
  const t = globalThis.__RB_PG_TEMPLATE__;
  if (t && process.env.DATABASE_URL) {
    const admin = new Client({ connectionString: t.serverUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${t.template}`).catch(() => undefined);
    await admin.end();
  }
  const pg = globalThis.__RB_PG__;
  globalThis.__RB_PG_TEMPLATE__ = undefined;
  globalThis.__RB_PG__ = undefined;
  if (pg) {
    await pg.db.stop();
    rmSync(pg.dir, { recursive: true, force: true });
  }
};
