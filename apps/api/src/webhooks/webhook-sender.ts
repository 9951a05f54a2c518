import { lookup as dnsLookup } from 'node:dns/promises';
import type { LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { classifyAddress, describeRefusal, isIpLiteral, kindOfAddress } from './address-policy';
import { bareHost } from './webhook-url';

/** How a host name is resolved: every address, as the system resolver answers (tests inject their own). */
export type Resolver = (hostname: string) => Promise<LookupAddress[]>;
export const systemResolver: Resolver = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

/** A host that resolved to at least one address delivery is not allowed to reach. */
export class AddressRefusedError extends Error {}

/**
 * The addresses to connect to for `hostname` (a URL's hostname, brackets removed): an IP literal as it is, a name as
 * resolved, and every one of them checked (address-policy.ts) unless `allowPrivate`. One refused address refuses
 * the host: a name that resolves to a public and a private address is not used at all (the connection could land
 * on either). The caller connects to exactly these addresses (no second lookup, so no DNS-rebinding window).
 */
export async function resolveDeliveryAddresses(
  hostname: string,
  allowPrivate: boolean,
  resolve: Resolver = systemResolver,
): Promise<LookupAddress[]> {
  const host = bareHost(hostname);
  const addresses: LookupAddress[] = isIpLiteral(host) ? [{ address: host, family: host.includes(':') ? 6 : 4 }] : await resolve(host);
  if (addresses.length === 0) throw new Error(`${host} did not resolve to any address`);
  if (!allowPrivate) {
    for (const a of addresses) {
      const verdict = classifyAddress(a.address);
      if (!verdict.allowed) {
        const what = host === a.address ? describeRefusal(verdict) : `${host} resolves to ${verdict.address}, ${kindOfAddress(verdict)}`;
        throw new AddressRefusedError(`refused: ${what} (WEBHOOK_ALLOW_PRIVATE_ADDRESSES is off)`);
      }
    }
  }
  return addresses;
}

/** A `lookup` for net/tls that answers the addresses already resolved and checked, and never asks DNS again. */
export function pinnedLookup(addresses: LookupAddress[]): LookupFunction {
  return ((_hostname: string, options: { all?: boolean; family?: number | string }, callback: (...args: unknown[]) => void) => {
    const family = options?.family === 6 || options?.family === 'IPv6' ? 6 : options?.family === 4 || options?.family === 'IPv4' ? 4 : 0;
    const usable = family ? addresses.filter((a) => a.family === family) : addresses;
    if (usable.length === 0) {
      const err = Object.assign(new Error(`no IPv${family} address among the checked ones`), { code: 'ENOTFOUND' });
      return callback(err);
    }
    if (options?.all) return callback(null, usable);
    return callback(null, usable[0].address, usable[0].family);
  }) as unknown as LookupFunction;
}

export interface PostOutcome {
  /** A 2xx answer: delivered. */
  ok: boolean;
  statusCode: number | null;
  /** Why it failed, for the delivery log (null when ok). */
  error: string | null;
  /** The receiver's Retry-After header, raw. */
  retryAfter?: string;
  /** HTTP 410 Gone: the receiver wants no more webhooks (the endpoint is disabled). */
  gone: boolean;
}

export interface PostOptions {
  timeoutMs: number;
  allowPrivate: boolean;
  allowHttp: boolean;
  resolve?: Resolver;
  userAgent?: string;
}

/** At most this much of a failed answer's body is kept (in `lastError`), control characters removed. */
const ERROR_BODY_CHARS = 200;
const READ_LIMIT = 16 * 1024;

const clean = (s: string) => s.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').trim();

/**
 * One delivery attempt: POST `body` to `url` with `headers`, within `timeoutMs` for everything (resolving,
 * connecting, TLS, the answer's headers and up to 16 KB of its body). Never follows a redirect (a 3xx is a failure
 * that names its Location). Never throws: every failure is an outcome with a message.
 */
export async function postWebhook(url: string, headers: Record<string, string>, body: string, opts: PostOptions): Promise<PostOutcome> {
  const fail = (error: string, statusCode: number | null = null): PostOutcome => ({ ok: false, statusCode, error, gone: false });
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return fail('the endpoint URL is not a URL');
  }
  if (target.protocol !== 'https:' && !(target.protocol === 'http:' && opts.allowHttp)) {
    return fail(`refused: ${target.protocol}// URLs are not allowed (https only unless WEBHOOK_ALLOW_HTTP=true)`);
  }
  const deadline = Date.now() + opts.timeoutMs;
  const timedOut = () => `timed out after ${opts.timeoutMs} ms`;
  let addresses: LookupAddress[];
  try {
    addresses = await withDeadline(resolveDeliveryAddresses(target.hostname, opts.allowPrivate, opts.resolve), deadline, timedOut);
  } catch (err) {
    return fail(err instanceof Error ? err.message : String(err));
  }
  const payload = Buffer.from(body, 'utf8');
  const client = target.protocol === 'https:' ? https : http;
  return new Promise<PostOutcome>((resolve) => {
    let settled = false;
    const settle = (o: PostOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      resolve(o);
    };
    const req = client.request(
      target,
      {
        method: 'POST',
        agent: false,
        lookup: pinnedLookup(addresses),
        headers: {
          ...headers,
          'content-type': 'application/json',
          'content-length': String(payload.length),
          'user-agent': opts.userAgent ?? 'RemoteBilling-Webhooks/1',
        },
      },
      (res) => {
        const status = res.statusCode ?? 0;
        const chunks: Buffer[] = [];
        let size = 0;
        const done = () => {
          const text = clean(Buffer.concat(chunks).toString('utf8')).slice(0, ERROR_BODY_CHARS);
          if (status >= 200 && status < 300) return settle({ ok: true, statusCode: status, error: null, gone: false });
          const retryAfter = typeof res.headers['retry-after'] === 'string' ? res.headers['retry-after'] : undefined;
          const location = status >= 300 && status < 400 ? res.headers.location : undefined;
          const what =
            status >= 300 && status < 400
              ? `HTTP ${status}: redirect${location ? ` to ${clean(String(location)).slice(0, 300)}` : ''} not followed (update the endpoint URL)`
              : `HTTP ${status}${text ? `: ${text}` : ''}`;
          settle({ ok: false, statusCode: status, error: what, retryAfter, gone: status === 410 });
        };
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size <= READ_LIMIT) chunks.push(c);
          else done();
        });
        res.on('end', done);
        res.on('error', done);
        res.on('aborted', done);
      },
    );
    const timer = setTimeout(() => settle(fail(timedOut())), Math.max(0, deadline - Date.now()));
    req.on('error', (err: NodeJS.ErrnoException) => settle(fail(err.code ? `${err.code}: ${err.message}` : err.message)));
    req.end(payload);
  });
}

async function withDeadline<T>(p: Promise<T>, deadline: number, message: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expiry = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message())), Math.max(0, deadline - Date.now()));
  });
  try {
    return await Promise.race([p, expiry]);
  } finally {
    clearTimeout(timer);
  }
}
