import { compareFindings, evaluate, SnapshotIndex } from '../engine/index.ts';
import type { Finding } from '../engine/types.ts';
import type { IntentBundle, Mode, Severity } from '../profiles/types.ts';
import { planRemediation } from '../remediation/plan.ts';
import type { Snapshot } from '../snapshot/types.ts';
import {
  actionItems,
  actionKey,
  explained,
  type PlannedItem,
} from './actions.ts';
import { causesOf, type Version } from './causes.ts';
import { groupKey } from './identity.ts';
import { matchBy, matchFindings } from './match.ts';
import { summarize } from './summary.ts';
import type {
  ActionItem,
  ChangePlan,
  DeltaFinding,
  GroupDelta,
  Side,
} from './types.ts';

/** What {@link planChange} compares. */
export interface PlanInput {
  base: IntentBundle;
  head: IntentBundle;
  /** Account-region snapshots, each judged under both versions. */
  snapshots: readonly Snapshot[];
  /** The moment exemptions are judged at; now by default. */
  now?: Date;
  failOn?: Severity;
  /** The deployment's cap: the strongest action it takes. */
  cap?: Mode;
  /** The deployment is in dry run: it makes no write at all. */
  dryRun?: boolean;
}

/** How the deployment enforces what a version finds. */
type Enforcement = Pick<PlanInput, 'cap' | 'dryRun'> & { now: Date };

/** One version's judgement of every snapshot. */
interface Judged extends Version {
  findings: Finding[];
  actions: PlannedItem[];
  groups: number;
}

/**
 * One version's findings and the writes the deployment would make for
 * them: none past its cap, and none at all in dry run.
 */
function judge(
  side: Side,
  bundle: IntentBundle,
  snapshots: readonly Snapshot[],
  how: Enforcement,
): Judged {
  const judged: Judged = { side, bundle, indexes: new Map(), findings: [],
    actions: [], groups: 0 };
  for (const snapshot of snapshots) {
    const index = new SnapshotIndex(snapshot, bundle);
    const { findings, stats } = evaluate(snapshot, bundle,
      { now: how.now, cap: how.cap });
    (judged.indexes as Map<string, SnapshotIndex>)
      .set(`${snapshot.Account}|${snapshot.Region}`, index);
    judged.findings.push(...findings);
    if (!how.dryRun) {
      const plan = planRemediation(findings, index, bundle);
      judged.actions.push(...actionItems(plan.actions, snapshot));
    }
    judged.groups += stats.groups;
  }
  return judged;
}

/**
 * What changing the profiles from `base` to `head` does to the same
 * account snapshots: findings that appear, go or are judged differently
 * (matched by identity, never by intent version, so a change that only
 * rewords or reorders plans nothing), the groups that start or stop
 * drifting, and the writes enforcement would add or drop. Pure.
 */
export function planChange(input: PlanInput): ChangePlan {
  const how: Enforcement = { now: input.now ?? new Date(), cap: input.cap,
    dryRun: input.dryRun };
  const base = judge('base', input.base, input.snapshots, how);
  const head = judge('head', input.head, input.snapshots, how);
  const findings = matchFindings(base.findings, head.findings);
  const actions = matchBy(base.actions, head.actions,
    (planned) => actionKey(planned.item));
  const explain = (own: Judged, other: Judged) => (f: Finding) =>
    ({ ...f, because: causesOf(f, own, other) }) as DeltaFinding;
  const writes = (list: PlannedItem[], own: Judged, other: Judged) =>
    list.map((planned) => explained(planned, (f) =>
      causesOf(f, own, other).map((c) => `${c.profile}/${c.rule}`)))
      .sort(compareActions);
  const plan = {
    added: findings.added.sort(compareFindings).map(explain(head, base)),
    removed: findings.removed.sort(compareFindings)
      .map(explain(base, head)),
    changed: findings.changed
      .sort((a, b) => compareFindings(a.head, b.head)),
    groups: groupDeltas(base.findings, head.findings),
    actions: {
      added: writes(actions.added, head, base),
      removed: writes(actions.removed, base, head),
    },
  };
  return { ...plan, summary: summarize(plan, {
    base: input.base.version, head: input.head.version,
    accountRegions: input.snapshots.length, groups: head.groups,
    failOn: input.failOn, cap: input.cap, dryRun: input.dryRun,
  }) };
}

function groupDeltas(
  base: readonly Finding[],
  head: readonly Finding[],
): ChangePlan['groups'] {
  const counts = new Map<string, GroupDelta>();
  const count = (f: Finding, side: Side) => {
    const key = groupKey(f);
    const delta = counts.get(key) ?? { account: f.account, region: f.region,
      groupId: f.groupId, base: 0, head: 0 };
    if (f.groupName) delta.groupName = f.groupName;
    delta[side] += 1;
    counts.set(key, delta);
  };
  base.forEach((f) => count(f, 'base'));
  head.forEach((f) => count(f, 'head'));
  const all = [...counts.values()].sort((a, b) =>
    compareText(groupKey(a), groupKey(b)));
  return {
    drifting: all.filter((g) => g.base === 0 && g.head > 0),
    clean: all.filter((g) => g.base > 0 && g.head === 0),
  };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareActions(a: ActionItem, b: ActionItem): number {
  return compareText(groupKey(a), groupKey(b)) ||
    compareText(a.text, b.text);
}
