import { beforeAll, describe, expect, it } from 'vitest';
import { memberCredentials } from '../../shared/aws/credentials.ts';
import {
  findQuarantineGroup,
  quarantine,
} from '../../shared/aws/quarantine.ts';
import { readRegion } from '../../shared/aws/read.ts';
import { release } from '../../shared/aws/release.ts';
import { revokeRules } from '../../shared/aws/revoke.ts';
import { journaled, writeOptions } from './emulator/audit.ts';
import {
  DEFAULT_ACCOUNT,
  TEST_REGION,
  allowIngress,
  createGroup,
  createInterface,
  createNetwork,
  groupsOfInterface,
  rulesOfGroup,
  testClients,
} from './emulator/aws.ts';

const MEMBER = '210987654321';

// moto keeps each account's resources apart and serves the account of an
// AssumeRole session's role to the clients holding its credentials.
describe('writing in a member account reached by AssumeRole', () => {
  const own = testClients();
  const broker = memberCredentials({ sts: own.sts });
  const member = testClients({ credentials: broker.forAccount(MEMBER) });
  const target = { ec2: member.ec2, account: MEMBER, region: TEST_REGION };
  const ssh = {
    IpProtocol: 'tcp', FromPort: 22, ToPort: 22,
    IpRanges: [{ CidrIp: '0.0.0.0/0' }],
  };
  let memberVpc = '';
  let memberSubnet = '';
  let ownGroup = '';
  let ownVpc = '';

  beforeAll(async () => {
    ({ vpcId: memberVpc, subnetId: memberSubnet } =
      await createNetwork(member.ec2));
    ({ vpcId: ownVpc } = await createNetwork(own.ec2));
    ownGroup = await createGroup(own.ec2, { vpcId: ownVpc, name: 'web' });
    await allowIngress(own.ec2, ownGroup, ssh);
  });

  it('revokes the member account\'s rule and none of its own', async () => {
    const groupId = await createGroup(member.ec2,
      { vpcId: memberVpc, name: 'web' });
    const ruleId = await allowIngress(member.ec2, groupId, ssh);
    const log = journaled(member.ec2);
    const ownRules = await rulesOfGroup(own.ec2, ownGroup);

    const result = await revokeRules(target, { groupId, ruleIds: [ruleId] },
      writeOptions(log));

    expect(result).toMatchObject({ status: 'done', done: [ruleId] });
    expect((await rulesOfGroup(member.ec2, groupId))
      .map((rule) => rule.SecurityGroupRuleId)).not.toContain(ruleId);
    expect(await rulesOfGroup(own.ec2, ownGroup)).toEqual(ownRules);
    expect(await log.get(result.entryId ?? '')).toMatchObject({
      account: MEMBER, region: TEST_REGION,
    });

    const entry = await log.get(result.entryId ?? '');
    await release(target, entry!, log);
    expect(await rulesOfGroup(member.ec2, groupId)).toHaveLength(2);
    expect(await rulesOfGroup(own.ec2, ownGroup)).toEqual(ownRules);
  });

  it('finds no rule of the member account with its own credentials',
    async () => {
      const groupId = await createGroup(member.ec2,
        { vpcId: memberVpc, name: 'db' });
      const ruleId = await allowIngress(member.ec2, groupId, ssh);
      const log = journaled(own.ec2);
      const ownTarget = { ...target, ec2: own.ec2, account: DEFAULT_ACCOUNT };

      const result = await revokeRules(ownTarget,
        { groupId, ruleIds: [ruleId] }, writeOptions(log));

      expect(result).toMatchObject({ status: 'unchanged', gone: [ruleId] });
      expect((await rulesOfGroup(member.ec2, groupId))
        .map((rule) => rule.SecurityGroupRuleId)).toContain(ruleId);
    });

  it('quarantines in the member account, where it reads the interfaces',
    async () => {
      const groupId = await createGroup(member.ec2,
        { vpcId: memberVpc, name: 'vendor' });
      const eni = await createInterface(member.ec2,
        { subnetId: memberSubnet, groupIds: [groupId] });
      const log = journaled(member.ec2);

      const result = await quarantine(target, { groupId, vpcId: memberVpc },
        writeOptions(log));

      expect(result.moved).toEqual([eni]);
      expect(await groupsOfInterface(member.ec2, eni))
        .toEqual([result.quarantineGroupId]);
      const ownTarget = { ...target, ec2: own.ec2, account: DEFAULT_ACCOUNT };
      expect(await findQuarantineGroup(ownTarget, ownVpc)).toBeUndefined();
      const ownView = await readRegion({ ec2: own.ec2, sts: own.sts });
      expect(ownView.Account).toBe(DEFAULT_ACCOUNT);
      expect(ownView.SecurityGroups.map((group) => group.GroupId))
        .not.toContain(result.quarantineGroupId);
    });
});
