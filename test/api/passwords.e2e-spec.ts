import { ADMIN_EMAIL, ADMIN_PASSWORD, startTestApp, TestApp } from '../support/app';

/** POST /auth/password (change my own) and POST /users/:id/password (admin reset). */
describe('passwords: change my own, reset another user', () => {
  let t: TestApp;
  let admin: string;

  const loginStatus = async (email: string, password: string) =>
    (await t.request('POST', '/auth/login', { body: { email, password } })).status;
  const newUser = async (role: 'admin' | 'billing' | 'viewer', email: string) => {
    const res = await t.request('POST', '/users', { token: admin, body: { email, name: `${role} user`, role, password: 'first-pass-1' } });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const auditOf = async (id: string) =>
    (await t.request('GET', `/audit-events?entityType=user&entityId=${id}`, { token: admin })).body.items as any[];

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.login();
  });
  afterAll(async () => t?.close());

  it('changes my password: the new one logs in, the old one no longer does; audited without the secret', async () => {
    const id = await newUser('billing', 'bea@example.test');
    const token = await t.login('bea@example.test', 'first-pass-1');
    const res = await t.request('POST', '/auth/password', {
      token,
      body: { currentPassword: 'first-pass-1', newPassword: 'second-pass-2' },
    });
    expect(res.status).toBe(204);
    expect(await loginStatus('bea@example.test', 'second-pass-2')).toBe(200);
    expect(await loginStatus('bea@example.test', 'first-pass-1')).toBe(401);

    const events = await auditOf(id);
    const changed = events.find((e) => e.action === 'user.password_changed');
    expect(changed).toMatchObject({
      actor: { type: 'user', id, name: 'bea@example.test' },
      entityId: id,
      after: { passwordChanged: true },
    });
    const stored = JSON.stringify(await t.dataSource.query(`SELECT before, after FROM audit_events WHERE entity_id = $1`, [id]));
    expect(stored).not.toContain('second-pass-2');
    expect(stored).not.toContain('first-pass-1');
    expect(stored).not.toContain('$argon2');
  });

  it('refuses a wrong current password (400 on currentPassword) and changes nothing', async () => {
    const id = await newUser('viewer', 'vic@example.test');
    const token = await t.login('vic@example.test', 'first-pass-1');
    const res = await t.request('POST', '/auth/password', {
      token,
      body: { currentPassword: 'not-my-password', newPassword: 'second-pass-2' },
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.errors).toEqual([{ field: 'currentPassword', message: expect.any(String) }]);
    expect(await loginStatus('vic@example.test', 'first-pass-1')).toBe(200);
    expect(await loginStatus('vic@example.test', 'second-pass-2')).toBe(401);
    expect((await auditOf(id)).map((e) => e.action)).not.toContain('user.password_changed');
  });

  it('validates the new password: at least 8 characters, not the current one, fields named', async () => {
    const token = await t.createUser('viewer');
    const short = await t.request('POST', '/auth/password', { token, body: { currentPassword: 'password-123', newPassword: 'short' } });
    expect(short.status).toBe(400);
    expect(short.body.errors.map((e: { field: string }) => e.field)).toEqual(['newPassword']);
    const same = await t.request('POST', '/auth/password', {
      token,
      body: { currentPassword: 'password-123', newPassword: 'password-123' },
    });
    expect(same.status).toBe(400);
    expect(same.body.errors.map((e: { field: string }) => e.field)).toEqual(['newPassword']);
    const missing = await t.request('POST', '/auth/password', { token, body: {} });
    expect(missing.status).toBe(400);
    expect([...new Set(missing.body.errors.map((e: { field: string }) => e.field))].sort()).toEqual(['currentPassword', 'newPassword']);
  });

  it('is for people only: an API key gets a 403, no token a 401', async () => {
    const key = (await t.request('POST', '/api-keys', { token: admin, body: { name: 'svc', scopes: ['bills:write', 'usage:write'] } })).body
      .key;
    const body = { currentPassword: ADMIN_PASSWORD, newPassword: 'hijacked-pass' };
    expect((await t.request('POST', '/auth/password', { token: key, body })).status).toBe(403);
    expect((await t.request('POST', '/auth/password', { body })).status).toBe(401);
    expect(await loginStatus(ADMIN_EMAIL, ADMIN_PASSWORD)).toBe(200);
  });

  it("lets an admin reset another user's password, audited; the user logs in with it", async () => {
    const id = await newUser('viewer', 'forgetful@example.test');
    const res = await t.request('POST', `/users/${id}/password`, { token: admin, body: { newPassword: 'reset-pass-3' } });
    expect(res.status).toBe(204);
    expect(await loginStatus('forgetful@example.test', 'reset-pass-3')).toBe(200);
    expect(await loginStatus('forgetful@example.test', 'first-pass-1')).toBe(401);
    const reset = (await auditOf(id)).find((e) => e.action === 'user.password_reset');
    expect(reset).toMatchObject({ actor: { name: ADMIN_EMAIL }, after: { passwordReset: true } });
    expect(JSON.stringify(reset)).not.toContain('reset-pass-3');
    const short = await t.request('POST', `/users/${id}/password`, { token: admin, body: { newPassword: '1234567' } });
    expect(short.status).toBe(400);
    expect(short.body.errors[0].field).toBe('newPassword');
  });

  it('refuses a reset by a viewer or a billing user (403) and leaves the password as it was', async () => {
    const id = await newUser('billing', 'target@example.test');
    for (const role of ['viewer', 'billing'] as const) {
      const token = await t.createUser(role);
      expect((await t.request('POST', `/users/${id}/password`, { token, body: { newPassword: 'takeover-pass' } })).status).toBe(403);
    }
    expect(await loginStatus('target@example.test', 'first-pass-1')).toBe(200);
    expect(await loginStatus('target@example.test', 'takeover-pass')).toBe(401);
  });

  it('answers 404 for an unknown id and for a user of another organization', async () => {
    const unknown = await t.request('POST', '/users/00000000-0000-4000-8000-000000000000/password', {
      token: admin,
      body: { newPassword: 'whatever-pass' },
    });
    expect(unknown.status).toBe(404);
    const other = await t.createOrganization('Other Org');
    const [{ id: foreignId }] = await t.dataSource.query(`SELECT id FROM users WHERE organization_id = $1`, [other.organizationId]);
    const foreign = await t.request('POST', `/users/${foreignId}/password`, { token: admin, body: { newPassword: 'whatever-pass' } });
    expect(foreign.status).toBe(404);
    expect(await loginStatus(other.email, other.password)).toBe(200);
    expect((await t.request('POST', '/users/not-a-uuid/password', { token: admin, body: { newPassword: 'whatever-pass' } })).status).toBe(
      404,
    );
  });
});
