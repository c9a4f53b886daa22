import type { Finding } from '../engine/types.ts';
import type { Change } from '../events/index.ts';
import type { GroupDecision } from '../notify/model.ts';
import type { PlannedAction } from '../remediation/types.ts';
import type { AuditEntry, AuditLog } from '../store/types.ts';
import type { ActionOutcome, Decision } from './types.ts';

/** A planned write in words, as a dry run reports it. */
export function describeAction(action: PlannedAction): string {
  switch (action.kind) {
    case 'revoke-rules':
      return `revoke ${action.ruleIds.join(', ')} on ${action.groupId}`;
    case 'authorize-rules':
      return `authorize ${action.permissions.length} ${action.direction} ` +
        `permission(s) on ${action.groupId}`;
    case 'quarantine':
      return `quarantine the interfaces of ${action.groupId}` +
        (action.networkInterfaceIds
          ? ` (${action.networkInterfaceIds.join(', ')})`
          : '');
    case 'detach-group':
      return `detach ${action.groupId} from ${action.networkInterfaceId}`;
    case 'restore-tag':
      return `restore ${action.key}=${action.value} on ${action.groupId}`;
  }
}

async function entriesOf(
  outcomes: ActionOutcome[],
  log: AuditLog,
): Promise<AuditEntry[]> {
  const ids = outcomes.flatMap((o) => o.entryIds);
  const entries = await Promise.all(ids.map((id) => log.get(id)));
  return entries.filter((e): e is AuditEntry => e !== undefined);
}

function changeOf(d: Decision): GroupDecision['change'] {
  if (!d.eventId || !d.eventName || !d.actor) return undefined;
  return {
    eventId: d.eventId,
    eventName: d.eventName as Change['eventName'],
    eventTime: d.eventTime ?? '',
    actor: d.actor,
    reason: d.reason,
  };
}

/**
 * One notifier input per group the decision concerns (a finding or a
 * write), with the audit entries of its writes so that each carries the
 * command that undoes it.
 */
export async function groupDecisions(
  d: Decision,
  log: AuditLog,
): Promise<GroupDecision[]> {
  const entries = await entriesOf(d.actions, log);
  const groups = new Map<string, Finding[]>();
  for (const f of d.findings) {
    groups.set(f.groupId, [...(groups.get(f.groupId) ?? []), f]);
  }
  const change = changeOf(d);
  return [...groups].map(([groupId, findings]) => {
    const first = findings[0]!;
    const mine = d.actions.filter((o) => o.action.groupId === groupId);
    const decision: GroupDecision = {
      group: { groupId, groupName: first.groupName, account: first.account,
        region: first.region, vpcId: first.vpcId },
      trigger: 'event',
      findings,
      dryRun: d.dryRun,
      entries: entries.filter((e) => e.groupId === groupId && !e.dryRun),
      planned: mine.filter((o) => o.status === 'dry-run' ||
        o.status === 'skipped').map((o) => describeAction(o.action)),
    };
    if (change) decision.change = change;
    if (d.budget) {
      decision.budget = { scope: d.budget.scope, used: d.budget.used,
        limit: d.budget.limit };
    }
    return decision;
  });
}
