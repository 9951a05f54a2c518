import { startTestApp, TestApp } from '../support/app';

describe('foundation: auth, departments, errors, operations', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.login();
  });
  afterAll(async () => t?.close());

  describe('operations', () => {
    it('answers health with the database status', async () => {
      const res = await t.request('GET', '/health');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'ok', database: { status: 'up' } });
    });

    it('serves Prometheus metrics', async () => {
      await t.request('GET', '/departments', { token: admin });
      const res = await fetch(`${t.api}/metrics`);
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(text).toContain('http_request_duration_seconds_bucket');
      expect(text).toContain('route="/api/v1/departments"');
    });

    it('lists every endpoint in the OpenAPI document', async () => {
      const res = await fetch(`${t.baseUrl}/api/docs-json`);
      expect(res.status).toBe(200);
      const doc = (await res.json()) as { paths: Record<string, unknown> };
      for (const path of [
        '/api/v1/auth/login',
        '/api/v1/departments',
        '/api/v1/departments/{id}',
        '/api/v1/users',
        '/api/v1/api-keys',
        '/api/v1/audit-events',
        '/api/v1/health',
      ]) {
        expect(Object.keys(doc.paths)).toContain(path);
      }
    });

    it('sends security headers', async () => {
      const res = await fetch(`${t.api}/health`);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-powered-by')).toBeNull();
    });
  });

  describe('auth', () => {
    it('logs in the first admin with the configured defaults', async () => {
      const res = await t.request('POST', '/auth/login', { body: { email: 'ADMIN@example.com', password: 'change-me-now' } });
      expect(res.status).toBe(200);
      expect(res.body.accessToken.split('.')).toHaveLength(3);
      expect(res.body.expiresIn).toBe(3600);
      const me = await t.request('GET', '/auth/me', { token: res.body.accessToken });
      expect(me.body).toMatchObject({ email: 'admin@example.com', role: 'admin', organization: { name: 'Test Org', timeZone: 'UTC' } });
      // No password or hash leaks (the permission `own-password:change` is the one word allowed to say it).
      expect(JSON.stringify(me.body).replace('own-password:change', '')).not.toMatch(/password|argon2/i);
    });

    it('refuses a wrong password and a missing or forged token with 401', async () => {
      expect((await t.request('POST', '/auth/login', { body: { email: 'admin@example.com', password: 'nope' } })).status).toBe(401);
      expect((await t.request('POST', '/auth/login', { body: { email: 'ghost@example.com', password: 'nope' } })).status).toBe(401);
      const none = await t.request('GET', '/departments');
      expect(none.status).toBe(401);
      expect(none.body.code).toBe('UNAUTHENTICATED');
      const forged = admin.slice(0, -4) + 'AAAA';
      expect((await t.request('GET', '/departments', { token: forged })).status).toBe(401);
    });

    it('gives each role exactly its rights', async () => {
      const viewer = await t.createUser('viewer');
      const billing = await t.createUser('billing');
      expect((await t.request('GET', '/departments', { token: viewer })).status).toBe(200);
      const denied = await t.request('POST', '/departments', { token: viewer, body: { name: 'X' } });
      expect(denied.status).toBe(403);
      expect(denied.body.code).toBe('FORBIDDEN');
      expect((await t.request('POST', '/departments', { token: billing, body: { name: 'By billing' } })).status).toBe(201);
      expect((await t.request('GET', '/users', { token: billing })).status).toBe(403);
      expect((await t.request('POST', '/api-keys', { token: billing, body: { name: 'k', scopes: ['usage:write'] } })).status).toBe(403);
    });

    it('creates API keys shown once, usable within their scopes, revocable', async () => {
      const created = await t.request('POST', '/api-keys', { token: admin, body: { name: 'platform', scopes: ['usage:write'] } });
      expect(created.status).toBe(201);
      const key: string = created.body.key;
      expect(key.startsWith('rb_')).toBe(true);
      const list = await t.request('GET', '/api-keys', { token: admin });
      expect(JSON.stringify(list.body)).not.toContain(key);
      expect(list.body.items[0]).toMatchObject({ name: 'platform', scopes: ['usage:write'] });
      expect((await t.request('GET', '/departments', { token: key })).status).toBe(200);
      expect((await t.request('POST', '/departments', { token: key, body: { name: 'no' } })).status).toBe(403);
      expect((await t.request('GET', '/users', { token: key })).status).toBe(403);
      expect((await t.request('DELETE', `/api-keys/${created.body.id}`, { token: admin })).status).toBe(200);
      expect((await t.request('GET', '/departments', { token: key })).status).toBe(401);
    });

    it('refuses unknown scopes naming the field', async () => {
      const res = await t.request('POST', '/api-keys', { token: admin, body: { name: 'k', scopes: ['everything'] } });
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain('scopes');
    });

    it('refuses a second user with the same e-mail, whatever its case (409 EMAIL_TAKEN)', async () => {
      const res = await t.request('POST', '/users', {
        token: admin,
        body: { email: 'Admin@Example.com', name: 'Twin', role: 'viewer', password: 'password-123' },
      });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('EMAIL_TAKEN');
    });

    it('keeps the last active admin', async () => {
      const me = await t.request('GET', '/auth/me', { token: admin });
      const res = await t.request('PATCH', `/users/${me.body.id}`, { token: admin, body: { role: 'viewer' } });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('LAST_ADMIN');
    });
  });

  describe('departments', () => {
    it('creates, reads, lists with paging and edits', async () => {
      const a = await t.request('POST', '/departments', { token: admin, body: { name: '  Accounting ', externalId: 'acc-1' } });
      expect(a.status).toBe(201);
      expect(a.body).toMatchObject({ name: 'Accounting', externalId: 'acc-1' });
      for (const name of ['Bravo', 'Charlie', 'Delta']) {
        expect((await t.request('POST', '/departments', { token: admin, body: { name } })).status).toBe(201);
      }
      const got = await t.request('GET', `/departments/${a.body.id}`, { token: admin });
      expect(got.body.id).toBe(a.body.id);
      const names: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { body: { items: { name: string }[]; nextCursor: string | null } } = await t.request(
          'GET',
          `/departments?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
          { token: admin },
        );
        names.push(...page.body.items.map((d) => d.name));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(names).toEqual([...names].sort((x, y) => x.toLowerCase().localeCompare(y.toLowerCase())));
      expect(new Set(names).size).toBe(names.length);
      expect(names).toEqual(expect.arrayContaining(['Accounting', 'Bravo', 'Charlie', 'Delta']));
      const patched = await t.request('PATCH', `/departments/${a.body.id}`, { token: admin, body: { name: 'Accounts' } });
      expect(patched.status).toBe(200);
      expect(patched.body.name).toBe('Accounts');
      const dup = await t.request('POST', '/departments', { token: admin, body: { name: 'Other', externalId: 'acc-1' } });
      expect(dup.status).toBe(409);
      expect(dup.body.code).toBe('DEPARTMENT_EXTERNAL_ID_TAKEN');
    });

    it('audits every change with actor, before and after', async () => {
      const d = await t.request('POST', '/departments', { token: admin, body: { name: 'Audited' } });
      await t.request('PATCH', `/departments/${d.body.id}`, { token: admin, body: { name: 'Audited 2' } });
      const res = await t.request('GET', `/audit-events?entityType=department&entityId=${d.body.id}`, { token: admin });
      expect(res.status).toBe(200);
      expect(res.body.items.map((e: { action: string }) => e.action)).toEqual(['department.updated', 'department.created']);
      expect(res.body.items[0]).toMatchObject({
        actor: { type: 'user', name: 'admin@example.com' },
        before: { name: 'Audited' },
        after: { name: 'Audited 2' },
      });
    });

    it('hides another organization: its ids answer 404', async () => {
      const other = await t.createOrganization('Other Co');
      const theirs = await t.request('POST', '/departments', { token: other.token, body: { name: 'Theirs' } });
      expect(theirs.status).toBe(201);
      expect((await t.request('GET', `/departments/${theirs.body.id}`, { token: admin })).status).toBe(404);
      expect((await t.request('PATCH', `/departments/${theirs.body.id}`, { token: admin, body: { name: 'x' } })).status).toBe(404);
      const mine = await t.request('GET', '/departments?limit=500', { token: admin });
      expect(mine.body.items.map((d: { id: string }) => d.id)).not.toContain(theirs.body.id);
    });
  });

  describe('error model', () => {
    it('lists every bad field', async () => {
      const res = await t.request('POST', '/departments', { token: admin, body: { name: 42, externalId: '', color: 'red' } });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      const fields = res.body.errors.map((e: { field: string }) => e.field);
      expect(fields).toEqual(expect.arrayContaining(['name', 'externalId', 'color']));
    });

    it('answers malformed JSON with 400 MALFORMED_JSON', async () => {
      const res = await t.request('POST', '/departments', {
        token: admin,
        raw: '{"name": ',
        headers: { 'content-type': 'application/json' },
      });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('MALFORMED_JSON');
    });

    it('answers a body over 10 MB with 413', async () => {
      const res = await t.request('POST', '/departments', {
        token: admin,
        raw: JSON.stringify({ name: 'x'.repeat(11 * 1024 * 1024) }),
        headers: { 'content-type': 'application/json' },
      });
      expect(res.status).toBe(413);
      expect(res.body.code).toBe('PAYLOAD_TOO_LARGE');
    });

    it('answers unknown routes and malformed ids with 404', async () => {
      const route = await t.request('GET', '/nope', { token: admin });
      expect(route.status).toBe(404);
      expect(route.body.code).toBe('NOT_FOUND');
      expect((await t.request('GET', '/departments/not-a-uuid', { token: admin })).status).toBe(404);
      expect((await t.request('GET', '/departments/00000000-0000-4000-8000-000000000000', { token: admin })).status).toBe(404);
    });

    it('refuses a tampered cursor and an out-of-range limit naming the field', async () => {
      const c = await t.request('GET', '/departments?cursor=garbage', { token: admin });
      expect(c.status).toBe(400);
      expect(c.body.errors[0].field).toBe('cursor');
      const l = await t.request('GET', '/departments?limit=501', { token: admin });
      expect(l.status).toBe(400);
      expect(l.body.errors[0].field).toBe('limit');
    });

    it('treats __proto__ keys as unknown fields, not as a prototype', async () => {
      const res = await t.request('POST', '/departments', {
        token: admin,
        raw: '{"name":"P","__proto__":{"admin":true}}',
        headers: { 'content-type': 'application/json' },
      });
      expect([201, 400]).toContain(res.status);
      expect(({} as Record<string, unknown>).admin).toBeUndefined();
    });
  });
});
