import {
  AttachNetworkInterfaceCommand,
  RunInstancesCommand,
} from '@aws-sdk/client-ec2';
import type { EC2Client } from '@aws-sdk/client-ec2';
import { beforeAll, describe, expect, it } from 'vitest';
import { readGroups } from '../../shared/aws/read.ts';
import {
  DEFAULT_ACCOUNT,
  createGroup,
  createInterface,
  createNetwork,
  testClients,
} from './emulator/aws.ts';

describe('readGroups by instance', () => {
  const { ec2 } = testClients();
  const target = { ec2, account: DEFAULT_ACCOUNT };
  let subnetId = '';
  let web = '';
  let app = '';

  beforeAll(async () => {
    const network = await createNetwork(ec2);
    subnetId = network.subnetId;
    web = await createGroup(ec2, { vpcId: network.vpcId, name: 'web' });
    app = await createGroup(ec2, { vpcId: network.vpcId, name: 'app' });
  });

  it('reads every interface attached to the instances asked for',
    async () => {
      const instance = await launch(ec2, subnetId, [app]);
      const second = await createInterface(ec2, { subnetId, groupIds: [app] });
      await ec2.send(new AttachNetworkInterfaceCommand({
        NetworkInterfaceId: second, InstanceId: instance.id, DeviceIndex: 1,
      }));
      await createInterface(ec2, { subnetId, groupIds: [app] });

      const { snapshot, deleted } = await readGroups(target, [web],
        { instanceIds: [instance.id] });

      const read = snapshot.NetworkInterfaces ?? [];
      expect(read.map((eni) => eni.NetworkInterfaceId).sort())
        .toEqual([instance.eni, second].sort());
      expect(read.map((eni) => eni.Attachment?.InstanceId))
        .toEqual([instance.id, instance.id]);
      expect(snapshot.SecurityGroups.map((group) => group.GroupId))
        .toEqual([web]);
      expect(deleted).toEqual([]);
    });

  // AWS deletes a terminated instance's primary interface with it; moto
  // 5.2.5 keeps it attached, so an unknown id stands for a gone instance.
  it('reports an instance with no interface attached as deleted',
    async () => {
      const unknown = 'i-0123456789abcdef0';

      const { snapshot, deleted } = await readGroups(target, [web],
        { instanceIds: [unknown] });

      expect(deleted).toEqual([unknown]);
      expect(snapshot.NetworkInterfaces).toEqual([]);
    });
});

async function launch(
  ec2: EC2Client,
  subnetId: string,
  groupIds: string[],
): Promise<{ id: string; eni: string }> {
  const output = await ec2.send(new RunInstancesCommand({
    ImageId: 'ami-12c6146b', MinCount: 1, MaxCount: 1,
    SubnetId: subnetId, SecurityGroupIds: groupIds,
  }));
  const instance = output.Instances?.[0];
  return {
    id: instance?.InstanceId ?? '',
    eni: instance?.NetworkInterfaces?.[0]?.NetworkInterfaceId ?? '',
  };
}
