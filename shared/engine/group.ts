import type { Intent, IntentRule } from '../profiles/types.ts';
import {
  allowCovers,
  denyMatches,
  describePeer,
  formatRange,
  missingParts,
  protocolName,
  type MatchContext,
  type Rule,
} from '../rules/index.ts';
import { ruleText } from './describe.ts';
import { raise } from './policy.ts';
import type { RuleView } from './types.ts';
import type { FindingDraft, Judge } from './judge.ts';

/** The deny that decides a rule: the most severe match, first written. */
function decidingDeny(
  intent: Intent,
  rule: Rule,
): IntentRule | undefined {
  let found: IntentRule | undefined;
  for (const deny of intent.denies) {
    if (!denyMatches(deny, rule)) continue;
    if (!found || rank(deny) > rank(found)) found = deny;
  }
  return found;
}

const RANKS = { low: 0, medium: 1, high: 2, critical: 3 };

function rank(deny: IntentRule): number {
  return RANKS[deny.severity ?? 'high'];
}

function judgeRule(
  intent: Intent,
  rule: Rule,
  ctx: MatchContext,
  account: string,
): FindingDraft | undefined {
  const deny = decidingDeny(intent, rule);
  if (deny) {
    const base = deny.severity ?? 'high';
    return {
      kind: 'denied-rule',
      severity: intent.defaultDeny ? raise(base) : base,
      rule,
      decidedBy: deny,
      message: `${ruleText(rule, account)} is denied by ` +
        `${deny.profile}/${deny.id}`,
    };
  }
  if (intent.allows.some((allow) => allowCovers(allow, rule, ctx))) {
    return undefined;
  }
  return {
    kind: 'unapproved-rule',
    severity: intent.defaultDeny ? 'high' : 'medium',
    rule,
    message: `${ruleText(rule, account)} is not approved by any allow of ` +
      intent.profiles.join(', ') +
      (intent.defaultDeny ? ' (default deny)' : ''),
  };
}

function requireView(require: IntentRule, missing: string[]): RuleView {
  return {
    protocol: protocolName(require.protocol),
    ports: formatRange(require.protocol, require.ports),
    peer: missing.join(', '),
  };
}

function requireText(require: IntentRule): string {
  const way = require.direction === 'ingress' ? 'from' : 'to';
  const view = requireView(require, []);
  const ports = require.protocol === -1 ? '' : ` ${view.ports}`;
  return `${require.direction} ${view.protocol}${ports} ${way}`;
}

/** Judges every rule of a bound group and every require of its intent. */
export function judgeRules(
  judge: Judge,
  intent: Intent,
  rules: readonly Rule[],
  ctx: MatchContext,
): void {
  for (const rule of rules) {
    const draft = judgeRule(intent, rule, ctx, judge.account);
    if (draft) judge.add(draft);
  }
  for (const require of intent.requires) {
    const missing = missingParts(require, rules, ctx);
    if (missing.length === 0) continue;
    const whole = describePeer(require.peer);
    judge.add({
      kind: 'missing-required-rule',
      severity: 'medium',
      decidedBy: require,
      direction: require.direction === 'egress' ? 'egress' : 'ingress',
      missing,
      view: requireView(require, missing),
      message: `required ${requireText(require)} ${whole} ` +
        `(${require.profile}/${require.id}) is missing` +
        (missing.length < countParts(require) ? ` for ${missing.join(', ')}`
          : ''),
    });
  }
}

function countParts(require: IntentRule): number {
  return require.peer.kind === 'cidr' ? require.peer.blocks.length : 1;
}
