import {
  EnableSecurityHubCommand,
  GetFindingsCommand,
  type AwsSecurityFinding,
} from '@aws-sdk/client-securityhub';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildNotification } from '../../shared/notify/build.ts';
import { SecurityHubChannel } from '../../shared/notify/securityhub.ts';
import { decision, finding } from '../unit/notify/fixtures.ts';
import { DEFAULT_ACCOUNT } from './emulator/aws.ts';
import { notifyClients } from './notify-fixtures.ts';
import { manualClock } from './store-fixtures.ts';

const PRODUCT = `arn:aws:securityhub:us-east-1:${DEFAULT_ACCOUNT}:` +
  `product/${DEFAULT_ACCOUNT}/default`;
const GROUP_ARN = 'arn:aws:ec2:eu-west-1:123456789012:security-group/' +
  'sg-0123456789abcdef0';

describe('SecurityHubChannel', () => {
  const { securityHub } = notifyClients();
  const clock = manualClock();
  const channel = new SecurityHubChannel({ client: securityHub,
    account: DEFAULT_ACCOUNT, region: 'us-east-1', clock: clock.now });
  const ssh = finding();
  const http = finding({ ruleId: 'sgr-0ccc', severity: 'high',
    rule: { protocol: 'tcp', ports: '80', peer: '0.0.0.0/0' } });

  beforeAll(async () => {
    await securityHub.send(new EnableSecurityHubCommand({}));
  });

  async function findings(): Promise<AwsSecurityFinding[]> {
    const output = await securityHub.send(new GetFindingsCommand({}));
    return output.Findings ?? [];
  }

  it('imports each finding in ASFF, the group as its resource', async () => {
    const n = buildNotification(decision({ findings: [ssh, http] }));

    expect(await channel.send(n)).toMatchObject({ status: 'delivered',
      id: '2 imported, 0 archived' });
    const [first] = await findings();
    expect(first).toMatchObject({
      SchemaVersion: '2018-10-08',
      Id: 'driftguard/123456789012/eu-west-1/sg-0123456789abcdef0/' +
        'denied-rule#sgr-0aaa#prod-network/no-public-ingress',
      ProductArn: PRODUCT,
      GeneratorId: 'driftguard/denied-rule',
      AwsAccountId: '123456789012',
      Severity: { Label: 'CRITICAL' },
      Compliance: { Status: 'FAILED' },
      RecordState: 'ACTIVE',
      Workflow: { Status: 'NEW' },
      Resources: [expect.objectContaining({ Type: 'AwsEc2SecurityGroup',
        Id: GROUP_ARN })],
      ProductFields: expect.objectContaining({
        'driftguard/policyRule': 'prod-network/no-public-ingress',
      }),
    });
  });

  it('updates a finding imported again, keeping its id and creation',
    async () => {
      const created = (await findings())[0]?.CreatedAt;
      clock.advance(60_000);

      await channel.send(
        buildNotification(decision({ findings: [ssh, http] })));

      const all = await findings();
      expect(all).toHaveLength(2);
      expect(all[0]?.CreatedAt).toBe(created);
      expect(all[0]?.UpdatedAt).toBe(clock.now().toISOString());
    });

  // Security Hub then resolves their workflow by itself; moto (5.2.5)
  // does not, so this checks what driftguard sends: ARCHIVED and PASSED.
  it('archives and passes the findings whose drift is gone', async () => {
    clock.advance(60_000);

    const delivery = await channel.send(
      buildNotification(decision({ findings: [http] })));

    expect(delivery.id).toBe('1 imported, 1 archived');
    const byRule = new Map((await findings()).map((f) =>
      [f.ProductFields?.['driftguard/ruleId'], f]));
    expect(byRule.get('sgr-0aaa')).toMatchObject({
      RecordState: 'ARCHIVED', Compliance: { Status: 'PASSED' },
      UpdatedAt: clock.now().toISOString(),
    });
    expect(byRule.get('sgr-0ccc')).toMatchObject({ RecordState: 'ACTIVE' });
  });

  it('archives the rest when the group is clean again', async () => {
    const delivery = await channel.send(
      buildNotification(decision({ findings: [], entries: [] })));

    expect(delivery.id).toBe('0 imported, 1 archived');
    expect((await findings()).every((f) => f.RecordState === 'ARCHIVED'))
      .toBe(true);
  });

  it('imports a member account\'s finding as the importing account\'s',
    async () => {
      // Security Hub takes a finding of the default product only from
      // the account its AwsAccountId names: the tooling account, here.
      const member = { ...decision().group, account: '222233334444',
        groupId: 'sg-0member' };
      await channel.send(buildNotification(decision({ group: member,
        findings: [finding({ account: member.account,
          groupId: member.groupId })] })));

      const imported = (await findings()).find((f) =>
        f.Id?.startsWith('driftguard/222233334444/'));
      expect(imported).toMatchObject({
        AwsAccountId: DEFAULT_ACCOUNT,
        Resources: [expect.objectContaining({ Id: 'arn:aws:ec2:eu-west-1:' +
          '222233334444:security-group/sg-0member' })],
        ProductFields: expect.objectContaining({
          'driftguard/account': '222233334444',
          'driftguard/region': 'eu-west-1' }),
      });
    });

  it('has nothing to do for a clean group with nothing imported', async () => {
    const other = buildNotification(decision({ findings: [], entries: [],
      group: { ...decision().group, groupId: 'sg-0clean' } }));

    expect(await channel.send(other)).toMatchObject({ status: 'skipped' });
  });
});
