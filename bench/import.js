'use strict';
/**
 * import (issue #19 point 6): 1,000,000 rows of a tool's session report (CSV) through an import profile of its own
 * settings (POST /import-profiles, then POST /import-profiles/:id/imports with the report as the raw text/csv body),
 * sent as 10 files of 100,000 rows (a file is limited to 100 MB) from 2 keep-alive clients, with the usage:write API
 * key. Target: the import's rows/s ≥ 0.5× the ingest benchmark's sessions/s of the same run.
 *
 * The report (seeded, built before the clock starts): customer keys are the departments' names (so they map on their
 * own on the first file), reconnects of the same technician to the same customer within the profile's merge gap
 * (merged), rows repeated in the same file and rows repeating an earlier file (duplicates), a few unknown customers
 * (held), connections shorter than the profile's minimum and unreadable times (refused). Times are local
 * (Europe/Berlin, `dd.MM.yyyy HH:mm:ss`), as many tools export them.
 *
 * Every file's answer must account for every row (accepted + merged + duplicates + held + refused = rows) and store as
 * many sessions as it accepted; the counts must equal those the library's own engine (dist session-import.js:
 * readRow + planImport, run in this process before the clock) gives for the same rows; the tables are checked after.
 *
 * Baseline: the ingest benchmark's sessions/s from the same run (`results.ingest`); when ingest is not in the run and
 * the sessions table is empty, this benchmark runs ingest's measured phase itself first (the same 1,000 batches from
 * 4 clients, no COPY); otherwise the ingest figure of bench/results/latest.json (`baselineSource` says which).
 *
 * Knobs (diagnostics): BENCH_IMPORT_CLIENTS (2), BENCH_IMPORT_FILES (10), BENCH_IMPORT_TIME=iso (UTC ISO times,
 * timeZone UTC, instead of local ones), BENCH_IMPORT_PREMAP=1 (every department's name mapped as a customer key by SQL
 * before the clock: the import without the automatic mapping of the first files), BENCH_CPU_PROF=<dir> (the API of
 * the measured phase runs with --cpu-prof).
 */
const http = require('node:http');
const { existsSync, readFileSync } = require('node:fs');
const { join } = require('node:path');
const { prng, SEED } = require('./lib/data');
const { postBatches } = require('./lib/batches');
const server = require('./lib/server');
const { round } = require('./ingest');

const ID_PREFIX = 'benchimp';
const PROFILE_NAME = 'Bench import (own CSV settings)';
const JAN_2026_MS = Date.UTC(2026, 0, 1);
const JAN_MS = 31 * 86400_000;
const BERLIN_JANUARY_OFFSET_MS = 3600_000; // CET (UTC+1) all January: no DST change in the generated times
const ENGINE = join(__dirname, '..', 'dist/apps/api/libs/billing/src/session-import.js');

/** The profile's settings: a tool's CSV export with local times, reconnects merged within 5 minutes, blips refused. */
function profileSettings(timeMode) {
  return {
    format: 'csv',
    delimiter: ',',
    jsonPath: null,
    mapping: {
      externalId: 'Connection ID',
      start: 'Started',
      end: 'Ended',
      duration: 'Duration (s)',
      technician: 'Technician',
      type: 'Session Type',
      customerKey: 'Company',
    },
    timeFormat: timeMode === 'iso' ? 'iso' : 'dd.MM.yyyy HH:mm:ss',
    timeZone: timeMode === 'iso' ? 'UTC' : 'Europe/Berlin',
    durationUnit: 's',
    unattendedValues: ['Unattended'],
    mergeGapMinutes: 5,
    minSeconds: 60,
  };
}

const pad = (n, w) => String(n).padStart(w, '0');

/** A time (epoch ms, whole seconds) as the report writes it. */
function timeText(ms, timeMode) {
  if (timeMode === 'iso') return `${new Date(ms).toISOString().slice(0, 19)}Z`;
  const d = new Date(ms + BERLIN_JANUARY_OFFSET_MS);
  return (
    `${pad(d.getUTCDate(), 2)}.${pad(d.getUTCMonth() + 1, 2)}.${d.getUTCFullYear()} ` +
    `${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}`
  );
}

const HEADER = 'Connection ID,Started,Ended,Duration (s),Technician,Session Type,Company';

/**
 * The report's files: `files` CSV bodies of `rows / files` rows each, and every row as the record the CSV parser gives
 * the API (for the expected outcomes). Row kinds, by a draw per row: 1 % a repeat of an earlier row of the same file,
 * 1 % a repeat of a row of the file `lag` files earlier (an overlapping export; imported by then), 4 % a reconnect
 * (same customer and technician as the row before, 0.5–4 minutes after its end: merged), 0.2 % an unknown customer
 * (held), 0.3 % shorter than a minute, 0.05 % an impossible date (refused); the rest a connection to a random
 * department (1–120 minutes, 20 % unattended).
 */
function buildReport({ rows, files, lag, departments, timeMode }) {
  const next = prng(SEED ^ 0x1309_1906);
  const perFile = Math.ceil(rows / files);
  /** @type {{ body: Buffer, records: Record<string, string>[] }[]} */
  const out = [];
  let serial = 0;
  for (let f = 0; f < files; f++) {
    const n = Math.min(perFile, rows - f * perFile);
    const lines = new Array(n);
    const records = new Array(n);
    let last = null; // the last connection made (for reconnects)
    for (let i = 0; i < n; i++) {
      const draw = next() % 10_000;
      if (draw < 100 && i > 0) {
        const j = next() % i;
        lines[i] = lines[j];
        records[i] = records[j];
        continue;
      }
      if (draw < 200 && f >= lag) {
        const src = out[f - lag];
        const j = next() % src.records.length;
        records[i] = src.records[j];
        lines[i] = recordLine(records[i]);
        continue;
      }
      serial++;
      const id = `C${pad(serial, 8)}`;
      let company;
      let technician;
      let start;
      let seconds;
      if (draw < 600 && last) {
        company = last.company;
        technician = last.technician;
        start = last.end + (30 + (next() % 210)) * 1000;
        seconds = 60 + (next() % 1740);
      } else {
        company = draw >= 600 && draw < 620 ? `Unmapped Customer ${pad(next() % 50, 2)}` : departments[next() % departments.length].name;
        technician = `Technician ${pad(next() % 250, 3)}`;
        start = JAN_2026_MS + (next() % (JAN_MS / 1000)) * 1000;
        seconds = draw >= 620 && draw < 650 ? 5 + (next() % 50) : 60 + (next() % 7140);
      }
      const end = start + seconds * 1000;
      const record = {
        'Connection ID': id,
        Started: draw >= 650 && draw < 655 ? '31.02.2026 10:00:00' : timeText(start, timeMode),
        Ended: timeText(end, timeMode),
        'Duration (s)': String(seconds),
        Technician: technician,
        'Session Type': next() % 10 < 2 ? 'Unattended' : 'Attended',
        Company: company,
      };
      records[i] = record;
      lines[i] = recordLine(record);
      last = { company, technician, end };
    }
    out.push({ body: Buffer.from(`${HEADER}\n${lines.join('\n')}\n`), records });
  }
  return out;
}

const recordLine = (r) => [r['Connection ID'], r.Started, r.Ended, r['Duration (s)'], r.Technician, r['Session Type'], r.Company].join(',');

/**
 * What every file must answer, by the library's own engine (the dist build of libs/billing session-import.ts), the
 * files imported in order: known = every earlier file's sessions and merged connections.
 */
function expectedOutcomes(report, settings, departments) {
  const engine = require(ENGINE);
  const names = new Set(departments.map((d) => d.name.toLowerCase()));
  const known = new Set();
  const held = new Set();
  const t = process.hrtime.bigint();
  const perFile = report.map(({ records }) => {
    const connections = [];
    const refused = [];
    records.forEach((rec, i) => {
      const r = engine.readRow(rec, i + 1, settings, ID_PREFIX);
      if (r.ok) connections.push(r.connection);
      else refused.push(r.refused);
    });
    const plan = engine.planImport(
      connections,
      refused,
      settings,
      (id) => known.has(id),
      (key) => names.has(key.toLowerCase()),
    );
    const c = { rows: records.length, accepted: 0, merged: 0, duplicates: 0, held: 0, refused: 0 };
    for (const o of plan.outcomes) c[o.outcome === 'duplicate' ? 'duplicates' : o.outcome]++;
    for (const s of plan.sessions) for (const id of s.connectionIds) known.add(id);
    for (const x of connections) if (plan.outcomes[x.row - 1].outcome === 'held') held.add(x.externalId);
    return c;
  });
  const seconds = Number(process.hrtime.bigint() - t) / 1e9;
  return { perFile, heldIds: held.size, engineSeconds: seconds };
}

/** POST of a raw report (the shared client sends JSON only). */
function upload(agent, url, token, body) {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          accept: 'application/json',
          'content-type': 'text/csv; charset=utf-8',
          'content-length': body.length,
          authorization: `Bearer ${token}`,
        },
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (res.statusCode !== 200) return reject(new Error(`import → ${res.statusCode}: ${text.slice(0, 2000)}`));
          resolve(JSON.parse(text));
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Sends the files from `clients` keep-alive connections, in order; file f starts only once file f − lag is answered
 * (its rows are what file f repeats: they must be imported by then, as an overlapping export would be).
 */
async function sendFiles(app, token, profileId, bodies, clients, lag) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
  const done = bodies.map(() => {
    let resolve;
    const p = new Promise((r) => (resolve = r));
    return { p, resolve };
  });
  const answers = new Array(bodies.length);
  const latencies = new Array(bodies.length);
  /** @type {[number, number][]} each file's [start, end], seconds from the first request */
  const spans = new Array(bodies.length);
  let next = 0;
  const url = `${app.api}/import-profiles/${profileId}/imports`;
  const started = process.hrtime.bigint();
  const worker = async () => {
    for (;;) {
      const f = next++;
      if (f >= bodies.length) return;
      if (f >= lag) await done[f - lag].p;
      const t = process.hrtime.bigint();
      answers[f] = await upload(agent, url, token, bodies[f]);
      const end = process.hrtime.bigint();
      latencies[f] = Number(end - t) / 1e9;
      spans[f] = [Number(t - started) / 1e9, Number(end - started) / 1e9];
      done[f].resolve();
    }
  };
  try {
    await Promise.all(Array.from({ length: clients }, worker));
  } finally {
    agent.destroy();
  }
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, answers, latencies, spans };
}

/** The ingest rate to compare with, and where it comes from. */
async function ingestBaseline(ctx, results) {
  if (results.ingest?.sessionsPerSec) {
    return { rate: results.ingest.sessionsPerSec, source: 'ingest benchmark, same run', ingest: null };
  }
  await ctx.ensureDepartments();
  if ((await ctx.count('sessions')) === 0) {
    const bodies = ctx.sessionBodies();
    await ctx.sql('CHECKPOINT');
    const {
      value: r,
      peakRssMb,
      cpuSeconds,
    } = await ctx.measure(() => postBatches(ctx.runningApp(), ctx.apiKey, bodies, ctx.size.clients));
    const stored = await ctx.count('sessions');
    if (r.accepted !== ctx.size.sessions || stored !== ctx.size.sessions)
      throw new Error(`baseline ingest accepted ${r.accepted}, stored ${stored}, expected ${ctx.size.sessions}`);
    await ctx.vacuum('sessions');
    const rate = Math.round(ctx.size.sessions / r.seconds);
    ctx.log(`  baseline (ingest's measured phase, run here): ${rate} sessions/s`);
    return {
      rate,
      source: "ingest's measured phase run by this benchmark (ingest not in the run)",
      ingest: { sessionsPerSec: rate, seconds: round(r.seconds, 2), peakRssMb, cpuSeconds },
    };
  }
  const file = join(__dirname, 'results', 'latest.json');
  const latest = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')).ingest : null;
  if (!latest?.sessionsPerSec) throw new Error('import: no ingest rate to compare with (run `npm run bench -- ingest import`)');
  return {
    rate: latest.sessionsPerSec,
    source: `bench/results/latest.json ingest (${latest.date}${latest.quick ? ', quick' : ''}): not measured in this run`,
    ingest: null,
  };
}

/** @param {import('./lib/context').RunArgs} args */
async function run({ ctx, results }) {
  const clients = Number(process.env.BENCH_IMPORT_CLIENTS ?? 2);
  const files = Number(process.env.BENCH_IMPORT_FILES ?? 10);
  const timeMode = process.env.BENCH_IMPORT_TIME === 'iso' ? 'iso' : 'local';
  const rows = ctx.size.sessions;
  const lag = clients;
  const settings = profileSettings(timeMode);

  const baseline = await ingestBaseline(ctx, results);
  await ctx.ensureDepartments();
  if ((await ctx.count('import_runs')) > 0) throw new Error('import needs no earlier imports: run it once per run');
  const departments = ctx.departments;

  let t = Date.now();
  const report = buildReport({ rows, files, lag, departments, timeMode });
  const mb = report.reduce((s, f) => s + f.body.length, 0) / 1048576;
  ctx.log(
    `  generated ${files} CSV files of ${Math.ceil(rows / files)} rows (${mb.toFixed(1)} MB) in ${((Date.now() - t) / 1000).toFixed(1)} s`,
  );
  t = Date.now();
  const expected = expectedOutcomes(report, settings, departments);
  const total = (k) => expected.perFile.reduce((s, c) => s + c[k], 0);
  ctx.log(
    `  expected by the engine (${expected.engineSeconds.toFixed(1)} s in this process): accepted ${total('accepted')}, merged ${total('merged')}, ` +
      `duplicates ${total('duplicates')}, held ${total('held')}, refused ${total('refused')}`,
  );
  const bodies = report.map((f) => f.body);
  for (const f of report) f.records = [];

  // BENCH_CPU_PROF=<dir>: the measured phase runs on an API started with --cpu-prof (the profile's overhead is in the time).
  const prof = process.env.BENCH_CPU_PROF;
  if (prof) {
    await ctx.stopServer();
    const app = await server.spawnApp({
      dataDir: ctx.dir('app-import-prof'),
      databaseUrl: ctx.runningPg().url,
      nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${join(prof, 'import')}`],
    });
    await server.waitHealthy(app);
    ctx.app = app;
  }
  const app = ctx.runningApp();
  // A fresh connection: the shared keep-alive pool's sockets sat idle through the set-up, past the server's keep-alive timeout.
  const profile = await server.call('POST', `${app.api}/import-profiles`, {
    token: ctx.apiKey,
    body: { name: PROFILE_NAME, settings, idPrefix: ID_PREFIX },
    agent: new http.Agent({ keepAlive: false }),
  });

  const premap = process.env.BENCH_IMPORT_PREMAP === '1';
  if (premap) {
    await ctx.sql(
      `INSERT INTO import_customer_keys (organization_id, profile_id, customer_key, department_id)
       SELECT organization_id, $2, name, id FROM departments WHERE organization_id = $1`,
      [ctx.organizationId, profile.id],
    );
  }
  const sessionsBefore = await ctx.count('sessions');
  await ctx.sql('CHECKPOINT');
  await ctx.resetStatements();
  const { value: r, peakRssMb, cpuSeconds } = await ctx.measure(() => sendFiles(app, ctx.apiKey, profile.id, bodies, clients, lag));
  const topStatements = await ctx.topStatements();
  if (prof) {
    await ctx.stopServer(); // writes the profile
    ctx.log(`  CPU profile in ${join(prof, 'import')}`);
  }

  // Every row accounted for, every file as the engine says, the sessions stored = accepted.
  const KEYS = ['rows', 'accepted', 'merged', 'duplicates', 'held', 'refused'];
  const sum = Object.fromEntries([...KEYS, 'sessions'].map((k) => [k, 0]));
  r.answers.forEach((a, f) => {
    const outcomes = a.accepted + a.merged + a.duplicates + a.held + a.refused;
    if (outcomes !== a.rows) throw new Error(`file ${f}: ${outcomes} outcomes for ${a.rows} rows (${JSON.stringify(a)})`);
    if (a.sessions !== a.accepted) throw new Error(`file ${f}: ${a.sessions} sessions stored for ${a.accepted} accepted`);
    for (const k of KEYS)
      if (a[k] !== expected.perFile[f][k]) throw new Error(`file ${f}: ${k} ${a[k]}, the engine says ${expected.perFile[f][k]}`);
    for (const k of Object.keys(sum)) sum[k] += a[k];
  });
  if (sum.rows !== rows) throw new Error(`the files had ${sum.rows} rows, expected ${rows}`);
  const storedSessions = (await ctx.count('sessions')) - sessionsBefore;
  const storedImported = await ctx.count('sessions', `external_id LIKE '${ID_PREFIX}:%'`);
  const mergedRows = await ctx.count('import_merged_connections');
  const heldRows = await ctx.count('import_held_rows');
  const runs = await ctx.count('import_runs', 'NOT dry_run');
  const mappedKeys = await ctx.count('import_customer_keys');
  if (storedSessions !== sum.accepted || storedImported !== sum.accepted)
    throw new Error(`${storedSessions} sessions stored (${storedImported} with the prefix), ${sum.accepted} accepted`);
  if (mergedRows !== sum.merged) throw new Error(`${mergedRows} merged connections recorded, ${sum.merged} merged`);
  if (heldRows !== expected.heldIds)
    throw new Error(`${heldRows} held rows stored, expected ${expected.heldIds} distinct held connections`);
  if (runs !== files) throw new Error(`${runs} import runs recorded, expected ${files}`);
  await ctx.vacuum('sessions', 'import_merged_connections');

  const rowsPerSec = Math.round(rows / r.seconds);
  const ratio = round(rowsPerSec / baseline.rate, 3);
  const sorted = [...r.latencies].sort((a, b) => a - b);
  // After the first `clients` files (they map the customer keys): from the first later file's start to the end.
  const steadyRows = r.answers.slice(clients).reduce((n, a) => n + a.rows, 0);
  const steadyRowsPerSec = steadyRows ? Math.round(steadyRows / (r.seconds - r.spans[clients][0])) : null;
  ctx.log(
    `  ${rows} rows in ${r.seconds.toFixed(2)} s = ${rowsPerSec} rows/s (${ratio}× ingest ${baseline.rate}/s); ` +
      `CPU: API ${cpuSeconds.appSec} s, Postgres ${cpuSeconds.pgSec} s; after the first ${clients} files ${steadyRowsPerSec} rows/s`,
  );
  return {
    rowsPerSec,
    ingestSessionsPerSec: baseline.rate,
    baselineSource: baseline.source,
    ...(baseline.ingest ? { ingestMeasuredHere: baseline.ingest } : {}),
    ratio,
    seconds: round(r.seconds, 2),
    ...sum,
    storedSessions,
    mergedConnectionsRecorded: mergedRows,
    heldRowsStored: heldRows,
    customerKeysMapped: mappedKeys,
    fileSecondsP50: round(sorted[Math.floor(sorted.length / 2)], 2),
    fileSecondsMax: round(sorted[sorted.length - 1], 2),
    fileSpans: r.spans.map(([a, b]) => [round(a, 2), round(b, 2)]),
    steadyRowsPerSec,
    steadyRatio: steadyRowsPerSec ? round(steadyRowsPerSec / baseline.rate, 3) : null,
    engineSecondsInBench: round(expected.engineSeconds, 2),
    peakRssMb,
    cpuSeconds,
    ...(prof ? { cpuProfile: join(prof, 'import') } : {}),
    ...(topStatements ? { topStatements } : {}),
    size: {
      rows,
      files,
      rowsPerFile: Math.ceil(rows / files),
      megabytes: round(mb, 1),
      clients,
      departments: departments.length,
      timeFormat: settings.timeFormat,
      timeZone: settings.timeZone,
      mergeGapMinutes: settings.mergeGapMinutes,
      minSeconds: settings.minSeconds,
      ...(premap ? { keysPremappedBySql: true } : {}),
    },
    target: '≥ 0.5× the ingest rate',
    met: ratio >= 0.5,
  };
}

module.exports = { run, buildReport, profileSettings };
