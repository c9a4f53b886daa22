// A network to quarantine in, and scenes in it: an offending group on two
// interfaces, beside a bystander. Interfaces here are not attached to
// instances: moto 5.2.5 shows an attached interface with its own groups
// and its instance's launch groups together, and
// ModifyNetworkInterfaceAttribute cannot take the launch groups off it,
// which AWS does not do.
import { DescribeSecurityGroupsCommand } from '@aws-sdk/client-ec2';
import { beforeAll } from 'vitest';
import { QUARANTINE_GROUP_NAME } from '../../shared/aws/quarantine.ts';
import {
  DEFAULT_ACCOUNT,
  TEST_REGION,
  allowEgress,
  allowIngress,
  createGroup,
  createInterface,
  createNetwork,
  testClients,
} from './emulator/aws.ts';

/**
 * The clients and helpers of a quarantine test file. Call it in the
 * `describe`: it creates, before the tests, the network `home` that
 * scenes are made in unless they are given one.
 */
export function quarantineFixtures() {
  const { ec2 } = testClients();
  const target = { ec2, account: DEFAULT_ACCOUNT, region: TEST_REGION };
  const home = { vpcId: '', subnetId: '' };
  let count = 0;

  beforeAll(async () => {
    Object.assign(home, await createNetwork(ec2));
  });

  /** An offending group on two interfaces, and a bystander interface. */
  async function scene(network = home) {
    const { vpcId, subnetId } = network;
    const n = count++;
    const bad = await createGroup(ec2, { vpcId, name: `bad${n}` });
    const good = await createGroup(ec2, { vpcId, name: `good${n}` });
    await allowIngress(ec2, bad, {
      IpProtocol: 'tcp', FromPort: 22, ToPort: 22,
      IpRanges: [{ CidrIp: '0.0.0.0/0' }],
    });
    await allowEgress(ec2, bad, {
      IpProtocol: 'udp', FromPort: 53, ToPort: 53,
      IpRanges: [{ CidrIp: '10.0.0.2/32' }],
    });
    const alone = await createInterface(ec2, { subnetId, groupIds: [bad] });
    const shared = await createInterface(ec2,
      { subnetId, groupIds: [good, bad] });
    const bystander = await createInterface(ec2,
      { subnetId, groupIds: [good] });
    return { bad, good, alone, shared, bystander };
  }

  async function quarantineGroupOf(groupId: string) {
    const output = await ec2.send(
      new DescribeSecurityGroupsCommand({ GroupIds: [groupId] }));
    return output.SecurityGroups?.[0];
  }

  /** The ids of the groups of the quarantine name in a VPC. */
  async function quarantineGroupsIn(inVpc: string) {
    const output = await ec2.send(new DescribeSecurityGroupsCommand({
      Filters: [{ Name: 'vpc-id', Values: [inVpc] },
        { Name: 'group-name', Values: [QUARANTINE_GROUP_NAME] }],
    }));
    return (output.SecurityGroups ?? []).map((g) => g.GroupId);
  }

  async function vpcOf(groupId: string) {
    return (await quarantineGroupOf(groupId))?.VpcId ?? '';
  }

  return {
    ec2, target, home, scene, quarantineGroupOf, quarantineGroupsIn, vpcOf,
  };
}
