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
import type { RuleView } from './types.ts';
import type { FindingDraft, Judge } from './judge.ts';

/**
 * The deny that decides a rule: the most severe match; among equally
 * severe ones the first by profile name, then rule id, so the order in
 * which profiles and their denies are written never changes which deny a
 * finding names.
 */
function decidingDeny(
  intent: Intent,
  rule: Rule,
): IntentRule | undefined {
  let found: IntentRule | undefined;
  for (const deny of intent.denies) {
    if (!denyMatches(deny, rule)) continue;
    if (!found || beats(deny, found)) found = deny;
  }
  return found;
}

const RANKS = { low: 0, medium: 1, high: 2, critical: 3 };

function rank(deny: IntentRule): number {
  return RANKS[deny.severity ?? 'high'];
}

function beats(a: IntentRule, b: IntentRule): boolean {
  if (rank(a) !== rank(b)) return rank(a) > rank(b);
  if (a.profile !== b.profile) return a.profile < b.profile;
  return a.id < b.id;
}

/** What judging needs to know of the prefix lists of the snapshot. */
export interface PrefixLists {
  /** Why an alias stands for no list here, or undefined. */
  unresolvedAlias(ref: string): string | undefined;
  /** True when the snapshot lists the prefix list. */
  knowsPrefixList(id: string): boolean;
}

/**
 * For a rule to a prefix list: why each allow that would cover it, were
 * its alias to stand for that list, stands for nothing here.
 */
function unresolvedAllows(
  intent: Intent,
  rule: Rule,
  ctx: MatchContext,
  lists: PrefixLists,
): string[] {
  if (rule.peer.kind !== 'prefixList') return [];
  const id = rule.peer.id;
  const asIf: MatchContext = { ...ctx, prefixListIds: () => new Set([id]) };
  const notes = new Set<string>();
  for (const allow of intent.allows) {
    if (allow.peer.kind !== 'prefixList') continue;
    if (!allowCovers(allow, rule, asIf)) continue;
    const why = lists.unresolvedAlias(allow.peer.ref);
    if (why) {
      notes.add(`allow ${allow.profile}/${allow.id} approves nothing ` +
        `here: ${why}`);
    }
  }
  return [...notes];
}

function judgeRule(
  intent: Intent,
  rule: Rule,
  ctx: RuleContext,
  account: string,
): FindingDraft | undefined {
  const deny = decidingDeny(intent, rule);
  if (deny) {
    // defaultDeny raises unapproved rules only: a deny's severity is
    // what its profile gave it.
    return {
      kind: 'denied-rule',
      severity: deny.severity ?? 'high',
      rule,
      decidedBy: deny,
      message: `${ruleText(rule, account)} is denied by ` +
        `${deny.profile}/${deny.id}`,
    };
  }
  if (intent.allows.some((allow) => allowCovers(allow, rule, ctx.match))) {
    return undefined;
  }
  const draft: FindingDraft = {
    kind: 'unapproved-rule',
    severity: intent.defaultDeny ? 'high' : 'medium',
    rule,
    message: `${ruleText(rule, account)} is not approved by any allow of ` +
      intent.profiles.join(', ') +
      (intent.defaultDeny ? ' (default deny)' : ''),
  };
  const notes = unresolvedAllows(intent, rule, ctx.match, ctx.lists);
  if (notes.length === 0 || rule.peer.kind !== 'prefixList') return draft;
  draft.message += `; ${notes.join('; ')}`;
  if (!ctx.lists.knowsPrefixList(rule.peer.id)) {
    // The snapshot does not say which list this is, so it may be the one
    // the alias means: never revoke on that guess.
    draft.action = 'alert';
    draft.message += `; only alerted, as ${rule.peer.id} may be the list ` +
      'it means';
  }
  return draft;
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

/** What judging one group's rules needs of the snapshot. */
export interface RuleContext {
  readonly match: MatchContext;
  readonly lists: PrefixLists;
}

function requireDraft(
  require: IntentRule,
  missing: string[],
  lists: PrefixLists,
): FindingDraft {
  const whole = describePeer(require.peer);
  const draft: FindingDraft = {
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
  };
  const why = require.peer.kind === 'prefixList'
    ? lists.unresolvedAlias(require.peer.ref)
    : undefined;
  if (why) {
    // Nothing can be authorized towards a list that is not there.
    draft.action = 'alert';
    draft.message += `, and cannot be put back: ${why}`;
  }
  return draft;
}

/** Judges every rule of a bound group and every require of its intent. */
export function judgeRules(
  judge: Judge,
  intent: Intent,
  rules: readonly Rule[],
  ctx: RuleContext,
): void {
  for (const rule of rules) {
    const draft = judgeRule(intent, rule, ctx, judge.account);
    if (draft) judge.add(draft);
  }
  for (const require of intent.requires) {
    const missing = missingParts(require, rules, ctx.match);
    if (missing.length > 0) {
      judge.add(requireDraft(require, missing, ctx.lists));
    }
  }
}

function countParts(require: IntentRule): number {
  return require.peer.kind === 'cidr' ? require.peer.blocks.length : 1;
}
