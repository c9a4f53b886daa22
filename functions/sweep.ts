// The scheduled sweep: an EventBridge schedule starts it; it lists the
// accounts and sends one queue message per account-region for the sweep
// worker. Thin: middy around shared code.
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { SQSClient } from '@aws-sdk/client-sqs';
import { Logger } from '@aws-lambda-powertools/logger';
import {
  injectLambdaContext,
} from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { createClient } from '../shared/aws/index.ts';
import { ConfigError, readConfig } from '../shared/config.ts';
import { createRuntime, type Runtime } from '../shared/pipeline/runtime.ts';
import {
  startSweep,
  sweepIdOf,
  type SweepStarted,
} from '../shared/pipeline/sweep-start.ts';

/** The deps of {@link startSweep} from a runtime. */
function startDeps(runtime: Runtime) {
  const { config } = runtime;
  if (!config.sweepQueueUrl) {
    throw new ConfigError('DRIFTGUARD_SWEEP_QUEUE_URL: the sweep queue ' +
      'is not set');
  }
  return {
    organizations: createClient(OrganizationsClient, runtime.clientOptions),
    sqs: createClient(SQSClient, runtime.clientOptions),
    queueUrl: config.sweepQueueUrl,
    sweeps: runtime.stores.sweeps,
    accounts: config.accounts,
    // Without a list, the region the functions run in.
    regions: config.regions.length > 0 ? config.regions : [config.region],
    intentVersion: runtime.bundle.version,
    dryRun: config.dryRun,
  };
}

/**
 * The handler's body, for a runtime: start a sweep of every account (the
 * configured ones, else the organization's active ones) in every region.
 */
export function sweep(runtime: Runtime, logger: Logger) {
  const deps = startDeps(runtime);
  return async (event: unknown): Promise<SweepStarted> => {
    const now = new Date();
    const sweepId = sweepIdOf(event, now);
    logger.setCorrelationId(sweepId);
    const started = await startSweep(deps, sweepId, now);
    for (const account of started.skipped) {
      logger.info('account not swept', { sweepId, ...account });
    }
    if (started.messages === 0) {
      logger.warn('nothing to sweep: no active account or no region',
        { sweepId });
    }
    logger.info('sweep started', { sweepId, created: started.created,
      accounts: started.accounts.length, regions: started.regions,
      messages: started.messages, skipped: started.skipped.length,
      intentVersion: runtime.bundle.version, dryRun: runtime.config.dryRun });
    return started;
  };
}

/** The Lambda handler for a runtime, with Powertools' logger. */
export function createHandler(runtime: Runtime, logger: Logger) {
  return middy(sweep(runtime, logger))
    .use(injectLambdaContext(logger, { resetKeys: true }));
}

const logger = new Logger({ serviceName: 'driftguard-sweep' });
let built: ReturnType<typeof createHandler> | undefined;

/** The deployed entry point; settings come from the environment. */
export const handler = (event: unknown, context: Context) => {
  built ??= createHandler(createRuntime(readConfig(), logger), logger);
  return built(event, context);
};
