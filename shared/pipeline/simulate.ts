import { parseEvent } from '../events/index.ts';
import type { IntentBundle, Mode } from '../profiles/types.ts';
import type { PlannedAction } from '../remediation/types.ts';
import type { Snapshot } from '../snapshot/types.ts';
import { decide } from './decide.ts';
import { decisionBase, judgedNothing } from './handle.ts';
import { stateFromSnapshot } from './snapshot-state.ts';
import type { Principals } from './special.ts';
import type { Decision } from './types.ts';

/** What a simulation judges with. */
export interface SimulateInput {
  event: unknown;
  snapshot: Snapshot;
  bundle: IntentBundle;
  cap: Mode;
  ownRoles: string[];
  principals: Principals;
  now: Date;
}

/**
 * A CloudTrail record on its own (as `aws cloudtrail lookup-events` or a
 * trail file gives it) wrapped as EventBridge delivers it, so either can
 * be simulated.
 */
export function asEventBridge(event: unknown): unknown {
  if (typeof event !== 'object' || event === null) return event;
  const record = event as Record<string, unknown>;
  if ('detail' in record || typeof record.eventName !== 'string') {
    return event;
  }
  return {
    version: '0',
    id: record.eventID,
    'detail-type': 'AWS API Call via CloudTrail',
    source: 'aws.ec2',
    account: record.recipientAccountId,
    time: record.eventTime,
    region: record.awsRegion,
    resources: [],
    detail: record,
  };
}

/**
 * What the event function would decide for an event, judged on a
 * snapshot instead of the live account, and without acting: every
 * planned write is reported as a dry run.
 */
export function simulate(input: SimulateInput): Decision {
  const parsed = parseEvent(asEventBridge(input.event),
    { ownRoles: input.ownRoles });
  if (parsed.decision === 'ignore') {
    return judgedNothing('ignore', parsed.reason, true, parsed.eventId);
  }
  if (parsed.decision === 'invalid') {
    const problems = parsed.problems.map((p) => `${p.path}: ${p.message}`);
    return judgedNothing('invalid', `malformed event: ${problems.join('; ')}`,
      true, parsed.eventId);
  }
  const change = parsed.change;
  const state = stateFromSnapshot(change, input.snapshot);
  const decided = decide(change, state, {
    bundle: input.bundle, cap: input.cap, principals: input.principals,
    previous: {}, now: input.now,
  });
  return {
    ...decisionBase(change, state, true),
    findings: decided.findings,
    actions: decided.plan.actions.map((action: PlannedAction) => ({
      action, status: 'dry-run' as const, entryIds: [], errors: [],
    })),
    alerts: decided.plan.alerts,
    intentVersion: input.bundle.version,
  };
}
