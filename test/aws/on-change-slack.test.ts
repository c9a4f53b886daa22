import { PutParameterCommand } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  allowIngress,
  DEFAULT_ACCOUNT,
  rulesOfGroup,
} from './emulator/aws.ts';
import {
  drain,
  notifyClients,
  queue,
  slackReceiver,
  type SlackReceiver,
} from './notify-fixtures.ts';
import { account, deploy, type Deployment } from './on-change-fixtures.ts';
import { ingress, trail } from './trail.ts';

const PARAMETER = '/driftguard/on-change/slack';

const { sqs, ssm } = notifyClients();
let receiver: SlackReceiver;
let dlq = { url: '', arn: '' };
let live: Deployment;
let world: Awaited<ReturnType<typeof account>>;

beforeAll(async () => {
  receiver = await slackReceiver();
  await ssm.send(new PutParameterCommand({ Name: PARAMETER,
    Type: 'SecureString', Value: receiver.url }));
  dlq = await queue(sqs, 'dead-letters');
  live = await deploy({ DRIFTGUARD_SLACK_SECRET: `ssm:${PARAMETER}`,
    DRIFTGUARD_DLQ_URL: dlq.url });
  world = await account();
});

afterAll(async () => {
  await receiver.close();
});

describe('the on-change function when Slack answers 500', () => {
  it('rolls back all the same and dead-letters the whole message',
    async () => {
      receiver.answer = 500;
      const ssh = await allowIngress(world.ec2, world.broker, {
        IpProtocol: 'tcp', FromPort: 22, ToPort: 22,
        IpRanges: [{ CidrIp: '0.0.0.0/0' }] });

      const result = await live.invoke(trail('AuthorizeSecurityGroupIngress',
        ingress(world.broker, 'tcp', 22, 22, '0.0.0.0/0')));

      expect(result.actions).toEqual([{ kind: 'revoke-rules',
        groupId: world.broker, status: 'done' }]);
      expect((await rulesOfGroup(world.ec2, world.broker))
        .map((r) => r.SecurityGroupRuleId)).not.toContain(ssh);
      const [entry] = await live.runtime.stores.audit.history(
        DEFAULT_ACCOUNT, world.broker);
      expect(entry).toMatchObject({ action: 'revoke-rules', status: 'done' });
      // Slack was tried three times; SNS, a channel of its own, delivered.
      expect(receiver.posts).toHaveLength(3);
      const [sent] = await drain(sqs, live.notifications, 1);
      const notification = JSON.parse(sent?.Body ?? '{}');
      expect(notification).toMatchObject({ performed: true,
        group: { id: world.broker } });

      const letters = await drain(sqs, dlq.url, 2);
      expect(letters).toHaveLength(1);
      expect(letters[0]?.MessageAttributes?.channel?.StringValue)
        .toBe('slack');
      expect(JSON.parse(letters[0]?.Body ?? '{}')).toEqual({
        version: 1, channel: 'slack', type: 'notification', attempts: 3,
        error: 'Slack answered 500: internal_error',
        failedAt: expect.any(String), payload: notification,
      });
      expect(notification.writes[0].release).toContain(entry!.id);
      expect(letters[0]?.Body).not.toContain(new URL(receiver.url).pathname);
    });
});
