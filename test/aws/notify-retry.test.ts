import {
  CreateEventBusCommand,
  PutRuleCommand,
  PutTargetsCommand,
} from '@aws-sdk/client-eventbridge';
import { CreateTopicCommand, SubscribeCommand } from '@aws-sdk/client-sns';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCallCounter } from '../../shared/aws/clients.ts';
import { buildNotification } from '../../shared/notify/build.ts';
import type { Channel } from '../../shared/notify/channel.ts';
import { SqsDeadLetterQueue } from '../../shared/notify/dead-letter.ts';
import { Dispatcher } from '../../shared/notify/dispatcher.ts';
import { EventBridgeChannel } from '../../shared/notify/eventbridge.ts';
import { SnsChannel } from '../../shared/notify/sns.ts';
import { decision } from '../unit/notify/fixtures.ts';
import { failFirst, type Fault } from './emulator/faults.ts';
import { drain, notifyClients, queue } from './notify-fixtures.ts';
import { EVENTS_THROTTLING, SNS_THROTTLED } from './notify-faults.ts';

/** Tries per call of the channels' clients, the first included. */
const ATTEMPTS = 3;

const { sns, sqs, events } = notifyClients();
const notification = buildNotification(decision());
let topicArn = '';
const bus = 'driftguard-retry';
let inbox = { url: '', arn: '' };
let target = { url: '', arn: '' };
let dlq = { url: '', arn: '' };

beforeAll(async () => {
  topicArn = (await sns.send(new CreateTopicCommand({ Name: 'retry' })))
    .TopicArn ?? '';
  inbox = await queue(sqs, 'inbox');
  await sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs',
    Endpoint: inbox.arn, Attributes: { RawMessageDelivery: 'true' } }));
  await events.send(new CreateEventBusCommand({ Name: bus }));
  target = await queue(sqs, 'events');
  await events.send(new PutRuleCommand({ Name: 'to-sqs', EventBusName: bus,
    EventPattern: JSON.stringify({ source: ['driftguard'] }) }));
  await events.send(new PutTargetsCommand({ Rule: 'to-sqs',
    EventBusName: bus, Targets: [{ Id: 'queue', Arn: target.arn }] }));
  dlq = await queue(sqs, 'dlq');
});

interface Case {
  name: string;
  operation: string;
  fault: Fault;
  channel(options: { counter: ReturnType<typeof createCallCounter> }):
    { channel: Channel; client: Parameters<typeof failFirst>[0] };
  /** Where a delivery lands: a queue and how many messages it makes. */
  landing: () => { url: string; count: number };
}

const CASES: Case[] = [
  {
    name: 'SNS', operation: 'Publish', fault: SNS_THROTTLED,
    channel: ({ counter }) => {
      const client = notifyClients({ counter, maxAttempts: ATTEMPTS }).sns;
      return { client, channel: new SnsChannel({ client, topicArn }) };
    },
    landing: () => ({ url: inbox.url, count: 1 }),
  },
  {
    name: 'EventBridge', operation: 'PutEvents', fault: EVENTS_THROTTLING,
    channel: ({ counter }) => {
      const client = notifyClients({ counter, maxAttempts: ATTEMPTS }).events;
      return { client,
        channel: new EventBridgeChannel({ client, busName: bus }) };
    },
    // A rollback puts a drift and a remediation event.
    landing: () => ({ url: target.url, count: 2 }),
  },
];

function setUp(c: Case, faults: number) {
  const counter = createCallCounter();
  const { channel, client } = c.channel({ counter });
  const served = failFirst(client, c.operation, c.fault, faults);
  const dispatcher = new Dispatcher({ channels: [channel],
    deadLetters: new SqsDeadLetterQueue({ client: sqs, queueUrl: dlq.url }) });
  return { counter, served, dispatcher };
}

describe.each(CASES)('$name under throttling', (c) => {
  it('retries a throttled call and delivers the message', async () => {
    const { counter, served, dispatcher } = setUp(c, ATTEMPTS - 1);

    const report = await dispatcher.dispatch(notification);

    expect(served()).toBe(ATTEMPTS - 1);
    expect(report.channels).toEqual([expect.objectContaining({
      status: 'delivered', attempts: ATTEMPTS })]);
    expect(counter.calls[c.operation]).toBe(1);
    expect(counter.attempts[c.operation]).toBe(ATTEMPTS);
    const { url, count } = c.landing();
    expect(await drain(sqs, url, count)).toHaveLength(count);
    expect(await drain(sqs, dlq.url, 1)).toEqual([]);
  });

  it('dead-letters the whole message once its retries are spent',
    async () => {
      const { served, dispatcher } = setUp(c, ATTEMPTS);

      const report = await dispatcher.dispatch(notification);

      expect(served()).toBe(ATTEMPTS);
      expect(report.channels).toEqual([expect.objectContaining({
        status: 'dead-lettered', attempts: ATTEMPTS,
        error: expect.stringMatching(/Rate exceeded/) })]);
      const [letter] = await drain(sqs, dlq.url, 1);
      expect(JSON.parse(letter?.Body ?? '{}')).toMatchObject({
        version: 1, channel: report.channels[0]!.channel,
        type: 'notification', attempts: ATTEMPTS,
        payload: JSON.parse(JSON.stringify(notification)) });
      expect(await drain(sqs, c.landing().url, 1)).toEqual([]);
    });
});
