import { denyContainsAllow, denyForbidsRequire } from '../rules/index.ts';
import type { Conflict, IntentRule, RuleRef } from './types.ts';

/** `profile/id`, as messages name a rule. */
export function ruleName(rule: RuleRef): string {
  return `${rule.profile}/${rule.id}`;
}

function at(rule: RuleRef): string {
  return `${rule.source.file}:${rule.source.line}`;
}

function ref(rule: IntentRule): RuleRef {
  return { profile: rule.profile, id: rule.id, source: rule.source };
}

function deadAllow(allow: IntentRule, deny: IntentRule): Conflict {
  return {
    kind: 'dead-allow',
    rule: ref(allow),
    deny: ref(deny),
    message: `allow ${ruleName(allow)} can never take effect: deny ` +
      `${ruleName(deny)} (${at(deny)}) matches everything it allows`,
  };
}

function forbiddenRequire(require: IntentRule, deny: IntentRule): Conflict {
  return {
    kind: 'forbidden-require',
    rule: ref(require),
    deny: ref(deny),
    message: `require ${ruleName(require)} cannot be met: deny ` +
      `${ruleName(deny)} (${at(deny)}) matches the rule it requires`,
  };
}

/**
 * The pairs of a binding that can never both hold: an allow wholly inside
 * a deny, and a require that a deny matches. A deny over part of an allow
 * is a carve-out, not a conflict.
 */
export function findConflicts(
  allows: readonly IntentRule[],
  requires: readonly IntentRule[],
  denies: readonly IntentRule[],
): Conflict[] {
  const conflicts: Conflict[] = [];
  for (const allow of allows) {
    for (const deny of denies) {
      if (denyContainsAllow(deny, allow)) {
        conflicts.push(deadAllow(allow, deny));
      }
    }
  }
  for (const require of requires) {
    for (const deny of denies) {
      if (denyForbidsRequire(deny, require)) {
        conflicts.push(forbiddenRequire(require, deny));
      }
    }
  }
  return conflicts;
}
