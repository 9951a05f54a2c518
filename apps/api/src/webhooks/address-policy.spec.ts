import { classifyAddress, describeRefusal, isIpLiteral } from './address-policy';

describe('webhook address policy (only public unicast addresses)', () => {
  const refused: [string, string][] = [
    // IPv4
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'linkLocal'], // cloud metadata
    ['100.64.0.1', 'carrierGradeNat'],
    ['100.127.255.255', 'carrierGradeNat'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['255.255.255.255', 'broadcast'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['192.0.2.1', 'reserved'],
    ['198.18.0.1', 'reserved'],
    ['240.0.0.1', 'reserved'],
    // IPv6
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'linkLocal'],
    ['fe80::1%eth0', 'linkLocal'],
    ['fc00::1', 'uniqueLocal'],
    ['fd12:3456:789a::1', 'uniqueLocal'],
    ['ff02::1', 'multicast'],
    ['fec0::1', 'deprecatedSiteLocal'],
    ['2001:db8::1', 'reserved'],
    ['64:ff9b::7f00:1', 'rfc6052'], // NAT64 of 127.0.0.1
    ['2002:7f00:1::1', '6to4'],
    ['2001::1', 'teredo'],
    ['::7f00:1', 'notGlobalUnicast'], // IPv4-compatible ::127.0.0.1
    ['100::1', 'discard'],
    // IPv4-mapped IPv6: judged as the IPv4 address inside
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:10.1.2.3', 'private'],
    ['::ffff:169.254.169.254', 'linkLocal'],
    ['0:0:0:0:0:ffff:c0a8:0101', 'private'],
    // not an address at all
    ['example.com', 'invalid'],
    ['', 'invalid'],
  ];
  it.each(refused)('refuses %s (%s)', (address, range) => {
    expect(classifyAddress(address)).toMatchObject({ allowed: false, range });
  });

  it.each(['8.8.8.8', '1.1.1.1', '93.184.215.14', '100.63.255.255', '100.128.0.0', '172.32.0.1', '2606:4700:4700::1111', '2a00:1450::1'])(
    'allows the public address %s',
    (address) => {
      expect(classifyAddress(address)).toMatchObject({ allowed: true, range: 'unicast' });
    },
  );

  it('an IPv4-mapped public address is allowed, as its IPv4 form', () => {
    expect(classifyAddress('::ffff:8.8.8.8')).toEqual({ address: '8.8.8.8', allowed: true, range: 'unicast' });
  });

  it('tells literals from names', () => {
    expect(['127.0.0.1', '::1', 'fe80::1', '::ffff:127.0.0.1'].map(isIpLiteral)).toEqual([true, true, true, true]);
    expect(['localhost', 'example.com', '127.0.0.1.nip.io', '1.2.3'].map(isIpLiteral)).toEqual([false, false, false, false]);
  });

  it('says what a refused address is', () => {
    expect(describeRefusal(classifyAddress('127.0.0.1'))).toBe('127.0.0.1 is a loopback address');
    expect(describeRefusal(classifyAddress('::ffff:10.0.0.1'))).toBe('10.0.0.1 is a private address');
    expect(describeRefusal(classifyAddress('2002::1'))).toBe('2002::1 is a special-purpose (6to4) address');
  });
});
