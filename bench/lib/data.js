'use strict';
/**
 * Seeded, repeatable data: the same seed gives the same departments, sessions and devices on every run.
 * Sessions are generated in order (one PRNG stream), so COPY and HTTP see byte-identical rows.
 */

const SEED = 20260101;

/** mulberry32: a tiny 32-bit PRNG; returns uint32. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** A v4-shaped UUID from the PRNG (deterministic). */
function uuidFrom(next) {
  const b = Buffer.alloc(16);
  for (let i = 0; i < 16; i += 4) b.writeUInt32BE(next(), i);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const pad = (n, w) => String(n).padStart(w, '0');

/** Sizes of every benchmark; --quick is a tenth. */
function sizes(quick) {
  const f = quick ? 10 : 1;
  return {
    sessions: 1_000_000 / f,
    departments: 10_000 / f,
    associations: 10_000 / f,
    devices: 50_000 / f,
    bills: 1_000_000 / f,
    batch: 1000,
    clients: 4,
    apiSeconds: quick ? 2 : 20,
    apiConnections: 10,
  };
}

/** Departments: deterministic ids, external ids and names. */
function departments(count, seed = SEED) {
  const next = prng(seed ^ 0x5eed0001);
  const out = [];
  for (let i = 0; i < count; i++) {
    out.push({ id: uuidFrom(next), externalId: `dep-${pad(i + 1, 6)}`, name: `Department ${pad(i + 1, 6)}` });
  }
  return out;
}

const JAN_2026 = Date.UTC(2026, 0, 1) / 1000;
const JAN_SECONDS = 31 * 86400;
const iso = (s) => new Date(s * 1000).toISOString().slice(0, 19) + 'Z';

/**
 * Calls `each(row, index)` for `count` sessions, all started in January 2026 (UTC), spread over `deps`.
 * row: { externalId, departmentId, technician, type, startedAt, endedAt, durationSeconds }
 */
function forEachSession(count, deps, each, seed = SEED) {
  const next = prng(seed ^ 0x5e551011);
  for (let i = 0; i < count; i++) {
    const dep = deps[next() % deps.length];
    const started = JAN_2026 + (next() % JAN_SECONDS);
    const duration = 60 + (next() % 7140);
    const r = next();
    each(
      {
        externalId: `sess-${pad(i + 1, 8)}`,
        departmentId: dep.id,
        technician: `tech-${pad(r % 250, 3)}`,
        type: (r >>> 8) % 10 < 8 ? 'attended' : 'unattended',
        startedAt: iso(started),
        endedAt: iso(started + duration),
        durationSeconds: duration,
      },
      i,
    );
  }
}

/** The JSON bodies of POST /sessions/batch, as Buffers (built once, reused by replay). */
function sessionBatches(count, deps, batchSize, seed = SEED) {
  const bodies = [];
  let cur = [];
  forEachSession(
    count,
    deps,
    (s) => {
      cur.push({
        externalId: s.externalId,
        departmentId: s.departmentId,
        technician: s.technician,
        type: s.type,
        startedAt: s.startedAt,
        endedAt: s.endedAt,
      });
      if (cur.length === batchSize) {
        bodies.push(Buffer.from(JSON.stringify({ sessions: cur })));
        cur = [];
      }
    },
    seed,
  );
  if (cur.length) bodies.push(Buffer.from(JSON.stringify({ sessions: cur })));
  return bodies;
}

/** The same sessions as COPY text chunks (organization_id, external_id, department_id, technician, type, started_at, ended_at, duration_seconds). */
function sessionCopyChunks(count, deps, organizationId, seed = SEED, rowsPerChunk = 5000) {
  const chunks = [];
  let cur = [];
  forEachSession(
    count,
    deps,
    (s) => {
      cur.push(
        `${organizationId}\t${s.externalId}\t${s.departmentId}\t${s.technician}\t${s.type}\t${s.startedAt}\t${s.endedAt}\t${s.durationSeconds}\n`,
      );
      if (cur.length === rowsPerChunk) {
        chunks.push(Buffer.from(cur.join('')));
        cur = [];
      }
    },
    seed,
  );
  if (cur.length) chunks.push(Buffer.from(cur.join('')));
  return chunks;
}

/**
 * Devices: 5 per department. Most enrolled during 2025 and still active; about 10% removed again
 * (some before January 2026, so not billed for it), a few enrolled during January 2026.
 */
function devices(count, deps, seed = SEED) {
  const next = prng(seed ^ 0xde71ce00);
  const base = Date.UTC(2025, 0, 1) / 1000;
  const out = [];
  for (let i = 0; i < count; i++) {
    const enrolled = base + (next() % (380 * 86400));
    const r = next();
    const d = {
      externalId: `dev-${pad(i + 1, 7)}`,
      departmentId: deps[i % deps.length].id,
      name: `Workstation ${pad(i + 1, 7)}`,
      enrolledAt: iso(enrolled),
    };
    if (r % 10 === 0) d.removedAt = iso(enrolled + 86400 + (next() % (200 * 86400)));
    out.push(d);
  }
  return out;
}

module.exports = { SEED, prng, uuidFrom, sizes, departments, forEachSession, sessionBatches, sessionCopyChunks, devices, JAN_2026 };
