import { parseCidr } from '../rules/index.ts';
import type { PeerSelector } from '../rules/index.ts';
import { compact } from './compact.ts';
import type {
  BundlePeer,
  BundleProfile,
  BundleRule,
  IntentRule,
} from './types.ts';

/** The matching form of a bundle peer: CIDR texts become blocks. */
export function peerSelector(peer: BundlePeer): PeerSelector {
  switch (peer.kind) {
    case 'cidr':
      return { kind: 'cidr', blocks: peer.cidrs.map((c) => parseCidr(c)) };
    case 'broaderThan':
      return compact({ kind: 'broaderThan', ipv4: peer.ipv4, ipv6: peer.ipv6 });
    default:
      return peer;
  }
}

// Each bundle rule object is compiled once, whichever bindings it is in.
const compiled = new WeakMap<BundleRule, IntentRule>();

/** A profile rule compiled for matching, with where it came from. */
export function compileRule(
  profile: BundleProfile,
  rule: BundleRule,
): IntentRule {
  const hit = compiled.get(rule);
  if (hit) return hit;
  const intentRule: IntentRule = compact({
    direction: rule.direction,
    protocol: rule.protocol,
    ports: rule.ports,
    peer: peerSelector(rule.peer),
    profile: profile.name,
    id: rule.id,
    source: rule.source,
    layer: profile.layer,
    severity: rule.severity,
    description: rule.description,
  });
  compiled.set(rule, intentRule);
  return intentRule;
}

/** The allows, requires and denies of a profile, compiled. */
export function compiledRules(profile: BundleProfile) {
  const compile = (rule: BundleRule) => compileRule(profile, rule);
  return {
    allows: profile.allows.map(compile),
    requires: profile.requires.map(compile),
    denies: profile.denies.map(compile),
  };
}
