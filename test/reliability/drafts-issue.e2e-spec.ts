import { Client } from 'pg';
import { ApiProcess, seedBillingWork, startApiProcess } from '../support/cluster';
import { createTestDatabase, TestDatabase } from '../support/database';
import { record, RELIABILITY_TIMEOUT_MS, size } from '../support/soak';

/**
 * Issuing drafts (issue #15, "Done when"): two API processes (the built server) issue the same drafts at the end of
 * their review window at once, and a process is SIGKILLed in the middle of issuing and started again. Each draft is
 * issued exactly once, numbers are 1..n without gap or repeat, and nothing is half-issued (a draft has no number,
 * an issued bill has one: the bills_draft_check constraint holds it, and the audit below counts it).
 *
 * Independent model: weekly periods from Monday 2026-01-05 (period k covers 5 + 7k … 11 + 7k January, UTC), a
 * review window of 90 days, so period k's window ends at the start of its last day + 91 days.
 */
jest.setTimeout(RELIABILITY_TIMEOUT_MS);

const DAY = 86_400_000;
const FIRST_MONDAY = Date.parse('2026-01-05T00:00:00Z');
const REVIEW_DAYS = 90;
/** Periods closed by `asOf`, and how many of them have their window ended by then (per association). */
function model(asOf: string): { closed: number; issued: number } {
  const at = Date.parse(asOf);
  let closed = 0;
  let issued = 0;
  for (let k = 0; FIRST_MONDAY + (k + 1) * 7 * DAY <= at; k++) {
    closed++;
    const lastDay = FIRST_MONDAY + (k * 7 + 6) * DAY;
    if (lastDay + (REVIEW_DAYS + 1) * DAY <= at) issued++;
  }
  return { closed, issued };
}

describe('drafts issued by two instances at once, and by one killed in the middle', () => {
  const DEPARTMENTS = size(1100, 4000); // more than two issuing batches of 500
  let db: TestDatabase;
  let pg: Client;
  let nodes: ApiProcess[] = [];
  const one = async (sql: string) => Number((await pg.query(sql)).rows[0].n);
  const audit = async () =>
    (
      await pg.query(`SELECT count(*)::int AS bills, count(*) FILTER (WHERE status = 'draft')::int AS drafts,
        count(*) FILTER (WHERE status <> 'draft')::int AS issued, count(DISTINCT sequence)::int AS sequences,
        coalesce(min(sequence), 0)::int AS lo, coalesce(max(sequence), 0)::int AS hi, count(DISTINCT number)::int AS numbers,
        count(*) FILTER (WHERE (status = 'draft') <> (number IS NULL))::int AS half
        FROM bills`)
    ).rows[0] as Record<string, number>;

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

  it('two instances: every draft whose window ended is issued once, numbered 1..n', async () => {
    nodes = await Promise.all([0, 1].map(() => startApiProcess(db.url)));
    const tokens = await Promise.all(nodes.map((n) => n.login()));
    const work = await seedBillingWork(nodes[0], tokens[0], DEPARTMENTS, 2);
    expect((await nodes[0].request('PATCH', '/organization', { token: tokens[0], body: { reviewDays: REVIEW_DAYS } })).status).toBe(200);

    // 2026-04-01: 12 periods closed, none of their windows ended yet (the first ends 2026-04-12): all drafts.
    expect(model('2026-04-01T00:00:00Z')).toEqual({ closed: 12, issued: 0 });
    const first = await nodes[0].request('POST', '/billing-runs', { token: tokens[0], body: { asOf: '2026-04-01T00:00:00Z' } });
    expect(first.body).toMatchObject({ billsCreated: DEPARTMENTS * 12, draftsIssued: 0 });

    // Both at once, as of 2026-05-04, when 4 windows per association have ended (last days 01-11 … 02-01, + 91 days).
    const asOf = '2026-05-04T00:00:00Z';
    const may = model(asOf);
    expect(may).toEqual({ closed: 17, issued: 4 });
    const results = await Promise.all(
      nodes.map((n, i) =>
        n.request('POST', '/billing-runs', { token: tokens[i], body: { asOf } }).then((r) => r.body.draftsIssued as number),
      ),
    );
    expect(results.reduce((a, b) => a + b, 0)).toBe(DEPARTMENTS * may.issued);
    const expected = DEPARTMENTS * may.issued;
    expect(await audit()).toEqual({
      bills: DEPARTMENTS * 17,
      drafts: DEPARTMENTS * 17 - expected,
      issued: expected,
      sequences: expected,
      lo: 1,
      hi: expected,
      numbers: expected,
      half: 0,
    });
    // Issued in window order: a later period never has a smaller number than an earlier one of the same association.
    expect(
      await one(`SELECT count(*)::int AS n FROM bills a JOIN bills b ON b.association_id = a.association_id
                  AND b.period_start > a.period_start AND b.sequence < a.sequence`),
    ).toBe(0);
    record('drafts.two-instances', { departments: DEPARTMENTS, sessions: work.sessions, issued: expected, split: results });
  });

  it('SIGKILL while issuing, then restarted: issued once, no gap, nothing half-issued', async () => {
    await nodes[1].stop();
    const node = nodes[0];
    nodes = [node];
    const token = await node.login();
    // 2026-07-10: 26 periods closed, the windows of periods 0..12 ended (9 more per association than above).
    const asOf = '2026-07-10T00:00:00Z';
    const target = model(asOf);
    const before = (await audit()).issued;
    let finished = false;
    const run = node.request('POST', '/billing-runs', { token, body: { asOf } }).then(
      () => (finished = true),
      () => undefined,
    );
    while (!finished && (await audit()).issued === before) await new Promise((r) => setTimeout(r, 10));
    await node.kill();
    await run;
    const atKill = await audit();
    expect(finished).toBe(false);
    expect(atKill.issued).toBeGreaterThan(before);
    expect(atKill.issued).toBeLessThan(DEPARTMENTS * target.issued);
    expect(atKill).toMatchObject({ sequences: atKill.issued, lo: 1, hi: atKill.issued, numbers: atKill.issued, half: 0 });

    nodes = [await startApiProcess(db.url)];
    const again = await nodes[0].request('POST', '/billing-runs', { token: await nodes[0].login(), body: { asOf } });
    expect(again.status).toBe(201);
    const issued = DEPARTMENTS * target.issued;
    expect(target).toEqual({ closed: 26, issued: 13 });
    expect(await audit()).toMatchObject({
      bills: DEPARTMENTS * 26,
      issued,
      sequences: issued,
      lo: 1,
      hi: issued,
      numbers: issued,
      half: 0,
    });
    record('drafts.crash', { issuedBefore: before, issuedAtKill: atKill.issued, issuedAfter: issued });
  });
});
