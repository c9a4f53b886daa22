import {
  DeleteTagsCommand,
  DescribeSecurityGroupsCommand,
} from '@aws-sdk/client-ec2';
import type { EC2Client } from '@aws-sdk/client-ec2';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  QUARANTINE_GROUP_NAME,
  QUARANTINE_TAG,
  quarantine,
} from '../../shared/aws/quarantine.ts';
import { releaseTogether } from '../../shared/aws/release-together.ts';
import { release } from '../../shared/aws/release.ts';
import { journaled, writeOptions } from './emulator/audit.ts';
import {
  DEFAULT_ACCOUNT,
  TEST_REGION,
  allowEgress,
  allowIngress,
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

// Interfaces here are not attached to instances: moto 5.2.5 shows an
// attached interface with its own groups and its instance's launch
// groups together, and ModifyNetworkInterfaceAttribute cannot take the
// launch groups off it, which AWS does not do.
describe('quarantine', () => {
  const { ec2 } = testClients();
  const target = { ec2, account: DEFAULT_ACCOUNT, region: TEST_REGION };
  let vpcId = '';
  let subnetId = '';
  let count = 0;

  beforeAll(async () => {
    ({ vpcId, subnetId } = await createNetwork(ec2));
  });

  /** An offending group on two interfaces, and a bystander interface. */
  async function scene(network = { vpcId, subnetId }) {
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

  it('moves every interface carrying the group onto a new, closed '
    + 'quarantine group alone', async () => {
    const { ec2: watched } = testClients();
    const s = await scene();
    const log = journaled(watched);

    const result = await quarantine({ ...target, ec2: watched },
      { groupId: s.bad, vpcId }, writeOptions(log));

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
      GroupName: QUARANTINE_GROUP_NAME, VpcId: vpcId,
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

  it('reuses the quarantine group of the VPC, and changes nothing on a '
    + 'second run', async () => {
    const { ec2: watched } = testClients();
    const s = await scene();
    const log = journaled(watched);
    const first = await quarantine({ ...target, ec2: watched },
      { groupId: s.bad, vpcId }, writeOptions(log));
    const journal = [...log.journal];

    const again = await quarantine({ ...target, ec2: watched },
      { groupId: s.bad, vpcId }, writeOptions(log));

    expect(journal).not.toContain('call CreateSecurityGroup');
    expect(again).toMatchObject({
      status: 'unchanged', moved: [], unmovable: [], isolated: false,
      entryIds: [], quarantineGroupId: first.quarantineGroupId,
    });
    expect(log.journal).toEqual(journal);
  });

  it('moves only the interfaces named, and never isolates the group',
    async () => {
      const s = await scene();
      const log = journaled(testClients().ec2);
      const result = await quarantine(target, { groupId: s.bad, vpcId,
        networkInterfaceIds: [s.shared] }, writeOptions(log));

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
        { groupId: s.bad, vpcId, networkInterfaceIds: [s.shared] },
        writeOptions(log));

      expect(result).toMatchObject({ unmovable: [s.shared],
        isolated: false, moved: [] });
      expect(await rulesOfGroup(ec2, s.bad)).toHaveLength(3);
    });

  it('gives each interface its exact group set back on release', async () => {
    const s = await scene();
    const log = journaled(testClients().ec2);
    const result = await quarantine(target, { groupId: s.bad, vpcId },
      writeOptions(log));

    const entry = await log.get(result.entryId ?? '');
    const undone = await release(target, entry!, log);

    expect(undone).toMatchObject({ status: 'done' });
    expect(await groupsOfInterface(ec2, s.alone)).toEqual([s.bad]);
    expect((await groupsOfInterface(ec2, s.shared)).sort())
      .toEqual([s.good, s.bad].sort());
    expect((await log.get(undone.entryId ?? ''))?.before.interfaceGroups)
      .toEqual({
        [s.alone]: [result.quarantineGroupId],
        [s.shared]: [result.quarantineGroupId],
      });
  });

  it('isolates the group when an AWS service manages one of its '
    + 'interfaces', async () => {
    const { ec2: managed } = testClients();
    const s = await scene();
    manageByAws(managed, [s.shared]);
    const log = journaled(managed);
    const rules = (await rulesOfGroup(ec2, s.bad)).map(shapeOf);

    const result = await quarantine({ ...target, ec2: managed },
      { groupId: s.bad, vpcId }, writeOptions(log));

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
      { groupId: s.bad, vpcId }, writeOptions(log));
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
      { groupId: s.bad, vpcId }, writeOptions(log));

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

  it('releases the isolation with the quarantine it is part of', async () => {
    const { ec2: managed } = testClients();
    const s = await scene();
    manageByAws(managed, [s.shared]);
    const log = journaled(testClients().ec2);
    const rules = (await rulesOfGroup(ec2, s.bad)).map(shapeOf).sort();
    const result = await quarantine({ ...target, ec2: managed },
      { groupId: s.bad, vpcId }, writeOptions(log));
    const [move, isolation] = result.entryIds;
    expect(result.entryId).toBe(move);
    expect(await log.get(isolation ?? '')).toMatchObject({
      action: 'isolate-group', partOf: move });

    const released = await releaseTogether(target,
      (await log.get(move ?? ''))!, log);

    expect(released.map((r) => [r.releases, r.result.status]))
      .toEqual([[isolation, 'done'], [move, 'done']]);
    expect(await groupsOfInterface(ec2, s.alone)).toEqual([s.bad]);
    expect((await rulesOfGroup(ec2, s.bad)).map(shapeOf).sort())
      .toEqual(rules);
    for (const { releases, result: undone } of released) {
      expect(await log.get(undone.entryId ?? '')).toMatchObject({
        action: 'release', releases, status: 'done' });
      expect((await log.get(releases))?.releasedBy).toBe(undone.entryId);
    }
    await expect(releaseTogether(target, (await log.get(move ?? ''))!, log))
      .rejects.toThrow(/already released/);
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

  it('revokes, recorded, a rule someone added to the quarantine group',
    async () => {
      const s = await scene();
      const log = journaled(testClients().ec2);
      const first = await quarantine(target, { groupId: s.bad, vpcId },
        writeOptions(log));
      const qid = first.quarantineGroupId ?? '';
      const leak = await allowIngress(ec2, qid, {
        IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }],
      });
      const next = await scene();

      const result = await quarantine(target,
        { groupId: next.bad, vpcId }, writeOptions(log));

      expect(await rulesOfGroup(ec2, qid)).toEqual([]);
      const cleared = await log.get(result.entryIds[0] ?? '');
      expect(cleared).toMatchObject({ action: 'revoke-rules', groupId: qid,
        outcome: { done: [leak] } });
      expect(result.moved.sort()).toEqual([next.alone, next.shared].sort());
    });
});

/** Run `first` (once) before `client` sends its first `operation`. */
function before(
  client: EC2Client,
  operation: string,
  first: () => Promise<void>,
): void {
  let done = false;
  client.middlewareStack.add((next, context) => async (args) => {
    if (!done && context.commandName === `${operation}Command`) {
      done = true;
      await first();
    }
    return next(args);
  }, { step: 'initialize', name: `testBefore${operation}` });
}
