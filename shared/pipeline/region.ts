import { readRegion } from '../aws/index.ts';
import { evaluate, SnapshotIndex } from '../engine/index.ts';
import type { Evaluation, Finding } from '../engine/types.ts';
import { planRemediation } from '../remediation/plan.ts';
import type { AlertOnly } from '../remediation/types.ts';
import {
  regionInventory,
  type RegionInventory,
} from '../report/inventory.ts';
import type { Snapshot } from '../snapshot/types.ts';
import { execute } from './execute.ts';
import type { ChangeDeps } from './handle.ts';
import { tiersOf } from './sweep-result.ts';
import {
  capFor,
  judgementFor,
  pendingFindings,
  reportWrites,
} from './versions.ts';
import type { ActionOutcome, BudgetTrip } from './types.ts';

/** What sweeping one account-region found and did. */
export interface RegionSweep {
  account: string;
  region: string;
  evaluation: Evaluation;
  actions: ActionOutcome[];
  alerts: AlertOnly[];
  /** Findings of a rollout's new version not yet acted on here. */
  pending: Finding[];
  budget?: BudgetTrip;
  dryRun: boolean;
  intentVersion: string;
  /** The tier profiles of the bundle that judged, sorted. */
  tiers: string[];
  /**
   * What was judged, as that bundle reads it: the digest tells from it
   * which tier each resource lacks.
   */
  inventory: RegionInventory;
}

function bindings(
  snapshot: Snapshot,
  key: string,
): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const g of snapshot.SecurityGroups) {
    out[g.GroupId ?? ''] = g.Tags?.find((t) => t.Key === key)?.Value ?? null;
  }
  return out;
}

/**
 * Judges a snapshot of one account-region and converges it as the event
 * path would: the same plan, the same budgets, every write recorded.
 */
export async function convergeSnapshot(
  snapshot: Snapshot,
  deps: ChangeDeps,
  sweepId?: string,
): Promise<RegionSweep> {
  const { settings } = deps;
  const now = deps.now();
  const { Account: account, Region: region } = snapshot;
  const judgement = await judgementFor(deps.rollout, deps.bundle, account,
    now);
  const bundle = judgement.acting;
  const evaluation = evaluate(snapshot, bundle,
    { now, cap: capFor(judgement, settings.cap) });
  const index = new SnapshotIndex(snapshot, bundle);
  const plan = planRemediation(evaluation.findings, index, bundle);
  const ec2 = await deps.ec2For(account, region);
  const { outcomes, trip } = await execute(plan, {
    target: { ec2, account, region },
    options: { intentVersion: bundle.version, log: deps.log,
      dryRun: settings.dryRun },
    reason: { trigger: 'sweep', ...(sweepId ? { eventId: sweepId } : {}) },
    budget: deps.budget,
    quarantines: deps.quarantines,
    perInvocation: settings.perInvocation,
    perAccountHour: settings.perAccountHour,
    ...(judgement.wave ? { wave: judgement.wave } : {}),
    now,
  });
  // A sweep that only alerted (a rollout held the account) converged
  // nothing, so it does not count towards the wave.
  await reportWrites(deps.rollout, account, { version: bundle.version,
    outcomes, trip, swept: judgement.mayAct }, now);
  await deps.bindings.remember(account, region,
    bindings(snapshot, bundle.settings.bindingTagKey));
  return {
    account, region, evaluation, actions: outcomes, alerts: plan.alerts,
    pending: pendingFindings(judgement, snapshot, now),
    dryRun: settings.dryRun, intentVersion: bundle.version,
    tiers: tiersOf(bundle),
    inventory: regionInventory(bundle, snapshot, index),
    ...(trip ? { budget: trip } : {}),
  };
}

/**
 * Reads one account-region whole (paginated, never per group) and
 * converges it: the sweep worker's unit of work.
 */
export async function sweepRegion(
  account: string,
  region: string,
  deps: ChangeDeps,
  sweepId?: string,
): Promise<RegionSweep> {
  const ec2 = await deps.ec2For(account, region);
  const snapshot = await readRegion({ ec2, account, region });
  return convergeSnapshot(snapshot, deps, sweepId);
}
