import { composeIntent } from '../profiles/index.ts';
import type { Intent, IntentBundle } from '../profiles/types.ts';
import type { Snapshot } from '../snapshot/types.ts';
import { judgeInterfaces } from './attachments.ts';
import { SnapshotIndex, type GroupView } from './context.ts';
import { ruleText } from './describe.ts';
import { applyExemptions } from './exemptions.ts';
import { judgeRules } from './group.ts';
import { Judge, type Scope } from './judge.ts';
import { compareFindings } from './order.ts';
import type { EvaluateOptions, Evaluation, Finding } from './types.ts';

interface Run {
  readonly index: SnapshotIndex;
  readonly bundle: IntentBundle;
  readonly scope: Scope;
  readonly out: Finding[];
  readonly seen: Set<string>;
}

function inUnboundScope(run: Run, view: GroupView): boolean {
  const vpcs = run.bundle.settings.unboundGroups.vpcs;
  return !vpcs || vpcs.includes(view.group.VpcId ?? '');
}

/**
 * driftguard's own quarantine group needs no binding and must carry no
 * rule: a clean one gives no finding; each rule on it (a way into the
 * resources it isolates) is alerted. The next quarantine in its VPC
 * revokes such rules.
 */
function judgeQuarantineGroup(
  run: Run,
  view: GroupView,
  judge: Judge,
): number {
  const rules = run.index.rulesOf(view);
  for (const rule of rules) {
    judge.add({
      kind: 'unapproved-rule',
      severity: 'high',
      rule,
      action: 'alert',
      message: `${ruleText(rule, run.scope.account)} is on driftguard's ` +
        'quarantine group, which must carry no rule',
    });
  }
  return rules.length;
}

/** Judges one group; returns how many rules it read. */
function judgeGroup(run: Run, view: GroupView): number {
  const judge = (intent?: Intent) =>
    new Judge(run.scope, view, intent, run.out, run.seen);
  if (view.quarantine) return judgeQuarantineGroup(run, view, judge());
  if (view.bindingTag === undefined) {
    if (view.group.GroupName === 'default' || !inUnboundScope(run, view)) {
      return 0;
    }
    judge().add({
      kind: 'unbound-group',
      severity: run.bundle.settings.unboundGroups.severity,
      message: `${view.id} (${view.group.GroupName}) carries no ` +
        `${run.bundle.settings.bindingTagKey} binding`,
    });
    return 0;
  }
  const composed = composeIntent(run.bundle, view.binding);
  if (!composed.ok) {
    judge().add({
      kind: composed.problem.kind,
      severity: 'high',
      message: composed.problem.message,
    });
    return 0;
  }
  const intent = composed.intent;
  const groupJudge = judge(intent);
  for (const conflict of intent.conflicts) {
    groupJudge.add({
      kind: 'profile-conflict',
      severity: 'medium',
      decidedBy: conflict.rule,
      message: `${conflict.message}; remediation is capped to alert`,
    });
  }
  const rules = run.index.rulesOf(view);
  judgeRules(groupJudge, intent, rules,
    { match: run.index.matchContext(view.id), lists: run.index });
  return rules.length;
}

/**
 * Compares every group and interface of a snapshot with the intent of its
 * binding and returns the findings, in a deterministic order. Pure and
 * synchronous: the same inputs always give the same findings.
 */
export function evaluate(
  snapshot: Snapshot,
  bundle: IntentBundle,
  options: EvaluateOptions = {},
): Evaluation {
  const index = new SnapshotIndex(snapshot, bundle);
  const run: Run = {
    index,
    bundle,
    scope: {
      account: snapshot.Account,
      region: snapshot.Region,
      intentVersion: bundle.version,
      cap: options.cap ?? 'quarantine',
    },
    out: [],
    seen: new Set(),
  };
  const only = options.groupIds;
  let groups = 0;
  let rules = 0;
  for (const view of index.groups.values()) {
    if (only && !only.has(view.id)) continue;
    groups += 1;
    rules += judgeGroup(run, view);
  }
  const interfaces = judgeInterfaces(index, run, only);
  const { kept, suppressed } = applyExemptions(
    run.out, bundle, index, run.scope, options.now ?? new Date(), only,
  );
  kept.sort(compareFindings);
  suppressed.sort(compareFindings);
  return { findings: kept, suppressed, stats: { groups, rules, interfaces } };
}
