import fc from 'fast-check';
import { parse as parseQuery } from 'node:querystring';
import { startTestApp, TestApp } from '../support/app';
import { size, SOAK } from '../support/soak';

/**
 * Property-based fuzzing of every request body and query string (fast-check, fixed seed). Bodies mix
 * valid-looking values with wrong types, missing fields, out-of-range numbers, huge, unicode and
 * control-character strings, `__proto__`/`constructor` keys and nested garbage; some are whole random
 * JSON values. For every request:
 *  - the status is never 5xx;
 *  - a 400 lists its errors, each naming a field of the request (a body that is not a JSON object or
 *    array at all is the one 400 without fields: MALFORMED_JSON);
 *  - a 4xx writes nothing: every table's rows are exactly what they were (a 2xx is fine and recorded).
 */
const RUNS = size(60, 1000);
const SEED = 20261126;
const TIMEOUT = size(60_000, 900_000);
/** Shrinking a failure stops in time to report it (a request that hashes a password costs ~0.1 s). */
const FC_OPTIONS = { seed: SEED, numRuns: RUNS, interruptAfterTimeLimit: TIMEOUT - 15_000 };

// ---------------------------------------------------------------------------------------------------------
// Values

const define = (o: Record<string, unknown>, k: string, v: unknown) =>
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });

const DANGEROUS_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'isAdmin',
  'organizationId',
  'id',
];

/** Strings that have broken parsers, databases and loggers. */
const nastyString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.stringMatching(/^[\u0000-\u001f\u007f]{1,4}$/).map((c) => `a${c}b`),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    'a\u0000b',
    '\ud800',
    '\udfff\ud800',
    '\u202e\u0041',
    '💸'.repeat(60),
    'x'.repeat(20_000),
    'x'.repeat(201),
    "'; DROP TABLE bills; --",
    '%00',
    '%',
    '\\',
    '"',
    'null',
    'undefined',
    'NaN',
    'Infinity',
    '-0',
    '1e999',
    '0x10',
    '١٢٣',
    '{}',
    '[]',
    '__proto__',
    'constructor',
    '2026-02-30',
    '2026-13-01',
    '9999-99-99',
    '1969-12-31',
    '2200-01-01',
    '00000000-0000-0000-0000-000000000000',
    'ffffffff-ffff-ffff-ffff-ffffffffffff',
    'zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz',
  ),
);
const nastyNumber = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(
    -1,
    0,
    0.5,
    1.5,
    -0,
    2 ** 31,
    2 ** 53,
    2 ** 53 + 2,
    -(2 ** 63),
    2 ** 64,
    1e308,
    -1e308,
    5e-324,
    Number.MAX_SAFE_INTEGER,
    100_000_000_001,
    1441,
    366,
  ),
);
/** Anything at all, the usual suspects first. */
const nasty: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: nastyString },
  { weight: 2, arbitrary: nastyNumber },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false, [], {}, [null], ['x'], { a: 1 }, [[[]]]) },
  { weight: 1, arbitrary: fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 4 }) },
  {
    weight: 1,
    arbitrary: fc.dictionary(fc.oneof(fc.string(), fc.constantFrom(...DANGEROUS_KEYS)), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
  },
  { weight: 1, arbitrary: fc.anything({ maxDepth: 2 }) },
);

/** A known field: mostly its own kind of value (valid-looking or at the edges), else null or garbage of any kind. */
function field(own: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 5, arbitrary: own }, { weight: 2, arbitrary: nasty }, { weight: 1, arbitrary: fc.constant(null) });
}

const text = (max: number) =>
  fc.oneof(
    fc.string({ minLength: 1, maxLength: 24 }),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }),
    fc.string({ minLength: max - 1, maxLength: max + 1 }),
  );
const email = fc.oneof(
  { weight: 4, arbitrary: fc.emailAddress() },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      'ap@example.test',
      'ADMIN@example.com',
      'admin@example.com',
      ' x@y.test ',
      'a@b',
      'a@@b.c',
      '@x.test',
      `${'a'.repeat(250)}@x.test`,
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom('a\ud800@example.test', 'x@example.test\udfff', '\ud800', 'ü@exämple.test', 'a\u0000@b.test') },
);
const uuid = fc.uuid();
const day = fc.oneof(
  fc
    .date({ min: new Date('2025-01-01T00:00:00Z'), max: new Date('2026-11-01T00:00:00Z'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10)),
  fc.constantFrom(
    '2026-01-31',
    '2026-02-28',
    '2024-02-29',
    '2026-02-29',
    '1970-01-01',
    '2199-12-31',
    '1969-12-31',
    '2200-01-01',
    '2026-1-1',
    '2026-01-01T00:00:00Z',
  ),
);
const OFFSETS = ['Z', '+00:00', '+05:30', '-08:00', '+0100', '+14:00', '-12:00', 'z'];
const instant = fc.oneof(
  fc.constantFrom(
    '2026-03-10T09:00:00Z',
    '2026-03-10T09:45:30+00:00',
    '2026-03-10T10:00:00.5Z',
    '2026-03-10T11:00:00+01:00',
    '2026-03-10T09:30Z',
  ),
  fc
    .tuple(
      fc.date({ min: new Date('2025-01-01T00:00:00Z'), max: new Date('2026-11-01T00:00:00Z'), noInvalidDate: true }),
      fc.constantFrom(...OFFSETS),
    )
    .map(([d, o]) => d.toISOString().replace('Z', o)),
);
/** Instants at and past the edges of what JavaScript and Postgres can hold. */
const edgeInstant = fc.constantFrom(
  '9999-12-31T23:59:59-14:00',
  '9999-12-31T23:59:59Z',
  '0001-01-01T00:00:00+14:00',
  '0000-01-01T00:00:00Z',
  '1900-01-01T00:00:00Z',
  '2026-02-29T00:00:00Z',
  '2026-01-01T24:00:00Z',
  '2026-01-01T23:60:00Z',
  '2026-01-01T00:00:60Z',
  '2026-01-01T00:00:00+25:00',
  '2026-01-01T00:00:00+99:99',
  '2026-01-01T00:00:00.123456789Z',
  '2026-01-01T00:00:00',
  '2026-01-01',
  '+275760-09-13T00:00:00Z',
  '2026-11-30T00:00:00Z',
  '2027-01-01T00:00:00Z',
  '1970-01-01T00:00:00Z',
);
const money = fc.oneof(fc.integer({ min: 0, max: 100_000 }), fc.constantFrom(1, 100_000_000_000, Number.MAX_SAFE_INTEGER));

// Values a validator must accept (for the valid bodies the faults are made from).
const okText = (prefix: string) =>
  fc.string({ unit: 'grapheme', maxLength: 16 }).map((x) => `${prefix} ${x.replace(/[\u0000-\u001f\u007f-\u009f]/g, '')}`.trim());
const okId = (prefix: string) =>
  fc.tuple(fc.uuid(), fc.string({ maxLength: 8 })).map(([u, x]) => `${prefix}-${u.slice(0, 8)}${x.replace(/[\u0000-\u001f\u007f]/g, '')}`);
const okEmail = fc.uuid().map((u) => `u-${u.slice(0, 13)}@example.test`);
const okInstant = fc.date({ min: new Date('2025-06-01T00:00:00Z'), max: new Date('2026-10-01T00:00:00Z'), noInvalidDate: true });
const isoIn = (d: Date, offset: string) => {
  const m = /^([+-])(\d\d):?(\d\d)$/.exec(offset);
  const shift = m ? (m[1] === '+' ? 1 : -1) * (Number(m[2]) * 60 + Number(m[3])) * 60_000 : 0;
  return `${new Date(d.getTime() + shift).toISOString().slice(0, 23)}${offset}`;
};
/** [start, end] of a valid session or device life: end after start by 0 s .. 3 h, each in its own offset. */
const okSpan = fc
  .tuple(
    okInstant,
    fc.integer({ min: 0, max: 3 * 3_600_000 }),
    fc.constantFrom(...OFFSETS.filter((o) => o !== 'z')),
    fc.constantFrom('Z', '+02:00'),
  )
  .map(([d, ms, o1, o2]) => [isoIn(d, o1), isoIn(new Date(d.getTime() + ms), o2)] as const);
const okAddress = fc.record(
  {
    name: okText('Acme'),
    line1: okText('1 Main St'),
    line2: okText('Floor'),
    city: okText('Springfield'),
    region: okText('IL'),
    postalCode: fc.constantFrom('62701', 'SW1A 1AA'),
    country: fc.constantFrom('US', 'DE', 'JP'),
  },
  { requiredKeys: ['name', 'line1', 'city', 'country'] },
);

// ---------------------------------------------------------------------------------------------------------
// Bodies

type Fields = Record<string, fc.Arbitrary<unknown>>;

/** Extra keys: dangerous names, unknown names, or a known field twice under another case. */
const extraKeys = (known: string[]) =>
  fc.array(
    fc.tuple(
      fc.oneof(fc.constantFrom(...DANGEROUS_KEYS), fc.string({ maxLength: 12 }), fc.constantFrom(...known.map((k) => k.toUpperCase()))),
      nasty,
    ),
    { maxLength: 3 },
  );

/** An object of the endpoint's fields (each maybe missing, maybe garbage), sometimes with extra keys. */
function objectOf(fields: Fields): fc.Arbitrary<Record<string, unknown>> {
  const known = Object.keys(fields);
  const wrapped = Object.fromEntries(known.map((k) => [k, field(fields[k])]));
  return fc
    .tuple(
      fc.record(wrapped, { requiredKeys: [] }),
      fc.oneof({ weight: 3, arbitrary: fc.constant([] as [string, unknown][]) }, { weight: 1, arbitrary: extraKeys(known) }),
    )
    .map(([base, extras]) => {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(base)) define(out, k, v);
      for (const [k, v] of extras) define(out, k, v);
      return out;
    });
}

const DELETE = Symbol('delete');
/** A valid body with at most one fault: one field deleted, or replaced by garbage of its own kind or any kind. */
function oneFault(fields: Fields, valid: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<Record<string, unknown>> {
  const known = Object.keys(fields);
  const fault = fc.oneof(
    { weight: 1, arbitrary: fc.constant(null) },
    {
      weight: 3,
      arbitrary: fc
        .constantFrom(...known)
        .chain((k) => fc.tuple(fc.constant(k), fc.oneof(fc.constant<unknown>(DELETE), fc.constant(null), nasty, field(fields[k])))),
    },
  );
  return fc.tuple(valid, fault).map(([body, f]) => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(body)) define(out, k, v);
    if (f === null) return out;
    const [k, v] = f;
    if (v === DELETE) delete out[k];
    else define(out, k, v);
    return out;
  });
}

/**
 * A whole request body: a valid one with one fault, an object of independently garbled fields, any JSON
 * value, or a bag of random keys.
 */
function bodyOf(fields: Fields, valid?: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<unknown> {
  const known = Object.keys(fields);
  return fc.oneof(
    ...(valid ? [{ weight: 8, arbitrary: oneFault(fields, valid) as fc.Arbitrary<unknown> }] : []),
    { weight: 8, arbitrary: objectOf(fields) },
    { weight: 1, arbitrary: fc.anything({ maxDepth: 3 }) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
    { weight: 1, arbitrary: fc.dictionary(fc.oneof(fc.constantFrom(...known, ...DANGEROUS_KEYS), fc.string()), nasty, { maxKeys: 5 }) },
  );
}

// ---------------------------------------------------------------------------------------------------------
// The properties

type Fingerprint = Record<string, string>;
const TABLES = [
  'organizations',
  'users',
  'api_keys',
  'departments',
  'plans',
  'associations',
  'sessions',
  'devices',
  'bills',
  'bill_lines',
  'bill_sequences',
  'adjustments',
  'payments',
  'email_deliveries',
  'audit_events',
  'webhook_endpoints',
  'webhook_events',
  'webhook_deliveries',
];

interface Sent {
  raw: string | undefined;
  /** Top-level keys of the body (or query) as the server sees them. */
  keys: string[];
  known: string[];
}

describe(`fuzzing every request body and query string (${SOAK ? 'soak' : 'normal'}: ${RUNS} runs per endpoint, seed ${SEED})`, () => {
  let t: TestApp;
  let admin: string;
  /** Used by usage (sessions, devices, CSV). */
  let dep: string;
  /** Patched by the departments fuzz. */
  let depToPatch: string;
  /** Fresh departments for associations. */
  const pool: string[] = [];
  let plan: string;
  let association: string;
  let device: string;
  let user: string;
  /** Patched and rotated by the webhooks fuzz. */
  let webhook: string;
  const bills: Record<'pay' | 'reverse' | 'adjust' | 'void' | 'email', string> = { pay: '', reverse: '', adjust: '', void: '', email: '' };
  let payment: string;
  let baseline: Fingerprint;
  const tally: Record<string, Record<string, number>> = {};

  /** Count and content hash of every table (a sum of row hashes: no sort): a 4xx must leave all of them as they were. */
  const fingerprint = async (): Promise<Fingerprint> => {
    const sql = TABLES.map(
      (tb) => `SELECT '${tb}' AS t, count(*) || ':' || coalesce(sum(hashtext(x::text)::bigint), 0) AS h FROM ${tb} x`,
    ).join(' UNION ALL ');
    const rows: { t: string; h: string }[] = await t.dataSource.query(sql);
    return Object.fromEntries(rows.map((r) => [r.t, r.h]));
  };

  beforeAll(async () => {
    // No outbox sends (queued e-mails stay queued: no PDF rendering while fuzzing); logins unthrottled.
    // The e-mail and webhook workers stay off: their background writes would look like writes of the requests.
    t = await startTestApp({ OUTBOX_CRON: '0 0 1 1 *', WEBHOOK_CRON: '0 0 1 1 *', LOGIN_RATE_LIMIT: '100000' });
    admin = await t.login();
    const post = async (path: string, body: unknown) => {
      const res = await t.request('POST', path, { token: admin, body });
      if (res.status >= 300) throw new Error(`${path}: ${res.status} ${res.text}`);
      return res.body;
    };
    dep = (await post('/departments', { name: 'Fuzz usage', externalId: 'fuzz-ext' })).id;
    depToPatch = (await post('/departments', { name: 'Fuzz patch', externalId: 'fuzz-patch' })).id;
    for (let i = 0; i < 8; i++) pool.push((await post('/departments', { name: `Fuzz pool ${i}` })).id);
    const billed = (await post('/departments', { name: 'Fuzz billed' })).id;
    const p = await post('/plans', {
      name: 'Fuzz plan',
      currency: 'USD',
      billingType: 'per_session',
      sessionRateMinor: 100_000,
      associations: [
        {
          departmentId: billed,
          billingCycle: 'monthly',
          billStartDate: '2026-01-01',
          dueDays: 10,
          billingAddress: { name: 'A', line1: 'B', city: 'C', country: 'US' },
          recipients: ['ap@example.test'],
        },
      ],
    });
    plan = p.id;
    association = p.associations[0].id;
    await post('/sessions/batch', {
      sessions: Array.from({ length: 6 }, (_, i) => ({
        externalId: `seed-${i}`,
        departmentId: billed,
        type: 'attended',
        startedAt: `2026-0${i + 1}-10T10:00:00Z`,
        endedAt: `2026-0${i + 1}-10T11:00:00Z`,
      })),
    });
    await post('/billing-runs', { asOf: '2026-07-01T00:00:00Z' });
    const list = (await t.request('GET', '/bills?limit=10', { token: admin })).body.items as { id: string; periodStart: string }[];
    const ids = list.sort((a, b) => a.periodStart.localeCompare(b.periodStart)).map((b) => b.id);
    expect(ids).toHaveLength(6);
    [bills.pay, bills.reverse, bills.adjust, bills.void, bills.email] = ids;
    const paid = await post(`/bills/${bills.reverse}/payments`, { amountMinor: 1000, method: 'wire' });
    payment = paid.payments[0].id;
    device = (await post('/devices', { externalId: 'fuzz-device', departmentId: dep, name: 'Kiosk', enrolledAt: '2026-01-01T00:00:00Z' }))
      .id;
    user = (await post('/users', { email: 'fuzz-victim@example.test', name: 'Victim', role: 'viewer', password: 'password-123' })).id;
    webhook = (await post('/webhooks', { url: 'https://hooks.fuzz.test/in', eventTypes: ['bill.paid'] })).id;
    baseline = await fingerprint();
  });
  afterAll(async () => {
    const lines = Object.entries(tally).map(
      ([k, v]) =>
        `  ${k.padEnd(44)} ${Object.entries(v)
          .sort()
          .map(([s, n]) => `${s}×${n}`)
          .join(' ')}`,
    );
    if (lines.length) process.stdout.write(`[fuzz] statuses per endpoint:\n${lines.join('\n')}\n`);
    await t?.close();
  });

  /** The three properties, for one request and its answer. */
  async function check(label: string, sent: Sent, res: { status: number; body: any; text: string }, readOnly = false) {
    const seen = (tally[label] ??= {});
    seen[res.status] = (seen[res.status] ?? 0) + 1;
    const context = `${label} ${res.status} ${res.text.slice(0, 300)}\nsent: ${(sent.raw ?? '(nothing)').slice(0, 300)}`;
    if (res.status >= 500) throw new Error(`5xx: ${context}`);
    if (res.status === 400) {
      if (res.body?.code === 'MALFORMED_JSON') {
        // Only a body that is JSON but not an object or array (express.json is strict).
        let v: unknown;
        try {
          v = sent.raw === undefined ? undefined : JSON.parse(sent.raw);
        } catch {
          v = undefined;
        }
        if (typeof v === 'object' && v !== null) throw new Error(`MALFORMED_JSON for a JSON object: ${context}`);
      } else {
        const errors = res.body?.errors;
        if (res.body?.code !== 'VALIDATION_FAILED' || !Array.isArray(errors) || errors.length === 0)
          throw new Error(`400 without a field list: ${context}`);
        const roots = new Set([...sent.known, ...sent.keys, 'body']);
        for (const e of errors) {
          // A field is named by its dotted path; only a key that is itself "" gives an empty name.
          if (typeof e?.field !== 'string' || typeof e.message !== 'string' || e.message === '')
            throw new Error(`400 error without field or message: ${context}`);
          const named = [...roots].some((k) => e.field === k || e.field.startsWith(`${k}.`));
          if (!named && !/^(header|line \d+|line \?)$/.test(e.field))
            throw new Error(`400 names "${e.field}", not a field of the request: ${context}`);
        }
      }
    }
    const after = await fingerprint();
    if (res.status >= 400 || readOnly) {
      const changed = TABLES.filter((tb) => after[tb] !== baseline[tb]);
      if (changed.length) {
        baseline = after;
        throw new Error(`${res.status} but ${changed.join(', ')} changed${readOnly ? ' by a read' : ''}: ${context}`);
      }
    }
    baseline = after;
  }

  /** A request that must be answered: a hung one fails the property instead of the whole file. */
  const send = async (...args: Parameters<TestApp['request']>) => {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within 10 s: ${args[0]} ${args[1].slice(0, 200)}`)), 10_000);
    });
    try {
      return await Promise.race([t.request(...args), deadline]);
    } finally {
      clearTimeout(timer);
    }
  };

  const serialize = (body: unknown): string | undefined => {
    try {
      return JSON.stringify(body);
    } catch {
      return undefined; // e.g. a cyclic or BigInt value: send no body at all
    }
  };
  const topKeys = (raw: string | undefined) => {
    const v = raw === undefined ? undefined : JSON.parse(raw);
    return typeof v === 'object' && v !== null ? Object.keys(v) : [];
  };

  /** An id in a path: mostly the real one, sometimes another organization's (unknown) or not an id. */
  const idIn = (real: () => string) =>
    fc
      .oneof(
        { weight: 8, arbitrary: fc.constant(null) },
        { weight: 1, arbitrary: uuid },
        { weight: 1, arbitrary: fc.constantFrom('nope', '1', '%00', 'ffffffff-ffff-ffff-ffff-fffffffffffff') },
      )
      .map((v) => (v === null ? real() : encodeURIComponent(v)));

  function fuzzBody(
    method: string,
    path: (ids: string[]) => string,
    ids: fc.Arbitrary<string>[],
    fields: Fields,
    valid?: fc.Arbitrary<Record<string, unknown>>,
  ) {
    const body = bodyOf(fields, valid);
    const label = `${method} ${path(ids.map((_, i) => (i === 0 ? ':id' : ':paymentId')))}`;
    it(
      `${label}: never 5xx, 400s name fields, 4xx writes nothing`,
      async () => {
        await fc.assert(
          fc.asyncProperty(fc.tuple(...(ids as [fc.Arbitrary<string>])), body, async (idValues, b) => {
            const raw = serialize(b);
            const res = await send(method, path(idValues), { token: admin, raw, headers: { 'content-type': 'application/json' } });
            await check(label, { raw, keys: topKeys(raw), known: Object.keys(fields) }, res);
          }),
          FC_OPTIONS,
        );
        expect(tally[label]?.[400]).toBeGreaterThan(0); // the fuzzer reached validation
      },
      TIMEOUT,
    );
  }

  const SCOPES = ['usage:write', 'usage:read', 'plans:read', 'bills:read', 'bills:write'];
  const live = <T>(f: () => T) => fc.constant(null).map(f); // a value known only once beforeAll ran
  const opt = (required: Fields, optional: Fields = {}) => fc.record({ ...required, ...optional }, { requiredKeys: Object.keys(required) });

  // ----- identity
  fuzzBody(
    'POST',
    () => '/auth/login',
    [],
    { email, password: fc.oneof(text(200), fc.constant('change-me-now')) },
    fc.record({
      email: fc.constantFrom('admin@example.com', ' Admin@Example.com ', 'fuzz-victim@example.test'),
      password: fc.constantFrom('change-me-now', 'password-123', 'wrong-password'),
    }),
  );
  fuzzBody(
    'POST',
    () => '/api-keys',
    [],
    {
      name: text(200),
      scopes: fc.oneof(
        fc.subarray(SCOPES, { minLength: 1 }),
        fc.array(nastyString, { maxLength: 3 }),
        fc.constant(['usage:write', 'usage:write']),
      ),
    },
    fc.record({ name: okText('key'), scopes: fc.subarray(SCOPES, { minLength: 1 }) }),
  );
  fuzzBody(
    'POST',
    () => '/users',
    [],
    { email, name: text(200), role: fc.constantFrom('admin', 'billing', 'viewer', 'root', 'Admin'), password: text(200) },
    fc.record({
      email: okEmail,
      name: okText('User'),
      role: fc.constantFrom('admin', 'billing', 'viewer'),
      password: fc.string({ minLength: 8, maxLength: 40 }),
    }),
  );
  const userFields: Fields = {
    name: text(200),
    role: fc.constantFrom('billing', 'viewer', 'root'),
    active: fc.oneof(fc.boolean(), fc.constantFrom('true', 0, 1)),
    password: text(200),
  };
  fuzzBody(
    'PATCH',
    ([id]) => `/users/${id}`,
    [idIn(() => user)],
    userFields,
    opt(
      {},
      {
        name: okText('Victim'),
        role: fc.constantFrom('billing', 'viewer'),
        active: fc.boolean(),
        password: fc.string({ minLength: 8, maxLength: 40 }),
      },
    ),
  );

  // ----- departments
  fuzzBody(
    'POST',
    () => '/departments',
    [],
    { name: text(200), externalId: text(200) },
    opt({ name: okText('Dept') }, { externalId: okId('ext') }),
  );
  fuzzBody(
    'PATCH',
    ([id]) => `/departments/${id}`,
    [idIn(() => depToPatch)],
    { name: text(200), externalId: fc.oneof(text(200), fc.constant(null)) },
    opt({}, { name: okText('Dept'), externalId: fc.oneof(okId('ext'), fc.constant(null), fc.constant('fuzz-patch')) }),
  );

  // ----- plans and associations
  const address = objectOf({
    name: text(200),
    line1: text(200),
    line2: text(200),
    city: text(100),
    region: text(100),
    postalCode: text(20),
    country: fc.constantFrom('US', 'DE', 'JP', 'us', 'USA', 'XX', 'ZZ'),
  });
  const poolDepartment = fc.integer({ min: 0, max: 7 }).map((i) => pool[i]);
  const associationFields: Fields = {
    departmentId: fc.oneof({ weight: 4, arbitrary: poolDepartment }, { weight: 1, arbitrary: uuid }),
    billingCycle: fc.constantFrom('weekly', 'monthly', 'quarterly', 'half_yearly', 'yearly', 'daily', 'MONTHLY'),
    billStartDate: day,
    dueDays: fc.oneof(fc.integer({ min: 0, max: 365 }), fc.constantFrom(-1, 366, 1.5)),
    billingAddress: address,
    recipients: fc.oneof(
      fc.array(email, { minLength: 1, maxLength: 3 }),
      fc.array(email, { minLength: 11, maxLength: 12 }),
      fc.constant([]),
    ),
    timeZone: fc.constantFrom(
      'UTC',
      'Europe/Berlin',
      'America/Santiago',
      'Asia/Kolkata',
      'Mars/Olympus',
      'utc',
      'Etc/GMT+14',
      '+02:00',
      'EST5EDT',
      'Europe/../../etc/passwd',
    ),
  };
  const okAssociation = opt(
    {
      departmentId: poolDepartment,
      billingCycle: fc.constantFrom('weekly', 'monthly', 'quarterly', 'half_yearly', 'yearly'),
      billStartDate: fc.constantFrom('2026-01-01', '2026-05-31', '2026-10-15'),
      dueDays: fc.integer({ min: 0, max: 365 }),
      billingAddress: okAddress,
      recipients: fc.array(okEmail, { minLength: 1, maxLength: 3 }),
    },
    { timeZone: fc.constantFrom('UTC', 'Europe/Berlin', 'America/Santiago', 'Asia/Kolkata') },
  );
  const planFields: Fields = {
    name: text(100),
    currency: fc.constantFrom('USD', 'EUR', 'JPY', 'BHD', 'IQD', 'usd', 'XXX', 'XTS', 'US', 'EURO'),
    billingType: fc.constantFrom('per_session', 'per_hour', 'per_minute'),
    sessionRateMinor: fc.oneof(money, fc.constant(null)),
    hourRateMinor: fc.oneof(money, fc.constant(null)),
    unattendedDeviceRateMinor: money,
    billingIncrementMinutes: fc.constantFrom(1, 5, 6, 10, 15, 30, 60, 0, 7, 61),
    minimumBillableMinutes: fc.oneof(fc.integer({ min: 0, max: 1440 }), fc.constantFrom(-1, 1441)),
  };
  const okRate = fc.integer({ min: 0, max: 1_000_000 });
  const okPlanOptions: Fields = {
    unattendedDeviceRateMinor: okRate,
    billingIncrementMinutes: fc.constantFrom(1, 5, 6, 10, 15, 30, 60),
    minimumBillableMinutes: fc.integer({ min: 0, max: 1440 }),
  };
  const okPlan = fc.oneof(
    opt(
      {
        name: okId('Plan'),
        currency: fc.constantFrom('USD', 'EUR', 'JPY', 'BHD'),
        billingType: fc.constant('per_session'),
        sessionRateMinor: okRate,
      },
      okPlanOptions,
    ),
    opt(
      {
        name: okId('Plan'),
        currency: fc.constantFrom('USD', 'EUR', 'JPY', 'BHD'),
        billingType: fc.constant('per_hour'),
        hourRateMinor: okRate,
      },
      okPlanOptions,
    ),
  );
  fuzzBody(
    'POST',
    () => '/plans',
    [],
    { ...planFields, associations: fc.array(bodyOf(associationFields, okAssociation), { maxLength: 2 }) },
    fc.tuple(okPlan, fc.array(okAssociation, { maxLength: 1 })).map(([p, a]) => (a.length ? { ...p, associations: a } : p)),
  );
  fuzzBody(
    'PATCH',
    ([id]) => `/plans/${id}`,
    [idIn(() => plan)],
    planFields,
    opt({}, { name: okId('Plan'), sessionRateMinor: okRate, ...okPlanOptions }),
  );
  fuzzBody('POST', ([id]) => `/plans/${id}/associations`, [idIn(() => plan)], associationFields, okAssociation);
  const { departmentId: _d, ...associationPatch } = associationFields;
  fuzzBody(
    'PATCH',
    ([id]) => `/associations/${id}`,
    [idIn(() => association)],
    associationPatch,
    opt(
      {},
      {
        dueDays: fc.integer({ min: 0, max: 365 }),
        billingAddress: okAddress,
        recipients: fc.array(okEmail, { minLength: 1, maxLength: 3 }),
      },
    ),
  );

  // ----- usage
  const sessionFields: Fields = {
    externalId: fc.oneof(text(200), fc.constantFrom('fuzz-repeat', 'seed-0')),
    departmentId: fc.oneof(
      { weight: 4, arbitrary: live(() => dep) },
      { weight: 1, arbitrary: uuid },
      { weight: 1, arbitrary: live(() => dep.toUpperCase()) },
    ),
    departmentExternalId: fc.constantFrom('fuzz-ext', 'nope', 'FUZZ-EXT'),
    technician: text(200),
    type: fc.constantFrom('attended', 'unattended', 'ATTENDED', 'remote'),
    startedAt: fc.oneof(instant, edgeInstant),
    endedAt: fc.oneof(instant, edgeInstant),
  };
  const okDepartmentRef = fc.oneof(
    live(() => ({ departmentId: dep })),
    fc.constant({ departmentExternalId: 'fuzz-ext' }),
  );
  const okSession = fc
    .tuple(okId('s'), okDepartmentRef, fc.option(okText('tech'), { nil: undefined }), fc.constantFrom('attended', 'unattended'), okSpan)
    .map(([externalId, ref, technician, type, [startedAt, endedAt]]) => ({
      externalId,
      ...ref,
      ...(technician === undefined ? {} : { technician }),
      type,
      startedAt,
      endedAt,
    }));
  const deviceFields: Fields = {
    externalId: fc.oneof(text(200), fc.constant('fuzz-device')),
    departmentId: sessionFields.departmentId,
    departmentExternalId: sessionFields.departmentExternalId,
    name: text(200),
    enrolledAt: fc.oneof(instant, edgeInstant),
    removedAt: fc.oneof(instant, edgeInstant, fc.constant(null)),
  };
  const okDevice = fc
    .tuple(okId('d'), okDepartmentRef, okText('Kiosk'), okSpan, fc.boolean())
    .map(([externalId, ref, name, [enrolledAt, removedAt], removed]) => ({
      externalId,
      ...ref,
      name,
      enrolledAt,
      ...(removed ? { removedAt } : {}),
    }));
  fuzzBody('POST', () => '/sessions', [], sessionFields, okSession);
  fuzzBody(
    'POST',
    () => '/sessions/batch',
    [],
    { sessions: fc.array(bodyOf(sessionFields, okSession), { maxLength: 6 }) },
    fc.record({ sessions: fc.array(okSession, { minLength: 1, maxLength: 6 }) }),
  );
  fuzzBody('POST', () => '/devices', [], deviceFields, okDevice);
  fuzzBody(
    'POST',
    () => '/devices/batch',
    [],
    { devices: fc.array(bodyOf(deviceFields, okDevice), { maxLength: 6 }) },
    fc.record({ devices: fc.array(okDevice, { minLength: 1, maxLength: 6 }) }),
  );
  fuzzBody(
    'PATCH',
    ([id]) => `/devices/${id}`,
    [idIn(() => device)],
    { removedAt: fc.oneof(instant, edgeInstant, fc.constant(null)) },
    fc.record({
      removedAt: fc.oneof(
        okInstant.map((d) => d.toISOString()),
        fc.constant(null),
      ),
    }),
  );

  // ----- billing
  fuzzBody(
    'POST',
    () => '/billing-runs',
    [],
    {
      asOf: fc.oneof(
        instant.filter((x) => Date.parse(x) < Date.parse('2026-11-01T00:00:00Z')),
        edgeInstant,
      ),
    },
    opt({}, { asOf: okInstant.map((d) => d.toISOString()) }),
  );
  fuzzBody(
    'POST',
    ([id]) => `/bills/${id}/payments`,
    [idIn(() => bills.pay)],
    {
      amountMinor: fc.oneof(money, fc.constantFrom(0, -5, 1.5, 2 ** 53)),
      paidAt: fc.oneof(instant, edgeInstant),
      method: text(50),
      reference: text(200),
    },
    opt(
      {},
      {
        amountMinor: fc.integer({ min: 1, max: 5000 }),
        paidAt: okInstant.map((d) => d.toISOString()),
        method: fc.constantFrom('wire', 'card'),
        reference: okText('ref'),
      },
    ),
  );
  fuzzBody(
    'POST',
    ([id, pid]) => `/bills/${id}/payments/${pid}/reverse`,
    [idIn(() => bills.reverse), idIn(() => payment)],
    { reason: text(500) },
    fc.record({ reason: okText('mistake') }),
  );
  fuzzBody(
    'POST',
    ([id]) => `/bills/${id}/adjustments`,
    [idIn(() => bills.adjust)],
    {
      type: fc.constantFrom('charge', 'discount', 'refund'),
      amountMinor: fc.oneof(money, fc.constantFrom(0, -5, 1.5)),
      percent: fc.oneof(
        fc.double({ min: 0, max: 1000, noNaN: true }),
        fc.constantFrom(0.0001, 0.00001, 1e-7, 10, 99.99, 1000, 1000.0001, 12.34567),
      ),
      reason: text(500),
    },
    fc.oneof(
      fc.record({ type: fc.constantFrom('charge', 'discount'), amountMinor: fc.integer({ min: 1, max: 100_000 }), reason: okText('why') }),
      fc.record({
        type: fc.constantFrom('charge', 'discount'),
        percent: fc.constantFrom(0.0001, 1, 2.5, 10, 33.3333),
        reason: okText('why'),
      }),
    ),
  );
  fuzzBody('POST', ([id]) => `/bills/${id}/void`, [idIn(() => bills.void)], { reason: text(500) }, fc.record({ reason: okText('void') }));
  fuzzBody(
    'POST',
    ([id]) => `/bills/${id}/email`,
    [idIn(() => bills.email)],
    {
      to: fc.oneof(fc.array(email, { maxLength: 3 }), fc.array(email, { minLength: 11, maxLength: 11 })),
      cc: fc.array(email, { maxLength: 3 }),
      message: text(5000),
    },
    opt({}, { to: fc.array(okEmail, { minLength: 1, maxLength: 3 }), cc: fc.array(okEmail, { maxLength: 2 }), message: okText('Hello') }),
  );

  // ----- webhooks
  const WEBHOOK_TYPES = [
    'bill.drafted',
    'bill.issued',
    'bill.paid',
    'bill.overdue',
    'bill.voided',
    'credit_note.issued',
    'payment.recorded',
    'payment.reversed',
  ];
  const webhookFields: Fields = {
    url: fc.oneof(
      fc.webUrl({ validSchemes: ['https', 'http'], withQueryParameters: true, withFragments: true }),
      fc.constantFrom(
        'https://127.0.0.1/x',
        'https://[::ffff:127.0.0.1]/',
        'https://169.254.169.254/latest',
        'https://user:pass@hooks.fuzz.test/',
        'ftp://hooks.fuzz.test/',
        'javascript:alert(1)',
        'https://',
        `https://hooks.fuzz.test/${'a'.repeat(2000)}`,
      ),
      text(200),
    ),
    description: fc.oneof(text(500), fc.constant(null)),
    eventTypes: fc.oneof(
      fc.subarray(WEBHOOK_TYPES, { minLength: 1 }),
      fc.array(fc.oneof(fc.constantFrom(...WEBHOOK_TYPES, 'webhook.test', 'BILL.PAID'), nastyString), { maxLength: 10 }),
      fc.constant(['bill.paid', 'bill.paid']),
    ),
    enabled: fc.oneof(fc.boolean(), fc.constantFrom('true', 0, 1)),
  };
  const okWebhook = opt(
    {
      url: fc.webUrl({ validSchemes: ['https'] }).filter((u) => !/^https:\/\/[\d.[]/.test(u)),
      eventTypes: fc.subarray(WEBHOOK_TYPES, { minLength: 1 }),
    },
    { description: okText('hook'), enabled: fc.boolean() },
  );
  fuzzBody('POST', () => '/webhooks', [], webhookFields, okWebhook);
  fuzzBody(
    'PATCH',
    ([id]) => `/webhooks/${id}`,
    [idIn(() => webhook)],
    webhookFields,
    opt(
      {},
      {
        url: fc.constant('https://hooks.fuzz.test/other'),
        eventTypes: fc.subarray(WEBHOOK_TYPES, { minLength: 1 }),
        enabled: fc.boolean(),
      },
    ),
  );
  fuzzBody(
    'POST',
    ([id]) => `/webhooks/${id}/rotate-secret`,
    [idIn(() => webhook)],
    { previousSecretValidSeconds: fc.oneof(fc.integer({ min: 0, max: 604800 }), fc.constantFrom(-1, 604801, 1.5, '60')) },
    opt({}, { previousSecretValidSeconds: fc.integer({ min: 0, max: 604800 }) }),
  );

  // ----- CSV import (text/csv): a header of the known columns (or not), lines of valid-looking or garbage cells
  const CSV_COLUMNS = ['externalId', 'departmentId', 'departmentExternalId', 'technician', 'type', 'startedAt', 'endedAt'];
  const cellOf = (arb: fc.Arbitrary<unknown>) =>
    fc.oneof(
      arb.map((v) => (typeof v === 'string' ? v : (JSON.stringify(v) ?? ''))),
      nastyString,
    );
  const csvCell = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const csvBody = fc
    .tuple(
      fc.oneof(
        { weight: 4, arbitrary: fc.constant(CSV_COLUMNS) },
        { weight: 1, arbitrary: fc.shuffledSubarray([...CSV_COLUMNS, 'notes'], { minLength: 0 }) },
        { weight: 1, arbitrary: fc.array(nastyString, { maxLength: 4 }) },
      ),
      fc.array(fc.tuple(...CSV_COLUMNS.map((c) => cellOf(sessionFields[c]))), { maxLength: 6 }),
      fc.constantFrom('\n', '\r\n'),
      fc.oneof(
        { weight: 5, arbitrary: fc.constant('') },
        { weight: 1, arbitrary: fc.constantFrom('"', '"unterminated', '\ufeff', '\u0000', ',,,,,,,,,,,,') },
      ),
    )
    .map(([header, rows, eol, tail]) => [header.join(','), ...rows.map((r) => r.map(csvCell).join(','))].join(eol) + tail);
  it(
    'POST /sessions/import (text/csv): never 5xx, 400s name fields, 4xx writes nothing',
    async () => {
      const label = 'POST /sessions/import';
      await fc.assert(
        fc.asyncProperty(
          csvBody,
          fc.constantFrom('text/csv', 'text/plain; charset=utf-8', 'text/csv; charset=latin1'),
          async (raw, type) => {
            const res = await send('POST', '/sessions/import', { token: admin, raw, headers: { 'content-type': type } });
            await check(label, { raw, keys: [], known: CSV_COLUMNS }, res);
            if (res.status === 200) {
              for (const r of res.body.refused)
                if (!CSV_COLUMNS.includes(r.field) || !(r.line >= 2))
                  throw new Error(`refused line without a column: ${JSON.stringify(r)}`);
            }
          },
        ),
        FC_OPTIONS,
      );
      expect(tally[label]?.[200]).toBeGreaterThan(0);
    },
    TIMEOUT,
  );

  // ----- query strings of the lists
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v) ?? '').toString('base64url');
  const cursor = fc.oneof(
    // The right shape ([sort key, id]) with tampered values, the likeliest to slip through to a query.
    fc.tuple(fc.oneof(instant, edgeInstant, text(20), nastyString, fc.integer()), fc.oneof(uuid, nastyString, fc.integer())).map(b64),
    fc.array(fc.oneof(fc.string(), fc.integer(), instant, uuid), { minLength: 1, maxLength: 3 }).map(b64),
    fc.jsonValue({ maxDepth: 2 }).map((v) => Buffer.from(JSON.stringify(v) ?? '').toString('base64url')),
    nastyString,
  );
  const limit = fc.oneof(
    fc.integer({ min: 1, max: 500 }).map(String),
    fc.constantFrom('0', '501', '-1', '1.5', '1e2', 'abc', '', ' 5', '0x10', '00050'),
  );
  const inQuery = (arb: fc.Arbitrary<unknown>) => arb.map((v) => (typeof v === 'string' ? v : (JSON.stringify(v) ?? '')));
  /** A URL carries UTF-8 bytes: a lone surrogate travels as U+FFFD (encodeURIComponent would throw). */
  const uri = (x: string) => encodeURIComponent(x.replace(/\p{Cs}/gu, '\ufffd'));
  const queryOf = (fields: Fields) => {
    const known = Object.keys(fields);
    const encode = fc.constantFrom<'uri' | 'raw'>('uri', 'uri', 'uri', 'raw');
    const pair = (keys: fc.Arbitrary<string>, values: fc.Arbitrary<string>) => fc.tuple(keys, values, encode);
    return fc
      .array(
        fc.oneof(
          {
            weight: 6,
            arbitrary: fc
              .constantFrom(...known)
              .chain((k) =>
                pair(
                  fc.constant(k),
                  fc.oneof({ weight: 4, arbitrary: inQuery(fields[k]) }, { weight: 2, arbitrary: inQuery(nastyString) }),
                ),
              ),
          },
          {
            weight: 1,
            arbitrary: pair(
              fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom(...DANGEROUS_KEYS, 'limit[]', 'status[0]', 'a[b]')),
              inQuery(nastyString),
            ),
          },
        ),
        { maxLength: 5 },
      )
      .map((pairs) => ({
        query: pairs
          .map(([k, v, how]) => (how === 'uri' ? `${uri(k)}=${uri(v)}` : `${k.replace(/[&#=\s]/g, '')}=${v.replace(/[&#\s]/g, '')}`))
          .join('&'),
      }));
  };
  function fuzzQuery(label: string, path: () => string, fields: Fields) {
    it(
      `${label}?…: never 5xx, 400s name fields, reads write nothing`,
      async () => {
        await fc.assert(
          fc.asyncProperty(queryOf(fields), async ({ query }) => {
            const res = await send('GET', `${path()}?${query}`, { token: admin });
            // The keys as the server reads them (express's simple parser is node:querystring).
            await check(label, { raw: query, keys: Object.keys(parseQuery(query)), known: Object.keys(fields) }, res, true);
          }),
          FC_OPTIONS,
        );
        expect(tally[label]?.[400]).toBeGreaterThan(0);
      },
      TIMEOUT,
    );
  }
  const page = { cursor, limit };
  const someId = fc.oneof(
    live(() => dep),
    live(() => plan),
    uuid,
  );
  const period = fc.oneof(day, instant, edgeInstant);
  fuzzQuery('GET /bills', () => '/bills', {
    ...page,
    status: fc.constantFrom('unpaid', 'paid', 'overdue', 'void', 'all'),
    departmentId: someId,
    planId: someId,
    from: period,
    to: period,
  });
  fuzzQuery('GET /bills/export.csv', () => '/bills/export.csv', {
    status: fc.constantFrom('unpaid', 'paid', 'overdue', 'void', 'all'),
    departmentId: someId,
    planId: someId,
    from: period,
    to: period,
  });
  fuzzQuery('GET /sessions', () => '/sessions', { ...page, departmentId: someId, from: period, to: period });
  fuzzQuery('GET /devices', () => '/devices', { ...page, departmentId: someId, status: fc.constantFrom('active', 'removed', 'gone') });
  fuzzQuery('GET /plans', () => '/plans', { ...page, q: text(100) });
  fuzzQuery('GET /plans/:id/associations', () => `/plans/${plan}/associations`, {
    ...page,
    departmentId: someId,
    status: fc.constantFrom('active', 'ended', 'x'),
  });
  fuzzQuery('GET /associations', () => '/associations', {
    ...page,
    departmentId: someId,
    planId: someId,
    status: fc.constantFrom('active', 'ended', 'x'),
  });
  fuzzQuery('GET /departments', () => '/departments', { ...page, q: text(200) });
  fuzzQuery('GET /users', () => '/users', page);
  fuzzQuery('GET /webhooks', () => '/webhooks', page);
  fuzzQuery('GET /webhooks/:id/deliveries', () => `/webhooks/${webhook}/deliveries`, {
    ...page,
    status: fc.constantFrom('pending', 'sending', 'delivered', 'failed', 'lost'),
  });
  fuzzQuery('GET /audit-events', () => '/audit-events', {
    ...page,
    entityType: fc.constantFrom('plan', 'bill', 'session', 'device', 'nope'),
    entityId: someId,
  });
});
