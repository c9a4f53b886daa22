import { parseEvent, type Change, type TagChange } from '../events/index.ts';
import type { IntentBundle, Mode } from '../profiles/types.ts';
import type { PlannedAction } from '../remediation/types.ts';
import type { Snapshot } from '../snapshot/types.ts';
import { decide } from './decide.ts';
import { decisionBase, judgedNothing } from './handle.ts';
import { stateFromSnapshot } from './snapshot-state.ts';
import {
  setTag,
  tagOf,
  touchesBinding,
  type Principals,
} from './special.ts';
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

type Bindings = Record<string, string | null>;

/** The binding a tag call leaves on a group whose binding was `now`. */
function afterCall(
  call: TagChange,
  key: string,
  now: string | undefined,
): string | undefined {
  if (!touchesBinding(call, key)) return now;
  const tag = call.tags.find((t) => t.key === key);
  // A DeleteTags naming no tag deletes every tag.
  if (!tag) return undefined;
  if (call.action === 'create') return tag.value ?? '';
  return tag.value === undefined || tag.value === now ? undefined : now;
}

/**
 * A tag call judged as the event function judges it, which remembers the
 * bindings it last saw. Offline there is no such memory, but a snapshot
 * exported before the call holds the bindings as they were: where the
 * snapshot does not show the call's binding yet, its binding is taken as
 * the remembered one and the call is applied to a copy. Where it already
 * shows it, nothing is known of the binding before, as for a group the
 * function has never seen.
 */
function tagCallApplied(
  change: Change,
  snapshot: Snapshot,
  key: string,
): { snapshot: Snapshot; previous: Bindings } {
  const call = change.tagChange;
  const previous: Bindings = {};
  if (!call) return { snapshot, previous };
  const copy = structuredClone(snapshot);
  for (const group of copy.SecurityGroups) {
    const id = group.GroupId ?? '';
    if (!call.groupIds.includes(id)) continue;
    const now = tagOf(group, key);
    const next = afterCall(call, key, now);
    if (next === now) continue;
    previous[id] = now ?? null;
    setTag(group, key, next);
  }
  return { snapshot: copy, previous };
}

/**
 * What the event function would decide for an event, judged on a
 * snapshot instead of the live account, and without acting: every
 * planned write is reported as a dry run. The snapshot is the account
 * after the call, except for tag calls (see {@link tagCallApplied}).
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
  const { snapshot, previous } = tagCallApplied(change, input.snapshot,
    input.bundle.settings.bindingTagKey);
  const state = stateFromSnapshot(change, snapshot);
  const decided = decide(change, state, {
    bundle: input.bundle, cap: input.cap, principals: input.principals,
    previous, now: input.now,
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
