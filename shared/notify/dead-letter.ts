import {
  SendMessageCommand,
  type MessageAttributeValue,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { jsonBytes, fitNotification } from './channel.ts';
import type { SweepDigest } from './digest.ts';
import type { BudgetNotice, Notification } from './model.ts';

/** A message a channel could not deliver, with why. */
export interface DeadLetter {
  version: 1;
  /** The channel that failed: `slack`, `sns`... */
  channel: string;
  /** The last error, as the channel gave it (never a secret). */
  error: string;
  attempts: number;
  failedAt: string;
  type: 'notification' | 'digest' | 'budget';
  /** The notification, digest or budget notice itself, to send again. */
  payload: Notification | SweepDigest | BudgetNotice;
}

/** Where undeliverable messages go. */
export interface DeadLetterQueue {
  put(letter: DeadLetter): Promise<void>;
}

/** SQS's largest message is 256 KiB in moto and older queues. */
const MAX_LETTER_BYTES = 250_000;

/** Options of {@link SqsDeadLetterQueue}. */
export interface SqsDeadLetterOptions {
  /** A client from `createClient(SQSClient, ...)`: its retries apply. */
  client: SQSClient;
  queueUrl: string;
}

/**
 * An SQS queue of dead letters: the body is the {@link DeadLetter} as
 * JSON, with `channel` and `type` also as message attributes. A payload
 * too large for SQS keeps its most severe findings (`truncated` counts
 * the rest).
 */
export class SqsDeadLetterQueue implements DeadLetterQueue {
  private readonly client: SQSClient;
  private readonly queueUrl: string;

  constructor(options: SqsDeadLetterOptions) {
    this.client = options.client;
    this.queueUrl = options.queueUrl;
  }

  async put(letter: DeadLetter): Promise<void> {
    await this.client.send(new SendMessageCommand({
      QueueUrl: this.queueUrl,
      MessageBody: JSON.stringify(fitLetter(letter)),
      MessageAttributes: {
        channel: text(letter.channel),
        type: text(letter.type),
      },
    }));
  }
}

function fitLetter(letter: DeadLetter): DeadLetter {
  if (letter.type !== 'notification') return letter;
  const room = MAX_LETTER_BYTES - jsonBytes({ ...letter, payload: {} });
  const payload = letter.payload as Notification;
  return { ...letter, payload: fitNotification(payload, room) };
}

function text(value: string): MessageAttributeValue {
  return { DataType: 'String', StringValue: value };
}
