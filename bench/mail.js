'use strict';
/**
 * mail: 1,000 invoice e-mails with their PDFs through the outbox to a local SMTP server, against the pdf
 * benchmark's rate (rendering dominates: every e-mail renders its bill).
 *
 * - An smtp-server on 127.0.0.1 (free port, no auth, no STARTTLS) accepts every message and scans the raw
 *   data: the attachment's file name (`INV-….pdf`, one per bill) identifies the bill, and the message must
 *   carry an `application/pdf` part.
 * - The run's API is stopped and started again on the same Postgres with SMTP_URL pointing at that server and
 *   OUTBOX_CRON='* * * * * *' (the worker looks every second; default PDF_CONCURRENCY = 2), so no other worker
 *   takes deliveries.
 * - Bills: the first 1,000 non-void bills (by id) already in the table (e.g. from close or api); when there
 *   are fewer, one bill each for 1,000 extra ended associations is inserted by SQL in the shape insertBills
 *   writes (setup, not measured).
 * - Measured: from the first `POST /api/v1/bills/:id/email` (4 clients, admin JWT) until every delivery is
 *   `sent` (polled every 250 ms with `SELECT status, count(*) FROM email_deliveries GROUP BY 1`).
 *   lost = queued − distinct bills received by SMTP (must be 0); duplicates = messages received − distinct.
 * - Then, not measured: GET /api/v1/bills/:id/pdf for 20 bills one at a time (latency through the API).
 *
 * peakRssMb is the API process's (Node only); apiTreePeakRssMb adds its Chromium (summed VmRSS of the
 * browser processes, an upper bound).
 */
const { SMTPServer } = require('smtp-server');
const server = require('./lib/server');
const {
  ensureSellerProfile,
  PLAN_SNAPSHOT_SQL,
  buyerSql,
  LANGUAGE_SQL,
  sellerProfileIdSql,
  topStatements: readTopStatements,
} = require('./lib/pg');
const { sampleTree } = require('./lib/proctree');
const cpu = require('./lib/cpu');
const { join } = require('node:path');

const CLIENTS = 4;
const PDF_GETS = 20;
const round = (x, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

/** The SMTP sink: counts messages per attachment file name. */
async function startSmtp() {
  const state = { messages: 0, withPdf: 0, bytes: 0, byBill: new Map(), noName: 0, errors: 0 };
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    size: 20 * 1024 * 1024,
    onData(stream, _session, callback) {
      const chunks = [];
      stream.on('data', (c) => chunks.push(c));
      stream.on('error', () => state.errors++);
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('latin1');
        state.messages++;
        state.bytes += raw.length;
        if (raw.includes('application/pdf')) state.withPdf++;
        const m = /filename="?([^";\r\n]+\.pdf)/i.exec(raw);
        if (m) state.byBill.set(m[1], (state.byBill.get(m[1]) ?? 0) + 1);
        else state.noName++;
        callback();
      });
    },
  });
  await /** @type {Promise<void>} */ (
    new Promise((resolve, reject) => {
      smtp.once('error', reject);
      smtp.listen(0, '127.0.0.1', resolve);
    })
  );
  smtp.on('error', () => state.errors++);
  // Listening on a TCP host and port: address() is an AddressInfo (a string only for a pipe or socket path).
  const { port } = /** @type {import('node:net').AddressInfo} */ (smtp.server.address());
  /** @type {() => Promise<void>} */
  const close = () => new Promise((resolve) => smtp.close(() => resolve()));
  return { url: `smtp://127.0.0.1:${port}`, state, close };
}

/** One ended association per active one (first `n` by id) with one December 2025 bill each (SQL, setup). */
async function insertBills(ctx, n) {
  await ctx.ensureAssociations();
  const org = ctx.organizationId;
  await ctx.sql('BEGIN');
  try {
    await ctx.sql(
      `INSERT INTO associations (organization_id, id, plan_id, department_id, billing_cycle, bill_start_date, due_days, billing_address,
                                 recipients, time_zone, starts_at, ended_at, next_period_index, next_period_start, next_period_end, created_at, updated_at)
       SELECT a.organization_id, md5('mail:' || a.id)::uuid, a.plan_id, a.department_id, 'monthly', date '2025-12-01', a.due_days,
              a.billing_address, a.recipients, a.time_zone, (date '2025-12-01')::timestamp AT TIME ZONE a.time_zone, timestamptz '2026-01-01T00:00:00Z', 1,
              timestamptz '2026-01-01T00:00:00Z', timestamptz '2026-02-01T00:00:00Z', timestamptz '2025-11-01T00:00:00Z', now()
         FROM (SELECT * FROM associations WHERE organization_id = $1 AND ended_at IS NULL ORDER BY id LIMIT $2) a
       ON CONFLICT DO NOTHING`,
      [org, n],
    );
    await ctx.sql(`INSERT INTO bill_sequences (organization_id) VALUES ($1) ON CONFLICT DO NOTHING`, [org]);
    await ensureSellerProfile((text, params) => ctx.sql(text, params), org);
    const base = Number((await ctx.sql('SELECT last_value FROM bill_sequences WHERE organization_id = $1', [org])).rows[0].last_value);
    await ctx.sql(
      `INSERT INTO bills (organization_id, id, sequence, number, association_id, department_id, plan_id, period_index, period_start, period_end,
                          issue_date, due_date, time_zone, currency, department_name, plan_name, plan_snapshot, billing_address, recipients,
                          status, subtotal_minor, adjustments_minor, total_minor, paid_minor, balance_minor, seller_profile_id,
                          kind, buyer, language, review_until, issued_at)
       SELECT organization_id, id, seq, 'INV-' || lpad(seq::text, 6, '0'), association_id, department_id, plan_id, 0,
              timestamptz '2025-12-01T00:00:00Z', timestamptz '2026-01-01T00:00:00Z', date '2025-12-31', date '2025-12-31' + due_days,
              time_zone, currency, department_name, plan_name, plan_snapshot, billing_address, recipients, 'unpaid', amt, 0, amt, 0, amt,
              ${sellerProfileIdSql('$1')},
              -- issued (not drafts: bills_draft_check), untaxed (the defaults), not archived yet (archive_pending's default)
              'period', buyer, language, NULL, timestamptz '2026-01-01T00:00:00Z'
         FROM (
           SELECT h.organization_id, md5(h.id || ':0')::uuid AS id, $2 + row_number() OVER (ORDER BY h.id) AS seq,
                  h.id AS association_id, h.department_id, h.plan_id, h.due_days, h.time_zone, trim(p.currency) AS currency,
                  d.name AS department_name, p.name AS plan_name,
                  ${PLAN_SNAPSHOT_SQL}, ${buyerSql('h')} AS buyer, ${LANGUAGE_SQL} AS language,
                  h.billing_address, h.recipients,
                  (1 + abs(hashtext(h.id::text)) % 200) * p.session_rate_minor + (abs(hashtext(h.id || ':d')) % 8) * p.unattended_device_rate_minor AS amt
             FROM associations h
             JOIN plans p ON p.organization_id = h.organization_id AND p.id = h.plan_id
             JOIN departments d ON d.organization_id = h.organization_id AND d.id = h.department_id
             JOIN organizations org ON org.id = h.organization_id
            WHERE h.organization_id = $1 AND h.id IN (SELECT md5('mail:' || id)::uuid FROM associations WHERE organization_id = $1 AND ended_at IS NULL)
              AND NOT EXISTS (SELECT 1 FROM bills b WHERE b.organization_id = h.organization_id AND b.association_id = h.id)) x`,
      [org, base],
    );
    await ctx.sql(
      `INSERT INTO bill_lines (organization_id, bill_id, position, kind, description, quantity, unit, unit_amount_minor, amount_minor)
       SELECT b.organization_id, b.id, 1, 'sessions', 'Remote sessions', r.q, 'session', p.session_rate_minor, r.q * p.session_rate_minor
         FROM bills b JOIN plans p ON p.organization_id = b.organization_id AND p.id = b.plan_id
         CROSS JOIN LATERAL (SELECT 1 + abs(hashtext(b.association_id::text)) % 200 AS q) r
        WHERE b.organization_id = $1 AND b.period_start = '2025-12-01T00:00:00Z' AND NOT EXISTS (SELECT 1 FROM bill_lines l WHERE l.bill_id = b.id)
       UNION ALL
       SELECT b.organization_id, b.id, 2, 'devices', 'Unattended devices', r.dv, 'device', p.unattended_device_rate_minor, r.dv * p.unattended_device_rate_minor
         FROM bills b JOIN plans p ON p.organization_id = b.organization_id AND p.id = b.plan_id
         CROSS JOIN LATERAL (SELECT abs(hashtext(b.association_id || ':d')) % 8 AS dv) r
        WHERE b.organization_id = $1 AND b.period_start = '2025-12-01T00:00:00Z' AND r.dv > 0 AND NOT EXISTS (SELECT 1 FROM bill_lines l WHERE l.bill_id = b.id)`,
      [org],
    );
    await ctx.sql(
      'UPDATE bill_sequences SET last_value = (SELECT max(sequence) FROM bills WHERE organization_id = $1) WHERE organization_id = $1',
      [org],
    );
    await ctx.sql('COMMIT');
  } catch (e) {
    await ctx.sql('ROLLBACK').catch(() => undefined);
    throw e;
  }
  await ctx.vacuum('bills', 'bill_lines', 'associations');
}

async function pickBills(ctx, n) {
  const q = () =>
    ctx.sql(
      `SELECT id, number FROM bills WHERE organization_id = $1 AND status <> 'void' AND cardinality(recipients) > 0 ORDER BY id LIMIT $2`,
      [ctx.organizationId, n],
    );
  let rows = (await q()).rows;
  let source = 'existing bills';
  if (rows.length < n) {
    const t = Date.now();
    await insertBills(ctx, n);
    rows = (await q()).rows;
    source = 'existing bills + SQL-inserted December 2025 bills';
    ctx.log(`  bills inserted by SQL in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  }
  if (rows.length < n) throw new Error(`only ${rows.length} bills to e-mail, need ${n}`);
  return { bills: rows, source };
}

async function deliveryCounts(ctx) {
  const out = { queued: 0, sending: 0, sent: 0, failed: 0 };
  for (const r of (await ctx.sql('SELECT status, count(*)::int AS n FROM email_deliveries GROUP BY 1')).rows) out[r.status] = r.n;
  return out;
}

/** Tables whose row counters tell what the e-mails wrote. */
const TABLES = ['email_deliveries', 'audit_events', 'document_pdfs', 'bills', 'einvoice_documents'];

/**
 * Postgres's cumulative counters (database, WAL, the tables above). Backends publish theirs when a transaction ends
 * (at most once a second) and when they exit, so the second snapshot is taken after the API has stopped.
 */
async function pgCounters(ctx) {
  const r = (
    await ctx.sql(
      `SELECT (SELECT row_to_json(d) FROM (SELECT xact_commit, xact_rollback, tup_returned, tup_fetched, tup_inserted, tup_updated,
                                                  tup_deleted, blks_read, blks_hit
                                             FROM pg_stat_database WHERE datname = current_database()) d) AS db,
              (SELECT row_to_json(w) FROM (SELECT wal_records, wal_fpi, wal_bytes FROM pg_stat_wal) w) AS wal,
              (SELECT json_object_agg(relname, json_build_object('ins', n_tup_ins, 'upd', n_tup_upd, 'hotUpd', n_tup_hot_upd))
                 FROM pg_stat_user_tables WHERE relname = ANY($1)) AS tables`,
      [TABLES],
    )
  ).rows[0];
  let walFsyncs = null;
  try {
    walFsyncs = Number((await ctx.sql(`SELECT sum(fsyncs)::bigint AS n FROM pg_stat_io WHERE object = 'wal'`)).rows[0].n);
  } catch {
    // pg_stat_io has WAL rows from PostgreSQL 18 on
  }
  return { ...r, walFsyncs };
}

/** After − before, per e-mail (pollTransactions: the benchmark's own polling, taken out of xact_commit). */
function perEmail(before, after, count, pollTransactions) {
  const per = (a, b) => round((Number(b) - Number(a)) / count, 2);
  const db = {};
  for (const k of Object.keys(after.db)) db[k] = per(before.db[k], after.db[k]);
  db.xact_commit = round(db.xact_commit - pollTransactions / count, 2);
  const tables = {};
  for (const t of Object.keys(after.tables ?? {})) {
    const a = before.tables?.[t] ?? { ins: 0, upd: 0, hotUpd: 0 };
    tables[t] = {
      ins: per(a.ins, after.tables[t].ins),
      upd: per(a.upd, after.tables[t].upd),
      hotUpd: per(a.hotUpd, after.tables[t].hotUpd),
    };
  }
  return {
    db,
    walRecords: per(before.wal.wal_records, after.wal.wal_records),
    walKb: round((Number(after.wal.wal_bytes) - Number(before.wal.wal_bytes)) / 1024 / count, 1),
    walFpi: per(before.wal.wal_fpi, after.wal.wal_fpi),
    walFsyncs: before.walFsyncs === null || after.walFsyncs === null ? null : per(before.walFsyncs, after.walFsyncs),
    tables,
  };
}

/** CPU of one phase of the measured window: the API process, its Chromium, Postgres, the benchmark process. */
function phaseCpu(a, b, treeSec) {
  const d = cpu.diff(a, b);
  return { ...d, apiTreeSec: round(treeSec, 1), chromiumSec: d.appSec === null ? null : round(treeSec - d.appSec, 1) };
}

const percentile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

/** @param {import('./lib/context').RunArgs} args */
async function run({ quick, ctx, results }) {
  const count = quick ? 100 : 1000;
  await ctx.server();
  const { bills, source } = await pickBills(ctx, count);
  const before = await deliveryCounts(ctx);
  if (before.queued + before.sending > 0) throw new Error(`the outbox already holds unsent deliveries: ${JSON.stringify(before)}`);
  ctx.log(`  ${count} bills to e-mail (${source})`);

  const smtp = await startSmtp();
  let app;
  try {
    // The run's API has no SMTP_URL: stop it so only our worker takes deliveries, and start one that sends to the sink.
    await ctx.stopServer();
    const t0 = Date.now();
    // BENCH_MAIL_CPU_PROF=<dir>: a V8 CPU profile of this API process (written when it stops; a diagnostic, it slows it a little).
    const profDir = process.env.BENCH_MAIL_CPU_PROF;
    app = await server.spawnApp({
      dataDir: ctx.dir('app-mail'),
      databaseUrl: ctx.runningPg().url,
      env: { SMTP_URL: smtp.url, OUTBOX_CRON: '* * * * * *' },
      nodeArgs: profDir ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : [],
    });
    await server.waitHealthy(app);
    const token = await server.login(app);
    ctx.app = app; // so ctx.measure samples this process (and ctx.close stops it)
    ctx.token = token;
    ctx.log(`  API with SMTP_URL=${smtp.url}, OUTBOX_CRON='* * * * * *' up (pid ${app.pid}) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

    const tree = sampleTree(() => app.pid);
    let queueSeconds = NaN; // set by the measured function: ctx.measure returns only when it ran to its end
    let last = before;
    // Where the CPU goes in each phase: while the e-mails are being queued (the outbox sends meanwhile), and after.
    const pgData = join(ctx.runningPg().dataDir, 'pg');
    let polls = 0;
    await ctx.resetStatements();
    const counters0 = await pgCounters(ctx);
    const start = cpu.snapshot(app.pid, pgData);
    const phase = { start, queued: start, end: start, sentAtQueued: 0, tree0: tree.peek(), tree1: 0, tree2: 0 };
    const windowNs = { start: process.hrtime.bigint(), queued: 0n, end: 0n };
    const {
      value: seconds,
      peakRssMb,
      cpuSeconds,
    } = await ctx.measure(async () => {
      const t = process.hrtime.bigint();
      let next = 0;
      const worker = async () => {
        for (;;) {
          const i = next++;
          if (i >= bills.length) return;
          await server.call('POST', `${app.api}/bills/${bills[i].id}/email`, { token, body: {} }, [202]);
        }
      };
      await Promise.all(Array.from({ length: CLIENTS }, worker));
      queueSeconds = Number(process.hrtime.bigint() - t) / 1e9;
      windowNs.queued = process.hrtime.bigint();
      phase.queued = cpu.snapshot(app.pid, pgData);
      phase.tree1 = tree.peek();
      const deadline = Date.now() + Math.max(120_000, count * 1000); // ≥ 1 e-mail/s or give up
      for (;;) {
        last = await deliveryCounts(ctx);
        polls++;
        if (!phase.sentAtQueued) phase.sentAtQueued = last.sent - before.sent || -1;
        if (last.sent + last.failed - before.sent - before.failed >= count && last.queued + last.sending === 0) break;
        if (app.hasExited()) throw new Error(`the API exited:\n${app.output().slice(-3000)}`);
        if (Date.now() > deadline)
          throw new Error(`not all e-mails sent in time: ${JSON.stringify(last)}, SMTP received ${smtp.state.messages}`);
        await server.sleep(250);
      }
      windowNs.end = process.hrtime.bigint();
      phase.end = cpu.snapshot(app.pid, pgData);
      phase.tree2 = tree.peek();
      return Number(process.hrtime.bigint() - t) / 1e9;
    });
    const { peakRssMb: apiTreePeakRssMb, cpuSec: apiTreeCpuSec } = tree.stop();
    const topStatements = ctx.stats ? await readTopStatements(ctx.runningPg().url, 20) : undefined;
    const statementTotals = ctx.stats
      ? (
          await ctx.sql(
            `SELECT sum(calls)::bigint AS calls, round(sum(total_exec_time))::bigint AS exec_ms FROM pg_stat_statements
              WHERE query NOT ILIKE '%pg_stat%' AND query NOT LIKE 'SELECT status, count(*)::int AS n FROM email_deliveries%'`,
          )
        ).rows[0]
      : null;
    await server.sleep(500); // late duplicates, if any, would show here

    const sent = last.sent - before.sent;
    const failed = last.failed - before.failed;
    const distinct = smtp.state.byBill.size;
    const lost = count - distinct;
    const duplicates = smtp.state.messages - distinct;
    const expected = new Set(bills.map((b) => `${b.number.replace(/[^\w.-]/g, '_')}.pdf`));
    const strangers = [...smtp.state.byBill.keys()].filter((k) => !expected.has(k)).length;
    const emailsPerSec = count / seconds;
    ctx.log(
      `  ${count} e-mails queued in ${queueSeconds.toFixed(1)} s, all ${failed ? `done (${failed} failed)` : 'sent'} after ${seconds.toFixed(1)} s = ${emailsPerSec.toFixed(2)}/s; SMTP got ${smtp.state.messages} (${smtp.state.withPdf} with a PDF, ${distinct} distinct bills)`,
    );

    // Not measured: a few PDF downloads through the API, one at a time.
    const pdfMs = [];
    for (const b of bills.slice(0, PDF_GETS)) {
      const t = process.hrtime.bigint();
      const r = await server.request('GET', `${app.api}/bills/${b.id}/pdf`, { token });
      if (r.status !== 200 || !r.text.startsWith('%PDF-')) throw new Error(`GET /bills/${b.id}/pdf → ${r.status}`);
      pdfMs.push(Number(process.hrtime.bigint() - t) / 1e6);
    }

    // Stop the API so its backends publish their counters, then read them (the 20 GETs above are in them: ~2 % of the reads).
    await app.stop();
    const counters1 = await pgCounters(ctx);
    const perEmailPg = perEmail(counters0, counters1, count, polls + 2);
    const queueCpu = phaseCpu(phase.start, phase.queued, phase.tree1 - phase.tree0);
    const drainCpu = phaseCpu(phase.queued, phase.end, phase.tree2 - phase.tree1);
    const totalCpu = phaseCpu(phase.start, phase.end, phase.tree2 - phase.tree0);
    const ms = (x) => (x === null ? null : round((x * 1000) / count, 1));
    const cpuMsPerEmail = {
      apiNode: ms(totalCpu.appSec),
      chromium: ms(totalCpu.chromiumSec),
      postgres: ms(totalCpu.pgSec),
      benchProcess: ms(totalCpu.benchSec),
    };
    ctx.log(
      `  CPU per e-mail: API ${cpuMsPerEmail.apiNode} ms, its Chromium ${cpuMsPerEmail.chromium} ms, Postgres ${cpuMsPerEmail.postgres} ms, bench (sink, clients, polling) ${cpuMsPerEmail.benchProcess} ms; ` +
        `${perEmailPg.db.xact_commit} commits, ${perEmailPg.walKb} KB WAL, ${perEmailPg.db.tup_inserted} rows inserted, ${perEmailPg.db.tup_updated} updated per e-mail`,
    );
    const pdfRate = results?.pdf?.pdfsPerSec;
    const ratio = pdfRate ? round(emailsPerSec / pdfRate, 3) : undefined;
    const ok = lost === 0 && failed === 0 && smtp.state.withPdf === smtp.state.messages && strangers === 0;
    return {
      emailsPerSec: round(emailsPerSec),
      lost,
      duplicates,
      ...(pdfRate ? { pdfsPerSec: pdfRate, ratio } : {}),
      seconds: round(seconds),
      queueSeconds: round(queueSeconds),
      queued: count,
      sent,
      failed,
      smtpReceived: smtp.state.messages,
      smtpWithPdf: smtp.state.withPdf,
      smtpDistinctBills: distinct,
      smtpUnexpected: strangers,
      avgMessageKb: smtp.state.messages ? round(smtp.state.bytes / 1024 / smtp.state.messages, 1) : null,
      pdfConcurrency: 2,
      outboxCron: '* * * * * *',
      bills: source,
      peakRssMb,
      apiTreePeakRssMb,
      cpuSeconds: { ...cpuSeconds, apiTreeSec: apiTreeCpuSec },
      apiPdfGet: { n: pdfMs.length, p50Ms: round(percentile(pdfMs, 50), 0), maxMs: round(Math.max(...pdfMs), 0) },
      cpuMsPerEmail,
      phases: {
        queue: { seconds: round(queueSeconds), sentMeanwhile: Math.max(0, phase.sentAtQueued), cpuSeconds: queueCpu },
        drain: { seconds: round(seconds - queueSeconds), cpuSeconds: drainCpu },
      },
      pgPerEmail: perEmailPg,
      ...(statementTotals
        ? {
            statementsPerEmail: round(Number(statementTotals.calls) / count, 1),
            statementExecMsPerEmail: round(Number(statementTotals.exec_ms) / count, 2),
          }
        : {}),
      ...(topStatements ? { topStatements } : {}),
      ...(profDir
        ? {
            cpuProfile: {
              dir: profDir,
              windowNs: { start: String(windowNs.start), queued: String(windowNs.queued), end: String(windowNs.end) },
            },
          }
        : {}),
      size: { emails: count, clients: CLIENTS },
      target: '≥ 0.8× the pdf rate, 0 lost',
      met: ok && (ratio === undefined ? lost === 0 : ratio >= 0.8),
      ...(ratio === undefined ? { note: 'pdf did not run in this run: no ratio' } : {}),
    };
  } finally {
    if (app) await app.stop().catch(() => undefined);
    if (ctx.app === app) {
      ctx.app = null;
      ctx.token = null;
    }
    await smtp.close();
  }
}

module.exports = { run, startSmtp };
