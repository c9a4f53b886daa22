import type { Finding, FindingKind } from './types.ts';

const KIND_ORDER: readonly FindingKind[] = [
  'invalid-binding', 'unknown-profile', 'profile-conflict', 'binding-tampered',
  'vendor-created-group', 'denied-rule', 'unapproved-rule',
  'missing-required-rule', 'foreign-group-attached',
  'attachment-missing-profile', 'expired-exemption', 'unbound-group',
];

function text(a: string | undefined, b: string | undefined): number {
  const x = a ?? '';
  const y = b ?? '';
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * The order findings are reported in: by account, region and group, then
 * by kind (broken bindings first), interface, direction and rule.
 */
export function compareFindings(a: Finding, b: Finding): number {
  return text(a.account, b.account) ||
    text(a.region, b.region) ||
    text(a.groupId, b.groupId) ||
    KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) ||
    text(a.networkInterfaceId, b.networkInterfaceId) ||
    text(a.direction, b.direction) ||
    text(a.ruleId, b.ruleId) ||
    text(a.rule?.protocol, b.rule?.protocol) ||
    text(a.rule?.ports, b.rule?.ports) ||
    text(a.rule?.peer, b.rule?.peer) ||
    text(a.profile, b.profile) ||
    text(a.policyRule, b.policyRule) ||
    text(a.exemption, b.exemption) ||
    text(a.message, b.message);
}
