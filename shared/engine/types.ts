import type { Mode, Severity, Source } from '../profiles/types.ts';
import type { Direction } from '../rules/index.ts';

/** Every kind of difference driftguard reports. */
export type FindingKind =
  | 'unapproved-rule'
  | 'denied-rule'
  | 'missing-required-rule'
  | 'unbound-group'
  | 'unknown-profile'
  | 'invalid-binding'
  | 'profile-conflict'
  | 'expired-exemption'
  | 'binding-tampered'
  | 'attachment-missing-profile'
  | 'foreign-group-attached'
  | 'vendor-created-group';

/** What was or would be done about a finding. */
export type Action = 'none' | 'alert' | 'rollback' | 'quarantine';

/** An actual rule as a finding shows it. */
export interface RuleView {
  protocol: string;
  ports: string;
  peer: string;
  description?: string;
}

/** One difference between a group's actual state and its intent. */
export interface Finding {
  kind: FindingKind;
  severity: Severity;
  account: string;
  region: string;
  groupId: string;
  groupName?: string;
  vpcId?: string;
  networkInterfaceId?: string;
  direction?: Direction;
  ruleId?: string;
  rule?: RuleView;
  /** The profile and profile rule that decided it, where one did. */
  profile?: string;
  policyRule?: string;
  policySource?: Source;
  /** The version of the intent bundle that judged it. */
  intentVersion: string;
  action: Action;
  message: string;
  /** missing-required-rule: the peers no rule covers. */
  missing?: string[];
  /** The exemption a finding names (expired-exemption). */
  exemption?: string;
  /**
   * A finding of a new intent version that a rollout has not brought to
   * this account yet: reported, never acted on.
   */
  pending?: boolean;
}

/** How a deployment caps the actions profiles ask for. */
export interface EvaluateOptions {
  /** The moment exemptions are judged at; defaults to now. */
  now?: Date;
  /** The strongest action allowed; profiles cannot ask for more. */
  cap?: Mode;
  /** Judge only these groups (and interfaces carrying them). */
  groupIds?: ReadonlySet<string>;
}

export interface Evaluation {
  findings: Finding[];
  /** Findings an exemption in force suppressed. */
  suppressed: Finding[];
  stats: { groups: number; rules: number; interfaces: number };
}
