import { Client } from 'pg';
import { ApiProcess, auditBilling, BillingWork, expectedAudit, inParallel, seedBillingWork, startApiProcess } from '../support/cluster';
import { createTestDatabase, TestDatabase } from '../support/database';
import { startSmtp, TestSmtp, waitFor } from '../support/smtp';
import { record, RELIABILITY_TIMEOUT_MS, size } from '../support/soak';

/**
 * Crash: the API process is killed with SIGKILL (no shutdown hook runs) in the middle of a large billing run
 * and in the middle of an e-mail batch, then started again on the same database.
 * Billing: every bill is written in the transaction that marks its sessions and advances its association, so a
 * kill loses only uncommitted work, which the next run redoes: nothing missing, nothing doubled, no gap.
 * E-mail: at least once. A delivery is claimed (committed) before any SMTP traffic; one whose process died
 * mid-send is claimed again when its lease (MAIL_LEASE_SECONDS) ends and sent again, with the same Message-ID.
 * So nothing queued is lost; a message the SMTP server accepted just before the kill can arrive twice.
 */
jest.setTimeout(RELIABILITY_TIMEOUT_MS);

describe('SIGKILL in the middle of a billing run and of an e-mail batch', () => {
  const DEPARTMENTS = size(1200, 5000); // three or more claim batches of 500 associations, each its own transaction
  const PERIODS = 25;
  const AS_OF = '2026-07-01T00:00:00Z';
  let db: TestDatabase;
  let pg: Client;
  let node: ApiProcess | null = null;
  let work: BillingWork;
  const count = async (sql: string) => Number((await pg.query(sql)).rows[0].n);
  const audit = () => auditBilling(async (sql) => (await pg.query(sql)).rows);

  beforeAll(async () => {
    db = await createTestDatabase();
    pg = new Client({ connectionString: db.url });
    await pg.connect();
  });
  afterAll(async () => {
    await node?.stop();
    await pg?.end();
    await db?.drop();
  });

  /** Starts a billing run on `p` and SIGKILLs the process when `killNow()` says so (or the run ends first). */
  async function killDuringRun(p: ApiProcess, killNow: () => Promise<boolean>): Promise<{ billsAtKill: number; runFinished: boolean }> {
    let runFinished = false;
    const run = p.request('POST', '/billing-runs', { token: await p.login(), body: { asOf: AS_OF } }).then(
      () => (runFinished = true),
      () => undefined, // the connection dies with the process
    );
    while (!runFinished && !(await killNow())) await new Promise((r) => setTimeout(r, 10));
    await p.kill();
    await run;
    return { billsAtKill: await count(`SELECT count(*)::int AS n FROM bills`), runFinished };
  }

  /** The state a killed run leaves must be whole: committed bills with their lines and sessions, nothing half-written. */
  async function expectWholePartialState(expectedBills: number, billsAtKill: number): Promise<void> {
    const partial = await audit();
    expect(partial).toEqual({
      ...expectedAudit(work, PERIODS),
      bills: billsAtKill,
      sequenceMax: billsAtKill,
      distinctSequences: billsAtKill,
      distinctNumbers: billsAtKill,
      unbilledSessions: partial.unbilledSessions,
      sessionsOnLines: work.sessions - partial.unbilledSessions,
    });
    expect(billsAtKill).toBeLessThan(expectedBills);
    expect(partial.unbilledSessions).toBeGreaterThan(0);
  }

  it('billing: killed between two commits and inside a transaction, then restarted: every bill exactly once, numbers 1..n', async () => {
    node = await startApiProcess(db.url);
    work = await seedBillingWork(node, await node.login(), DEPARTMENTS, size(10, 40));
    const expected = expectedAudit(work, PERIODS);
    const bills = () => count(`SELECT count(*)::int AS n FROM bills`);

    // 1. As soon as the first batch (500 associations) has committed, with more batches to go.
    const first = await killDuringRun(node, async () => (await bills()) > 0);
    expect(first.runFinished).toBe(false);
    expect(first.billsAtKill).toBeGreaterThan(0);
    await expectWholePartialState(expected.bills, first.billsAtKill);

    // 2. Restarted, killed 400 ms into the resumed run: inside its first transaction, which dies uncommitted.
    node = await startApiProcess(db.url);
    const started = Date.now();
    const second = await killDuringRun(node, async () => Date.now() - started > 400);
    expect(second.runFinished).toBe(false);
    expect(second.billsAtKill).toBe(first.billsAtKill);
    await expectWholePartialState(expected.bills, second.billsAtKill);

    // 3. Restarted again: the run finishes the work, and nothing is left for another.
    node = await startApiProcess(db.url);
    const token = await node.login();
    const rest = await node.request('POST', '/billing-runs', { token, body: { asOf: AS_OF } });
    expect(rest.status).toBe(201);
    expect(rest.body.billsCreated).toBe(expected.bills - second.billsAtKill);
    expect(await audit()).toEqual(expected);
    const again = await node.request('POST', '/billing-runs', { token, body: { asOf: AS_OF } });
    expect(again.body.billsCreated).toBe(0);
    record('crash.billing', {
      departments: DEPARTMENTS,
      sessions: work.sessions,
      bills: expected.bills,
      billsAtFirstKill: first.billsAtKill,
      billsAtSecondKill: second.billsAtKill,
      billsAfterRestart: rest.body.billsCreated,
    });
    await node.stop();
    node = null;
  });

  describe('e-mail', () => {
    let smtp: TestSmtp;
    beforeAll(async () => {
      // A slow relay (150 ms per message) keeps several deliveries in flight when the kill comes.
      smtp = await startSmtp({ delayMs: 150 });
    });
    afterAll(() => smtp?.close());

    it('killed mid-batch, then restarted: every queued e-mail arrives, repeats only for messages in flight at the kill', async () => {
      const env = {
        SMTP_URL: smtp.url,
        OUTBOX_CRON: '* * * * * *',
        MAIL_LEASE_SECONDS: '5',
        PDF_CONCURRENCY: '2',
        MAIL_FROM: 'Billing <billing@crash.test>',
      };
      const EMAILS = size(60, 600);
      node = await startApiProcess(db.url, env);
      const token = await node.login();
      const bills = (await pg.query(`SELECT id, number FROM bills ORDER BY sequence LIMIT $1`, [EMAILS])).rows as {
        id: string;
        number: string;
      }[];
      expect(bills).toHaveLength(EMAILS);
      const queued = await inParallel(bills, 4, async (b) => {
        const res = await node!.request('POST', `/bills/${b.id}/email`, { token, body: {} });
        expect(res.status).toBe(202);
        return res.body.deliveryId as string;
      });

      await waitFor(async () => smtp.received.length >= EMAILS / 3, 60_000);
      await node.kill();
      node = null;
      const atKill = (await pg.query(`SELECT status, count(*)::int AS n FROM email_deliveries GROUP BY status`)).rows as {
        status: string;
        n: number;
      }[];
      const inFlight = atKill.find((r) => r.status === 'sending')?.n ?? 0;
      const sentAtKill = atKill.find((r) => r.status === 'sent')?.n ?? 0;
      // The kill landed in the middle: some sent, some not yet.
      expect(sentAtKill).toBeGreaterThan(0);
      expect(sentAtKill).toBeLessThan(EMAILS);

      node = await startApiProcess(db.url, env);
      await waitFor(async () => (await count(`SELECT count(*)::int AS n FROM email_deliveries WHERE status <> 'sent'`)) === 0, 120_000);
      await node.stop();
      node = null;

      // Every queued delivery reached the SMTP server, recognisable by its Message-ID and its invoice PDF.
      const byMessageId = new Map<string, number>();
      for (const m of smtp.received) byMessageId.set(m.messageId ?? '', (byMessageId.get(m.messageId ?? '') ?? 0) + 1);
      for (const id of queued) expect(byMessageId.has(`<${id}@crash.test>`)).toBe(true);
      expect(byMessageId.size).toBe(EMAILS);
      const attachments = new Set(smtp.received.map((m) => m.attachments[0]?.filename));
      expect(attachments).toEqual(new Set(bills.map((b) => `${b.number}.pdf`)));

      // Repeats: only deliveries that were in flight at the kill, each claimed exactly twice.
      const repeated = [...byMessageId].filter(([, n]) => n > 1).map(([id]) => id.slice(1, 37));
      expect(repeated.length).toBeLessThanOrEqual(inFlight);
      expect(smtp.received.length).toBe(EMAILS + repeated.length);
      if (repeated.length) {
        const attempts = (await pg.query(`SELECT attempts FROM email_deliveries WHERE id = ANY($1::uuid[])`, [repeated])).rows;
        expect(attempts.every((r: { attempts: number }) => r.attempts === 2)).toBe(true);
      }
      // A delivery sent once was claimed once, except those that were in flight at the kill.
      const reclaimed = await count(`SELECT count(*)::int AS n FROM email_deliveries WHERE attempts > 1`);
      expect(reclaimed).toBeLessThanOrEqual(inFlight);
      record('crash.email', {
        queued: EMAILS,
        sentAtKill,
        inFlightAtKill: inFlight,
        received: smtp.received.length,
        distinct: byMessageId.size,
        repeated: repeated.length,
        reclaimed,
      });
    });
  });
});
