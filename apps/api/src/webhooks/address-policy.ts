import ipaddr from 'ipaddr.js';

/**
 * Which IP addresses a webhook may be delivered to (SSRF protection, docs/WEBHOOKS.md). An allow-list: only
 * ordinary public unicast addresses pass; every special range is refused, whatever it is called:
 * - IPv4: ipaddr.js's `unicast` range only, i.e. not unspecified (0/8), broadcast, multicast (224/4), link-local
 *   (169.254/16), loopback (127/8), carrier-grade NAT (100.64/10), private (10/8, 172.16/12, 192.168/16), reserved
 *   (192.0.0/24, TEST-NETs, 198.18/15 benchmarking, 240/4), AS112 or AMT;
 * - IPv6: `unicast` and inside 2000::/3 (global unicast), so also not loopback (::1), unspecified (::), link-local
 *   (fe80::/10), unique-local (fc00::/7), multicast (ff00::/8), site-local, IPv4-compatible (::/96), NAT64
 *   (64:ff9b::/96), 6to4, Teredo, documentation, benchmarking, ORCHID or discard prefixes;
 * - an IPv4-mapped IPv6 address (::ffff:a.b.c.d) is judged as the IPv4 address it carries (::ffff:127.0.0.1 is
 *   loopback), since that is where a socket to it goes.
 * ipaddr.js (the library Express's proxy-addr uses) keeps the IANA special-purpose registries; this file only
 * decides that nothing but `unicast` is public.
 */
export interface AddressVerdict {
  /** The address as classified (an IPv4-mapped one as its IPv4 address). */
  address: string;
  allowed: boolean;
  /** ipaddr.js's range name (`unicast`, `loopback`, `private`, `uniqueLocal`, …), `notGlobalUnicast` or `invalid`. */
  range: string;
}

const GLOBAL_UNICAST = ipaddr.IPv6.parseCIDR('2000::/3');

/** Classifies one IP address (a DNS answer or a literal from a URL, without brackets). */
export function classifyAddress(address: string): AddressVerdict {
  const bare = address.replace(/%.*$/, ''); // a zone id (fe80::1%eth0) only ever comes with link-local
  if (!ipaddr.isValid(bare)) return { address, allowed: false, range: 'invalid' };
  let parsed = ipaddr.parse(bare);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  const range = parsed.range();
  if (parsed.kind() === 'ipv4') return { address: parsed.toString(), allowed: range === 'unicast', range };
  const v6 = parsed as ipaddr.IPv6;
  if (range === 'unicast' && !v6.match(GLOBAL_UNICAST)) return { address: v6.toString(), allowed: false, range: 'notGlobalUnicast' };
  return { address: v6.toString(), allowed: range === 'unicast', range };
}

/** Whether `host` (a URL's hostname without brackets) is an IP literal rather than a name to resolve. */
export function isIpLiteral(host: string): boolean {
  return ipaddr.IPv4.isValidFourPartDecimal(host) || ipaddr.IPv6.isValid(host);
}

/** What kind of address a refused one is: `a loopback address`. */
export function kindOfAddress(v: AddressVerdict): string {
  const names: Record<string, string> = {
    loopback: 'a loopback',
    private: 'a private',
    linkLocal: 'a link-local',
    uniqueLocal: 'a unique-local',
    carrierGradeNat: 'a carrier-grade NAT (shared)',
    multicast: 'a multicast',
    unspecified: 'an unspecified',
    broadcast: 'the broadcast',
    reserved: 'a reserved',
    invalid: 'not an IP',
    notGlobalUnicast: 'not a global unicast',
  };
  return `${names[v.range] ?? `a special-purpose (${v.range})`} address`;
}

/** What a refusal says: `127.0.0.1 is a loopback address`. */
export function describeRefusal(v: AddressVerdict): string {
  return `${v.address} is ${kindOfAddress(v)}`;
}
