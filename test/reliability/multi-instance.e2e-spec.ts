import { Client } from 'pg';
import { createTestDatabase, TestDatabase } from '../support/database';
import { ApiProcess, auditBilling, expectedAudit, seedBillingWork, startApiProcess } from '../support/cluster';
import { record, RELIABILITY_TIMEOUT_MS, size } from '../support/soak';

/**
 * Several instances: three API processes (the built server, as `npm start` runs it) on one PostgreSQL run
 * billing for the same cycles at once — from the API and from their crons — and every due bill exists
 * exactly once, numbered without gaps or repeats.
 */
jest.setTimeout(RELIABILITY_TIMEOUT_MS);

describe('three API processes billing the same cycles at once', () => {
  const DEPARTMENTS = size(1100, 5000); // more than two claim batches (500 associations each)
  const SESSIONS_PER_DEPARTMENT = size(10, 40);
  const PERIODS = 25; // weekly from 2026-01-05, closed by 2026-07-01
  let db: TestDatabase;
  let pg: Client;
  let nodes: ApiProcess[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    pg = new Client({ connectionString: db.url });
    await pg.connect();
  });
  afterAll(async () => {
    await Promise.all(nodes.map((n) => n.stop()));
    await pg?.end();
    await db?.drop();
  });

  it('creates every due bill exactly once, numbered 1..n, whatever the interleaving', async () => {
    // All three start at once on an empty database: the first-start bootstrap runs once.
    nodes = await Promise.all([0, 1, 2].map(() => startApiProcess(db.url)));
    const orgs = await pg.query(`SELECT count(*)::int AS n FROM organizations`);
    expect(orgs.rows[0].n).toBe(1);

    const tokens = await Promise.all(nodes.map((n) => n.login()));
    const work = await seedBillingWork(nodes[0], tokens[0], DEPARTMENTS, SESSIONS_PER_DEPARTMENT);

    // Each node runs billing twice, concurrently with the others; one node first closes an earlier cut-off,
    // so runs overlap on different sets of periods.
    const runs = nodes.flatMap((n, i) => [
      (async () => {
        const results = [];
        for (const asOf of i === 2 ? ['2026-03-01T00:00:00Z', '2026-07-01T00:00:00Z'] : ['2026-07-01T00:00:00Z', '2026-07-01T00:00:00Z']) {
          const res = await n.request('POST', '/billing-runs', { token: tokens[i], body: { asOf } });
          expect(res.status).toBe(201);
          results.push(res.body.billsCreated as number);
        }
        return results;
      })(),
    ]);
    const created = (await Promise.all(runs)).flat();
    const expected = expectedAudit(work, PERIODS);
    // Bills created as reported by the runs add up to what exists: no run counted a bill another one made.
    expect(created.reduce((a, b) => a + b, 0)).toBe(expected.bills);
    // More than one node did part of the work (otherwise the test proved nothing about concurrency).
    expect(created.filter((c) => c > 0).length).toBeGreaterThan(1);

    expect(await auditBilling(async (sql) => (await pg.query(sql)).rows)).toEqual(expected);

    // A second round from all three finds nothing left.
    const again = await Promise.all(
      nodes.map((n, i) => n.request('POST', '/billing-runs', { token: tokens[i], body: { asOf: '2026-07-01T00:00:00Z' } })),
    );
    expect(again.map((r) => r.body.billsCreated)).toEqual([0, 0, 0]);
    record('multi-instance.api', {
      processes: 3,
      departments: DEPARTMENTS,
      sessions: work.sessions,
      bills: expected.bills,
      billsCreatedPerRun: created,
    });
  });

  it('keeps the numbering gapless when the three crons close the next cycle together', async () => {
    await Promise.all(nodes.map((n) => n.stop()));
    const before = (await pg.query(`SELECT count(*)::int AS n FROM bills`)).rows[0].n as number;
    // The crons bill up to "now" (2026-11-26 or later): every week since July, for every association.
    nodes = await Promise.all([0, 1, 2].map(() => startApiProcess(db.url, { BILLING_CRON_ENABLED: 'true', BILLING_CRON: '* * * * * *' })));
    const weeksSinceJuly = (
      await pg.query(`SELECT floor(extract(epoch FROM (now() - timestamptz '2026-06-29T00:00:00Z')) / 604800)::int AS n`)
    ).rows[0].n as number;
    const target = before + DEPARTMENTS * weeksSinceJuly;
    const deadline = Date.now() + 120_000;
    let count = before;
    while (count < target && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      count = (await pg.query(`SELECT count(*)::int AS n FROM bills`)).rows[0].n;
    }
    // Let a cron tick that might still be running finish before the final look.
    await Promise.all(nodes.map((n) => n.stop()));
    nodes = [];
    const audit = await auditBilling(async (sql) => (await pg.query(sql)).rows);
    expect(audit.bills).toBeGreaterThanOrEqual(target);
    record('multi-instance.cron', { processes: 3, billsBefore: before, billsAfter: audit.bills, target });
    expect(audit).toMatchObject({
      duplicatePeriods: 0,
      sequenceMin: 1,
      sequenceMax: audit.bills,
      distinctSequences: audit.bills,
      distinctNumbers: audit.bills,
      misbilledSessions: 0,
      unbilledSessions: 0,
      billsWithoutLines: 0,
      associationsOutOfStep: 0,
    });
  });
});
