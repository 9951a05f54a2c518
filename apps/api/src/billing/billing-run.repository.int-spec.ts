import { covers, isDeviceActiveIn } from '@app/billing';
import fc from 'fast-check';
import { Client } from 'pg';
import { createTestDatabase, TestDatabase } from '../../../../test/support/database';
import { COVERED } from '../usage/sessions.repository';
import { DEVICE_ACTIVE_IN } from './billing-run.repository';

/**
 * The rules the billing run writes in SQL for speed, checked against their pure twins in libs/billing on the
 * same fixtures (edge cases and random ones), so the two can never disagree.
 */
describe('billing SQL fragments agree with libs/billing (Postgres)', () => {
  let db: TestDatabase;
  let pg: Client;
  beforeAll(async () => {
    db = await createTestDatabase();
    pg = new Client({ connectionString: db.url });
    await pg.connect();
  });
  afterAll(async () => {
    await pg?.end();
    await db?.drop();
  });

  const T = Date.parse('2026-01-01T00:00:00Z');
  const instant = fc.integer({ min: 0, max: 40 }).map((d) => new Date(T + d * 86_400_000));

  it('DEVICE_ACTIVE_IN is isDeviceActiveIn', async () => {
    const cases = fc.sample(
      fc
        .tuple(instant, fc.option(fc.nat(10), { nil: null }), instant, fc.integer({ min: 0, max: 10 }))
        .map(([enrolledAt, len, start, span]) => ({
          enrolledAt,
          removedAt: len === null ? null : new Date(enrolledAt.getTime() + len * 86_400_000),
          start,
          end: new Date(start.getTime() + span * 86_400_000),
        })),
      { numRuns: 400, seed: 7 },
    );
    // The edges: an empty interval inside the range, touching intervals, and an empty range.
    const d = (n: number) => new Date(T + n * 86_400_000);
    cases.push(
      { enrolledAt: d(5), removedAt: d(5), start: d(0), end: d(10) },
      { enrolledAt: d(0), removedAt: d(5), start: d(5), end: d(10) },
      { enrolledAt: d(10), removedAt: null, start: d(5), end: d(10) },
      { enrolledAt: d(0), removedAt: null, start: d(5), end: d(5) },
    );
    const { rows } = await pg.query(
      `SELECT ${DEVICE_ACTIVE_IN} AS active
         FROM unnest($1::timestamptz[], $2::timestamptz[], $3::timestamptz[], $4::timestamptz[]) WITH ORDINALITY
           AS t(enrolled_at, removed_at, range_start, range_end, n)
        CROSS JOIN LATERAL (SELECT t.enrolled_at, t.removed_at) e
        CROSS JOIN LATERAL (SELECT t.range_start, t.range_end) slot
        ORDER BY t.n`,
      [cases.map((c) => c.enrolledAt), cases.map((c) => c.removedAt), cases.map((c) => c.start), cases.map((c) => c.end)],
    );
    expect(rows.map((r) => r.active)).toEqual(cases.map((c) => isDeviceActiveIn(c, c)));
    expect(rows.slice(-4).map((r) => r.active)).toEqual([false, false, false, false]);
  });

  it('COVERED is covers', async () => {
    const cases = fc.sample(
      fc
        .tuple(instant, fc.option(instant, { nil: null }), instant)
        .map(([startsAt, endedAt, startedAt]) => ({ startsAt, endedAt, startedAt })),
      { numRuns: 300, seed: 11 },
    );
    // COVERED reads `associations a` and `sessions s`: here both are one row per case.
    const fragment = COVERED.replace(
      'FROM associations a',
      'FROM (SELECT 1 AS organization_id, 2 AS department_id, t.starts_at, t.ended_at) a',
    );
    const { rows } = await pg.query(
      `SELECT ${fragment} AS covered
         FROM unnest($1::timestamptz[], $2::timestamptz[], $3::timestamptz[]) WITH ORDINALITY AS t(starts_at, ended_at, started_at, n)
        CROSS JOIN LATERAL (SELECT 1 AS organization_id, 2 AS department_id, t.started_at) s
        ORDER BY t.n`,
      [cases.map((c) => c.startsAt), cases.map((c) => c.endedAt), cases.map((c) => c.startedAt)],
    );
    expect(fragment).not.toBe(COVERED);
    expect(rows.map((r) => r.covered)).toEqual(cases.map((c) => covers(c, c.startedAt)));
  });
});
