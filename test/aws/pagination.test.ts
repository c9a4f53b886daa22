import { beforeAll, describe, expect, it } from 'vitest';
import { readGroups, readRegion } from '../../shared/aws/read.ts';
import type { Snapshot } from '../../shared/snapshot/types.ts';
import {
  DEFAULT_ACCOUNT,
  createGroup,
  createInterface,
  createNetwork,
  testClients,
} from './emulator/aws.ts';
import { pageLikeAws } from './emulator/faults.ts';

// moto serves every Describe call in one page; pageLikeAws cuts its answers
// into pages of MaxResults items, as AWS does, so that the paginators are
// seen to follow NextToken to the end.
describe('reading page by page', () => {
  const pageSize = 5;
  const setup = testClients();
  const groupIds: string[] = [];

  beforeAll(async () => {
    const { vpcId, subnetId } = await createNetwork(setup.ec2);
    for (let i = 0; i < 12; i += 1) {
      groupIds.push(await createGroup(setup.ec2, { vpcId, name: `g${i}` }));
    }
    for (let i = 0; i < 6; i += 1) {
      await createInterface(setup.ec2, { subnetId, groupIds: [groupIds[0]!] });
    }
  });

  function pagedClients() {
    const clients = testClients();
    pageLikeAws(clients.ec2);
    return clients;
  }

  it('follows every page of a whole region', async () => {
    const { ec2, counter } = pagedClients();
    const snapshot = await readRegion({
      ec2, account: DEFAULT_ACCOUNT, pageSize,
    });

    // 12 groups and the default groups of two VPCs, one egress rule each;
    // moto's six AWS-managed prefix lists.
    const lengths = counts(snapshot);
    expect(lengths).toEqual({
      SecurityGroups: 14,
      SecurityGroupRules: 14,
      NetworkInterfaces: 6,
      PrefixLists: 6,
    });
    expect(counter.calls).toEqual({
      DescribeSecurityGroups: 3,
      DescribeSecurityGroupRules: 3,
      DescribeNetworkInterfaces: 2,
      DescribeManagedPrefixLists: 2,
    });
  });

  it('follows every page of the groups asked for', async () => {
    const { ec2, counter } = pagedClients();
    const { snapshot } = await readGroups(
      { ec2, account: DEFAULT_ACCOUNT, pageSize }, groupIds);

    expect(snapshot.SecurityGroups).toHaveLength(12);
    expect(snapshot.SecurityGroupRules).toHaveLength(12);
    expect(snapshot.NetworkInterfaces).toHaveLength(6);
    expect(counter.calls).toEqual({
      DescribeSecurityGroups: 3,
      DescribeSecurityGroupRules: 3,
      DescribeNetworkInterfaces: 2,
    });
  });

  it('asks for no fewer items a page than EC2 accepts', async () => {
    const { ec2, counter } = pagedClients();
    await readRegion({ ec2, account: DEFAULT_ACCOUNT, pageSize: 1 });
    expect(counter.calls.DescribeSecurityGroups).toBe(3);
  });

  it('reads the same items as one page does', async () => {
    const { ec2 } = pagedClients();
    const account = DEFAULT_ACCOUNT;
    const paged = await readRegion({ ec2, account, pageSize });
    const whole = await readRegion({ ec2: setup.ec2, account });
    expect(paged).toEqual(whole);
  });
});

function counts(snapshot: Snapshot): Record<string, number> {
  return {
    SecurityGroups: snapshot.SecurityGroups.length,
    SecurityGroupRules: snapshot.SecurityGroupRules?.length ?? 0,
    NetworkInterfaces: snapshot.NetworkInterfaces?.length ?? 0,
    PrefixLists: snapshot.PrefixLists?.length ?? 0,
  };
}
