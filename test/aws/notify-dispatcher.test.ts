import { Logger } from '@aws-lambda-powertools/logger';
import { CreateTopicCommand, SubscribeCommand } from '@aws-sdk/client-sns';
import { PutParameterCommand } from '@aws-sdk/client-ssm';
import {
  afterAll,
  afterEach,
  beforeAll,
  beforeEach,
  describe,
  expect,
  it,
  vi,
} from 'vitest';
import { buildNotification } from '../../shared/notify/build.ts';
import { SqsDeadLetterQueue } from '../../shared/notify/dead-letter.ts';
import { Dispatcher } from '../../shared/notify/dispatcher.ts';
import { webhookUrl } from '../../shared/notify/slack-webhook.ts';
import { SlackChannel } from '../../shared/notify/slack.ts';
import { SnsChannel } from '../../shared/notify/sns.ts';
import { decision } from '../unit/notify/fixtures.ts';
import {
  drain,
  notifyClients,
  queue,
  slackReceiver,
  type SlackReceiver,
} from './notify-fixtures.ts';

const PARAMETER = '/driftguard/dispatch/slack';

describe('Dispatcher', () => {
  const { sns, sqs, ssm } = notifyClients();
  const notification = buildNotification(decision());
  const logs: string[] = [];
  let receiver: SlackReceiver;
  let topicArn = '';
  let inbox = { url: '', arn: '' };
  let dlq = { url: '', arn: '' };

  beforeAll(async () => {
    receiver = await slackReceiver();
    await ssm.send(new PutParameterCommand({
      Name: PARAMETER, Type: 'SecureString', Value: receiver.url,
    }));
    topicArn = (await sns.send(new CreateTopicCommand({ Name: 'dispatch' })))
      .TopicArn ?? '';
    inbox = await queue(sqs, 'inbox');
    dlq = await queue(sqs, 'dlq');
    await sns.send(new SubscribeCommand({ TopicArn: topicArn,
      Protocol: 'sqs', Endpoint: inbox.arn,
      Attributes: { RawMessageDelivery: 'true' } }));
  });

  afterAll(async () => {
    await receiver.close();
  });

  beforeEach(() => {
    receiver.answer = 'ok';
    receiver.posts.length = 0;
    logs.length = 0;
    const capture = (chunk: unknown) => {
      logs.push(String(chunk));
      return true;
    };
    vi.spyOn(process.stdout, 'write').mockImplementation(capture);
    vi.spyOn(process.stderr, 'write').mockImplementation(capture);
  });

  afterEach(() => {
    vi.restoreAllMocks();
  });

  function dispatcher(options: { topic?: string; queueUrl?: string } = {}) {
    const logger = new Logger({ serviceName: 'driftguard', logLevel: 'DEBUG' });
    return new Dispatcher({
      channels: [
        new SnsChannel({ client: sns, topicArn: options.topic ?? topicArn }),
        new SlackChannel({
          url: webhookUrl({ parameter: PARAMETER, ssm }),
          timeoutMs: 300,
          retry: { attempts: 3, sleep: async () => {} },
          logger,
        }),
      ],
      deadLetters: new SqsDeadLetterQueue({ client: sqs,
        queueUrl: options.queueUrl ?? dlq.url }),
      logger,
    });
  }

  async function deadLetters() {
    const messages = await drain(sqs, dlq.url, 1);
    return messages.map((m) => ({
      attributes: m.MessageAttributes,
      body: JSON.parse(m.Body ?? '{}'),
    }));
  }

  it('delivers to every channel and says so per channel', async () => {
    const report = await dispatcher().dispatch(notification);

    expect(report.channels).toEqual([
      expect.objectContaining({ channel: 'sns', status: 'delivered' }),
      expect.objectContaining({ channel: 'slack', status: 'delivered' }),
    ]);
    expect(await drain(sqs, inbox.url, 1)).toHaveLength(1);
    expect(receiver.posts).toHaveLength(1);
  });

  it.each([
    ['answers 500', 500, 'Slack answered 500: internal_error'],
    ['never answers', 'hang', 'Slack did not answer within 300 ms'],
  ] as const)('dead-letters what Slack refuses when it %s, and still ' +
    'delivers to SNS', async (_, answer, error) => {
    receiver.answer = answer;

    const report = await dispatcher().dispatch(notification);

    expect(report.channels).toEqual([
      expect.objectContaining({ channel: 'sns', status: 'delivered' }),
      { channel: 'slack', status: 'dead-lettered', attempts: 3, error },
    ]);
    expect(await drain(sqs, inbox.url, 1)).toHaveLength(1);
    const [letter] = await deadLetters();
    expect(letter?.attributes?.channel?.StringValue).toBe('slack');
    expect(letter?.body).toEqual({
      version: 1, channel: 'slack', error, attempts: 3,
      failedAt: expect.any(String), type: 'notification',
      payload: notification,
    });
  });

  it('dead-letters what SNS refuses, and still posts to Slack', async () => {
    const missing = topicArn.replace(/dispatch$/, 'no-such-topic');

    const report = await dispatcher({ topic: missing }).dispatch(notification);

    expect(report.channels[0]).toMatchObject({ channel: 'sns',
      status: 'dead-lettered', error: expect.stringMatching(/NotFound/) });
    expect(report.channels[1]).toMatchObject({ status: 'delivered' });
    expect((await deadLetters())[0]?.body).toMatchObject({ channel: 'sns',
      payload: { id: notification.id } });
  });

  it('reports a message lost when the dead-letter queue fails too, ' +
    'without throwing', async () => {
    receiver.answer = 500;
    const broken = dlq.url.replace(/dlq-[^/]+$/, 'no-such-queue');

    const report = await dispatcher({ queueUrl: broken })
      .dispatch(notification);

    expect(report.channels[1]).toMatchObject({ channel: 'slack',
      status: 'lost' });
    expect(logs.join('')).toContain('dead letter failed');
  });

  it('never logs, reports or dead-letters the webhook URL', async () => {
    const secret = new URL(receiver.url).pathname;
    receiver.answer = 500;

    const report = await dispatcher().dispatch(notification);
    const letters = await deadLetters();

    expect(logs.join('')).toContain('Slack post failed; retrying');
    for (const text of [logs.join(''), JSON.stringify(report),
      JSON.stringify(letters)]) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(receiver.url);
    }
  });
});
