import type { Finding } from '../engine/types.ts';
import { buildNotification } from '../notify/build.ts';
import type { Dispatcher } from '../notify/dispatcher.ts';
import type {
  BudgetNotice,
  GroupDecision,
  RegionFindings,
} from '../notify/model.ts';
import type { ReleasePlace } from '../notify/text.ts';
import { append } from '../report/keys.ts';
import type { AuditEntry, AuditLog } from '../store/types.ts';
import type { DecisionLogger } from './log.ts';
import { describeAction, resolvedKeys } from './notify.ts';
import type { RegionSweep } from './region.ts';
import type { ActionOutcome } from './types.ts';

/** Writes of a tripped budget named in its notice. */
const NOT_DONE_LISTED = 20;

/** A write that changed something: done, or done in part. */
export function madeChange(o: ActionOutcome): boolean {
  return o.status === 'done' || o.status === 'partial';
}

async function entriesOf(
  outcomes: ActionOutcome[],
  log: AuditLog,
): Promise<AuditEntry[]> {
  const ids = outcomes.flatMap((o) => o.entryIds);
  const entries = await Promise.all(ids.map((id) => log.get(id)));
  return entries.filter((e): e is AuditEntry => e !== undefined &&
    !e.dryRun);
}

function byGroup<T>(
  items: T[],
  groupOf: (item: T) => string,
): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) append(groups, groupOf(item), item);
  return groups;
}

function distinctFindings(outcomes: ActionOutcome[]): Finding[] {
  const seen = new Set<Finding>();
  for (const o of outcomes) for (const f of o.action.findings) seen.add(f);
  return [...seen];
}

/**
 * One notifier input per group a sweep changed: only writes actually
 * made (not dry runs, not skipped or failed ones), each with the
 * findings it answered, which of them it fixed, and its audit entries,
 * so the message says what changed and how to undo it. Findings left
 * alone go in the digest.
 */
export async function sweepWriteDecisions(
  sweep: RegionSweep,
  log: AuditLog,
): Promise<GroupDecision[]> {
  const made = sweep.actions.filter(madeChange);
  const entries = await entriesOf(made, log);
  return [...byGroup(made, (o) => o.action.groupId)]
    .map(([groupId, outcomes]) => {
      const findings = distinctFindings(outcomes);
      const first = findings[0];
      const decision: GroupDecision = {
        group: { groupId, groupName: first?.groupName,
          account: sweep.account, region: sweep.region,
          vpcId: first?.vpcId },
        trigger: 'sweep',
        findings,
        dryRun: sweep.dryRun,
        entries: entries.filter((e) => e.groupId === groupId),
        resolved: resolvedKeys(outcomes),
      };
      return decision;
    });
}

/**
 * Every finding of a swept account-region, group by group, with those
 * its writes fixed marked: what a channel that keeps state needs to
 * resolve what is gone, groups found clean included.
 */
export function regionFindings(
  sweep: RegionSweep,
  sweepId: string,
  at: Date,
): RegionFindings {
  const writes = byGroup(sweep.actions, (o) => o.action.groupId);
  const groups = byGroup(sweep.evaluation.findings, (f) => f.groupId);
  const notifications = [...groups].map(([groupId, findings]) => {
    const first = findings[0]!;
    return buildNotification({
      group: { groupId, groupName: first.groupName, account: sweep.account,
        region: sweep.region, vpcId: first.vpcId },
      trigger: 'sweep', findings, dryRun: sweep.dryRun, at,
      resolved: resolvedKeys(writes.get(groupId) ?? []),
    });
  });
  return { version: 1, sweepId, account: sweep.account,
    region: sweep.region, at: at.toISOString(), notifications };
}

/** What to tell of a budget that tripped in the sweep, if one did. */
export function budgetNotice(
  sweep: RegionSweep,
  sweepId: string,
  at: Date,
): BudgetNotice | undefined {
  if (!sweep.budget) return undefined;
  const stopped = sweep.actions.filter((o) => o.status === 'skipped');
  const { scope, used, limit, skipped } = sweep.budget;
  return {
    version: 1, trigger: 'sweep', sweepId, account: sweep.account,
    region: sweep.region, at: at.toISOString(), dryRun: sweep.dryRun,
    scope, used, limit, skipped,
    notDone: stopped.slice(0, NOT_DONE_LISTED)
      .map((o) => describeAction(o.action)),
    groups: [...new Set(stopped.map((o) => o.action.groupId))].sort(),
  };
}

/** What telling of a swept account-region needs. */
export interface SweepNotifyDeps {
  dispatcher: Pick<Dispatcher,
    'dispatch' | 'dispatchBudget' | 'dispatchRegion'>;
  log: AuditLog;
  logger: DecisionLogger;
  /** Where `driftguard release` finds the entries, for the alerts. */
  release?: ReleasePlace;
  now(): Date;
}

/**
 * Tells of one swept account-region: a message per group it changed, a
 * budget notice when a budget tripped, and its findings whole to the
 * channels that keep state. Never throws: a sweep is recorded whether
 * or not its messages went out (a retry would find no writes left to
 * tell of), and the dispatcher dead-letters what it cannot deliver.
 */
export async function notifySweep(
  sweep: RegionSweep,
  sweepId: string,
  deps: SweepNotifyDeps,
): Promise<void> {
  const at = deps.now();
  try {
    const decisions = await sweepWriteDecisions(sweep, deps.log);
    await Promise.all(decisions.map((d) =>
      deps.dispatcher.dispatch(buildNotification(d, deps.release))));
  } catch (error) {
    deps.logger.error('could not tell of the writes of an account-region',
      { sweepId, account: sweep.account, region: sweep.region,
        error: (error as Error).message });
  }
  const notice = budgetNotice(sweep, sweepId, at);
  if (notice) await deps.dispatcher.dispatchBudget(notice);
  await deps.dispatcher.dispatchRegion(regionFindings(sweep, sweepId, at));
}
