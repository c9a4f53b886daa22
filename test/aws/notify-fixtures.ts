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
