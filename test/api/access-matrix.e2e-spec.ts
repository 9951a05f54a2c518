import { startTestApp, TestApp } from '../support/app';

/**
 * Every endpoint against every role and API-key scope: exactly the designed access (API.md "Auth").
 * "allowed" means anything but 401/403 (the request may still be a 400/404/409 on its body or ids).
 */
type Caller = 'admin' | 'billing' | 'viewer' | 'usage:write' | 'usage:read' | 'plans:read' | 'bills:read' | 'bills:write' | 'none';
const ID = '00000000-0000-4000-8000-000000000000';
const ALL: Caller[] = ['admin', 'billing', 'viewer', 'usage:write', 'usage:read', 'plans:read', 'bills:read', 'bills:write'];
const STAFF: Caller[] = ['admin', 'billing', 'viewer'];

const ENDPOINTS: [string, string, Caller[]][] = [
  ['GET', '/auth/me', ALL],
  ['GET', '/organization', STAFF],
  ['PATCH', '/organization', ['admin']],
  ['PUT', '/organization/logo', ['admin']],
  ['GET', '/organization/logo', STAFF],
  ['DELETE', '/organization/logo', ['admin']],
  ['GET', '/organization/invoice-preview', STAFF],
  ['POST', '/auth/password', STAFF],
  ['GET', '/users', ['admin']],
  ['POST', '/users', ['admin']],
  ['GET', `/users/${ID}`, ['admin']],
  ['PATCH', `/users/${ID}`, ['admin']],
  ['POST', `/users/${ID}/password`, ['admin']],
  ['GET', '/api-keys', ['admin']],
  ['POST', '/api-keys', ['admin']],
  ['DELETE', `/api-keys/${ID}`, ['admin']],
  ['GET', '/departments', ALL],
  ['GET', `/departments/${ID}`, ALL],
  ['POST', '/departments', ['admin', 'billing']],
  ['PATCH', `/departments/${ID}`, ['admin', 'billing']],
  ['GET', '/plans', [...STAFF, 'plans:read']],
  ['GET', `/plans/${ID}`, [...STAFF, 'plans:read']],
  ['POST', '/plans', ['admin', 'billing']],
  ['PATCH', `/plans/${ID}`, ['admin', 'billing']],
  ['DELETE', `/plans/${ID}`, ['admin', 'billing']],
  ['POST', `/plans/${ID}/associations`, ['admin', 'billing']],
  ['GET', `/plans/${ID}/associations`, [...STAFF, 'plans:read']],
  ['GET', '/associations', [...STAFF, 'plans:read']],
  ['GET', `/associations/${ID}`, [...STAFF, 'plans:read']],
  ['PATCH', `/associations/${ID}`, ['admin', 'billing']],
  ['DELETE', `/associations/${ID}`, ['admin', 'billing']],
  ['POST', `/associations/${ID}/blocks`, ['admin', 'billing', 'bills:write']],
  ['GET', `/associations/${ID}/balances`, [...STAFF, 'bills:read', 'bills:write']],
  ['GET', `/associations/${ID}/ledger`, [...STAFF, 'bills:read', 'bills:write']],
  ['GET', '/tax-rates', [...STAFF, 'plans:read']],
  ['GET', `/tax-rates/${ID}`, [...STAFF, 'plans:read']],
  ['POST', '/tax-rates', ['admin', 'billing']],
  ['PATCH', `/tax-rates/${ID}`, ['admin', 'billing']],
  ['DELETE', `/tax-rates/${ID}`, ['admin', 'billing']],
  ['POST', '/sessions', ['admin', 'billing', 'usage:write']],
  ['POST', '/sessions/batch', ['admin', 'billing', 'usage:write']],
  ['POST', '/sessions/import', ['admin', 'billing', 'usage:write']],
  ['GET', '/sessions', [...STAFF, 'usage:read']],
  ['GET', '/import-presets', [...STAFF, 'usage:read']],
  ['GET', '/import-profiles', [...STAFF, 'usage:read']],
  ['POST', '/import-profiles', ['admin', 'billing', 'usage:write']],
  ['GET', `/import-profiles/${ID}`, [...STAFF, 'usage:read']],
  ['PATCH', `/import-profiles/${ID}`, ['admin', 'billing', 'usage:write']],
  ['DELETE', `/import-profiles/${ID}`, ['admin', 'billing', 'usage:write']],
  ['POST', `/import-profiles/${ID}/preview`, ['admin', 'billing', 'usage:write']],
  ['POST', `/import-profiles/${ID}/imports`, ['admin', 'billing', 'usage:write']],
  ['GET', `/import-profiles/${ID}/runs`, [...STAFF, 'usage:read']],
  ['GET', `/import-profiles/${ID}/customer-keys`, [...STAFF, 'usage:read']],
  ['PUT', `/import-profiles/${ID}/customer-keys`, ['admin', 'billing', 'usage:write']],
  ['POST', `/import-profiles/${ID}/connectors`, ['admin', 'billing', 'usage:write']],
  ['GET', `/import-profiles/${ID}/connectors`, [...STAFF, 'usage:read']],
  ['PATCH', `/import-connectors/${ID}`, ['admin', 'billing', 'usage:write']],
  ['DELETE', `/import-connectors/${ID}`, ['admin', 'billing', 'usage:write']],
  ['POST', `/import-connectors/${ID}/pull`, ['admin', 'billing', 'usage:write']],
  ['POST', '/devices', ['admin', 'billing', 'usage:write']],
  ['POST', '/devices/batch', ['admin', 'billing', 'usage:write']],
  ['PATCH', `/devices/${ID}`, ['admin', 'billing', 'usage:write']],
  ['GET', '/devices', [...STAFF, 'usage:read']],
  ['GET', '/bills', [...STAFF, 'bills:read', 'bills:write']],
  ['GET', '/bills/export.csv', [...STAFF, 'bills:read', 'bills:write']],
  ['GET', `/bills/${ID}`, [...STAFF, 'bills:read', 'bills:write']],
  ['GET', `/bills/${ID}/pdf`, [...STAFF, 'bills:read', 'bills:write']],
  ['GET', `/bills/${ID}/einvoice`, [...STAFF, 'bills:read', 'bills:write']],
  ['GET', `/bills/${ID}/einvoice/problems`, [...STAFF, 'bills:read', 'bills:write']],
  ['GET', `/bills/${ID}/emails`, [...STAFF, 'bills:read', 'bills:write']],
  ['POST', `/bills/${ID}/payments`, ['admin', 'billing', 'bills:write']],
  ['POST', `/bills/${ID}/payments/${ID}/reverse`, ['admin', 'billing', 'bills:write']],
  ['POST', `/bills/${ID}/adjustments`, ['admin', 'billing', 'bills:write']],
  ['POST', `/bills/${ID}/void`, ['admin', 'billing', 'bills:write']],
  ['POST', `/bills/${ID}/approve`, ['admin', 'billing', 'bills:write']],
  ['POST', `/bills/${ID}/refresh`, ['admin', 'billing', 'bills:write']],
  ['POST', `/bills/${ID}/discard`, ['admin', 'billing', 'bills:write']],
  ['POST', `/bills/${ID}/email`, ['admin', 'billing', 'bills:write']],
  ['GET', '/corrections', [...STAFF, 'bills:read', 'bills:write']],
  ['GET', `/corrections/${ID}`, [...STAFF, 'bills:read', 'bills:write']],
  ['GET', `/corrections/${ID}/pdf`, [...STAFF, 'bills:read', 'bills:write']],
  ['GET', `/corrections/${ID}/einvoice`, [...STAFF, 'bills:read', 'bills:write']],
  ['POST', `/corrections/${ID}/email`, ['admin', 'billing', 'bills:write']],
  ['GET', '/credit-notes', [...STAFF, 'bills:read', 'bills:write']],
  ['GET', `/credit-notes/${ID}`, [...STAFF, 'bills:read', 'bills:write']],
  ['GET', `/credit-notes/${ID}/pdf`, [...STAFF, 'bills:read', 'bills:write']],
  ['GET', `/credit-notes/${ID}/einvoice`, [...STAFF, 'bills:read', 'bills:write']],
  ['POST', `/credit-notes/${ID}/email`, ['admin', 'billing', 'bills:write']],
  ['DELETE', `/bills/${ID}`, ['admin', 'billing', 'bills:write']],
  ['POST', '/billing-runs', ['admin', 'billing']],
  ['GET', '/billing-runs', [...STAFF, 'bills:read', 'bills:write']],
  ['GET', '/billing-runs/failures', [...STAFF, 'bills:read', 'bills:write']],
  ['GET', '/dashboard', [...STAFF, 'bills:read', 'bills:write']],
  ['GET', '/audit-events', STAFF],
  ['GET', '/webhooks', ['admin', 'billing']],
  ['POST', '/webhooks', ['admin']],
  ['GET', `/webhooks/${ID}`, ['admin', 'billing']],
  ['PATCH', `/webhooks/${ID}`, ['admin']],
  ['DELETE', `/webhooks/${ID}`, ['admin']],
  ['POST', `/webhooks/${ID}/rotate-secret`, ['admin']],
  ['POST', `/webhooks/${ID}/test`, ['admin']],
  ['GET', `/webhooks/${ID}/deliveries`, ['admin', 'billing']],
  ['POST', `/webhooks/${ID}/deliveries/${ID}/redeliver`, ['admin']],
];

describe('access matrix: roles and API-key scopes against every endpoint', () => {
  let t: TestApp;
  const tokens: Partial<Record<Caller, string>> = {};

  beforeAll(async () => {
    t = await startTestApp();
    tokens.admin = await t.login();
    tokens.billing = await t.createUser('billing');
    tokens.viewer = await t.createUser('viewer');
    for (const scope of ['usage:write', 'usage:read', 'plans:read', 'bills:read', 'bills:write'] as const) {
      tokens[scope] = (await t.request('POST', '/api-keys', { token: tokens.admin, body: { name: scope, scopes: [scope] } })).body.key;
    }
  });
  afterAll(async () => t?.close());

  it('lists every route of the app', async () => {
    const doc = (await (await fetch(`${t.baseUrl}/api/docs-json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace('/api/v1', '').replace(/\{[^}]+\}/g, ID)}`),
    );
    const covered = new Set(ENDPOINTS.map(([m, p]) => `${m} ${p}`));
    const publicRoutes = ['POST /auth/login', 'GET /health', 'GET /metrics'];
    expect(documented.filter((r) => !covered.has(r) && !publicRoutes.includes(r))).toEqual([]);
  });

  it.each(ENDPOINTS)('%s %s gives exactly the designed access', async (method, path, allowed) => {
    const body = method === 'GET' || method === 'DELETE' ? undefined : {};
    for (const caller of [...ALL, 'none' as const]) {
      const res = await t.request(method, path, { token: tokens[caller as Caller], body });
      const got = res.status === 401 ? 'unauthenticated' : res.status === 403 ? 'forbidden' : 'allowed';
      const want = caller === 'none' ? 'unauthenticated' : allowed.includes(caller) ? 'allowed' : 'forbidden';
      expect(`${caller}: ${got}`).toBe(`${caller}: ${want}`);
      expect(res.status).toBeLessThan(500);
    }
  });
});
