// The sweep worker: SQS hands it messages of one account-region each; it
// reads the region whole, judges and converges it, stores the result,
// and the worker that stores a sweep's last result posts its digest.
// Thin: middy around shared code.
import { Logger } from '@aws-lambda-powertools/logger';
import {
  injectLambdaContext,
} from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context, SQSEvent } from 'aws-lambda';
import { readConfig } from '../shared/config.ts';
import type { DecisionLogger } from '../shared/pipeline/log.ts';
import { createRuntime, type Runtime } from '../shared/pipeline/runtime.ts';
import {
  sweepBatch,
  type BatchFailures,
  type WorkerDeps,
} from '../shared/pipeline/sweep-worker.ts';

/** The worker's dependencies from a runtime. */
export function workerDeps(
  runtime: Runtime,
  logger: DecisionLogger,
): WorkerDeps {
  return {
    change: runtime.changeDeps(),
    sweeps: runtime.stores.sweeps,
    dispatcher: runtime.dispatcher,
    release: { table: runtime.config.table, region: runtime.config.region },
    logger,
    maxReceives: runtime.config.sweepMaxReceives,
  };
}

/** The calls made since `before` was taken, by operation. */
function since(
  before: Record<string, number>,
  now: Record<string, number>,
): Record<string, number> {
  return Object.fromEntries(Object.entries(now)
    .map(([op, n]) => [op, n - (before[op] ?? 0)])
    .filter(([, n]) => Number(n) > 0));
}

/**
 * The handler's body, for a runtime: sweep each record's account-region
 * and name the records that failed, for SQS to deliver again.
 */
export function sweepWorker(runtime: Runtime, logger: Logger) {
  const deps = workerDeps(runtime, logger);
  return async (event: SQSEvent): Promise<BatchFailures> => {
    const records = Array.isArray(event?.Records) ? event.Records : [];
    const before = { ...runtime.counter.calls };
    const answer = await sweepBatch(records, deps);
    logger.info('sweep batch done', { records: records.length,
      failed: answer.batchItemFailures.map((f) => f.itemIdentifier),
      calls: since(before, runtime.counter.calls) });
    return answer;
  };
}

/**
 * The Lambda handler for a runtime, with Powertools' logger. The event
 * source mapping must turn on ReportBatchItemFailures, or SQS takes the
 * answer as a success of the whole batch.
 */
export function createHandler(runtime: Runtime, logger: Logger) {
  return middy(sweepWorker(runtime, logger))
    .use(injectLambdaContext(logger, { resetKeys: true }));
}

const logger = new Logger({ serviceName: 'driftguard-sweep-worker' });
let built: ReturnType<typeof createHandler> | undefined;

/** The deployed entry point; settings come from the environment. */
export const handler = (event: SQSEvent, context: Context) => {
  built ??= createHandler(createRuntime(readConfig(), logger), logger);
  return built(event, context);
};
