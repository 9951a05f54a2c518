import { classifyAddress, describeRefusal, isIpLiteral } from './address-policy';

export interface WebhookUrlPolicy {
  /** WEBHOOK_ALLOW_HTTP: http:// URLs too (else https:// only). */
  allowHttp: boolean;
  /** WEBHOOK_ALLOW_PRIVATE_ADDRESSES: private, loopback, link-local… addresses too. */
  allowPrivate: boolean;
}

export const MAX_URL_LENGTH = 2000;

/** A URL's hostname as a socket takes it: `[::1]` → `::1`. */
export const bareHost = (hostname: string) => hostname.replace(/^\[(.*)\]$/, '$1');

/**
 * Checks an endpoint URL when it is set (create, PATCH): what is wrong with it, or null. Absolute https:// (http://
 * only when allowed), a host, no user name or password (a credential would be shown in every GET; put a token in
 * the path or query instead), no fragment; an IP literal must be public unless private addresses are allowed. A
 * name is not resolved here: what it resolves to is checked at every delivery (webhook-sender.ts), when it counts.
 */
export function checkWebhookUrl(raw: string, policy: WebhookUrlPolicy): string | null {
  if (raw.length > MAX_URL_LENGTH) return `must be at most ${MAX_URL_LENGTH} characters`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'must be an absolute URL, e.g. https://example.com/webhooks';
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && policy.allowHttp)) {
    return policy.allowHttp ? 'must be an https:// or http:// URL' : 'must be an https:// URL (http:// needs WEBHOOK_ALLOW_HTTP=true)';
  }
  if (!url.hostname) return 'must name a host';
  if (url.username || url.password) return 'must not contain a user name or password';
  if (url.hash || raw.includes('#')) return 'must not contain a fragment (#…)';
  const host = bareHost(url.hostname);
  if (!policy.allowPrivate && isIpLiteral(host)) {
    const verdict = classifyAddress(host);
    if (!verdict.allowed) return `must not point at ${describeRefusal(verdict)} (WEBHOOK_ALLOW_PRIVATE_ADDRESSES is off)`;
  }
  return null;
}

/** The URL as stored and called (WHATWG-normalized: lowercase host, default port dropped, `/` path). */
export function normalizeWebhookUrl(raw: string): string {
  return new URL(raw).href;
}
