#!/usr/bin/env node
'use strict';
/**
 * Benchmarks of Remote Billing (docs: bench/README.md, spec: BENCHMARKS.md).
 *
 *   npm run bench                      every benchmark, full size
 *   npm run bench -- ingest replay     only these (any order; they run in the canonical order)
 *   npm run bench -- --quick           a tenth of the size (smoke, not figures)
 *   npm run bench -- --stats           also report the top SQL statements (pg_stat_statements)
 *   npm run bench -- --keep            keep the temp folder (Postgres data) afterwards
 *   npm run bench -- --pg shared_buffers=1GB   an extra Postgres setting (experiments; recorded in the JSON)
 *
 * Prints one table and merges the results into bench/results/latest.json (one key per benchmark);
 * runs with --stats or --pg go to bench/results/diagnostics.json instead.
 * Needs `npm run build:api` first.
 */
const { existsSync, mkdirSync, readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const os = require('node:os');
const { Context } = require('./lib/context');
const { MAIN_JS } = require('./lib/server');

// import runs last: its sessions (January 2026, in the same departments) would change the close benchmarks' work.
const ORDER = ['start', 'ingest', 'replay', 'close-prepaid', 'close-rules', 'close', 'api', 'pdf', 'mail', 'import'];
const OPTIONAL = new Set(['pdf', 'mail']);
const RESULTS = join(__dirname, 'results', 'latest.json');
/** Runs with --stats or --pg are diagnostics: they go to their own file and leave latest.json alone. */
const DIAG_RESULTS = join(__dirname, 'results', 'diagnostics.json');

/** @param {string[]} argv */
function parseArgs(argv) {
  /** @type {{ quick: boolean, stats: boolean, keep: boolean, help: boolean, pg: string[] }} */
  const flags = { quick: false, stats: false, keep: false, help: false, pg: [] };
  const names = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--quick') flags.quick = true;
    else if (a === '--pg') flags.pg.push(argv[++i] ?? '');
    else if (a.startsWith('--pg=')) flags.pg.push(a.slice(5));
    else if (a === '--stats') flags.stats = true;
    else if (a === '--keep') flags.keep = true;
    else if (a === '--help' || a === '-h') flags.help = true;
    else if (ORDER.includes(a)) names.push(a);
    else throw new Error(`unknown argument "${a}" (benchmarks: ${ORDER.join(', ')}; flags: --quick --stats --keep --pg name=value)`);
  }
  return { ...flags, names: names.length ? ORDER.filter((n) => names.includes(n)) : ORDER, explicit: names.length > 0 };
}

function loadBenchmark(name) {
  const file = join(__dirname, `${name}.js`);
  if (!existsSync(file)) return null;
  return require(file);
}

/** What each benchmark's size means, for the JSON. */
function sizeOf(name, s) {
  switch (name) {
    case 'ingest':
    case 'replay':
      return { sessions: s.sessions, departments: s.departments, batch: s.batch, clients: s.clients };
    case 'close':
    case 'close-prepaid':
    case 'close-rules':
      return { associations: s.associations, sessions: s.sessions, devices: s.devices };
    case 'api':
      return { bills: s.bills, connections: s.apiConnections, seconds: s.apiSeconds };
    case 'start':
      return { runs: 2 };
    default:
      return undefined;
  }
}

const round2 = (x) => Math.round(x * 100) / 100;
const fmt = (n) => (typeof n === 'number' ? n.toLocaleString('en-US') : String(n ?? '—'));

/** [result, baseline, ratio] cells of the table. */
function cells(name, r) {
  switch (name) {
    case 'ingest':
      return [`${fmt(r.sessionsPerSec)} sessions/s`, `COPY ${fmt(r.copyRowsPerSec)} rows/s`, `${r.ratio}×`];
    case 'replay':
      return [`${fmt(r.sessionsPerSec)} sessions/s, ${fmt(r.newRows)} new rows`, '—', r.ratioToIngest ? `${r.ratioToIngest}× ingest` : '—'];
    case 'close':
      return [`${r.seconds} s (${fmt(r.billsCreated)} bills)`, `SQL ${r.baselineSeconds} s`, `${r.ratio}×`];
    case 'close-prepaid':
      return [`${r.seconds} s with a retainer and a block`, `without ${r.baselineSeconds} s`, `${r.ratio}×`];
    case 'close-rules':
      return [`${r.seconds} s with rate rules`, `without ${r.baselineSeconds} s`, `${r.ratio}×`];
    case 'api':
      return [`p99 ${r.p99Ms} ms, ${fmt(r.reqPerSec)} req/s`, `health ${fmt(r.healthReqPerSec)} req/s`, `${r.ratio}×`];
    case 'start':
      return [`first ${r.firstSeconds} s, second ${r.secondSeconds} s`, '—', '—'];
    case 'import':
      return [
        `${fmt(r.rowsPerSec)} rows/s (${fmt(r.rows)} rows, ${r.size?.files} files)`,
        `ingest ${fmt(r.ingestSessionsPerSec)} sessions/s`,
        `${r.ratio}×`,
      ];
    case 'pdf':
      return [`${fmt(r.pdfsPerSec)} PDFs/s`, `bare ${fmt(r.baselinePdfsPerSec)} PDFs/s`, r.ratio !== undefined ? `${r.ratio}×` : '—'];
    case 'mail':
      return [
        `${fmt(r.emailsPerSec)} e-mails/s, ${fmt(r.lost)} lost`,
        r.pdfsPerSec ? `pdf ${fmt(r.pdfsPerSec)}/s` : '—',
        r.ratio !== undefined ? `${r.ratio}×` : '—',
      ];
    default:
      return [JSON.stringify(r).slice(0, 60), '—', '—'];
  }
}

function table(rows) {
  const head = ['benchmark', 'result', 'baseline (same run)', 'ratio', 'target', 'met', 'peak RSS', 'wall'];
  const body = rows.map((x) => {
    if (x.error) return [x.name, `FAILED: ${x.error.split('\n')[0].slice(0, 90)}`, '', '', '', 'no', '', `${x.wall} s`];
    if (x.skipped) return [x.name, x.skipped, '', '', '', '', '', ''];
    const [res, base, ratio] = cells(x.name, x.result);
    return [
      x.name,
      res,
      base,
      ratio,
      x.result.target ?? '',
      x.result.met === undefined ? '' : x.result.met ? 'yes' : 'NO',
      x.result.peakRssMb ? `${x.result.peakRssMb} MB` : '—',
      `${x.wall} s`,
    ];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => String(r[i]).length)));
  const line = (r) => `| ${r.map((c, i) => String(c).padEnd(widths[i])).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n');
}

function merge(entries, file) {
  mkdirSync(join(__dirname, 'results'), { recursive: true });
  let all = {};
  if (existsSync(file)) {
    try {
      all = JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      all = {};
    }
  }
  for (const [k, v] of Object.entries(entries)) all[k] = v;
  const ordered = {};
  for (const k of [...ORDER, ...Object.keys(all)]) if (all[k] !== undefined && ordered[k] === undefined) ordered[k] = all[k];
  writeFileSync(file, `${JSON.stringify(ordered, null, 2)}\n`);
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.help) {
    process.stdout.write(
      readFileSync(__filename, 'utf8')
        .split('\n')
        .slice(3, 15)
        .map((l) => l.replace(/^ \* ?/, ''))
        .join('\n') + '\n',
    );
    return 0;
  }
  if (!existsSync(MAIN_JS)) throw new Error(`${MAIN_JS} is missing: run \`npm run build:api\` first`);
  const ctx = new Context({ quick: args.quick, stats: args.stats, keep: args.keep, pgSettings: args.pg });
  let closing = null;
  const shutdown = (signal) => {
    if (closing) return;
    process.stderr.write(`\n${signal}: stopping the API and Postgres… (results are not saved)\n`);
    ctx.aborted = true;
    closing = ctx.close().finally(() => process.exit(130));
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('exit', () => {
    ctx.killSync();
    if (ctx.onExit) ctx.onExit();
  });

  const started = new Date();
  console.log(`Remote Billing benchmarks — ${args.quick ? 'QUICK (a tenth of the size)' : 'full size'} — ${args.names.join(', ')}`);
  console.log(`  ${os.cpus().length} CPUs, ${Math.round(os.totalmem() / 2 ** 30)} GB, node ${process.version}; temp ${ctx.tmp}`);
  const rows = [];
  const results = {};
  const entries = {};
  try {
    for (const name of args.names) {
      if (ctx.aborted) break;
      const mod = loadBenchmark(name);
      if (!mod) {
        if (OPTIONAL.has(name)) rows.push({ name, skipped: `skipped: bench/${name}.js is not there yet` });
        continue;
      }
      console.log(`\n▶ ${name}`);
      const t = Date.now();
      const loadBefore = os.loadavg()[0];
      try {
        const result = await mod.run({ quick: args.quick, ctx, results });
        if (result.peakRssMb === undefined) result.peakRssMb = ctx.lastPeakRssMb ?? null;
        const wall = Math.round((Date.now() - t) / 1000);
        results[name] = result;
        rows.push({ name, result, wall });
        const { target, met, ...figures } = result;
        entries[name] = {
          ...figures,
          target,
          met,
          size: result.size ?? sizeOf(name, ctx.size),
          quick: args.quick,
          postgres:
            name === 'start'
              ? 'embedded, started by the app (fsync on)'
              : `embedded, fsync on${args.pg.length ? `, ${args.pg.join(' ')}` : ''}${args.stats ? ', pg_stat_statements' : ''}`,
          loadAvg1m: { before: round2(loadBefore), after: round2(os.loadavg()[0]) },
          cpus: os.cpus().length,
          date: new Date().toISOString(),
        };
        console.log(
          `  done in ${wall} s: ${JSON.stringify(Object.fromEntries(Object.entries(figures).filter(([k]) => k !== 'topStatements')))}`,
        );
        if (figures.topStatements) {
          for (const s of figures.topStatements)
            console.log(`    ${String(s.totalMs).padStart(7)} ms ${String(s.calls).padStart(6)}× ${s.query.slice(0, 120)}`);
        }
      } catch (err) {
        const wall = Math.round((Date.now() - t) / 1000);
        // A benchmark may throw anything: a non-Error still fails its row (and the run), as its String().
        const message = err instanceof Error ? err.message : String(err);
        rows.push({ name, error: message, wall });
        console.error(`  ${name} FAILED: ${err instanceof Error ? (err.stack ?? message) : message}`);
        const out = ctx.app
          ?.output?.()
          .split('\n')
          .filter((l) => l && !l.includes('LegacyRouteConverter'))
          .join('\n');
        if (out) console.error(`  last API output:\n${out.slice(-3000)}`);
      }
    }
  } finally {
    await ctx.close();
  }
  if (ctx.aborted) return 130;
  const out = args.stats || args.pg.length ? DIAG_RESULTS : RESULTS;
  if (Object.keys(entries).length) merge(entries, out);
  console.log(`\nResults (${started.toISOString()}${args.quick ? ', QUICK' : ''}):\n`);
  console.log(table(rows));
  console.log(`\nwritten to ${out}`);
  return rows.some((r) => r.error) ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err.stack ?? err.message);
    process.exit(1);
  },
);
