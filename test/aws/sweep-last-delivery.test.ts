import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Message } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { workerDeps } from '../../functions/sweep-worker.ts';
import { createClient, type SdkClient } from '../../shared/aws/clients.ts';
import { sweepBatch } from '../../shared/pipeline/sweep-worker.ts';
import { DynamoSweepStore } from '../../shared/store/sweeps.ts';
import {
  DEFAULT_ACCOUNT,
  TEST_REGION,
  testClients,
} from './emulator/aws.ts';
import { failFirst, refuseAssumeRole } from './emulator/faults.ts';
import { drain, notifyClients } from './notify-fixtures.ts';
import { DYNAMO_THROUGHPUT_EXCEEDED } from './notify-faults.ts';
import {
  bodyOf,
  deploySweep,
  drift,
  sqsEvent,
  type SweepDeployment,
} from './sweep-fixtures.ts';

const REFUSED = '999999999999';
const { sqs } = notifyClients();

/** A logger that keeps what it is told. */
function recorder() {
  const lines: { level: string; message: string }[] = [];
  const keep = (level: string) => (message: string) => {
    lines.push({ level, message });
  };
  return { lines, info: keep('info'), warn: keep('warn'),
    error: keep('error') };
}

/**
 * Stands in for DynamoDB refusing a sweep's swept result, every time, as
 * it refuses an item over its 400 KB limit (HTTP 400 ValidationException,
 * "Item size has exceeded the maximum allowed size"); moto (5.2.5) takes
 * any item. Other writes reach the emulator.
 */
function refuseSweptResults(client: SdkClient): () => number {
  let refused = 0;
  client.middlewareStack.add((next, context) => async (args) => {
    const input = JSON.stringify((args as { input: unknown }).input);
    if (context.commandName !== 'TransactWriteItemsCommand' ||
        !/"status":(\{"S":)?"swept"/.test(input)) return next(args);
    refused += 1;
    return { response: {
      statusCode: 400, headers: { 'content-type': 'application/json' },
      body: new TextEncoder().encode(JSON.stringify({
        __type: 'com.amazon.coral.validate#ValidationException',
        message: 'Item size has exceeded the maximum allowed size' })),
    } };
  }, { step: 'deserialize', priority: 'low', name: 'testRefuseSwept' });
  return () => refused;
}

/** A sweep started and its one queue message, on SQS's last delivery. */
async function lastDelivery(live: SweepDeployment) {
  const { sweepId } = await live.sweep();
  const [message] = await drain(sqs, live.sweepQueue, 10);
  const last: Message = { ...message,
    Attributes: { ApproximateReceiveCount: '3' } };
  return { sweepId, records: sqsEvent([last]).Records };
}

/** The worker's deps, its sweep store on a client `fault` is put on. */
function withFaultyStore(live: SweepDeployment, fault: (c: SdkClient) => void) {
  const client = createClient(DynamoDBClient,
    { ...testClients().options, maxAttempts: 2 });
  fault(client);
  const logger = recorder();
  const deps = { ...workerDeps(live.runtime, logger),
    sweeps: new DynamoSweepStore({ client,
      tableName: live.runtime.config.table ?? '' }) };
  return { deps, logger };
}

async function digestsOf(live: SweepDeployment, sweepId: string) {
  return (await drain(sqs, live.inbox, 20)).map(bodyOf)
    .filter((b) => b.sweepId === sweepId);
}

describe('the last delivery of a sweep message', () => {
  it('counts an unreachable region though the store failed for a moment',
    async () => {
      const live = await deploySweep({ DRIFTGUARD_ACCOUNTS: REFUSED,
        DRIFTGUARD_REGIONS: TEST_REGION });
      refuseAssumeRole(live.runtime.sts, [REFUSED]);
      const { sweepId, records } = await lastDelivery(live);
      let served = () => 0;
      const { deps } = withFaultyStore(live, (client) => {
        // Both tries the SDK makes of the first write are throttled.
        served = failFirst(client, 'TransactWriteItems',
          DYNAMO_THROUGHPUT_EXCEEDED, 2);
      });

      const answer = await sweepBatch(records, deps);

      expect(served()).toBe(2);
      expect(answer.batchItemFailures).toHaveLength(1);
      const sweep = await live.runtime.stores.sweeps.get(sweepId);
      expect(sweep).toMatchObject({ done: 1, expected: 1, digest: 'sent' });
      expect(sweep!.summary!.unreachable).toEqual([{ account: REFUSED,
        region: TEST_REGION, error: expect.stringMatching(/AccessDenied/) }]);
      expect(await digestsOf(live, sweepId)).toHaveLength(1);
    });

  it('counts a region whose result cannot be stored as failed', async () => {
    await drift(testClients());
    const live = await deploySweep({ DRIFTGUARD_ACCOUNTS: DEFAULT_ACCOUNT,
      DRIFTGUARD_REGIONS: TEST_REGION });
    const { sweepId, records } = await lastDelivery(live);
    let refused = () => 0;
    const { deps, logger } = withFaultyStore(live, (client) => {
      refused = refuseSweptResults(client);
    });

    const answer = await sweepBatch(records, deps);

    expect(refused()).toBeGreaterThan(0);
    expect(answer.batchItemFailures).toHaveLength(1);
    expect(logger.lines).toContainEqual({ level: 'error',
      message: 'could not record an account-region' });
    const sweep = await live.runtime.stores.sweeps.get(sweepId);
    expect(sweep).toMatchObject({ done: 1, expected: 1, digest: 'sent' });
    expect(sweep!.summary!.unreachable).toEqual([{
      account: DEFAULT_ACCOUNT, region: TEST_REGION,
      error: expect.stringMatching(/^its result could not be stored: .*/) }]);
    expect(await digestsOf(live, sweepId)).toHaveLength(1);
  });
});
