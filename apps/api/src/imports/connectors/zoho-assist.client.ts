import { createHash } from 'node:crypto';
import { backoffMs, DEFAULT_RETRY, RETRYABLE_STATUSES, retryAfterMs, RetryPolicy } from './retry';

/*
 * Zoho Assist, as Zoho documents it (read 2026-12):
 * - Data centres: "Multi DC support", https://www.zoho.com/accounts/protocol/oauth/multi-dc.html — the accounts server
 *   of each: accounts.zoho.com (US), .eu, .in, .com.au, .jp, accounts.zohocloud.ca (Canada), .sa, .uk; China,
 *   accounts.zoho.com.cn, from Assist's own "Refresh Access Token" page. Assist's API root is assist.zoho.<domain>/api/v2
 *   (https://www.zoho.eu/assist/api-integration.html: "API Root Endpoint https://assist.zoho.eu/api/v2").
 *   Uncertain: Assist's Canadian host. Zoho's Canadian accounts server is zohocloud.ca, so assist.zohocloud.ca is used;
 *   no Assist page names it (ZOHO_ASSIST_URL overrides it).
 * - Token: "Refresh Access Token", https://www.zoho.com/assist/api/refresh-access-token.html — POST
 *   {Accounts_URL}/oauth/v2/token with refresh_token, client_id, client_secret, grant_type=refresh_token; answers
 *   {"access_token", "expires_in": 3600, "api_domain", "token_type": "Bearer"}. Sent here as an
 *   application/x-www-form-urlencoded body (RFC 6749 §6; Zoho's pages say to pass them in the body "for security
 *   reasons"), not in the query string, so the secrets stay out of access logs. Errors come as {"error": "invalid_code"}
 *   (refresh token revoked or expired), "invalid_client" (client id/secret, or the wrong data centre), "access_denied"
 *   (Zoho allows 10 access tokens per refresh token in 10 minutes: hence the cache below). Some Zoho services answer
 *   expires_in in milliseconds beside expires_in_sec: both are read.
 * - Sessions: "Get Session Reports", https://www.zoho.com/assist/api/getsessionreports.html — GET /api/v2/reports,
 *   scope ZohoAssist.reportapi.READ, header `Authorization: Zoho-oauthtoken <token>`, query type (rs | URS | all: `all`
 *   here), fromdate and todate (Unix time in ms), index ("Index of the record"), count ("Number of rows per page"); the
 *   answer {"total_count", "resource_type": "report", "representation": [rows]}. Pagination,
 *   https://www.zoho.com/assist/api/pagination.html: index defaults to 1 and count to 20, and listed answers carry a
 *   `page` node whose `next` is the next page's URL. So: `page.next` is followed when it is on the same host; else
 *   `index` moves on by the rows received (index counted from 1 as a record index). The reports page calls index a
 *   "Page count" instead: with that reading the second request would come back empty while total_count says more, and
 *   the pull fails (nothing advanced) rather than miss sessions.
 * - Not documented: Assist's rate limits and what it answers at them. A 429 (or 5xx) is retried politely (Retry-After,
 *   seconds or a date, else exponential backoff with jitter); which time fromdate/todate filter on (start_time is
 *   assumed: the window overlaps the previous one, see connectors.service.ts); the largest count (100 asked; fewer per
 *   page are followed all the same).
 */

/** Zoho's data centres, by the domain suffix of their servers. */
export const ZOHO_DATA_CENTRES = ['com', 'eu', 'in', 'com.au', 'com.cn', 'jp', 'ca', 'sa', 'uk'] as const;
export type ZohoDataCentre = (typeof ZOHO_DATA_CENTRES)[number];

/** The data centre's Zoho Accounts server (OAuth). */
export function zohoAccountsBase(dc: ZohoDataCentre): string {
  return dc === 'ca' ? 'https://accounts.zohocloud.ca' : `https://accounts.zoho.${dc}`;
}

/** The data centre's Zoho Assist server. */
export function zohoAssistBase(dc: ZohoDataCentre): string {
  return dc === 'ca' ? 'https://assist.zohocloud.ca' : `https://assist.zoho.${dc}`;
}

/** A pull that did not get its sessions: the message is for the connector's last_error (never a secret in it). */
export class ConnectorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConnectorError';
  }
}

export interface ZohoCredentials {
  clientId: string;
  clientSecret: string;
  refreshToken: string;
}

/** Access tokens of this process by connector: Zoho hands out 10 per refresh token in 10 minutes, each valid an hour. */
export class AccessTokenCache {
  private readonly tokens = new Map<string, { fingerprint: string; token: string; expiresAtMs: number }>();

  get(key: string, fingerprint: string, nowMs: number): string | null {
    const t = this.tokens.get(key);
    return t && t.fingerprint === fingerprint && t.expiresAtMs > nowMs ? t.token : null;
  }

  set(key: string, fingerprint: string, token: string, expiresAtMs: number): void {
    this.tokens.set(key, { fingerprint, token, expiresAtMs });
  }

  drop(key: string): void {
    this.tokens.delete(key);
  }
}

export interface ZohoAssistClientOptions {
  accountsUrl: string;
  assistUrl: string;
  credentials: ZohoCredentials;
  cache: AccessTokenCache;
  /** The cache's key for this connector. */
  cacheKey: string;
  policy?: RetryPolicy;
  /** Stops waits and requests (shutdown). */
  signal?: AbortSignal;
  now?: () => number;
  random?: () => number;
}

/** Rows asked per page of the reports API. */
export const PAGE_SIZE = 100;
/** A window needing more pages than this is refused (a server that never stops paging). */
const MAX_PAGES = 10_000;
const REQUEST_TIMEOUT_MS = 30_000;
/** A cached token is renewed this long before it expires. */
const TOKEN_MARGIN_MS = 60_000;

type Json = Record<string, unknown>;

/** A short, printable excerpt of an error answer (Zoho's `code`/`message`/`error` when it has them). */
function excerpt(body: string): string {
  let text = body;
  try {
    const j = JSON.parse(body) as Json;
    const e = (j.error && typeof j.error === 'object' ? j.error : j) as Json;
    const parts = [e.code, e.message, typeof j.error === 'string' ? j.error : undefined].filter(
      (x) => typeof x === 'string' || typeof x === 'number',
    );
    if (parts.length) text = parts.join(': ');
  } catch {
    // not JSON: the text itself
  }
  const clean = text.replace(/[^\x20-\x7e]+/g, ' ').trim();
  return clean.length > 200 ? `${clean.slice(0, 200)}…` : clean;
}

/** The Zoho Assist reports API for one account: OAuth refresh, paging, polite retries. */
export class ZohoAssistClient {
  private readonly policy: RetryPolicy;
  private readonly now: () => number;
  private readonly fingerprint: string;

  constructor(private readonly o: ZohoAssistClientOptions) {
    this.policy = o.policy ?? DEFAULT_RETRY;
    this.now = o.now ?? Date.now;
    const c = o.credentials;
    this.fingerprint = createHash('sha256').update(`${o.accountsUrl}\0${c.clientId}\0${c.clientSecret}\0${c.refreshToken}`).digest('hex');
  }

  /** Every session of the report whose times fall in [fromMs, toMs], all pages. */
  async sessions(fromMs: number, toMs: number): Promise<Json[]> {
    const base = new URL(`${this.o.assistUrl}/api/v2/reports`);
    const params = { type: 'all', fromdate: String(fromMs), todate: String(toMs), index: '1', count: String(PAGE_SIZE) };
    let url = new URL(base);
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    const rows: Json[] = [];
    let total: number | null = null;
    let index = 1;
    for (let page = 1; ; page++) {
      if (page > MAX_PAGES) throw new ConnectorError(`Zoho Assist kept paging past ${MAX_PAGES} pages`);
      const body = await this.getJson(url);
      const list = body.representation ?? (Number(body.total_count) === 0 ? [] : undefined);
      if (!Array.isArray(list)) throw new ConnectorError('Zoho Assist answered without a representation array of sessions');
      const count = Number(body.total_count);
      if (body.total_count !== undefined && body.total_count !== null && Number.isFinite(count)) total = count;
      for (const row of list) rows.push(row !== null && typeof row === 'object' && !Array.isArray(row) ? (row as Json) : {});
      if (list.length === 0 || (total !== null && rows.length >= total)) break;
      index += list.length;
      const pageNode = body.page && typeof body.page === 'object' ? (body.page as Json) : null;
      const next = typeof pageNode?.next === 'string' && pageNode.next ? new URL(pageNode.next, url) : null;
      if (next && next.origin === base.origin) {
        url = next;
        continue;
      }
      if (pageNode && !next) break; // a page node without a next page: the last page
      url = new URL(url);
      // A next page on another host gets no token: its index is taken, on our own host.
      url.searchParams.set('index', next?.searchParams.get('index') ?? String(index));
    }
    if (total !== null && rows.length < total) {
      throw new ConnectorError(
        `Zoho Assist reported ${total} sessions between ${new Date(fromMs).toISOString()} and ${new Date(toMs).toISOString()}, ${rows.length} were read`,
      );
    }
    return rows;
  }

  /** A valid access token: the cached one, or a new one from the refresh token. */
  async accessToken(): Promise<string> {
    const cached = this.o.cache.get(this.o.cacheKey, this.fingerprint, this.now());
    if (cached) return cached;
    const c = this.o.credentials;
    const res = await this.send('Zoho Accounts', () =>
      fetch(`${this.o.accountsUrl}/oauth/v2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams({
          grant_type: 'refresh_token',
          client_id: c.clientId,
          client_secret: c.clientSecret,
          refresh_token: c.refreshToken,
        }),
        signal: this.signal(),
      }),
    );
    const text = await res.text();
    let body: Json = {};
    try {
      body = JSON.parse(text) as Json;
    } catch {
      // handled below
    }
    if (typeof body.error === 'string' || !res.ok) {
      const code = typeof body.error === 'string' ? body.error.replace(/[^a-zA-Z0-9_ .-]/g, '').slice(0, 80) : `HTTP ${res.status}`;
      const why: Record<string, string> = {
        invalid_code: 'the refresh token is revoked or expired: generate a new one',
        invalid_client: 'the client id or secret is wrong, or the account is in another data centre',
        access_denied: 'Zoho refuses new access tokens for now (10 per refresh token in 10 minutes)',
      };
      throw new ConnectorError(`Zoho Accounts refused the token refresh (${code})${why[code] ? `: ${why[code]}` : ''}`);
    }
    if (typeof body.access_token !== 'string' || !body.access_token)
      throw new ConnectorError('Zoho Accounts answered without an access_token');
    const seconds = Number(body.expires_in_sec ?? (Number(body.expires_in) > 86_400 ? Number(body.expires_in) / 1000 : body.expires_in));
    const lifetimeMs = Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 3_600_000;
    this.o.cache.set(
      this.o.cacheKey,
      this.fingerprint,
      body.access_token,
      this.now() + Math.max(lifetimeMs - TOKEN_MARGIN_MS, lifetimeMs / 2),
    );
    return body.access_token;
  }

  /** GET of the reports API as JSON; a 401 refreshes the token once and asks again. */
  private async getJson(url: URL): Promise<Json> {
    for (let refreshed = false; ; refreshed = true) {
      const token = await this.accessToken();
      const res = await this.send('Zoho Assist', () =>
        fetch(url, { headers: { authorization: `Zoho-oauthtoken ${token}`, accept: 'application/json' }, signal: this.signal() }),
      );
      if (res.status === 401 && !refreshed) {
        await res.body?.cancel();
        this.o.cache.drop(this.o.cacheKey);
        continue;
      }
      const text = await res.text();
      if (!res.ok) throw new ConnectorError(`Zoho Assist answered ${res.status}${text ? `: ${excerpt(text)}` : ''}`);
      try {
        const body = JSON.parse(text) as unknown;
        if (body && typeof body === 'object' && !Array.isArray(body)) return body as Json;
      } catch {
        // below
      }
      throw new ConnectorError('Zoho Assist answered something that is not a JSON object');
    }
  }

  /**
   * One request with polite retries: a 429, 408 or 5xx, or a dropped connection, is asked again after Retry-After
   * (seconds or a date) or an exponential backoff with jitter, up to `tries` attempts; the last answer is handed back
   * (or a ConnectorError when it is still one of those). A Retry-After longer than the policy allows ends the run.
   */
  private async send(what: string, request: () => Promise<Response>): Promise<Response> {
    for (let attempt = 1; ; attempt++) {
      let res: Response;
      try {
        res = await request();
      } catch (err) {
        if (this.o.signal?.aborted) throw new ConnectorError('stopped: the server is shutting down');
        const message = err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err);
        if (attempt >= this.policy.tries) throw new ConnectorError(`${what} could not be reached after ${attempt} attempts (${message})`);
        await this.sleep(backoffMs(attempt, this.policy, this.o.random));
        continue;
      }
      if (!RETRYABLE_STATUSES.has(res.status)) return res;
      await res.body?.cancel();
      const after = retryAfterMs(res.headers.get('retry-after'), this.now());
      const limited = res.status === 429 ? 'rate limited (429)' : `answered ${res.status}`;
      if (after !== null && after > this.policy.maxRetryAfterMs) {
        throw new ConnectorError(`${what} ${limited} and asks to wait ${Math.ceil(after / 1000)} s: tried again at the next run`);
      }
      if (attempt >= this.policy.tries)
        throw new ConnectorError(`${what} ${limited} ${attempt} times in a row: tried again at the next run`);
      await this.sleep(after ?? backoffMs(attempt, this.policy, this.o.random));
    }
  }

  private signal(): AbortSignal {
    const timeout = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
    return this.o.signal ? AbortSignal.any([this.o.signal, timeout]) : timeout;
  }

  private sleep(ms: number): Promise<void> {
    const signal = this.o.signal;
    if (signal?.aborted) return Promise.reject(new ConnectorError('stopped: the server is shutting down'));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      const onAbort = () => {
        clearTimeout(timer);
        reject(new ConnectorError('stopped: the server is shutting down'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}
