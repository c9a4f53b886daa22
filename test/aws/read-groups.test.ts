import {
  DeleteNetworkInterfaceCommand,
  DeleteSecurityGroupCommand,
} from '@aws-sdk/client-ec2';
import { beforeAll, describe, expect, it } from 'vitest';
import { FILTER_VALUE_LIMIT } from '../../shared/aws/describe.ts';
import { readGroups, resolveGroupNames } from '../../shared/aws/read.ts';
import { parseSnapshot } from '../../shared/snapshot/index.ts';
import {
  DEFAULT_ACCOUNT,
  TEST_REGION,
  allowIngress,
  createGroup,
  createInterface,
  createNetwork,
  createPrefixList,
  createVpc,
  testClients,
} from './emulator/aws.ts';

describe('readGroups', () => {
  const { ec2 } = testClients();
  const target = { ec2, account: DEFAULT_ACCOUNT };
  let web = '';
  let db = '';
  let other = '';
  let gone = '';
  let webEni = '';
  let otherEni = '';
  let goneEni = '';
  let corp = '';

  beforeAll(async () => {
    const { vpcId, subnetId } = await createNetwork(ec2);
    web = await createGroup(ec2, { vpcId, name: 'web' });
    db = await createGroup(ec2, { vpcId, name: 'db' });
    other = await createGroup(ec2, { vpcId, name: 'other' });
    gone = await createGroup(ec2, { vpcId, name: 'gone' });
    await ec2.send(new DeleteSecurityGroupCommand({ GroupId: gone }));

    corp = await createPrefixList(ec2, {
      name: 'corp', cidrs: ['10.9.0.0/16'],
    });
    await createPrefixList(ec2, { name: 'unused', cidrs: ['10.8.0.0/16'] });
    await allowIngress(ec2, web, {
      IpProtocol: 'tcp', FromPort: 443, ToPort: 443,
      PrefixListIds: [{ PrefixListId: corp }],
    });
    await allowIngress(ec2, db, {
      IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432,
      UserIdGroupPairs: [{ GroupId: web }],
    });

    webEni = await createInterface(ec2, { subnetId, groupIds: [web] });
    await createInterface(ec2, { subnetId, groupIds: [db] });
    otherEni = await createInterface(ec2, { subnetId, groupIds: [other] });
    goneEni = await createInterface(ec2, { subnetId, groupIds: [other] });
    await ec2.send(
      new DeleteNetworkInterfaceCommand({ NetworkInterfaceId: goneEni }));
  });

  it('returns just the groups asked for, their rules and interfaces',
    async () => {
      const { snapshot, deleted } = await readGroups(target, [web]);

      expect(snapshot.Account).toBe(DEFAULT_ACCOUNT);
      expect(snapshot.Region).toBe(TEST_REGION);
      expect(snapshot.SecurityGroups.map((group) => group.GroupId))
        .toEqual([web]);
      const rules = snapshot.SecurityGroupRules ?? [];
      expect(rules.map((rule) => rule.GroupId)).toEqual([web, web]);
      expect(snapshot.NetworkInterfaces?.map((eni) => eni.NetworkInterfaceId))
        .toEqual([webEni]);
      expect(deleted).toEqual([]);
    });

  it('reads the prefix lists that the rules name, and no others',
    async () => {
      const { snapshot } = await readGroups(target, [web, db]);
      expect(snapshot.PrefixLists?.map((list) => list.PrefixListName))
        .toEqual(['corp']);
    });

  it('reports a deleted and an unknown group in deleted, reading the rest',
    async () => {
      const unknown = 'sg-0123456789abcdef0';
      const { snapshot, deleted } = await readGroups(target,
        [unknown, web, gone, db]);

      expect(deleted).toEqual([gone, unknown].sort());
      expect(parseSnapshot(JSON.parse(JSON.stringify(snapshot))))
        .toStrictEqual(snapshot);
      expect(snapshot.SecurityGroups.map((group) => group.GroupId).sort())
        .toEqual([web, db].sort());
      expect(snapshot.SecurityGroupRules).toHaveLength(4);
    });

  it('reads interfaces asked for by id, whichever groups they carry',
    async () => {
      const { snapshot, deleted } = await readGroups(target, [web], {
        networkInterfaceIds: [otherEni, goneEni, webEni],
      });
      expect(snapshot.NetworkInterfaces?.map((eni) => eni.NetworkInterfaceId)
        .sort()).toEqual([webEni, otherEni].sort());
      expect(deleted).toEqual([goneEni]);
    });

  it('asks for at most 200 group ids in one filter', async () => {
    const unknown = Array.from({ length: FILTER_VALUE_LIMIT + 50 },
      (_, i) => `sg-${i.toString(16).padStart(17, '0')}`);
    const counted = testClients();
    const { snapshot, deleted } = await readGroups(
      { ec2: counted.ec2, account: DEFAULT_ACCOUNT }, [...unknown, web]);

    expect(snapshot.SecurityGroups).toHaveLength(1);
    expect(deleted).toHaveLength(unknown.length);
    expect(counted.counter.calls).toEqual({
      DescribeSecurityGroups: 2,
      DescribeSecurityGroupRules: 1,
      DescribeNetworkInterfaces: 1,
      DescribeManagedPrefixLists: 1,
    });
  });
});

describe('resolveGroupNames', () => {
  const { ec2 } = testClients();
  const target = { ec2, account: DEFAULT_ACCOUNT };

  it('maps each name to the ids of the groups so named', async () => {
    const blue = await createVpc(ec2, '10.20.0.0/16');
    const green = await createVpc(ec2, '10.30.0.0/16');
    const inBlue = await createGroup(ec2, { vpcId: blue, name: 'api' });
    const inGreen = await createGroup(ec2, { vpcId: green, name: 'api' });
    const jobs = await createGroup(ec2, { vpcId: blue, name: 'jobs' });

    const ids = await resolveGroupNames(target, ['api', 'jobs', 'nobody']);

    expect(ids).toEqual({
      api: [inBlue, inGreen].sort(),
      jobs: [jobs],
      nobody: [],
    });
  });

  it('looks in one VPC when given its id', async () => {
    const vpcId = await createVpc(ec2, '10.40.0.0/16');
    const mine = await createGroup(ec2, { vpcId, name: 'cache' });
    const elsewhere = await createVpc(ec2, '10.50.0.0/16');
    await createGroup(ec2, { vpcId: elsewhere, name: 'cache' });

    expect(await resolveGroupNames(target, ['cache'], vpcId))
      .toEqual({ cache: [mine] });
  });
});
