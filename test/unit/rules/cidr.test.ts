import { describe, expect, it } from 'vitest';
import {
  cidrContains,
  cidrsOverlap,
  CidrError,
  isPublic,
  isWhollyPublic,
  parseCidr,
} from '../../../shared/rules/index.ts';

describe('parseCidr', () => {
  it.each([
    ['10.0.0.0/8', 4, 8],
    ['0.0.0.0/0', 4, 0],
    ['192.168.1.7/32', 4, 32],
    ['2001:db8::/32', 6, 32],
    ['::/0', 6, 0],
  ])('reads %s as IPv%i /%i', (text, family, prefix) => {
    const block = parseCidr(text);
    expect(block.family).toBe(family);
    expect(block.prefix).toBe(prefix);
    expect(block.text).toBe(text);
  });

  it.each([
    '10.0.0.300/8', '10.0.0.0/33', '010.0.0.0/8', '1.2.3/24', '10.0.0.0',
    'not-a-cidr', '2001:db8::/129', '',
  ])('rejects %j with a message that says what a block looks like', (text) => {
    expect(() => parseCidr(text)).toThrow(CidrError);
    expect(() => parseCidr(text)).toThrow(/is not a CIDR block.*expected/);
  });

  it('clears host bits when reading what AWS returns', () => {
    const block = parseCidr('10.1.2.3/8');
    expect(cidrContains(parseCidr('10.0.0.0/8'), block)).toBe(true);
    expect(block.first).toBe(parseCidr('10.0.0.0/8').first);
  });

  it('refuses host bits in strict mode and names the block start', () => {
    expect(() => parseCidr('10.1.2.3/8', true))
      .toThrow('10.1.2.3/8 has host bits set beyond /8; ' +
        'the block starts at 10.0.0.0/8');
    expect(() => parseCidr('2001:db8::1/64', true))
      .toThrow(/starts at 2001:db8::\/64/);
  });
});

describe('cidrContains and cidrsOverlap', () => {
  it.each([
    ['10.0.0.0/8', '10.1.0.0/16', true, true],
    ['10.1.0.0/16', '10.0.0.0/8', false, true],
    ['10.0.0.0/8', '11.0.0.0/8', false, false],
    ['0.0.0.0/0', '203.0.113.9/32', true, true],
    ['10.0.0.0/24', '10.0.0.128/25', true, true],
    ['10.0.0.0/25', '10.0.0.128/25', false, false],
    ['2001:db8::/32', '2001:db8:1::/48', true, true],
    ['2001:db8:1::/48', '2001:db8::/32', false, true],
    ['::/0', '10.0.0.0/8', false, false],
    ['0.0.0.0/0', '::/0', false, false],
  ])('%s contains %s: %s, overlaps: %s', (a, b, contains, overlaps) => {
    expect(cidrContains(parseCidr(a), parseCidr(b))).toBe(contains);
    expect(cidrsOverlap(parseCidr(a), parseCidr(b))).toBe(overlaps);
    expect(cidrsOverlap(parseCidr(b), parseCidr(a))).toBe(overlaps);
  });
});

describe('isPublic', () => {
  it.each([
    ['10.0.0.0/8', false, false],
    ['10.20.0.0/16', false, false],
    ['172.16.0.0/12', false, false],
    ['172.32.0.0/16', true, true],
    ['192.168.10.0/24', false, false],
    ['100.64.0.0/10', false, false],
    ['169.254.169.254/32', false, false],
    ['127.0.0.1/32', false, false],
    ['0.0.0.0/0', true, false],
    ['8.0.0.0/7', true, true],
    ['203.0.113.0/24', true, true],
    ['fd00::/8', false, false],
    ['fe80::/64', false, false],
    ['::1/128', false, false],
    ['::/0', true, false],
    ['2001:db8::/32', true, true],
  ])('%s: public %s, wholly public %s', (text, some, whole) => {
    expect(isPublic(parseCidr(text))).toBe(some);
    expect(isWhollyPublic(parseCidr(text))).toBe(whole);
  });
});
