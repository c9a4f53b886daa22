import {
  AttachNetworkInterfaceCommand,
  RunInstancesCommand,
} from '@aws-sdk/client-ec2';
import { beforeAll, describe, expect, it } from 'vitest';
import { readRegion } from '../../shared/aws/read.ts';
import { parseSnapshot } from '../../shared/snapshot/index.ts';
import type { Snapshot } from '../../shared/snapshot/index.ts';
import {
  DEFAULT_ACCOUNT,
  TEST_REGION,
  allowIngress,
  createGroup,
  createInterface,
  createNetwork,
  createPrefixList,
  testClients,
} from './emulator/aws.ts';

describe('readRegion', () => {
  const { ec2, sts } = testClients();
  const made = {
    groups: [] as string[],
    rules: [] as string[],
    interfaces: [] as string[],
    prefixList: '',
  };
  let snapshot: Snapshot;

  beforeAll(async () => {
    const { vpcId, subnetId } = await createNetwork(ec2);
    const broker = await createGroup(ec2, {
      vpcId, name: 'broker', tags: { 'driftguard:profiles': 'prod,broker' },
    });
    const client = await createGroup(ec2, { vpcId, name: 'client' });
    made.prefixList = await createPrefixList(ec2, {
      name: 'corp', cidrs: ['10.1.0.0/16'],
    });
    made.groups.push(broker, client);

    const kafka = { IpProtocol: 'tcp', FromPort: 9092, ToPort: 9093 };
    made.rules.push(
      await allowIngress(ec2, broker, {
        ...kafka, UserIdGroupPairs: [{ GroupId: client }],
      }),
      await allowIngress(ec2, broker, {
        ...kafka, IpRanges: [{ CidrIp: '10.0.0.0/8', Description: 'vpc' }],
      }),
      await allowIngress(ec2, broker, {
        ...kafka, Ipv6Ranges: [{ CidrIpv6: 'fd00::/8' }],
      }),
      await allowIngress(ec2, broker, {
        ...kafka, PrefixListIds: [{ PrefixListId: made.prefixList }],
      }),
    );

    const eni = await createInterface(ec2, {
      subnetId, groupIds: [broker, client], tags: { env: 'prod' },
    });
    const run = await ec2.send(new RunInstancesCommand({
      ImageId: 'ami-12c6146b', MinCount: 1, MaxCount: 1,
      SubnetId: subnetId, SecurityGroupIds: [client],
    }));
    const instance = run.Instances?.[0];
    await ec2.send(new AttachNetworkInterfaceCommand({
      NetworkInterfaceId: eni, InstanceId: instance?.InstanceId,
      DeviceIndex: 1,
    }));
    made.interfaces.push(eni, instance?.NetworkInterfaces?.[0]
      ?.NetworkInterfaceId ?? 'the instance has no interface');

    snapshot = await readRegion({ ec2, sts });
  });

  it('names the account from STS and the region from the client', () => {
    expect(snapshot.Account).toBe(DEFAULT_ACCOUNT);
    expect(snapshot.Region).toBe(TEST_REGION);
  });

  it('returns every group, with the default groups of both VPCs', () => {
    const groups = snapshot.SecurityGroups;
    const ids = groups.map((group) => group.GroupId);
    expect(ids).toEqual(expect.arrayContaining(made.groups));
    const defaults = groups.filter((group) => group.GroupName === 'default');
    expect(defaults).toHaveLength(2);
    expect(groups).toHaveLength(4);
  });

  it('keeps the tags of a group as AWS returns them', () => {
    const broker = snapshot.SecurityGroups.find(
      (group) => group.GroupName === 'broker');
    expect(broker?.Tags).toEqual([
      { Key: 'driftguard:profiles', Value: 'prod,broker' },
    ]);
  });

  it('returns every rule with its security group rule id', () => {
    const rules = snapshot.SecurityGroupRules ?? [];
    const ids = rules.map((rule) => rule.SecurityGroupRuleId);
    expect(ids).toEqual(expect.arrayContaining(made.rules));
    for (const rule of rules) {
      expect(rule.SecurityGroupRuleId).toMatch(/^sgr-[0-9a-f]+$/);
    }
    // Four ingress rules, and one allow-all egress rule per group.
    expect(rules).toHaveLength(4 + 4);
  });

  it('returns each kind of peer a rule can have', () => {
    const peers = (snapshot.SecurityGroupRules ?? [])
      .filter((rule) => !rule.IsEgress)
      .map((rule) => rule.ReferencedGroupInfo?.GroupId ?? rule.CidrIpv4 ??
        rule.CidrIpv6 ?? rule.PrefixListId);
    expect(peers.sort()).toEqual(
      ['10.0.0.0/8', 'fd00::/8', made.prefixList, made.groups[1]].sort());
  });

  it('returns every interface with the groups it carries', () => {
    const interfaces = snapshot.NetworkInterfaces ?? [];
    expect(interfaces.map((eni) => eni.NetworkInterfaceId).sort())
      .toEqual([...made.interfaces].sort());
    const tagged = interfaces.find((eni) => eni.TagSet?.length);
    expect(tagged?.Groups?.map((group) => group.GroupId).sort())
      .toEqual([...made.groups].sort());
  });

  it('returns customer-managed and AWS-managed prefix lists', () => {
    const lists = snapshot.PrefixLists ?? [];
    expect(lists.map((list) => list.PrefixListId)).toContain(made.prefixList);
    expect(lists.map((list) => list.PrefixListName))
      .toContain(`com.amazonaws.${TEST_REGION}.s3`);
  });

  it('survives a round trip through JSON unchanged', () => {
    const text = JSON.stringify(snapshot);
    expect(JSON.parse(text)).toStrictEqual(snapshot);
    expect(text).not.toContain('$metadata');
  });

  it('writes a valid snapshot file', () => {
    const text = JSON.stringify(snapshot);
    expect(parseSnapshot(JSON.parse(text))).toStrictEqual(snapshot);
  });

  it('writes an attachment time as an ISO 8601 string', () => {
    const attached = (snapshot.NetworkInterfaces ?? [])
      .map((eni) => eni.Attachment?.AttachTime as unknown)
      .filter((time) => time !== undefined);
    expect(attached).toHaveLength(2);
    for (const time of attached) {
      expect(time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    }
  });
});
