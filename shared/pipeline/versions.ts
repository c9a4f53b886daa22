import { evaluate } from '../engine/index.ts';
import type { Finding } from '../engine/types.ts';
import type { IntentBundle, Mode } from '../profiles/types.ts';
import type { Judgement, Rollout } from '../rollout/versions.ts';
import type { Snapshot } from '../snapshot/types.ts';
import type { SweepPending } from '../store/sweep-types.ts';
import type { ActionOutcome, BudgetTrip } from './types.ts';

/** The bundles of an account: one rollout-aware, or the shipped one. */
export async function judgementFor(
  rollout: Rollout | undefined,
  bundle: IntentBundle,
  account: string,
  now: Date,
): Promise<Judgement> {
  return rollout
    ? rollout.judgement(account, now)
    : { acting: bundle, mayAct: true };
}

/** The cap of an account: alert only while a rollout holds it. */
export function capFor(judgement: Judgement, cap: Mode): Mode {
  return judgement.mayAct ? cap : 'alert';
}

/**
 * Findings the new version of a rollout has for groups it has not reached
 * yet: reported as pending, never acted on.
 */
export function pendingFindings(
  judgement: Judgement,
  snapshot: Snapshot,
  now: Date,
  groupIds?: ReadonlySet<string>,
): Finding[] {
  if (!judgement.pending) return [];
  const options = groupIds ? { now, groupIds } : { now };
  return evaluate(snapshot, judgement.pending, options).findings
    .map((f) => ({ ...f, pending: true, action: 'none' as const }));
}

/** Pending findings counted, or undefined when there are none. */
export function pendingSummary(
  pending: readonly Finding[],
): SweepPending | undefined {
  const first = pending[0];
  if (!first) return undefined;
  const byKind: Record<string, number> = {};
  for (const f of pending) byKind[f.kind] = (byKind[f.kind] ?? 0) + 1;
  return { intentVersion: first.intentVersion, findings: pending.length,
    byKind };
}

/** What an invocation that wrote under `version` reports to the rollout. */
export interface WritesMade {
  version: string;
  outcomes: ActionOutcome[];
  trip: BudgetTrip | undefined;
  /** True for a sweep, which converges the whole account-region. */
  swept?: boolean;
}

/** Tells the rollout what an invocation's writes came to. */
export async function reportWrites(
  rollout: Rollout | undefined,
  account: string,
  made: WritesMade,
  now: Date,
): Promise<void> {
  if (!rollout) return;
  const { outcomes, trip } = made;
  const failed = outcomes.some((o) => o.status === 'failed' ||
    o.status === 'partial');
  // Only a failure, a trip or a sweep changes a rollout; reading it for
  // anything else would cost every event a read (judging it already
  // stored its tick).
  if (!failed && !trip && !made.swept) return;
  await rollout.report(account, {
    version: made.version,
    failed,
    ...(trip ? { tripped: trip.scope } : {}),
    ...(made.swept ? { swept: true } : {}),
  }, now);
}
