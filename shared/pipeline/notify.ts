import type { Finding } from '../engine/types.ts';
import type { Change } from '../events/index.ts';
import type { GroupDecision } from '../notify/model.ts';
import { findingKey } from '../notify/text.ts';
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

/**
 * Writes that take the drift itself away. A quarantine moves interfaces
 * off the group and leaves its rules as they were, so its findings stay.
 */
const FIXING = new Set<PlannedAction['kind']>(['revoke-rules',
  'authorize-rules', 'detach-group', 'restore-tag']);

/**
 * The keys of the findings that writes fixed: a fixing write done, or
 * found with nothing left to do. A write done in part fixed an unknown
 * part, so its findings stay until the next look.
 */
export function resolvedKeys(outcomes: ActionOutcome[]): string[] {
  const keys = new Set<string>();
  for (const o of outcomes) {
    if (!FIXING.has(o.action.kind)) continue;
    if (o.status !== 'done' && o.status !== 'unchanged') continue;
    for (const f of o.action.findings) keys.add(findingKey(f));
  }
  return [...keys];
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
 * The groups a decision concerns: judged (a deleted one too: its drift
 * went with it), with findings, or written.
 */
function groupsOf(d: Decision): Map<string, Finding[]> {
  const groups = new Map<string, Finding[]>();
  const add = (id: string): Finding[] => {
    let list = groups.get(id);
    if (!list) groups.set(id, list = []);
    return list;
  };
  for (const id of [...d.groups, ...d.deleted]) add(id);
  for (const f of d.findings) add(f.groupId).push(f);
  for (const o of d.actions) add(o.action.groupId);
  return groups;
}

/**
 * One notifier input per group the decision concerns (judged, with a
 * finding or a write), with the audit entries of its writes so that each
 * carries the command that undoes it, and the findings its writes fixed.
 * A judged group found clean (or deleted) gets one too, without
 * findings: a channel that keeps state (Security Hub) resolves what it
 * held for the group, and the others have nothing to say about it.
 */
export async function groupDecisions(
  d: Decision,
  log: AuditLog,
): Promise<GroupDecision[]> {
  const entries = await entriesOf(d.actions, log);
  const change = changeOf(d);
  return [...groupsOf(d)].map(([groupId, findings]) => {
    const first = findings[0];
    const mine = d.actions.filter((o) => o.action.groupId === groupId);
    const decision: GroupDecision = {
      group: { groupId, groupName: first?.groupName,
        account: first?.account ?? d.account ?? '',
        region: first?.region ?? d.region ?? '', vpcId: first?.vpcId },
      trigger: 'event',
      findings,
      dryRun: d.dryRun,
      entries: entries.filter((e) => e.groupId === groupId && !e.dryRun),
      planned: mine.filter((o) => o.status === 'dry-run' ||
        o.status === 'skipped').map((o) => describeAction(o.action)),
      resolved: resolvedKeys(mine),
    };
    if (change) decision.change = change;
    if (d.budget && (findings.length > 0 || mine.length > 0)) {
      decision.budget = { scope: d.budget.scope, used: d.budget.used,
        limit: d.budget.limit };
    }
    return decision;
  });
}
