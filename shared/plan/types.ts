import type { Finding } from '../engine/types.ts';
import type { Mode, Severity, Source } from '../profiles/types.ts';
import type { Direction } from '../rules/index.ts';

/** Which version of the profiles: before the change, or after it. */
export type Side = 'base' | 'head';

/**
 * A profile rule that explains a new or gone finding. `decides`: the
 * rule decided the finding on that side (a deny, a require, a conflict);
 * `approved`: an allow of the base that covered the rule and no longer
 * does; `approves`: an allow of the head that now covers it.
 */
export interface Cause {
  side: Side;
  how: 'decides' | 'approved' | 'approves';
  profile: string;
  rule: string;
  /** Where the rule is written, relative to that side's folder. */
  source: Source;
}

/** A finding that appears or goes, with the rules responsible. */
export interface DeltaFinding extends Finding {
  because: Cause[];
}

/** The same finding under both versions, judged differently. */
export interface ChangedFinding {
  base: Finding;
  head: Finding;
  /** What differs, in words: `severity medium → high`. */
  changes: string[];
}

/** A group whose drift starts or ends with the change. */
export interface GroupDelta {
  account: string;
  region: string;
  groupId: string;
  groupName?: string;
  /** How many findings the group has under each version. */
  base: number;
  head: number;
}

/** What an enforcement write does, one rule or interface at a time. */
export type ActionKind =
  | 'revoke' | 'authorize' | 'quarantine' | 'detach' | 'restore-tag';

/** One write enforcement would make, as a plan compares them. */
export interface ActionItem {
  kind: ActionKind;
  account: string;
  region: string;
  groupId: string;
  direction?: Direction;
  ruleId?: string;
  networkInterfaceId?: string;
  /** `revoke ingress tcp 22 from 0.0.0.0/0 (sgr-…) on sg-…`. */
  text: string;
  /** The profile rules (or finding kinds) behind the write. */
  because: string[];
}

/** Added and removed findings of one account, profile or kind. */
export interface Tally {
  added: number;
  removed: number;
}

/** The totals of a plan. */
export interface PlanSummary {
  base: string;
  head: string;
  accountRegions: number;
  groups: number;
  /** The deployment cap the writes were planned under, when given. */
  cap?: Mode;
  /** True when planned for a deployment in dry run: no writes. */
  dryRun?: boolean;
  added: number;
  removed: number;
  changed: number;
  startDrifting: number;
  becomeClean: number;
  actionsAdded: number;
  actionsRemoved: number;
  /** Added findings by severity. */
  addedBySeverity: Record<Severity, number>;
  byAccount: Record<string, Tally>;
  byProfile: Record<string, Tally>;
  byKind: Record<string, Tally>;
  failOn?: Severity;
  /** New findings at or above failOn, and findings newly raised to it. */
  failing?: number;
}

/** What a change of the profiles does to the findings and the writes. */
export interface ChangePlan {
  added: DeltaFinding[];
  removed: DeltaFinding[];
  changed: ChangedFinding[];
  groups: { drifting: GroupDelta[]; clean: GroupDelta[] };
  actions: { added: ActionItem[]; removed: ActionItem[] };
  summary: PlanSummary;
}
