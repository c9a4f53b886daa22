// The event path: one CloudTrail event (through EventBridge) per call,
// judged and acted on in this invocation. Thin: middy around shared code.
import { IdempotencyConfig } from '@aws-lambda-powertools/idempotency';
import {
  makeHandlerIdempotent,
} from '@aws-lambda-powertools/idempotency/middleware';
import { Logger } from '@aws-lambda-powertools/logger';
import {
  injectLambdaContext,
} from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { readConfig } from '../shared/config.ts';
import { eventIdOf } from '../shared/events/index.ts';
import { buildNotification } from '../shared/notify/index.ts';
import { handleEvent } from '../shared/pipeline/handle.ts';
import { logDecision } from '../shared/pipeline/log.ts';
import { groupDecisions } from '../shared/pipeline/notify.ts';
import { createRuntime, type Runtime } from '../shared/pipeline/runtime.ts';
import type { Decision } from '../shared/pipeline/types.ts';
import { idempotencyPersistence } from '../shared/store/index.ts';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createClient } from '../shared/aws/index.ts';

/** What the function returns: the decision, short. */
export interface OnChangeResult {
  decision: Decision['decision'];
  reason: string;
  eventId?: string;
  findings: number;
  /**
   * Findings a rollout's new version has on the groups judged, in an
   * account it has not reached yet: reported, not acted on.
   */
  pending: number;
  actions: { kind: string; groupId: string; status: string }[];
  /** Set when a write budget stopped the writes. */
  budget?: Decision['budget'];
}

async function notify(runtime: Runtime, decision: Decision): Promise<void> {
  if (decision.decision !== 'evaluate') return;
  const groups = await groupDecisions(decision, runtime.stores.audit);
  await Promise.all(groups.map((g) =>
    runtime.dispatcher.dispatch(buildNotification(g, {
      table: runtime.config.table, region: runtime.config.region }))));
}

/** The handler's body, for a runtime: parse, decide, act, notify, log. */
export function onChange(runtime: Runtime, logger: Logger) {
  return async (event: unknown): Promise<OnChangeResult> => {
    const id = eventIdOf(event);
    if (id) logger.setCorrelationId(id);
    const decision = await handleEvent(event, runtime.changeDeps());
    logDecision(logger, decision);
    await notify(runtime, decision);
    return {
      decision: decision.decision, reason: decision.reason,
      // Left out when the event has no id: idempotency stores the result
      // in DynamoDB, which refuses a value that is undefined.
      ...decision.eventId === undefined ? {} : { eventId: decision.eventId },
      findings: decision.findings.length,
      pending: decision.pending?.length ?? 0,
      actions: decision.actions.map((o) => ({ kind: o.action.kind,
        groupId: o.action.groupId, status: o.status })),
      ...(decision.budget ? { budget: decision.budget } : {}),
    };
  };
}

/**
 * The Lambda handler for a runtime: Powertools' logger (one JSON line per
 * decision and write, correlation id the event id) and idempotency on the
 * CloudTrail event id, kept in the driftguard table.
 */
export function createHandler(runtime: Runtime, logger: Logger) {
  const persistenceStore = idempotencyPersistence({
    client: createClient(DynamoDBClient, runtime.clientOptions),
    tableName: runtime.config.table ?? '',
    functionName: 'on-change',
  });
  return middy(onChange(runtime, logger))
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(makeHandlerIdempotent({
      persistenceStore,
      config: new IdempotencyConfig({
        // The id the event is reported by; an event without one (a
        // malformed one) is keyed by all of it, since with no key every
        // such event would share one record and only the first be handled.
        eventKeyJmesPath: "(type(detail.eventID) == 'string' && " +
          "detail.eventID) || (type(id) == 'string' && id) || @",
        expiresAfterSeconds: 24 * 3600,
      }),
    }));
}

const logger = new Logger({ serviceName: 'driftguard-on-change' });
let built: ReturnType<typeof createHandler> | undefined;

/** The deployed entry point; settings come from the environment. */
export const handler = (event: unknown, context: Context) => {
  built ??= createHandler(createRuntime(readConfig(), logger), logger);
  return built(event, context);
};
