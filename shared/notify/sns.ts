import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { MessageAttributeValue } from '@aws-sdk/client-sns';
import type { Channel, Delivery } from './channel.ts';
import {
  attemptsOf,
  fitNotification,
  worthSaying,
} from './channel.ts';
import type { SweepDigest } from './digest.ts';
import type { Notification } from './model.ts';
import { actionWords, asciiLine, cut } from './text.ts';

/** SNS's largest message: 256 KiB, attributes included; some room kept. */
const MAX_MESSAGE_BYTES = 250_000;

/** SNS's longest subject. */
export const MAX_SUBJECT = 100;

/** Options of {@link SnsChannel}. */
export interface SnsChannelOptions {
  /** A client from `createClient(SNSClient, ...)`: its retries apply. */
  client: SNSClient;
  topicArn: string;
}

/**
 * Publishes one SNS message per decision: the notification as JSON, a
 * subject people can read, and attributes subscribers filter on:
 * `severity` (the highest), `account`, `profile` and `kind` (string
 * arrays: a filter matches when any element does), and `type`.
 */
export class SnsChannel implements Channel {
  readonly name = 'sns';
  private readonly client: SNSClient;
  private readonly topicArn: string;

  constructor(options: SnsChannelOptions) {
    this.client = options.client;
    this.topicArn = options.topicArn;
  }

  async send(notification: Notification): Promise<Delivery> {
    if (!worthSaying(notification)) {
      return { status: 'skipped', attempts: 0, reason: 'nothing to say' };
    }
    const body = fitNotification(notification, MAX_MESSAGE_BYTES);
    return this.publish(subjectOf(notification), body,
      notificationAttributes(notification));
  }

  async sendDigest(digest: SweepDigest): Promise<Delivery> {
    return this.publish(digestSubject(digest), digest, {
      type: text('digest'),
      severity: text(digest.severity),
    });
  }

  private async publish(
    subject: string,
    body: unknown,
    attributes: Record<string, MessageAttributeValue>,
  ): Promise<Delivery> {
    const output = await this.client.send(new PublishCommand({
      TopicArn: this.topicArn,
      Subject: subject,
      Message: JSON.stringify(body),
      MessageAttributes: attributes,
    }));
    return { status: 'delivered', attempts: attemptsOf(output),
      id: output.MessageId };
  }
}

/**
 * A subject of at most 100 ASCII characters on one line, e.g.
 * `[HIGH] sg-0abc (web) 123456789012 us-east-1: 2 findings, rolled back`.
 */
export function subjectOf(n: Notification): string {
  const name = n.group.name ? ` (${n.group.name})` : '';
  const count = n.findings.length + (n.truncated ?? 0);
  const what = `${count} finding${count === 1 ? '' : 's'}`;
  const line = `[${n.severity.toUpperCase()}] ${n.group.id}${name} ` +
    `${n.group.account} ${n.group.region}: ${what}, ${outcomeWords(n)}`;
  return cut(asciiLine(line), MAX_SUBJECT);
}

/** What driftguard did, in two or three words. */
export function outcomeWords(n: Notification): string {
  if (n.budget) return 'budget tripped';
  if (n.performed) return actionWords(n.action, 'done');
  const writing = n.action === 'rollback' || n.action === 'quarantine';
  if (n.dryRun && writing) return `dry run, ${actionWords(n.action, 'would')}`;
  if (writing) return actionWords(n.action, 'failed');
  return actionWords(n.action, 'done');
}

function digestSubject(digest: SweepDigest): string {
  const failed = (digest.writes?.failed ?? 0) +
    (digest.writes?.partial ?? 0);
  const line = `driftguard sweep: ${digest.total} findings in ` +
    `${digest.scannedTotal ?? digest.scanned.length} account-regions ` +
    `(worst ${digest.severity})` +
    (failed > 0 ? `, ${failed} write${failed === 1 ? '' : 's'} failed` : '');
  return cut(asciiLine(line), MAX_SUBJECT);
}

function notificationAttributes(
  n: Notification,
): Record<string, MessageAttributeValue> {
  const attributes: Record<string, MessageAttributeValue> = {
    type: text('notification'),
    severity: text(n.severity),
    account: text(n.group.account),
  };
  if (n.profiles.length > 0) attributes.profile = list(n.profiles);
  if (n.kinds.length > 0) attributes.kind = list(n.kinds);
  return attributes;
}

function text(value: string): MessageAttributeValue {
  return { DataType: 'String', StringValue: value };
}

function list(values: string[]): MessageAttributeValue {
  return { DataType: 'String.Array', StringValue: JSON.stringify(values) };
}
