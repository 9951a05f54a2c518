import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** A fresh database cloned from the migrated template: one per test file, dropped at the end. */
export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const server = process.env.RB_TEST_PG_SERVER;
  const template = process.env.RB_TEST_PG_TEMPLATE;
  if (!server || !template) throw new Error('Run tests through Jest (globalSetup starts PostgreSQL)');
  const name = `rb_test_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: server });
  await admin.connect();
  try {
    // Test files run in parallel workers (jest.config.js): PostgreSQL refuses a clone while another session is
    // connected to the template (55006, "being accessed by other users"), so that one error is retried.
    for (let attempt = 1; ; attempt++) {
      try {
        await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
        break;
      } catch (err) {
        if ((err as { code?: string }).code !== '55006' || attempt >= 20) throw err;
        await new Promise((r) => setTimeout(r, 50 * attempt));
      }
    }
  } finally {
    await admin.end();
  }
  return {
    url: withDatabase(server, name),
    name,
    drop: async () => {
      const c = new Client({ connectionString: server });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
