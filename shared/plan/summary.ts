import { atLeast } from '../engine/index.ts';
import { SEVERITIES, type Mode, type Severity } from '../profiles/types.ts';
import type {
  ChangePlan,
  DeltaFinding,
  PlanSummary,
  Tally,
} from './types.ts';

/** What the summary needs besides the plan itself. */
export interface SummaryContext {
  base: string;
  head: string;
  accountRegions: number;
  groups: number;
  failOn?: Severity;
  cap?: Mode;
  dryRun?: boolean;
}

type Body = Omit<ChangePlan, 'summary'>;

/** The totals of a plan, and how much of it reaches `failOn`. */
export function summarize(plan: Body, context: SummaryContext): PlanSummary {
  const { failOn, cap, dryRun, ...rest } = context;
  const summary: PlanSummary = {
    ...rest,
    ...(cap ? { cap } : {}),
    ...(dryRun ? { dryRun } : {}),
    added: plan.added.length,
    removed: plan.removed.length,
    changed: plan.changed.length,
    startDrifting: plan.groups.drifting.length,
    becomeClean: plan.groups.clean.length,
    actionsAdded: plan.actions.added.length,
    actionsRemoved: plan.actions.removed.length,
    addedBySeverity: Object.fromEntries(SEVERITIES.map((s) =>
      [s, plan.added.filter((f) => f.severity === s).length])) as
      Record<Severity, number>,
    byAccount: tally(plan, (f) => f.account),
    byProfile: tally(plan, profileOf),
    byKind: tally(plan, (f) => f.kind),
  };
  if (failOn) {
    summary.failOn = failOn;
    summary.failing = failing(plan, failOn);
  }
  return summary;
}

/**
 * New findings at or above `failOn`, and findings a change raises to it
 * from below: what a gate on the change should stop.
 */
export function failing(plan: Body, failOn: Severity): number {
  const raised = plan.changed.filter((c) =>
    atLeast(c.head.severity, failOn) && !atLeast(c.base.severity, failOn));
  return plan.added.filter((f) => atLeast(f.severity, failOn)).length +
    raised.length;
}

/** True when the change alters no finding and no write. */
export function isEmpty(plan: Body): boolean {
  return plan.added.length + plan.removed.length + plan.changed.length +
    plan.actions.added.length + plan.actions.removed.length === 0;
}

/**
 * The profile a finding counts under: the one that decided it, else the
 * one whose allow the change narrowed or widened.
 */
function profileOf(f: DeltaFinding): string {
  return f.profile ?? f.because[0]?.profile ?? '(no profile)';
}

function tally(
  plan: Body,
  key: (f: DeltaFinding) => string,
): Record<string, Tally> {
  const out: Record<string, Tally> = {};
  const bump = (f: DeltaFinding, side: keyof Tally) => {
    const k = key(f);
    out[k] ??= { added: 0, removed: 0 };
    out[k][side] += 1;
  };
  plan.added.forEach((f) => bump(f, 'added'));
  plan.removed.forEach((f) => bump(f, 'removed'));
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) =>
    a < b ? -1 : a > b ? 1 : 0));
}
