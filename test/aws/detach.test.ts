import { beforeAll, describe, expect, it } from 'vitest';
import { WriteRefusedError } from '../../shared/aws/errors.ts';
import { detachGroup } from '../../shared/aws/interfaces.ts';
import { release } from '../../shared/aws/release.ts';
import { journaled, writeOptions } from './emulator/audit.ts';
import {
  DEFAULT_ACCOUNT,
  TEST_REGION,
  createGroup,
  createInterface,
  createNetwork,
  groupsOfInterface,
  testClients,
} from './emulator/aws.ts';

describe('detachGroup', () => {
  const { ec2 } = testClients();
  const target = { ec2, account: DEFAULT_ACCOUNT, region: TEST_REGION };
  let subnetId = '';
  let broker = '';
  let client = '';
  let foreign = '';

  beforeAll(async () => {
    const network = await createNetwork(ec2);
    subnetId = network.subnetId;
    const { vpcId } = network;
    broker = await createGroup(ec2, { vpcId, name: 'broker' });
    client = await createGroup(ec2, { vpcId, name: 'client' });
    foreign = await createGroup(ec2, { vpcId, name: 'vendor-debug' });
  });

  it('takes one group off an interface, recording its set before',
    async () => {
      const { ec2: watched } = testClients();
      const eni = await createInterface(ec2,
        { subnetId, groupIds: [broker, foreign, client] });
      const log = journaled(watched);

      const result = await detachGroup({ ...target, ec2: watched },
        { networkInterfaceId: eni, groupId: foreign }, writeOptions(log));

      expect(result).toMatchObject({ status: 'done', done: [eni] });
      expect(await groupsOfInterface(ec2, eni)).toEqual([broker, client]);
      expect(log.journal).toEqual(['begin detach-group',
        'call ModifyNetworkInterfaceAttribute', 'finish detach-group done']);
      expect(log.begun[0]).toMatchObject({
        groupId: foreign,
        before: { interfaceGroups: { [eni]: [broker, foreign, client] } },
      });
    });

  it('changes and records nothing on a second run', async () => {
    const eni = await createInterface(ec2,
      { subnetId, groupIds: [broker, foreign] });
    const log = journaled(testClients().ec2);
    const input = { networkInterfaceId: eni, groupId: foreign };
    await detachGroup(target, input, writeOptions(log));

    const again = await detachGroup(target, input, writeOptions(log));

    expect(again).toMatchObject({ status: 'unchanged', done: [] });
    expect(log.begun).toHaveLength(1);
    expect(await groupsOfInterface(ec2, eni)).toEqual([broker]);
  });

  it('refuses to leave an interface without a group', async () => {
    const eni = await createInterface(ec2, { subnetId, groupIds: [foreign] });
    const log = journaled(testClients().ec2);

    const detaching = detachGroup(target,
      { networkInterfaceId: eni, groupId: foreign }, writeOptions(log));

    await expect(detaching).rejects.toThrow(WriteRefusedError);
    await expect(detaching).rejects.toThrow(`${foreign} is the only group ` +
      `of ${eni}`);
    expect(log.begun).toEqual([]);
    expect(await groupsOfInterface(ec2, eni)).toEqual([foreign]);
  });

  it('records a dry run and detaches nothing', async () => {
    const eni = await createInterface(ec2,
      { subnetId, groupIds: [broker, foreign] });
    const log = journaled(testClients().ec2);

    const result = await detachGroup(target,
      { networkInterfaceId: eni, groupId: foreign }, writeOptions(log, true));

    expect(result).toMatchObject({ dryRun: true, planned: [eni], done: [] });
    expect(await groupsOfInterface(ec2, eni)).toEqual([broker, foreign]);
  });

  it('puts the group back on release', async () => {
    const eni = await createInterface(ec2,
      { subnetId, groupIds: [broker, foreign] });
    const log = journaled(testClients().ec2);
    const detached = await detachGroup(target,
      { networkInterfaceId: eni, groupId: foreign }, writeOptions(log));

    const entry = await log.get(detached.entryId ?? '');
    const undone = await release(target, entry!, log);

    expect(undone).toMatchObject({ status: 'done', done: [eni] });
    expect(await groupsOfInterface(ec2, eni)).toEqual([broker, foreign]);
  });
});
