import type { Finding } from '../engine/types.ts';
import type { GroupDecision } from '../notify/model.ts';
import type { AuditEntry, AuditLog } from '../store/types.ts';
import type { RegionSweep } from './region.ts';
import type { ActionOutcome } from './types.ts';

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

function byGroup(outcomes: ActionOutcome[]): Map<string, ActionOutcome[]> {
  const groups = new Map<string, ActionOutcome[]>();
  for (const o of outcomes) {
    const list = groups.get(o.action.groupId);
    if (list) list.push(o);
    else groups.set(o.action.groupId, [o]);
  }
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
 * findings it answered and its audit entries, so the message says what
 * changed and how to undo it. Findings left alone go in the digest.
 */
export async function sweepWriteDecisions(
  sweep: RegionSweep,
  log: AuditLog,
): Promise<GroupDecision[]> {
  const made = sweep.actions.filter(madeChange);
  const entries = await entriesOf(made, log);
  return [...byGroup(made)].map(([groupId, outcomes]) => {
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
    };
    return decision;
  });
}
