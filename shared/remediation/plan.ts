import type { IpPermission } from '@aws-sdk/client-ec2';
import type { GroupView, SnapshotIndex } from '../engine/context.ts';
import type { Finding } from '../engine/types.ts';
import { composeIntent } from '../profiles/index.ts';
import type { Intent, IntentBundle, IntentRule } from '../profiles/types.ts';
import {
  allowCovers,
  missingParts,
  type MatchContext,
  type Rule,
} from '../rules/index.ts';
import { permissionForRequire } from './require.ts';
import type { AlertOnly, Plan, PlannedAction } from './types.ts';

/** What planning one group needs. */
interface GroupPlan {
  view: GroupView;
  intent: Intent | undefined;
  rules: Rule[];
  ctx: MatchContext;
  index: SnapshotIndex;
  actions: PlannedAction[];
  alerts: AlertOnly[];
}

const REVOCABLE = new Set(['unapproved-rule', 'denied-rule']);

function alert(plan: GroupPlan, finding: Finding, why: string): void {
  plan.alerts.push({ finding, why });
}

/** Rules that may be revoked: never one that some allow covers. */
function revocable(plan: GroupPlan, findings: Finding[]): Map<string, Rule> {
  const byId = new Map(plan.rules.map((r) => [r.ruleId ?? '', r]));
  const chosen = new Map<string, Rule>();
  for (const f of findings) {
    const rule = f.ruleId ? byId.get(f.ruleId) : undefined;
    if (!rule) {
      alert(plan, f, 'the rule has no id to revoke it by');
    } else if (plan.intent?.allows.some((a) =>
      allowCovers(a, rule, plan.ctx))) {
      alert(plan, f, 'an allow covers the rule, so it is never revoked');
    } else {
      chosen.set(f.ruleId!, rule);
    }
  }
  return chosen;
}

/** The permission for a require's parts left uncovered by `rules`. */
function restoring(
  plan: GroupPlan,
  require: IntentRule,
  rules: readonly Rule[],
): IpPermission | undefined | null {
  const missing = missingParts(require, rules, plan.ctx);
  if (missing.length === 0) return null;
  const blocks = require.peer.kind === 'cidr'
    ? require.peer.blocks.filter((b) => missing.includes(b.text))
    : undefined;
  return permissionForRequire(require, blocks, plan.view.id, plan.index);
}

/**
 * Authorizes every require left missing once `revoked` are gone, before
 * they go, so no revoke removes the last path a require describes. A
 * require that cannot be put back keeps the rules that carry it.
 */
function planRequires(
  plan: GroupPlan,
  revoked: Map<string, Rule>,
  missingFindings: Finding[],
): void {
  for (const require of plan.intent?.requires ?? []) {
    const finding = missingFindings.find((f) =>
      f.profile === require.profile && f.policyRule === require.id);
    let remaining = plan.rules.filter((r) => !revoked.has(r.ruleId ?? ''));
    let permission = restoring(plan, require, remaining);
    if (permission === undefined) {
      for (const [id, rule] of revoked) {
        if (missingParts(require, [rule], plan.ctx).length === 0) {
          revoked.delete(id);
        }
      }
      remaining = plan.rules.filter((r) => !revoked.has(r.ruleId ?? ''));
      permission = restoring(plan, require, remaining);
      if (finding) {
        alert(plan, finding, 'no group or list stands for the required ' +
          'peer here, so it cannot be authorized');
      }
    }
    if (!permission) continue;
    plan.actions.push({
      kind: 'authorize-rules', groupId: plan.view.id,
      direction: require.direction === 'egress' ? 'egress' : 'ingress',
      permissions: [permission], findings: finding ? [finding] : [],
      size: 1,
    });
  }
}

function planRollback(plan: GroupPlan, findings: Finding[]): void {
  const rollback = findings.filter((f) => f.action === 'rollback');
  const revoked = revocable(plan, rollback.filter((f) =>
    REVOCABLE.has(f.kind)));
  const missing = rollback.filter((f) => f.kind === 'missing-required-rule');
  planRequires(plan, revoked, missing);
  for (const f of rollback.filter((x) => REVOCABLE.has(x.kind))) {
    if (f.ruleId && !revoked.has(f.ruleId) &&
      !plan.alerts.some((a) => a.finding === f)) {
      alert(plan, f, 'revoking it would remove the last path a require ' +
        'describes');
    }
  }
  if (revoked.size > 0) {
    plan.actions.push({
      kind: 'revoke-rules', groupId: plan.view.id,
      ruleIds: [...revoked.keys()].sort(),
      findings: rollback.filter((f) => revoked.has(f.ruleId ?? '')),
      size: revoked.size,
    });
  }
}

function planInterfaces(plan: GroupPlan, findings: Finding[]): void {
  for (const f of findings.filter((x) =>
    x.kind === 'foreign-group-attached')) {
    const eni = f.networkInterfaceId ?? '';
    if (f.action === 'rollback') {
      plan.actions.push({ kind: 'detach-group', groupId: f.groupId,
        networkInterfaceId: eni, findings: [f], size: 1 });
    } else if (f.action === 'quarantine') {
      plan.actions.push({ kind: 'quarantine', groupId: f.groupId,
        vpcId: f.vpcId ?? '', networkInterfaceIds: [eni], findings: [f],
        size: 1 });
    }
  }
}

/** Plans the writes that converge one group, or alerts where it cannot. */
function planGroup(plan: GroupPlan, findings: Finding[]): void {
  const own = findings.filter((f) => f.kind !== 'foreign-group-attached');
  const isolate = own.filter((f) => f.action === 'quarantine');
  for (const f of own.filter((x) => x.action === 'alert')) {
    alert(plan, f, 'the mode of its profiles is alert');
  }
  if (isolate.length > 0) {
    plan.actions.push({ kind: 'quarantine', groupId: plan.view.id,
      vpcId: plan.view.group.VpcId ?? '', findings: isolate,
      size: Math.max(1, interfacesOf(plan).length) });
    for (const f of own.filter((x) => x.action === 'rollback')) {
      alert(plan, f, 'the group is quarantined; its rules are kept as ' +
        'they were for the investigation');
    }
  } else {
    planRollback(plan, own);
  }
  planInterfaces(plan, findings);
}

function interfacesOf(plan: GroupPlan): string[] {
  return (plan.index.snapshot.NetworkInterfaces ?? [])
    .filter((eni) => eni.Groups?.some((g) => g.GroupId === plan.view.id))
    .map((eni) => eni.NetworkInterfaceId ?? '');
}

const SEVERITY_ORDER = { critical: 0, high: 1, medium: 2, low: 3 };

function worst(action: PlannedAction): number {
  return Math.min(...action.findings.map((f) => SEVERITY_ORDER[f.severity]),
    3);
}

/**
 * Turns findings into writes: revoke what is unapproved or denied (never
 * a rule an allow covers, never the last path of a require: the require
 * is authorized first), authorize what is required, quarantine behind
 * violations, detach foreign groups. Per group authorizations come
 * before revokes; groups with the worst findings come first, so a budget
 * spends itself on what matters most.
 */
export function planRemediation(
  findings: readonly Finding[],
  index: SnapshotIndex,
  bundle: IntentBundle,
): Plan {
  const byGroup = new Map<string, Finding[]>();
  for (const f of findings) {
    byGroup.set(f.groupId, [...(byGroup.get(f.groupId) ?? []), f]);
  }
  const out: Plan = { actions: [], alerts: [] };
  const blocks: PlannedAction[][] = [];
  for (const [groupId, list] of byGroup) {
    const view = index.groups.get(groupId);
    if (!view) continue;
    const composed = composeIntent(bundle, view.binding);
    const plan: GroupPlan = {
      view, index, actions: [], alerts: out.alerts,
      intent: composed.ok ? composed.intent : undefined,
      rules: index.rulesOf(view),
      ctx: index.matchContext(groupId),
    };
    planGroup(plan, list);
    if (plan.actions.length) blocks.push(plan.actions);
  }
  const rank = (block: PlannedAction[]) => Math.min(...block.map(worst));
  blocks.sort((a, b) => rank(a) - rank(b));
  out.actions = blocks.flat();
  return out;
}
