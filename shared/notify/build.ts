import { createHash } from 'node:crypto';
import type { Finding } from '../engine/types.ts';
import { SEVERITIES } from '../profiles/types.ts';
import type { AuditEntry } from '../store/types.ts';
import type {
  GroupDecision,
  Notification,
  NotifiedChange,
  NotifiedFinding,
  NotifiedWrite,
} from './model.ts';
import {
  actionWords,
  actorName,
  consoleUrl,
  distinct,
  findingKey,
  highest,
  releaseCommand,
  ruleText,
  strongest,
  type ReleasePlace,
} from './text.ts';

/**
 * The notification of one decision on one group; `where` is the table
 * (and its region) that `driftguard release` reads the entries from.
 */
export function buildNotification(
  decision: GroupDecision,
  where: ReleasePlace = {},
): Notification {
  const resolved = new Set(decision.resolved ?? []);
  const findings = [...decision.findings]
    .sort((a, b) => rank(b) - rank(a))
    .map((f) => notifiedFinding(f, resolved));
  const writes = writesOf(decision, where);
  const performed = writes.some((w) =>
    !w.dryRun && (w.status === 'done' || w.status === 'partial'));
  const action = strongest(decision.findings.map((f) => f.action));
  const { group } = decision;
  const at = decision.at ?? new Date();
  return {
    version: 1,
    id: notificationId(decision, at),
    at: at.toISOString(),
    trigger: decision.trigger,
    dryRun: decision.dryRun,
    severity: highest(findings.map((f) => f.severity)),
    group: {
      id: group.groupId,
      name: group.groupName,
      account: group.account,
      region: group.region,
      vpcId: group.vpcId,
      consoleUrl: consoleUrl(group.region, group.groupId),
    },
    change: decision.change && notifiedChange(decision.change),
    findings,
    action,
    performed,
    summary: summary(decision, action, performed, writes),
    writes,
    budget: decision.budget,
    profiles: distinct(decision.findings.map((f) => f.profile)),
    kinds: distinct(decision.findings.map((f) => f.kind)),
    intentVersion: decision.findings[0]?.intentVersion,
  };
}

function rank(finding: Finding): number {
  return SEVERITIES.indexOf(finding.severity);
}

function notifiedFinding(
  f: Finding,
  resolved: Set<string>,
): NotifiedFinding {
  const key = findingKey(f);
  return {
    kind: f.kind,
    severity: f.severity,
    key,
    ruleId: f.ruleId,
    direction: f.direction,
    rule: f.rule && ruleText(f.direction, f.rule),
    profile: f.profile,
    decidedBy: f.policyRule && `${f.profile ?? '?'}/${f.policyRule}`,
    action: f.action,
    message: f.message,
    ...(resolved.has(key) ? { resolved: true as const } : {}),
  };
}

function notifiedChange(
  change: NonNullable<GroupDecision['change']>,
): NotifiedChange {
  return {
    eventName: change.eventName,
    eventId: change.eventId,
    eventTime: change.eventTime,
    actor: change.actor.arn ?? change.actor.type,
    actorName: actorName(change.actor),
    sourceIp: change.actor.sourceIPAddress,
    reason: change.reason,
  };
}

function writesOf(
  decision: GroupDecision,
  where: ReleasePlace,
): NotifiedWrite[] {
  const entries = decision.entries ?? [];
  const wholes = new Set(entries.filter(undoable).map((e) => e.id));
  // A part (a quarantine's isolation) is released with its whole: the
  // whole's command undoes both, so the part's is left out.
  const released = (entry: AuditEntry) => undoable(entry) &&
    !(entry.partOf !== undefined && wholes.has(entry.partOf));
  const recorded = entries.map((entry): NotifiedWrite => ({
    auditId: entry.id,
    action: entry.action,
    intent: entry.intent,
    status: entry.status,
    dryRun: entry.dryRun,
    release: released(entry) ? releaseCommand(entry.id, where) : undefined,
  }));
  const planned = (decision.planned ?? []).map((intent): NotifiedWrite => ({
    action: 'planned', intent, status: 'planned', dryRun: true,
  }));
  return [...recorded, ...planned];
}

/** A write that was made and stands: `driftguard release` undoes it. */
function undoable(entry: AuditEntry): boolean {
  return !entry.dryRun && entry.action !== 'release' &&
    (entry.status === 'done' || entry.status === 'partial') &&
    entry.releasedBy === undefined;
}

function summary(
  decision: GroupDecision,
  action: Notification['action'],
  performed: boolean,
  writes: NotifiedWrite[],
): string {
  const intents = writes.map((w) => w.intent).join('; ');
  const detail = intents === '' ? '' : `: ${intents}`;
  if (decision.budget) {
    const { used, limit, scope } = decision.budget;
    const skipped = intents === '' ? '' : ` (not done: ${intents})`;
    return `budget tripped (${used} of ${limit} writes per ${scope}), ` +
      `alerted only${skipped}`;
  }
  if (performed) return `${actionWords(action, 'done')}${detail}`;
  if (decision.dryRun && (action === 'rollback' || action === 'quarantine')) {
    return `dry run: ${actionWords(action, 'would')}${detail}`;
  }
  if (writes.length > 0) return `${actionWords(action, 'failed')}${detail}`;
  return actionWords(action, 'done');
}

/** Same decision, same id: the group, the event or time, the findings. */
function notificationId(decision: GroupDecision, at: Date): string {
  const hash = createHash('sha256');
  const { group } = decision;
  hash.update(`${group.account}/${group.region}/${group.groupId}\n`);
  hash.update(`${decision.change?.eventId ?? at.toISOString()}\n`);
  for (const f of decision.findings) hash.update(`${findingKey(f)}\n`);
  return hash.digest('hex').slice(0, 32);
}
