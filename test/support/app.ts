import type { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { AppConfig, loadConfig } from '../../apps/api/src/config/app-config';
import { createApp } from '../../apps/api/src/create-app';
import { OrganizationsRepository } from '../../apps/api/src/organizations/organizations.repository';
import { UsersRepository } from '../../apps/api/src/users/users.repository';
import { hashPassword } from '../../apps/api/src/auth/passwords';
import { randomUUID } from 'node:crypto';
import { contractFor } from './contract';
import { createTestDatabase, TestDatabase } from './database';

export const ADMIN_EMAIL = 'admin@example.com';
export const ADMIN_PASSWORD = 'change-me-now';

/** The whole app on a free port of 127.0.0.1, on its own database. */
export interface TestApp {
  app: NestExpressApplication;
  baseUrl: string;
  api: string;
  db: TestDatabase;
  config: AppConfig;
  dataSource: DataSource;
  close(): Promise<void>;
  /** fetch() against /api/v1 with JSON in and out. */
  request(
    method: string,
    path: string,
    opts?: { token?: string; body?: unknown; raw?: string; headers?: Record<string, string> },
  ): Promise<{ status: number; body: any; headers: Headers; text: string }>;
  login(email?: string, password?: string): Promise<string>;
  /** Creates another organization with an admin (tests of tenancy). */
  createOrganization(
    name: string,
    role?: 'admin' | 'billing' | 'viewer',
  ): Promise<{ organizationId: string; email: string; password: string; token: string }>;
  /** Creates a user in the first organization and returns its token. */
  createUser(role: 'admin' | 'billing' | 'viewer'): Promise<string>;
}

export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: process.env.RB_TEST_LOG ?? 'silent',
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    ORG_NAME: 'Test Org',
    DATA_DIR: `/tmp/rb-test-data-${db.name}`,
    BILLING_CRON_ENABLED: 'false',
    INVOICE_AUTO_SEND: 'false',
    PDF_ARCHIVE_ENABLED: 'false',
    IMPORT_CONNECTORS_ENABLED: 'false',
    LOGIN_RATE_LIMIT: '1000',
    ...env,
  });
  const app = await createApp({ config, databaseUrl: db.url, jwtSecret: 'test-secret-0123456789abcdef', dbPoolSize: 5 });
  await app.listen(0, '127.0.0.1');
  const port = (app.getHttpServer().address() as { port: number }).port;
  const baseUrl = `http://127.0.0.1:${port}`;
  const api = `${baseUrl}/api/v1`;
  const dataSource = app.get(DataSource);
  // Every response of `request` is held to the document the app serves (test/support/contract.ts).
  const contract = await contractFor(await (await fetch(`${baseUrl}/api/docs-json`)).json());

  const request: TestApp['request'] = async (method, path, opts = {}) => {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let body: string | undefined;
    if (opts.raw !== undefined) body = opts.raw;
    else if (opts.body !== undefined) {
      body = JSON.stringify(opts.body);
      headers['content-type'] ??= 'application/json';
    }
    const url = new URL(`${api}${path}`);
    const res = await fetch(url, { method, headers, body });
    const text = await res.text();
    const contentType = res.headers.get('content-type') ?? '';
    let parsed: unknown = text;
    if (contentType.includes('json') && text) parsed = JSON.parse(text);
    contract.check(method, url.pathname, res.status, contentType, parsed);
    return { status: res.status, body: parsed, headers: res.headers, text };
  };

  const login = async (email = ADMIN_EMAIL, password = ADMIN_PASSWORD) => {
    const res = await request('POST', '/auth/login', { body: { email, password } });
    if (res.status !== 200) throw new Error(`login failed: ${res.status} ${res.text}`);
    return res.body.accessToken as string;
  };

  const createOrganization: TestApp['createOrganization'] = async (name, role = 'admin') => {
    const orgs = app.get(OrganizationsRepository);
    const users = app.get(UsersRepository);
    const org = await orgs.insert(name, 'UTC');
    const email = `${role}-${randomUUID().slice(0, 8)}@${name.toLowerCase().replace(/\W/g, '')}.test`;
    const password = 'password-123';
    await dataSource.transaction(async (m) => {
      await users.insert(
        { organizationId: org.id, id: randomUUID(), email, name, role, passwordHash: await hashPassword(password), active: true },
        m,
      );
    });
    return { organizationId: org.id, email, password, token: await login(email, password) };
  };

  const createUser: TestApp['createUser'] = async (role) => {
    const adminToken = await login();
    const email = `${role}-${randomUUID().slice(0, 8)}@example.com`;
    const res = await request('POST', '/users', { token: adminToken, body: { email, name: role, role, password: 'password-123' } });
    if (res.status !== 201) throw new Error(`createUser failed: ${res.status} ${res.text}`);
    return login(email, 'password-123');
  };

  return {
    app,
    baseUrl,
    api,
    db,
    config,
    dataSource,
    request,
    login,
    createOrganization,
    createUser,
    close: async () => {
      await app.close();
      await db.drop();
    },
  };
}
