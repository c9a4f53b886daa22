import { DeleteTagsCommand } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import {
  QUARANTINE_TAG,
  quarantine,
} from '../../shared/aws/quarantine.ts';
import { journaled, writeOptions } from './emulator/audit.ts';
import {
  DEFAULT_ACCOUNT,
  TEST_REGION,
  allowIngress,
  createNetwork,
  groupsOfInterface,
  rulesOfGroup,
  testClients,
} from './emulator/aws.ts';
import { before, EC2_UNAUTHORIZED, failFirst } from './emulator/faults.ts';
import { quarantineFixtures } from './quarantine-fixtures.ts';

// How a quarantine finds, creates, takes back and closes the quarantine
// group of a VPC.
describe('quarantine', () => {
  const { ec2, target, home, scene, quarantineGroupOf, quarantineGroupsIn,
    vpcOf } = quarantineFixtures();

  it('reuses the quarantine group of the VPC, and changes nothing on a '
    + 'second run', async () => {
    // An earlier quarantine made the VPC's quarantine group.
    await quarantine(target, { groupId: (await scene()).bad,
      vpcId: home.vpcId }, writeOptions(journaled(ec2)));
    const { ec2: watched } = testClients();
    const s = await scene();
    const log = journaled(watched);
    const first = await quarantine({ ...target, ec2: watched },
      { groupId: s.bad, vpcId: home.vpcId }, writeOptions(log));
    const journal = [...log.journal];

    const again = await quarantine({ ...target, ec2: watched },
      { groupId: s.bad, vpcId: home.vpcId }, writeOptions(log));

    expect(journal).not.toContain('call CreateSecurityGroup');
    expect(again).toMatchObject({
      status: 'unchanged', moved: [], unmovable: [], isolated: false,
      entryIds: [], quarantineGroupId: first.quarantineGroupId,
    });
    expect(log.journal).toEqual(journal);
  });

  it('moves nothing and leaves the group whole when the quarantine group '
    + 'cannot be created', async () => {
    const { ec2: refusing } = testClients();
    const s = await scene(await createNetwork(ec2));
    failFirst(refusing, 'CreateSecurityGroup', EC2_UNAUTHORIZED);
    const log = journaled(refusing);

    const result = await quarantine({ ...target, ec2: refusing },
      { groupId: s.bad, vpcId: await vpcOf(s.bad) }, writeOptions(log));

    expect(result).toMatchObject({ status: 'failed', moved: [],
      unmovable: [], isolated: false });
    expect(result.failed.map((f) => f.id).sort())
      .toEqual([s.alone, s.shared].sort());
    expect(result.failed[0]?.error).toMatch(new RegExp(
      '^no quarantine group in vpc-\\w+ to move onto: CreateSecurityGroup ' +
      `failed \\(account ${DEFAULT_ACCOUNT}, region ${TEST_REGION}, groups ` +
      `${s.bad}\\): UnauthorizedOperation`));
    expect(await rulesOfGroup(ec2, s.bad)).toHaveLength(3);
    expect(await groupsOfInterface(ec2, s.alone)).toEqual([s.bad]);
    expect(log.journal).toEqual(['begin quarantine',
      'call CreateSecurityGroup', 'finish quarantine failed']);
    expect((await log.get(result.entryId ?? ''))?.outcome?.note)
      .toBe(`nothing was moved, and ${s.bad} keeps its rules`);
  });

  it('shares the quarantine group that another quarantine of the VPC '
    + 'created first', async () => {
    const network = await createNetwork(ec2);
    const first = await scene(network);
    const second = await scene(network);
    const { ec2: slow } = testClients();
    // The second quarantine runs whole between the first one's search for
    // the quarantine group and its CreateSecurityGroup: EC2 then answers
    // the first one InvalidGroup.Duplicate.
    let other: Awaited<ReturnType<typeof quarantine>> | undefined;
    before(slow, 'CreateSecurityGroup', async () => {
      other = await quarantine(target, { groupId: second.bad,
        vpcId: network.vpcId }, writeOptions(journaled(testClients().ec2)));
    });
    const log = journaled(slow);

    const result = await quarantine({ ...target, ec2: slow },
      { groupId: first.bad, vpcId: network.vpcId }, writeOptions(log));

    const qid = other?.quarantineGroupId ?? '';
    expect(qid).toMatch(/^sg-/);
    expect(result).toMatchObject({ status: 'done', isolated: false,
      unmovable: [], failed: [], quarantineGroupId: qid });
    expect(result.moved.sort()).toEqual([first.alone, first.shared].sort());
    for (const eni of [first.alone, first.shared, second.alone]) {
      expect(await groupsOfInterface(ec2, eni)).toEqual([qid]);
    }
    expect(await rulesOfGroup(ec2, first.bad)).toHaveLength(3);
    expect(await quarantineGroupsIn(network.vpcId)).toEqual([qid]);
    expect((await log.get(result.entryId ?? ''))?.outcome?.note).toBe(
      `found quarantine group ${qid} of ${network.vpcId} by its name`);
  });

  it('puts the tag back on the quarantine group someone took it off, and '
    + 'revokes what was added to it', async () => {
    const network = await createNetwork(ec2);
    const earlier = await quarantine(target, { groupId: (await scene(
      network)).bad, vpcId: network.vpcId }, writeOptions(journaled(ec2)));
    const qid = earlier.quarantineGroupId ?? '';
    await ec2.send(new DeleteTagsCommand({ Resources: [qid],
      Tags: [{ Key: QUARANTINE_TAG.key }] }));
    const leak = await allowIngress(ec2, qid, { IpProtocol: 'tcp',
      FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] });
    const s = await scene(network);
    const log = journaled(testClients().ec2);

    const result = await quarantine(target,
      { groupId: s.bad, vpcId: network.vpcId }, writeOptions(log));

    expect(result).toMatchObject({ status: 'done', isolated: false,
      quarantineGroupId: qid });
    expect(await groupsOfInterface(ec2, s.alone)).toEqual([qid]);
    expect(await rulesOfGroup(ec2, s.bad)).toHaveLength(3);
    expect(await rulesOfGroup(ec2, qid)).toEqual([]);
    expect((await quarantineGroupOf(qid))?.Tags).toEqual(
      [{ Key: QUARANTINE_TAG.key, Value: QUARANTINE_TAG.value }]);
    expect((await log.get(result.entryId ?? ''))?.outcome?.note).toBe(
      `found quarantine group ${qid} of ${network.vpcId} by its name, ` +
      `without its tag: put driftguard:quarantine=true back; revoked ` +
      `${leak} from ${qid}`);
  });

  it('revokes, recorded, a rule someone added to the quarantine group',
    async () => {
      const s = await scene();
      const log = journaled(testClients().ec2);
      const first = await quarantine(target,
        { groupId: s.bad, vpcId: home.vpcId }, writeOptions(log));
      const qid = first.quarantineGroupId ?? '';
      const leak = await allowIngress(ec2, qid, {
        IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }],
      });
      const next = await scene();

      const result = await quarantine(target,
        { groupId: next.bad, vpcId: home.vpcId }, writeOptions(log));

      expect(await rulesOfGroup(ec2, qid)).toEqual([]);
      const cleared = await log.get(result.entryIds[0] ?? '');
      expect(cleared).toMatchObject({ action: 'revoke-rules', groupId: qid,
        outcome: { done: [leak] } });
      expect(result.moved.sort()).toEqual([next.alone, next.shared].sort());
    });
});
