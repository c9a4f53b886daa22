import type { EC2Client } from '@aws-sdk/client-ec2';
import { parseEvent, type Change } from '../events/index.ts';
import type { IntentBundle, Mode } from '../profiles/types.ts';
import type {
  AuditLog,
  QuarantineStore,
  WriteBudget,
} from '../store/types.ts';
import { decide } from './decide.ts';
import type { Rollout } from '../rollout/versions.ts';
import {
  capFor,
  judgementFor,
  pendingFindings,
  reportWrites,
} from './versions.ts';
import { execute } from './execute.ts';
import { addCarriers, readChange, type ChangeState } from './read.ts';
import { composeIntent, parseBinding } from '../profiles/index.ts';
import type { Principals } from './special.ts';
import type { BindingMemory, Decision } from './types.ts';

/** Settings of the event path. */
export interface ChangeSettings {
  dryRun: boolean;
  cap: Mode;
  perInvocation: number;
  perAccountHour: number;
  ownRoles: string[];
  principals: Principals;
}

/** What the event path reads, writes and records with. */
export interface ChangeDeps {
  bundle: IntentBundle;
  settings: ChangeSettings;
  /** An EC2 client in the account and region (assuming the member role). */
  ec2For(account: string, region: string): Promise<EC2Client>;
  log: AuditLog;
  budget: WriteBudget;
  bindings: BindingMemory;
  quarantines?: QuarantineStore;
  /** The rollout of intent versions, when the deployment keeps one. */
  rollout?: Rollout;
  now(): Date;
}

async function recall(
  deps: Pick<ChangeDeps, 'bindings'>,
  change: Change,
): Promise<Record<string, string | null | undefined>> {
  const out: Record<string, string | null | undefined> = {};
  for (const id of change.tagChange?.groupIds ?? []) {
    out[id] = await deps.bindings.recall(change.account, change.region, id);
  }
  return out;
}

/**
 * Profiles that requires of the changed groups name as peers and that no
 * group read so far carries: their carriers must be found to put such a
 * require back.
 */
function uncarried(state: ChangeState, bundle: IntentBundle): string[] {
  const key = bundle.settings.bindingTagKey;
  const bindings = state.snapshot.SecurityGroups.map((g) =>
    parseBinding(g.Tags?.find((t) => t.Key === key)?.Value ?? ''));
  const wanted = new Set<string>();
  for (const group of state.snapshot.SecurityGroups) {
    if (!state.groupIds.includes(group.GroupId ?? '')) continue;
    const names = parseBinding(group.Tags?.find((t) => t.Key === key)
      ?.Value ?? '');
    const composed = composeIntent(bundle, names);
    if (!composed.ok) continue;
    for (const r of composed.intent.requires) {
      if (r.peer.kind === 'profile') wanted.add(r.peer.profile);
    }
  }
  return [...wanted].filter((p) => !bindings.some((b) => b.includes(p)));
}

/** A decision that judged nothing, with why. */
export function judgedNothing(
  decision: 'ignore' | 'invalid',
  reason: string,
  dryRun: boolean,
  eventId?: string,
): Decision {
  return {
    decision, reason, eventId, groups: [], deleted: [], findings: [],
    actions: [], alerts: [], dryRun,
  };
}

function base(change: Change, state: ChangeState, dryRun: boolean) {
  return {
    decision: 'evaluate' as const,
    reason: change.reason,
    eventId: change.eventId,
    eventName: change.eventName,
    eventTime: change.eventTime,
    account: change.account,
    region: change.region,
    actor: change.actor,
    groups: state.groupIds,
    deleted: state.deleted,
    dryRun,
  };
}

/**
 * The event path, for one change: read what it touched, decide, make the
 * writes (each recorded first) within the budgets, and remember the
 * bindings now known good.
 */
export async function handleChange(
  change: Change,
  deps: ChangeDeps,
): Promise<Decision> {
  const now = deps.now();
  const { settings } = deps;
  const judgement = await judgementFor(deps.rollout, deps.bundle,
    change.account, now);
  const bundle = judgement.acting;
  const ec2 = await deps.ec2For(change.account, change.region);
  const state = await readChange(ec2, change, now);
  await addCarriers(ec2, state, bundle.settings.bindingTagKey,
    uncarried(state, bundle));
  const decided = decide(change, state, {
    bundle, cap: capFor(judgement, settings.cap),
    principals: settings.principals,
    previous: await recall(deps, change), now,
  });
  const { outcomes, trip } = await execute(decided.plan, {
    target: { ec2, account: change.account, region: change.region },
    options: { intentVersion: bundle.version, log: deps.log,
      dryRun: settings.dryRun },
    reason: { trigger: 'event', eventId: change.eventId,
      actor: change.actor.arn },
    budget: deps.budget,
    quarantines: deps.quarantines,
    perInvocation: settings.perInvocation,
    perAccountHour: settings.perAccountHour,
    ...(judgement.wave ? { wave: judgement.wave } : {}),
    now,
  });
  await reportWrites(deps.rollout, change.account,
    { version: bundle.version, outcomes, trip }, now);
  // Sweeps keep the memory of bindings; the event path adds to it only
  // when bindings are what changed, so a rule change costs no write here.
  if (change.kind === 'binding' || change.kind === 'group-created') {
    await deps.bindings.remember(change.account, change.region,
      decided.remember);
  }
  return {
    ...base(change, state, settings.dryRun),
    findings: decided.findings,
    pending: pendingFindings(judgement, state.snapshot, now,
      new Set(state.groupIds)),
    actions: outcomes,
    alerts: decided.plan.alerts,
    intentVersion: bundle.version,
    ...(trip ? { budget: trip } : {}),
  };
}

/** Parses one event and, unless it is ignored or invalid, handles it. */
export async function handleEvent(
  event: unknown,
  deps: ChangeDeps,
): Promise<Decision> {
  const parsed = parseEvent(event, { ownRoles: deps.settings.ownRoles });
  const dryRun = deps.settings.dryRun;
  if (parsed.decision === 'ignore') {
    return judgedNothing('ignore', parsed.reason, dryRun, parsed.eventId);
  }
  if (parsed.decision === 'invalid') {
    const problems = parsed.problems.map((p) => `${p.path}: ${p.message}`);
    return judgedNothing('invalid', `malformed event: ${problems.join('; ')}`,
      dryRun, parsed.eventId);
  }
  return handleChange(parsed.change, deps);
}

export { base as decisionBase };
