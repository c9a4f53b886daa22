import type { SecurityGroup, SecurityGroupRule } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import {
  ruleOfSecurityGroupRule,
  rulesOfGroup,
  ruleKey,
  RuleShapeError,
  type Rule,
} from '../../../shared/rules/index.ts';

const group: SecurityGroup = {
  GroupId: 'sg-0a1b2c3d4e5f60718',
  OwnerId: '111122223333',
  IpPermissions: [
    {
      IpProtocol: 'tcp', FromPort: 9092, ToPort: 9093,
      IpRanges: [
        { CidrIp: '10.0.0.0/16', Description: 'clients' },
        { CidrIp: '10.1.0.0/16' },
      ],
      UserIdGroupPairs: [
        { GroupId: 'sg-0a1b2c3d4e5f60718', UserId: '111122223333' },
        { GroupId: 'sg-0ffff000011112222', UserId: '444455556666' },
      ],
    },
    { IpProtocol: 'icmp', FromPort: 8, ToPort: -1,
      IpRanges: [{ CidrIp: '10.0.0.0/8' }] },
    { IpProtocol: 'icmpv6', FromPort: -1, ToPort: -1,
      Ipv6Ranges: [{ CidrIpv6: 'fd00::/8' }] },
    { IpProtocol: '50', IpRanges: [{ CidrIp: '10.9.0.0/16' }] },
  ],
  IpPermissionsEgress: [
    { IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }],
      Ipv6Ranges: [{ CidrIpv6: '::/0' }] },
    { IpProtocol: 'tcp', FromPort: 443, ToPort: 443,
      PrefixListIds: [{ PrefixListId: 'pl-6da54004' }] },
  ],
};

let next = 0;
function entry(fields: Partial<SecurityGroupRule>): SecurityGroupRule {
  next += 1;
  return {
    SecurityGroupRuleId: `sgr-${String(next).padStart(17, '0')}`,
    GroupId: 'sg-0a1b2c3d4e5f60718',
    GroupOwnerId: '111122223333',
    IsEgress: false,
    ...fields,
  };
}

// The same rules as DescribeSecurityGroupRules returns them.
const entries: SecurityGroupRule[] = [
  entry({ IpProtocol: 'tcp', FromPort: 9092, ToPort: 9093,
    CidrIpv4: '10.0.0.0/16', Description: 'clients' }),
  entry({ IpProtocol: 'tcp', FromPort: 9092, ToPort: 9093,
    CidrIpv4: '10.1.0.0/16' }),
  entry({ IpProtocol: 'tcp', FromPort: 9092, ToPort: 9093,
    ReferencedGroupInfo: { GroupId: 'sg-0a1b2c3d4e5f60718',
      UserId: '111122223333' } }),
  entry({ IpProtocol: 'tcp', FromPort: 9092, ToPort: 9093,
    ReferencedGroupInfo: { GroupId: 'sg-0ffff000011112222',
      UserId: '444455556666' } }),
  entry({ IpProtocol: 'icmp', FromPort: 8, ToPort: -1,
    CidrIpv4: '10.0.0.0/8' }),
  entry({ IpProtocol: 'icmpv6', FromPort: -1, ToPort: -1,
    CidrIpv6: 'fd00::/8' }),
  entry({ IpProtocol: '50', FromPort: -1, ToPort: -1,
    CidrIpv4: '10.9.0.0/16' }),
  entry({ IsEgress: true, IpProtocol: '-1', FromPort: -1, ToPort: -1,
    CidrIpv4: '0.0.0.0/0' }),
  entry({ IsEgress: true, IpProtocol: '-1', FromPort: -1, ToPort: -1,
    CidrIpv6: '::/0' }),
  entry({ IsEgress: true, IpProtocol: 'tcp', FromPort: 443, ToPort: 443,
    PrefixListId: 'pl-6da54004' }),
];

function withoutId(rule: Rule) {
  const { ruleId: _, ...rest } = rule;
  return rest;
}

const byKey = (a: Rule, b: Rule) => ruleKey(a).localeCompare(ruleKey(b));

describe('rulesOfGroup and ruleOfSecurityGroupRule', () => {
  it('read both shapes EC2 returns into identical rules', () => {
    const grouped = rulesOfGroup(group).sort(byKey);
    const single = entries.map((e) => ruleOfSecurityGroupRule(e)).sort(byKey);
    expect(single.map(withoutId)).toEqual(grouped);
    expect(grouped).toHaveLength(10);
  });

  it('keeps the rule id only where EC2 returns one', () => {
    const single = ruleOfSecurityGroupRule(entries[0]!);
    expect(single.ruleId).toBe(entries[0]!.SecurityGroupRuleId);
    expect(rulesOfGroup(group)[0]!.ruleId).toBeUndefined();
  });

  it.each([
    ['tcp', 22, 22, 6, { from: 22, to: 22 }, undefined],
    ['6', 22, 22, 6, { from: 22, to: 22 }, undefined],
    ['udp', 53, 53, 17, { from: 53, to: 53 }, undefined],
    ['-1', undefined, undefined, -1, { from: 0, to: 65535 }, undefined],
    ['icmp', 8, 0, 1, { from: 8, to: 8 }, { from: 0, to: 0 }],
    ['icmp', -1, -1, 1, { from: 0, to: 255 }, { from: 0, to: 255 }],
    ['58', 128, -1, 58, { from: 128, to: 128 }, { from: 0, to: 255 }],
    ['50', -1, -1, 50, { from: 0, to: 65535 }, undefined],
  ])('reads protocol %s ports %s-%s', (proto, from, to, number, ports,
    codes) => {
    const rule = ruleOfSecurityGroupRule(entry({
      IpProtocol: proto, FromPort: from, ToPort: to, CidrIpv4: '10.0.0.0/8',
    }));
    expect(rule.protocol).toBe(number);
    expect(rule.ports).toEqual(ports);
    expect(rule.icmpCodes).toEqual(codes);
  });

  it('names the peer of a self reference and of another account', () => {
    const [self, other] = entries.slice(2, 4)
      .map((e) => ruleOfSecurityGroupRule(e));
    expect(self!.peer).toEqual({ kind: 'group',
      groupId: 'sg-0a1b2c3d4e5f60718', ownerId: '111122223333' });
    expect(other!.peer).toMatchObject({ ownerId: '444455556666' });
  });

  it('gives the same key to the same block written with host bits', () => {
    const a = ruleOfSecurityGroupRule(entry({ IpProtocol: 'tcp',
      FromPort: 1, ToPort: 1, CidrIpv4: '10.0.0.0/8' }));
    const b = ruleOfSecurityGroupRule(entry({ IpProtocol: 'tcp',
      FromPort: 1, ToPort: 1, CidrIpv4: '10.0.0.1/8' }));
    expect(ruleKey(a)).toBe(ruleKey(b));
  });

  it.each([
    [{ IpProtocol: 'tcpp', CidrIpv4: '10.0.0.0/8' },
      'x.IpProtocol: expected tcp, udp, icmp, icmpv6, -1 or a protocol ' +
      'number, got "tcpp"'],
    [{ IpProtocol: 'tcp', FromPort: 70000, ToPort: 70000,
      CidrIpv4: '10.0.0.0/8' },
      'x.FromPort: expected a port from -1 to 65535, got 70000'],
    [{ IpProtocol: 'tcp', FromPort: 30, ToPort: 20, CidrIpv4: '10.0.0.0/8' },
      'x: FromPort 30 is above ToPort 20'],
    [{ IpProtocol: 'tcp', FromPort: 1, ToPort: 1, CidrIpv4: '10.0.0.300/8' },
      'x.CidrIpv4: "10.0.0.300/8" is not a CIDR block'],
    [{ IpProtocol: 'tcp', FromPort: 1, ToPort: 1 },
      'x: names no peer'],
  ])('reports a malformed rule %j at its path', (fields, message) => {
    const bad = entry(fields as Partial<SecurityGroupRule>);
    expect(() => ruleOfSecurityGroupRule(bad, 'x')).toThrow(RuleShapeError);
    expect(() => ruleOfSecurityGroupRule(bad, 'x')).toThrow(message);
  });
});
