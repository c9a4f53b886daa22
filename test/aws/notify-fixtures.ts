// Helpers of the notify tests: SQS queues on the emulator to read
// deliveries back from, and clients of the notification services.
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { SNSClient } from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
  type Message,
} from '@aws-sdk/client-sqs';
import { SSMClient } from '@aws-sdk/client-ssm';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createClient } from '../../shared/aws/clients.ts';
import type { ClientOptions } from '../../shared/aws/clients.ts';
import { testClients } from './emulator/aws.ts';

/** Clients of the notification services, on the emulator. */
export function notifyClients(options: ClientOptions = {}) {
  const all = { ...testClients().options, ...options };
  return {
    sns: createClient(SNSClient, all),
    sqs: createClient(SQSClient, all),
    events: createClient(EventBridgeClient, all),
    ssm: createClient(SSMClient, all),
    secrets: createClient(SecretsManagerClient, all),
    securityHub: createClient(SecurityHubClient, all),
  };
}

/** A new queue: its URL and ARN. */
export async function queue(
  sqs: SQSClient,
  prefix = 'q',
): Promise<{ url: string; arn: string }> {
  const created = await sqs.send(new CreateQueueCommand({
    QueueName: `${prefix}-${randomUUID().slice(0, 8)}`,
  }));
  const url = created.QueueUrl ?? '';
  const attributes = await sqs.send(new GetQueueAttributesCommand({
    QueueUrl: url, AttributeNames: ['QueueArn'],
  }));
  return { url, arn: attributes.Attributes?.QueueArn ?? '' };
}

/**
 * The messages on a queue, read until `count` have come or a receive
 * comes back empty.
 */
export async function drain(
  sqs: SQSClient,
  url: string,
  count: number,
): Promise<Message[]> {
  const messages: Message[] = [];
  while (messages.length < count) {
    const output = await sqs.send(new ReceiveMessageCommand({
      QueueUrl: url,
      MaxNumberOfMessages: 10,
      WaitTimeSeconds: 1,
      MessageAttributeNames: ['All'],
    }));
    if (!output.Messages?.length) break;
    messages.push(...output.Messages);
  }
  return messages;
}

/** How the local Slack receiver answers a post. */
export type Answer = 'ok' | number | 'hang';

/** A local stand-in for Slack's incoming webhooks. */
export interface SlackReceiver {
  /** The webhook URL, with a secret-looking path like Slack's. */
  url: string;
  /** Bodies posted, parsed. */
  posts: unknown[];
  /** How the next posts are answered (default `ok`). */
  answer: Answer;
  close(): Promise<void>;
}

/**
 * An HTTP server on a free loopback port that records the JSON posted to
 * its webhook path and answers as told: 200 `ok`, a status, or never.
 */
export async function slackReceiver(): Promise<SlackReceiver> {
  const secretPath = `/services/T0DRIFT/B0GUARD/${randomUUID()}`;
  const receiver = { posts: [] as unknown[], answer: 'ok' as Answer };
  const server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => { body += chunk; });
    request.on('end', () => {
      receiver.posts.push(request.url === secretPath ? JSON.parse(body)
        : { wrongPath: request.url });
      if (receiver.answer === 'hang') return;
      const status = receiver.answer === 'ok' ? 200 : receiver.answer;
      response.writeHead(status, { 'content-type': 'text/plain' });
      response.end(status === 200 ? 'ok' : 'internal_error');
    });
  });
  await new Promise<void>((resolve) => {
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return Object.assign(receiver, {
    url: `http://127.0.0.1:${port}${secretPath}`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  });
}
