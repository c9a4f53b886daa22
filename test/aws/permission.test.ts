import { RevokeSecurityGroupEgressCommand } from '@aws-sdk/client-ec2';
import type {
  EC2Client,
  IpPermission,
  SecurityGroupRule,
} from '@aws-sdk/client-ec2';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  describeRule,
  permissionOf,
  requestOf,
  rulesOf,
  splitPermission,
} from '../../shared/aws/permission.ts';
import {
  allowEgress,
  allowIngress,
  createGroup,
  createPrefixList,
  createVpc,
  rulesOfGroup,
  shapeOf,
  testClients,
} from './emulator/aws.ts';

const GROUP = 'sg-0aaaaaaaaaaaaaaaa';
const ingress = { GroupId: GROUP, IsEgress: false };

// One rule of each kind, as DescribeSecurityGroupRules returns it, and
// the permission that authorizes it.
const KINDS: [string, SecurityGroupRule, IpPermission][] = [
  ['an IPv4 CIDR with a description',
    { ...ingress, IpProtocol: 'tcp', FromPort: 22, ToPort: 22,
      CidrIpv4: '10.0.0.0/8', Description: 'ops' },
    { IpProtocol: 'tcp', FromPort: 22, ToPort: 22,
      IpRanges: [{ CidrIp: '10.0.0.0/8', Description: 'ops' }] }],
  ['an IPv6 CIDR',
    { ...ingress, IpProtocol: 'udp', FromPort: 53, ToPort: 53,
      CidrIpv6: 'fd00::/8' },
    { IpProtocol: 'udp', FromPort: 53, ToPort: 53,
      Ipv6Ranges: [{ CidrIpv6: 'fd00::/8' }] }],
  ['a prefix list',
    { ...ingress, IpProtocol: 'tcp', FromPort: 443, ToPort: 443,
      PrefixListId: 'pl-0123abcd' },
    { IpProtocol: 'tcp', FromPort: 443, ToPort: 443,
      PrefixListIds: [{ PrefixListId: 'pl-0123abcd' }] }],
  ['a group of another account',
    { ...ingress, IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432,
      ReferencedGroupInfo: { GroupId: 'sg-0bbbbbbbbbbbbbbbb',
        UserId: '111111111111' } },
    { IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432,
      UserIdGroupPairs: [{ GroupId: 'sg-0bbbbbbbbbbbbbbbb',
        UserId: '111111111111' }] }],
  ['an ICMP type and code',
    { ...ingress, IpProtocol: 'icmp', FromPort: 8, ToPort: 0,
      CidrIpv4: '10.1.0.0/16' },
    { IpProtocol: 'icmp', FromPort: 8, ToPort: 0,
      IpRanges: [{ CidrIp: '10.1.0.0/16' }] }],
  ['every protocol (-1), egress',
    { GroupId: GROUP, IsEgress: true, IpProtocol: '-1', FromPort: -1,
      ToPort: -1, CidrIpv4: '0.0.0.0/0' },
    { IpProtocol: '-1', FromPort: -1, ToPort: -1,
      IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
  ['protocol 50 (ESP)',
    { ...ingress, IpProtocol: '50', FromPort: -1, ToPort: -1,
      CidrIpv4: '192.0.2.0/24' },
    { IpProtocol: '50', FromPort: -1, ToPort: -1,
      IpRanges: [{ CidrIp: '192.0.2.0/24' }] }],
];

describe('permissionOf', () => {
  it.each(KINDS)('authorizes %s again', (_, rule, permission) => {
    expect(permissionOf({ ...rule, SecurityGroupRuleId: 'sgr-1' }))
      .toEqual(permission);
  });

  it.each(KINDS)('and back: the permission of %s makes the rule',
    (_, rule, permission) => {
      const place = { groupId: GROUP, isEgress: Boolean(rule.IsEgress) };
      expect(rulesOf(permission, place)).toEqual([rule]);
    });

  it('makes one rule per peer of a permission', () => {
    const two: IpPermission = {
      IpProtocol: 'tcp', FromPort: 80, ToPort: 80,
      IpRanges: [{ CidrIp: '10.0.0.0/8' }, { CidrIp: '10.1.0.0/16' }],
      PrefixListIds: [{ PrefixListId: 'pl-1' }],
    };
    expect(splitPermission(two)).toHaveLength(3);
    expect(rulesOf(two, { groupId: GROUP, isEgress: false })
      .map(describeRule)).toEqual([
      'ingress tcp 80 from 10.0.0.0/8',
      'ingress tcp 80 from 10.1.0.0/16',
      'ingress tcp 80 from pl-1',
    ]);
  });

  it('names each rule in one line for the audit log', () => {
    expect(KINDS.map(([, rule]) => describeRule(rule))).toEqual([
      'ingress tcp 22 from 10.0.0.0/8',
      'ingress udp 53 from fd00::/8',
      'ingress tcp 443 from pl-0123abcd',
      'ingress tcp 5432 from sg-0bbbbbbbbbbbbbbbb',
      'ingress icmp type 8 code 0 from 10.1.0.0/16',
      'egress -1 to 0.0.0.0/0',
      'ingress 50 from 192.0.2.0/24',
    ]);
  });

  it('asks ModifySecurityGroupRules for the rule with its one peer', () => {
    const [, rule] = KINDS[3]!;
    expect(requestOf(rule)).toEqual({
      IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432,
      ReferencedGroupId: 'sg-0bbbbbbbbbbbbbbbb',
    });
  });
});

describe('permissionOf against the emulator', () => {
  const { ec2 } = testClients();
  let vpcId = '';
  let source = '';
  let copy = '';
  let peer = '';
  let list = '';

  beforeAll(async () => {
    vpcId = await createVpc(ec2);
    source = await createGroup(ec2, { vpcId, name: 'source' });
    copy = await createGroup(ec2, { vpcId, name: 'copy' });
    peer = await createGroup(ec2, { vpcId, name: 'peer' });
    list = await createPrefixList(ec2,
      { name: 'corp', cidrs: ['10.9.0.0/16'] });
  });

  it('re-authorizes every kind of rule EC2 read back, identically',
    async () => {
      // Ingress each: every new group has the -1 egress rule already.
      for (const [, , permission] of KINDS) {
        await allowIngress(ec2, source, withPeers(permission, peer, list));
      }
      const read = await ingressOf(source);

      for (const rule of read) {
        await allowIngress(ec2, copy, permissionOf(rule));
      }
      const copied = await ingressOf(copy);

      expect(copied.map(shapeOf).sort()).toEqual(read.map(shapeOf).sort());
      expect(read).toHaveLength(KINDS.length);
    });

  it('revokes the -1 egress rule EC2 gives a group, by its permission',
    async () => {
      const [egress] = (await rulesOfGroup(ec2, copy))
        .filter((rule) => rule.IsEgress);
      await revokeEgress(ec2, copy, permissionOf(egress!));
      await allowEgress(ec2, copy, permissionOf(egress!));
      expect((await rulesOfGroup(ec2, copy)).filter((r) => r.IsEgress)
        .map(shapeOf)).toEqual(['egress -1 -1--1 0.0.0.0/0']);
    });

  async function ingressOf(groupId: string) {
    return (await rulesOfGroup(ec2, groupId)).filter((r) => !r.IsEgress);
  }
});

/** The permission with the emulator's own group and prefix list. */
function withPeers(
  permission: IpPermission,
  group: string,
  prefixList: string,
): IpPermission {
  if (permission.UserIdGroupPairs) {
    return { ...permission, UserIdGroupPairs: [{ GroupId: group }] };
  }
  if (permission.PrefixListIds) {
    return { ...permission, PrefixListIds: [{ PrefixListId: prefixList }] };
  }
  return permission;
}

async function revokeEgress(
  ec2: EC2Client,
  groupId: string,
  permission: IpPermission,
): Promise<void> {
  await ec2.send(new RevokeSecurityGroupEgressCommand({
    GroupId: groupId, IpPermissions: [permission],
  }));
}
