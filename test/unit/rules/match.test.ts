import { describe, expect, it } from 'vitest';
import {
  allowCovers,
  denyContainsAllow,
  denyForbidsRequire,
  denyMatches,
  missingParts,
} from '../../../shared/rules/index.ts';
import { CLIENT, ctx, OTHER, OWN, rule, sel } from './helpers.ts';

type Case = [string, ReturnType<typeof sel>, ReturnType<typeof rule>, boolean];

describe('allowCovers', () => {
  it.each<Case>([
    ['same port', sel('ingress', 'tcp', '22', '10.0.0.0/8'),
      rule('ingress', 'tcp', '22', '10.1.0.0/16'), true],
    ['other direction', sel('egress', 'tcp', '22', '10.0.0.0/8'),
      rule('ingress', 'tcp', '22', '10.1.0.0/16'), false],
    ['range inside', sel('ingress', 'tcp', '9000-9100', '10.0.0.0/8'),
      rule('ingress', 'tcp', '9092-9093', '10.0.0.0/8'), true],
    ['range partly outside', sel('ingress', 'tcp', '9092', '10.0.0.0/8'),
      rule('ingress', 'tcp', '9092-9093', '10.0.0.0/8'), false],
    ['broader peer', sel('ingress', 'tcp', '22', '10.0.0.0/16'),
      rule('ingress', 'tcp', '22', '10.0.0.0/8'), false],
    ['protocol number equals name', sel('ingress', '6', '22', '10.0.0.0/8'),
      rule('ingress', 'tcp', '22', '10.0.0.0/8'), true],
    ['udp is not tcp', sel('ingress', 'udp', '53', '10.0.0.0/8'),
      rule('ingress', 'tcp', '53', '10.0.0.0/8'), false],
    ['allow all covers tcp', sel('egress', 'all', undefined, '0.0.0.0/0'),
      rule('egress', 'tcp', '443', '10.0.0.0/8'), true],
    ['all traffic needs allow all', sel('egress', 'tcp', 'all', '0.0.0.0/0'),
      rule('egress', '-1', undefined, '10.0.0.0/8'), false],
    ['IPv4 never covers IPv6', sel('egress', 'all', undefined, '0.0.0.0/0'),
      rule('egress', '-1', undefined, '::/0'), false],
    ['IPv6 inside IPv6', sel('ingress', 'tcp', '443', '2001:db8::/32'),
      rule('ingress', 'tcp', '443', '2001:db8:1::/48'), true],
    ['icmp type, any code', sel('ingress', 'icmp', '8', '10.0.0.0/8'),
      rule('ingress', 'icmp', '8', '10.0.0.0/8', '0'), true],
    ['icmp every type needs all', sel('ingress', 'icmp', '8', '10.0.0.0/8'),
      rule('ingress', 'icmp', 'all', '10.0.0.0/8', 'all'), false],
    ['icmp all covers every type', sel('ingress', 'icmp', 'all', '10.0.0.0/8'),
      rule('ingress', 'icmp', 'all', '10.0.0.0/8', 'all'), true],
    ['icmpv6 is not icmp', sel('ingress', 'icmp', 'all', '::/0'),
      rule('ingress', 'icmpv6', 'all', 'fd00::/8', 'all'), false],
    ['protocol 50', sel('ingress', '50', undefined, '10.0.0.0/8'),
      rule('ingress', '50', undefined, '10.9.0.0/16'), true],
    ['CIDR set member covers', sel('ingress', 'tcp', '22',
      '192.168.0.0/24,10.0.0.0/8'),
    rule('ingress', 'tcp', '22', '10.2.0.0/16'), true],
    ['set members are not added', sel('ingress', 'tcp', '22',
      '10.0.0.0/25,10.0.0.128/25'),
    rule('ingress', 'tcp', '22', '10.0.0.0/24'), false],
    ['prefix list by alias', sel('egress', 'tcp', '443', 'pl:s3'),
      rule('egress', 'tcp', '443', 'pl-6da54004'), true],
    ['prefix list by id', sel('egress', 'tcp', '443', 'pl:pl-6da54004'),
      rule('egress', 'tcp', '443', 'pl-6da54004'), true],
    ['other prefix list', sel('egress', 'tcp', '443', 'pl:s3'),
      rule('egress', 'tcp', '443', 'pl-0000aaaa'), false],
    ['CIDR never covers a prefix list', sel('egress', 'tcp', '443',
      '0.0.0.0/0'), rule('egress', 'tcp', '443', 'pl-6da54004'), false],
    ['CIDR never covers a group', sel('ingress', 'tcp', '22', '0.0.0.0/0'),
      rule('ingress', 'tcp', '22', CLIENT), false],
    ['self is the own group', sel('ingress', 'tcp', '9092', 'self'),
      rule('ingress', 'tcp', '9092', OWN), true],
    ['self is nothing else', sel('ingress', 'tcp', '9092', 'self'),
      rule('ingress', 'tcp', '9092', CLIENT), false],
    ['named group', sel('ingress', 'tcp', '9092', CLIENT),
      rule('ingress', 'tcp', '9092', CLIENT), true],
    ['profile carried', sel('ingress', 'tcp', '9092', 'profile:client'),
      rule('ingress', 'tcp', '9092', CLIENT), true],
    ['profile not carried', sel('ingress', 'tcp', '9092', 'profile:client'),
      rule('ingress', 'tcp', '9092', OTHER), false],
    ['any peer', sel('ingress', 'tcp', '22', 'any'),
      rule('ingress', 'tcp', '22', 'pl-6da54004'), true],
  ])('%s: %s', (_, allow, actual, expected) => {
    expect(allowCovers(allow, actual, ctx)).toBe(expected);
  });
});

describe('denyMatches', () => {
  it.each<Case>([
    ['public SSH', sel('ingress', 'tcp', '22', 'public'),
      rule('ingress', 'tcp', '22', '0.0.0.0/0'), true],
    ['private SSH', sel('ingress', 'tcp', '22', 'public'),
      rule('ingress', 'tcp', '22', '10.0.0.0/8'), false],
    ['partly public block', sel('ingress', 'all', undefined, 'public'),
      rule('ingress', 'tcp', '22', '8.0.0.0/6'), true],
    ['IPv6 anywhere is public', sel('ingress', 'all', 'all', 'public'),
      rule('ingress', 'tcp', '443', '::/0'), true],
    ['both directions', sel('both', 'tcp', '23', 'any'),
      rule('egress', 'tcp', '23', '10.0.0.0/8'), true],
    ['overlapping ports', sel('ingress', 'tcp', '20-22', 'any'),
      rule('ingress', 'tcp', '22-80', '10.0.0.0/8'), true],
    ['disjoint ports', sel('ingress', 'tcp', '20-21', 'any'),
      rule('ingress', 'tcp', '22-80', '10.0.0.0/8'), false],
    ['all-traffic rule shares port 23', sel('ingress', 'tcp', '23', 'any'),
      rule('ingress', '-1', undefined, '10.0.0.0/8'), true],
    ['deny all matches udp', sel('ingress', 'all', undefined, 'any'),
      rule('ingress', 'udp', '53', '10.0.0.0/8'), true],
    ['icmp type inside all types', sel('ingress', 'icmp', '8', 'any'),
      rule('ingress', 'icmp', 'all', '10.0.0.0/8', 'all'), true],
    ['broader than /16', sel('ingress', 'all', undefined, 'broader:16'),
      rule('ingress', 'tcp', '22', '10.0.0.0/8'), true],
    ['exactly /16 is not broader', sel('ingress', 'all', undefined,
      'broader:16'), rule('ingress', 'tcp', '22', '10.0.0.0/16'), false],
    ['broaderThan IPv4 ignores IPv6', sel('ingress', 'all', undefined,
      'broader:16'), rule('ingress', 'tcp', '22', '2001:db8::/32'), false],
    ['broaderThan IPv6 limit', sel('ingress', 'all', undefined,
      'broader:16/48'), rule('ingress', 'tcp', '22', '2001:db8::/32'), true],
    ['CIDR deny overlaps', sel('egress', 'all', undefined, '10.0.0.0/8'),
      rule('egress', 'tcp', '22', '10.5.5.5/32'), true],
    ['public never matches a group', sel('ingress', 'all', undefined,
      'public'), rule('ingress', 'tcp', '22', CLIENT), false],
    ['public never matches a prefix list', sel('egress', 'all', undefined,
      'public'), rule('egress', 'tcp', '443', 'pl-6da54004'), false],
    ['any matches a group', sel('ingress', 'tcp', '22', 'any'),
      rule('ingress', 'tcp', '22', CLIENT), true],
  ])('%s: %s', (_, deny, actual, expected) => {
    expect(denyMatches(deny, actual)).toBe(expected);
  });
});

describe('missingParts', () => {
  const rules = [
    rule('ingress', 'tcp', '9092-9093', CLIENT),
    rule('ingress', 'tcp', '22', '10.0.0.0/16'),
    rule('egress', '-1', undefined, '0.0.0.0/0'),
  ];

  it.each([
    ['present through a profile', sel('ingress', 'tcp', '9092',
      'profile:client'), []],
    ['wider rule covers', sel('egress', 'tcp', '443', '10.0.0.0/8'), []],
    ['absent port', sel('ingress', 'tcp', '9094', 'profile:client'),
      ['groups with profile client']],
    ['each set member needed', sel('ingress', 'tcp', '22',
      '10.0.1.0/24,10.1.0.0/16'), ['10.1.0.0/16']],
    ['self missing', sel('ingress', 'tcp', '9092', 'self'), ['self']],
  ])('%s', (_, require, missing) => {
    expect(missingParts(require, rules, ctx)).toEqual(missing);
  });
});

describe('missingParts of an ICMP require (a type, any code)', () => {
  const REQUIRE = sel('ingress', 'icmp', '3', '10.0.0.0/8');
  const NET = '10.0.0.0/8';

  it.each([
    ['one code of the type', [rule('ingress', 'icmp', '3', NET, '4')],
      REQUIRE, [NET]],
    ['several codes, each alone', [rule('ingress', 'icmp', '3', NET, '0'),
      rule('ingress', 'icmp', '3', NET, '1')], REQUIRE, [NET]],
    ['every code of the type', [rule('ingress', 'icmp', '3', NET, 'all')],
      REQUIRE, []],
    ['every type and code', [rule('ingress', 'icmp', 'all', NET, 'all')],
      REQUIRE, []],
    ['every protocol', [rule('ingress', 'all', undefined, NET)], REQUIRE,
      []],
    ['another type, every code', [rule('ingress', 'icmp', '8', NET, 'all')],
      REQUIRE, [NET]],
    ['icmpv6: one code of the type', [rule('ingress', 'icmpv6', '1',
      'fd00::/8', '4')], sel('ingress', 'icmpv6', '1', 'fd00::/8'),
    ['fd00::/8']],
    ['icmpv6: every code of the type', [rule('ingress', 'icmpv6', '1',
      'fd00::/8', 'all')], sel('ingress', 'icmpv6', '1', 'fd00::/8'), []],
  ])('%s', (_, rules, require, missing) => {
    expect(missingParts(require, rules, ctx)).toEqual(missing);
  });
});

describe('conflicts', () => {
  it.each([
    ['allow wholly inside a deny', sel('ingress', 'tcp', '22', 'public'),
      sel('ingress', 'tcp', '22', '203.0.113.0/24'), true],
    ['carve-out: allow partly denied', sel('ingress', 'tcp', '22', 'public'),
      sel('ingress', 'tcp', '22', '0.0.0.0/0'), false],
    ['deny of another port', sel('ingress', 'tcp', '23', 'any'),
      sel('ingress', 'tcp', '22', '10.0.0.0/8'), false],
    ['deny any kills a profile allow', sel('both', 'tcp', 'all', 'any'),
      sel('ingress', 'tcp', '9092', 'profile:client'), true],
    ['deny all protocols holds tcp', sel('egress', 'all', undefined,
      '10.0.0.0/8'), sel('egress', 'tcp', '443', '10.1.0.0/16'), true],
    ['broaderThan never kills a whole allow', sel('ingress', 'all',
      undefined, 'broader:16'), sel('ingress', 'tcp', '22', '10.0.0.0/8'),
    false],
  ])('denyContainsAllow: %s', (_, deny, allow, expected) => {
    expect(denyContainsAllow(deny, allow)).toBe(expected);
  });

  it.each([
    ['require of a public block', sel('ingress', 'tcp', 'all', 'public'),
      sel('ingress', 'tcp', '443', '0.0.0.0/0'), true],
    ['require of a private block', sel('ingress', 'tcp', 'all', 'public'),
      sel('ingress', 'tcp', '443', '10.0.0.0/8'), false],
    ['require broader than the limit', sel('ingress', 'all', undefined,
      'broader:16'), sel('ingress', 'tcp', '443', '10.0.0.0/8'), true],
    ['require through a profile, deny any', sel('ingress', 'tcp', '9092',
      'any'), sel('ingress', 'tcp', '9092', 'profile:client'), true],
    ['require through a profile, deny public', sel('ingress', 'all',
      undefined, 'public'), sel('ingress', 'tcp', '9092', 'profile:client'),
    false],
    ['other direction', sel('egress', 'all', undefined, 'any'),
      sel('ingress', 'tcp', '9092', '10.0.0.0/8'), false],
  ])('denyForbidsRequire: %s', (_, deny, require, expected) => {
    expect(denyForbidsRequire(deny, require)).toBe(expected);
  });
});
