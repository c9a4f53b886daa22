import { ModifySecurityGroupRulesCommand } from '@aws-sdk/client-ec2';
import type { SecurityGroupRuleRequest } from '@aws-sdk/client-ec2';
import { beforeAll, describe, expect, it } from 'vitest';
import { modifyRules } from '../../shared/aws/modify.ts';
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

// moto 5.2.5 modifies a rule's protocol, ports, IPv4 CIDR and description;
// it ignores CidrIpv6, PrefixListId and ReferencedGroupId (and answers
// success), so these tests change IPv4 rules only.
const approved: SecurityGroupRuleRequest = {
  IpProtocol: 'tcp', FromPort: 443, ToPort: 443,
  CidrIpv4: '10.0.0.0/16', Description: 'approved',
};

describe('modifyRules', () => {
  const { ec2 } = testClients();
  const target = { ec2, account: DEFAULT_ACCOUNT, region: TEST_REGION };
  let vpcId = '';
  let count = 0;

  beforeAll(async () => {
    vpcId = await createVpc(ec2);
  });

  /** A group whose rule was approved, and then widened by someone. */
  async function drifted() {
    const groupId = await createGroup(ec2, { vpcId, name: `m${count++}` });
    const ruleId = await allowIngress(ec2, groupId, {
      IpProtocol: 'tcp', FromPort: 443, ToPort: 443,
      IpRanges: [{ CidrIp: '10.0.0.0/16', Description: 'approved' }],
    });
    const other = await allowIngress(ec2, groupId, {
      IpProtocol: 'tcp', FromPort: 22, ToPort: 22,
      IpRanges: [{ CidrIp: '10.9.0.0/16' }],
    });
    await ec2.send(new ModifySecurityGroupRulesCommand({
      GroupId: groupId,
      SecurityGroupRules: [{ SecurityGroupRuleId: ruleId, SecurityGroupRule: {
        IpProtocol: 'tcp', FromPort: 0, ToPort: 65535,
        CidrIpv4: '0.0.0.0/0', Description: 'temporary',
      } }],
    }));
    return { groupId, ruleId, other };
  }

  async function ruleNow(groupId: string, ruleId: string) {
    const rules = await rulesOfGroup(ec2, groupId);
    return rules.find((rule) => rule.SecurityGroupRuleId === ruleId);
  }

  it('restores a modified rule, recording it as it was first', async () => {
    const { ec2: watched } = testClients();
    const { groupId, ruleId, other } = await drifted();
    const log = journaled(watched);
    const before = await ruleNow(groupId, ruleId);

    const result = await modifyRules({ ...target, ec2: watched },
      { groupId, changes: [{ ruleId, rule: approved }] }, writeOptions(log));

    expect(result).toMatchObject({ status: 'done', done: [ruleId] });
    expect(shapeOf((await ruleNow(groupId, ruleId))!))
      .toBe('ingress tcp 443-443 10.0.0.0/16 approved');
    expect(shapeOf((await ruleNow(groupId, other))!))
      .toBe('ingress tcp 22-22 10.9.0.0/16');
    expect(log.journal).toEqual(['begin modify-rules',
      'call ModifySecurityGroupRules', 'finish modify-rules done']);
    expect(log.begun[0]?.before.rules).toEqual([before]);
  });

  it('records every rule of the group before and after', async () => {
    const { ec2: counted, counter } = testClients();
    const { groupId, ruleId, other } = await drifted();
    const log = journaled(counted);
    const before = await rulesOfGroup(ec2, groupId);

    const result = await modifyRules({ ...target, ec2: counted },
      { groupId, changes: [{ ruleId, rule: approved }] }, writeOptions(log));

    const entry = await log.get(result.entryId ?? '');
    expect(entry?.before.groupRules?.map(shapeOf).sort())
      .toEqual(before.map(shapeOf).sort());
    expect(entry?.before.groupRules?.map(shapeOf)).toContain(
      'ingress tcp 0-65535 0.0.0.0/0 temporary');
    const after = entry?.outcome?.groupRules ?? [];
    expect(after.map(shapeOf).sort()).toEqual(
      (await rulesOfGroup(ec2, groupId)).map(shapeOf).sort());
    expect(shapeOf(after.find((r) => r.SecurityGroupRuleId === ruleId)!))
      .toBe('ingress tcp 443-443 10.0.0.0/16 approved');
    expect(after.map((r) => r.SecurityGroupRuleId)).toContain(other);
    expect(counter.calls.DescribeSecurityGroupRules).toBe(2);
  });

  it('records which rules were modified when a call fails half-way',
    async () => {
      const { ec2: failing } = testClients();
      const first = await drifted();
      const second = await allowIngress(ec2, first.groupId, {
        IpProtocol: 'tcp', FromPort: 8443, ToPort: 8443,
        IpRanges: [{ CidrIp: '0.0.0.0/0', Description: 'wide' }],
      });
      const log = journaled(failing);
      const tight = { ...approved, FromPort: 8443, ToPort: 8443 };
      // The call of both is refused, then the first on its own.
      failFirst(failing, 'ModifySecurityGroupRules', EC2_UNAUTHORIZED, 2);

      const result = await modifyRules({ ...target, ec2: failing }, {
        groupId: first.groupId, changes: [
          { ruleId: first.ruleId, rule: approved },
          { ruleId: second, rule: tight },
        ] }, writeOptions(log));

      expect(result).toMatchObject({ status: 'partial', done: [second] });
      expect(result.failed).toEqual([{ id: first.ruleId,
        error: `ModifySecurityGroupRules failed (account ${DEFAULT_ACCOUNT}` +
          `, region ${TEST_REGION}, groups ${first.groupId}): ` +
          'UnauthorizedOperation: You are not authorized to perform this ' +
          'operation.' }]);
      expect(log.journal).toEqual(['begin modify-rules',
        ...Array(3).fill('call ModifySecurityGroupRules'),
        'finish modify-rules partial']);
      expect(shapeOf((await ruleNow(first.groupId, first.ruleId))!))
        .toBe('ingress tcp 0-65535 0.0.0.0/0 temporary');
      expect(shapeOf((await ruleNow(first.groupId, second))!))
        .toBe('ingress tcp 8443-8443 10.0.0.0/16 approved');
      const entry = await log.get(result.entryId ?? '');
      expect(entry).toMatchObject({ status: 'partial',
        outcome: { done: [second], failed: result.failed } });
      expect(entry?.before.rules?.map(shapeOf).sort()).toEqual([
        'ingress tcp 0-65535 0.0.0.0/0 temporary',
        'ingress tcp 8443-8443 0.0.0.0/0 wide']);

      const undone = await release(target, entry!, log);
      expect(undone).toMatchObject({ status: 'done', done: [second] });
      expect(shapeOf((await ruleNow(first.groupId, second))!))
        .toBe('ingress tcp 8443-8443 0.0.0.0/0 wide');
    });

  it('changes and records nothing on a second run', async () => {
    const { groupId, ruleId } = await drifted();
    const log = journaled(testClients().ec2);
    const input = { groupId, changes: [{ ruleId, rule: approved }] };
    await modifyRules(target, input, writeOptions(log));

    const again = await modifyRules(target, input, writeOptions(log));

    expect(again).toMatchObject({ status: 'unchanged', done: [] });
    expect(log.begun).toHaveLength(1);
  });

  it('reports a rule that no longer exists as gone', async () => {
    const { groupId } = await drifted();
    const log = journaled(testClients().ec2);
    const ruleId = 'sgr-0123456789abcdef0';

    const result = await modifyRules(target,
      { groupId, changes: [{ ruleId, rule: approved }] }, writeOptions(log));

    expect(result).toMatchObject({ status: 'unchanged', gone: [ruleId] });
  });

  it('records a dry run and modifies nothing', async () => {
    const { groupId, ruleId } = await drifted();
    const log = journaled(testClients().ec2);

    const result = await modifyRules(target,
      { groupId, changes: [{ ruleId, rule: approved }] },
      writeOptions(log, true));

    expect(result).toMatchObject({ dryRun: true, planned: [ruleId] });
    expect(shapeOf((await ruleNow(groupId, ruleId))!))
      .toBe('ingress tcp 0-65535 0.0.0.0/0 temporary');
  });

  it('modifies the rule back on release', async () => {
    const { groupId, ruleId } = await drifted();
    const log = journaled(testClients().ec2);
    const modified = await modifyRules(target,
      { groupId, changes: [{ ruleId, rule: approved }] }, writeOptions(log));

    const entry = await log.get(modified.entryId ?? '');
    const undone = await release(target, entry!, log);

    expect(undone).toMatchObject({ status: 'done', done: [ruleId] });
    expect(shapeOf((await ruleNow(groupId, ruleId))!))
      .toBe('ingress tcp 0-65535 0.0.0.0/0 temporary');
    expect((await log.get(undone.entryId ?? ''))?.before.rules?.map(shapeOf))
      .toEqual(['ingress tcp 443-443 10.0.0.0/16 approved']);
  });
});
