import { isExpired } from '../profiles/index.ts';
import type { BundleExemption, IntentBundle } from '../profiles/types.ts';
import type { SnapshotIndex } from './context.ts';
import { Judge, type Scope } from './judge.ts';
import type { Finding } from './types.ts';

function covers(exemption: BundleExemption, finding: Finding): boolean {
  return exemption.account === finding.account &&
    exemption.group === finding.groupId &&
    (exemption.rule === undefined || exemption.rule === finding.ruleId);
}

/**
 * Splits findings into those reported and those an exemption in force
 * suppresses, and adds an `expired-exemption` finding for each expired
 * exemption of a group in this snapshot.
 */
export function applyExemptions(
  findings: Finding[],
  bundle: IntentBundle,
  index: SnapshotIndex,
  scope: Scope,
  now: Date,
  only?: ReadonlySet<string>,
): { kept: Finding[]; suppressed: Finding[] } {
  const active: BundleExemption[] = [];
  const seen = new Set<string>();
  for (const exemption of bundle.exemptions) {
    if (exemption.account !== scope.account) continue;
    const view = index.groups.get(exemption.group);
    if (only && !only.has(exemption.group)) continue;
    if (!isExpired(exemption, now)) {
      active.push(exemption);
    } else if (view) {
      new Judge(scope, view, undefined, findings, seen).add({
        kind: 'expired-exemption',
        severity: 'medium',
        exemption: exemption.name,
        action: 'alert',
        message: `exemption ${exemption.name} (approved by ` +
          `${exemption.approvedBy}) expired ${exemption.expires}; what it ` +
          'covered is reported again',
      });
    }
  }
  const kept: Finding[] = [];
  const suppressed: Finding[] = [];
  for (const finding of findings) {
    const exempt = finding.kind !== 'expired-exemption' &&
      active.some((e) => covers(e, finding));
    (exempt ? suppressed : kept).push(finding);
  }
  return { kept, suppressed };
}
