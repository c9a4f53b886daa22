import { AuthorizeSecurityGroupIngressCommand } from '@aws-sdk/client-ec2';
import type { EC2Client, IpPermission } from '@aws-sdk/client-ec2';
import { beforeAll, describe, expect, it } from 'vitest';
import { authorizeRules } from '../../shared/aws/authorize.ts';
import { release } from '../../shared/aws/release.ts';
import { journaled, writeOptions } from './emulator/audit.ts';
import { EC2_UNAUTHORIZED, failFirst } from './emulator/faults.ts';
import {
  DEFAULT_ACCOUNT,
  TEST_REGION,
  allowIngress,
  createGroup,
  createVpc,
  rulesOfGroup,
  shapeOf,
  testClients,
} from './emulator/aws.ts';

const kafka: IpPermission = {
  IpProtocol: 'tcp', FromPort: 9092, ToPort: 9093,
  IpRanges: [{ CidrIp: '10.20.0.0/16', Description: 'clients' }],
};
const ping: IpPermission = {
  IpProtocol: 'icmp', FromPort: 8, ToPort: -1,
  Ipv6Ranges: [{ CidrIpv6: 'fd00::/8' }],
};

describe('authorizeRules', () => {
  const { ec2 } = testClients();
  const target = { ec2, account: DEFAULT_ACCOUNT, region: TEST_REGION };
  let vpcId = '';
  let count = 0;

  beforeAll(async () => {
    vpcId = await createVpc(ec2);
  });

  const newGroup = () => createGroup(ec2, { vpcId, name: `g${count++}` });

  it('creates the rules, records them, and writes the entry first',
    async () => {
      const { ec2: watched } = testClients();
      const groupId = await newGroup();
      const log = journaled(watched);

      const result = await authorizeRules({ ...target, ec2: watched },
        { groupId, direction: 'ingress', permissions: [kafka, ping] },
        writeOptions(log));

      expect(result).toMatchObject({ status: 'done', failed: [] });
      expect(result.created.map(shapeOf).sort()).toEqual([
        'ingress icmp 8--1 fd00::/8',
        'ingress tcp 9092-9093 10.20.0.0/16 clients',
      ]);
      const ids = result.created.map((rule) => rule.SecurityGroupRuleId);
      expect(result.done.sort()).toEqual([...ids].sort());
      expect(log.journal).toEqual(['begin authorize-rules',
        'call AuthorizeSecurityGroupIngress', 'finish authorize-rules done']);
      const entry = await log.get(result.entryId ?? '');
      expect(entry?.outcome?.createdRules?.map(shapeOf).sort())
        .toEqual(result.created.map(shapeOf).sort());
      const now = (await rulesOfGroup(ec2, groupId)).map(shapeOf);
      expect(now).toEqual(expect.arrayContaining(
        result.created.map(shapeOf)));
    });

  it('leaves a rule that is there already, description aside', async () => {
    const groupId = await newGroup();
    const present = await allowIngress(ec2, groupId, {
      ...kafka, IpRanges: [{ CidrIp: '10.20.0.0/16' }],
    });
    const log = journaled(testClients().ec2);

    const result = await authorizeRules(target,
      { groupId, direction: 'ingress', permissions: [kafka] },
      writeOptions(log));

    expect(result).toMatchObject({
      status: 'unchanged', present: [present], created: [], done: [],
    });
    expect(log.journal).toEqual([]);
  });

  it('changes and records nothing on a second run', async () => {
    const groupId = await newGroup();
    const log = journaled(testClients().ec2);
    const input = {
      groupId, direction: 'egress' as const, permissions: [kafka],
    };
    const first = await authorizeRules(target, input, writeOptions(log));

    const again = await authorizeRules(target, input, writeOptions(log));

    expect(again).toMatchObject({ status: 'unchanged', present: first.done });
    expect(log.begun).toHaveLength(1);
  });

  it('records a dry run and authorizes nothing', async () => {
    const groupId = await newGroup();
    const log = journaled(testClients().ec2);
    const before = (await rulesOfGroup(ec2, groupId)).map(shapeOf);

    const result = await authorizeRules(target,
      { groupId, direction: 'ingress', permissions: [kafka] },
      writeOptions(log, true));

    expect(result).toMatchObject({
      status: 'done', dryRun: true, created: [],
      planned: ['ingress tcp 9092-9093 from 10.20.0.0/16'],
    });
    expect((await rulesOfGroup(ec2, groupId)).map(shapeOf)).toEqual(before);
  });

  it('counts a rule someone added meanwhile as there, not as a failure',
    async () => {
      const { ec2: racing } = testClients();
      const groupId = await newGroup();
      const log = journaled(testClients().ec2);
      // Another actor authorizes the same rule between driftguard's read
      // and its call; the emulator then answers InvalidPermission.Duplicate.
      quicker(racing, groupId, kafka);

      const result = await authorizeRules({ ...target, ec2: racing },
        { groupId, direction: 'ingress', permissions: [kafka] },
        writeOptions(log));

      expect(result).toMatchObject({ failed: [], done: [] });
      expect(result.present).toEqual(
        ['ingress tcp 9092-9093 from 10.20.0.0/16']);
      expect((await rulesOfGroup(ec2, groupId))
        .filter((rule) => rule.FromPort === 9092)).toHaveLength(1);
    });

  it('records every rule of the group before and after', async () => {
    const { ec2: counted, counter } = testClients();
    const groupId = await newGroup();
    const kept = await allowIngress(ec2, groupId, {
      IpProtocol: 'tcp', FromPort: 22, ToPort: 22,
      IpRanges: [{ CidrIp: '10.9.0.0/16' }],
    });
    const log = journaled(counted);
    const before = (await rulesOfGroup(ec2, groupId)).map(shapeOf).sort();

    const result = await authorizeRules({ ...target, ec2: counted },
      { groupId, direction: 'ingress', permissions: [kafka] },
      writeOptions(log));

    const entry = await log.get(result.entryId ?? '');
    expect(entry?.before.groupRules?.map((r) => r.SecurityGroupRuleId))
      .toContain(kept);
    expect(entry?.before.groupRules?.map(shapeOf).sort()).toEqual(before);
    expect(entry?.outcome?.groupRules?.map(shapeOf).sort()).toEqual(
      (await rulesOfGroup(ec2, groupId)).map(shapeOf).sort());
    expect(entry?.outcome?.groupRules).toHaveLength(before.length + 1);
    // One read of the group before the call, one after it.
    expect(counter.calls.DescribeSecurityGroupRules).toBe(2);
  });

  it('records which permissions were authorized when a call fails '
    + 'half-way', async () => {
    const { ec2: failing } = testClients();
    const groupId = await newGroup();
    const log = journaled(failing);
    const wide = { ...kafka, IpRanges: [{ CidrIp: '10.21.0.0/16' }] };
    const before = (await rulesOfGroup(ec2, groupId)).map(shapeOf);
    // The call of all three is refused, then the first on its own, as
    // IAM or an SCP would refuse them; the other two go through.
    failFirst(failing, 'AuthorizeSecurityGroupIngress', EC2_UNAUTHORIZED, 2);

    const result = await authorizeRules({ ...target, ec2: failing },
      { groupId, direction: 'ingress', permissions: [kafka, wide, ping] },
      writeOptions(log));

    expect(result.status).toBe('partial');
    expect(result.failed).toEqual([{
      id: 'ingress tcp 9092-9093 from 10.20.0.0/16',
      error: `AuthorizeSecurityGroupIngress failed (account ` +
        `${DEFAULT_ACCOUNT}, region ${TEST_REGION}, groups ${groupId}): ` +
        'UnauthorizedOperation: You are not authorized to perform this ' +
        'operation.',
    }]);
    expect(result.created.map(shapeOf).sort()).toEqual([
      'ingress icmp 8--1 fd00::/8', 'ingress tcp 9092-9093 10.21.0.0/16']);
    expect(log.journal).toEqual(['begin authorize-rules',
      ...Array(4).fill('call AuthorizeSecurityGroupIngress'),
      'finish authorize-rules partial']);
    const entry = await log.get(result.entryId ?? '');
    expect(entry).toMatchObject({ status: 'partial',
      outcome: { done: result.done, failed: result.failed } });
    expect(entry?.outcome?.createdRules?.map((r) => r.SecurityGroupRuleId)
      .sort()).toEqual([...result.done].sort());
    const now = await rulesOfGroup(ec2, groupId);
    expect(now.map(shapeOf).sort()).toEqual([...before,
      ...result.created.map(shapeOf)].sort());
    expect(entry?.outcome?.groupRules?.map(shapeOf).sort())
      .toEqual(now.map(shapeOf).sort());

    const undone = await release(target, entry!, log);
    expect(undone).toMatchObject({ status: 'done' });
    expect((await rulesOfGroup(ec2, groupId)).map(shapeOf)).toEqual(before);
  });

  it('revokes exactly the rules it created on release', async () => {
    const groupId = await newGroup();
    const kept = await allowIngress(ec2, groupId, {
      ...kafka, IpRanges: [{ CidrIp: '10.20.0.0/16' }],
    });
    const log = journaled(testClients().ec2);
    const before = (await rulesOfGroup(ec2, groupId)).map(shapeOf);
    const wide = { ...kafka, IpRanges: [{ CidrIp: '10.21.0.0/16' }] };
    const added = await authorizeRules(target,
      { groupId, direction: 'ingress', permissions: [kafka, wide, ping] },
      writeOptions(log));
    expect(added.present).toEqual([kept]);

    const entry = await log.get(added.entryId ?? '');
    const undone = await release(target, entry!, log);

    expect(undone).toMatchObject({ status: 'done' });
    expect(undone.done.sort()).toEqual([...added.done].sort());
    expect((await rulesOfGroup(ec2, groupId)).map(shapeOf)).toEqual(before);
  });
});

/**
 * Before the first AuthorizeSecurityGroupIngress `client` sends, add the
 * same permission through another client, as a concurrent actor would.
 */
function quicker(
  client: EC2Client,
  groupId: string,
  permission: IpPermission,
): void {
  let done = false;
  const other = testClients().ec2;
  client.middlewareStack.add((next, context) => async (args) => {
    const name = context.commandName;
    if (!done && name === 'AuthorizeSecurityGroupIngressCommand') {
      done = true;
      await other.send(new AuthorizeSecurityGroupIngressCommand({
        GroupId: groupId, IpPermissions: [permission],
      }));
    }
    return next(args);
  }, { step: 'initialize', name: 'testQuicker' });
}
