import type {
  Intent,
  Mode,
  RuleRef,
  Severity,
} from '../profiles/types.ts';
import { ruleKey, type Direction, type Rule } from '../rules/index.ts';
import type { GroupView } from './context.ts';
import { ruleView } from './describe.ts';
import { actionFor } from './policy.ts';
import type {
  Action,
  Finding,
  FindingKind,
  RuleView,
} from './types.ts';

/** A finding before the group, account and action are filled in. */
export interface FindingDraft {
  kind: FindingKind;
  severity: Severity;
  message: string;
  rule?: Rule;
  /** A rule that is not there (a require), as findings show it. */
  view?: RuleView;
  decidedBy?: RuleRef;
  direction?: Direction;
  missing?: string[];
  networkInterfaceId?: string;
  exemption?: string;
  /** The profile concerned, where no profile rule decided. */
  profile?: string;
  /** Set when the action does not follow from the kind and intent. */
  action?: Action;
}

/** Where findings are collected, for one account-region. */
export interface Scope {
  readonly account: string;
  readonly region: string;
  readonly intentVersion: string;
  readonly cap: Mode;
}

/**
 * Turns drafts about one group into findings: names the group, account
 * and intent version, settles the action within the caps, and drops a
 * second finding for the same rule and reason.
 */
export class Judge {
  private readonly scope: Scope;
  private readonly view: GroupView;
  private readonly intent: Intent | undefined;
  private readonly cap: Mode;
  private readonly out: Finding[];
  private readonly seen: Set<string>;

  constructor(
    scope: Scope,
    view: GroupView,
    intent: Intent | undefined,
    out: Finding[],
    seen: Set<string>,
  ) {
    this.scope = scope;
    this.view = view;
    this.intent = intent;
    const conflicted = (intent?.conflicts.length ?? 0) > 0;
    this.cap = conflicted ? 'alert' : scope.cap;
    this.out = out;
    this.seen = seen;
  }

  /** The account of the group judged. */
  get account(): string {
    return this.scope.account;
  }

  /** Adds a finding about this judge's group, unless already there. */
  add(draft: FindingDraft): void {
    const finding = this.build(draft);
    const key = [
      finding.kind, finding.groupId, finding.networkInterfaceId ?? '',
      draft.rule?.ruleId ?? (draft.rule ? ruleKey(draft.rule) : ''),
      finding.profile ?? '', finding.policyRule ?? '',
      finding.exemption ?? '',
    ].join('|');
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.out.push(finding);
  }

  private build(draft: FindingDraft): Finding {
    const group = this.view.group;
    const finding: Finding = {
      kind: draft.kind,
      severity: draft.severity,
      account: this.scope.account,
      region: this.scope.region,
      groupId: this.view.id,
      intentVersion: this.scope.intentVersion,
      action: draft.action ?? actionFor(draft.kind, this.intent, this.cap),
      message: draft.message,
    };
    if (group.GroupName) finding.groupName = group.GroupName;
    if (group.VpcId) finding.vpcId = group.VpcId;
    if (draft.networkInterfaceId) {
      finding.networkInterfaceId = draft.networkInterfaceId;
    }
    const direction = draft.rule?.direction ?? draft.direction;
    if (direction) finding.direction = direction;
    if (draft.rule?.ruleId) finding.ruleId = draft.rule.ruleId;
    if (draft.rule) finding.rule = ruleView(draft.rule, this.scope.account);
    else if (draft.view) finding.rule = draft.view;
    if (draft.decidedBy) {
      finding.profile = draft.decidedBy.profile;
      finding.policyRule = draft.decidedBy.id;
      finding.policySource = draft.decidedBy.source;
    } else if (draft.profile) {
      finding.profile = draft.profile;
    }
    if (draft.missing) finding.missing = draft.missing;
    if (draft.exemption) finding.exemption = draft.exemption;
    return finding;
  }
}
