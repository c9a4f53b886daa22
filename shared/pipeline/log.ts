import type { Finding } from '../engine/types.ts';
import type { Decision } from './types.ts';
import { pendingSummary } from './versions.ts';

/** The part of a logger driftguard's functions use. */
export interface DecisionLogger {
  info(message: string, ...extra: Record<string, unknown>[]): void;
  warn(message: string, ...extra: Record<string, unknown>[]): void;
  error(message: string, ...extra: Record<string, unknown>[]): void;
}

function counts(d: Decision): Record<string, number> {
  const out: Record<string, number> = {};
  for (const f of d.findings) out[f.kind] = (out[f.kind] ?? 0) + 1;
  return out;
}

/** At most this many pending findings are listed in their line. */
const PENDING_LISTED = 50;

/**
 * One line for the findings a rollout's new version has here but does
 * not act on yet: the version, their count by kind, and the first
 * {@link PENDING_LISTED} of them. Nothing when there are none.
 */
export function logPending(
  logger: DecisionLogger,
  base: Record<string, unknown>,
  pending: readonly Finding[],
): void {
  const summary = pendingSummary(pending);
  if (!summary) return;
  const listed = pending.slice(0, PENDING_LISTED).map((f) => ({
    kind: f.kind, severity: f.severity, groupId: f.groupId,
    ...(f.ruleId ? { ruleId: f.ruleId } : {}),
    ...(f.networkInterfaceId ? { networkInterfaceId: f.networkInterfaceId }
      : {}),
    ...(f.policyRule ? { policyRule: `${f.profile}/${f.policyRule}` } : {}),
  }));
  logger.info('pending findings', { ...base,
    pendingVersion: summary.intentVersion, count: summary.findings,
    byKind: summary.byKind, findings: listed,
    ...(pending.length > listed.length
      ? { unlisted: pending.length - listed.length }
      : {}) });
}

/**
 * One line per decision and one per write: what was decided about an
 * event and why, then each write with its status and audit entries,
 * then the findings a rollout has pending here.
 */
export function logDecision(logger: DecisionLogger, d: Decision): void {
  const base = { eventId: d.eventId, eventName: d.eventName,
    account: d.account, region: d.region, dryRun: d.dryRun };
  const level = d.decision === 'invalid' ? 'warn' : 'info';
  logger[level](`decision: ${d.decision}`, {
    ...base, reason: d.reason, groups: d.groups, deleted: d.deleted,
    findings: counts(d), intentVersion: d.intentVersion,
    ...(d.pending?.length ? { pending: d.pending.length } : {}),
    ...(d.budget ? { budget: d.budget } : {}),
  });
  for (const o of d.actions) {
    const failed = o.status === 'failed' || o.status === 'partial';
    logger[failed ? 'error' : 'info'](`action: ${o.action.kind}`, {
      ...base, groupId: o.action.groupId, status: o.status,
      size: o.action.size, entryIds: o.entryIds,
      findings: o.action.findings.map((f) => f.kind),
      ...(o.errors.length ? { errors: o.errors } : {}),
      ...(o.note ? { note: o.note } : {}),
    });
  }
  logPending(logger, base, d.pending ?? []);
}
