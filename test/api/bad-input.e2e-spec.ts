import { startTestApp, TestApp } from '../support/app';

/**
 * A table-driven corpus of bad input over every endpoint that takes a body or a query: no 5xx, every 400
 * names the field, and nothing is partially written. (Issue #8 grows this further.)
 */
const BAD_VALUES: [string, unknown][] = [
  ['null', null],
  ['a number', 12345],
  ['a boolean', true],
  ['an array', ['x']],
  ['an object', { a: 1 }],
  ['an empty string', ''],
  ['a huge string', 'x'.repeat(20_000)],
  ['control characters', 'a\u0000b'],
  ['SQL', "'; DROP TABLE bills; --"],
  ['a negative number', -1],
  ['a fraction', 1.5],
  ['NaN-ish text', 'NaN'],
  ['an out-of-range number', 2 ** 63],
  ['an unknown currency', 'XYZ'],
  ['an unknown time zone', 'Mars/Olympus_Mons'],
  ['an impossible date', '2026-02-30'],
  ['an impossible instant', '2026-02-30T25:61:00Z'],
  ['an instant without offset', '2026-01-03T00:00:00'],
  ['unicode with bidi overrides and emoji', 'Ωmega \u202e😀\u200d'],
  ['a lone surrogate', 'a\ud800b'],
];

describe('bad input corpus', () => {
  let t: TestApp;
  let admin: string;
  let dep: string;
  let plan: string;
  let bill: string;
  const counts = async () =>
    (
      await t.dataSource.query(
        `SELECT (SELECT count(*) FROM plans) + (SELECT count(*) FROM associations) + (SELECT count(*) FROM sessions) + (SELECT count(*) FROM devices)
          + (SELECT count(*) FROM departments) + (SELECT count(*) FROM payments) + (SELECT count(*) FROM adjustments) AS n`,
      )
    )[0].n;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.login();
    dep = (await t.request('POST', '/departments', { token: admin, body: { name: 'D', externalId: 'd-1' } })).body.id;
    const p = await t.request('POST', '/plans', {
      token: admin,
      body: {
        name: 'P',
        currency: 'USD',
        billingType: 'per_session',
        sessionRateMinor: 100,
        associations: [
          {
            departmentId: dep,
            billingCycle: 'monthly',
            billStartDate: '2026-01-01',
            dueDays: 5,
            billingAddress: { name: 'a', line1: 'b', city: 'c', country: 'US' },
            recipients: ['x@y.test'],
          },
        ],
      },
    });
    plan = p.body.id;
    await t.request('POST', '/sessions', {
      token: admin,
      body: { externalId: 's0', departmentId: dep, type: 'attended', startedAt: '2026-01-02T00:00:00Z', endedAt: '2026-01-02T01:00:00Z' },
    });
    await t.request('POST', '/billing-runs', { token: admin, body: { asOf: '2026-02-01T00:00:00Z' } });
    bill = (await t.request('GET', '/bills', { token: admin })).body.items[0].id;
  });
  afterAll(async () => t?.close());

  const session = () => ({
    externalId: `s-${Math.random()}`,
    departmentId: dep,
    type: 'attended',
    startedAt: '2026-01-03T00:00:00Z',
    endedAt: '2026-01-03T01:00:00Z',
  });
  const bodies: [string, string, () => Record<string, unknown>, string[]][] = [
    ['POST', '/departments', () => ({ name: 'X' }), ['name', 'externalId']],
    [
      'POST',
      '/plans',
      () => ({ name: `P${Math.random()}`, currency: 'USD', billingType: 'per_session', sessionRateMinor: 1 }),
      [
        'name',
        'currency',
        'billingType',
        'sessionRateMinor',
        'hourRateMinor',
        'unattendedDeviceRateMinor',
        'billingIncrementMinutes',
        'minimumBillableMinutes',
        'associations',
      ],
    ],
    [
      'POST',
      '/plans/:plan/associations',
      () => ({
        departmentId: dep,
        billingCycle: 'monthly',
        billStartDate: '2026-01-01',
        dueDays: 5,
        billingAddress: { name: 'a', line1: 'b', city: 'c', country: 'US' },
        recipients: ['x@y.test'],
      }),
      ['departmentId', 'billingCycle', 'billStartDate', 'dueDays', 'billingAddress', 'recipients', 'timeZone'],
    ],
    ['POST', '/sessions', session, ['externalId', 'departmentId', 'type', 'startedAt', 'endedAt', 'technician']],
    [
      'POST',
      '/devices',
      () => ({ externalId: `d-${Math.random()}`, departmentId: dep, name: 'n', enrolledAt: '2026-01-01T00:00:00Z' }),
      ['externalId', 'departmentId', 'name', 'enrolledAt', 'removedAt'],
    ],
    ['POST', '/bills/:bill/payments', () => ({ amountMinor: 1 }), ['amountMinor', 'paidAt', 'method', 'reference']],
    [
      'POST',
      '/bills/:bill/adjustments',
      () => ({ type: 'charge', amountMinor: 1, reason: 'r' }),
      ['type', 'amountMinor', 'percent', 'reason'],
    ],
    ['POST', '/billing-runs', () => ({}), ['asOf']],
    ['POST', '/api-keys', () => ({ name: 'k', scopes: ['usage:write'] }), ['name', 'scopes']],
    [
      'POST',
      '/users',
      () => ({ email: `u${Math.random()}@x.test`, name: 'u', role: 'viewer', password: 'password-1' }),
      ['email', 'name', 'role', 'password'],
    ],
  ];
  const cases = bodies.flatMap(([method, path, make, fieldNames]) =>
    fieldNames.flatMap((field) => BAD_VALUES.map(([label, value]) => [method, path, field, label, value, make] as const)),
  );

  it(`has at least 200 cases (${cases.length})`, () => expect(cases.length).toBeGreaterThanOrEqual(200));

  it.each(cases.map((c) => [c[0], c[1], c[2], c[3], c[4], c[5]]))(
    '%s %s with %s = %s: a 4xx naming the field when refused, never a 5xx, nothing half-written',
    async (method, path, field, _label, value, make) => {
      const before = await counts();
      const body = { ...(make as () => Record<string, unknown>)(), [field as string]: value };
      const res = await t.request(method as string, (path as string).replace(':plan', plan).replace(':bill', bill), { token: admin, body });
      expect(res.status).toBeLessThan(500);
      if (res.status === 400 && res.body.code === 'VALIDATION_FAILED') {
        expect(res.body.errors.map((e: { field: string }) => e.field.split('.').slice(0, 1)[0])).toContain(field);
      }
      if (res.status >= 400) expect(await counts()).toBe(before);
    },
  );

  it.each([
    ['malformed JSON', '{"name": "x",', 'MALFORMED_JSON'],
    ['a JSON string', '"just a string"', 'MALFORMED_JSON'],
    ['a JSON array', '[1,2,3]', 'VALIDATION_FAILED'],
  ])('refuses %s with a 400', async (_label, raw, code) => {
    for (const path of ['/departments', '/plans', '/sessions/batch', '/billing-runs']) {
      const res = await t.request('POST', path, { token: admin, raw, headers: { 'content-type': 'application/json' } });
      expect(res.status).toBe(400);
      if (path === '/departments') expect(res.body.code).toBe(code);
    }
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });

  it('ignores __proto__ and constructor keys without polluting any prototype', async () => {
    const raw = '{"name":"x","__proto__":{"isAdmin":true},"constructor":{"prototype":{"polluted":1}}}';
    for (const path of ['/departments', '/plans', '/sessions/batch', '/billing-runs']) {
      const res = await t.request('POST', path, { token: admin, raw, headers: { 'content-type': 'application/json' } });
      expect(res.status).toBeLessThan(500);
    }
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const me = await t.request('GET', '/auth/me', { token: admin });
    expect(me.body.isAdmin).toBeUndefined();
  });

  it.each([
    ['an unclosed quote', 'externalId,departmentId,type,startedAt,endedAt\n"s1,DEP,attended,2026-01-03T00:00:00Z,2026-01-03T01:00:00Z\n'],
    ['binary garbage', '\u0000\u0001\u00ff\ufffd'.repeat(200)],
    ['no header', ''],
    ['an unknown header only', 'foo,bar\n1,2\n'],
    [
      'a quote inside a field',
      'externalId,departmentId,type,startedAt,endedAt\ns"1,DEP,attended,2026-01-03T00:00:00Z,2026-01-03T01:00:00Z\n',
    ],
    [
      'ragged lines',
      'externalId,departmentId,type,startedAt,endedAt\ns2,DEP\ns3,DEP,attended,2026-01-03T00:00:00Z,2026-01-03T01:00:00Z,extra,extra\n',
    ],
    ['formula cells', 'externalId,departmentId,type,startedAt,endedAt\n=cmd|calc,DEP,attended,2026-01-03T00:00:00Z,2026-01-03T01:00:00Z\n'],
  ])('answers a CSV import with %s by a 4xx or refused lines, never a 5xx, nothing half-written', async (_label, csv) => {
    const before = await counts();
    const res = await t.request('POST', '/sessions/import', {
      token: admin,
      raw: csv.replace(/DEP/g, dep),
      headers: { 'content-type': 'text/csv' },
    });
    expect(res.status).toBeLessThan(500);
    if (res.status >= 400) {
      expect(res.body.message.length).toBeGreaterThan(0);
      expect(await counts()).toBe(before);
    } else {
      // Stored exactly the lines it did not refuse.
      expect(Number(await counts())).toBe(Number(before) + res.body.accepted);
    }
  });

  it.each([
    ['/bills?limit=0'],
    ['/bills?limit=abc'],
    ['/bills?status=%00'],
    ['/bills?from=2026-13-01'],
    ['/bills?departmentId=1%27%20OR%201=1'],
    ['/sessions?to=not-a-date'],
    ['/audit-events?entityType=bill&entityId=nope'],
    ['/plans?cursor=%7B%7D'],
    ['/devices?status=gone'],
  ])('refuses the query %s with a 400', async (path) => {
    const res = await t.request('GET', path, { token: admin });
    expect(res.status).toBe(400);
    expect(res.body.errors.length).toBeGreaterThan(0);
  });
});
