import type { Finding } from '../engine/types.ts';

/**
 * What a finding is about, whoever decided it: kind, account, region,
 * group, interface, and the rule (its id, else its direction, protocol,
 * ports and peer; a require's missing peers in sorted order), or the
 * exemption it names. Never the intent version, message or positions, so
 * rewording or reordering profiles keeps it.
 */
export function subjectKey(f: Finding): string {
  return [
    f.kind, f.account, f.region, f.groupId, f.networkInterfaceId ?? '',
    f.direction ?? '', ruleOf(f), f.exemption ?? '',
  ].join('|');
}

/**
 * The identity of a finding across versions of the profiles: its
 * subject, and the profile rule that decided it (or the profile it
 * concerns).
 */
export function findingKey(f: Finding): string {
  return `${subjectKey(f)}|${f.profile ?? ''}/${f.policyRule ?? ''}`;
}

function ruleOf(f: Finding): string {
  if (f.ruleId) return f.ruleId;
  if (!f.rule) return '';
  const peer = f.missing ? [...f.missing].sort().join(',') : f.rule.peer;
  return `${f.rule.protocol} ${f.rule.ports} ${peer}`;
}

/** A group across versions: account, region and id. */
export function groupKey(f: Pick<Finding, 'account' | 'region' | 'groupId'>) {
  return `${f.account}|${f.region}|${f.groupId}`;
}
