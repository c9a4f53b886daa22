import type { Decision } from './types.ts';

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

/**
 * One line per decision and one per write: what was decided about an
 * event and why, then each write with its status and audit entries.
 */
export function logDecision(logger: DecisionLogger, d: Decision): void {
  const base = { eventId: d.eventId, eventName: d.eventName,
    account: d.account, region: d.region, dryRun: d.dryRun };
  const level = d.decision === 'invalid' ? 'warn' : 'info';
  logger[level](`decision: ${d.decision}`, {
    ...base, reason: d.reason, groups: d.groups, deleted: d.deleted,
    findings: counts(d), intentVersion: d.intentVersion,
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
}
