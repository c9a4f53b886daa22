import {
  SendMessageBatchCommand,
  type BatchResultErrorEntry,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { chunks, mapLimit } from '../limit.ts';
import { AwsCallError } from './errors.ts';

/** Most entries SQS takes in one SendMessageBatch. */
export const SQS_BATCH = 10;

/** Batches in flight at a time. */
const BATCHES_IN_FLIGHT = 8;

/** Tries of an entry SQS refused without blaming the sender. */
const ENTRY_ATTEMPTS = 3;

/** A message SQS did not take, with the code and message it gave. */
export interface Refusal {
  body: string;
  code: string;
  message: string;
}

/** Messages SQS did not take, each with its code and message. */
export class QueueSendError extends Error {
  override name = 'QueueSendError';
  readonly failed: Refusal[];

  constructor(queueUrl: string, failed: Refusal[]) {
    const first = failed[0];
    super(`SQS did not take ${failed.length} message(s) on ${queueUrl}` +
      (first ? `; first: ${first.code}: ${first.message}` : ''));
    this.failed = failed;
  }
}

/**
 * Sends every body to the queue, 10 to a SendMessageBatch call, and
 * checks each entry of each answer: SQS can take some entries of a batch
 * and refuse others. Entries refused through no fault of the sender are
 * sent again (up to 3 tries); what is still refused is thrown together
 * as a {@link QueueSendError}. Returns how many were sent.
 */
export async function sendMessages(
  sqs: SQSClient,
  queueUrl: string,
  bodies: readonly string[],
): Promise<number> {
  const batches = chunks(bodies, SQS_BATCH);
  const refused = (await mapLimit(batches, BATCHES_IN_FLIGHT,
    (batch) => sendBatch(sqs, queueUrl, batch))).flat();
  if (refused.length > 0) throw new QueueSendError(queueUrl, refused);
  return bodies.length;
}

async function sendBatch(
  sqs: SQSClient,
  queueUrl: string,
  bodies: string[],
): Promise<Refusal[]> {
  let pending = bodies.map((body, i) => ({ id: String(i), body }));
  const refused: Refusal[] = [];
  for (let attempt = 1; pending.length > 0; attempt += 1) {
    const failed = await sendOnce(sqs, queueUrl, pending);
    const again: typeof pending = [];
    for (const f of failed) {
      const entry = pending.find((p) => p.id === f.Id);
      if (!entry) continue;
      if (!f.SenderFault && attempt < ENTRY_ATTEMPTS) again.push(entry);
      else refused.push({ body: entry.body, code: f.Code ?? 'Unknown',
        message: f.Message ?? '' });
    }
    pending = again;
  }
  return refused;
}

async function sendOnce(
  sqs: SQSClient,
  queueUrl: string,
  entries: { id: string; body: string }[],
): Promise<BatchResultErrorEntry[]> {
  try {
    const output = await sqs.send(new SendMessageBatchCommand({
      QueueUrl: queueUrl,
      Entries: entries.map((e) => ({ Id: e.id, MessageBody: e.body })),
    }));
    return output.Failed ?? [];
  } catch (error) {
    throw new AwsCallError({ operation: 'SendMessageBatch' }, error);
  }
}
