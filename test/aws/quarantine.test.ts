import { describe, expect, it } from 'vitest';
import {
  QUARANTINE_GROUP_NAME,
  quarantine,
} from '../../shared/aws/quarantine.ts';
import { release } from '../../shared/aws/release.ts';
import { journaled, writeOptions } from './emulator/audit.ts';
import {
  createGroup,
  createInterface,
  createNetwork,
  groupsOfInterface,
  rulesOfGroup,
  shapeOf,
  testClients,
} from './emulator/aws.ts';
import {
  EC2_UNAUTHORIZED,
  failFirst,
  manageByAws,
} from './emulator/faults.ts';
import { quarantineFixtures } from './quarantine-fixtures.ts';

// The quarantine group of a VPC is tested in quarantine-group.test.ts,
// releasing a quarantine in quarantine-release.test.ts.
describe('quarantine', () => {
  const { ec2, target, home, scene, quarantineGroupOf } = quarantineFixtures();

  it('moves every interface carrying the group onto a new, closed '
    + 'quarantine group alone', async () => {
    const { ec2: watched } = testClients();
    const s = await scene();
    const log = journaled(watched);

    const result = await quarantine({ ...target, ec2: watched },
      { groupId: s.bad, vpcId: home.vpcId }, writeOptions(log));

    const qid = result.quarantineGroupId ?? '';
    expect(result).toMatchObject({ status: 'done', isolated: false,
      unmovable: [] });
    expect(result.moved.sort()).toEqual([s.alone, s.shared].sort());
    expect(await groupsOfInterface(ec2, s.alone)).toEqual([qid]);
    expect(await groupsOfInterface(ec2, s.shared)).toEqual([qid]);
    expect(await groupsOfInterface(ec2, s.bystander)).toEqual([s.good]);
    expect(await rulesOfGroup(ec2, qid)).toEqual([]);
    expect(await rulesOfGroup(ec2, s.bad)).toHaveLength(3);
    expect(await quarantineGroupOf(qid)).toMatchObject({
      GroupName: QUARANTINE_GROUP_NAME, VpcId: home.vpcId,
      Tags: [{ Key: 'driftguard:quarantine', Value: 'true' }],
    });
    expect(log.journal).toEqual(['begin quarantine',
      'call CreateSecurityGroup', 'call RevokeSecurityGroupEgress',
      'call ModifyNetworkInterfaceAttribute',
      'call ModifyNetworkInterfaceAttribute', 'finish quarantine done']);
    expect(log.begun[0]?.before.interfaceGroups).toEqual({
      [s.alone]: [s.bad], [s.shared]: [s.good, s.bad],
    });
  });

  it('moves only the interfaces named, and never isolates the group',
    async () => {
      const s = await scene();
      const log = journaled(testClients().ec2);
      const result = await quarantine(target, { groupId: s.bad,
        vpcId: home.vpcId, networkInterfaceIds: [s.shared] },
        writeOptions(log));

      const qid = result.quarantineGroupId ?? '';
      expect(result.moved).toEqual([s.shared]);
      expect(await groupsOfInterface(ec2, s.shared)).toEqual([qid]);
      expect(await groupsOfInterface(ec2, s.alone)).toEqual([s.bad]);
      expect(await rulesOfGroup(ec2, s.bad)).toHaveLength(3);
    });

  it('leaves the group whole when a named interface cannot move',
    async () => {
      const { ec2: watched } = testClients();
      const s = await scene();
      manageByAws(watched, [s.shared]);
      const log = journaled(watched);
      const result = await quarantine({ ...target, ec2: watched },
        { groupId: s.bad, vpcId: home.vpcId, networkInterfaceIds: [s.shared] },
        writeOptions(log));

      expect(result).toMatchObject({ unmovable: [s.shared],
        isolated: false, moved: [] });
      expect(await rulesOfGroup(ec2, s.bad)).toHaveLength(3);
    });

  it('isolates the group when an AWS service manages one of its '
    + 'interfaces', async () => {
    const { ec2: managed } = testClients();
    const s = await scene();
    manageByAws(managed, [s.shared]);
    const log = journaled(managed);
    const rules = (await rulesOfGroup(ec2, s.bad)).map(shapeOf);

    const result = await quarantine({ ...target, ec2: managed },
      { groupId: s.bad, vpcId: home.vpcId }, writeOptions(log));

    expect(result).toMatchObject({
      status: 'done', moved: [s.alone], unmovable: [s.shared],
      isolated: true,
    });
    expect(result.entryIds).toHaveLength(2);
    expect(await groupsOfInterface(ec2, s.shared)).toEqual([s.good, s.bad]);
    expect(await rulesOfGroup(ec2, s.bad)).toEqual([]);
    const isolation = await log.get(result.entryIds[1] ?? '');
    expect(isolation).toMatchObject({ action: 'isolate-group',
      groupId: s.bad, status: 'done' });
    expect(isolation?.before.rules?.map(shapeOf).sort()).toEqual(rules.sort());
    expect(result.interfaces).toContainEqual(expect.objectContaining({
      NetworkInterfaceId: s.shared, RequesterManaged: true,
      InterfaceType: 'vpc_endpoint',
    }));

    const again = await quarantine({ ...target, ec2: managed },
      { groupId: s.bad, vpcId: home.vpcId }, writeOptions(log));
    expect(again).toMatchObject({ status: 'unchanged', isolated: true });

    await release(target, isolation!, log);
    expect((await rulesOfGroup(ec2, s.bad)).map(shapeOf).sort())
      .toEqual(rules.sort());
  });

  it('leaves the group whole when EC2 refuses to move an interface, and '
    + 'records the refusal', async () => {
    const { ec2: refusing } = testClients();
    const s = await scene();
    // The first move is denied, as IAM or an SCP would deny it.
    failFirst(refusing, 'ModifyNetworkInterfaceAttribute', EC2_UNAUTHORIZED);
    const log = journaled(refusing);

    const result = await quarantine({ ...target, ec2: refusing },
      { groupId: s.bad, vpcId: home.vpcId }, writeOptions(log));

    expect(result).toMatchObject({ status: 'partial', isolated: false,
      unmovable: [] });
    expect(result.moved).toHaveLength(1);
    expect(result.failed).toHaveLength(1);
    expect(result.failed[0]?.error).toContain('UnauthorizedOperation');
    expect(await rulesOfGroup(ec2, s.bad)).toHaveLength(3);
    expect(result.entryIds).toEqual([result.entryId]);
    expect(await log.get(result.entryId ?? '')).toMatchObject({
      action: 'quarantine', status: 'partial',
      outcome: { done: result.moved, failed: result.failed } });
  });

  it('records a dry run and moves nothing', async () => {
    const { ec2: watched } = testClients();
    const s = await scene();
    const fresh = await createNetwork(ec2);
    const elsewhere = await createGroup(ec2, {
      vpcId: fresh.vpcId, name: 'elsewhere',
    });
    const eni = await createInterface(ec2,
      { subnetId: fresh.subnetId, groupIds: [elsewhere] });
    const log = journaled(watched);
    log.journal.length = 0;

    const result = await quarantine({ ...target, ec2: watched },
      { groupId: elsewhere, vpcId: fresh.vpcId }, writeOptions(log, true));

    expect(result).toMatchObject({ status: 'done', dryRun: true,
      planned: [eni], moved: [], unmovable: [], isolated: false });
    expect(result.quarantineGroupId).toBeUndefined();
    expect(log.journal).toEqual(['begin quarantine', 'finish quarantine done']);
    expect(await groupsOfInterface(ec2, eni)).toEqual([elsewhere]);
    expect(await groupsOfInterface(ec2, s.alone)).toEqual([s.bad]);
  });
});
