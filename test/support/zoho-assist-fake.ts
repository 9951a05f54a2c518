import { randomBytes } from 'node:crypto';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';

/**
 * A local Zoho (no internet here) speaking the two endpoints the Zoho Assist connector uses, as Zoho documents them:
 * - Zoho Accounts, POST {accounts}/oauth/v2/token with grant_type=refresh_token, client_id, client_secret,
 *   refresh_token (www.zoho.com/assist/api/refresh-access-token.html): {"access_token", "expires_in": 3600,
 *   "api_domain", "token_type": "Bearer"}; a wrong refresh token gives {"error": "invalid_code"}, a wrong client
 *   {"error": "invalid_client"} (Zoho answers these with status 200). Parameters are read from the form body or the
 *   query string (Zoho's pages show both) and logged with where they came from.
 * - Zoho Assist, GET {assist}/api/v2/reports?type&fromdate&todate&index&count with `Authorization: Zoho-oauthtoken
 *   <token>` (www.zoho.com/assist/api/getsessionreports.html): {"total_count", "resource_type": "report",
 *   "representation": [rows]} and, as www.zoho.com/assist/api/pagination.html describes, a `page` node whose `next`
 *   is the next page's URL (absent on the last page; `pageLinks: false` leaves the node out). `index` is the 1-based
 *   index of the first record; `count` defaults to 20 and is capped at `maxCount` (a server that pages smaller than
 *   asked). Sessions are filtered by start_time within [fromdate, todate] and listed by start_time. An unknown or
 *   revoked token gets 401 (Zoho's code INVALID_OAUTHTOKEN).
 * Accounts and Assist are two prefixes of one server: `${url}/accounts` and `${url}/assist`.
 */
export interface ZohoSession {
  session_id: number;
  start_time: number;
  end_time: number;
  /** Milliseconds, as a string (the documented example's "155493" is end_time − start_time). */
  duration: string;
  display_name: string;
  session_owner_email: string;
  session_type: string;
  viewer_email: string;
  viewer_os: string;
  viewer_ipaddress: string;
  agent_email: string;
  agent_os: string;
  agent_ipaddress: string;
}

/** A session row in the documented shape. */
export function zohoSession(s: {
  id: number;
  start: number;
  minutes: number;
  customer: string;
  technician: string;
  type?: 'rs' | 'URS';
}): ZohoSession {
  const end = s.start + s.minutes * 60_000;
  return {
    session_id: s.id,
    start_time: s.start,
    end_time: end,
    duration: String(end - s.start),
    display_name: s.customer,
    session_owner_email: s.technician,
    session_type: s.type ?? 'rs',
    viewer_email: s.technician,
    viewer_os: 'Mac',
    viewer_ipaddress: '121.244.91.19',
    agent_email: `it@${s.customer.toLowerCase().replace(/\W+/g, '')}.test`,
    agent_os: 'Windows',
    agent_ipaddress: '45.123.3.250',
  };
}

export interface LoggedRequest {
  at: number;
  method: string;
  /** Without the query string, e.g. /assist/api/v2/reports */
  path: string;
  query: Record<string, string>;
  /** The form body's fields (token requests) */
  form: Record<string, string> | null;
  contentType: string | null;
  authorization: string | null;
  status: number;
}

export interface ZohoAssistFake {
  /** The server's root; accounts at `${url}/accounts`, assist at `${url}/assist`. */
  url: string;
  accountsUrl: string;
  assistUrl: string;
  /** The report's sessions: push to add some. */
  sessions: ZohoSession[];
  requests: LoggedRequest[];
  /** Rows per page at most, whatever `count` asks. */
  maxCount: number;
  /** Whether answers carry the `page` node with `next`. */
  pageLinks: boolean;
  /** The next `times` report requests after `skip` more answer 429 with this Retry-After. */
  rateLimit(o: { skip?: number; times: number; retryAfter?: string | null }): void;
  /** Every access token issued so far stops working (401). */
  revokeAccessTokens(): void;
  tokenRequests(): LoggedRequest[];
  reportRequests(): LoggedRequest[];
  close(): Promise<void>;
}

export async function startZohoAssistFake(credentials: {
  clientId: string;
  clientSecret: string;
  refreshToken: string;
}): Promise<ZohoAssistFake> {
  const tokens = new Set<string>();
  let limit = { skip: 0, times: 0, retryAfter: '1' as string | null };

  const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8', ...headers });
    res.end(JSON.stringify(body));
  };

  const readBody = (req: IncomingMessage) =>
    new Promise<string>((resolve, reject) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      req.on('error', reject);
    });

  const token = (res: ServerResponse, p: Record<string, string>) => {
    if (p.grant_type !== 'refresh_token') return json(res, 200, { error: 'unsupported_grant_type' });
    if (p.client_id !== credentials.clientId || p.client_secret !== credentials.clientSecret)
      return json(res, 200, { error: 'invalid_client' });
    if (p.refresh_token !== credentials.refreshToken) return json(res, 200, { error: 'invalid_code' });
    const access = `1000.${randomBytes(16).toString('hex')}.${randomBytes(16).toString('hex')}`;
    tokens.add(access);
    json(res, 200, { access_token: access, expires_in: 3600, api_domain: 'https://www.zohoapis.com', token_type: 'Bearer' });
  };

  const reports = (res: ServerResponse, q: Record<string, string>, authorization: string | null, self: URL) => {
    const access = /^Zoho-oauthtoken (\S+)$/.exec(authorization ?? '')?.[1];
    if (!access || !tokens.has(access)) return json(res, 401, { code: 'INVALID_OAUTHTOKEN', message: 'Invalid OAuth token' });
    if (limit.skip > 0) limit.skip--;
    else if (limit.times > 0) {
      limit.times--;
      return json(
        res,
        429,
        { code: 'TOO_MANY_REQUESTS', message: 'Too many requests' },
        limit.retryAfter === null ? {} : { 'retry-after': limit.retryAfter },
      );
    }
    const type = q.type;
    if (!['rs', 'URS', 'DM', 'all'].includes(type ?? '')) return json(res, 400, { code: 'INVALID_PARAM', message: 'type' });
    if (!/^\d+$/.test(q.fromdate ?? '') || !/^\d+$/.test(q.todate ?? ''))
      return json(res, 400, { code: 'INVALID_PARAM', message: 'fromdate/todate' });
    const from = Number(q.fromdate);
    const to = Number(q.todate);
    const index = q.index ? Number(q.index) : 1;
    const count = Math.min(q.count ? Number(q.count) : 20, fake.maxCount);
    if (!(index >= 1) || !(count >= 1)) return json(res, 400, { code: 'INVALID_PARAM', message: 'index/count' });
    const rows = fake.sessions
      .filter((s) => s.start_time >= from && s.start_time <= to && (type === 'all' || s.session_type === type))
      .sort((a, b) => a.start_time - b.start_time || a.session_id - b.session_id);
    const representation = rows.slice(index - 1, index - 1 + count);
    const body: Record<string, unknown> = { total_count: rows.length, resource_type: 'report', representation };
    if (fake.pageLinks) {
      const at = (i: number) => {
        const u = new URL(self);
        u.searchParams.set('index', String(i));
        u.searchParams.set('count', String(count));
        return u.toString();
      };
      const page: Record<string, string> = { first: at(1), last: at(Math.max(1, rows.length - ((rows.length - 1) % count))) };
      if (index - 1 + count < rows.length) page.next = at(index + count);
      body.page = page;
    }
    json(res, 200, body);
  };

  const server = createServer((req, res) => {
    void (async () => {
      const self = new URL(req.url ?? '/', `http://${req.headers.host}`);
      const query = Object.fromEntries(self.searchParams);
      const raw = await readBody(req);
      const contentType = req.headers['content-type'] ?? null;
      const form = raw && /x-www-form-urlencoded/.test(contentType ?? '') ? Object.fromEntries(new URLSearchParams(raw)) : null;
      const entry: LoggedRequest = {
        at: Date.now(),
        method: req.method ?? '',
        path: self.pathname,
        query,
        form,
        contentType,
        authorization: req.headers.authorization ?? null,
        status: 0,
      };
      fake.requests.push(entry);
      res.on('finish', () => (entry.status = res.statusCode));
      if (req.method === 'POST' && self.pathname === '/accounts/oauth/v2/token') return token(res, { ...query, ...(form ?? {}) });
      if (req.method === 'GET' && self.pathname === '/assist/api/v2/reports') return reports(res, query, entry.authorization, self);
      json(res, 404, { code: 'URL_NOT_FOUND' });
    })().catch(() => {
      res.statusCode = 500;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;

  const fake: ZohoAssistFake = {
    url,
    accountsUrl: `${url}/accounts`,
    assistUrl: `${url}/assist`,
    sessions: [],
    requests: [],
    maxCount: 100,
    pageLinks: true,
    rateLimit: (o) => (limit = { skip: o.skip ?? 0, times: o.times, retryAfter: o.retryAfter === undefined ? '1' : o.retryAfter }),
    revokeAccessTokens: () => tokens.clear(),
    tokenRequests: () => fake.requests.filter((r) => r.path === '/accounts/oauth/v2/token'),
    reportRequests: () => fake.requests.filter((r) => r.path === '/assist/api/v2/reports'),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return fake;
}
