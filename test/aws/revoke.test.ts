import { beforeAll, describe, expect, it } from 'vitest';
import {
  AwsCallError,
  WriteRefusedError,
} from '../../shared/aws/errors.ts';
import { release } from '../../shared/aws/release.ts';
import { revokeRules } from '../../shared/aws/revoke.ts';
import type { WriteTarget } from '../../shared/aws/write.ts';
import { journaled, writeOptions } from './emulator/audit.ts';
import {
  DEFAULT_ACCOUNT,
  TEST_REGION,
  allowEgress,
  allowIngress,
  createGroup,
  createVpc,
  rulesOfGroup,
  shapeOf,
  testClients,
} from './emulator/aws.ts';
import { MAX_RECORDED_GROUP_RULES } from '../../shared/aws/write.ts';
import {
  EC2_REQUEST_LIMIT_EXCEEDED,
  EC2_UNAUTHORIZED,
  failFirst,
  padGroupRules,
} from './emulator/faults.ts';

const tcp = (port: number) => ({
  IpProtocol: 'tcp', FromPort: port, ToPort: port,
});

/** A group with three ingress rules and two egress rules. */
async function groupWithRules(target: WriteTarget, vpcId: string) {
  const { ec2 } = target;
  const groupId = await createGroup(ec2, {
    vpcId, name: `g-${Math.random().toString(36).slice(2, 8)}`,
  });
  const [allowAll] = await rulesOfGroup(ec2, groupId);
  return {
    groupId,
    defaultEgress: allowAll?.SecurityGroupRuleId ?? '',
    ssh: await allowIngress(ec2, groupId, {
      ...tcp(22), IpRanges: [{ CidrIp: '10.0.0.0/8', Description: 'ops' }],
    }),
    web: await allowIngress(ec2, groupId, {
      ...tcp(443), IpRanges: [{ CidrIp: '0.0.0.0/0' }],
    }),
    dns: await allowIngress(ec2, groupId, {
      IpProtocol: 'udp', FromPort: 53, ToPort: 53,
      Ipv6Ranges: [{ CidrIpv6: 'fd00::/8' }],
    }),
    out: await allowEgress(ec2, groupId, {
      ...tcp(5432), IpRanges: [{ CidrIp: '10.1.0.0/16' }],
    }),
  };
}

async function ruleIds(target: WriteTarget, groupId: string) {
  return (await rulesOfGroup(target.ec2, groupId))
    .map((rule) => rule.SecurityGroupRuleId).sort();
}

describe('revokeRules', () => {
  const { ec2 } = testClients();
  const target = { ec2, account: DEFAULT_ACCOUNT, region: TEST_REGION };
  let vpcId = '';

  beforeAll(async () => {
    vpcId = await createVpc(ec2);
  });

  it('revokes rules by id and leaves the others of the group, both ways',
    async () => {
      const g = await groupWithRules(target, vpcId);
      const log = journaled(testClients().ec2);

      const result = await revokeRules(target,
        { groupId: g.groupId, ruleIds: [g.ssh, g.out] }, writeOptions(log));

      expect(result).toMatchObject({ status: 'done', failed: [], gone: [] });
      expect(result.done.sort()).toEqual([g.ssh, g.out].sort());
      expect(await ruleIds(target, g.groupId))
        .toEqual([g.web, g.dns, g.defaultEgress].sort());
    });

  it('records the rules whole, and a pending entry before each call',
    async () => {
      const { ec2: watched } = testClients();
      const g = await groupWithRules({ ...target, ec2: watched }, vpcId);
      const log = journaled(watched);
      log.journal.length = 0;
      const rules = (await rulesOfGroup(ec2, g.groupId)).filter((rule) =>
        [g.ssh, g.out].includes(rule.SecurityGroupRuleId ?? ''));

      const result = await revokeRules({ ...target, ec2: watched },
        { groupId: g.groupId, ruleIds: [g.ssh, g.out] }, writeOptions(log));

      expect(log.journal).toEqual([
        'begin revoke-rules',
        'call RevokeSecurityGroupIngress',
        'call RevokeSecurityGroupEgress',
        'finish revoke-rules done',
      ]);
      expect(log.begun[0]).toMatchObject({
        status: 'pending', action: 'revoke-rules', groupId: g.groupId,
        account: DEFAULT_ACCOUNT, region: TEST_REGION, dryRun: false,
        intentVersion: 'test-1', reason: { trigger: 'sweep' },
      });
      const recorded = log.begun[0]?.before.rules ?? [];
      expect(recorded.map(shapeOf).sort()).toEqual(rules.map(shapeOf).sort());
      expect(await log.get(result.entryId ?? '')).toMatchObject({
        status: 'done', outcome: { status: 'done', failed: [] },
      });
    });

  it('records every rule of the group before and after, reading each '
    + 'once', async () => {
    const { ec2: counted, counter } = testClients();
    const g = await groupWithRules(target, vpcId);
    const log = journaled(counted);
    const before = (await rulesOfGroup(ec2, g.groupId)).map(shapeOf).sort();

    const result = await revokeRules({ ...target, ec2: counted },
      { groupId: g.groupId, ruleIds: [g.ssh, g.out] }, writeOptions(log));

    const entry = await log.get(result.entryId ?? '');
    expect(entry?.before.groupRules?.map(shapeOf).sort()).toEqual(before);
    expect(entry?.before.rules?.map((r) => r.SecurityGroupRuleId).sort())
      .toEqual([g.ssh, g.out].sort());
    expect(entry?.outcome?.groupRules?.map((r) => r.SecurityGroupRuleId)
      .sort()).toEqual([g.web, g.dns, g.defaultEgress].sort());
    expect(counter.calls.DescribeSecurityGroupRules).toBe(2);
  });

  it('records no full rule sets of a group with more rules than an entry '
    + 'holds, and says so', async () => {
    const { ec2: big } = testClients();
    const g = await groupWithRules(target, vpcId);
    padGroupRules(big, g.groupId, MAX_RECORDED_GROUP_RULES);
    const log = journaled(big);

    const result = await revokeRules({ ...target, ec2: big },
      { groupId: g.groupId, ruleIds: [g.ssh] }, writeOptions(log));

    expect(result).toMatchObject({ status: 'done', done: [g.ssh] });
    const entry = await log.get(result.entryId ?? '');
    expect(entry?.before.rules?.map((r) => r.SecurityGroupRuleId))
      .toEqual([g.ssh]);
    expect(entry?.before.groupRules).toBeUndefined();
    expect(entry?.outcome?.groupRules).toBeUndefined();
    expect(entry?.outcome?.note).toBe(`${g.groupId} has more than ` +
      `${MAX_RECORDED_GROUP_RULES} rules: its full rule sets are not ` +
      'recorded');
  });

  it('reports rules already gone as gone, not as failures', async () => {
    const g = await groupWithRules(target, vpcId);
    const log = journaled(testClients().ec2);
    const unknown = 'sgr-0123456789abcdef0';

    const result = await revokeRules(target,
      { groupId: g.groupId, ruleIds: [g.ssh, unknown] }, writeOptions(log));

    expect(result).toMatchObject({
      status: 'done', done: [g.ssh], gone: [unknown], failed: [],
    });
    const entry = await log.get(result.entryId ?? '');
    expect(entry?.outcome?.note).toBe(`already gone: ${unknown}`);
  });

  it('changes and records nothing on a second run', async () => {
    const { ec2: watched } = testClients();
    const g = await groupWithRules(target, vpcId);
    const log = journaled(watched);
    const input = { groupId: g.groupId, ruleIds: [g.ssh, g.web] };
    await revokeRules({ ...target, ec2: watched }, input, writeOptions(log));
    const journal = [...log.journal];

    const again = await revokeRules({ ...target, ec2: watched }, input,
      writeOptions(log));

    expect(again).toMatchObject({
      status: 'unchanged', done: [], gone: [g.ssh, g.web],
    });
    expect(again.entryId).toBeUndefined();
    expect(log.journal).toEqual(journal);
  });

  it('records a dry run and revokes nothing', async () => {
    const { ec2: watched } = testClients();
    const g = await groupWithRules(target, vpcId);
    const log = journaled(watched);
    log.journal.length = 0;
    const before = await ruleIds(target, g.groupId);

    const result = await revokeRules({ ...target, ec2: watched },
      { groupId: g.groupId, ruleIds: [g.ssh] }, writeOptions(log, true));

    expect(result).toMatchObject({
      status: 'done', dryRun: true, planned: [g.ssh], done: [],
    });
    expect(log.journal).toEqual(['begin revoke-rules',
      'finish revoke-rules done']);
    expect(await log.get(result.entryId ?? '')).toMatchObject({
      dryRun: true, outcome: { done: [], note: expect.stringMatching(
        /^dry run: nothing written; would revoke sgr-/) },
    });
    expect(await ruleIds(target, g.groupId)).toEqual(before);
  });

  it('puts the revoked rules back on release, and records the release',
    async () => {
      const g = await groupWithRules(target, vpcId);
      const log = journaled(testClients().ec2);
      const shapes = (await rulesOfGroup(ec2, g.groupId)).map(shapeOf);
      const revoked = await revokeRules(target, {
        groupId: g.groupId, ruleIds: [g.ssh, g.web, g.dns, g.out],
      }, writeOptions(log));
      const entry = await log.get(revoked.entryId ?? '');

      const undone = await release(target, entry!, log);

      expect(undone.status).toBe('done');
      expect((await rulesOfGroup(ec2, g.groupId)).map(shapeOf).sort())
        .toEqual(shapes.sort());
      const recorded = await log.get(undone.entryId ?? '');
      expect(recorded).toMatchObject({
        action: 'release', releases: entry?.id, status: 'done',
        groupId: g.groupId, intentVersion: 'test-1',
      });
      expect(recorded?.before.groupRules?.map(shapeOf).sort())
        .toEqual(entry?.outcome?.groupRules?.map(shapeOf).sort());
      expect(recorded?.outcome?.groupRules?.map(shapeOf).sort())
        .toEqual(shapes.sort());
      expect((await log.get(entry!.id))?.releasedBy).toBe(undone.entryId);
    });

  it('refuses a rule of another group, naming account, region and group',
    async () => {
      const g = await groupWithRules(target, vpcId);
      const other = await groupWithRules(target, vpcId);
      const log = journaled(testClients().ec2);

      const revoking = revokeRules(target,
        { groupId: g.groupId, ruleIds: [g.ssh, other.ssh] },
        writeOptions(log));

      await expect(revoking).rejects.toThrow(WriteRefusedError);
      await expect(revoking).rejects.toThrow(
        `(account ${DEFAULT_ACCOUNT}, region ${TEST_REGION}, ` +
        `group ${g.groupId})`);
      expect(log.journal).toEqual([]);
      expect(await ruleIds(target, g.groupId)).toContain(g.ssh);
    });
});

// moto never throttles nor denies; failFirst answers the first attempts
// of a call as AWS does when it throttles a caller (503) or when IAM or
// an SCP denies the call (403 UnauthorizedOperation).
describe('revokeRules when AWS fails', () => {
  const setup = testClients();
  let vpcId = '';

  beforeAll(async () => {
    vpcId = await createVpc(setup.ec2);
  });

  function failing() {
    const { ec2, counter } = testClients();
    const target = { ec2, account: DEFAULT_ACCOUNT, region: TEST_REGION };
    return { target, counter, log: journaled(ec2) };
  }

  it('retries a revoke that EC2 throttled', async () => {
    const { target, counter, log } = failing();
    const g = await groupWithRules(target, vpcId);
    failFirst(target.ec2, 'RevokeSecurityGroupIngress',
      EC2_REQUEST_LIMIT_EXCEEDED);

    const result = await revokeRules(target,
      { groupId: g.groupId, ruleIds: [g.ssh] }, writeOptions(log));

    expect(result).toMatchObject({ status: 'done', done: [g.ssh] });
    expect(counter.attempts.RevokeSecurityGroupIngress).toBe(2);
  });

  it('records which rules were revoked when a call fails half-way',
    async () => {
      const { target, log } = failing();
      const g = await groupWithRules(target, vpcId);
      const asked = [g.ssh, g.web, g.dns];
      // The batch is refused, then the first rule on its own.
      failFirst(target.ec2, 'RevokeSecurityGroupIngress', EC2_UNAUTHORIZED,
        2);
      log.journal.length = 0;

      const result = await revokeRules(target,
        { groupId: g.groupId, ruleIds: asked }, writeOptions(log));

      expect(result.status).toBe('partial');
      expect(result.done).toHaveLength(2);
      expect(result.failed).toHaveLength(1);
      const refused = result.failed[0]?.id ?? '';
      expect([...result.done, refused].sort()).toEqual([...asked].sort());
      expect(await ruleIds(target, g.groupId))
        .toEqual([refused, g.out, g.defaultEgress].sort());
      // One call for the three, refused; then one for each.
      expect(log.journal).toEqual(['begin revoke-rules',
        ...Array(4).fill('call RevokeSecurityGroupIngress'),
        'finish revoke-rules partial']);
      expect(await log.get(result.entryId ?? '')).toMatchObject({
        status: 'partial',
        outcome: { done: result.done, failed: result.failed },
      });
    });

  it('names the AWS error, account, region and group of a failure',
    async () => {
      const { target, log } = failing();
      const g = await groupWithRules(target, vpcId);
      failFirst(target.ec2, 'RevokeSecurityGroupEgress', EC2_UNAUTHORIZED,
        2);

      const result = await revokeRules(target,
        { groupId: g.groupId, ruleIds: [g.ssh, g.out] }, writeOptions(log));

      expect(result).toMatchObject({ status: 'partial', done: [g.ssh] });
      expect(result.failed).toEqual([{
        id: g.out,
        error: `RevokeSecurityGroupEgress failed (account ${DEFAULT_ACCOUNT}` +
          `, region ${TEST_REGION}, groups ${g.groupId}): ` +
          'UnauthorizedOperation: You are not authorized to perform this ' +
          'operation.',
      }]);
    });

  it('names account, region and group when it cannot read the rules, '
    + 'and records nothing', async () => {
    const { target, log } = failing();
    const g = await groupWithRules(target, vpcId);
    failFirst(target.ec2, 'DescribeSecurityGroupRules', EC2_UNAUTHORIZED);

    const revoking = revokeRules(target,
      { groupId: g.groupId, ruleIds: [g.ssh] }, writeOptions(log));

    await expect(revoking).rejects.toThrow(AwsCallError);
    await expect(revoking).rejects.toThrow('DescribeSecurityGroupRules ' +
      `failed (account ${DEFAULT_ACCOUNT}, region ${TEST_REGION}, groups ` +
      `${g.groupId}): UnauthorizedOperation`);
    expect(log.begun).toEqual([]);
  });

  it('puts back only what a half-done revoke revoked', async () => {
    const { target, log } = failing();
    const g = await groupWithRules(target, vpcId);
    failFirst(target.ec2, 'RevokeSecurityGroupEgress', EC2_UNAUTHORIZED, 2);
    const revoked = await revokeRules(target,
      { groupId: g.groupId, ruleIds: [g.ssh, g.web, g.out] },
      writeOptions(log));

    const entry = await log.get(revoked.entryId ?? '');
    const undone = await release(target, entry!, log);

    expect(undone).toMatchObject({ status: 'done' });
    expect(undone.planned).toHaveLength(2);
    expect((await rulesOfGroup(target.ec2, g.groupId))).toHaveLength(5);
  });
});
