import {
  CreateTopicCommand,
  SubscribeCommand,
  type SNSClient,
} from '@aws-sdk/client-sns';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildNotification } from '../../shared/notify/build.ts';
import { buildDigest } from '../../shared/notify/digest.ts';
import { fitDigest } from '../../shared/notify/digest-merge.ts';
import { SnsChannel } from '../../shared/notify/sns.ts';
import { decision, finding } from '../unit/notify/fixtures.ts';
import { drain, notifyClients, queue } from './notify-fixtures.ts';

async function subscribe(
  sns: SNSClient,
  topicArn: string,
  queueArn: string,
  attributes: Record<string, string>,
): Promise<void> {
  await sns.send(new SubscribeCommand({
    TopicArn: topicArn, Protocol: 'sqs', Endpoint: queueArn,
    Attributes: attributes,
  }));
}

describe('SnsChannel', () => {
  const { sns, sqs } = notifyClients();
  const notification = buildNotification(decision());
  let channel: SnsChannel;
  let wrapped = { url: '', arn: '' };
  let raw = { url: '', arn: '' };
  let lowOnly = { url: '', arn: '' };
  let unapproved = { url: '', arn: '' };

  beforeAll(async () => {
    const topic = await sns.send(new CreateTopicCommand({ Name: 'drift' }));
    const topicArn = topic.TopicArn ?? '';
    wrapped = await queue(sqs, 'wrapped');
    raw = await queue(sqs, 'raw');
    lowOnly = await queue(sqs, 'low');
    unapproved = await queue(sqs, 'unapproved');
    await subscribe(sns, topicArn, wrapped.arn,
      { RawMessageDelivery: 'false' });
    await subscribe(sns, topicArn, raw.arn, { RawMessageDelivery: 'true' });
    await subscribe(sns, topicArn, lowOnly.arn,
      { FilterPolicy: JSON.stringify({ severity: ['low'] }) });
    await subscribe(sns, topicArn, unapproved.arn,
      { FilterPolicy: JSON.stringify({ kind: ['unapproved-rule'] }) });
    channel = new SnsChannel({ client: sns, topicArn });

    expect(await channel.send(notification))
      .toMatchObject({ status: 'delivered', id: expect.any(String) });
  });

  it('sends the notification with a subject and attributes in the envelope',
    async () => {
      const [message] = await drain(sqs, wrapped.url, 1);
      const envelope = JSON.parse(message?.Body ?? '{}');

      expect(envelope.Subject).toBe('[CRITICAL] sg-0123456789abcdef0 ' +
        '(payments-api) 123456789012 eu-west-1: 2 findings, rolled back');
      expect(JSON.parse(envelope.Message)).toEqual(notification);
      expect(envelope.MessageAttributes).toEqual({
        type: { Type: 'String', Value: 'notification' },
        severity: { Type: 'String', Value: 'critical' },
        account: { Type: 'String', Value: '123456789012' },
        profile: { Type: 'String.Array', Value: '["prod-network"]' },
        kind: { Type: 'String.Array',
          Value: '["denied-rule","unapproved-rule"]' },
      });
    });

  it('sends the bare notification with SQS attributes on raw delivery',
    async () => {
      const [message] = await drain(sqs, raw.url, 1);

      expect(JSON.parse(message?.Body ?? '{}')).toEqual(notification);
      expect(message?.MessageAttributes).toMatchObject({
        severity: { DataType: 'String', StringValue: 'critical' },
        account: { DataType: 'String', StringValue: '123456789012' },
        profile: { DataType: 'String.Array',
          StringValue: '["prod-network"]' },
        kind: { DataType: 'String.Array',
          StringValue: '["denied-rule","unapproved-rule"]' },
      });
    });

  it('lets subscribers filter on severity and on any kind', async () => {
    expect(await drain(sqs, lowOnly.url, 1)).toEqual([]);
    expect(await drain(sqs, unapproved.url, 1)).toHaveLength(1);
  });

  it('skips a decision with nothing to tell', async () => {
    const clean = buildNotification(decision({ findings: [], entries: [] }));

    expect(await channel.send(clean)).toMatchObject({ status: 'skipped' });
  });

  it('sends a sweep digest as one message', async () => {
    const digest = buildDigest([finding()], { sweepId: 'sweep-1',
      dryRun: true, scanned: [{ account: '123456789012', region: 'r' }] });
    await channel.sendDigest(digest);

    const [message] = await drain(sqs, raw.url, 1);
    expect(JSON.parse(message?.Body ?? '{}')).toEqual(digest);
    expect(message?.MessageAttributes?.type?.StringValue).toBe('digest');
  });

  it('says in the digest subject how many writes failed', async () => {
    const digest = buildDigest([finding()], { sweepId: 'sweep-2',
      dryRun: false, scanned: [{ account: '123456789012', region: 'r' }],
      writes: { done: 3, failed: 1, partial: 1 } });
    await drain(sqs, wrapped.url, 10);

    await channel.sendDigest(digest);

    const [message] = await drain(sqs, wrapped.url, 1);
    expect(JSON.parse(message?.Body ?? '{}').Subject).toBe('driftguard ' +
      'sweep: 1 findings in 1 account-regions (worst critical), 2 writes ' +
      'failed');
  });

  it('sends the digest of 500 accounts in 17 regions, cut to fit',
    async () => {
      const scanned = Array.from({ length: 8500 }, (_, i) => ({
        account: String(100000000000 + Math.floor(i / 17)),
        region: `region-${i % 17}` }));
      const digest = fitDigest(buildDigest([finding()], {
        sweepId: 'sweep-big', dryRun: true, scanned }));
      await drain(sqs, wrapped.url, 10);

      expect(await channel.sendDigest(digest))
        .toMatchObject({ status: 'delivered' });

      const [message] = await drain(sqs, wrapped.url, 1);
      const envelope = JSON.parse(message?.Body ?? '{}');
      expect(envelope.Subject).toBe('driftguard sweep: 1 findings in 8500 ' +
        'account-regions (worst critical)');
      expect(JSON.parse(envelope.Message).scannedTotal).toBe(8500);
    });
});
