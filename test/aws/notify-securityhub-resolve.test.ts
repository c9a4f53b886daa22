import {
  EnableSecurityHubCommand,
  GetFindingsCommand,
  type AwsSecurityFinding,
} from '@aws-sdk/client-securityhub';
import { RevokeSecurityGroupIngressCommand } from '@aws-sdk/client-ec2';
import { beforeAll, describe, expect, it } from 'vitest';
import { allowIngress } from './emulator/aws.ts';
import { drain, notifyClients } from './notify-fixtures.ts';
import { account, deploy, type Deployment } from './on-change-fixtures.ts';
import { ingress, trail } from './trail.ts';

const { securityHub, sqs } = notifyClients();
const HUB = { DRIFTGUARD_SECURITY_HUB: 'true' };
let dry: Deployment;
let live: Deployment;
let world: Awaited<ReturnType<typeof account>>;

beforeAll(async () => {
  await securityHub.send(new EnableSecurityHubCommand({}));
  dry = await deploy({ ...HUB, DRIFTGUARD_DRY_RUN: 'true' });
  live = await deploy(HUB);
  world = await account();
});

/**
 * What the live deployment told SNS since the last look. Both deploy the
 * same topic, so the dry run's messages come too; they are left out.
 */
async function liveMessages(): Promise<{ findings: object[] }[]> {
  const messages = await drain(sqs, live.notifications, 10);
  return messages.map((m) => JSON.parse(m.Body ?? '{}'))
    .filter((n) => n.dryRun === false);
}

/** The hub's driftguard finding of a rule, as it stands. */
async function findingOf(ruleId: string): Promise<AwsSecurityFinding> {
  const out = await securityHub.send(new GetFindingsCommand({
    MaxResults: 100 }));
  const found = (out.Findings ?? []).filter((f) =>
    f.ProductFields?.['driftguard/ruleId'] === ruleId);
  expect(found).toHaveLength(1);
  return found[0]!;
}

// A dry run leaves the drift in place, so the hub holds it as active; the
// live deployment then acts on the same group.
describe('Security Hub on the event path', () => {
  it('resolves a finding that a rollback took away', async () => {
    const ssh = await allowIngress(world.ec2, world.broker, {
      IpProtocol: 'tcp', FromPort: 22, ToPort: 22,
      IpRanges: [{ CidrIp: '0.0.0.0/0' }] });
    const event = trail('AuthorizeSecurityGroupIngress',
      ingress(world.broker, 'tcp', 22, 22, '0.0.0.0/0'));
    await dry.invoke(event);
    expect(await findingOf(ssh)).toMatchObject({ RecordState: 'ACTIVE',
      Compliance: { Status: 'FAILED' } });

    const result = await live.invoke(event);

    expect(result.actions).toEqual([expect.objectContaining({
      kind: 'revoke-rules', status: 'done' })]);
    expect(await findingOf(ssh)).toMatchObject({ RecordState: 'ARCHIVED',
      Compliance: { Status: 'PASSED' } });
    const [told, ...more] = await liveMessages();
    expect(more).toEqual([]);
    expect(told?.findings).toEqual([
      expect.objectContaining({ ruleId: ssh, resolved: true })]);
  });

  it('resolves the findings of a group found clean, telling no one else',
    async () => {
      const http = await allowIngress(world.ec2, world.client, {
        IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080,
        IpRanges: [{ CidrIp: '10.2.0.0/16' }] });
      await dry.invoke(trail('AuthorizeSecurityGroupIngress',
        ingress(world.client, 'tcp', 8080, 8080, '10.2.0.0/16')));
      expect(await findingOf(http)).toMatchObject({ RecordState: 'ACTIVE' });
      // Someone takes the rule away by hand before driftguard acts.
      await world.ec2.send(new RevokeSecurityGroupIngressCommand({
        GroupId: world.client, SecurityGroupRuleIds: [http] }));

      const result = await live.invoke(trail('RevokeSecurityGroupIngress', {
        groupId: world.client, securityGroupRuleIds: { items: [
          { securityGroupRuleId: http }] } }));

      expect(result).toMatchObject({ decision: 'evaluate', findings: 0,
        actions: [] });
      expect(await findingOf(http)).toMatchObject({ RecordState: 'ARCHIVED',
        Compliance: { Status: 'PASSED' } });
      expect(await liveMessages()).toEqual([]);
    });
});
