import { ruleView, type SnapshotIndex } from '../engine/index.ts';
import type { Finding } from '../engine/types.ts';
import { composeIntent } from '../profiles/index.ts';
import type { IntentBundle, IntentRule } from '../profiles/types.ts';
import { allowCovers, type Rule } from '../rules/index.ts';
import type { Cause, Side } from './types.ts';

/** One version of the profiles, and the snapshots indexed under it. */
export interface Version {
  side: Side;
  bundle: IntentBundle;
  /** By `account|region`. */
  indexes: ReadonlyMap<string, SnapshotIndex>;
}

/**
 * The profile rules behind a finding that appears in `own` (the head for
 * a new finding, the base for a gone one): the rule that decides it, and
 * for an unapproved rule the allows of `other` that cover it there (an
 * allow the change narrowed or removed, or one it added or widened).
 */
export function causesOf(
  f: Finding,
  own: Version,
  other: Version,
): Cause[] {
  const causes: Cause[] = [];
  if (f.profile && f.policyRule && f.policySource) {
    causes.push({ side: own.side, how: 'decides', profile: f.profile,
      rule: f.policyRule, source: f.policySource });
  }
  if (f.kind === 'unapproved-rule') {
    const how = other.side === 'base' ? 'approved' : 'approves';
    for (const allow of coveringAllows(f, other)) {
      causes.push({ side: other.side, how, profile: allow.profile,
        rule: allow.id, source: allow.source });
    }
  }
  return causes;
}

/** The allows of a version that cover the finding's rule. */
function coveringAllows(f: Finding, version: Version): IntentRule[] {
  const index = version.indexes.get(`${f.account}|${f.region}`);
  const view = index?.groups.get(f.groupId);
  if (!index || !view) return [];
  const rule = index.rulesOf(view).find((r) => sameRule(r, f));
  const composed = composeIntent(version.bundle, view.binding);
  if (!rule || !composed.ok) return [];
  const ctx = index.matchContext(f.groupId);
  return composed.intent.allows.filter((a) => allowCovers(a, rule, ctx));
}

function sameRule(rule: Rule, f: Finding): boolean {
  if (f.ruleId) return rule.ruleId === f.ruleId;
  if (rule.direction !== f.direction || !f.rule) return false;
  const view = ruleView(rule, f.account);
  return view.protocol === f.rule.protocol && view.ports === f.rule.ports &&
    view.peer === f.rule.peer;
}
